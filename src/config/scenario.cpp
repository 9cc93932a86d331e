#include "config/scenario.hpp"

#include <fstream>
#include <sstream>

#include "config/loader_detail.hpp"
#include "util/hash.hpp"

namespace aca::config {

namespace {

std::string join(const std::string& a, const std::string& b) { return a.empty() ? b : a + "." + b; }

[[noreturn]] void programming_error(const std::string& msg) { throw std::logic_error("acasim: " + msg); }

}  // namespace

View::View(const toml::table* table, std::string path, std::string normalized, const Schema* schema,
           std::string file)
    : table_(table), path_(std::move(path)), normalized_(std::move(normalized)), schema_(schema),
      file_(std::move(file)) {}

std::string View::full(const std::string& key) const { return join(path_, key); }
std::string View::normalized(const std::string& key) const { return join(normalized_, key); }

const toml::node* View::find(const std::string& key) const {
  if (!table_) return nullptr;
  const toml::table* t = table_;
  std::size_t start = 0;
  for (;;) {
    const auto dot = key.find('.', start);
    const toml::node* n = t->get(key.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
    if (!n || dot == std::string::npos) return n;
    t = n->as_table();
    if (!t) return nullptr;
    start = dot + 1;
  }
}

const toml::node& View::need(const std::string& key) const {
  if (!schema_->find_key(normalized(key))) programming_error("read of undeclared scenario key " + normalized(key));
  const toml::node* n = find(key);
  if (!n) programming_error("scenario key " + full(key) + " is absent; check has() first");
  return *n;
}

bool View::has(const std::string& key) const { return find(key) != nullptr; }

bool View::boolean(const std::string& key) const { return *need(key).value<bool>(); }
std::int64_t View::integer(const std::string& key) const { return *need(key).value<std::int64_t>(); }
double View::real(const std::string& key) const { return *need(key).value<double>(); }
std::string View::string(const std::string& key) const { return std::string(*need(key).value<std::string_view>()); }

std::vector<std::int64_t> View::integers(const std::string& key) const {
  std::vector<std::int64_t> out;
  for (const auto& e : *need(key).as_array()) out.push_back(*e.value<std::int64_t>());
  return out;
}
std::vector<double> View::reals(const std::string& key) const {
  std::vector<double> out;
  for (const auto& e : *need(key).as_array()) out.push_back(*e.value<double>());
  return out;
}
std::vector<std::string> View::strings(const std::string& key) const {
  std::vector<std::string> out;
  for (const auto& e : *need(key).as_array()) out.emplace_back(*e.value<std::string_view>());
  return out;
}
std::vector<std::vector<double>> View::matrix(const std::string& key) const {
  std::vector<std::vector<double>> out;
  for (const auto& row : *need(key).as_array()) {
    out.emplace_back();
    for (const auto& e : *row.as_array()) out.back().push_back(*e.value<double>());
  }
  return out;
}

std::vector<std::string> View::value_texts(const std::string& key) const {
  std::vector<std::string> out;
  for (const auto& e : *need(key).as_array()) {
    std::ostringstream os;
    e.visit([&](const auto& v) { os << v; });
    out.push_back(os.str());
  }
  return out;
}

Distribution View::distribution(const std::string& key) const {
  const toml::node& n = need(key);
  Distribution d;
  if (n.is_number()) {
    d.dist = "constant";
    d.params["value"] = *n.value<double>();
    return d;
  }
  for (auto&& [k, v] : *n.as_table()) {
    const std::string name(k.str());
    if (name == "dist") d.dist = *v.value<std::string>();
    else if (name == "file") d.file = *v.value<std::string>();
    else if (name == "column") d.column = *v.value<std::string>();
    else d.params[name] = *v.value<double>();
  }
  return d;
}

View View::sub(const std::string& key) const {
  const toml::node* n = find(key);
  return View(n ? n->as_table() : nullptr, full(key), normalized(key), schema_, file_);
}

std::vector<View> View::elements(const std::string& key) const {
  const std::string norm = normalized(key);
  const TableDecl* td = schema_->find_table(norm);
  if (!td || !td->array) programming_error("not a declared array of tables: " + norm);
  std::vector<View> out;
  const toml::node* n = find(key);
  if (!n) return out;
  const auto* arr = n->as_array();
  for (std::size_t i = 0; i < arr->size(); ++i)
    out.emplace_back(arr->get(i)->as_table(), full(key) + "[" + std::to_string(i) + "]", norm + "[]", schema_,
                     file_);
  return out;
}

Diagnostic View::diag(const std::string& key, std::string message) const {
  const toml::node* n = find(key);
  toml::source_region src;
  if (n) src = n->source();
  else if (table_) src = table_->source();
  return detail::locate(src, file_, full(key), std::move(message));
}

Scenario::Scenario(std::shared_ptr<toml::table> table, std::string file)
    : table_(std::move(table)), file_(std::move(file)) {}

View Scenario::root() const { return View(table_.get(), "", "", &scenario_schema(), file_); }

std::string Scenario::resolved_toml() const {
  std::ostringstream os;
  os << "# Resolved scenario: the input after --set overrides and defaults (generated by acasim).\n";
  os << toml::toml_formatter(*table_, toml::toml_formatter::default_flags & ~toml::format_flags::allow_literal_strings)
     << "\n";
  return os.str();
}

std::string Scenario::section_text(const std::vector<std::string>& paths) const {
  std::ostringstream os;
  for (const auto& p : paths) {
    const toml::node* n = table_->at_path(p).node();
    os << "## " << p << "\n";
    if (!n) os << p << " = <absent>\n";
    else if (const auto* t = n->as_table()) os << toml::toml_formatter(*t) << "\n";
    else n->visit([&](const auto& v) { os << p << " = " << v << "\n"; });
  }
  return os.str();
}

std::string Scenario::hash() const { return util::hex64(util::fnv1a64(resolved_toml())); }

std::filesystem::path Scenario::base_dir() const {
  const std::filesystem::path p(file_);
  return p.has_parent_path() ? p.parent_path() : std::filesystem::path(".");
}

Scenario parse_scenario(const std::string& text, const std::string& file, const std::vector<Override>& overrides) {
  Diagnostics diags;
  auto table = std::make_shared<toml::table>();
  try {
    *table = toml::parse(text, std::string_view(file));
  } catch (const toml::parse_error& e) {
    diags.add(detail::locate(e.source(), file, "", "TOML syntax: " + std::string(e.description())));
    throw ScenarioError(std::move(diags));
  }
  const detail::Origins origins = detail::apply_overrides(*table, overrides, diags);
  const Schema& schema = scenario_schema();
  detail::validate(*table, schema, file, origins, diags);
  if (!diags.empty()) throw ScenarioError(std::move(diags));
  detail::fill_defaults(*table, schema);
  Scenario scenario(table, file);
  for (const auto& check : schema.checks()) check(scenario.root(), diags);
  if (!diags.empty()) throw ScenarioError(std::move(diags));
  return scenario;
}

namespace {

[[noreturn]] void file_error(const std::filesystem::path& file, const std::string& message) {
  Diagnostics d;
  d.add({file.string(), 0, 0, "", message});
  throw ScenarioError(std::move(d));
}

// Checks what the path is before opening it: a FIFO would block the open, and a device (/dev/zero) never ends.
void check_scenario_path(const std::filesystem::path& file) {
  std::error_code ec;
  const auto st = std::filesystem::status(file, ec);
  if (ec || !std::filesystem::exists(st)) file_error(file, "cannot read scenario file (does it exist?)");
  if (std::filesystem::is_directory(st))
    file_error(file, "is a folder, not a scenario file: give the path of a .toml file");
  if (!std::filesystem::is_regular_file(st))
    file_error(file, "is not a regular file (a device, pipe or socket): give the path of a .toml file");
}

std::string too_large() {
  return "the scenario file is larger than " + std::to_string(max_scenario_bytes >> 20) +
         " MiB, the most acasim reads (a limit that cannot be raised): a scenario holds settings; put data in the "
         "files it names (data.csv.file, population.network.file, a distribution's file)";
}

// Reads in chunks up to the limit and one byte past it, so a file that grows while read (or whose size stat does
// not know) is refused without holding more than the limit in memory.
std::string read_scenario_file(const std::filesystem::path& file) {
  check_scenario_path(file);
  std::error_code ec;
  const auto size = std::filesystem::file_size(file, ec);
  if (!ec && size > max_scenario_bytes) file_error(file, too_large());
  std::ifstream in(file, std::ios::binary);
  if (!in) file_error(file, "cannot read scenario file (no permission to read it?)");
  std::string text;
  char chunk[1 << 16];
  while (text.size() <= max_scenario_bytes && in.read(chunk, sizeof chunk).gcount() > 0)
    text.append(chunk, static_cast<std::size_t>(in.gcount()));
  if (in.bad()) file_error(file, "cannot read scenario file (read error)");
  if (text.size() > max_scenario_bytes) file_error(file, too_large());
  if (text.find_first_not_of(" \t\r\n") == std::string::npos)
    file_error(file, "the scenario file is empty (a scenario needs at least one [[collective]])");
  return text;
}

}  // namespace

Scenario load_scenario(const std::filesystem::path& file, const std::vector<Override>& overrides) {
  return parse_scenario(read_scenario_file(file), file.string(), overrides);
}

}  // namespace aca::config

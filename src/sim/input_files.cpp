#include "sim/input_files.hpp"

#include <cstdint>
#include <fstream>
#include <map>
#include <sstream>
#include <tuple>

#include <toml++/toml.h>

#include "util/hash.hpp"

namespace aca::sim {

namespace {

// FNV-1a 64 over the file in chunks (the same function as util::fnv1a64 on the whole content).
std::string content_hash(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return "absent";
  std::uint64_t h = 1469598103934665603ULL;
  std::vector<char> buf(1 << 16);
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    for (std::streamsize i = 0; i < in.gcount(); ++i) {
      h ^= static_cast<unsigned char>(buf[static_cast<std::size_t>(i)]);
      h *= 1099511628211ULL;
    }
  }
  return util::hex64(h);
}

std::string text_at(const toml::table& t, std::string_view path) {
  const auto v = t.at_path(path).value<std::string>();
  return v ? *v : std::string();
}

// Every table with dist = "empirical" (type distributions anywhere in the scenario) names a file.
void empirical_files(const toml::node& n, const std::string& path, std::vector<std::pair<std::string, std::string>>& out) {
  if (const auto* t = n.as_table()) {
    if (t->get("dist") && t->get("dist")->value<std::string>() == std::string("empirical") && t->get("file"))
      out.emplace_back(path + ".file", t->get("file")->value<std::string>().value_or(""));
    for (auto&& [k, v] : *t) empirical_files(v, path.empty() ? std::string(k.str()) : path + "." + std::string(k.str()), out);
  } else if (const auto* a = n.as_array()) {
    for (std::size_t i = 0; i < a->size(); ++i) empirical_files(*a->get(i), path + "[" + std::to_string(i) + "]", out);
  }
}

}  // namespace

std::string FileHashes::of(const std::filesystem::path& file) {
  // Keyed by what a rewrite changes (size, modification time), so the memo only ever returns the hash of the file's
  // current content.
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) return "absent";
  const auto size = std::filesystem::file_size(file, ec);
  const auto mtime = std::filesystem::last_write_time(file, ec).time_since_epoch().count();
  if (ec) return content_hash(file);
  const auto key = std::make_tuple(std::filesystem::absolute(file, ec).lexically_normal().string(), size,
                                   static_cast<long long>(mtime));
  if (const auto it = memo_.find(key); it != memo_.end()) return it->second;
  return memo_.emplace(key, content_hash(file)).first->second;
}

std::vector<InputFile> input_files(const config::Scenario& scenario) {
  FileHashes hashes;
  return input_files(scenario, hashes);
}

std::vector<InputFile> input_files(const config::Scenario& scenario, FileHashes& hashes) {
  // Read back from the resolved text: the scenario's tables are not exposed, and this sees defaults and overrides.
  return input_files(toml::parse(scenario.resolved_toml()), scenario.base_dir(), hashes);
}

std::vector<InputFile> input_files(const toml::table& t, const std::filesystem::path& base_dir, FileHashes& hashes) {
  std::vector<std::pair<std::string, std::string>> named;  // key, path as written
  const std::string source = text_at(t, "data.source");
  if (source == "csv") named.emplace_back("data.csv.file", text_at(t, "data.csv.file"));
  if (source == "fashion_mnist" || (source == "spurious_groups" && text_at(t, "data.spurious_groups.base") == "fashion_mnist")) {
    const std::string folder = text_at(t, "data.fashion_mnist.path");
    for (const char* f : {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
                          "t10k-labels-idx1-ubyte.gz"})
      named.emplace_back("data.fashion_mnist.path", (std::filesystem::path(folder) / f).string());
  }
  if (text_at(t, "population.network.kind") == "edgelist")
    named.emplace_back("population.network.file", text_at(t, "population.network.file"));
  empirical_files(t, "", named);

  std::vector<InputFile> out;
  for (const auto& [key, written] : named) {
    const std::filesystem::path p(written);
    const std::filesystem::path path = p.is_relative() ? base_dir / p : p;
    out.push_back({key, path, hashes.of(path)});
  }
  return out;
}

std::string input_files_identity(const config::Scenario& scenario) { return input_files_identity(input_files(scenario)); }

std::string input_files_identity(const std::vector<InputFile>& files) {
  std::string text;
  for (const auto& f : files) text += f.key + " " + f.path.filename().string() + " " + f.hash + "\n";
  return text;
}

}  // namespace aca::sim

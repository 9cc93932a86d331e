#include "analysis/run_reader.hpp"

#include <algorithm>
#include <cerrno>
#include <limits>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "util/csv_writer.hpp"

namespace aca::analysis {

RunReadError::RunReadError(const std::string& file, long line, long column, const std::string& message)
    : std::runtime_error(file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + message),
      line_(line),
      column_(column) {}

const Series* RunMetrics::find(const std::string& collective, const std::string& metric) const {
  for (const auto& s : series)
    if (s.collective == collective && s.metric == metric) return &s;
  return nullptr;
}

const Series& RunMetrics::at(const std::string& collective, const std::string& metric) const {
  if (const Series* s = find(collective, metric)) return *s;
  throw std::out_of_range("no series for collective '" + collective + "', metric '" + metric + "'");
}

std::vector<std::string> RunMetrics::collectives() const {
  std::vector<std::string> out;
  for (const auto& s : series) {
    bool seen = false;
    for (const auto& c : out) seen = seen || c == s.collective;
    if (!seen) out.push_back(s.collective);
  }
  return out;
}

namespace {

struct Record {
  long line = 0;  // line where the record starts
  std::vector<std::string> fields;
};

// RFC 4180 records: quoted fields may hold commas, doubled quotes and newlines (util::csv_escape's output).
std::vector<Record> split_csv(const std::string& text, const std::string& name) {
  std::vector<Record> out;
  long line = 1;
  std::size_t i = 0;
  const std::size_t n = text.size();
  while (i < n) {
    Record r;
    r.line = line;
    std::string field;
    bool end_of_record = false;
    while (!end_of_record) {
      field.clear();
      if (i < n && text[i] == '"') {
        const long open_line = line;
        ++i;
        bool closed = false;
        while (i < n) {
          if (text[i] == '"') {
            if (i + 1 < n && text[i + 1] == '"') {
              field += '"';
              i += 2;
            } else {
              ++i;
              closed = true;
              break;
            }
          } else {
            if (text[i] == '\n') ++line;
            field += text[i++];
          }
        }
        if (!closed)
          throw RunReadError(name, open_line, static_cast<long>(r.fields.size() + 1), "unterminated quoted field");
        if (i < n && text[i] != ',' && text[i] != '\n' && text[i] != '\r')
          throw RunReadError(name, line, static_cast<long>(r.fields.size() + 1),
                             "text after the closing quote of a field");
      } else {
        while (i < n && text[i] != ',' && text[i] != '\n' && text[i] != '\r') field += text[i++];
      }
      r.fields.push_back(field);
      if (i < n && text[i] == ',') {
        ++i;
      } else {
        if (i < n && text[i] == '\r') ++i;
        if (i < n && text[i] == '\n') ++i;
        ++line;
        end_of_record = true;
      }
    }
    if (!(r.fields.size() == 1 && r.fields[0].empty())) out.push_back(std::move(r));  // blank lines
  }
  return out;
}

}  // namespace

RunMetrics parse_metrics_csv(std::istream& in, const std::string& name) {
  std::stringstream buf;
  buf << in.rdbuf();
  const auto records = split_csv(buf.str(), name);
  if (records.empty()) throw RunReadError(name, 0, 0, "empty file (no header row)");

  const auto& header = records.front().fields;
  const char* wanted[] = {"round", "collective", "metric", "value", "source"};
  std::size_t col[5];
  for (int k = 0; k < 5; ++k) {
    std::size_t found = header.size();
    for (std::size_t c = 0; c < header.size(); ++c)
      if (header[c] == wanted[k]) {
        if (found != header.size())
          throw RunReadError(name, 1, static_cast<long>(c + 1), std::string("duplicate column '") + wanted[k] + "'");
        found = c;
      }
    if (found == header.size())
      throw RunReadError(name, 1, 0, std::string("missing column '") + wanted[k] + "' in the header");
    col[k] = found;
  }

  RunMetrics m;
  std::map<std::pair<std::string, std::string>, std::size_t> index;
  for (std::size_t r = 1; r < records.size(); ++r) {
    const auto& rec = records[r];
    if (rec.fields.size() != header.size())
      throw RunReadError(name, rec.line, 0,
                         "row has " + std::to_string(rec.fields.size()) + " fields, header has " +
                             std::to_string(header.size()));
    const std::string& round_text = rec.fields[col[0]];
    errno = 0;
    char* end = nullptr;
    const long round = std::strtol(round_text.c_str(), &end, 10);
    if (round_text.empty() || *end != '\0' || errno == ERANGE)
      throw RunReadError(name, rec.line, static_cast<long>(col[0] + 1),
                         "round '" + round_text + "' is not an integer");
    const std::string& value_text = rec.fields[col[3]];
    double value = 0.0;
    if (!util::read_double(value_text, value))
      throw RunReadError(name, rec.line, static_cast<long>(col[3] + 1),
                         "value '" + value_text + "' is not a number");
    const std::string& metric = rec.fields[col[2]];
    if (metric.empty()) throw RunReadError(name, rec.line, static_cast<long>(col[2] + 1), "empty metric name");
    const auto key = std::make_pair(rec.fields[col[1]], metric);
    auto it = index.find(key);
    if (it == index.end()) {
      it = index.emplace(key, m.series.size()).first;
      Series s;
      s.collective = key.first;
      s.metric = key.second;
      m.series.push_back(std::move(s));
    }
    Series& s = m.series[it->second];
    s.rounds.push_back(round);
    s.values.push_back(value);
    const std::string& source = rec.fields[col[4]];
    bool seen = false;
    for (const auto& x : s.sources) seen = seen || x == source;
    if (!seen) s.sources.push_back(source);
  }
  return m;
}

MetricTable align_metric(const RunMetrics& metrics, const std::string& metric) {
  MetricTable t;
  t.metric = metric;
  std::vector<const Series*> chosen;
  for (const auto& s : metrics.series)
    if (s.metric == metric) {
      chosen.push_back(&s);
      t.collectives.push_back(s.collective);
      t.rounds.insert(t.rounds.end(), s.rounds.begin(), s.rounds.end());
    }
  std::sort(t.rounds.begin(), t.rounds.end());
  t.rounds.erase(std::unique(t.rounds.begin(), t.rounds.end()), t.rounds.end());
  for (const Series* s : chosen) {
    std::vector<double> v(t.rounds.size(), std::numeric_limits<double>::quiet_NaN());
    std::vector<bool> seen(t.rounds.size(), false);
    for (std::size_t i = 0; i < s->rounds.size(); ++i) {
      const auto pos = static_cast<std::size_t>(std::lower_bound(t.rounds.begin(), t.rounds.end(), s->rounds[i]) -
                                                t.rounds.begin());
      if (seen[pos])
        throw std::invalid_argument("collective '" + s->collective + "' reports metric '" + metric + "' twice for round " +
                                    std::to_string(s->rounds[i]));
      seen[pos] = true;
      v[pos] = s->values[i];
    }
    t.values.push_back(std::move(v));
  }
  return t;
}

RunMetrics read_metrics_csv(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw RunReadError(file.string(), 0, 0, "cannot open file");
  return parse_metrics_csv(in, file.string());
}

namespace {

class JsonParser {
 public:
  JsonParser(const std::string& text, const std::string& name) : t_(text), name_(name) {}

  std::map<std::string, JsonField> object() {
    skip_ws();
    expect('{');
    std::map<std::string, JsonField> out;
    skip_ws();
    if (peek() == '}') {
      ++i_;
    } else {
      for (;;) {
        skip_ws();
        if (peek() != '"') fail("expected a member name");
        std::string key = string_literal();
        skip_ws();
        expect(':');
        skip_ws();
        if (out.count(key)) fail("duplicate member '" + key + "'");
        out[key] = value();
        skip_ws();
        if (peek() == ',') {
          ++i_;
          continue;
        }
        expect('}');
        break;
      }
    }
    skip_ws();
    if (i_ != t_.size()) fail("trailing text after the object");
    return out;
  }

 private:
  char peek() const { return i_ < t_.size() ? t_[i_] : '\0'; }

  [[noreturn]] void fail(const std::string& msg) const {
    long line = 1, column = 1;
    for (std::size_t k = 0; k < i_ && k < t_.size(); ++k) {
      if (t_[k] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    throw RunReadError(name_, line, column, msg);
  }

  void expect(char c) {
    if (peek() != c) fail(std::string("expected '") + c + "'");
    ++i_;
  }

  void skip_ws() {
    while (i_ < t_.size() && (t_[i_] == ' ' || t_[i_] == '\n' || t_[i_] == '\r' || t_[i_] == '\t')) ++i_;
  }

  static void put_utf8(std::string& out, unsigned long cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  unsigned long hex4() {
    if (i_ + 4 > t_.size()) fail("truncated \\u escape");
    unsigned long v = 0;
    for (int k = 0; k < 4; ++k) {
      const char c = t_[i_++];
      v <<= 4;
      if (c >= '0' && c <= '9') v |= static_cast<unsigned long>(c - '0');
      else if (c >= 'a' && c <= 'f') v |= static_cast<unsigned long>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') v |= static_cast<unsigned long>(c - 'A' + 10);
      else fail("bad hex digit in \\u escape");
    }
    return v;
  }

  std::string string_literal() {
    expect('"');
    std::string out;
    for (;;) {
      if (i_ >= t_.size()) fail("unterminated string");
      const char c = t_[i_++];
      if (c == '"') return out;
      if (static_cast<unsigned char>(c) < 0x20) fail("control character in a string");
      if (c != '\\') {
        out += c;
        continue;
      }
      if (i_ >= t_.size()) fail("unterminated escape");
      const char e = t_[i_++];
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          unsigned long cp = hex4();
          if (cp >= 0xD800 && cp < 0xDC00) {
            if (t_.compare(i_, 2, "\\u") != 0) fail("unpaired surrogate in \\u escape");
            i_ += 2;
            const unsigned long lo = hex4();
            if (lo < 0xDC00 || lo >= 0xE000) fail("bad low surrogate in \\u escape");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          }
          put_utf8(out, cp);
          break;
        }
        default: fail(std::string("unknown escape \\") + e);
      }
    }
  }

  // Nested objects and arrays are kept as raw text; only their bracket structure and strings are checked.
  std::string raw_container() {
    const std::size_t start = i_;
    std::vector<char> stack;
    do {
      const char c = peek();
      if (c == '\0') fail("unterminated object or array");
      if (c == '"') {
        string_literal();
        continue;
      }
      if (c == '{' || c == '[') stack.push_back(c == '{' ? '}' : ']');
      if (c == '}' || c == ']') {
        if (stack.empty() || stack.back() != c) fail(std::string("unexpected '") + c + "'");
        stack.pop_back();
      }
      ++i_;
    } while (!stack.empty());
    return t_.substr(start, i_ - start);
  }

  JsonField value() {
    JsonField f;
    const char c = peek();
    if (c == '"') {
      f.kind = JsonField::Kind::string;
      f.text = string_literal();
    } else if (c == '{' || c == '[') {
      f.kind = c == '{' ? JsonField::Kind::object : JsonField::Kind::array;
      f.text = raw_container();
    } else if (t_.compare(i_, 4, "true") == 0 || t_.compare(i_, 5, "false") == 0) {
      f.kind = JsonField::Kind::boolean;
      f.text = c == 't' ? "true" : "false";
      i_ += f.text.size();
    } else if (t_.compare(i_, 4, "null") == 0) {
      f.kind = JsonField::Kind::null;
      f.text = "null";
      i_ += 4;
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      const std::size_t start = i_;
      while (i_ < t_.size() && std::string("+-0123456789.eE").find(t_[i_]) != std::string::npos) ++i_;
      f.kind = JsonField::Kind::number;
      f.text = t_.substr(start, i_ - start);
      double number = 0.0;
      if (!util::read_double(f.text, number)) {
        i_ = start;
        fail("malformed number '" + f.text + "'");
      }
    } else {
      fail("expected a JSON value");
    }
    return f;
  }

  const std::string& t_;
  const std::string& name_;
  std::size_t i_ = 0;
};

}  // namespace

std::map<std::string, JsonField> parse_json_object(const std::string& text, const std::string& name) {
  return JsonParser(text, name).object();
}

std::string Manifest::string_or(const std::string& key, const std::string& fallback) const {
  const auto it = fields.find(key);
  return it != fields.end() && it->second.kind == JsonField::Kind::string ? it->second.text : fallback;
}

std::optional<double> Manifest::number(const std::string& key) const {
  const auto it = fields.find(key);
  if (it == fields.end() || it->second.kind != JsonField::Kind::number) return std::nullopt;
  return std::strtod(it->second.text.c_str(), nullptr);
}

std::optional<std::int64_t> Manifest::integer(const std::string& key) const {
  const auto it = fields.find(key);
  if (it == fields.end() || it->second.kind != JsonField::Kind::number) return std::nullopt;
  errno = 0;
  char* end = nullptr;
  const long long v = std::strtoll(it->second.text.c_str(), &end, 10);
  if (*end != '\0' || errno == ERANGE) return std::nullopt;
  return static_cast<std::int64_t>(v);
}

Manifest read_manifest(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw RunReadError(path.string(), 0, 0, "cannot open file");
  std::stringstream buf;
  buf << in.rdbuf();
  return Manifest{parse_json_object(buf.str(), path.string())};
}

RunOutputs read_run(const std::filesystem::path& dir) {
  RunOutputs out;
  out.dir = dir;
  out.metrics = read_metrics_csv(dir / "metrics.csv");
  if (std::filesystem::exists(dir / "manifest.json")) out.manifest = read_manifest(dir / "manifest.json");
  return out;
}

}  // namespace aca::analysis

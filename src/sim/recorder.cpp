#include "sim/recorder.hpp"

#include <fstream>
#include <stdexcept>

#include "util/csv_writer.hpp"

namespace aca::sim {

const std::vector<std::string>& Recorder::columns() {
  static const std::vector<std::string> c = {"round", "collective", "metric", "value", "source"};
  return c;
}

Recorder::Recorder(const std::filesystem::path& dir, const std::string& prefix, bool keep_text)
    : out_(dir / "metrics.csv"), keep_(keep_text) {
  if (!prefix.empty()) {
    write(prefix);
    return;
  }
  std::string header;
  for (const auto& c : columns()) header += (header.empty() ? "" : ",") + util::csv_escape(c);
  write(header + "\n");
}

void Recorder::write(const std::string& s) {
  out_.stream() << s;
  if (keep_) text_ += s;
}

void Recorder::record(long round, const std::string& collective, const std::string& metric, double value,
                      const std::string& source) {
  write(std::to_string(round) + ',' + util::csv_escape(collective) + ',' + util::csv_escape(metric) + ',' +
        util::format_number(value) + ',' + util::csv_escape(source) + '\n');
}

void Recorder::commit() { out_.commit(); }

namespace {

// One CSV line split into fields, quotes as csv_escape writes them.
std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted && c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
      out.back() += '"';
      ++i;
    } else if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      out.emplace_back();
    } else {
      out.back() += c;
    }
  }
  return out;
}

}  // namespace

MetricsStart read_metrics_start(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  MetricsStart start;
  std::string line;
  std::getline(in, line);  // header: Recorder::columns()
  for (long n = 2; std::getline(in, line); ++n) {
    const std::vector<std::string> f = split_csv_line(line);
    double value = 0.0;
    if (f.size() != Recorder::columns().size() || !util::read_double(f[3], value))
      throw std::runtime_error(path.string() + ":" + std::to_string(n) + ": not a metrics row");
    start.emplace(std::make_pair(f[1], f[2]), value);  // emplace keeps the first value
  }
  return start;
}

}  // namespace aca::sim

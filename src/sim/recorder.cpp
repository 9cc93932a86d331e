#include "sim/recorder.hpp"

#include <cmath>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "run_folder/metrics_names.hpp"
#include "util/csv_reader.hpp"
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
  // Platform-wide rows name the platform: an empty field is what a pivot on the collective silently drops.
  const std::string who = collective.empty() ? std::string(run_folder::platform_collective) : collective;
  write(std::to_string(round) + ',' + util::csv_escape(who) + ',' + util::csv_escape(metric) + ',' +
        util::format_number(value) + ',' + util::csv_escape(source) + '\n');
}

void Recorder::commit() { out_.commit(); }

MetricsStart read_metrics_start(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::stringstream text;
  text << in.rdbuf();
  std::vector<util::CsvRecord> records;
  try {
    records = util::split_csv_records(text.str());
  } catch (const util::CsvSyntaxError& e) {
    throw std::runtime_error(path.string() + ":" + std::to_string(e.line) + ": " + e.what());
  }
  MetricsStart start;
  for (std::size_t i = 1; i < records.size(); ++i) {  // records[0] is the header: Recorder::columns()
    const auto& f = records[i].fields;
    double value = 0.0;
    if (f.size() != Recorder::columns().size() || !util::read_double(f[3], value))
      throw std::runtime_error(path.string() + ":" + std::to_string(records[i].line) + ": not a metrics row");
    start.emplace(std::make_pair(f[1], f[2]), value);  // emplace keeps the first value
  }
  return start;
}

void check_metrics_rows(const std::string& text, const std::filesystem::path& path, long last_round) {
  std::vector<util::CsvRecord> records;
  try {
    records = util::split_csv_records(text);
  } catch (const util::CsvSyntaxError& e) {
    throw std::runtime_error(path.string() + ":" + std::to_string(e.line) + ": " + e.what());
  }
  if (records.empty() || records[0].fields != Recorder::columns())
    throw std::runtime_error(path.string() + ":1: not the header of an acasim metrics file");
  long previous = 0;
  for (std::size_t i = 1; i < records.size(); ++i) {
    const auto& f = records[i].fields;
    double value = 0.0, round = -1.0;
    const bool ok = f.size() == Recorder::columns().size() && util::read_double(f[0], round) &&
                    round == std::floor(round) && round >= static_cast<double>(previous) &&
                    round <= static_cast<double>(last_round) && util::read_double(f[3], value);
    if (!ok)
      throw std::runtime_error(path.string() + ":" + std::to_string(records[i].line) +
                               ": not a metrics row of rounds 0.." + std::to_string(last_round));
    previous = static_cast<long>(round);
  }
  if (records.size() > 1 && previous != last_round)
    throw std::runtime_error(path.string() + ":" + std::to_string(records.back().line) + ": the rows end at round " +
                             std::to_string(previous) + ", not at round " + std::to_string(last_round));
}

}  // namespace aca::sim

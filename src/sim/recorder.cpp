#include "sim/recorder.hpp"

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

}  // namespace aca::sim

#include "sim/recorder.hpp"

namespace aca::sim {

const std::vector<std::string>& Recorder::columns() {
  static const std::vector<std::string> c = {"round", "collective", "metric", "value", "source"};
  return c;
}

Recorder::Recorder(const std::filesystem::path& dir) : csv_(dir / "metrics.csv", columns()) {}

void Recorder::record(long round, const std::string& collective, const std::string& metric, double value,
                      const std::string& source) {
  csv_.row({std::to_string(round), collective, metric, util::format_number(value), source});
}

void Recorder::commit() { csv_.commit(); }

}  // namespace aca::sim

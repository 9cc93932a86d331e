#include "config/diagnostics.hpp"

namespace aca::config {

std::string Diagnostic::format() const {
  std::string where = file.empty() ? "<scenario>" : file;
  if (line > 0) where += ":" + std::to_string(line) + ":" + std::to_string(column);
  return where + ": error: " + message;
}

std::string Diagnostics::format() const {
  std::string out;
  for (const auto& d : items_) out += d.format() + "\n";
  return out;
}

namespace {
std::string summary(const Diagnostics& d) {
  if (d.empty()) return "invalid scenario";
  return d.items().front().format() + (d.size() > 1 ? " (and " + std::to_string(d.size() - 1) + " more)" : "");
}
}  // namespace

ScenarioError::ScenarioError(Diagnostics d) : std::runtime_error(summary(d)), diags_(std::move(d)) {}

}  // namespace aca::config

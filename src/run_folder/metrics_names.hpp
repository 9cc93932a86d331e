#pragma once
// Names metrics.csv shares between its writer (sim::Recorder) and its readers (analysis, user scripts).
namespace aca::run_folder {

/// The `collective` field of metrics.csv's platform-wide rows (clean_accuracy, epsilon, …): a name, not an
/// empty field, so a pivot on the collective keeps them. Readers map it back to "" (and still read older files
/// whose platform rows have an empty field).
inline constexpr const char* platform_collective = "platform";

}  // namespace aca::run_folder

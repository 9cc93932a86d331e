#pragma once
// Whether one path lies in a folder, links and `..` resolved as far as the paths exist.
#include <filesystem>

namespace aca::util {

/// Whether `path` is `dir` or lies below it (symbolic links and `..` resolved as far as the paths exist); false when
/// either cannot be resolved.
bool path_within(const std::filesystem::path& path, const std::filesystem::path& dir);

}  // namespace aca::util

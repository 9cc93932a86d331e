#pragma once
// Test helper: a whole file's bytes, for comparing outputs byte for byte.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

/// The bytes of `p` ("" when it cannot be read).
inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

#pragma once
// The curve sources a manifest.json records ("estimated" or "cache" per curve; empty when it has none).
#include <string>
#include <vector>

#include "run_folder/json_file.hpp"

inline std::vector<std::string> curve_sources(const std::string& manifest_text) {
  const auto j = aca::run_folder::parse_json(manifest_text, "manifest.json");
  return j.contains("curve_sources") ? j.at("curve_sources").get<std::vector<std::string>>() : std::vector<std::string>{};
}

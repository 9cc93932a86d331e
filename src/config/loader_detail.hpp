#pragma once
// Internal to src/config: the steps of load_scenario, split by concern.
#include <map>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "config/scenario.hpp"
#include "config/schema.hpp"

namespace aca::config::detail {

/// Full key path (as diagnostics spell it, e.g. "collective[0].target") → the `--set` that wrote it.
using Origins = std::map<std::string, std::string>;

/// Applies `--set` overrides to the parsed table; problems go to `out`; returns where each value came from.
Origins apply_overrides(toml::table& root, const std::vector<Override>& overrides, Diagnostics& out);

/// Checks every key and table against the schema (types, ranges, choices, unknown keys, required keys).
void validate(const toml::table& root, const Schema& schema, const std::string& file, const Origins& origins,
              Diagnostics& out);

/// Inserts every declared default that is absent and widens integers given for real keys.
void fill_defaults(toml::table& root, const Schema& schema);

/// The location of a node as a Diagnostic (file from the node's source, else `fallback_file`).
Diagnostic locate(const toml::source_region& src, const std::string& fallback_file, std::string key,
                  std::string message);

}  // namespace aca::config::detail

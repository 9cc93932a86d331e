#pragma once
// Stable content hashes for scenario identities and cache keys.
#include <cstdint>
#include <string>
#include <string_view>

namespace aca::util {

/// FNV-1a 64-bit hash of the bytes of `s` (stable across platforms and runs).
std::uint64_t fnv1a64(std::string_view s);

/// The hash as 16 lowercase hex digits.
std::string hex64(std::uint64_t h);

}  // namespace aca::util

#include "util/rng.hpp"

#include "util/hash.hpp"

namespace aca::util {

std::uint64_t mix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

std::uint64_t derive_seed(std::uint64_t scenario_seed, std::string_view name, std::uint64_t index) {
  // Hashing the name (not its position in some list) keeps a stream's seed stable when streams are added.
  return mix64(mix64(scenario_seed) ^ fnv1a64(name) ^ mix64(index + 0x632BE59BD9B4E019ULL));
}

Engine make_stream(std::uint64_t scenario_seed, std::string_view name, std::uint64_t index) {
  return Engine(derive_seed(scenario_seed, name, index));
}

double counter_uniform(std::uint64_t key, std::uint64_t counter) {
  // Two rounds of mixing decorrelate neighbouring counters; the top 53 bits fill a double's mantissa.
  const std::uint64_t bits = mix64(mix64(key) ^ (counter * 0xD1B54A32D192ED03ULL));
  return static_cast<double>(bits >> 11) * 0x1.0p-53;
}

}  // namespace aca::util

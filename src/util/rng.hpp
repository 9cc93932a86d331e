#pragma once
// Named random streams: every random draw in acasim comes from a stream derived from the scenario seed
// and the stream's name, so that changing one component's draws never shifts another's.
#include <cstdint>
#include <string_view>

#include <boost/random/mersenne_twister.hpp>

namespace aca::util {

/// Engine behind every stream; Boost's mt19937_64 has a fully specified output sequence.
using Engine = boost::random::mt19937_64;

/// Names of the standard per-component streams (use these, not ad-hoc strings, for the main components).
namespace streams {
inline constexpr std::string_view population = "population";
inline constexpr std::string_view data = "data";
inline constexpr std::string_view learner = "learner";
inline constexpr std::string_view decisions = "decisions";
inline constexpr std::string_view evaluation = "evaluation";
}  // namespace streams

/// SplitMix64 finaliser: a bijective 64-bit mixer with good avalanche.
std::uint64_t mix64(std::uint64_t x);

/// Seed of stream `name` (optionally sub-indexed, e.g. by round or replicate) derived from the scenario seed.
std::uint64_t derive_seed(std::uint64_t scenario_seed, std::string_view name, std::uint64_t index = 0);

/// A fresh engine for stream `name` (and sub-index) of the scenario seed.
Engine make_stream(std::uint64_t scenario_seed, std::string_view name, std::uint64_t index = 0);

/// Counter-based uniform draw in [0, 1): depends only on (key, counter), so draws are identical whatever the
/// order or the thread that asks for them.
double counter_uniform(std::uint64_t key, std::uint64_t counter);

}  // namespace aca::util

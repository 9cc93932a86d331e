// Family `rng`: throughput of the named-stream engine and of counter-based draws.
#include "bench/bench.hpp"
#include "util/rng.hpp"

namespace aca::bench {

void bench_rng(Figures& f) {
  const std::uint64_t n = 20'000'000;
  util::Engine e = util::make_stream(1, util::streams::decisions);
  std::uint64_t sink = 0;
  double t0 = now_seconds();
  for (std::uint64_t i = 0; i < n; ++i) sink ^= e();
  const double engine_s = now_seconds() - t0;
  double acc = 0;
  t0 = now_seconds();
  for (std::uint64_t i = 0; i < n; ++i) acc += util::counter_uniform(7, i);
  const double counter_s = now_seconds() - t0;
  f.add("rng_engine_draws_per_s", n / engine_s);
  f.add("rng_counter_draws_per_s", n / counter_s);
  f.add("rng_counter_over_engine_time", counter_s / engine_s);
  f.add("rng_checksum", static_cast<double>((sink & 0xff) + acc * 0.0));  // keeps the loops from being elided
}

}  // namespace aca::bench

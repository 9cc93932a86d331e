#include "data/class_share.hpp"

#include <algorithm>
#include <cmath>

#include <boost/random/uniform_int_distribution.hpp>

#include "config/scenario.hpp"
#include "data/dataset.hpp"
#include "util/csv_writer.hpp"

namespace aca::data {

namespace {
// `keep` of `rows` uniformly without replacement (partial Fisher–Yates with Boost's specified distribution).
void draw_into(std::vector<std::int64_t> rows, std::int64_t keep, util::Engine& rng, std::vector<std::int64_t>& out) {
  const auto m = static_cast<std::int64_t>(rows.size());
  for (std::int64_t i = 0; i < keep; ++i) {
    boost::random::uniform_int_distribution<std::int64_t> pick(i, m - 1);
    std::swap(rows[static_cast<std::size_t>(i)], rows[static_cast<std::size_t>(pick(rng))]);
  }
  out.insert(out.end(), rows.begin(), rows.begin() + keep);
}
}  // namespace

std::optional<ClassShare> class_share_option(const config::View& root) {
  const config::View d = root.sub("data");
  if (!d.has("class_share")) return std::nullopt;
  const config::View cs = d.sub("class_share");
  if (!cs.has("share")) return std::nullopt;
  return ClassShare{cs.integer("class"), cs.real("share")};
}

std::int64_t class_share_rows(const ClassShare& cs, std::int64_t n) {
  return static_cast<std::int64_t>(std::llround(cs.share * static_cast<double>(n)));
}

TrainSet with_class_share(const TrainSet& pool, const ClassShare& cs, std::int64_t n, util::Engine& rng) {
  if (cs.label < 0 || cs.label >= pool.num_classes)
    throw ClassShareError("class " + std::to_string(cs.label) + " is not a label of the data (labels 0.." +
                          std::to_string(pool.num_classes - 1) + ")");
  std::vector<std::int64_t> in_class, others;
  for (std::int64_t i = 0; i < pool.n; ++i) (pool.y[static_cast<std::size_t>(i)] == cs.label ? in_class : others).push_back(i);
  const std::int64_t want = class_share_rows(cs, n);
  const auto have = static_cast<std::int64_t>(in_class.size()), have_rest = static_cast<std::int64_t>(others.size());
  if (want > have || n - want > have_rest) {
    const std::string share = util::format_number(cs.share);
    throw ClassShareError(
        "share " + share + " of " + std::to_string(n) + " training rows needs " + std::to_string(want) +
        " rows of class " + std::to_string(cs.label) + " and " + std::to_string(n - want) +
        " of the other classes, but the training pool (after holding out the test rows) has " +
        std::to_string(have) + " and " + std::to_string(have_rest) +
        " (lower population.size × data.points_per_agent or data.test_size, move the share away from that limit, or "
        "use more data)");
  }
  std::vector<std::int64_t> rows;
  rows.reserve(static_cast<std::size_t>(n));
  draw_into(std::move(in_class), want, rng, rows);
  draw_into(std::move(others), n - want, rng, rows);
  // Pool order, so that the split's shuffle (not the class) decides which agent owns which row.
  std::sort(rows.begin(), rows.end());
  return take_rows(pool, rows);
}

}  // namespace aca::data

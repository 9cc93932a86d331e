#pragma once
// The training pool's share of one class ([data.class_share]): a seeded subsample of a pooled source's training
// rows that holds exactly round(share·n) rows of the class, so that a target class's base rate can be varied on
// data whose classes are balanced (Fashion-MNIST) or fixed (a CSV table). The test rows are left as split.
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "data/train_set.hpp"
#include "util/rng.hpp"

namespace aca::config {
class View;
}

namespace aca::data {

/// Name of the random stream the class-share subsample draws from (derived from the scenario seed).
inline constexpr std::string_view class_share_stream = "data.class_share";

/// One class and the fraction of the training rows it must make up.
struct ClassShare {
  std::int64_t label = 0;  ///< label code of the class (as collective.target: csv codes follow sorted label text)
  double share = 0.0;      ///< fraction of the n training rows with this label, 0 < share < 1
};

/// Thrown when the pool holds too few rows of the class or of the other classes; the message gives both counts.
class ClassShareError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// [data.class_share] of a validated scenario, or nothing when the table is absent.
std::optional<ClassShare> class_share_option(const config::View& root);

/// Rows of the class among `n` training rows: round(share·n), halves rounded away from zero.
std::int64_t class_share_rows(const ClassShare& cs, std::int64_t n);

/// Exactly `n` rows of `pool` in the pool's order: class_share_rows(cs, n) drawn uniformly without replacement
/// from the rows labelled cs.label and the rest from the other rows. Throws ClassShareError when either part
/// of the pool is too small (or the label is not one of the pool's classes).
TrainSet with_class_share(const TrainSet& pool, const ClassShare& cs, std::int64_t n, util::Engine& rng);

}  // namespace aca::data

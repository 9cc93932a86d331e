#pragma once
// Constructiveness of competing collectives (Karan, Vincent, Karahalios, Sundaram, FAccT 2025;
// ../shared/literature.md §5): how much collective j's presence changes collective i's success.
#include <cstddef>
#include <vector>

namespace aca::numerics {

/// A dense K×K matrix of doubles, row-major.
struct SquareMatrix {
  std::size_t size = 0;       ///< K
  std::vector<double> data;   ///< K*K entries, row-major

  /// Entry (i, j).
  double operator()(std::size_t i, std::size_t j) const { return data[i * size + j]; }
  /// Mutable entry (i, j).
  double& operator()(std::size_t i, std::size_t j) { return data[i * size + j]; }
};

/// Success measurements of K collectives: each alone, and each with one other present.
struct PairwiseSuccess {
  std::vector<double> alone;  ///< alone[i] = S_i when collective i acts alone
  SquareMatrix with;          ///< with(i, j) = S_i when collective j acts too (diagonal ignored)
};

/// Constructiveness matrices; diagonals are NaN (a collective is not its own competitor).
struct Constructiveness {
  SquareMatrix raw;         ///< CT_ij = S_i(with j) − S_i(alone), in [−1, 1]
  /// CT_ij / S_i(alone): the relative change of i's success caused by j (−1: j wipes i out; 0: no effect;
  /// > 0: j helps); NaN when S_i(alone) = 0, where a relative change is undefined.
  SquareMatrix normalised;
};

/// Computes both matrices; throws std::invalid_argument on mismatched sizes or NaN inputs. This relative
/// normalisation (divide by the success alone) is acasim's choice; document it beside every reported matrix.
Constructiveness constructiveness(const PairwiseSuccess& s);

}  // namespace aca::numerics

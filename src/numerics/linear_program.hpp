#pragma once
// A small dense linear-program solver: maximise c·v subject to A·v = b, v ≥ 0 (standard form), by the two-phase
// revised simplex method with Bland's rule (Dantzig 1963; Bertsimas & Tsitsiklis 1997, ch. 3). Meant for the
// few-row programs of acasim (the gradient-cancelling plan has d + 3 rows); every iteration refactors the basis.
#include <Eigen/Dense>

namespace aca::numerics {

/// How a linear program ended.
enum class LpStatus { optimal, infeasible, unbounded, iteration_limit };

/// A solution: primal point, the duals of the equality rows (y with Aᵀy ≥ c at the optimum) and the value c·v.
struct LpSolution {
  LpStatus status = LpStatus::infeasible;
  Eigen::VectorXd v;      ///< primal point (n entries; empty unless optimal)
  Eigen::VectorXd y;      ///< duals of the rows of A (m entries; empty unless optimal)
  double value = 0.0;     ///< c·v
  int iterations = 0;     ///< simplex pivots over both phases
};

/// Solves max c·v s.t. A v = b, v ≥ 0. `tol` is the pivot and optimality tolerance (relative to the data's scale).
LpSolution solve_lp(const Eigen::MatrixXd& A, const Eigen::VectorXd& b, const Eigen::VectorXd& c, double tol = 1e-10,
                    int max_iterations = 100000);

}  // namespace aca::numerics

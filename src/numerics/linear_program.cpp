#include "numerics/linear_program.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace aca::numerics {

namespace {

// The state of one simplex phase on the extended matrix [A | I] (artificial columns last).
struct Tableau {
  const Eigen::MatrixXd& A;   // m × (n + m)
  const Eigen::VectorXd& b;   // m, b ≥ 0
  std::vector<int> basis;     // m column indices
  Eigen::MatrixXd Binv;       // inverse of the basis matrix, refreshed every pivot
  Eigen::VectorXd xB;         // basic values

  void refresh() {
    Eigen::MatrixXd B(A.rows(), A.rows());
    for (Eigen::Index i = 0; i < A.rows(); ++i) B.col(i) = A.col(basis[static_cast<std::size_t>(i)]);
    // Refactoring from scratch each pivot keeps round-off from accumulating; the programs here are small.
    Binv = B.fullPivLu().inverse();
    xB = Binv * b;
  }
};

enum class PhaseEnd { optimal, unbounded, iteration_limit };

// Bland's rule (smallest entering index, smallest leaving basic index among ties) cannot cycle, so degenerate
// programs such as the cancelling plan's (its right-hand side is mostly zero) terminate.
PhaseEnd run_phase(Tableau& tab, const Eigen::VectorXd& cost, Eigen::Index enterable, double tol, int& iterations,
                   int max_iterations) {
  const Eigen::Index m = tab.A.rows();
  while (iterations < max_iterations) {
    tab.refresh();
    Eigen::VectorXd cB(m);
    for (Eigen::Index i = 0; i < m; ++i) cB(i) = cost(tab.basis[static_cast<std::size_t>(i)]);
    const Eigen::VectorXd y = tab.Binv.transpose() * cB;
    Eigen::Index enter = -1;
    for (Eigen::Index j = 0; j < enterable && enter < 0; ++j) {
      if (std::find(tab.basis.begin(), tab.basis.end(), j) != tab.basis.end()) continue;
      if (cost(j) - y.dot(tab.A.col(j)) > tol) enter = j;
    }
    if (enter < 0) return PhaseEnd::optimal;
    const Eigen::VectorXd u = tab.Binv * tab.A.col(enter);
    Eigen::Index leave = -1;
    double best = std::numeric_limits<double>::infinity();
    for (Eigen::Index i = 0; i < m; ++i) {
      if (u(i) <= tol) continue;
      const double ratio = std::max(tab.xB(i), 0.0) / u(i);
      if (leave < 0 || ratio < best - tol * (1 + best)) {
        best = ratio;
        leave = i;
      } else if (ratio <= best + tol * (1 + best) &&
                 tab.basis[static_cast<std::size_t>(i)] < tab.basis[static_cast<std::size_t>(leave)]) {
        leave = i;  // a tie: Bland's rule takes the smallest basic index
      }
    }
    if (leave < 0) return PhaseEnd::unbounded;
    tab.basis[static_cast<std::size_t>(leave)] = static_cast<int>(enter);
    ++iterations;
  }
  return PhaseEnd::iteration_limit;
}

// After phase 1 an artificial may stay basic at level 0; pivot it out for any real column with a non-zero entry
// in its row. When there is none the row is redundant and the artificial stays, pinned at 0.
void drive_out_artificials(Tableau& tab, Eigen::Index n, double tol) {
  tab.refresh();
  for (std::size_t i = 0; i < tab.basis.size(); ++i) {
    if (tab.basis[i] < n) continue;
    const Eigen::RowVectorXd row = tab.Binv.row(static_cast<Eigen::Index>(i)) * tab.A.leftCols(n);
    for (Eigen::Index j = 0; j < n; ++j) {
      if (std::find(tab.basis.begin(), tab.basis.end(), j) != tab.basis.end() || std::abs(row(j)) <= tol) continue;
      tab.basis[i] = static_cast<int>(j);
      tab.refresh();
      break;
    }
  }
}

}  // namespace

LpSolution solve_lp(const Eigen::MatrixXd& A, const Eigen::VectorXd& b, const Eigen::VectorXd& c, double tol,
                    int max_iterations) {
  const Eigen::Index m = A.rows(), n = A.cols();
  LpSolution out;
  // Rows with b < 0 are negated so the artificial basis [I] starts feasible.
  Eigen::VectorXd sign = Eigen::VectorXd::Ones(m);
  for (Eigen::Index i = 0; i < m; ++i)
    if (b(i) < 0) sign(i) = -1;
  Eigen::MatrixXd ext(m, n + m);
  ext.leftCols(n) = sign.asDiagonal() * A;
  ext.rightCols(m).setIdentity();
  const Eigen::VectorXd bs = sign.cwiseProduct(b);
  const double scale = std::max(1.0, ext.leftCols(n).cwiseAbs().maxCoeff());  // b may be huge (an inactive cap)
  const double t = tol * scale;
  Tableau tab{ext, bs, {}, {}, {}};
  for (Eigen::Index i = 0; i < m; ++i) tab.basis.push_back(static_cast<int>(n + i));

  Eigen::VectorXd phase1 = Eigen::VectorXd::Zero(n + m);
  phase1.tail(m).setConstant(-1.0);
  if (run_phase(tab, phase1, n, t, out.iterations, max_iterations) == PhaseEnd::iteration_limit) {
    out.status = LpStatus::iteration_limit;
    return out;
  }
  tab.refresh();
  double infeasibility = 0;
  for (Eigen::Index i = 0; i < m; ++i)
    if (tab.basis[static_cast<std::size_t>(i)] >= n) infeasibility += std::max(tab.xB(i), 0.0);
  if (infeasibility > t * std::max<Eigen::Index>(m, 1)) return out;  // infeasible
  drive_out_artificials(tab, n, t);

  Eigen::VectorXd phase2 = Eigen::VectorXd::Zero(n + m);
  phase2.head(n) = c;
  const PhaseEnd end = run_phase(tab, phase2, n, tol * std::max(1.0, c.cwiseAbs().maxCoeff()) * scale, out.iterations,
                                 max_iterations);
  if (end != PhaseEnd::optimal) {
    out.status = end == PhaseEnd::unbounded ? LpStatus::unbounded : LpStatus::iteration_limit;
    return out;
  }
  tab.refresh();
  out.status = LpStatus::optimal;
  out.v = Eigen::VectorXd::Zero(n);
  Eigen::VectorXd cB(m);
  for (Eigen::Index i = 0; i < m; ++i) {
    const int j = tab.basis[static_cast<std::size_t>(i)];
    if (j < n) out.v(j) = std::max(tab.xB(i), 0.0);
    cB(i) = phase2(j);
  }
  out.y = sign.cwiseProduct(tab.Binv.transpose() * cB);
  out.value = c.dot(out.v);
  return out;
}

}  // namespace aca::numerics

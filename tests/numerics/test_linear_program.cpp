#include <catch2/catch.hpp>

#include "numerics/linear_program.hpp"

using aca::numerics::LpStatus;
using aca::numerics::solve_lp;

TEST_CASE("solve_lp finds the textbook optimum and its duals", "[linear_program]") {
  // max 3x + 5y s.t. x ≤ 4, 2y ≤ 12, 3x + 2y ≤ 18 (slacks s1..s3): optimum 36 at (2, 6), duals (0, 3/2, 1)
  // (Hillier & Lieberman's Wyndor Glass example).
  Eigen::MatrixXd A(3, 5);
  A << 1, 0, 1, 0, 0,  //
      0, 2, 0, 1, 0,   //
      3, 2, 0, 0, 1;
  Eigen::VectorXd b(3), c(5);
  b << 4, 12, 18;
  c << 3, 5, 0, 0, 0;
  const auto s = solve_lp(A, b, c);
  REQUIRE(s.status == LpStatus::optimal);
  CHECK(s.value == Approx(36.0));
  CHECK(s.v(0) == Approx(2.0));
  CHECK(s.v(1) == Approx(6.0));
  CHECK(s.y(0) == Approx(0.0).margin(1e-9));
  CHECK(s.y(1) == Approx(1.5));
  CHECK(s.y(2) == Approx(1.0));
  // Strong duality: b·y equals the optimum.
  CHECK(b.dot(s.y) == Approx(36.0));
}

TEST_CASE("solve_lp handles negative right-hand sides, degenerate vertices and redundant rows", "[linear_program]") {
  // min x + y (max −x − y) s.t. x + y − s = 2 written as −x − y + s = −2; a redundant copy of the row scaled by 2;
  // x − y = 0. Optimum x = y = 1, value −2; the degenerate row pair must not stall the solver.
  Eigen::MatrixXd A(3, 3);
  A << -1, -1, 1,  //
      -2, -2, 2,   //
      1, -1, 0;
  Eigen::VectorXd b(3), c(3);
  b << -2, -4, 0;
  c << -1, -1, 0;
  const auto s = solve_lp(A, b, c);
  REQUIRE(s.status == LpStatus::optimal);
  CHECK(s.value == Approx(-2.0));
  CHECK(s.v(0) == Approx(1.0));
  CHECK(s.v(1) == Approx(1.0));
  CHECK((A * s.v - b).norm() < 1e-9);
  // Dual feasibility at the optimum: Aᵀy ≥ c, and b·y = c·v.
  const Eigen::VectorXd reduced = A.transpose() * s.y - c;
  CHECK(reduced.minCoeff() > -1e-9);
  CHECK(b.dot(s.y) == Approx(s.value));
}

TEST_CASE("solve_lp reports infeasible and unbounded programs", "[linear_program]") {
  Eigen::MatrixXd A(2, 2);
  A << 1, 1,  //
      1, 1;
  Eigen::VectorXd b(2), c(2);
  b << 1, 2;  // x + y = 1 and x + y = 2
  c << 1, 0;
  CHECK(solve_lp(A, b, c).status == LpStatus::infeasible);
  Eigen::MatrixXd U(1, 2);
  U << 1, -1;  // x − y = 0, maximise x
  Eigen::VectorXd bu(1), cu(2);
  bu << 0;
  cu << 1, 0;
  CHECK(solve_lp(U, bu, cu).status == LpStatus::unbounded);
}

TEST_CASE("solve_lp decides convex-hull membership: a point inside the unit square is a combination of its corners, one outside is not",
          "[linear_program]") {
  // Is p = Σ w_k q_k with w ≥ 0, Σ w = 1? The corners of the unit square: (0.3, 0.6) is inside, (1.2, 0.5) not.
  Eigen::MatrixXd A(3, 4);
  A << 0, 1, 0, 1,  //
      0, 0, 1, 1,   //
      1, 1, 1, 1;
  Eigen::VectorXd c = Eigen::VectorXd::Zero(4), inside(3), outside(3);
  inside << 0.3, 0.6, 1;
  outside << 1.2, 0.5, 1;
  const auto s = solve_lp(A, inside, c);
  REQUIRE(s.status == LpStatus::optimal);
  CHECK((A * s.v - inside).norm() < 1e-12);
  CHECK(solve_lp(A, outside, c).status == LpStatus::infeasible);
}

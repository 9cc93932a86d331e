#pragma once
// Test helper: the success column of a run's response_curve.csv, for comparing curves point by point.
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "support/slurp.hpp"

/// The `success` column (the fourth) of `file`, a response_curve.csv, in file order.
inline std::vector<double> curve_successes(const std::filesystem::path& file) {
  std::stringstream in(slurp(file));
  std::string line;
  std::getline(in, line);
  std::vector<double> out;
  while (std::getline(in, line)) {
    std::stringstream row(line);
    std::string cell;
    for (int c = 0; c < 4; ++c) std::getline(row, cell, ',');
    out.push_back(std::strtod(cell.c_str(), nullptr));
  }
  return out;
}

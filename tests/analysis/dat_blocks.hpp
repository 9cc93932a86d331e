#pragma once
// Test helper: a gnuplot data file written by gnuplot::DataBlocks read back as (comment, rows) per block.
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace aca::analysis::test {

/// One data block: its "# comment" line (without "# ") and its rows of numbers (NaN written as "NaN").
struct DatBlock {
  std::string comment;
  std::vector<std::vector<double>> rows;
};

/// Every block of `file`, in order.
inline std::vector<DatBlock> read_dat_blocks(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::vector<DatBlock> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("# ", 0) == 0) {
      out.push_back({line.substr(2), {}});
      continue;
    }
    if (line.empty() || out.empty()) continue;
    std::istringstream ss(line);
    std::vector<double> row;
    std::string cell;
    while (ss >> cell) row.push_back(cell == "NaN" ? NAN : std::stod(cell));
    out.back().rows.push_back(row);
  }
  return out;
}

/// The first block whose comment starts with `prefix`, or nullptr.
inline const DatBlock* find_block(const std::vector<DatBlock>& blocks, const std::string& prefix) {
  for (const auto& b : blocks)
    if (b.comment.rfind(prefix, 0) == 0) return &b;
  return nullptr;
}

/// The whole text of `file`.
inline std::string text_of(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace aca::analysis::test

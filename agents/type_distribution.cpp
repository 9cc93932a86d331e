#include "agents/type_distribution.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>
#include <stdexcept>

#include <boost/random/beta_distribution.hpp>
#include <boost/random/lognormal_distribution.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>

namespace aca::agents {

namespace {

double param(const config::Distribution& d, const char* key, double fallback) {
  auto it = d.params.find(key);
  return it == d.params.end() ? fallback : it->second;
}

std::vector<double> read_column(const std::filesystem::path& file, const std::string& column) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error("empirical distribution: cannot read " + file.string());
  std::string line;
  std::getline(in, line);
  std::vector<std::string> header;
  {
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ',')) header.push_back(cell);
  }
  const auto it = std::find(header.begin(), header.end(), column);
  if (it == header.end())
    throw std::runtime_error("empirical distribution: " + file.string() + " has no column `" + column + "`");
  const std::size_t col = static_cast<std::size_t>(it - header.begin());
  std::vector<double> values;
  for (long row = 2; std::getline(in, line); ++row) {
    if (line.empty()) continue;
    std::stringstream ss(line);
    std::string cell;
    for (std::size_t c = 0; c <= col; ++c)
      if (!std::getline(ss, cell, ',')) cell.clear();
    char* end = nullptr;
    const double v = std::strtod(cell.c_str(), &end);
    if (cell.empty() || *end != '\0')
      throw std::runtime_error("empirical distribution: " + file.string() + " row " + std::to_string(row) +
                               ", column `" + column + "`: `" + cell + "` is not a number");
    values.push_back(v);
  }
  if (values.empty()) throw std::runtime_error("empirical distribution: " + file.string() + " has no rows");
  return values;
}

}  // namespace

Eigen::ArrayXd sample(const config::Distribution& d, std::size_t n, util::Engine& engine,
                      const std::filesystem::path& base_dir) {
  Eigen::ArrayXd out(static_cast<Eigen::Index>(n));
  const auto fill = [&](auto&& dist) {
    for (Eigen::Index i = 0; i < out.size(); ++i) out[i] = dist(engine);
  };
  if (d.dist == "constant") {
    out.setConstant(param(d, "value", 0.0));
  } else if (d.dist == "uniform") {
    const double lo = param(d, "low", 0.0), hi = param(d, "high", 1.0);
    if (lo == hi) out.setConstant(lo);
    else fill(boost::random::uniform_real_distribution<double>(lo, hi));
  } else if (d.dist == "normal") {
    fill(boost::random::normal_distribution<double>(param(d, "mean", 0.0), param(d, "sd", 1.0)));
  } else if (d.dist == "lognormal") {
    fill(boost::random::lognormal_distribution<double>(param(d, "mu", 0.0), param(d, "sigma", 1.0)));
  } else if (d.dist == "beta") {
    fill(boost::random::beta_distribution<double>(param(d, "a", 1.0), param(d, "b", 1.0)));
    const double lo = param(d, "low", 0.0), hi = param(d, "high", 1.0);
    out = lo + (hi - lo) * out;
  } else if (d.dist == "empirical") {
    // Resampling with replacement from the observed column (the empirical distribution).
    const std::filesystem::path file = std::filesystem::path(d.file).is_absolute() ? std::filesystem::path(d.file) : base_dir / d.file;
    const std::vector<double> values = read_column(file, d.column);
    boost::random::uniform_int_distribution<std::size_t> pick(0, values.size() - 1);
    for (Eigen::Index i = 0; i < out.size(); ++i) out[i] = values[pick(engine)];
  } else {
    throw std::logic_error("unknown distribution " + d.dist);
  }
  const double lo = param(d, "min", -std::numeric_limits<double>::infinity());
  const double hi = param(d, "max", std::numeric_limits<double>::infinity());
  if (d.dist == "normal" || d.dist == "lognormal") out = out.max(lo).min(hi);
  return out;
}

double mean(const config::Distribution& d) {
  if (d.dist == "constant") return param(d, "value", 0.0);
  if (d.dist == "uniform") return 0.5 * (param(d, "low", 0.0) + param(d, "high", 1.0));
  if (d.dist == "normal" && !d.params.count("min") && !d.params.count("max")) return param(d, "mean", 0.0);
  if (d.dist == "lognormal" && !d.params.count("min") && !d.params.count("max"))
    return std::exp(param(d, "mu", 0.0) + 0.5 * std::pow(param(d, "sigma", 1.0), 2));
  if (d.dist == "beta") {
    const double a = param(d, "a", 1.0), b = param(d, "b", 1.0), lo = param(d, "low", 0.0), hi = param(d, "high", 1.0);
    return lo + (hi - lo) * a / (a + b);
  }
  return std::numeric_limits<double>::quiet_NaN();
}

}  // namespace aca::agents

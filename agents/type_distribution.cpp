#include "agents/type_distribution.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>
#include <stdexcept>

#include <Eigen/Cholesky>
#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/lognormal.hpp>
#include <boost/math/distributions/normal.hpp>
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

namespace {

std::filesystem::path resolve(const config::Distribution& d, const std::filesystem::path& base_dir) {
  return std::filesystem::path(d.file).is_absolute() ? std::filesystem::path(d.file) : base_dir / d.file;
}

double quantile_sorted(const config::Distribution& d, double p, const std::vector<double>& sorted) {
  const double lo_p = std::numeric_limits<double>::min(), hi_p = 1.0 - 0x1.0p-53;
  p = std::min(std::max(p, lo_p), hi_p);
  const double lo = param(d, "min", -std::numeric_limits<double>::infinity());
  const double hi = param(d, "max", std::numeric_limits<double>::infinity());
  if (d.dist == "constant") return param(d, "value", 0.0);
  if (d.dist == "uniform") {
    const double a = param(d, "low", 0.0), b = param(d, "high", 1.0);
    return a + p * (b - a);
  }
  if (d.dist == "normal") {
    const double sd = param(d, "sd", 1.0);
    const double z = sd > 0 ? boost::math::quantile(boost::math::normal(param(d, "mean", 0.0), sd), p) : param(d, "mean", 0.0);
    return std::min(std::max(z, lo), hi);
  }
  if (d.dist == "lognormal") {
    const double sigma = param(d, "sigma", 1.0);
    const double x = sigma > 0 ? boost::math::quantile(boost::math::lognormal(param(d, "mu", 0.0), sigma), p)
                               : std::exp(param(d, "mu", 0.0));
    return std::min(std::max(x, lo), hi);
  }
  if (d.dist == "beta") {
    const double x = boost::math::quantile(boost::math::beta_distribution<>(param(d, "a", 1.0), param(d, "b", 1.0)), p);
    return param(d, "low", 0.0) + (param(d, "high", 1.0) - param(d, "low", 0.0)) * x;
  }
  if (d.dist == "empirical") {
    const auto idx = static_cast<std::size_t>(p * static_cast<double>(sorted.size()));
    return sorted[std::min(idx, sorted.size() - 1)];
  }
  throw std::logic_error("unknown distribution " + d.dist);
}

std::vector<double> sorted_column(const config::Distribution& d, const std::filesystem::path& base_dir) {
  if (d.dist != "empirical") return {};
  std::vector<double> v = read_column(resolve(d, base_dir), d.column);
  std::sort(v.begin(), v.end());
  return v;
}

}  // namespace

double quantile(const config::Distribution& d, double p, const std::filesystem::path& base_dir) {
  return quantile_sorted(d, p, sorted_column(d, base_dir));
}

std::vector<Eigen::ArrayXd> sample_copula(const std::vector<config::Distribution>& marginals,
                                          const std::vector<std::vector<double>>& correlation, std::size_t n,
                                          util::Engine& engine, const std::filesystem::path& base_dir) {
  const auto m = static_cast<Eigen::Index>(marginals.size());
  if (correlation.size() != marginals.size())
    throw std::invalid_argument("copula: correlation matrix has " + std::to_string(correlation.size()) +
                                " rows for " + std::to_string(marginals.size()) + " types");
  Eigen::MatrixXd r(m, m);
  for (Eigen::Index i = 0; i < m; ++i) {
    if (correlation[static_cast<std::size_t>(i)].size() != marginals.size())
      throw std::invalid_argument("copula: correlation matrix is not square");
    for (Eigen::Index j = 0; j < m; ++j) r(i, j) = correlation[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)];
  }
  const Eigen::LLT<Eigen::MatrixXd> llt(r);
  if (llt.info() != Eigen::Success) throw std::invalid_argument("copula: correlation matrix is not positive definite");
  const Eigen::MatrixXd L = llt.matrixL();
  std::vector<std::vector<double>> sorted;
  for (const auto& d : marginals) sorted.push_back(sorted_column(d, base_dir));
  std::vector<Eigen::ArrayXd> out(marginals.size(), Eigen::ArrayXd(static_cast<Eigen::Index>(n)));
  boost::random::normal_distribution<double> normal;
  Eigen::VectorXd g(m), z(m);
  for (std::size_t i = 0; i < n; ++i) {
    for (Eigen::Index j = 0; j < m; ++j) g[j] = normal(engine);
    z.noalias() = L * g;
    for (Eigen::Index j = 0; j < m; ++j) {
      // Φ(z) through erfc keeps full relative precision in the lower tail.
      const double u = 0.5 * std::erfc(-z[j] / std::sqrt(2.0));
      out[static_cast<std::size_t>(j)][static_cast<Eigen::Index>(i)] =
          quantile_sorted(marginals[static_cast<std::size_t>(j)], u, sorted[static_cast<std::size_t>(j)]);
    }
  }
  return out;
}

}  // namespace aca::agents

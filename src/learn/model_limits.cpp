#include "learn/model_limits.hpp"

#include <cmath>
#include <limits>
#include <string>

#include "config/limits.hpp"

namespace aca::learn {

namespace {

constexpr double conv_area = 25.0, conv1 = 16.0, conv2 = 32.0;  // make_net's 5×5 kernels of 16, then 32 channels

double linear_layer(double in, double out) { return in * out + out; }

std::string list_text(const std::vector<std::int64_t>& v) {
  std::string s = "[";
  for (std::size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + std::to_string(v[i]);
  return s + "]";
}

}  // namespace

double model_parameter_count(const ModelSpec& spec, const std::vector<std::int64_t>& shape, std::int64_t d, int classes) {
  const double c = static_cast<double>(classes);
  if (spec.kind == "linear") return linear_layer(static_cast<double>(d), 1.0);
  if (spec.kind == "cnn") {
    if (shape.size() != 3 || shape[1] % 4 != 0 || shape[2] % 4 != 0) return 0.0;
    const double cells = static_cast<double>(shape[1] / 4) * static_cast<double>(shape[2] / 4);
    return linear_layer(static_cast<double>(shape[0]) * conv_area, conv1) + linear_layer(conv1 * conv_area, conv2) +
           linear_layer(conv2 * cells, c);
  }
  double in = static_cast<double>(d), total = 0.0;
  if (spec.kind == "mlp")
    for (const std::int64_t h : spec.hidden) {
      total += linear_layer(in, static_cast<double>(h));
      in = static_cast<double>(h);
    }
  return total + linear_layer(in, c);
}

namespace {

void check_parameters(const config::View& platform, const data::TrainSet& train, std::int64_t max_parameters,
                      config::Diagnostics& out) {
  if (platform.string("learner") == "bayes_optimal") return;
  const config::View m = platform.sub("model");
  ModelSpec spec;
  spec.kind = m.string("kind");
  spec.hidden = m.integers("hidden");
  const double count = model_parameter_count(spec, train.shape, train.d, train.num_classes);
  if (count <= static_cast<double>(max_parameters)) return;
  const bool mlp = spec.kind == "mlp";
  out.add(m.diag(mlp ? "hidden" : "kind",
                 "platform.model: " + (mlp ? "an mlp with hidden = " + list_text(spec.hidden) : "a " + spec.kind) +
                     " on the data's " + std::to_string(train.d) + " features and " + std::to_string(train.num_classes) +
                     " classes has " + config::count_text(count) + " parameters, " +
                     config::over_limit("model_parameters", max_parameters,
                                        mlp ? "use fewer or narrower hidden layers" : "use data with fewer features")));
}

// LibTorch converts these scalars to the parameters' float type, and a value beyond the largest float is an error
// there (or an infinity that turns every weight into NaN).
void check_floats(const config::View& platform, config::Diagnostics& out) {
  const double largest = static_cast<double>(std::numeric_limits<float>::max());
  const auto check = [&](const config::View& table, const std::string& key, double value, const std::string& what) {
    if (std::isfinite(value) && std::abs(value) > largest)
      out.add(table.diag(key, what + " = " + config::count_text(std::abs(value)) +
                                  " does not fit the float LibTorch trains with (largest about 3.4 × 10^38)"));
  };
  const auto setting = [&](const config::View& table, const std::string& key) {
    check(table, key, table.real(key), table.path().empty() ? key : table.path() + "." + key);
  };
  for (const char* key : {"learning_rate", "weight_decay"}) setting(platform, key);
  const config::View p = platform.sub("privacy"), g = platform.sub("gdro");
  setting(p, "clip");
  if (p.has("noise_multiplier")) {
    setting(p, "noise_multiplier");
    if (std::abs(p.real("noise_multiplier")) <= largest && std::abs(p.real("clip")) <= largest)
      check(p, "noise_multiplier", p.real("noise_multiplier") * p.real("clip"),
            "the noise's standard deviation platform.privacy.noise_multiplier × clip");
  }
  for (const char* key : {"eta_q", "adjustment"}) setting(g, key);
}

}  // namespace

void check_model_limits(const config::View& platform, const data::TrainSet& train, std::int64_t max_parameters) {
  config::Diagnostics out;
  check_parameters(platform, train, max_parameters, out);
  check_floats(platform, out);
  if (!out.empty()) throw config::ScenarioError(std::move(out));
}

}  // namespace aca::learn

#include "data/signal.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "config/scenario.hpp"
#include "data/dataset.hpp"

namespace aca::data {

namespace {
std::int64_t height(const TrainSet& s) { return s.shape.size() >= 2 ? s.shape[s.shape.size() - 2] : 0; }
std::int64_t width(const TrainSet& s) { return s.shape.empty() ? 0 : s.shape.back(); }
std::int64_t channels(const TrainSet& s) { return s.shape.size() == 3 ? s.shape[0] : 1; }

void set_patch(const Signal& g, const TrainSet& s, float* row, std::int64_t r0, std::int64_t c0) {
  const std::int64_t h = height(s), w = width(s);
  for (std::int64_t ch = 0; ch < channels(s); ++ch)
    for (std::int64_t r = r0; r < r0 + g.size; ++r)
      for (std::int64_t c = c0; c < c0 + g.size; ++c) row[(ch * h + r) * w + c] = g.value;
}
}  // namespace

std::string signal_kind_name(SignalKind k) {
  switch (k) {
    case SignalKind::patch: return "patch";
    case SignalKind::feature_set: return "feature_set";
    case SignalKind::feature_offset: return "feature_offset";
    case SignalKind::assign: return "assign";
  }
  return "?";
}

Signal read_signal(const config::View& collective, const Dataset& data) {
  const config::View v = collective.sub("signal");
  const TrainSet& layout = data.train();
  Signal g;
  std::string kind = v.string("kind");
  if (kind == "auto") kind = !layout.categories.empty() ? "assign" : layout.shape.size() >= 2 ? "patch" : "feature_set";
  g.kind = kind == "patch" ? SignalKind::patch
           : kind == "feature_set" ? SignalKind::feature_set
           : kind == "feature_offset" ? SignalKind::feature_offset
                                      : SignalKind::assign;
  g.size = v.integer("size");
  g.value = static_cast<float>(v.real("value"));
  const auto pos = v.integers("position");
  if (g.kind == SignalKind::patch) {
    if (pos.empty()) {
      g.row = std::max<std::int64_t>(0, height(layout) - g.size - 1);
      g.col = std::max<std::int64_t>(0, width(layout) - g.size - 1);
    } else if (pos.size() == 2) {
      g.row = pos[0];
      g.col = pos[1];
    } else {
      config::Diagnostics d;
      d.add(v.diag("position", "`" + v.path() + ".position` must be [row, column], got " + std::to_string(pos.size()) +
                                   " number(s)"));
      throw config::ScenarioError(std::move(d));
    }
  }
  g.features = v.integers("features");
  for (double x : v.reals("values")) g.values.push_back(static_cast<float>(x));
  for (double x : v.reals("offset")) g.offset.push_back(static_cast<float>(x));
  if (g.kind == SignalKind::feature_offset && g.offset.size() == static_cast<std::size_t>(layout.d) &&
      g.offset.size() != g.features.size()) {
    g.features.clear();  // one offset per feature: the whole vector is added
  }
  if (const auto p = signal_problem(g, layout)) {
    // Found only now that the data's layout is known, but a mistake in the scenario all the same. A patch at the
    // default position that does not fit is too large rather than misplaced.
    const std::string key = p->key == "position" && pos.empty() ? "size" : p->key;
    config::Diagnostics d;
    d.add(v.diag(key, "`" + v.path() + "." + key + "`: " + p->message));
    throw config::ScenarioError(std::move(d));
  }
  return g;
}

std::optional<SignalProblem> signal_problem(const Signal& g, const TrainSet& s) {
  using P = SignalProblem;
  if (g.kind == SignalKind::patch) {
    if (s.shape.size() < 2) return P{"kind", "signal kind \"patch\" needs image data (this data has flat features)"};
    if (g.row < 0 || g.col < 0 || g.row + g.size > height(s) || g.col + g.size > width(s))
      return P{"position", "patch of size " + std::to_string(g.size) + " at [" + std::to_string(g.row) + ", " +
                               std::to_string(g.col) + "] does not fit a " + std::to_string(height(s)) + "×" +
                               std::to_string(width(s)) + " image"};
    return std::nullopt;
  }
  for (auto f : g.features)
    if (f < 0 || f >= s.d)
      return P{"features", "signal feature " + std::to_string(f) + " is not in [0, " + std::to_string(s.d) +
                               ") (the data has " + std::to_string(s.d) + " features)"};
  if (g.kind == SignalKind::feature_offset) {
    const std::size_t want = g.features.empty() ? static_cast<std::size_t>(s.d) : g.features.size();
    if (g.offset.size() != want)
      return P{"offset", "offset has " + std::to_string(g.offset.size()) + " entries, expected " + std::to_string(want)};
    return std::nullopt;
  }
  if (g.values.size() != g.features.size()) return P{"values", "signal needs one value per feature"};
  if (g.features.empty()) return P{"features", "signal touches no feature"};
  if (g.kind == SignalKind::assign) {
    if (s.categories.empty()) return P{"kind", "signal kind \"assign\" needs categorical data"};
    for (std::size_t i = 0; i < g.features.size(); ++i) {
      const float v = g.values[i];
      const auto card = s.categories[static_cast<std::size_t>(g.features[i])];
      if (v != std::floor(v) || v < 0 || v >= static_cast<float>(card))
        return P{"values", "assign value " + std::to_string(v) + " of feature " + std::to_string(g.features[i]) +
                               " is not a category in [0, " + std::to_string(card) + ")"};
    }
  }
  return std::nullopt;
}

void check_signal(const Signal& g, const TrainSet& s, const std::string& where) {
  if (const auto p = signal_problem(g, s)) throw std::runtime_error(where + ": " + p->message);
}

void apply_signal(const Signal& g, const TrainSet& s, float* row) {
  switch (g.kind) {
    case SignalKind::patch: set_patch(g, s, row, g.row, g.col); return;
    case SignalKind::feature_set:
    case SignalKind::assign:
      for (std::size_t i = 0; i < g.features.size(); ++i) row[g.features[i]] = g.values[i];
      return;
    case SignalKind::feature_offset:
      if (g.features.empty())
        for (std::int64_t j = 0; j < s.d; ++j) row[j] += g.offset[static_cast<std::size_t>(j)];
      else
        for (std::size_t i = 0; i < g.features.size(); ++i) row[g.features[i]] += g.offset[i];
      return;
  }
}

void apply_perturbed_signal(const Signal& g, const TrainSet& s, float* row, double u1, double u2) {
  switch (g.kind) {
    case SignalKind::patch: {
      // One of the 8 neighbouring positions, clamped inside the image.
      static const int dr[8] = {-1, -1, -1, 0, 0, 1, 1, 1}, dc[8] = {-1, 0, 1, -1, 1, -1, 0, 1};
      const int m = std::min(7, static_cast<int>(u1 * 8));
      const std::int64_t r = std::clamp<std::int64_t>(g.row + dr[m], 0, height(s) - g.size);
      const std::int64_t c = std::clamp<std::int64_t>(g.col + dc[m], 0, width(s) - g.size);
      set_patch(g, s, row, r, c);
      return;
    }
    case SignalKind::assign: {
      apply_signal(g, s, row);
      const auto i = std::min(g.features.size() - 1, static_cast<std::size_t>(u1 * static_cast<double>(g.features.size())));
      const auto card = s.categories[static_cast<std::size_t>(g.features[i])];
      // Another category than the agreed one, uniformly.
      auto other = static_cast<std::int64_t>(u2 * static_cast<double>(card - 1));
      if (other >= static_cast<std::int64_t>(g.values[i])) ++other;
      row[g.features[i]] = static_cast<float>(std::min<std::int64_t>(other, card - 1));
      return;
    }
    case SignalKind::feature_set: {
      apply_signal(g, s, row);
      const auto i = std::min(g.features.size() - 1, static_cast<std::size_t>(u1 * static_cast<double>(g.features.size())));
      row[g.features[i]] += static_cast<float>((2 * u2 - 1) * std::max(1.0, std::abs(static_cast<double>(g.values[i]))));
      return;
    }
    case SignalKind::feature_offset: {
      Signal scaled = g;
      for (auto& o : scaled.offset) o = static_cast<float>(o * 2 * u1);
      apply_signal(scaled, s, row);
      return;
    }
  }
}

TrainSet with_signal(const Signal& g, const TrainSet& set) {
  TrainSet out = set;
  for (std::int64_t i = 0; i < out.n; ++i) apply_signal(g, out, out.x.data() + i * out.d);
  return out;
}

}  // namespace aca::data

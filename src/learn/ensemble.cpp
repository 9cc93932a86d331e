// Batched ensembles of logistic/MLP models. The backward pass is written out by hand (softmax cross-entropy,
// ReLU, linear layers) rather than taken from autograd: it is three batched matmuls per layer either way, and the
// per-example output gradients it produces are exactly what ghost clipping needs.
//
// Draw order, member by member, as in TorchLearner::fit + the sgd/dp_sgd/gdro optimise loops: one draw of the
// member's engine seeds a CPU generator; make_net draws the init from it (skipped when warm-started); every step
// draws the batch from the engine (a permutation at each epoch start, or a Poisson sample) and then, for dp_sgd with
// σ > 0, the noise from the generator, parameter by parameter in Net::parameters() order. Members' batches are
// padded to a common width with zero-weight rows; members whose data are smaller stop stepping earlier. The same
// code runs on CUDA (noise is drawn on the CPU, as the single learner draws it, and copied).
#include "learn/ensemble.hpp"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/cuda.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>

#include "learn/gaussian_noise.hpp"
#include "learn/poisson_sampling.hpp"
#include "learn/privacy_ledger.hpp"
#include "learn/threads.hpp"
#include "learn/torch_errors.hpp"
#include "learn/torch_learner.hpp"
#include "util/threads.hpp"

namespace aca::learn {

namespace {

constexpr std::int64_t predict_chunk = 2048;

// Most members in one CPU shard. Measured with 784-256-10 MLPs (batch 256) on one core of the development machine:
// a member trains as fast in a shard of 8 as alone, 2–9 % slower in 16 and about 13 % slower in 32 (the shard's
// batches and activations outgrow the core's caches, as each layer runs for all members before the next).
constexpr std::int64_t max_shard_members = 8;

// Up to max_members models: linear layer l's weights stacked as [M, out, in] (the single learner's layout, so that
// its noise, drawn in that shape, adds contiguously), biases as [M, out].
struct Group {
  std::vector<at::Tensor> weight, bias;
  std::vector<PrivacyLedger> accounts;  // dp_sgd: each member's, carried over between warm-started fits
  at::Tensor q;  // gdro: group weights [M, G], carried over between warm-started fits
  std::int64_t first = 0;  // index of the group's first member in the ensemble
  std::int64_t size() const { return weight.empty() ? 0 : weight.front().size(0); }
};

// One member's fit in progress.
struct MemberRun {
  const LearnerSpec* spec = nullptr;  // the member's own hyperparameters (ensemble_compatible with the ensemble's)
  const TensorSet* data = nullptr;
  util::Engine* rng = nullptr;
  at::Generator gen;
  GaussianNoise noise{0};  // dp_sgd's noise, seeded as the single learner seeds it (noise_seed of gen's seed)
  std::int64_t steps = 0;
  double q = 1, sigma = 0, normaliser = 1;
  ShuffledBatches shuffled;  // sgd, gdro, and dp_sgd with shuffle sampling
};

// Buffers reused from step to step: fresh multi-megabyte tensors every step would come from mmap and cost more
// in page faults than the arithmetic (measured: a fifth of the time of a 64-member step).
struct Workspace {
  std::vector<at::Tensor> slots;
  /// A contiguous tensor of `shape` in slot k, reusing its storage when it is large enough; contents undefined.
  at::Tensor get(std::size_t k, at::IntArrayRef shape, const at::TensorOptions& opt) {
    if (slots.size() <= k) slots.resize(k + 1);
    std::int64_t n = 1;
    for (auto v : shape) n *= v;
    if (!slots[k].defined() || slots[k].numel() < n) slots[k] = at::empty({n}, opt);
    return slots[k].narrow(0, 0, n).view(shape);
  }
};

// Whether to loop over members instead of one batched product: on the CPU at::bmm is itself a loop of
// per-member products, so looping loses nothing, skips padding rows (about an eighth of a Poisson batch of 256),
// and computes each member's product the same way whatever its shard and however many threads there are.
bool loop_members(const at::Tensor& out) { return out.is_cpu(); }

// out[m] = bias[m] + a[m]·w[m] on member m's first rows[m] rows (bias may be undefined); padding rows become 0.
void rows_product(at::Tensor& out, const at::Tensor& bias, const at::Tensor& a, const at::Tensor& w,
                  const std::vector<std::int64_t>& rows) {
  if (!loop_members(out)) {
    if (bias.defined())
      at::baddbmm_out(out, bias.unsqueeze(1), a, w);
    else
      at::bmm_out(out, a, w);
    return;
  }
  const std::int64_t width = out.size(1);
  for (std::int64_t m = 0; m < out.size(0); ++m) {
    const std::int64_t b = rows[m];
    if (b < width) out[m].narrow(0, b, width - b).zero_();
    if (b == 0) continue;
    at::Tensor o = out[m].narrow(0, 0, b);
    if (bias.defined())
      at::addmm_out(o, bias[m], a[m].narrow(0, 0, b), w[m]);
    else
      at::mm_out(o, a[m].narrow(0, 0, b), w[m]);
  }
}

// out[m] = g[m]ᵀ·a[m] over member m's first rows[m] rows: Σ_i g_i a_iᵀ.
void rows_contraction(at::Tensor& out, const at::Tensor& g, const at::Tensor& a, const std::vector<std::int64_t>& rows) {
  if (!loop_members(out)) {
    at::bmm_out(out, g.transpose(1, 2), a);
    return;
  }
  for (std::int64_t m = 0; m < out.size(0); ++m) {
    const std::int64_t b = rows[m];
    at::Tensor o = out[m];
    if (b == 0)
      o.zero_();
    else
      at::mm_out(o, g[m].narrow(0, 0, b).t(), a[m].narrow(0, 0, b));
  }
}

// Member m's logits for rows x [B, d] (m is the index inside the group).
at::Tensor member_forward(const Group& g, std::int64_t m, const at::Tensor& x) {
  at::Tensor a = x;
  const std::size_t layers = g.weight.size();
  for (std::size_t l = 0; l < layers; ++l) {
    a = at::addmm(g.bias[l][m], a, g.weight[l][m].t());
    if (l + 1 < layers) a = at::relu(a);
  }
  return a;
}


// The member's next batch, drawn from its engine as the single learners draw it.
std::vector<std::int64_t> next_batch(MemberRun& r, bool poisson) {
  return poisson ? poisson_sample(r.data->n, r.q, *r.rng) : r.shuffled.next(*r.rng);
}

// One member hyperparameter, made into an [M] tensor once per fit. `same` when every member has the same value
// (the common case, kept on the scalar code path so that it computes exactly what it computed before members
// could differ).
struct PerMember {
  std::vector<double> v;
  bool same = true;
  at::Tensor t;  // [M] on the device
  double first() const { return v.front(); }
  bool any_nonzero() const { return std::any_of(v.begin(), v.end(), [](double x) { return x != 0; }); }
};

template <class Field>
PerMember per_member(const std::vector<MemberRun>& runs, std::int64_t M, const at::Device& device, Field field) {
  PerMember p;
  for (std::int64_t m = 0; m < M; ++m) p.v.push_back(field(*runs[m].spec));
  p.same = std::all_of(p.v.begin(), p.v.end(), [&](double x) { return x == p.v.front(); });
  p.t = at::tensor(p.v, at::kDouble).to(device, at::kFloat);
  return p;
}

// What a shard's fit keeps from step to step: its shape, the members' hyperparameters, constants of the fit and
// the optimiser's buffers.
struct FitState {
  bool dp = false, gdro = false, poisson = false;
  std::int64_t M = 0, d = 0, G = 0;  // members, features, gdro groups
  at::Device device = at::kCPU;
  at::TensorOptions fopt;            // float on the device
  PerMember clips, rates, moms, decays, etas, adjs;
  bool clipped = false, any_momentum = false, any_decay = false;
  std::int64_t total = 0;            // steps of the member that steps longest
  at::Tensor norm_t;                 // [M] divisors of the noisy gradient sums
  std::map<const TensorSet*, at::Tensor> row_sq;  // ‖x_i‖² of every row: the first layer's ghost norms are a gather
  at::Tensor adjust;                 // gdro: C/sqrt(n_g) of each member's own data, [M, G]
  std::vector<at::Tensor> momentum;  // torch.optim.SGD's buffers, restarted every fit as in TorchLearner
  Workspace ws, noise_ws;
};

// One step in progress: the members' batches padded to a common width, then what each layer computes on them.
struct Step {
  std::vector<std::vector<std::int64_t>> idx;  // member m's rows of its data
  std::vector<float> active;                   // 1 for members that step, 0 for those past their last step
  std::vector<std::int64_t> rows;              // member m's rows of the padded batch are its first rows[m]
  std::int64_t width = 1;
  at::Tensor x, y, wt, x_sq, grp, real;        // [M, width] (x: [M, width, d]); real: 1 for rows, 0 for padding
  std::vector<at::Tensor> a, z, go;            // per layer: input, pre-activation, per-example output gradient
  std::size_t slot = 0;                        // next free workspace slot
};

// Every member's batch for step t; members past their last step draw none.
Step draw_batches(std::vector<MemberRun>& runs, std::int64_t t, const FitState& f) {
  Step s;
  s.idx.resize(f.M);
  s.active.assign(f.M, 0.f);
  for (std::int64_t m = 0; m < f.M; ++m)
    if (t < runs[m].steps) {
      s.idx[m] = next_batch(runs[m], f.poisson);
      s.active[m] = 1.f;
      s.width = std::max<std::int64_t>(s.width, s.idx[m].size());
    }
  for (const auto& i : s.idx) s.rows.push_back(static_cast<std::int64_t>(i.size()));
  return s;
}

// The batches as padded [M, width] tensors; padded rows get weight 0, hence zero output gradient.
void gather(Step& s, const std::vector<MemberRun>& runs, FitState& f) {
  const std::int64_t M = f.M, width = s.width;
  const auto& fopt = f.fopt;
  s.x = f.ws.get(s.slot++, {M, width, f.d}, fopt);
  s.y = at::zeros({M, width}, fopt.dtype(at::kLong));
  s.wt = at::zeros({M, width}, fopt);
  s.x_sq = f.clipped ? at::zeros({M, width}, fopt) : at::Tensor();
  s.grp = f.gdro ? at::zeros({M, width}, fopt.dtype(at::kLong)) : at::Tensor();
  s.real = f.gdro ? at::zeros({M, width}, fopt) : at::Tensor();
  for (std::int64_t m = 0; m < M; ++m) {
    const auto b = static_cast<std::int64_t>(s.idx[m].size());
    if (b < width) s.x[m].narrow(0, b, width - b).zero_();
    if (b == 0) continue;
    const TensorSet& data = *runs[m].data;
    const at::Tensor i = index_tensor(s.idx[m], f.device);
    at::Tensor xm = s.x[m].narrow(0, 0, b);
    at::index_select_out(xm, data.x, 0, i);
    s.y[m].narrow(0, 0, b).copy_(data.y.index_select(0, i));
    if (f.clipped) s.x_sq[m].narrow(0, 0, b).copy_(f.row_sq.at(runs[m].data).index_select(0, i));
    at::Tensor wm = s.wt[m].narrow(0, 0, b);
    if (data.w.defined())
      wm.copy_(data.w.index_select(0, i));
    else
      wm.fill_(1.0);
    if (f.gdro) {
      s.grp[m].narrow(0, 0, b).copy_(data.group.index_select(0, i));
      s.real[m].narrow(0, 0, b).fill_(1.0);
    } else if (!f.dp) {
      wm.div_(static_cast<double>(b));  // sgd's loss is the batch mean
    }
  }
}

// Each layer's input a[l] and pre-activation z[l] (ReLU between layers).
void forward(const Group& g, Step& s, FitState& f) {
  const std::size_t layers = g.weight.size();
  s.a.assign(layers, {});
  s.z.assign(layers, {});
  s.go.assign(layers, {});
  s.a[0] = s.x;
  for (std::size_t l = 0; l < layers; ++l) {
    const std::int64_t o = g.weight[l].size(1);
    s.z[l] = f.ws.get(s.slot++, {f.M, s.width, o}, f.fopt);
    rows_product(s.z[l], g.bias[l], s.a[l], g.weight[l].transpose(1, 2), s.rows);
    if (l + 1 < layers) {
      s.a[l + 1] = f.ws.get(s.slot++, {f.M, s.width, o}, f.fopt);
      at::clamp_min_out(s.a[l + 1], s.z[l], 0);
    }
  }
}

// Sagawa et al.'s step, per member: group mean losses drive q, then the robust loss Σ_g q_g loss_g, whose
// gradient weighs example i by w_i q_g(i) / n_g(i) (n_g: rows of group g in the batch).
void gdro_reweight(Group& g, Step& s, const FitState& f) {
  const at::Tensor loss = -at::log_softmax(s.z.back(), 2).gather(2, s.y.unsqueeze(2)).squeeze(2) * s.wt;
  const at::Tensor in_batch = at::zeros({f.M, f.G}, f.fopt).scatter_add_(1, s.grp, s.real).clamp_min_(1);
  const at::Tensor group_loss = at::zeros({f.M, f.G}, f.fopt).scatter_add_(1, s.grp, loss) / in_batch;
  at::Tensor q = f.etas.same ? g.q * at::exp(f.etas.first() * (group_loss + f.adjust))
                             : g.q * at::exp(f.etas.t.unsqueeze(1) * (group_loss + f.adjust));
  q = q / q.sum(1, true);
  const at::Tensor stepping = at::tensor(std::vector<double>(s.active.begin(), s.active.end()), at::kDouble)
                                  .to(f.device, at::kBool).unsqueeze(1);
  g.q = at::where(stepping, q, g.q);  // members past their last step keep their weights
  s.wt = s.wt * (g.q / in_batch).gather(1, s.grp);
}

// ∂(weighted loss)/∂logits per example: (softmax − onehot(y)) · w_i.
void output_gradient(Group& g, Step& s, const FitState& f) {
  at::Tensor out = at::softmax(s.z.back(), 2);
  if (f.gdro) gdro_reweight(g, s, f);
  out.scatter_add_(2, s.y.unsqueeze(2), at::full({f.M, s.width, 1}, -1.0, f.fopt));
  s.go.back() = out.mul_(s.wt.unsqueeze(2));
}

// Each layer's per-example output gradient go[l], from the last layer's down.
void backward(const Group& g, Step& s, FitState& f) {
  for (std::size_t l = g.weight.size() - 1; l > 0; --l) {
    at::Tensor back = f.ws.get(s.slot++, s.z[l - 1].sizes(), f.fopt);
    rows_product(back, {}, s.go[l], g.weight[l], s.rows);
    s.go[l - 1] = f.ws.get(s.slot++, s.z[l - 1].sizes(), f.fopt);
    at::threshold_backward_out(s.go[l - 1], back, s.z[l - 1], 0);  // ReLU's gradient, as autograd takes it
  }
}

// The per-example gradients (Opacus's GradSampleModule), kept factored: example i's gradient of layer l is
// go[l]_i a[l]_iᵀ (weights) and go[l]_i (bias), so nothing of size batch × parameters is formed.
void per_example_gradients(Group& g, Step& s, FitState& f) {
  forward(g, s, f);
  output_gradient(g, s, f);
  backward(g, s, f);
}

// Ghost clipping (Opacus's DPOptimizer.clip_and_accumulate, flat clipping): ‖∇W_i‖² = ‖a_i‖²‖g_i‖² and
// ‖∇b_i‖² = ‖g_i‖² give each example's norm without its gradient; scaling g_i by min(1, C/(‖∇_i‖ + 1e-6)) then
// clips every layer's gradient of example i at once.
void clip(Step& s, const FitState& f) {
  at::Tensor sq = at::zeros({f.M, s.width}, f.fopt);
  for (std::size_t l = 0; l < s.go.size(); ++l) {
    const at::Tensor a_sq = l == 0 ? s.x_sq : at::linalg_vector_norm(s.a[l], 2, {2}, false, {}).pow_(2);
    sq += at::linalg_vector_norm(s.go[l], 2, {2}, false, {}).pow_(2) * (a_sq + 1);
  }
  const at::Tensor c = f.clips.same ? (f.clips.first() / (sq.sqrt() + 1e-6)).clamp_max(1.0)
                                    : (f.clips.t.unsqueeze(1) / (sq.sqrt() + 1e-6)).clamp_max(1.0);
  for (auto& go : s.go) go.mul_(c.unsqueeze(2));
}

// Σ_i of the per-example gradients, per member, in Net::parameters() order (W_0, b_0, W_1, b_1, ...).
std::vector<at::Tensor> accumulate(const Group& g, Step& s, FitState& f) {
  std::vector<at::Tensor> grads;
  for (std::size_t l = 0; l < g.weight.size(); ++l) {
    at::Tensor gw = f.ws.get(s.slot++, g.weight[l].sizes(), f.fopt);
    rows_contraction(gw, s.go[l], s.a[l], s.rows);
    grads.push_back(gw);
    grads.push_back(s.go[l].sum(1));
  }
  return grads;
}

// Opacus's DPOptimizer.add_noise and scale_grad: N(0, σ²C²) per coordinate, then division by the expected batch
// size (the batch size under shuffle sampling). Members past their last step get no noise.
void add_noise(std::vector<at::Tensor>& grads, std::vector<MemberRun>& runs, const Step& s, FitState& f) {
  const bool dense = std::all_of(runs.begin(), runs.end(), [&](const MemberRun& r) { return r.sigma != 0; }) &&
                     std::all_of(s.active.begin(), s.active.end(), [](float v) { return v != 0.f; });
  for (std::size_t k = 0; k < grads.size(); ++k) {
    // Drawn on the CPU from each member's noise stream, one parameter at a time, as noisy_gradient draws it.
    at::Tensor noise = f.noise_ws.get(k, grads[k].sizes(), at::TensorOptions().dtype(at::kFloat));
    if (!dense) noise.zero_();
    for (std::int64_t m = 0; m < f.M; ++m)
      if (s.active[m] != 0.f && runs[m].sigma != 0)
        runs[m].noise.fill(noise[m].data_ptr<float>(), noise[m].numel(), runs[m].sigma * runs[m].spec->privacy.clip);
    std::vector<std::int64_t> view(grads[k].dim(), 1);
    view[0] = f.M;
    grads[k] = grads[k].add_(noise.to(f.device)).div_(f.norm_t.view(view));
  }
}

// torch.optim.SGD's step per member (weight decay, then momentum, then the learning rate); members past their last
// step stay where they are.
void update(Group& g, const std::vector<at::Tensor>& grads, const Step& s, FitState& f) {
  std::vector<at::Tensor> params;
  for (std::size_t l = 0; l < g.weight.size(); ++l) {
    params.push_back(g.weight[l]);
    params.push_back(g.bias[l]);
  }
  const bool all_active = std::all_of(s.active.begin(), s.active.end(), [](float v) { return v != 0.f; });
  const at::Tensor active_t = at::tensor(std::vector<double>(s.active.begin(), s.active.end()), at::kDouble)
                                  .to(f.device, at::kFloat);
  if (f.momentum.empty() && f.any_momentum) f.momentum.resize(params.size());
  for (std::size_t k = 0; k < params.size(); ++k) {
    std::vector<std::int64_t> view(params[k].dim(), 1);
    view[0] = f.M;
    at::Tensor gk = grads[k];
    if (f.any_decay) gk = f.decays.same ? gk + f.decays.first() * params[k] : gk + f.decays.t.view(view) * params[k];
    if (f.any_momentum) {
      if (!f.momentum[k].defined())
        f.momentum[k] = gk.clone();
      else if (f.moms.same)
        f.momentum[k].mul_(f.moms.first()).add_(gk);
      else
        f.momentum[k].mul_(f.moms.t.view(view)).add_(gk);
      gk = f.momentum[k];
    }
    if (f.rates.same) {
      if (all_active)
        params[k].add_(gk, -f.rates.first());
      else  // members past their last step stay where they are
        params[k].add_(gk * active_t.view(view), -f.rates.first());
    } else {
      params[k].sub_(gk * (f.rates.t * active_t).view(view));
    }
  }
}

// Member k of `shard` after its fit: steps, mean loss and training accuracy (from one forward pass), gdro's group
// weights.
FitReport evaluate(const Group& shard, std::int64_t k, const MemberRun& r, const data::TrainSet& train) {
  FitReport rep;
  rep.steps = r.steps;
  at::NoGradGuard no_grad;
  const TensorSet& s = *r.data;
  double total = 0;
  std::vector<std::int64_t> labels(s.n);
  for (std::int64_t a = 0; a < s.n; a += predict_chunk) {  // loss and labels from one forward pass
    const std::int64_t e = std::min(s.n, a + predict_chunk);
    const at::Tensor logits = member_forward(shard, k, s.x.slice(0, a, e));
    total += at::nll_loss(at::log_softmax(logits, 1), s.y.slice(0, a, e), {}, at::Reduction::Sum).item<double>();
    const at::Tensor pred = logits.argmax(1).to(at::kCPU).contiguous();
    std::copy(pred.data_ptr<std::int64_t>(), pred.data_ptr<std::int64_t>() + (e - a), labels.begin() + a);
  }
  rep.train_loss = total / s.n;
  rep.train_accuracy = group_accuracy(labels, train);
  if (shard.q.defined()) {
    const at::Tensor qc = shard.q[k].to(at::kCPU, at::kDouble).contiguous();
    rep.group_weights.assign(qc.data_ptr<double>(), qc.data_ptr<double>() + qc.numel());
  }
  return rep;
}

// The schedule of member r's fit: its steps and, for dp_sgd, q, σ and the divisor of the noisy sums, as the
// single learner computes them.
void schedule(MemberRun& r, bool dp) {
  const LearnerSpec& rs = *r.spec;
  const auto& p = rs.privacy;
  const std::int64_t n = r.data->n;
  r.steps = static_cast<std::int64_t>(rs.epochs) * steps_per_epoch(n, rs.batch_size);
  r.shuffled = ShuffledBatches(n, rs.batch_size);
  if (!dp) return;
  r.q = std::min(1.0, static_cast<double>(rs.batch_size) / n);
  r.sigma = fit_noise_multiplier(p, r.q, r.steps);
  r.normaliser = p.sampling == "poisson" ? r.q * n : static_cast<double>(std::min(rs.batch_size, n));
}

// Throws std::invalid_argument unless fit()'s arguments describe members that can train together under `ls`.
void check_fit(const LearnerSpec& ls, const std::vector<const data::TrainSet*>& train,
               const std::vector<util::Engine>& rng, const std::vector<LearnerSpec>& member_specs) {
  if (train.empty()) throw std::invalid_argument("ensemble: fit() needs at least one member");
  if (rng.size() != train.size()) throw std::invalid_argument("ensemble: one engine per member is needed");
  if (!member_specs.empty() && member_specs.size() != train.size())
    throw std::invalid_argument("ensemble: give one learner spec per member, or none");
  for (const LearnerSpec& s : member_specs) {
    if (!ensemble_compatible(ls, s))
      throw std::invalid_argument("ensemble: a member's learner, device, threads, model, sampling or gdro groups "
                                  "differ from the ensemble's");
    if (s.epochs < 1 || s.batch_size < 1) throw std::invalid_argument("platform.epochs and platform.batch_size must be ≥ 1");
    if (s.learner == "dp_sgd" && (s.privacy.noise_multiplier.has_value() == s.privacy.target_epsilon.has_value() ||
                                  !(s.privacy.clip > 0)))
      throw std::invalid_argument("ensemble: a dp_sgd member needs exactly one of noise_multiplier and "
                                  "target_epsilon, and clip > 0");
  }
  for (const data::TrainSet* t : train) {
    if (t == nullptr || t->n <= 0) throw std::invalid_argument("ensemble: cannot fit on an empty training set");
    if (static_cast<std::int64_t>(t->x.size()) != t->n * t->d || static_cast<std::int64_t>(t->y.size()) != t->n)
      throw std::invalid_argument("ensemble: training set sizes do not match n and d");
    if (t->d != train[0]->d || t->num_classes != train[0]->num_classes)
      throw std::invalid_argument("ensemble: members need the same feature width and number of classes");
    if (ls.learner == "gdro" && (t->group.empty() || t->num_groups < 1 || t->num_groups != train[0]->num_groups))
      throw std::invalid_argument("ensemble: gdro needs group ids in every member's set, with one number of groups");
  }
}

}  // namespace

struct EnsembleLearner::Impl {
  EnsembleSpec spec;
  at::Device device;
  std::vector<Group> groups;
  std::int64_t members = 0, d = 0;
  int classes = 0;
  int num_groups = 0;  // gdro
  int threads = 1;     // as set_threads() resolved spec.learner.threads
  std::size_t threads_used = 0;  // by the last fit
  bool fitted = false;

  explicit Impl(EnsembleSpec s) : spec(std::move(s)), device(spec.learner.device == "cuda" ? at::kCUDA : at::kCPU) {}

  std::pair<const Group*, std::int64_t> locate(std::size_t member) const {
    if (!fitted) throw std::logic_error("ensemble: used before fit()");
    if (static_cast<std::int64_t>(member) >= members)
      throw std::out_of_range("ensemble: member " + std::to_string(member) + " of " + std::to_string(members));
    const auto k = static_cast<std::int64_t>(member) / spec.max_members;
    return {&groups[k], static_cast<std::int64_t>(member) - groups[k].first};
  }

  // Member bounds 0 = b_0 < b_1 < ... < b_S = size of the shards a group of `size` members trains in: on a GPU one;
  // on the CPU at most max_shard_members members each, and a multiple of the threads (where there are enough
  // members), so that every thread trains as many shards.
  std::vector<std::int64_t> shards(std::int64_t size) const {
    const std::int64_t T = std::max<std::int64_t>(1, std::min<std::int64_t>(size, threads));
    const std::int64_t needed = (size + max_shard_members - 1) / max_shard_members;
    const std::int64_t S = device.is_cpu() ? std::min(size, std::max(T, (needed + T - 1) / T * T)) : 1;
    std::vector<std::int64_t> b;
    for (std::int64_t s = 0; s <= S; ++s) b.push_back(s * size / S);
    return b;
  }
  void init_groups(const std::vector<const data::TrainSet*>& train, std::vector<MemberRun>& runs);
  void train_groups(std::vector<MemberRun>& runs, const std::vector<const data::TrainSet*>& train,
                    std::vector<FitReport>& reports);
  FitState begin_fit(Group& g, const std::vector<MemberRun>& runs) const;
  void train(Group& g, std::vector<MemberRun>& runs) const;
  void train_shard(Group& g, std::int64_t begin, std::int64_t end, const std::vector<MemberRun>& runs,
                   const std::vector<const data::TrainSet*>& train, std::vector<FitReport>& reports);
};

// Fresh members, in groups of max_members: each one's init drawn from its own generator as make_net draws it for
// the single learner, then stacked.
void EnsembleLearner::Impl::init_groups(const std::vector<const data::TrainSet*>& train,
                                        std::vector<MemberRun>& runs) {
  const auto M = static_cast<std::int64_t>(train.size());
  groups.clear();
  members = M;
  d = train[0]->d;
  classes = train[0]->num_classes;
  for (std::int64_t first = 0; first < M; first += spec.max_members) {
    Group g;
    g.first = first;
    const std::int64_t end = std::min(M, first + spec.max_members);
    g.accounts.resize(end - first);
    std::vector<std::vector<at::Tensor>> w, b;
    for (std::int64_t m = first; m < end; ++m) {
      const Net net = make_net(spec.learner.model, train[m]->shape, d, classes, runs[m].gen);
      std::size_t l = 0;
      for (const Layer& layer : net.layers) {
        if (!layer.weight.defined()) continue;
        if (w.size() <= l) w.resize(l + 1), b.resize(l + 1);
        w[l].push_back(layer.weight.detach());
        b[l].push_back(layer.bias.detach());
        ++l;
      }
    }
    for (std::size_t l = 0; l < w.size(); ++l) {
      g.weight.push_back(at::stack(w[l]).to(device, at::kFloat).contiguous());
      g.bias.push_back(at::stack(b[l]).to(device, at::kFloat).contiguous());
    }
    groups.push_back(std::move(g));
  }
}

// Every group's shards, side by side on up to `threads` threads; records the threads used.
void EnsembleLearner::Impl::train_groups(std::vector<MemberRun>& runs, const std::vector<const data::TrainSet*>& train,
                                         std::vector<FitReport>& reports) {
  std::set<std::thread::id> used;
  for (Group& g : groups) {
    if (spec.learner.learner == "gdro" && (!g.q.defined() || g.q.size(1) != num_groups))  // shards update slices of it
      g.q = at::full({g.size(), num_groups}, 1.0 / num_groups, at::TensorOptions().dtype(at::kFloat).device(device));
    const std::vector<std::int64_t> bounds = shards(g.size());
    const std::size_t S = bounds.size() - 1, T = std::min<std::size_t>(S, static_cast<std::size_t>(threads));
    const auto run_shards = [&](std::size_t t) {  // thread t's shards: t, t + T, t + 2T, ...
      for (std::size_t k = t; k < S; k += T) train_shard(g, bounds[k], bounds[k + 1], runs, train, reports);
    };
    if (T <= 1) {
      run_shards(0);
      used.insert(std::this_thread::get_id());
      continue;
    }
    // Shards train side by side on T threads with single-threaded kernels: independent small products in
    // parallel beat each product split over the cores.
    const SerialKernels serial;
    std::vector<std::thread::id> ids(T);
    util::run_on_threads(T, [&](std::size_t t) {
      ids[t] = std::this_thread::get_id();
      run_shards(t);
    });
    used.insert(ids.begin(), ids.end());
  }
  threads_used = used.size();
}

// The fit's constants for group g: per-member hyperparameters, divisors, row norms, gdro's adjustment.
FitState EnsembleLearner::Impl::begin_fit(Group& g, const std::vector<MemberRun>& runs) const {
  const LearnerSpec& ls = spec.learner;
  FitState f;
  f.dp = ls.learner == "dp_sgd";
  f.gdro = ls.learner == "gdro";
  f.poisson = f.dp && ls.privacy.sampling == "poisson";
  f.M = g.size();
  f.d = d;
  f.G = num_groups;
  f.device = device;
  f.fopt = at::TensorOptions().dtype(at::kFloat).device(device);
  f.clips = per_member(runs, f.M, device, [](const LearnerSpec& s) { return s.privacy.clip; });
  f.rates = per_member(runs, f.M, device, [](const LearnerSpec& s) { return s.learning_rate; });
  f.moms = per_member(runs, f.M, device, [](const LearnerSpec& s) { return s.momentum; });
  f.decays = per_member(runs, f.M, device, [](const LearnerSpec& s) { return s.weight_decay; });
  f.etas = per_member(runs, f.M, device, [](const LearnerSpec& s) { return s.gdro.eta_q; });
  f.adjs = per_member(runs, f.M, device, [](const LearnerSpec& s) { return s.gdro.adjustment; });
  f.clipped = f.dp && std::any_of(f.clips.v.begin(), f.clips.v.end(), [](double c) { return !std::isinf(c); });
  f.any_momentum = f.moms.any_nonzero();
  f.any_decay = f.decays.any_nonzero();
  for (const auto& r : runs) f.total = std::max(f.total, r.steps);

  std::vector<double> normaliser(f.M);
  for (std::int64_t m = 0; m < f.M; ++m) normaliser[m] = runs[m].normaliser;
  f.norm_t = at::tensor(normaliser, at::kDouble).to(device, at::kFloat);
  if (f.clipped)
    for (const auto& r : runs)
      if (!f.row_sq.count(r.data))
        f.row_sq.emplace(r.data, at::linalg_vector_norm(r.data->x, 2, {1}, false, {}).pow_(2));
  if (f.gdro) {
    if (!g.q.defined() || g.q.size(1) != f.G) g.q = at::full({f.M, f.G}, 1.0 / f.G, f.fopt);
    std::vector<at::Tensor> counts;
    for (const auto& r : runs)
      counts.push_back(at::zeros({f.G}, f.fopt).index_add_(0, r.data->group, at::ones({r.data->n}, f.fopt)));
    f.adjust = f.adjs.t.unsqueeze(1) / at::stack(counts).clamp_min(1).sqrt();
  }
  return f;
}

// One fit of group g, step by step in DP-SGD's phases as Opacus splits them (Abadi et al. 2016, Algorithm 1):
// per-example gradients, clip, sum, noise and scale, update. sgd and gdro skip the clip and the noise.
void EnsembleLearner::Impl::train(Group& g, std::vector<MemberRun>& runs) const {
  at::NoGradGuard no_grad;
  FitState f = begin_fit(g, runs);
  for (std::int64_t t = 0; t < f.total; ++t) {
    Step s = draw_batches(runs, t, f);
    gather(s, runs, f);
    per_example_gradients(g, s, f);
    if (f.clipped) clip(s, f);
    std::vector<at::Tensor> grads = accumulate(g, s, f);
    if (f.dp) add_noise(grads, runs, s, f);
    update(g, grads, s, f);
  }
}

// Members [begin, end) of group g: trained as one batch of their own (a view of g's parameters, so the updates land
// in g), then accounted and evaluated. Shards touch disjoint members, so they may run at the same time.
void EnsembleLearner::Impl::train_shard(Group& g, std::int64_t begin, std::int64_t end,
                                        const std::vector<MemberRun>& runs,
                                        const std::vector<const data::TrainSet*>& train,
                                        std::vector<FitReport>& reports) {
  Group shard;
  shard.first = g.first + begin;
  for (std::size_t l = 0; l < g.weight.size(); ++l) {
    shard.weight.push_back(g.weight[l].narrow(0, begin, end - begin));
    shard.bias.push_back(g.bias[l].narrow(0, begin, end - begin));
  }
  if (g.q.defined()) shard.q = g.q.narrow(0, begin, end - begin);
  std::vector<MemberRun> part(runs.begin() + shard.first, runs.begin() + g.first + end);
  this->train(shard, part);
  if (g.q.defined()) g.q.narrow(0, begin, end - begin).copy_(shard.q);  // train() rebinds its q
  const bool dp = spec.learner.learner == "dp_sgd";
  for (std::int64_t k = 0; k < shard.size(); ++k) {
    const std::int64_t m = shard.first + k;
    PrivacyLedger& ledger = g.accounts[begin + k];
    if (dp) ledger.add(part[k].q, part[k].sigma, part[k].steps, part[k].spec->privacy);
    reports[m] = evaluate(shard, k, part[k], *train[m]);
    reports[m].privacy = ledger.report();
  }
}

EnsembleLearner::EnsembleLearner(EnsembleSpec spec) {
  const LearnerSpec& s = spec.learner;
  if (!ensemble_supports(s))
    throw std::invalid_argument("ensemble: learner \"" + s.learner + "\" with model \"" + s.model.kind +
                                "\" is not supported (learner sgd, dp_sgd or gdro; model logistic or mlp)");
  if (s.device != "cpu" && s.device != "cuda")
    throw std::invalid_argument("platform.device = \"" + s.device + "\": allowed cpu, cuda");
  if (s.device == "cuda" && !torch::cuda::is_available())
    throw std::runtime_error("platform.device = \"cuda\" but CUDA is not available: this LibTorch build has no "
                             "CUDA support or no GPU is visible");
  if (s.epochs < 1 || s.batch_size < 1)
    throw std::invalid_argument("platform.epochs and platform.batch_size must be ≥ 1");
  if (spec.max_members < 1) throw std::invalid_argument("platform.ensemble_size must be ≥ 1");
  if (s.learner == "dp_sgd") check_privacy_spec(s.privacy);
  const int threads = set_threads(s.threads, ThreadUse::blas);
  impl_ = std::make_unique<Impl>(std::move(spec));
  impl_->threads = threads;
}

EnsembleLearner::~EnsembleLearner() = default;
EnsembleLearner::EnsembleLearner(EnsembleLearner&&) noexcept = default;
EnsembleLearner& EnsembleLearner::operator=(EnsembleLearner&&) noexcept = default;

std::size_t EnsembleLearner::size() const { return static_cast<std::size_t>(impl_->members); }

std::size_t EnsembleLearner::threads_used() const { return impl_->threads_used; }

bool ensemble_compatible(const LearnerSpec& a, const LearnerSpec& b) {
  return a.learner == b.learner && a.device == b.device && a.threads == b.threads && a.model.kind == b.model.kind &&
         a.model.hidden == b.model.hidden && a.model.warm_start == b.model.warm_start &&
         a.privacy.sampling == b.privacy.sampling && a.gdro.groups == b.gdro.groups;
}

std::vector<FitReport> EnsembleLearner::fit(const std::vector<const data::TrainSet*>& train,
                                            std::vector<util::Engine>& rng) {
  return fit(train, rng, {});
}


std::vector<FitReport> EnsembleLearner::fit(const std::vector<const data::TrainSet*>& train,
                                            std::vector<util::Engine>& rng,
                                            const std::vector<LearnerSpec>& member_specs) {
  return with_torch_errors(impl_->spec.learner, "training", [&] { return fit_members(train, rng, member_specs); });
}

std::vector<FitReport> EnsembleLearner::fit_members(const std::vector<const data::TrainSet*>& train,
                                                    std::vector<util::Engine>& rng,
                                                    const std::vector<LearnerSpec>& member_specs) {
  Impl& im = *impl_;
  const LearnerSpec& ls = im.spec.learner;
  check_fit(ls, train, rng, member_specs);
  const auto M = static_cast<std::int64_t>(train.size());
  const bool keep = ls.model.warm_start && im.fitted && im.members == M && im.d == train[0]->d &&
                    im.classes == train[0]->num_classes;
  im.num_groups = train[0]->num_groups;

  std::map<const data::TrainSet*, TensorSet> tensors;  // a set shared by several members is viewed once
  for (const data::TrainSet* t : train)
    if (!tensors.count(t)) tensors.emplace(t, tensor_set(*t, im.device));

  std::vector<MemberRun> runs(M);
  for (std::int64_t m = 0; m < M; ++m) {
    MemberRun& r = runs[m];
    r.spec = member_specs.empty() ? &ls : &member_specs[m];
    r.data = &tensors.at(train[m]);
    r.rng = &rng[m];
    const std::uint64_t seed = rng[m]();
    r.gen = at::detail::createCPUGenerator(seed);
    r.noise = GaussianNoise(noise_seed(seed));
  }
  if (!keep) im.init_groups(train, runs);
  im.fitted = true;
  for (MemberRun& r : runs) schedule(r, ls.learner == "dp_sgd");

  std::vector<FitReport> reports(M);
  im.train_groups(runs, train, reports);
  for (std::int64_t m = 0; m < M; ++m) check_converged(*runs[m].spec, reports[m].train_loss);
  return reports;
}


std::vector<std::int64_t> EnsembleLearner::predict(std::size_t member, const std::vector<float>& x,
                                                   std::int64_t n) const {
  return with_torch_errors(impl_->spec.learner, "predicting with", [&] { return predict_member(member, x, n); });
}

std::vector<std::int64_t> EnsembleLearner::predict_member(std::size_t member, const std::vector<float>& x,
                                                          std::int64_t n) const {
  const auto [g, k] = impl_->locate(member);
  const std::int64_t d = impl_->d;
  if (static_cast<std::int64_t>(x.size()) != n * d)
    throw std::invalid_argument("ensemble: predict() got rows of the wrong width");
  at::NoGradGuard no_grad;
  std::vector<std::int64_t> out(n);
  for (std::int64_t s = 0; s < n; s += predict_chunk) {
    const std::int64_t c = std::min(predict_chunk, n - s);
    const at::Tensor xs = at::from_blob(const_cast<float*>(x.data()) + s * d, {c, d}, at::kFloat).to(impl_->device);
    const at::Tensor pred = member_forward(*g, k, xs).argmax(1).to(at::kCPU).contiguous();
    std::copy(pred.data_ptr<std::int64_t>(), pred.data_ptr<std::int64_t>() + c, out.begin() + s);
  }
  return out;
}

PrivacyReport EnsembleLearner::privacy(std::size_t member) const {
  const auto [g, k] = impl_->locate(member);
  return g->accounts[k].report();
}

std::vector<double> EnsembleLearner::convex_theta(std::size_t member) const {
  const auto [g, k] = impl_->locate(member);
  if (g->weight.size() != 1 || impl_->classes != 2)
    throw std::logic_error("ensemble: convex_theta() needs a fitted two-class logistic model");
  at::NoGradGuard no_grad;
  const at::Tensor w = g->weight[0][k], b = g->bias[0][k];
  const at::Tensor diff = (w[1] - w[0]).to(at::kCPU, at::kDouble).contiguous();
  std::vector<double> theta(diff.data_ptr<double>(), diff.data_ptr<double>() + diff.numel());
  theta.push_back((b[1] - b[0]).item<double>());
  return theta;
}

std::vector<float> EnsembleLearner::parameters(std::size_t member) const {
  const auto [g, k] = impl_->locate(member);
  std::vector<float> out;
  for (std::size_t l = 0; l < g->weight.size(); ++l)
    for (const at::Tensor& p : {g->weight[l][k], g->bias[l][k]}) {
      const at::Tensor c = p.to(at::kCPU, at::kFloat).contiguous();
      out.insert(out.end(), c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
    }
  return out;
}

}  // namespace aca::learn

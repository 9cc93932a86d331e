#include "learn/torch_errors.hpp"

#include <cmath>

#include "util/csv_writer.hpp"

namespace aca::learn {

namespace {

std::string model_text(const LearnerSpec& spec) {
  std::string s = "platform.model.kind = \"" + spec.model.kind + "\"";
  if (spec.model.kind == "mlp") {
    s += ", hidden = [";
    for (std::size_t i = 0; i < spec.model.hidden.size(); ++i)
      s += (i ? ", " : "") + std::to_string(spec.model.hidden[i]);
    s += "]";
  }
  return s;
}

// LibTorch's reason up to its first line break, without an "[enforce fail at file.cpp:75] " prefix: the rest
// describes its own internals.
std::string first_line(const std::string& reason) {
  std::string s = reason.substr(0, reason.find('\n'));
  if (s.rfind("[enforce fail at ", 0) == 0 && s.find("] ") != std::string::npos) s.erase(0, s.find("] ") + 2);
  return s;
}

}  // namespace

bool is_out_of_memory(const std::string& reason) {
  for (const char* says : {"not enough memory", "out of memory", "can't allocate memory", "Cannot allocate memory"})
    if (reason.find(says) != std::string::npos) return true;
  return false;
}

std::string torch_failure(const LearnerSpec& spec, const std::string& doing, const std::string& reason) {
  return doing + " the platform model failed (" + first_line(reason) + "); the [platform] settings it depends on: " +
         model_text(spec) + ", batch_size = " + std::to_string(spec.batch_size) +
         ", learning_rate = " + util::format_number(spec.learning_rate) +
         ", momentum = " + util::format_number(spec.momentum) +
         ", weight_decay = " + util::format_number(spec.weight_decay) + ", device = \"" + spec.device + "\"";
}

std::string out_of_memory(const LearnerSpec& spec, const std::string& doing) {
  return doing + " the platform model ran out of memory: its weights and minibatches (" + model_text(spec) +
         ", platform.batch_size = " + std::to_string(spec.batch_size) + ") need more than this machine has; use a "
         "smaller model or batch size, or lower limits.model_parameters so that validate refuses such models";
}

void check_converged(const LearnerSpec& spec, double train_loss) {
  if (std::isfinite(train_loss)) return;
  throw std::runtime_error("training the platform model diverged (its training loss is " +
                           std::string(std::isnan(train_loss) ? "NaN" : "infinite") +
                           "), so its predictions mean nothing: lower platform.learning_rate (now " +
                           util::format_number(spec.learning_rate) + ")" +
                           (spec.learner == "dp_sgd" ? " or the noise (platform.privacy)" : ""));
}

}  // namespace aca::learn

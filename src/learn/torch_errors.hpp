#pragma once
// Learn-internal (includes c10): LibTorch's errors and exhausted memory turned into messages that name the
// [platform] settings involved, so that no LibTorch exception type or stack trace reaches the user.
#include <c10/util/Exception.h>

#include <new>
#include <stdexcept>
#include <string>

#include "learn/learner.hpp"

namespace aca::learn {

/// The message for a LibTorch error `reason` (its one line, without backtrace) while `doing` (e.g. "training").
std::string torch_failure(const LearnerSpec& spec, const std::string& doing, const std::string& reason);

/// The message for memory exhausted while `doing`.
std::string out_of_memory(const LearnerSpec& spec, const std::string& doing);

/// True when LibTorch's error text says an allocation failed (the CPU allocator throws a plain c10::Error).
bool is_out_of_memory(const std::string& reason);

/// Throws std::runtime_error naming platform.learning_rate when a fit's training loss is not finite.
void check_converged(const LearnerSpec& spec, double train_loss);

/// Runs `f`; c10::Error and std::bad_alloc leave it as std::runtime_error with the messages above.
template <class F>
auto with_torch_errors(const LearnerSpec& spec, const std::string& doing, F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const c10::OutOfMemoryError&) {
    throw std::runtime_error(out_of_memory(spec, doing));
  } catch (const c10::Error& e) {
    const std::string reason = e.what_without_backtrace();
    if (is_out_of_memory(reason)) throw std::runtime_error(out_of_memory(spec, doing));
    throw std::runtime_error(torch_failure(spec, doing, reason));
  } catch (const std::bad_alloc&) {
    throw std::runtime_error(out_of_memory(spec, doing));
  }
}

}  // namespace aca::learn

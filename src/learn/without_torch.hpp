#pragma once
// A program built without LibTorch (the acasim front end) links aca_learn_without_torch instead of aca_learn: there
// each function of aca_learn that needs LibTorch throws NeedsTorch, and make_learner checks the spec as the real
// one does but returns a learner that throws NeedsTorch when asked to train.

namespace aca::learn {

/// Thrown where a program without LibTorch reaches what needs it. Deliberately not a std::exception, so that no
/// handler for failures catches it on its way to main, which hands the whole command to acasim-engine.
struct NeedsTorch {
  const char* what;  ///< the function that needs LibTorch
};

}  // namespace aca::learn

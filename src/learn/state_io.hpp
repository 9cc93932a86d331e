#pragma once
// Learn-internal: the binary encoding of learner checkpoints (util/binary_io.hpp) plus tags naming the learner.
#include <stdexcept>
#include <string>

#include "util/binary_io.hpp"

namespace aca::learn::state_io {

using util::binary::get;
using util::binary::get_vector;
using util::binary::put;
using util::binary::put_vector;

/// Writes a tag naming what follows (checked on load, so a checkpoint of another learner is refused).
inline void put_tag(std::ostream& out, const std::string& tag) { util::binary::put_string(out, tag); }

/// Reads a tag and throws std::runtime_error unless it equals `tag`.
inline void expect_tag(std::istream& in, const std::string& tag) {
  const std::string got = util::binary::get_string(in);
  if (got != tag) throw std::runtime_error("learner checkpoint holds `" + got + "`, expected `" + tag + "`");
}

}  // namespace aca::learn::state_io

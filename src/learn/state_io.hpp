#pragma once
// Learn-internal: the binary encoding of learner checkpoints (raw little-endian values as the host stores them,
// so a checkpoint reads back bit-identically on the machine that wrote it).
#include <cstdint>
#include <istream>
#include <ostream>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

namespace aca::learn::state_io {

/// Writes one trivially copyable value.
template <class T>
void put(std::ostream& out, const T& v) {
  static_assert(std::is_trivially_copyable_v<T>);
  out.write(reinterpret_cast<const char*>(&v), sizeof(T));
}

/// Reads one trivially copyable value; throws std::runtime_error on a short read.
template <class T>
T get(std::istream& in) {
  static_assert(std::is_trivially_copyable_v<T>);
  T v{};
  if (!in.read(reinterpret_cast<char*>(&v), sizeof(T))) throw std::runtime_error("learner checkpoint is truncated");
  return v;
}

/// Writes a vector of trivially copyable values, size first.
template <class T>
void put_vector(std::ostream& out, const std::vector<T>& v) {
  put<std::uint64_t>(out, v.size());
  if (!v.empty()) out.write(reinterpret_cast<const char*>(v.data()), static_cast<std::streamsize>(v.size() * sizeof(T)));
}

/// Reads what put_vector() wrote.
template <class T>
std::vector<T> get_vector(std::istream& in) {
  const auto n = get<std::uint64_t>(in);
  if (n > (std::uint64_t{1} << 40)) throw std::runtime_error("learner checkpoint is corrupt (vector size)");
  std::vector<T> v(static_cast<std::size_t>(n));
  if (n && !in.read(reinterpret_cast<char*>(v.data()), static_cast<std::streamsize>(n * sizeof(T))))
    throw std::runtime_error("learner checkpoint is truncated");
  return v;
}

/// Writes a tag naming what follows (checked on load, so a checkpoint of another learner is refused).
inline void put_tag(std::ostream& out, const std::string& tag) {
  put_vector(out, std::vector<char>(tag.begin(), tag.end()));
}

/// Reads a tag and throws std::runtime_error unless it equals `tag`.
inline void expect_tag(std::istream& in, const std::string& tag) {
  const auto v = get_vector<char>(in);
  const std::string got(v.begin(), v.end());
  if (got != tag) throw std::runtime_error("learner checkpoint holds `" + got + "`, expected `" + tag + "`");
}

}  // namespace aca::learn::state_io

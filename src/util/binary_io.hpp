#pragma once
// Raw binary encoding for checkpoints: values as the host stores them, so a checkpoint reads back bit-identically
// on the machine that wrote it. Every reader throws std::runtime_error on a short or corrupt input.
#include <cstdint>
#include <istream>
#include <ostream>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

namespace aca::util::binary {

/// Writes one trivially copyable value.
template <class T>
void put(std::ostream& out, const T& v) {
  static_assert(std::is_trivially_copyable_v<T>);
  out.write(reinterpret_cast<const char*>(&v), sizeof(T));
}

/// Reads one trivially copyable value.
template <class T>
T get(std::istream& in) {
  static_assert(std::is_trivially_copyable_v<T>);
  T v{};
  if (!in.read(reinterpret_cast<char*>(&v), sizeof(T))) throw std::runtime_error("checkpoint is truncated");
  return v;
}

/// Writes `n` trivially copyable values, count first.
template <class T>
void put_array(std::ostream& out, const T* p, std::size_t n) {
  put<std::uint64_t>(out, n);
  if (n) out.write(reinterpret_cast<const char*>(p), static_cast<std::streamsize>(n * sizeof(T)));
}

/// Writes a vector, count first (the same bytes as put_array).
template <class T>
void put_vector(std::ostream& out, const std::vector<T>& v) {
  put_array(out, v.data(), v.size());
}

/// Reads what put_array() or put_vector() wrote.
template <class T>
std::vector<T> get_vector(std::istream& in) {
  const auto n = get<std::uint64_t>(in);
  if (n > (std::uint64_t{1} << 40)) throw std::runtime_error("checkpoint is corrupt (array size)");
  std::vector<T> v(static_cast<std::size_t>(n));
  if (n && !in.read(reinterpret_cast<char*>(v.data()), static_cast<std::streamsize>(n * sizeof(T))))
    throw std::runtime_error("checkpoint is truncated");
  return v;
}

/// Writes a string, length first.
inline void put_string(std::ostream& out, const std::string& s) { put_array(out, s.data(), s.size()); }

/// Reads what put_string() wrote.
inline std::string get_string(std::istream& in) {
  const auto v = get_vector<char>(in);
  return std::string(v.begin(), v.end());
}

}  // namespace aca::util::binary

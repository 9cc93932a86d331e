#pragma once
// Reader and writer of gzipped IDX files (the MNIST / Fashion-MNIST format), with validation.
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace aca::data {

/// What is wrong with an IDX file.
enum class IdxProblem {
  open,       ///< the file is missing or unreadable
  gzip,       ///< the gzip stream is corrupt
  magic,      ///< the magic number is not 0x0000 08 <ndims> (unsigned bytes)
  truncated,  ///< fewer data bytes than the header's dimensions announce
  size,       ///< dimensions or element counts differ from what was expected (or trailing bytes)
};

/// Error raised for a bad IDX file; the message names the file and the problem.
class IdxError : public std::runtime_error {
 public:
  IdxError(IdxProblem problem, const std::string& message) : std::runtime_error(message), problem_(problem) {}
  IdxProblem problem() const { return problem_; }

 private:
  IdxProblem problem_;
};

/// The content of an IDX file of unsigned bytes.
struct IdxArray {
  std::vector<std::int64_t> dims;  ///< e.g. {60000, 28, 28}
  std::vector<std::uint8_t> data;  ///< product(dims) bytes, row-major
};

/// Reads a gzipped (or plain: zlib reads both) IDX file of unsigned bytes with `expected_ndims` dimensions.
IdxArray read_idx_gz(const std::filesystem::path& file, int expected_ndims);

/// Writes `a` as a gzipped IDX file (tests build fixtures with it).
void write_idx_gz(const std::filesystem::path& file, const IdxArray& a);

}  // namespace aca::data

#include "data/idx_file.hpp"

#include <cstdio>
#include <memory>

#include <zlib.h>

namespace aca::data {

namespace {
using GzFile = std::unique_ptr<gzFile_s, int (*)(gzFile)>;

std::string hex32(std::uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08x", v);
  return buf;
}

std::string decimal(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.0f", v);
  return buf;
}

// Reads the whole decompressed stream: IDX files are small enough (≤ 50 MB) and this keeps the checks simple.
std::vector<std::uint8_t> slurp(const std::filesystem::path& file) {
  GzFile gz(gzopen(file.c_str(), "rb"), gzclose);
  if (!gz) throw IdxError(IdxProblem::open, file.string() + ": cannot open the IDX file (missing or unreadable)");
  std::vector<std::uint8_t> out;
  std::vector<std::uint8_t> buf(1 << 16);
  for (;;) {
    const int got = gzread(gz.get(), buf.data(), static_cast<unsigned>(buf.size()));
    if (got < 0) {
      int code = 0;
      const char* msg = gzerror(gz.get(), &code);
      if (code == Z_BUF_ERROR)
        throw IdxError(IdxProblem::truncated, file.string() + ": truncated gzip stream (the file ends mid-stream)");
      throw IdxError(IdxProblem::gzip, file.string() + ": corrupt gzip stream (" + (msg ? msg : "unknown") + ")");
    }
    if (got == 0) break;
    out.insert(out.end(), buf.begin(), buf.begin() + got);
  }
  return out;
}
}  // namespace

IdxArray read_idx_gz(const std::filesystem::path& file, int expected_ndims) {
  const std::vector<std::uint8_t> bytes = slurp(file);
  if (bytes.size() < 4)
    throw IdxError(IdxProblem::truncated, file.string() + ": truncated IDX file (" + std::to_string(bytes.size()) +
                                              " bytes, no complete magic number)");
  const std::uint32_t magic = (std::uint32_t{bytes[0]} << 24) | (std::uint32_t{bytes[1]} << 16) |
                              (std::uint32_t{bytes[2]} << 8) | bytes[3];
  const std::uint32_t want = 0x00000800u | static_cast<std::uint32_t>(expected_ndims);
  if (magic != want)
    throw IdxError(IdxProblem::magic, file.string() + ": bad IDX magic number " + hex32(magic) + ", expected " +
                                          hex32(want) + " (unsigned bytes, " + std::to_string(expected_ndims) +
                                          " dimensions)");
  const std::size_t header = 4 + 4 * static_cast<std::size_t>(expected_ndims);
  if (bytes.size() < header)
    throw IdxError(IdxProblem::truncated, file.string() + ": truncated IDX header (" + std::to_string(bytes.size()) +
                                              " bytes, the dimensions need " + std::to_string(header) + ")");
  IdxArray a;
  std::size_t count = 1;
  for (int i = 0; i < expected_ndims; ++i) {
    const std::uint8_t* p = &bytes[4 + 4 * static_cast<std::size_t>(i)];
    const std::uint32_t dim = (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
    a.dims.push_back(dim);
    count *= dim;
  }
  const std::size_t have = bytes.size() - header;
  // A corrupt header can announce more than size_t holds; compare in floating point first so it cannot wrap.
  double announced = 1.0;
  for (auto d : a.dims) announced *= static_cast<double>(d);
  if (announced > static_cast<double>(have))
    throw IdxError(IdxProblem::truncated, file.string() + ": truncated IDX data: the header announces " +
                                              decimal(announced) + " bytes, the file holds " +
                                              std::to_string(have));
  if (have < count)
    throw IdxError(IdxProblem::truncated, file.string() + ": truncated IDX data: the header announces " +
                                              std::to_string(count) + " bytes, the file holds " + std::to_string(have));
  if (have > count)
    throw IdxError(IdxProblem::size, file.string() + ": IDX size mismatch: " + std::to_string(have - count) +
                                         " bytes after the " + std::to_string(count) + " the header announces");
  a.data.assign(bytes.begin() + static_cast<std::ptrdiff_t>(header), bytes.end());
  return a;
}

void write_idx_gz(const std::filesystem::path& file, const IdxArray& a) {
  std::vector<std::uint8_t> out{0, 0, 0x08, static_cast<std::uint8_t>(a.dims.size())};
  for (auto d : a.dims)
    for (int s = 24; s >= 0; s -= 8) out.push_back(static_cast<std::uint8_t>((static_cast<std::uint64_t>(d) >> s) & 0xff));
  out.insert(out.end(), a.data.begin(), a.data.end());
  GzFile gz(gzopen(file.c_str(), "wb"), gzclose);
  if (!gz) throw IdxError(IdxProblem::open, file.string() + ": cannot create the IDX file");
  if (gzwrite(gz.get(), out.data(), static_cast<unsigned>(out.size())) != static_cast<int>(out.size()))
    throw IdxError(IdxProblem::gzip, file.string() + ": write failed");
}

}  // namespace aca::data

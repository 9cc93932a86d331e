#include "sim/checkpoint_seal.hpp"

#include <zlib.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "sim/build_identity.hpp"

namespace aca::sim {

namespace fs = std::filesystem;

namespace {

const std::string header = "acasim checkpoint format ";

std::uint32_t crc32_of(const std::string& bytes) {
  uLong crc = crc32(0L, Z_NULL, 0);
  // zlib takes uInt lengths: feed large files in chunks.
  constexpr std::size_t chunk = 1u << 30;
  for (std::size_t at = 0; at < bytes.size(); at += chunk) {
    const std::size_t n = std::min(chunk, bytes.size() - at);
    crc = crc32(crc, reinterpret_cast<const Bytef*>(bytes.data() + at), static_cast<uInt>(n));
  }
  return static_cast<std::uint32_t>(crc);
}

std::string hex8(std::uint32_t v) {
  char buf[9];
  std::snprintf(buf, sizeof buf, "%08x", v);
  return buf;
}

bool read_bytes(const fs::path& p, std::string& out) {
  std::ifstream in(p, std::ios::binary);
  if (!in || fs::is_directory(p)) return false;
  std::ostringstream s;
  s << in.rdbuf();
  out = s.str();
  return !in.bad();
}

[[noreturn]] void refuse(const fs::path& file, const std::string& why) {
  throw std::runtime_error(file.string() + ": " + why);
}

// No seal: a checkpoint of format 1 (state.bin opens with its magic) or a folder that lost its seal.
[[noreturn]] void refuse_unsealed(const fs::path& dir) {
  std::string state;
  if (read_bytes(dir / "state.bin", state) && state.find("acasim-checkpoint-1") != std::string::npos)
    throw std::runtime_error(dir.string() + " is a checkpoint of format 1 (written by an older acasim, without a "
                             "format version or checksums); this acasim reads checkpoint format " +
                             std::to_string(checkpoint_format_version) +
                             " only and will not trust it: rerun the run with --checkpoint-every to write new "
                             "checkpoints");
  refuse(dir / checkpoint_seal_name, "missing: the checkpoint is incomplete or damaged and cannot be verified");
}

// The lines of the seal above its last line, after checking that line's CRC-32 of them.
std::vector<std::string> verified_lines(const fs::path& path, const std::string& text) {
  const std::size_t last = text.size() < 2 ? std::string::npos : text.rfind('\n', text.size() - 2);
  const std::string body = last == std::string::npos ? "" : text.substr(0, last + 1);
  const std::string tail = last == std::string::npos ? "" : text.substr(last + 1);
  if (tail != "crc32 " + hex8(crc32_of(body)) + "\n") refuse(path, "damaged or truncated (its own checksum does not match)");
  std::vector<std::string> lines;
  std::istringstream in(body);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

struct SealEntry {
  std::uint64_t size = 0;
  std::string crc;
};

struct ParsedSeal {
  CheckpointSeal seal;
  std::map<std::string, SealEntry> files;
};

ParsedSeal parse_seal(const fs::path& dir) {
  const fs::path path = dir / checkpoint_seal_name;
  std::string text;
  if (!fs::exists(path)) refuse_unsealed(dir);
  if (!read_bytes(path, text)) refuse(path, "cannot be read");
  if (text.rfind(header, 0) != 0) refuse(path, "not an acasim checkpoint seal");
  const std::string version = text.substr(header.size(), text.find('\n') - header.size());
  if (version != std::to_string(checkpoint_format_version))
    refuse(path, "checkpoint format " + version + "; this acasim reads checkpoint format " +
                     std::to_string(checkpoint_format_version) + " only");
  ParsedSeal p;
  const std::vector<std::string> lines = verified_lines(path, text);
  for (std::size_t i = 1; i < lines.size(); ++i) {
    std::istringstream in(lines[i]);
    std::string word;
    in >> word;
    if (word == "round") in >> p.seal.round;
    else if (word == "checkpoint_every") in >> p.seal.checkpoint_every;
    else if (word == "acasim_version") in >> p.seal.acasim_version;
    else if (word == "git_commit") in >> p.seal.git_commit;
    else if (word == "blas_kernel") in >> p.seal.blas_kernel;
    else if (word == "parent") p.seal.parent = lines[i].substr(word.size() + 1);
    else if (word == "rerun") p.seal.rerun = lines[i].substr(word.size() + 1);
    else if (word == "file") {
      std::string name;
      SealEntry e;
      in >> name >> e.size >> e.crc;
      p.files[name] = e;
    } else {
      refuse(path, "unknown line " + std::to_string(i + 1));
    }
    if (!in) refuse(path, "malformed line " + std::to_string(i + 1));
  }
  return p;
}

}  // namespace

void write_checkpoint_seal(const fs::path& dir, const CheckpointFiles& files, const CheckpointSeal& seal) {
  std::ostringstream s;
  s << header << checkpoint_format_version << "\n"
    << "round " << seal.round << "\n"
    << "checkpoint_every " << seal.checkpoint_every << "\n"
    << "acasim_version " << seal.acasim_version << "\n"
    << "git_commit " << seal.git_commit << "\n";
  if (!seal.blas_kernel.empty()) s << "blas_kernel " << seal.blas_kernel << "\n";
  if (!seal.parent.empty()) s << "parent " << seal.parent << "\n";
  if (!seal.rerun.empty()) s << "rerun " << seal.rerun << "\n";
  for (const auto& [name, bytes] : files) s << "file " << name << " " << bytes.size() << " " << hex8(crc32_of(bytes)) << "\n";
  const std::string body = s.str();
  std::ofstream out(dir / checkpoint_seal_name, std::ios::binary);
  out << body << "crc32 " << hex8(crc32_of(body)) << "\n";
  if (!out.flush()) throw std::runtime_error("cannot write " + (dir / checkpoint_seal_name).string());
}

CheckpointSeal read_checkpoint_seal(const fs::path& dir) { return parse_seal(dir).seal; }

CheckpointFiles read_sealed_checkpoint(const fs::path& dir, const std::vector<std::string>& expected,
                                       CheckpointSeal& seal) {
  const ParsedSeal p = parse_seal(dir);
  seal = p.seal;
  CheckpointFiles files;
  for (const auto& name : expected) {
    const fs::path path = dir / name;
    const auto it = p.files.find(name);
    if (it == p.files.end()) refuse(dir / checkpoint_seal_name, "does not list " + name);
    std::string bytes;
    if (!fs::exists(path)) refuse(path, "missing from the checkpoint");
    if (!read_bytes(path, bytes)) refuse(path, "cannot be read");
    if (bytes.size() != it->second.size)
      refuse(path, "truncated or damaged: " + std::to_string(bytes.size()) + " bytes where the checkpoint recorded " +
                       std::to_string(it->second.size));
    if (hex8(crc32_of(bytes)) != it->second.crc)
      refuse(path, "damaged: its CRC-32 is " + hex8(crc32_of(bytes)) + " where the checkpoint recorded " +
                       it->second.crc);
    files[name] = std::move(bytes);
  }
  return files;
}

std::string seal_build(const CheckpointSeal& seal) {
  return build_identity(seal.acasim_version, seal.git_commit, seal.blas_kernel);
}

}  // namespace aca::sim

#pragma once
// The seal of a checkpoint folder: checkpoint.txt, written last, names the checkpoint format, the round, the run's
// --checkpoint-every and the build that wrote it, and every file of the checkpoint with its size and CRC-32; its own
// last line is the CRC-32 of the lines above. A checkpoint is read only through its seal, so a damaged, truncated,
// missing or foreign file is refused before any of its bytes are used.
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace aca::sim {

/// The checkpoint format this build writes and reads.
constexpr int checkpoint_format_version = 2;

/// Name of the seal file inside a checkpoint folder.
inline constexpr const char* checkpoint_seal_name = "checkpoint.txt";

/// What a seal records besides the files.
struct CheckpointSeal {
  long round = -1;              ///< the round after which the checkpoint was taken
  long checkpoint_every = 0;    ///< the run's --checkpoint-every
  std::string acasim_version;   ///< version of the acasim that wrote it
  std::string git_commit;       ///< commit of the acasim that wrote it
  std::string blas_kernel;      ///< OpenBLAS kernel of the run that wrote it ("" when not OpenBLAS or not recorded)
  std::string parent;           ///< a fork's parent record (one-line JSON), carried into a resumed fork; "" otherwise
  std::string rerun;            ///< a fork's rerun command, carried into a resumed fork; "" otherwise
};

/// A checkpoint's files as verified bytes, by file name.
using CheckpointFiles = std::map<std::string, std::string>;

/// Writes checkpoint.txt into `dir` for the files already there (`files`, by name), recording `seal`.
/// Throws std::runtime_error on I/O failure.
void write_checkpoint_seal(const std::filesystem::path& dir, const CheckpointFiles& files, const CheckpointSeal& seal);

/// Reads the seal of `dir` and every file it names, verifying format version, sizes and CRC-32s; `expected` lists
/// the files a checkpoint must hold. Throws std::runtime_error naming the file for a missing, truncated or damaged
/// file, a seal of another format, or a checkpoint written before seals existed.
CheckpointFiles read_sealed_checkpoint(const std::filesystem::path& dir, const std::vector<std::string>& expected,
                                       CheckpointSeal& seal);

/// Reads and verifies only the seal of `dir` (same errors as read_sealed_checkpoint for checkpoint.txt itself).
CheckpointSeal read_checkpoint_seal(const std::filesystem::path& dir);

/// The identity of the build and OpenBLAS kernel that wrote `seal` (sim::build_identity).
std::string seal_build(const CheckpointSeal& seal);

}  // namespace aca::sim

#pragma once
// `mpirun -np P acasim sweep`: the sweep's points spread over MPI ranks with dynamic load balancing, merged by
// rank 0 into the same files a single-process sweep writes (docs/distributed.md). No MPI header here: only
// mpi_sweep.cpp (library aca_mpi_sweep, built when ACASIM_WITH_MPI) sees MPI.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <vector>

#include "config/scenario.hpp"
#include "sim/sweep.hpp"

namespace aca::sim {

/// The number of processes the MPI launcher started this one among; 0 when it was not started by one. Launched:
/// OMPI_COMM_WORLD_SIZE (OpenMPI's mpirun), PMIX_RANK or PMI_RANK (srun --mpi=pmix / pmi2) is set; the size is
/// read from OMPI_COMM_WORLD_SIZE, PMI_SIZE or SLURM_STEP_NUM_TASKS (PMIx exports no size variable), else 1.
/// Reads only the environment, so it is available without MPI.
inline long mpi_launch_size() {
  if (const char* v = std::getenv("OMPI_COMM_WORLD_SIZE")) return std::max(1L, std::atol(v));
  if (!std::getenv("PMIX_RANK") && !std::getenv("PMI_RANK")) return 0;
  for (const char* var : {"PMI_SIZE", "SLURM_STEP_NUM_TASKS"})
    if (const char* v = std::getenv(var)) return std::max(1L, std::atol(v));
  return 1;
}

/// Test hooks of a distributed sweep.
struct MpiSweepHooks {
  /// The rank that honours SweepOptions::abort_after_points (std::_Exit after that many of *its* points).
  int abort_rank = 0;
};

/// What a distributed sweep did (the totals are meaningful on rank 0 only).
struct MpiSweepSummary {
  int rank = 0;               ///< this process's rank
  int ranks = 1;              ///< MPI_COMM_WORLD size
  long points = 0;            ///< points in the design
  long skipped = 0;           ///< points already complete on disk when the sweep started
  long ran = 0;               ///< points run now, all ranks together
  std::vector<long> per_rank; ///< points run now by each rank (rank 0 included)
};

/// Runs the sweep over MPI_COMM_WORLD; initialises and finalises MPI itself, so call it once per process and only
/// when started by an MPI launcher. Every rank builds the same plan; rank 0 writes the design files, hands out the
/// indices of points not complete on disk one at a time to whichever rank asks (and runs points itself in a
/// second thread), streams their rows into results.csv and finally rewrites results.csv from the point folders in
/// design order and calls opts.on_complete — the bytes run_sweep writes, whatever the number of ranks. Each point runs single-threaded and
/// writes its own folder; opts.jobs is ignored (one point at a time per rank). The sweep folder must be on a
/// file system all ranks share. A point that throws aborts the whole job (MPI_Abort); rerunning resumes.
MpiSweepSummary run_mpi_sweep(const std::filesystem::path& scenario_file, const std::vector<config::Override>& base,
                              const SweepOptions& opts, const MpiSweepHooks& hooks = {});

}  // namespace aca::sim

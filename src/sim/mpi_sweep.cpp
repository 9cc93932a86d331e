#include "sim/mpi_sweep.hpp"

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <mpi.h>

#include "run_folder/folder_lock.hpp"
#include "sim/curve_prefetch.hpp"
#include "sim/sweep_identity.hpp"

namespace aca::sim {

namespace {

// A worker's request carries the results.csv rows of the point it just finished (empty on its first request);
// the answer is the index of its next point, or -1 when none is left.
constexpr int tag_request = 1;
constexpr int tag_assign = 2;
// The curve prefetch ([sweep] batch_points) runs first, as its own phase with its own tags: a rank that has moved
// on to points must not have its request answered from the prefetch's queue. Its work units are groups of points.
constexpr int tag_prefetch_request = 3;
constexpr int tag_prefetch_assign = 4;

// OpenMPI spins in blocking calls; a rank done early must not burn a core that another rank computes on, so the
// waits that can be long (rank 0 serving requests, the final barrier) poll with a short sleep instead.
constexpr auto poll_interval = std::chrono::milliseconds(2);

[[noreturn]] void abort_job(int rank, const std::string& what) {
  std::fprintf(stderr, "acasim sweep (MPI rank %d): %s; aborting the job (rerun the sweep to resume)\n", rank,
               what.c_str());
  std::fflush(stderr);
  MPI_Abort(MPI_COMM_WORLD, 1);
  std::_Exit(1);  // MPI_Abort does not return; this keeps [[noreturn]] honest
}

std::string describe(const std::exception_ptr& e) {
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& x) {
    return x.what();
  } catch (...) {
    return "unknown error";
  }
}

void quiet_barrier() {
  MPI_Request req;
  MPI_Ibarrier(MPI_COMM_WORLD, &req);
  for (int done = 0;;) {
    MPI_Test(&req, &done, MPI_STATUS_IGNORE);
    if (done) return;
    std::this_thread::sleep_for(poll_interval);
  }
}

struct MpiSession {
  MpiSession() {
    int provided = 0;
    // Only the main thread calls MPI; rank 0's computing thread never does.
    MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
  }
  ~MpiSession() { MPI_Finalize(); }
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;
};

void prefetch_worker_loop(const SweepPlan& plan, const std::vector<std::vector<std::size_t>>& groups,
                          const std::filesystem::path& cache, int rank) {
  for (;;) {
    MPI_Send(nullptr, 0, MPI_CHAR, 0, tag_prefetch_request, MPI_COMM_WORLD);
    std::int64_t g = -1;
    MPI_Recv(&g, 1, MPI_INT64_T, 0, tag_prefetch_assign, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    if (g < 0) return;
    try {
      prefetch_group(plan, groups[static_cast<std::size_t>(g)], cache, false);
    } catch (...) {
      abort_job(rank, "response curves of a group of points failed: " + describe(std::current_exception()));
    }
  }
}

void worker_loop(const SweepPlan& plan, const SweepOptions& opts, const MpiSweepHooks& hooks, int rank, long& ran) {
  // One cache shared by all ranks (see run_sweep): cache files are renamed into place whole.
  const auto cache = opts.out_dir / ".acasim-cache";
  // Every rank forms the same prefetch groups from the same files, before any rank writes a curve.
  const auto groups = prefetch_groups(plan, incomplete_sweep_points(plan, opts.out_dir), cache);
  quiet_barrier();
  prefetch_worker_loop(plan, groups, cache, rank);
  std::string rows;
  for (;;) {
    MPI_Send(rows.data(), static_cast<int>(rows.size()), MPI_CHAR, 0, tag_request, MPI_COMM_WORLD);
    std::int64_t index = -1;
    MPI_Recv(&index, 1, MPI_INT64_T, 0, tag_assign, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    if (index < 0) return;
    try {
      rows = run_sweep_point(plan, static_cast<std::size_t>(index), opts, cache);
    } catch (...) {
      abort_job(rank, "point " + plan.points[static_cast<std::size_t>(index)].id + " failed: " +
                          describe(std::current_exception()));
    }
    ++ran;
    if (rank == hooks.abort_rank && opts.abort_after_points > 0 && ran >= opts.abort_after_points)
      std::_Exit(abort_exit_code);
  }
}

// Answers the other ranks' requests until each has been told there is nothing left.
template <class Take, class Finish>
void serve(int ranks, Take& take, Finish& finish, int request_tag = tag_request, int assign_tag = tag_assign) {
  int active = ranks - 1;
  std::string buffer;
  while (active > 0) {
    int flag = 0;
    MPI_Status st;
    MPI_Iprobe(MPI_ANY_SOURCE, request_tag, MPI_COMM_WORLD, &flag, &st);
    if (!flag) {
      std::this_thread::sleep_for(poll_interval);
      continue;
    }
    int n = 0;
    MPI_Get_count(&st, MPI_CHAR, &n);
    buffer.assign(static_cast<std::size_t>(n), '\0');
    MPI_Recv(buffer.data(), n, MPI_CHAR, st.MPI_SOURCE, request_tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    if (n > 0) finish(buffer, st.MPI_SOURCE);
    const std::int64_t index = take();
    MPI_Send(&index, 1, MPI_INT64_T, st.MPI_SOURCE, assign_tag, MPI_COMM_WORLD);
    if (index < 0) --active;
  }
}

// Rank 0's side of one phase: answers the other ranks with the units `take` hands out (serve) while a thread of its
// own runs `work(unit)` on units it takes too, so that P ranks keep P cores busy. A unit that fails there is stored
// in `failure` under `mu`, which `take` checks, and stops the thread; the caller reports it.
template <class Take, class Finish, class Work>
void serve_and_work(int ranks, Take& take, Finish& finish, Work&& work, std::mutex& mu, std::exception_ptr& failure,
                    int request_tag, int assign_tag) {
  std::thread local([&] {
    for (std::int64_t i; (i = take()) >= 0;) {
      try {
        work(i);
      } catch (...) {
        std::lock_guard<std::mutex> lock(mu);
        failure = std::current_exception();
        return;
      }
    }
  });
  // A failure while serving ends the job from here: MPI_Abort also stops the computing thread.
  try {
    serve(ranks, take, finish, request_tag, assign_tag);
  } catch (...) {
    abort_job(0, describe(std::current_exception()));
  }
  local.join();
}

void coordinator(const SweepPlan& plan, const SweepOptions& opts, const MpiSweepHooks& hooks, int ranks,
                 MpiSweepSummary& summary) {
  const std::filesystem::path& out = opts.out_dir;
  const run_folder::FolderLock lock(out, opts.command);  // rank 0 alone: the ranks share the folder
  reuse_sweep_folder(plan, out, opts.replace);
  write_sweep_design(plan, out);
  const std::vector<std::size_t> todo = restart_sweep_results(plan, out);
  summary.points = static_cast<long>(plan.points.size());
  summary.skipped = summary.points - static_cast<long>(todo.size());
  const auto cache = out / ".acasim-cache";

  // Phase 1: curves batched across points, one group per work unit (nothing to do unless [sweep] batch_points).
  {
    const auto groups = prefetch_groups(plan, todo, cache);
    quiet_barrier();
    std::mutex gmu;
    std::size_t next_group = 0;
    std::exception_ptr group_failure;
    const auto take_group = [&]() -> std::int64_t {
      std::lock_guard<std::mutex> lock(gmu);
      if (group_failure || next_group >= groups.size()) return -1;
      return static_cast<std::int64_t>(next_group++);
    };
    const auto no_rows = [](const std::string&, int) {};
    serve_and_work(
        ranks, take_group, no_rows,
        [&](std::int64_t g) { prefetch_group(plan, groups[static_cast<std::size_t>(g)], cache, opts.progress); }, gmu,
        group_failure, tag_prefetch_request, tag_prefetch_assign);
    if (group_failure) abort_job(0, "response curves of a group of points failed: " + describe(group_failure));
  }

  // State shared by the serving (MPI) thread and rank 0's own computing thread.
  std::mutex mu;
  std::size_t next = 0;
  long finished = 0;
  std::exception_ptr local_failure;
  const auto t0 = std::chrono::steady_clock::now();
  const auto take = [&]() -> std::int64_t {
    std::lock_guard<std::mutex> lock(mu);
    if (local_failure || next >= todo.size()) return -1;
    return static_cast<std::int64_t>(todo[next++]);
  };
  const auto finish = [&](const std::string& rows, int by) {
    std::lock_guard<std::mutex> lock(mu);
    append_sweep_rows(out, rows);
    ++finished;
    ++summary.per_rank[static_cast<std::size_t>(by)];
    if (opts.progress) {
      const double el = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      const double rate = el > 0 ? static_cast<double>(finished) / el : 0.0;
      const double eta = rate > 0 ? static_cast<double>(static_cast<long>(todo.size()) - finished) / rate : 0.0;
      std::fprintf(stderr, "\rsweep: %ld/%ld points (%ld resumed) on %d ranks  %.2f points/s  ETA %.0fs   ",
                   summary.skipped + finished, summary.points, summary.skipped, ranks, rate, eta);
      std::fflush(stderr);
    }
  };

  // Rank 0 computes too; its serving thread mostly sleeps between polls.
  long mine = 0;  // points rank 0's own thread ran
  serve_and_work(
      ranks, take, finish,
      [&](std::int64_t i) {
        finish(run_sweep_point(plan, static_cast<std::size_t>(i), opts, cache), 0);
        if (hooks.abort_rank == 0 && opts.abort_after_points > 0 && ++mine >= opts.abort_after_points)
          std::_Exit(abort_exit_code);
      },
      mu, local_failure, tag_request, tag_assign);
  if (local_failure) abort_job(0, "a point failed: " + describe(local_failure));
  if (opts.progress && !todo.empty()) std::fprintf(stderr, "\n");
  summary.ran = finished;
  // The same merge run_sweep ends with: results.csv from the point folders alone, in design order.
  write_sweep_results(out, plan);
  if (opts.on_complete) opts.on_complete(out);
}

}  // namespace

MpiSweepSummary run_mpi_sweep(const std::filesystem::path& scenario_file, const std::vector<config::Override>& base,
                              const SweepOptions& opts, const MpiSweepHooks& hooks) {
  MpiSession session;
  MpiSweepSummary summary;
  MPI_Comm_rank(MPI_COMM_WORLD, &summary.rank);
  MPI_Comm_size(MPI_COMM_WORLD, &summary.ranks);
  summary.per_rank.assign(static_cast<std::size_t>(summary.ranks), 0);

  // Planning is deterministic, so a bad scenario fails on every rank alike: each finalises and rethrows (the CLI
  // prints the located diagnostics), no rank is left waiting.
  const SweepPlan plan = plan_sweep(scenario_file, base, opts.quick);
  // Every rank refuses a folder of other settings alike (nothing is written before); with --replace rank 0 alone
  // deletes, under the folder's lock, before it hands out any point.
  if (!opts.replace) reuse_sweep_folder(plan, opts.out_dir, false);
  // As run_sweep, and on every rank alike (a bad configuration never completes, so every rank sees it to run).
  plan_sweep_points(plan, incomplete_sweep_points(plan, opts.out_dir));

  if (summary.rank == 0) {
    try {
      coordinator(plan, opts, hooks, summary.ranks, summary);
    } catch (...) {
      abort_job(0, describe(std::current_exception()));
    }
  } else {
    long ran = 0;
    worker_loop(plan, opts, hooks, summary.rank, ran);
    summary.ran = ran;
    summary.per_rank[static_cast<std::size_t>(summary.rank)] = ran;
  }
  quiet_barrier();
  return summary;
}

}  // namespace aca::sim

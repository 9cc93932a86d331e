#!/usr/bin/env bash
# Speed-up of a distributed sweep (docs/distributed.md): the 24-point sweep of tests/fixtures/scenarios/sweep_alpha.toml
# with heavier points, run by `acasim sweep -j1` (no MPI), then `mpirun -np P acasim sweep` for each P in RANKS.
# Prints wall times, the measured per-point cost (sum of the points' wall_time_s / points), the fixed cost of a
# sweep (planning + merge: a rerun over the finished folder), the speed-up T(1)/T(P), and checks that every P wrote
# the same results.csv. For comparison it also times the thread pool (-j P) under the same machine load, and prints
# the load average: on a shared machine the speed-up is bounded by the cores actually free.
#
# usage: bench/mpi_speedup.sh [path/to/acasim]      (default: build/release/src/cli/acasim)
# env:   RANKS="1 2"  SETS="--set population.size=20000"  SCENARIO=...  MPIRUN_FLAGS="--allow-run-as-root --oversubscribe"
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
acasim=${1:-$here/build/release/src/cli/acasim}
scenario=${SCENARIO:-$here/tests/fixtures/scenarios/sweep_alpha.toml}
ranks=${RANKS:-1 2}
sets=${SETS:---set population.size=20000}
flags=${MPIRUN_FLAGS:---allow-run-as-root --oversubscribe}
export OMPI_MCA_btl=${OMPI_MCA_btl:-self,vader} OMPI_MCA_btl_vader_single_copy_mechanism=none OMP_NUM_THREADS=1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

now() { date +%s.%N; }
elapsed() { echo "$2 - $1" | bc -l; }

t0=$(now)
# shellcheck disable=SC2086
"$acasim" sweep "$scenario" --out "$tmp/serial" --quiet -j1 $sets > /dev/null
t_serial=$(elapsed "$t0" "$(now)")
points=$(($(wc -l < "$tmp/serial/design.csv") - 1))
per_point=$(grep -h '"wall_time_s"' "$tmp"/serial/points/*/manifest.json |
            sed 's/.*: *\([0-9.e+-]*\).*/\1/' | awk -v n="$points" '{s += $1} END {printf "%.4f", s / n}')
t0=$(now)
# shellcheck disable=SC2086
"$acasim" sweep "$scenario" --out "$tmp/serial" --quiet -j1 $sets > /dev/null
t_fixed=$(elapsed "$t0" "$(now)")
printf 'points: %d   per-point cost: %.3f s   fixed cost (plan + merge, all points done): %.3f s\n' \
  "$points" "$per_point" "$t_fixed"
printf 'acasim sweep -j1 (no MPI):  %8.3f s\n' "$t_serial"

t_one=""
for p in $ranks; do
  t0=$(now)
  # shellcheck disable=SC2086
  mpirun $flags -np "$p" "$acasim" sweep "$scenario" --out "$tmp/np$p" --quiet $sets > /dev/null
  t=$(elapsed "$t0" "$(now)")
  cmp -s "$tmp/serial/results.csv" "$tmp/np$p/results.csv" || { echo "np $p: results.csv differs" >&2; exit 1; }
  [ -z "$t_one" ] && t_one=$t
  printf 'mpirun -np %-3s            %8.3f s   speed-up vs np %s: %.2f x   (results.csv identical)\n' \
    "$p" "$t" "${ranks%% *}" "$(echo "$t_one / $t" | bc -l)"
  # The thread pool with as many workers, under the same machine load: what P cores give this sweep without MPI.
  t0=$(now)
  # shellcheck disable=SC2086
  "$acasim" sweep "$scenario" --out "$tmp/j$p" --quiet -j "$p" $sets > /dev/null
  t=$(elapsed "$t0" "$(now)")
  printf '  (acasim sweep -j %-3s      %8.3f s   speed-up vs -j1: %.2f x, for comparison)\n' \
    "$p" "$t" "$(echo "$t_serial / $t" | bc -l)"
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(getconf _NPROCESSORS_ONLN) cores"

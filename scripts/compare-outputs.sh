#!/usr/bin/env bash
# Checks that a refactoring changed no result: runs every shipped scenario (`acasim run`), the quick design of
# every validation scenario and of every shipped scenario with a [sweep] (`acasim sweep --quick`) with two acasim
# binaries, and compares every CSV the two wrote byte for byte (JSON files are listed when they differ, since a
# format change there can be intended; the notes and docs name it).
#
#   bash scripts/compare-outputs.sh BASE_ACASIM NEW_ACASIM [WORK_DIR]
#
# BASE_ACASIM is typically a build of the commit before the change:
#   git worktree add /tmp/acasim-base <commit> && cmake -S /tmp/acasim-base -B /tmp/acasim-base/build \
#     -DCMAKE_BUILD_TYPE=Release && cmake --build /tmp/acasim-base/build -j2 --target acasim
# Exit status: 0 when every CSV is identical, 1 otherwise (each difference is printed).
set -euo pipefail
if [ $# -lt 2 ]; then
  sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
base=$(realpath "$1")
new=$(realpath "$2")
work=${3:-$(mktemp -d /tmp/acasim-compare.XXXXXX)}
root=$(cd "$(dirname "$0")/.." && pwd)
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
mkdir -p "$work"

jobs=()
for f in "$root"/scenarios/*.toml; do jobs+=("run $f"); done
for f in $(grep -l '^\[sweep' "$root"/scenarios/*.toml) $(grep -l '^\[\[sweep.axis' "$root"/scenarios/validation/*.toml); do
  jobs+=("sweep $f --quick --quiet --jobs 1")
done
# A validation scenario without a design is one run; a single replicate keeps it short.
for f in $(grep -L '^\[\[sweep.axis' "$root"/scenarios/validation/*.toml); do
  jobs+=("run $f --quiet --set response_curve.replicates=1")
done
# Checkpoints, a resume and forks (one per kind of change) go through the engine's restore path.
q="$root/scenarios/quickstart.toml"
jobs+=("run $q --quiet --checkpoint-every 3 --stop-after 4")
jobs+=("resume RUN-quickstart-stopped --quiet")
jobs+=("run $q --quiet --checkpoint-every 2")
jobs+=("fork RUN-quickstart --round 3 --set decision.rule=best_response --quiet")
jobs+=("fork RUN-quickstart --round 3 --set platform.learner=dp_sgd --set platform.privacy.noise_multiplier=1.0 --quiet")
t="$root/scenarios/two_collectives.toml"
jobs+=("run $t --quiet --checkpoint-every 2")
jobs+=("fork RUN-two_collectives --round 1 --set analysis.target_success=0.6 --quiet")

status=0
for j in "${jobs[@]}"; do
  read -r cmd file rest <<<"$j"
  name="$cmd-$(basename "$file" .toml)"
  case "$rest" in *--stop-after*) name="$name-stopped" ;; esac
  case "$cmd" in fork) name="$name-$(echo "$rest" | md5sum | cut -c1-6)" ;; esac
  for side in base new; do
    bin=$base
    [ "$side" = new ] && bin=$new
    out="$work/$side/$name"
    # Each side gets its own curve cache (the folder's parent), so neither reads the other's trainings.
    mkdir -p "$work/$side"
    src="$work/$side/run-${file#RUN-}"  # RUN-x: the folder of the earlier job `run x`
    case "$cmd" in
      run | sweep) rm -rf "$out"; args=("$cmd" "$file" --out "$out") ;;
      resume) name="$(basename "$src")"; out="$src"; args=(run --resume "$src") ;;
      fork) rm -rf "$out"; args=(fork "$src" --out "$out") ;;
    esac
    # shellcheck disable=SC2086
    if ! "$bin" "${args[@]}" $rest > "$work/$side/$name.log" 2>&1; then
      echo "FAIL  $name ($side exited non-zero; see $work/$side/$name.log)"
      status=1
    fi
  done
  (cd "$work/base/$name" 2>/dev/null && find . -type f \( -name '*.csv' -o -name '*.json' \) | sort) > "$work/files.txt" || true
  (cd "$work/new/$name" 2>/dev/null && find . -type f \( -name '*.csv' -o -name '*.json' \) | sort) > "$work/files_new.txt" || true
  if ! diff -q "$work/files.txt" "$work/files_new.txt" > /dev/null; then
    echo "DIFF  $name: the two wrote different files"
    diff "$work/files.txt" "$work/files_new.txt" | sed 's/^/      /' | head -20 || true  # diff's status 1 is the point
    status=1
  fi
  csv_diff=0
  json_diff=()
  while read -r f; do
    [ -f "$work/new/$name/$f" ] || continue
    if ! cmp -s "$work/base/$name/$f" "$work/new/$name/$f"; then
      case "$f" in
        *.csv)
          echo "DIFF  $name: $f"
          csv_diff=1
          ;;
        *manifest.json | *sweep.json) ;;  # times, commands and versions differ by design
        *) json_diff+=("$f") ;;
      esac
    fi
  done < "$work/files.txt"
  [ $csv_diff -eq 0 ] && echo "same  $name ($(grep -c '\.csv$' "$work/files.txt") CSV files)"
  [ ${#json_diff[@]} -gt 0 ] && echo "      json differs: ${json_diff[*]}"
  [ $csv_diff -eq 0 ] || status=1
done
exit $status

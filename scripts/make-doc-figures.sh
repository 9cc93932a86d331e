#!/usr/bin/env bash
# Regenerates docs/figures/: one example PNG of each kind of figure `acasim report` draws, made from shipped
# scenarios (dp_regulation's ε sweep; network_cascade swept over threshold × rewiring with two replicates;
# two_collectives; a fork of quickstart). Run after a build:
#   scripts/make-doc-figures.sh [OUT_DIR]        (default docs/figures; ACASIM=path overrides the binary)
set -euo pipefail
cd "$(dirname "$0")/.."
acasim=${ACASIM:-build/release/src/cli/acasim}
out=${1:-docs/figures}
if [ ! -x "$acasim" ]; then
  echo "make-doc-figures.sh: no $acasim; build it first: cmake --build build/release --target acasim" >&2
  exit 1
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/acasim-doc-figures.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

"$acasim" sweep scenarios/dp_regulation.toml --quiet --out "$work/dp" >/dev/null
"$acasim" report "$work/dp" >/dev/null

# network_cascade has no [sweep]: the two axes its comments suggest trying, as a grid with two replicates.
cp scenarios/network_cascade.toml "$work/cascade.toml"
cat >> "$work/cascade.toml" <<'TOML'

[sweep]
design = "grid"
replicates = 2

[[sweep.axis]]
key = "population.threshold.mean"
values = [0.2, 0.25, 0.3, 0.35]

[[sweep.axis]]
key = "population.network.rewire"
values = [0.0, 0.05, 0.2]
TOML
"$acasim" sweep "$work/cascade.toml" --quiet --out "$work/cascade" >/dev/null 2>&1
"$acasim" report "$work/cascade" >/dev/null 2>&1

# two_collectives: the phase plane of the joint map.
"$acasim" run scenarios/two_collectives.toml --quiet --out "$work/two" >/dev/null
"$acasim" report "$work/two" >/dev/null

# quickstart with checkpoints, forked at round 4 with a noisier decision rule: the fork overlay.
"$acasim" run scenarios/quickstart.toml --quiet --out "$work/base" --checkpoint-every 5 >/dev/null
"$acasim" fork "$work/base" --round 4 --set decision.temperature=0.3 --quiet --out "$work/fork" >/dev/null
"$acasim" report "$work/fork" >/dev/null

dp=$work/dp/report/figures cascade=$work/cascade/report/figures two=$work/two/report/figures
cp "$dp/outcomes_vs_platform_privacy_target_epsilon.png" "$out/outcomes_vs_parameter.png"
cp "$cascade/heatmap_final_alpha_population_threshold_mean_x_population_network_rewire.png" "$out/heatmap.png"
cp "$dp/success_curves_workers.png" "$out/success_curves.png"
cp "$dp/critical_mass_vs_platform_privacy_target_epsilon.png" "$out/critical_mass_vs_parameter.png"
cp "$dp/trajectories.png" "$out/trajectories.png"
# threshold 0.25, no rewiring: the engine's map across all α with a tipping point and the zoom on α near 0.
cp "$cascade/participation_map_3.png" "$out/participation_map.png"
cp "$cascade/replicates_movement_0.png" "$out/replicates.png"
cp "$two/phase_plane_0.png" "$out/phase_plane.png"
cp "$work/fork/report/figures/fork_overlay.png" "$out/fork_overlay.png"
# A figure over 100 KB (many thin lines or cells) is drawn again from its script at 0.8 of its resolution, the
# same figure with its text scaled alike: the terminal line in the script's header, its pixels and font scale × 0.8.
shrink() {  # shrink FIGURE_STEM OUT_PNG
  local term
  term=$(sed -n 's/^#   gnuplot -e "\(set terminal pngcairo size [0-9,]* fontscale [0-9.]*\);.*/\1/p' "$1.gp")
  term=$(echo "$term" | awk '{split($5, s, ","); printf "set terminal pngcairo size %d,%d fontscale %.4g", s[1]*0.8, s[2]*0.8, $7*0.8}')
  gnuplot -e "$term; set output '$2'" "$1.gp"
}
for f in "$out"/*.png; do
  [ "$(stat -c %s "$f")" -le 102400 ] && continue
  for dir in "$dp" "$cascade" "$two" "$work/fork/report/figures"; do
    for stem in "$dir"/*.gp; do
      stem=${stem%.gp}
      cmp -s "$stem.png" "$f" && shrink "$stem" "$f" && break 2
    done
  done
done
for f in "$out"/*.png; do
  size=$(stat -c %s "$f")
  [ "$size" -le 102400 ] || echo "make-doc-figures.sh: warning: $f is $size bytes (> 100 KB)" >&2
done
ls -l "$out"

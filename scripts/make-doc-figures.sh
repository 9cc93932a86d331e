#!/usr/bin/env bash
# Regenerates docs/figures/: one example PNG of each kind of figure `acasim report` draws, made from shipped
# scenarios (dp_regulation's ε sweep; network_cascade swept over threshold × rewiring). Run after a build:
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

dp=$work/dp/report/figures cascade=$work/cascade/report/figures
cp "$dp/outcomes_vs_platform_privacy_target_epsilon.png" "$out/outcomes_vs_parameter.png"
cp "$cascade/heatmap_final_alpha_population_threshold_mean_x_population_network_rewire.png" "$out/heatmap.png"
cp "$dp/success_curves_workers.png" "$out/success_curves.png"
cp "$dp/critical_mass_vs_platform_privacy_target_epsilon.png" "$out/critical_mass_vs_parameter.png"
cp "$dp/trajectories.png" "$out/trajectories.png"
cp "$cascade/participation_map_3.png" "$out/participation_map.png"  # threshold 0.25, no rewiring: a tipping point
for f in "$out"/*.png; do
  size=$(stat -c %s "$f")
  [ "$size" -le 102400 ] || echo "make-doc-figures.sh: warning: $f is $size bytes (> 100 KB)" >&2
done
ls -l "$out"

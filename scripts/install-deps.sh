#!/usr/bin/env bash
# Installs the Debian 12 packages acasim needs, only those that are missing. Run as root (or with sudo).
# With --tests it also installs what only the test suite uses (scripts/test.sh passes it).
set -euo pipefail

PACKAGES=(
  build-essential cmake pkg-config ccache git
  libboost-graph-dev libboost-random-dev libboost-program-options-dev
  libeigen3-dev libtorch-dev libtomlplusplus-dev catch2 zlib1g-dev nlohmann-json3-dev
  libopenblas0-pthread          # LibTorch's BLAS at run time (the reference BLAS is ~7x slower)
  dataset-fashion-mnist         # the real 70,000-image dataset (/usr/share/datasets/fashion-mnist)
  gnuplot-nox                   # figures for `acasim report`
  libopenmpi-dev openmpi-bin    # distributed sweeps (optional component)
  libreadstat-dev               # Stata .dta export (`acasim export --format dta`)
  locales                       # locale sources: a test compiles de_DE to check numbers ignore LC_NUMERIC
)

# Only the tests need these: pandas loads the tables and .dta files back, Chromium renders report.html.
TEST_PACKAGES=(
  python3-pandas                # tables and Stata files read back as an economist would
  chromium                      # report.html rendered in a real browser
)
if [ "${1:-}" = "--tests" ]; then
  PACKAGES+=("${TEST_PACKAGES[@]}")
elif [ $# -gt 0 ]; then
  echo "usage: install-deps.sh [--tests]" >&2
  exit 2
fi

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "install-deps: installing ${missing[*]}"
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"

#!/usr/bin/env bash
# One command on a fresh Debian 12 machine: install what is missing, build, run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh --tests
bash scripts/build.sh
# OpenBLAS and LibTorch each default to one thread per core; tests run two at a time, one thread each.
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}" OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}"
ctest --preset release -j "$(nproc)"

#!/usr/bin/env bash
# One command on a fresh Debian 12 machine: install what is missing, build, run the quickstart scenario.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
./build/release/src/cli/acasim run scenarios/quickstart.toml --out out/quickstart --overwrite

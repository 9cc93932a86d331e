#!/usr/bin/env bash
# Run here, on the Debian 12 development machine, before a GPU check: downloads the Debian packages a CUDA build of
# acasim needs that the GPU machines' image lacks (Boost, Eigen, TOML++, Catch2, zlib headers; about 25 MB) into
# .gpu-deps/ (ignored by git), which a device run carries and scripts/gpu_check.sh unpacks there.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .gpu-deps
cd .gpu-deps
apt-get download \
  libboost1.74-dev libboost-graph1.74-dev libboost-graph1.74.0 libboost-program-options1.74-dev \
  libboost-program-options1.74.0 libboost-random1.74-dev libboost-random1.74.0 libboost-regex1.74-dev \
  libboost-regex1.74.0 libicu72 libeigen3-dev libtomlplusplus-dev libtomlplusplus3 catch2 zlib1g-dev
du -sh .

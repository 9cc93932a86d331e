#!/usr/bin/env bash
# Run on a GPU machine (the device tool), with .gpu-deps/ from scripts/gpu_deps.sh carried along: builds acasim
# against that machine's CUDA LibTorch (python3's torch) and the unpacked Debian build dependencies, runs the CUDA
# tests (test_learn_cuda, test_sim_cuda) and the ensemble tests, then the GPU benchmark of issue #9. Logs and
# figures go to $OUT (default build/cuda/out). `gpu_check.sh build` stops after the tests; `gpu_check.sh bench`
# only runs the benchmark (on a build left by an earlier call). ACASIM_CXX_STANDARD=20 if LibTorch needs it;
# ACASIM_TORCH_PREFIX instead of python3's torch (e.g. /usr to try the script on a machine without a GPU).
set -uo pipefail
cd "$(dirname "$0")/.."
what=${1:-all}
OUT=${OUT:-build/cuda/out}
mkdir -p "$OUT"
deps=/tmp/acasim-deps
lib=$deps/usr/lib/x86_64-linux-gnu
if [ ! -d "$deps/usr" ]; then
  ls .gpu-deps/*.deb >/dev/null 2>&1 || { echo "gpu_check: no .gpu-deps/*.deb (run scripts/gpu_deps.sh here, carry .gpu-deps)"; exit 2; }
  for f in .gpu-deps/*.deb; do dpkg -x "$f" "$deps"; done
fi
export LD_LIBRARY_PATH="$lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"

if [ "$what" != bench ]; then
  nvidia-smi > "$OUT/nvidia-smi.txt" 2>&1
  torch_prefix=${ACASIM_TORCH_PREFIX:-$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)')}
  python3 -c 'import torch; print(torch.__version__, torch.version.cuda, torch.cuda.is_available())' > "$OUT/torch.txt" 2>&1
  zlib=$(ldconfig -p | awk '/libz\.so\.1 /{print $NF; exit}')
  generator=()
  command -v ninja >/dev/null && generator=(-G Ninja)
  cmake -S . -B build/cuda "${generator[@]}" -DCMAKE_BUILD_TYPE=Release -DACASIM_WITH_MPI=OFF -DACASIM_CUDA_TESTS=ON \
        -DCMAKE_PREFIX_PATH="$deps/usr;$torch_prefix" -DZLIB_INCLUDE_DIR="$deps/usr/include" -DZLIB_LIBRARY="$zlib" \
        ${ACASIM_CXX_STANDARD:+-DCMAKE_CXX_STANDARD=$ACASIM_CXX_STANDARD} > "$OUT/configure.log" 2>&1 \
    || { tail -40 "$OUT/configure.log"; exit 1; }
  cmake --build build/cuda -j"$(nproc)" --target acasim acasim-bench test_learn_ensemble test_learn_cuda test_sim_cuda \
        > "$OUT/build.log" 2>&1 || { grep -m 20 -B2 -A8 "error" "$OUT/build.log"; exit 1; }
  build/cuda/src/cli/acasim info > "$OUT/info.txt" 2>&1
  (cd build/cuda && ctest -R "test_learn_cuda|test_sim_cuda|test_learn_ensemble" --output-on-failure) > "$OUT/ctest.log" 2>&1
  tail -25 "$OUT/ctest.log"
fi
if [ "$what" != build ]; then
  build/cuda/bench/acasim-bench --filter ensemble_cuda --json > "$OUT/bench_ensemble_cuda.json" 2> "$OUT/bench.err"
  cat "$OUT/bench_ensemble_cuda.json"
fi

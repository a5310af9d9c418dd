#!/usr/bin/env bash
# The README's test command: install packages, build, run every test (lit and
# unit tests, through ctest), then the runtime unit tests again under
# ASan+UBSan in a second build directory (only libquantrt and its tests are
# built there).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
jobs=${JOBS:-$(nproc)}
"$root/scripts/build.sh"
(cd "$build" && ctest --output-on-failure -j "$jobs")

san=${SAN_BUILD_DIR:-$build-sanitize}
if [ ! -f "$san/build.ninja" ]; then
  cmake -G Ninja -S "$root" -B "$san" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DQMLIR_ENABLE_SANITIZERS=ON \
    -DMLIR_DIR=/usr/lib/llvm-22/lib/cmake/mlir \
    -DLLVM_EXTERNAL_LIT=/usr/lib/llvm-22/bin/lit >/dev/null
fi
cmake --build "$san" -j "$jobs" --target quantrt-unit-tests
(cd "$san" && ctest -L sanitize --output-on-failure)

#!/usr/bin/env bash
# Builds the libFuzzer target for the ONNX importer (tools/fuzz/) with
# clang -fsanitize=fuzzer,address,undefined in its own build directory and
# runs it for a bounded time on a seed corpus.
#
#   scripts/fuzz-import.sh [SECONDS]          build, then fuzz (default 120 s)
#   scripts/fuzz-import.sh --build            only build
#   scripts/fuzz-import.sh --run FILE...      run the target once on each FILE
#                                             (reproduce a crash)
#   scripts/fuzz-import.sh --minimize FILE    shrink a crashing input
#                                             (writes FILE.min)
#
# Environment:
#   FUZZ_BUILD_DIR  build directory (default /tmp/quant-mlir-fuzz-build)
#   FUZZ_CC/FUZZ_CXX  compilers (default clang-22/clang++-22)
#   FUZZ_JOBS       ninja -j (default 1)
#   FUZZ_WORKERS    parallel fuzzing processes (default 1)
#   FUZZ_ARGS       extra libFuzzer flags
#
# Only the project's own code is instrumented; libMLIR.so, libLLVM.so, ONNX
# and protobuf are the system's gcc-built libraries. Crashing inputs land in
# $FUZZ_BUILD_DIR/artifacts/; minimize them and keep them in
# test/import/fuzz-regressions/ (see docs/importer.md).
# Needs: apt-get install clang-22 libclang-rt-22-dev
set -euo pipefail

SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${FUZZ_BUILD_DIR:-/tmp/quant-mlir-fuzz-build}"
CC_BIN="${FUZZ_CC:-clang-22}"
CXX_BIN="${FUZZ_CXX:-clang++-22}"
JOBS="${FUZZ_JOBS:-1}"
WORKERS="${FUZZ_WORKERS:-1}"
FUZZER="$BUILD/bin/import-onnx-fuzzer"
LLVM_PREFIX=/usr/lib/llvm-22

# Per-input limits: a model that takes more than 10 s or 2 GB to import is a
# finding (the importer guards against implausible sizes).
LIMITS=(-timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=2048 -max_len=65536)

export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1:allocator_may_return_null=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

build() {
  for tool in "$CC_BIN" "$CXX_BIN"; do
    command -v "$tool" >/dev/null || {
      echo "fuzz-import: $tool not found (apt-get install clang-22 libclang-rt-22-dev)" >&2
      exit 2
    }
  done
  local flags="-fsanitize=address,undefined -fno-sanitize-recover=all"
  flags+=" -fsanitize=fuzzer-no-link -fno-omit-frame-pointer -gline-tables-only"
  if [ ! -f "$BUILD/build.ninja" ]; then
    cmake -G Ninja -S "$SRC" -B "$BUILD" \
      -DCMAKE_C_COMPILER="$CC_BIN" -DCMAKE_CXX_COMPILER="$CXX_BIN" \
      -DCMAKE_BUILD_TYPE=Release \
      -DCMAKE_C_FLAGS="$flags" -DCMAKE_CXX_FLAGS="$flags" \
      -DCMAKE_PROJECT_INCLUDE="$SRC/tools/fuzz/fuzz-hook.cmake" \
      -DMLIR_DIR="$LLVM_PREFIX/lib/cmake/mlir" \
      -DLLVM_EXTERNAL_LIT="$LLVM_PREFIX/bin/lit" \
      -DQMLIR_ENABLE_ONEDNN=OFF -DQMLIR_ENABLE_XNNPACK=OFF >"$BUILD.cmake.log" 2>&1 || {
        tail -30 "$BUILD.cmake.log" >&2
        echo "fuzz-import: configure failed (log: $BUILD.cmake.log)" >&2
        exit 2
      }
  fi
  ninja -C "$BUILD" -j "$JOBS" import-onnx-fuzzer
}

# Seeds: the importer's lit inputs, the fuzz corpus, kept crashers, the demo
# model, a few tiny ONNX conformance models; text seeds also as binary
# protobuf when python3-onnx is there.
make_seeds() {
  local seeds="$BUILD/seeds"
  rm -rf "$seeds"
  mkdir -p "$seeds"
  local f
  shopt -s nullglob globstar
  for f in "$SRC"/test/import/**/*.onnxtxt "$SRC"/test/import/**/*.onnx \
           "$SRC"/tools/fuzz/corpus/* "$SRC"/test/import/fuzz-regressions/* \
           "$SRC"/examples/*.onnx; do
    case "$f" in *.test|*.cfg|*.py) continue ;; esac
    cp "$f" "$seeds/$(echo "${f#"$SRC"/}" | tr '/' '_')"
  done
  local data=/usr/share/libonnx-testdata/data/node
  for t in test_conv_with_strides_padding test_qlinearconv test_qlinearmatmul_2D \
           test_matmulinteger test_convinteger_with_padding test_dequantizelinear_axis \
           test_quantizelinear test_gemm_default_vector_bias test_slice test_reshape_negative_dim \
           test_resize_upsample_scales_linear test_maxpool_2d_pads test_averagepool_2d_same_upper \
           test_softmax_axis_1 test_batchnorm_example test_unsqueeze_two_axes test_constant_pad \
           test_shape_start_1 test_transpose_all_permutations_3 test_flatten_axis2; do
    [ -f "$data/$t/model.onnx" ] && cp "$data/$t/model.onnx" "$seeds/$t.onnx"
  done
  if /usr/bin/python3 -c "import onnx.parser" 2>/dev/null; then
    /usr/bin/python3 - "$seeds" <<'EOF' || true
import glob, os, sys
import onnx.parser
for path in glob.glob(os.path.join(sys.argv[1], "*.onnxtxt")):
    try:
        model = onnx.parser.parse_model(open(path).read())
    except Exception:
        continue
    with open(path[:-len("txt")] + ".bin", "wb") as f:
        f.write(model.SerializeToString())
EOF
  fi
  echo "$seeds"
}

case "${1:-}" in
  --build)
    build
    exit 0
    ;;
  --run)
    shift
    build >/dev/null
    exec "$FUZZER" "${LIMITS[@]}" "$@"
    ;;
  --minimize)
    [ $# -eq 2 ] || { echo "usage: $0 --minimize FILE" >&2; exit 2; }
    build >/dev/null
    "$FUZZER" "${LIMITS[@]}" -minimize_crash=1 -max_total_time=60 \
      -exact_artifact_path="$2.min" "$2"
    echo "fuzz-import: minimized input in $2.min"
    exit 0
    ;;
  -h|--help)
    sed -n '2,25p' "$0"
    exit 0
    ;;
esac

SECONDS_TO_RUN="${1:-120}"
build
SEEDS="$(make_seeds)"
CORPUS="$BUILD/corpus"
ARTIFACTS="$BUILD/artifacts"
mkdir -p "$CORPUS" "$ARTIFACTS"
echo "fuzz-import: fuzzing for ${SECONDS_TO_RUN}s ($(ls "$SEEDS" | wc -l) seeds, corpus $CORPUS)"
PARALLEL=()
if [ "$WORKERS" -gt 1 ]; then PARALLEL=(-fork="$WORKERS"); fi
set +e
# shellcheck disable=SC2086
"$FUZZER" "${LIMITS[@]}" -max_total_time="$SECONDS_TO_RUN" \
  -dict="$SRC/tools/fuzz/onnx.dict" -artifact_prefix="$ARTIFACTS/" \
  -print_final_stats=1 "${PARALLEL[@]}" ${FUZZ_ARGS:-} "$CORPUS" "$SEEDS"
status=$?
set -e
found=$(find "$ARTIFACTS" -type f | wc -l)
echo "fuzz-import: exit $status, $found artifact(s) in $ARTIFACTS"
exit "$status"

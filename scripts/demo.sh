#!/usr/bin/env bash
# The README's main command. For now (the compiler back end is not there
# yet): import the bundled example model and print what it contains.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
"$root/scripts/build.sh" >/dev/null
model=$root/examples/digits_cnn.onnx
echo "== $model"
"$build/bin/quant-translate" --import-onnx "$model" |
  "$build/bin/quant-opt" --qnn-print-summary -o /dev/null
echo "float test accuracy recorded at training: $(cat "$root/examples/digits/float_accuracy.txt")"

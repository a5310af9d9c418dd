#!/usr/bin/env bash
# The README's main command: compile the bundled digits CNN float and int8
# (calibrated on examples/digits/calib.npy) for every backend, evaluate each
# .so on the held-out split and print accuracy, model size and latency.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
"$root/scripts/build.sh" >/dev/null
bin=$build/bin
model=$root/examples/digits_cnn.onnx
data=$root/examples/digits
out=${DEMO_DIR:-$build/demo}
runs=${DEMO_RUNS:-2000}
mkdir -p "$out"

echo "== compiling $model"
configs=("float onednn" "int8 ref" "int8 onednn" "int8 xnnpack")
for config in "${configs[@]}"; do
  read -r precision backend <<<"$config"
  so=$out/digits_${precision}_${backend}.so
  if [[ $precision == float ]]; then
    "$bin/quant-compile" "$model" --no-quantize --backend "$backend" -o "$so" --quiet
  else
    "$bin/quant-compile" "$model" --calib "$data/calib.npy" --backend "$backend" \
      -o "$so" --quiet
  fi
  echo "   $so"
done

echo "== evaluating on $data/test_x.npy ($runs timed runs each, 1 thread)"
for config in "${configs[@]}"; do
  read -r precision backend <<<"$config"
  so=$out/digits_${precision}_${backend}.so
  "$bin/quant-run" "$so" --eval "$data/test_x.npy" --labels "$data/test_y.npy" \
    --bench "$runs" --warmup 200 --threads 1 --json >"$out/digits_${precision}_${backend}.json"
done

/usr/bin/python3 - "$out" "$data/float_accuracy.txt" "${configs[@]}" <<'PY'
import json, os, sys
out, float_file, configs = sys.argv[1], sys.argv[2], sys.argv[3:]
trained = float(open(float_file).read().split()[0])
rows, float_acc = [], None
for config in configs:
    precision, backend = config.split()
    base = os.path.join(out, f"digits_{precision}_{backend}")
    r = json.load(open(base + ".json"))
    acc = 100 * r["eval"]["top1"]
    if precision == "float":
        float_acc = acc
    rows.append((precision, backend, acc, os.path.getsize(base + ".so"),
                 r["bench"]["p50_ms"] * 1000, r["bench"]["min_ms"] * 1000))
print()
print("| model      | backend | top-1 acc | vs float | .so size | p50 latency | min latency |")
print("|------------|---------|-----------|----------|----------|-------------|-------------|")
worst = 0.0
for precision, backend, acc, size, p50, mn in rows:
    delta = acc - float_acc
    if precision == "int8":
        worst = min(worst, delta)
    print(f"| {precision:<10} | {backend:<7} | {acc:8.2f}% | {delta:+7.2f}  | "
          f"{size / 1024:6.1f} KB | {p50:8.1f} us | {mn:8.1f} us |")
print()
print(f"float accuracy at training (PyTorch): {100 * trained if trained <= 1 else trained:.2f}%")
if worst < -0.5:
    print(f"FAIL: an int8 model is {-worst:.2f} points below float (limit 0.5)")
    sys.exit(1)
print("int8 within 0.5 points of float on every backend")
PY

#!/usr/bin/python3
"""Demo e2e test: examples/digits_cnn.onnx, float vs int8 on every backend.

Compiles the example model with --no-quantize and, for each backend (ref,
onednn, xnnpack), to int8 with --calib examples/digits/calib.npy; evaluates
every .so with `quant-run --eval examples/digits/test_x.npy --labels
examples/digits/test_y.npy --json` and checks

  * the float .so reproduces examples/digits/float_accuracy.txt (the
    accuracy the training script measured in PyTorch) within 0.5 points;
  * each int8 .so's top-1 is within 0.5 percentage points of the float
    .so's (|int8 - float| <= 0.5; 400 test samples: 0.25 points each).

Prints one line per build and `digits-demo: N/M passed`; exit 1 on failure.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
TOL_POINTS = 0.5


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin-dir", default=os.path.join(ROOT, "build", "bin"))
    ap.add_argument("--backends", default="ref,onednn,xnnpack")
    ap.add_argument("--tolerance", type=float, default=TOL_POINTS,
                    help="allowed accuracy drop in percentage points")
    ap.add_argument("--keep", metavar="DIR")
    args = ap.parse_args()

    ex = os.path.join(ROOT, "examples")
    model = os.path.join(ex, "digits_cnn.onnx")
    calib = os.path.join(ex, "digits", "calib.npy")
    tx = os.path.join(ex, "digits", "test_x.npy")
    ty = os.path.join(ex, "digits", "test_y.npy")
    with open(os.path.join(ex, "digits", "float_accuracy.txt")) as f:
        documented = float(f.read().split()[0]) * 100
    qc = os.path.join(args.bin_dir, "quant-compile")
    qr = os.path.join(args.bin_dir, "quant-run")
    work = args.keep or tempfile.mkdtemp(prefix="digits-demo-")
    os.makedirs(work, exist_ok=True)

    def build_and_eval(tag, extra):
        so = os.path.join(work, "digits_%s.so" % tag)
        p = subprocess.run([qc, model, "-o", so, "--quiet"] + extra,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           universal_newlines=True, timeout=300)
        if p.returncode != 0:
            return None, "quant-compile failed (%d): %s" % (p.returncode,
                                                            p.stderr.strip()[:300])
        p = subprocess.run([qr, so, "--eval", tx, "--labels", ty, "--json",
                            "--quiet"], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, universal_newlines=True,
                           timeout=300)
        if p.returncode != 0:
            return None, "quant-run failed (%d): %s" % (p.returncode,
                                                        p.stderr.strip()[:300])
        return json.loads(p.stdout)["eval"]["top1"] * 100, None

    ok = total = 0
    try:
        total += 1
        facc, err = build_and_eval("float", ["--no-quantize", "--backend", "ref"])
        if err:
            print("float    FAIL  %s" % err)
        else:
            good = abs(facc - documented) <= args.tolerance
            ok += good
            print("float    %s  top-1 %.2f%% (documented %.2f%%, tolerance %.1f points)"
                  % ("PASS" if good else "FAIL", facc, documented, args.tolerance))
        base = facc if facc is not None else documented
        for be in [b for b in args.backends.split(",") if b]:
            total += 1
            acc, err = build_and_eval("int8_" + be, ["--calib", calib, "--backend", be])
            if err:
                print("%-8s FAIL  %s" % (be, err))
                continue
            good = abs(acc - base) <= args.tolerance
            ok += good
            print("%-8s %s  int8 top-1 %.2f%% (float %.2f%%, drop %.2f points, "
                  "allowed %.1f)" % (be, "PASS" if good else "FAIL", acc, base,
                                     base - acc, args.tolerance))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print("digits-demo: %d/%d passed" % (ok, total))
    return 0 if ok == total else 1


if __name__ == "__main__":
    sys.exit(main())

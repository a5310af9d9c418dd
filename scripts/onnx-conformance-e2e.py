#!/usr/bin/python3
"""Compiles and runs ONNX's backend node tests end to end.

For every op that `quant-translate --list-onnx-ops` claims, takes the node
test cases of Debian's libonnx-testdata (found as scripts/onnx-conformance.py
finds them: /usr/share/libonnx-testdata/data/node/test_<op>*, the graph must
contain the op) and

  * the quantization cases (QuantizeLinear, DequantizeLinear, QLinearConv,
    QLinearMatMul, ConvInteger, MatMulInteger): compiles the model as it is
    (a QDQ/QLinear model needs no calibration);
  * every other case: compiles it with `--no-quantize`;

then runs each test_data_set_N with `quant-run --raw-io` and compares every
output with output_M.pb:

  float outputs    |y - ref| <= 1e-5 + 1e-4 |ref|  (ONNX's backend test
                   compares with rtol 1e-3/atol 1e-7; we are stricter in rtol
                   and allow a small atol for values near 0)
  integer outputs  exact (the runtime rounds half to even like ONNX's
                   reference implementation; any exception is listed in
                   KNOWN_FAIL with the reason)

ONNX feeds every operand (weights, scales, shapes) as a graph input. A case
is compiled first as shipped; if the compiler rejects that cleanly, again
with inputs 1.. turned into initializers holding the data set's values (the
"const" variant: weights and quantization parameters known at compile time,
as the compiler requires). Models below opset 11 are converted to opset 13
with onnx.version_converter first (as the importer's message suggests).

Status per case:
  PASS      every data set matches
  FAIL      a wrong number or shape, a run-time error of a compiled model, a
            crash (signal, timeout, exit without an `error:` line) of
            quant-compile or quant-run
  REJECTED  quant-compile refused the model (both variants) with a clean
            `error:` diagnostic; the reason is printed
  KNOWN     a FAIL listed in KNOWN_FAIL (a known bug; the reason is printed)
  XPASS     a KNOWN case that now passes: remove its mark (fails the run)

Summary line:
  onnx-conformance-e2e: N cases, P passed, F failed, R rejected, K known
Exit 1 on FAIL or XPASS, 77 when the test data is not installed.
"""

import argparse
import concurrent.futures
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import time

try:
    import numpy as np
    import onnx
    from onnx import numpy_helper
except ImportError as e:  # ctest: SKIP_RETURN_CODE 77
    print("onnx-conformance-e2e: SKIPPED (needs numpy and onnx: %s)" % e)
    sys.exit(77)

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location(
    "onnx_conformance", os.path.join(HERE, "onnx-conformance.py"))
conf = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(conf)

QUANT_OPS = {"QuantizeLinear", "DequantizeLinear", "QLinearConv",
             "QLinearMatMul", "ConvInteger", "MatMulInteger"}
RTOL, ATOL = 1e-4, 1e-5

# Known compiler/runtime bugs: case -> reason. The case still runs; a FAIL
# (or a REJECTED whose message is an internal error rather than a
# diagnostic about the model) is reported as KNOWN, a PASS as XPASS (fails
# the run: remove the mark).
KNOWN_FAIL = {
    # Runtime limits, rejected cleanly with the reason:
    "test_dequantizelinear_axis": "per-channel zero points must all be equal "
                                  "(runtime limit)",
    "test_basic_convinteger": "int32 graph outputs are not supported (no "
                              "f32/s8 -> s32 boundary kernel)",
    "test_convinteger_with_padding": "int32 graph outputs are not supported",
    "test_convinteger_without_padding": "int32 graph outputs are not supported",
    "test_matmulinteger": "int32 graph outputs are not supported",
}

# Cases skipped with the reason (never silently): e.g. too slow for CI.
SKIP = {
}


def run(cmd, timeout):
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           universal_newlines=True, timeout=timeout,
                           start_new_session=True)
        return p.returncode, p.stderr
    except subprocess.TimeoutExpired:
        return None, "timeout after %ss" % timeout
    except OSError as e:
        return -998, "cannot run %s: %s" % (cmd[0], e)


def crashed(rc, stderr):
    """A crash: no exit status, a signal, or an exit without `error:`."""
    if rc is None or rc < 0:
        return True
    return rc != 0 and (conf.first_error(stderr) is None or
                        "LLVM ERROR" in stderr or "Stack dump" in stderr)


def describe(rc, stderr):
    if rc is None:
        return stderr
    if rc < 0:
        return "killed by signal %d" % -rc
    err = conf.first_error(stderr)
    if err is None:
        tail = stderr.strip().splitlines()
        return "exit %d without an error: line%s" % (
            rc, (": " + tail[-1][:160]) if tail else "")
    return err[:200]


def data_sets(case_dir):
    sets = [d for d in os.listdir(case_dir) if d.startswith("test_data_set_")]
    return [os.path.join(case_dir, d) for d in
            sorted(sets, key=lambda s: int(s.rsplit("_", 1)[1]))]


def read_pb(path):
    t = onnx.TensorProto()
    with open(path, "rb") as f:
        t.ParseFromString(f.read())
    return numpy_helper.to_array(t)


def graph_inputs(model):
    inits = {i.name for i in model.graph.initializer}
    return [i.name for i in model.graph.input if i.name not in inits]


def const_variant(model, set_dir):
    """Inputs 1.. become initializers with the data set's values."""
    m = onnx.ModelProto()
    m.CopyFrom(model)
    names = graph_inputs(m)
    keep = names[:1]
    for k, name in enumerate(names[1:], start=1):
        path = os.path.join(set_dir, "input_%d.pb" % k)
        t = onnx.TensorProto()
        with open(path, "rb") as f:
            t.ParseFromString(f.read())
        t.name = name
        m.graph.initializer.append(t)
    inputs = [i for i in m.graph.input if i.name in keep]
    del m.graph.input[:]
    m.graph.input.extend(inputs)
    return m


def sanitize(name):
    return "".join(c if c.isalnum() or c in "._-" else "_" for c in name)


def compare(got, exp):
    """None when equal within the rules, else a message."""
    if got.shape != exp.shape:
        if got.size == exp.size and got.squeeze().shape == exp.squeeze().shape:
            got = got.reshape(exp.shape)
        else:
            return "shape %s, expected %s" % (got.shape, exp.shape)
    if exp.dtype.kind == "f":
        g, e = got.astype(np.float64), exp.astype(np.float64)
        same_nan = np.isnan(g) == np.isnan(e)
        fin = ~np.isnan(e)
        bad = ~same_nan | (fin & ~(np.abs(g - e) <= ATOL + RTOL * np.abs(e)))
        bad |= fin & np.isinf(e) & (g != e)
        if bad.any():
            i = np.unravel_index(np.argmax(np.where(bad, np.abs(g - e), -1)), e.shape)
            return "%d/%d values off, max |diff| %.3g at %s (got %r, expected %r)" % (
                bad.sum(), bad.size, np.nanmax(np.abs(g - e)), list(i), g[i], e[i])
        return None
    if got.dtype.kind == "f" and not np.all(got == np.round(got)):
        return "integer output came back as non-integer floats"
    d = np.abs(got.astype(np.int64) - exp.astype(np.int64))
    if d.max(initial=0) != 0:
        return "%d/%d values off, max |diff| %d" % (
            (d != 0).sum(), d.size, d.max())
    return None


class Ctx:
    def __init__(self, args, work):
        self.qc = os.path.join(args.bin_dir, "quant-compile")
        self.qr = os.path.join(args.bin_dir, "quant-run")
        self.work, self.timeout = work, args.timeout
        self.backend = None


def compile_model(ctx, model, so, quant):
    path = so[:-3] + ".onnx"
    onnx.save(model, path)
    cmd = [ctx.qc, path, "-o", so, "--quiet", "--backend", ctx.backend]
    if not quant:
        cmd.append("--no-quantize")
    return run(cmd, ctx.timeout)


def run_set(ctx, so, model, set_dir, n_inputs, outdir):
    cmd = [ctx.qr, so, "--raw-io", "--quiet", "--output", outdir + "/"]
    for k in range(n_inputs):
        cmd += ["--input", os.path.join(set_dir, "input_%d.pb" % k)]
    rc, err = run(cmd, ctx.timeout)
    if rc != 0:
        return "quant-run %s: %s" % ("crashed" if crashed(rc, err) else "failed",
                                     describe(rc, err))
    for m, out in enumerate(model.graph.output):
        exp_path = os.path.join(set_dir, "output_%d.pb" % m)
        if not os.path.exists(exp_path):
            continue
        got_path = os.path.join(outdir, sanitize(out.name) + ".npy")
        if not os.path.exists(got_path):
            return "no output file for %s" % out.name
        msg = compare(np.load(got_path), read_pb(exp_path))
        if msg:
            return "%s: output %d '%s': %s" % (os.path.basename(set_dir), m,
                                               out.name, msg)
    return None


def run_case(base, data, op, name, backend):
    """(op, name, status, detail)."""
    if name in SKIP:
        return op, name, "SKIPPED", SKIP[name]
    ctx = Ctx.__new__(Ctx)
    ctx.__dict__.update(base.__dict__)
    ctx.backend = backend
    case_dir = os.path.join(data, name)
    quant = op in QUANT_OPS
    wd = os.path.join(ctx.work, backend, name)
    os.makedirs(wd, exist_ok=True)
    try:
        model = onnx.load(os.path.join(case_dir, "model.onnx"))
    except Exception as e:  # noqa: BLE001
        return op, name, "FAIL", "onnx.load: %s" % e
    notes = []
    opset = next((o.version for o in model.opset_import
                  if o.domain in ("", "ai.onnx")), 0)
    if opset < 11:
        try:
            from onnx import version_converter  # noqa: PLC0415
            model = version_converter.convert_version(model, 13)
            notes.append("opset %d->13" % opset)
        except Exception as e:  # noqa: BLE001
            return op, name, "REJECTED", "opset %d: version_converter: %s" % (
                opset, str(e).splitlines()[0][:120])
    sets = data_sets(case_dir)
    if not sets:
        return op, name, "REJECTED", "no test data sets"

    # Variant 1: as shipped.
    so = os.path.join(wd, "asis.so")
    rc, err = compile_model(ctx, model, so, quant)
    if crashed(rc, err):
        return op, name, "FAIL", "quant-compile crashed: " + describe(rc, err)
    if rc == 0:
        n_in = len(graph_inputs(model))
        for s in sets:
            msg = run_set(ctx, so, model, s, n_in, os.path.join(wd, "o_" + os.path.basename(s)))
            if msg:
                return op, name, "FAIL", " ".join(notes + [msg])
        return op, name, "PASS", " ".join(notes + ["as shipped"])
    reason_asis = describe(rc, err)
    if len(graph_inputs(model)) < 2:
        return op, name, "REJECTED", reason_asis
    # Variant 2: inputs 1.. as constants, one build per data set.
    for i, s in enumerate(sets):
        try:
            cm = const_variant(model, s)
        except Exception as e:  # noqa: BLE001
            return op, name, "REJECTED", "%s (const variant: %s)" % (reason_asis, e)
        so = os.path.join(wd, "const%d.so" % i)
        rc, err = compile_model(ctx, cm, so, quant)
        if crashed(rc, err):
            return op, name, "FAIL", "quant-compile crashed (const inputs): " + \
                describe(rc, err)
        if rc != 0:
            return op, name, "REJECTED", describe(rc, err) + " (const inputs)"
        msg = run_set(ctx, so, cm, s, 1, os.path.join(wd, "c_" + os.path.basename(s)))
        if msg:
            return op, name, "FAIL", " ".join(notes + ["const inputs:", msg])
    return op, name, "PASS", " ".join(notes + ["const inputs"])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin-dir", default=os.path.join(HERE, "..", "build", "bin"),
                    help="directory of quant-compile, quant-run, quant-translate")
    ap.add_argument("--data", default=conf.DEFAULT_DATA)
    ap.add_argument("--backends", default="ref",
                    help="comma-separated --backend values for quant-compile "
                         "(default ref); every case runs on each")
    ap.add_argument("--op", action="append", default=[],
                    help="only these op types (repeatable)")
    ap.add_argument("--case", action="append", default=[],
                    help="only these case names (repeatable)")
    ap.add_argument("--timeout", type=float, default=120)
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("--keep", metavar="DIR", help="keep models and outputs")
    ap.add_argument("-q", "--quiet", action="store_true",
                    help="print only cases that did not pass")
    args = ap.parse_args()

    for t in ("quant-compile", "quant-run", "quant-translate"):
        if not os.access(os.path.join(args.bin_dir, t), os.X_OK):
            print("onnx-conformance-e2e: error: %s not found in %s" %
                  (t, args.bin_dir), file=sys.stderr)
            return 2
    if not os.path.isdir(args.data):
        print("onnx-conformance-e2e: SKIPPED (no ONNX test data at %s; install "
              "libonnx-testdata)" % args.data)
        return 77
    ops = conf.list_ops(os.path.join(args.bin_dir, "quant-translate"))
    if args.op:
        ops = {o: ops[o] for o in args.op if o in ops}
    cases, _ = conf.find_cases(ops, args.data)
    jobs = [(op, n) for op in sorted(ops) for n in cases[op]
            if not args.case or n in args.case]

    work = args.keep or tempfile.mkdtemp(prefix="onnx-conf-e2e-")
    os.makedirs(work, exist_ok=True)
    base = Ctx(args, work)
    backends = [b for b in args.backends.split(",") if b]
    t0 = time.time()
    try:
        with concurrent.futures.ThreadPoolExecutor(max(1, args.jobs)) as pool:
            results = list(pool.map(
                lambda j: (j[2],) + run_case(base, args.data, *j),
                [(op, n, be) for be in backends for op, n in jobs]))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    final = []
    for be, op, name, status, detail in results:
        if name in KNOWN_FAIL:
            if status in ("FAIL", "REJECTED"):
                status, detail = "KNOWN", "%s [known: %s]" % (detail, KNOWN_FAIL[name])
            elif status == "PASS":
                status, detail = "XPASS", "passes now: remove KNOWN_FAIL mark (%s)" % (
                    KNOWN_FAIL[name])
        final.append((op, name, be, status, detail))

    w_op = max([len(r[0]) for r in final] + [2])
    w_c = max([len(r[1]) for r in final] + [4])
    print("%-*s  %-*s  %-8s  %-8s  %s" % (w_op, "op", w_c, "case", "backend",
                                          "status", "detail"))
    for r in final:
        if args.quiet and r[3] == "PASS":
            continue
        print("%-*s  %-*s  %-8s  %-8s  %s" % ((w_op, r[0], w_c) + r[1:]))
    keys = ("PASS", "FAIL", "REJECTED", "KNOWN", "XPASS", "SKIPPED")
    for be in backends:
        rs = [r for r in final if r[2] == be]
        qn = [r for r in rs if r[0] in QUANT_OPS]
        c = {k: sum(1 for r in rs if r[3] == k) for k in keys}
        print("  %-8s %d cases: %d passed, %d failed, %d rejected, %d known, "
              "%d xpass; quantization cases %d/%d passed" % (
                  be, len(rs), c["PASS"], c["FAIL"], c["REJECTED"], c["KNOWN"],
                  c["XPASS"], sum(1 for r in qn if r[3] == "PASS"), len(qn)))
    c = {k: sum(1 for r in final if r[3] == k) for k in keys}
    print("onnx-conformance-e2e: %d cases, %d passed, %d failed, %d rejected, "
          "%d known, %d xpass, %d skipped (%d ops, backends %s, %.0fs)" % (
              len(final), c["PASS"], c["FAIL"], c["REJECTED"], c["KNOWN"],
              c["XPASS"], c["SKIPPED"], len(ops), ",".join(backends),
              time.time() - t0))
    return 1 if c["FAIL"] or c["XPASS"] else 0


if __name__ == "__main__":
    sys.exit(main())

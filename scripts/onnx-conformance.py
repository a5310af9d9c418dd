#!/usr/bin/python3
"""Runs the ONNX importer over ONNX's own backend conformance models.

For every op type that `quant-translate --list-onnx-ops` claims, finds the
node tests of ONNX's backend suite (Debian package libonnx-testdata:
/usr/share/libonnx-testdata/data/node/test_<op>*/model.onnx) whose graph
really contains that op, imports each with `quant-translate --import-onnx`
and classifies the outcome:

  IMPORTED  exit status 0
  REJECTED  non-zero exit with an `error:` diagnostic (a clean rejection;
            the first error line is printed as the reason)
  CRASH     killed by a signal, aborted, timed out, or failed without any
            `error:` diagnostic

Prints a table and a final summary line of the stable form

  onnx-conformance: <N> cases, <I> imported, <R> rejected, <C> crash (<K> ops)

and exits 1 if any case crashed, 0 otherwise. When the test data directory
does not exist it prints `onnx-conformance: SKIPPED (...)` and exits 77
(for ctest's SKIP_RETURN_CODE).

Standard library only. The python `onnx` package is used when present to
double-check op types, but a small protobuf reader suffices.
"""

import argparse
import concurrent.futures
import os
import re
import shutil
import signal
import subprocess
import sys

DEFAULT_DATA = "/usr/share/libonnx-testdata/data/node"

# ONNX names most node tests after the lowercased op type
# (GlobalAveragePool -> test_globalaveragepool, QLinearConv ->
# test_qlinearconv); these ops use other or additional prefixes.
EXTRA_PREFIXES = {
    "BatchNormalization": ["batchnorm"],
    "ReduceMean": ["reduce_mean"],
    "Conv": ["basic_conv"],
    "ConvInteger": ["basic_convinteger"],
    "Pad": ["constant_pad", "edge_pad", "reflect_pad"],
    "Dropout": ["training_dropout"],
    "InstanceNormalization": ["instancenorm"],
    "LRN": ["lrn"],
    "TopK": ["top_k"],
    "LayerNormalization": ["layer_normalization"],
}


def snake_case(name):
    """GlobalAveragePool -> global_average_pool, QLinearConv -> q_linear_conv."""
    s = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", s).lower()


def prefixes_for(op):
    """Test-name prefixes (without `test_`) that may hold cases of `op`."""
    cands = [op.lower(), snake_case(op)] + EXTRA_PREFIXES.get(op, [])
    out = []
    for c in cands:
        if c not in out:
            out.append(c)
    return out


#===----------------------------------------------------------------------===#
# A minimal protobuf reader: the op types of a ModelProto's main graph.
#===----------------------------------------------------------------------===#

def _varint(buf, pos):
    result = shift = 0
    while True:
        if pos >= len(buf):
            raise ValueError("truncated varint")
        b = buf[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        if not b & 0x80:
            return result, pos
        shift += 7
        if shift > 63:
            raise ValueError("varint too long")


def _fields(buf):
    """Yields (field number, wire type, value) of a serialized message."""
    pos = 0
    while pos < len(buf):
        key, pos = _varint(buf, pos)
        field, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = _varint(buf, pos)
        elif wire == 1:
            value, pos = buf[pos:pos + 8], pos + 8
        elif wire == 2:
            n, pos = _varint(buf, pos)
            value, pos = buf[pos:pos + n], pos + n
        elif wire == 5:
            value, pos = buf[pos:pos + 4], pos + 4
        else:
            raise ValueError("unsupported wire type %d" % wire)
        if pos > len(buf):
            raise ValueError("truncated field")
        yield field, wire, value


def model_op_types(path):
    """(op types of the default domain in the main graph, opset) or None."""
    try:
        with open(path, "rb") as f:
            data = f.read()
        ops, opset = set(), None
        for field, wire, value in _fields(data):
            if field == 7 and wire == 2:  # ModelProto.graph
                for gf, gw, gv in _fields(value):
                    if gf == 1 and gw == 2:  # GraphProto.node
                        op_type, domain = "", ""
                        for nf, nw, nv in _fields(gv):
                            if nf == 4 and nw == 2:
                                op_type = nv.decode("utf-8", "replace")
                            elif nf == 7 and nw == 2:
                                domain = nv.decode("utf-8", "replace")
                        if domain in ("", "ai.onnx"):
                            ops.add(op_type)
            elif field == 8 and wire == 2:  # ModelProto.opset_import
                domain, version = "", None
                for of, ow, ov in _fields(value):
                    if of == 1 and ow == 2:
                        domain = ov.decode("utf-8", "replace")
                    elif of == 2 and ow == 0:
                        version = ov
                if domain in ("", "ai.onnx"):
                    opset = version
        return ops, opset
    except (OSError, ValueError):
        pass
    try:  # fall back on the onnx package when installed
        import onnx  # noqa: PLC0415
        m = onnx.load(path)
        opset = next((o.version for o in m.opset_import
                      if o.domain in ("", "ai.onnx")), None)
        return {n.op_type for n in m.graph.node
                if n.domain in ("", "ai.onnx")}, opset
    except Exception:  # noqa: BLE001
        return None


#===----------------------------------------------------------------------===#
# Discovery and classification
#===----------------------------------------------------------------------===#

def list_ops(quant_translate):
    out = subprocess.run([quant_translate, "--list-onnx-ops"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         universal_newlines=True, timeout=60, check=True)
    ops = {}
    for line in out.stdout.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 3 or cells[0] in ("ONNX op", "") or \
                set(cells[0]) <= set("-:"):
            continue
        ops[cells[0]] = {"opsets": cells[1], "limits": cells[2]}
    return ops


def find_cases(ops, data_dir):
    """Maps each claimed op to its case directories (sorted).

    A case `test_<prefix>` or `test_<prefix>_...` belongs to op X when
    <prefix> is one of X's prefixes and the model's graph contains an X
    node; this separates test_conv from test_convinteger/test_convtranspose,
    test_gather from test_gather_elements, test_constant from
    test_constant_pad, and skips the `_expanded` function bodies. When
    several ops match, the longest prefix wins.
    """
    names = sorted(d for d in os.listdir(data_dir)
                   if d.startswith("test_") and
                   os.path.isfile(os.path.join(data_dir, d, "model.onnx")))
    cases = {op: [] for op in ops}
    skipped = []
    for name in names:
        body = name[len("test_"):]
        matches = []
        for op in ops:
            for p in prefixes_for(op):
                if body == p or body.startswith(p + "_"):
                    matches.append((len(p), op))
        if not matches:
            continue
        info = model_op_types(os.path.join(data_dir, name, "model.onnx"))
        present = [(n, op) for n, op in matches
                   if info is None or op in info[0]]
        if not present:
            skipped.append((name, sorted({op for _, op in matches})))
            continue
        op = max(present)[1]
        cases[op].append(name)
    return cases, skipped


def first_error(stderr):
    for line in stderr.splitlines():
        if "error:" in line:
            # "<file>:0:0: error: node 'x' (Conv): ..." -> "node 'x' ..."
            return line.split("error:", 1)[1].strip()
    return None


def run_case(quant_translate, data_dir, name, timeout):
    model = os.path.join(data_dir, name, "model.onnx")
    try:
        proc = subprocess.run(
            [quant_translate, "--import-onnx", model, "-o", os.devnull],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            timeout=timeout, start_new_session=True)
    except subprocess.TimeoutExpired:
        return "CRASH", "timeout after %ss" % timeout
    stderr = proc.stderr.decode("utf-8", "replace")
    if proc.returncode == 0:
        return "IMPORTED", ""
    if proc.returncode < 0:
        try:
            sig = signal.Signals(-proc.returncode).name
        except ValueError:
            sig = "signal %d" % -proc.returncode
        return "CRASH", "killed by %s" % sig
    err = first_error(stderr)
    if err is None or "LLVM ERROR" in stderr or "Stack dump" in stderr or \
            "AddressSanitizer" in stderr or "runtime error:" in stderr:
        tail = stderr.strip().splitlines()
        return "CRASH", "exit %d without a clean error%s" % (
            proc.returncode, (": " + tail[0][:200]) if tail else "")
    return "REJECTED", err


def md_escape(s):
    return s.replace("|", "\\|").replace("\n", " ")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quant-translate", default=None,
                    help="path of quant-translate (default: on PATH, or "
                         "build/bin/quant-translate)")
    ap.add_argument("--data", default=DEFAULT_DATA,
                    help="ONNX backend node test directory (default: %s)" %
                         DEFAULT_DATA)
    ap.add_argument("--markdown", metavar="FILE",
                    help="also write the per-op summary and the case table "
                         "as markdown to FILE")
    ap.add_argument("--timeout", type=float, default=60,
                    help="seconds per case before it counts as a CRASH")
    ap.add_argument("-j", "--jobs", type=int, default=1,
                    help="cases to import in parallel")
    ap.add_argument("--op", action="append", default=[],
                    help="only these op types (repeatable)")
    ap.add_argument("-q", "--quiet", action="store_true",
                    help="print only non-IMPORTED cases and the summary")
    args = ap.parse_args()

    qt = args.quant_translate
    if qt is None:
        qt = shutil.which("quant-translate")
        if qt is None:
            here = os.path.dirname(os.path.abspath(__file__))
            qt = os.path.join(here, "..", "build", "bin", "quant-translate")
    if not os.access(qt, os.X_OK):
        print("onnx-conformance: error: quant-translate not found at %s" % qt,
              file=sys.stderr)
        return 2
    if not os.path.isdir(args.data):
        print("onnx-conformance: SKIPPED (no ONNX test data at %s; install "
              "libonnx-testdata)" % args.data)
        return 77

    ops = list_ops(qt)
    if args.op:
        unknown = [o for o in args.op if o not in ops]
        if unknown:
            print("onnx-conformance: error: not claimed by the importer: %s"
                  % ", ".join(unknown), file=sys.stderr)
            return 2
        ops = {o: ops[o] for o in args.op}
    cases, _skipped = find_cases(ops, args.data)

    jobs = [(op, name) for op in sorted(ops) for name in cases[op]]
    with concurrent.futures.ThreadPoolExecutor(max(1, args.jobs)) as pool:
        futures = [pool.submit(run_case, qt, args.data, name, args.timeout)
                   for _, name in jobs]
        results = [(op, name) + f.result() for (op, name), f in
                   zip(jobs, futures)]

    # Table.
    w_op = max([len(r[0]) for r in results] + [2])
    w_case = max([len(r[1]) for r in results] + [4])
    print("%-*s  %-*s  %-8s  %s" % (w_op, "op", w_case, "case", "status",
                                    "reason"))
    for op, name, status, reason in results:
        if args.quiet and status == "IMPORTED":
            continue
        print("%-*s  %-*s  %-8s  %s" % (w_op, op, w_case, name, status,
                                        reason))

    per_op = {}
    for op in sorted(ops):
        per_op[op] = {"IMPORTED": 0, "REJECTED": 0, "CRASH": 0}
    for op, _, status, _ in results:
        per_op[op][status] += 1
    without = [op for op in sorted(ops) if not cases[op]]
    if without:
        print("ops without conformance cases: %s" % ", ".join(without))

    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write("| ONNX op | opsets | limits | imported | rejected | "
                    "crash |\n|---|---|---|---|---|---|\n")
            for op in sorted(ops):
                c = per_op[op]
                if cases[op]:
                    counts = "%d | %d | %d" % (c["IMPORTED"], c["REJECTED"],
                                               c["CRASH"])
                else:
                    counts = "- | - | -"
                f.write("| %s | %s | %s | %s |\n" % (
                    op, ops[op]["opsets"], md_escape(ops[op]["limits"]),
                    counts))
            f.write("\n| ONNX op | case | status | reason |\n"
                    "|---|---|---|---|\n")
            for op, name, status, reason in results:
                f.write("| %s | %s | %s | %s |\n" % (op, name, status,
                                                     md_escape(reason)))

    n = len(results)
    imported = sum(1 for r in results if r[2] == "IMPORTED")
    rejected = sum(1 for r in results if r[2] == "REJECTED")
    crash = sum(1 for r in results if r[2] == "CRASH")
    print("onnx-conformance: %d cases, %d imported, %d rejected, %d crash "
          "(%d ops)" % (n, imported, rejected, crash, len(ops)))
    return 1 if crash else 0


if __name__ == "__main__":
    sys.exit(main())

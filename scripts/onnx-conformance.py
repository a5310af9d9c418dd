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


#===----------------------------------------------------------------------===#
# Constant-input variants: the backend tests feed every operand (weights,
# shapes, scales) as a graph input, which an importer that needs them at
# import time must reject. The variant turns inputs 1..n into initializers
# holding the test's own input data, so the op's import itself is exercised.
#===----------------------------------------------------------------------===#

def _key(field, wire):
    return _encode_varint((field << 3) | wire)


def _encode_varint(v):
    out = bytearray()
    while True:
        b = v & 0x7F
        v >>= 7
        if v:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def _len_field(field, payload):
    return _key(field, 2) + _encode_varint(len(payload)) + payload


def const_input_model(case_dir):
    """Serialized model with inputs 1.. as initializers, or None."""
    with open(os.path.join(case_dir, "model.onnx"), "rb") as f:
        model = f.read()
    names = []
    for field, wire, value in _fields(model):
        if field == 7 and wire == 2:
            for gf, gw, gv in _fields(value):
                if gf == 11 and gw == 2:  # GraphProto.input
                    name = ""
                    for vf, vw, vv in _fields(gv):
                        if vf == 1 and vw == 2:
                            name = vv.decode("utf-8", "replace")
                    names.append(name)
    data_dir = os.path.join(case_dir, "test_data_set_0")
    inits = b""
    for k, name in enumerate(names[1:], start=1):
        path = os.path.join(data_dir, "input_%d.pb" % k)
        if not os.path.isfile(path):
            return None
        with open(path, "rb") as f:
            tensor = f.read()
        # A later occurrence of a singular field wins: rename the tensor.
        tensor += _len_field(8, name.encode())
        inits += _len_field(5, tensor)  # GraphProto.initializer
    if not inits:
        return None
    # A second ModelProto.graph merges into the first (repeated fields
    # append), adding the initializers.
    return model + _len_field(7, inits)


def classify(proc_or_timeout, timeout):
    if proc_or_timeout is None:
        return "CRASH", "timeout after %ss" % timeout
    proc = proc_or_timeout
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


def run_case(quant_translate, data_dir, name, timeout, const_inputs=False):
    case_dir = os.path.join(data_dir, name)
    model = os.path.join(case_dir, "model.onnx")
    stdin = None
    if const_inputs:
        try:
            stdin = const_input_model(case_dir)
        except (OSError, ValueError):
            stdin = None
        if stdin is None:
            return None  # nothing to vary: no second input
        model = "-"
    try:
        proc = subprocess.run(
            [quant_translate, "--import-onnx", model, "-o", os.devnull],
            input=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            timeout=timeout, start_new_session=True)
    except subprocess.TimeoutExpired:
        proc = None
    return classify(proc, timeout)


def md_escape(s):
    return s.replace("|", "\\|").replace("\n", " ")


def count(results, ops):
    per_op = {op: {"IMPORTED": 0, "REJECTED": 0, "CRASH": 0} for op in ops}
    for op, _, status, _ in results:
        per_op[op][status] += 1
    return per_op


def summary_line(results, nops, label=""):
    n = len(results)
    c = {k: sum(1 for r in results if r[2] == k)
         for k in ("IMPORTED", "REJECTED", "CRASH")}
    return ("onnx-conformance%s: %d cases, %d imported, %d rejected, %d crash "
            "(%d ops)" % (label, n, c["IMPORTED"], c["REJECTED"], c["CRASH"],
                          nops))


def render_markdown(ops, cases, results, const_results, all_cases=True):
    """The per-op coverage table, then the cases (all, or only the
    non-IMPORTED ones) with their reasons."""
    per_op = count(results, ops)
    const_op = count(const_results, ops) if const_results is not None else None
    hdr = "| ONNX op | opsets | limits | imported | rejected | crash |"
    sep = "|---|---|---|---|---|---|"
    if const_op is not None:
        hdr += " constant inputs: imported | rejected | crash |"
        sep += "---|---|---|"
    out = [hdr, sep]
    for op in sorted(ops):
        c = per_op[op]
        row = "| %s | %s | %s | " % (op, ops[op]["opsets"],
                                     md_escape(ops[op]["limits"]) or " ")
        row += ("%d | %d | %d |" % (c["IMPORTED"], c["REJECTED"], c["CRASH"])
                if cases[op] else "- | - | - |")
        if const_op is not None:
            k = const_op[op]
            total = k["IMPORTED"] + k["REJECTED"] + k["CRASH"]
            row += (" %d | %d | %d |" % (k["IMPORTED"], k["REJECTED"],
                                         k["CRASH"]) if total else
                    " - | - | - |")
        out.append(row)

    def case_table(title, rows):
        out.extend(["", title, "", "| ONNX op | case | status | reason |",
                    "|---|---|---|---|"])
        for op, name, status, reason in rows:
            if all_cases or status != "IMPORTED":
                out.append("| %s | %s | %s | %s |" % (op, name, status,
                                                      md_escape(reason)))
    what = "Cases" if all_cases else "Cases not imported"
    case_table("%s, as ONNX ships them:" % what, results)
    if const_results is not None:
        case_table("%s, with inputs 1.. turned into initializers:" % what,
                   const_results)
    return "\n".join(out) + "\n"


DOCS_BEGIN = "<!-- onnx-conformance:begin -->"
DOCS_END = "<!-- onnx-conformance:end -->"


def update_docs(path, body):
    """Replaces the text between the markers in `path`."""
    with open(path) as f:
        text = f.read()
    begin, end = text.find(DOCS_BEGIN), text.find(DOCS_END)
    if begin < 0 or end < begin:
        raise SystemExit("onnx-conformance: error: %s has no %s ... %s "
                         "markers" % (path, DOCS_BEGIN, DOCS_END))
    body = ("\n<!-- generated by scripts/onnx-conformance.py --const-inputs "
            "--update-docs; do not edit -->\n\n" + body)
    with open(path, "w") as f:
        f.write(text[:begin + len(DOCS_BEGIN)] + body + text[end:])


def run_all(qt, data, jobs, timeout, n_jobs, const_inputs):
    with concurrent.futures.ThreadPoolExecutor(max(1, n_jobs)) as pool:
        futures = [pool.submit(run_case, qt, data, name, timeout, const_inputs)
                   for _, name in jobs]
        return [(op, name) + f.result() for (op, name), f in
                zip(jobs, futures) if f.result() is not None]


def print_table(results, quiet, title=None):
    if title:
        print(title)
    w_op = max([len(r[0]) for r in results] + [2])
    w_case = max([len(r[1]) for r in results] + [4])
    print("%-*s  %-*s  %-8s  %s" % (w_op, "op", w_case, "case", "status",
                                    "reason"))
    for op, name, status, reason in results:
        if quiet and status == "IMPORTED":
            continue
        print("%-*s  %-*s  %-8s  %s" % (w_op, op, w_case, name, status,
                                        reason))


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
    ap.add_argument("--update-docs", metavar="FILE",
                    help="rewrite the coverage section of FILE (between "
                         "the onnx-conformance:begin/end markers; the case "
                         "lists there hold only the non-IMPORTED cases)")
    ap.add_argument("--const-inputs", action="store_true",
                    help="also import each case with its inputs 1.. turned "
                         "into initializers holding the test's input data "
                         "(exercises ops whose weights, shapes or scales "
                         "must be known at import time)")
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

    results = run_all(qt, args.data, jobs, args.timeout, args.jobs, False)
    print_table(results, args.quiet)
    without = [op for op in sorted(ops) if not cases[op]]
    if without:
        print("ops without conformance cases: %s" % ", ".join(without))
    const_results = None
    if args.const_inputs:
        const_results = run_all(qt, args.data, jobs, args.timeout, args.jobs,
                                True)
        print()
        print_table(const_results, args.quiet,
                    "With inputs 1.. as initializers:")

    summaries = [summary_line(results, len(ops))]
    if const_results is not None:
        summaries.append(summary_line(const_results, len(ops),
                                      " (constant inputs)"))
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write("\n".join(summaries) + "\n\n" +
                    render_markdown(ops, cases, results, const_results))
    if args.update_docs:
        update_docs(args.update_docs,
                    "".join("`%s`  \n" % s for s in summaries) + "\n" +
                    render_markdown(ops, cases, results, const_results,
                                    all_cases=False))
    for s in summaries:
        print(s)
    crashed = any(r[2] == "CRASH" for r in results + (const_results or []))
    return 1 if crashed else 0


if __name__ == "__main__":
    sys.exit(main())

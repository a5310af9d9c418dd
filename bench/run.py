#!/usr/bin/python3
"""quant-mlir vs ONNX Runtime vs PyTorch: latency, compute lower bound and accuracy, in one run.

    /usr/bin/python3 bench/run.py                 # all models, 1 and 2 threads (~15 min)
    /usr/bin/python3 bench/run.py --quick         # resnet18 + demo CNN, 1 thread (~2-3 min)
    /usr/bin/python3 bench/run.py --models resnet18 digits_cnn --threads 1 --iterations 50

Writes bench/results/results.md, results.json and latency.png. See bench/README.md.
"""

import argparse
import datetime
import json
import os
import platform
import select
import shutil
import statistics
import subprocess
import sys
import time

import numpy as np

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
PEERS = os.path.join(BENCH, "peers")
sys.path.insert(0, PEERS)

import macs as macs_mod  # noqa: E402
import qdq as qdq_mod  # noqa: E402

TORCHVISION = ["resnet18", "mobilenet_v2", "resnet50", "mobilenet_v3_large", "efficientnet_b0"]
ALL_MODELS = TORCHVISION + ["digits_cnn"]
PY = sys.executable or "/usr/bin/python3"

# engine id -> (label, precision, kind)
ENGINES = {
    "ort-fp32": ("ORT fp32", "fp32", "ort"),
    "ort-int8": ("ORT int8 (QDQ)", "int8", "ort"),
    "torch-fp32": ("PyTorch fp32", "fp32", "torch"),
    "torch-onednn": ("PyTorch int8 onednn", "int8", "torch"),
    "torch-qnnpack": ("PyTorch int8 qnnpack", "int8", "torch"),
    "qm-onednn": ("quant-mlir int8 oneDNN", "int8", "qm"),
    "qm-xnnpack": ("quant-mlir int8 XNNPACK", "int8", "qm"),
    "qm-fp32": ("quant-mlir fp32", "fp32", "qm"),
}
SHORT = {"ort-fp32": "ORT fp32", "ort-int8": "ORT int8", "torch-fp32": "torch fp32",
         "torch-onednn": "torch onednn", "torch-qnnpack": "torch qnnpack",
         "qm-onednn": "qm onednn", "qm-xnnpack": "qm xnnpack", "qm-fp32": "qm fp32"}


def log(*a):
    print("[%s]" % time.strftime("%H:%M:%S"), *a, flush=True)


def stamp(*paths):
    parts = []
    for p in paths:
        st = os.stat(p)
        parts.append("%s:%d:%d" % (os.path.abspath(p), st.st_size, int(st.st_mtime)))
    return "|".join(parts)


def up_to_date(out, meta_key):
    meta = out + ".meta"
    return os.path.exists(out) and os.path.exists(meta) and open(meta).read() == meta_key


def mark(out, meta_key):
    with open(out + ".meta", "w") as f:
        f.write(meta_key)


# ------------------------------------------------------------------ models and inputs
def model_specs(names, work):
    inputs = os.path.join(BENCH, "models", "inputs")
    specs = []
    for n in names:
        if n == "digits_cnn":
            d = os.path.join(ROOT, "examples", "digits")
            s = dict(name=n, onnx=os.path.join(ROOT, "examples", "digits_cnn.onnx"),
                     calib=os.path.join(d, "calib.npy"), eval=os.path.join(d, "test_x.npy"),
                     labels=os.path.join(d, "test_y.npy"))
        else:
            s = dict(name=n, onnx=os.path.join(BENCH, "models", n + ".onnx"),
                     calib=os.path.join(inputs, "imagenet_calib.npy"),
                     eval=os.path.join(inputs, "imagenet_eval.npy"), labels=None)
        s["bench"] = os.path.join(work, "inputs", n + ".bench.npy")
        specs.append(s)
    return specs


def ensure_models(specs):
    missing = [s["name"] for s in specs if s["name"] in TORCHVISION and not os.path.exists(s["onnx"])]
    if missing:
        log("exporting missing models:", " ".join(missing))
        subprocess.run([PY, os.path.join(BENCH, "models", "export_models.py"), "--models", *missing],
                       check=True)
    if any(s["name"] == "digits_cnn" and not os.path.exists(s["onnx"]) for s in specs):
        log("training the demo CNN (examples/train_digits_cnn.py)")
        subprocess.run([PY, os.path.join(ROOT, "examples", "train_digits_cnn.py")], check=True)
    if any(s["name"] in TORCHVISION for s in specs):
        subprocess.run([PY, os.path.join(BENCH, "models", "make_inputs.py")], check=True)


def ensure_bench_inputs(specs, eval_limit):
    for s in specs:
        os.makedirs(os.path.dirname(s["bench"]), exist_ok=True)
        x = np.load(s["eval"], mmap_mode="r")
        def stale(p):
            return not os.path.exists(p) or os.path.getmtime(p) < os.path.getmtime(s["eval"])
        if stale(s["bench"]):
            np.save(s["bench"], np.ascontiguousarray(x[:1]))
        if eval_limit and eval_limit < x.shape[0] and not s["labels"]:
            p = os.path.join(os.path.dirname(s["bench"]), "%s.eval%d.npy" % (s["name"], eval_limit))
            if stale(p):
                np.save(p, np.ascontiguousarray(x[:eval_limit]))
            s["eval"] = p


# ------------------------------------------------------------------ peak
def measure_peak(work, threads):
    exe = os.path.join(work, "peak")
    src = os.path.join(BENCH, "peak", "peak.cpp")
    cxx = shutil.which(os.environ.get("CXX", "g++")) or shutil.which("c++")
    if not cxx:
        return {"error": "no C++ compiler"}
    if not up_to_date(exe, stamp(src)):
        subprocess.run([cxx, "-O2", "-std=c++17", "-pthread", src, "-o", exe], check=True)
        mark(exe, stamp(src))
    out = subprocess.run([exe, str(max(threads))], check=True, capture_output=True, text=True).stdout
    return json.loads(out)


# ------------------------------------------------------------------ engines
class Worker:
    """A peer process speaking the one-JSON-line-per-command protocol (ort_peer.js, torch_peer.py)."""

    def __init__(self, argv, env, logf, timeout=600):
        self.argv = argv
        self.p = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=logf,
                                  text=True, env=env)
        self.info = self._read(timeout)
        if not self.info.get("ready"):
            raise RuntimeError(self.info.get("error") or "worker did not start: %s" % self.info)

    def _read(self, timeout):
        r, _, _ = select.select([self.p.stdout], [], [], timeout)
        if not r:
            raise RuntimeError("timeout after %ds" % timeout)
        line = self.p.stdout.readline()
        if not line:
            raise RuntimeError("worker exited (code %s); see the log" % self.p.wait())
        return json.loads(line)

    def request(self, cmd, timeout=1800):
        self.p.stdin.write(json.dumps(cmd) + "\n")
        self.p.stdin.flush()
        r = self._read(timeout)
        if not r.get("ok"):
            raise RuntimeError(r.get("error"))
        return r

    def bench(self, x, warmup, iters):
        return self.request({"cmd": "bench", "input": x, "sample": 0, "warmup": warmup, "iters": iters})["lat_ms"]

    def run(self, x, out):
        self.request({"cmd": "run", "input": x, "output": out})

    def close(self):
        if self.p.poll() is None:
            try:
                self.p.stdin.write('{"cmd":"quit"}\n')
                self.p.stdin.close()
                self.p.wait(timeout=30)
            except Exception:  # noqa: BLE001
                self.p.kill()
                self.p.wait()


def parse_quant_run_json(text):
    """Per-iteration latencies (ms) from quant-run --json; tolerant about the key names.
    Preferred: {"latencies_ms": [...]}. Accepted otherwise: any list of numbers under a key
    containing 'lat' or 'times' (ms, or us/ns if the key says so), or a summary object with
    min and p50/median (then the summary stands in for the iterations)."""
    try:
        d = json.loads(text)
    except ValueError:  # log lines before the JSON: take the last line that parses
        d = next(json.loads(ln) for ln in reversed(text.strip().splitlines()) if ln.startswith("{"))

    def scale(key):
        k = key.lower()
        return 1e-3 if ("_us" in k or k.endswith("us")) else 1e-6 if ("_ns" in k or k.endswith("ns")) else 1.0

    def walk(o):
        if isinstance(o, dict):
            for k, v in o.items():
                if isinstance(v, list) and v and all(isinstance(t, (int, float)) for t in v) and \
                        ("lat" in k.lower() or "time" in k.lower()):
                    return [float(t) * scale(k) for t in v]
            for k, v in o.items():
                r = walk(v)
                if r:
                    return r
        return None

    lat = walk(d)
    if lat:
        return lat

    def find(o, names):
        if isinstance(o, dict):
            for k, v in o.items():
                if k.lower() in names and isinstance(v, (int, float)):
                    return float(v) * scale(k)
            for v in o.values():
                r = find(v, names)
                if r is not None:
                    return r
        return None

    med = find(d, {"p50_ms", "median_ms", "p50", "median", "p50ms", "medianms"})
    mn = find(d, {"min_ms", "min", "minms"})
    if med is None:
        raise ValueError("no latencies in quant-run --json output: %s" % text[:300])
    return [mn if mn is not None else med, med, med]


class QuantRunEngine:
    """quant-mlir: one quant-run process per request (the .so loads in milliseconds)."""

    def __init__(self, quant_run, so, threads, env, logf):
        self.quant_run, self.so, self.threads, self.env, self.logf = quant_run, so, threads, env, logf
        self.info = {"engine": "quant-run", "so": so}

    def bench(self, x, warmup, iters):
        r = subprocess.run([self.quant_run, self.so, "--bench", str(iters), "--warmup", str(warmup),
                            "--threads", str(self.threads), "--input", x, "--json"],
                           capture_output=True, text=True, env=self.env, timeout=1800)
        self.logf.write(r.stderr)
        if r.returncode:
            raise RuntimeError("quant-run failed (%d): %s" % (r.returncode, r.stderr.strip()[-500:]))
        return parse_quant_run_json(r.stdout)

    def run(self, x, out):
        r = subprocess.run([self.quant_run, self.so, "--threads", str(self.threads), "--input", x,
                            "--output", out], capture_output=True, text=True, env=self.env, timeout=3600)
        self.logf.write(r.stderr)
        if r.returncode:
            raise RuntimeError("quant-run failed (%d): %s" % (r.returncode, r.stderr.strip()[-500:]))

    def close(self):
        pass


def profile_model(quant_run, so, x, env, seconds=1.0):
    """quant-mlir's per-kernel profile at 1 thread (quant-run --profile --json), summarized:
    time per op, the MAC-carrying kernels' throughput, time outside kernels, slowest kernels."""
    probe = subprocess.run([quant_run, so, "--bench", "3", "--warmup", "1", "--threads", "1", "--input", x,
                            "--json"], capture_output=True, text=True, env=env, timeout=600)
    if probe.returncode:
        raise RuntimeError(probe.stderr.strip()[-300:])
    est = min(parse_quant_run_json(probe.stdout))
    n = max(20, min(1000, int(seconds * 1e3 / max(est, 1e-3))))
    # The profile sums wall time (a mean per run): one preempted run on a shared machine
    # skews it, so keep the quietest of three repetitions.
    d = None
    for _ in range(3):
        r = subprocess.run([quant_run, so, "--bench", str(n), "--warmup", "5", "--threads", "1", "--input", x,
                            "--profile", "--profile-top", "0", "--json"], capture_output=True, text=True,
                           env=env, timeout=1800)
        if r.returncode:
            raise RuntimeError(r.stderr.strip()[-300:])
        rep = json.loads(r.stdout)
        if d is None or rep["profile_total"]["ms_per_run"] < d["profile_total"]["ms_per_run"]:
            d = rep
    kernels, total = d["profile"], d["profile_total"]
    by_op = {}
    for k in kernels:
        by_op[k["op"]] = by_op.get(k["op"], 0.0) + k["ms_per_run"]
    mac = [k for k in kernels if k["macs"] > 0]
    mac_ms = sum(k["ms_per_run"] for k in mac)
    top = sorted(kernels, key=lambda k: -k["ms_per_run"])[:3]
    return {"runs": total["runs"], "run_ms": total["ms_per_run"], "kernels_ms": total["kernels_ms_per_run"],
            "outside_ms": total["outside_ms_per_run"], "kernels": total["kernels"], "by_op_ms": by_op,
            "mac_kernels_ms": mac_ms, "mac_gmacs": (sum(k["macs"] for k in mac) / (mac_ms * 1e6)) if mac_ms else None,
            "top": [{k2: k.get(k2) for k2 in ("op", "node", "ms_per_run", "gmac_per_s", "macs", "backend")}
                    for k in top]}


# ------------------------------------------------------------------ preparation
def prepare_model(spec, engines, work, args, env, logf, notes):
    """Builds the per-engine artifacts; returns {engine: artifact or None}, statuses."""
    name = spec["name"]
    art, status = {}, {}
    if "ort-fp32" in engines:
        art["ort-fp32"] = spec["onnx"]
    if "ort-int8" in engines:
        out = os.path.join(work, "ort", name + ".qdq.onnx")
        os.makedirs(os.path.dirname(out), exist_ok=True)
        key = stamp(spec["onnx"], spec["calib"], qdq_mod.__file__)
        try:
            if not up_to_date(out, key):
                t0 = time.time()
                info = qdq_mod.build(spec["onnx"], spec["calib"], out, node=args.node, log=lambda *a: None)
                ops = qdq_mod.check(out, node=args.node)
                mark(out, key)
                with open(out + ".ops.json", "w") as f:
                    json.dump({"build": info, "ort_optimized_ops": ops}, f, indent=1, sort_keys=True)
                log("  ORT QDQ model built in %.1f s: ORT runs %s" % (
                    time.time() - t0, ", ".join("%s %d" % kv for kv in sorted(ops.items()))))
            art["ort-int8"] = out
        except Exception as e:  # noqa: BLE001
            status["ort-int8"] = "QDQ build failed: %s" % e
            log("  ort-int8:", status["ort-int8"])
    for e in ("torch-onednn", "torch-qnnpack"):
        if e not in engines:
            continue
        t0 = time.time()
        r = subprocess.run([PY, os.path.join(PEERS, "torch_peer.py"), "--model", name, "--onnx", spec["onnx"],
                            "--engine", e.split("-")[1], "--threads", "1", "--calib", spec["calib"],
                            "--prepare"], capture_output=True, text=True, env=env)
        logf.write(r.stderr)
        if r.returncode:
            status[e] = "quantization failed: %s" % (r.stdout.strip() or r.stderr.strip()[-300:])
            log("  %s: %s" % (e, status[e]))
        elif time.time() - t0 > 10:
            log("  %s: FX quantized and cached in %.1f s" % (e, time.time() - t0))
    qm = [e for e in engines if ENGINES[e][2] == "qm"]
    if qm:
        qc, qr = args.quant_compile, args.quant_run
        if not (os.access(qc, os.X_OK) and os.access(qr, os.X_OK)):
            for e in qm:
                status[e] = "not built"
            notes.add("quant-mlir columns: %s / %s not built yet (build the project, then rerun)." % (
                os.path.relpath(qc, ROOT), os.path.relpath(qr, ROOT)))
        else:
            for e in qm:
                out = os.path.join(work, "qm", "%s.%s.so" % (name, e.split("-")[1]))
                os.makedirs(os.path.dirname(out), exist_ok=True)
                flags = ["--no-quantize"] if e == "qm-fp32" else ["--backend", e.split("-")[1]]
                cmd = [qc, spec["onnx"], "--calib", spec["calib"], *flags, "-o", out]
                # The runtime is copied next to the .so: a rebuilt libquantrt means a rebuild.
                runtime = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(qc))),
                                       "runtime", "libquantrt.so")
                key = stamp(spec["onnx"], spec["calib"], qc,
                            *([runtime] if os.path.exists(runtime) else [])) + " ".join(cmd)
                if up_to_date(out, key):
                    art[e] = out
                    continue
                t0 = time.time()
                r = subprocess.run(cmd, capture_output=True, text=True, env=env)
                logf.write(r.stdout + r.stderr)
                if r.returncode or not os.path.exists(out):
                    status[e] = "quant-compile failed: %s" % (r.stderr.strip().splitlines() or ["?"])[-1][:200]
                    log("  %s: %s" % (e, status[e]))
                else:
                    mark(out, key)
                    art[e] = out
                    log("  %s: compiled in %.1f s" % (e, time.time() - t0))
    for e in engines:
        if ENGINES[e][2] == "torch" and e not in status:
            art[e] = "torch"
    return art, status


def start_engine(e, spec, art, threads, env, logf, args):
    kind = ENGINES[e][2]
    if kind == "ort":
        return Worker([args.node, os.path.join(PEERS, "ort", "ort_peer.js"), "--model", art[e],
                       "--threads", str(threads), "--serve"] + (["--no-spin"] if args.ort_no_spin else []),
                      env, logf)
    if kind == "torch":
        return Worker([PY, os.path.join(PEERS, "torch_peer.py"), "--model", spec["name"], "--onnx", spec["onnx"],
                       "--engine", e.split("-")[1], "--threads", str(threads), "--calib", spec["calib"],
                       "--serve"], env, logf)
    return QuantRunEngine(args.quant_run, art[e], threads, env, logf)


# ------------------------------------------------------------------ accuracy
def sqnr_db(ref, x):
    noise = float(((ref.astype(np.float64) - x) ** 2).sum())
    sig = float((ref.astype(np.float64) ** 2).sum())
    return float("inf") if noise == 0 else 10 * np.log10(sig / noise)


def accuracy(outs, spec, ref_engine):
    res = {}
    ref = outs.get(ref_engine)
    labels = np.load(spec["labels"]) if spec["labels"] else None
    for e, y in outs.items():
        r = {"samples": int(y.shape[0])}
        if labels is not None:
            r["accuracy"] = float((y.argmax(1) == labels[:y.shape[0]]).mean())
        if ref is not None and e != ref_engine and ref.shape == y.shape:
            r["top1_agreement"] = float((y.argmax(1) == ref.argmax(1)).mean())
            r["sqnr_db"] = sqnr_db(ref, y)
        elif ref is not None and e != ref_engine:
            r["error"] = "output shape %s vs reference %s" % (list(y.shape), list(ref.shape))
        res[e] = r
    return res


# ------------------------------------------------------------------ timing
def iterations_for(est_ms, args):
    if args.iterations:
        return args.iterations
    n = int(args.seconds * 1e3 / max(est_ms, 1e-3))
    return max(args.min_iterations, min(args.max_iterations, n))


def bench_model(spec, engines, art, status, threads_list, env, logf, args, result):
    name = spec["name"]
    outdir = os.path.join(args.work, "outputs")
    os.makedirs(outdir, exist_ok=True)
    for ti, T in enumerate(threads_list):
        live = {}
        for e in engines:
            if e in status:
                continue
            try:
                live[e] = start_engine(e, spec, art, T, env, logf, args)
            except Exception as ex:  # noqa: BLE001
                status[e] = "failed to start: %s" % str(ex)[:300]
                log("  %s (%d thr): %s" % (e, T, status[e]))
        try:
            # accuracy, once (at the first thread count), also warms everything up
            if ti == 0:
                outs = {}
                for e, w in list(live.items()):
                    p = os.path.join(outdir, "%s.%s.npy" % (name, e))
                    try:
                        w.run(spec["eval"], p)
                        y = np.load(p)
                        outs[e] = y.reshape(y.shape[0], -1).astype(np.float32)
                    except Exception as ex:  # noqa: BLE001
                        status[e] = "run failed: %s" % str(ex)[:300]
                        log("  %s: %s" % (e, status[e]))
                        live.pop(e).close()
                ref = "ort-fp32" if "ort-fp32" in outs else ("torch-fp32" if "torch-fp32" in outs else None)
                result["accuracy_reference"] = ref
                result["accuracy"] = accuracy(outs, spec, ref)
            # warm-up and iteration count per engine
            iters = {}
            for e, w in list(live.items()):
                try:
                    lat = w.bench(spec["bench"], args.warmup, 3)
                    iters[e] = iterations_for(min(lat), args)
                except Exception as ex:  # noqa: BLE001
                    status[e] = "bench failed: %s" % str(ex)[:300]
                    log("  %s: %s" % (e, status[e]))
                    live.pop(e).close()
            # interleaved rounds: every round runs every engine, in a rotated order
            lats = {e: [] for e in live}
            rounds = args.rounds
            order = list(live)
            t0 = time.time()
            for r in range(rounds):
                k = r % max(1, len(order))
                for e in order[k:] + order[:k]:
                    if e not in live:
                        continue
                    n = max(1, -(-iters[e] // rounds))
                    time.sleep(args.switch_pause)  # let the previous engine's thread pool go idle
                    try:
                        lats[e].extend(live[e].bench(spec["bench"], args.round_warmup, n))
                    except Exception as ex:  # noqa: BLE001
                        status[e] = "bench failed: %s" % str(ex)[:300]
                        log("  %s: %s" % (e, status[e]))
                        live.pop(e).close()
            for e, lat in lats.items():
                if not lat or e not in live:
                    continue
                result["engines"].setdefault(e, {}).setdefault("latency", {})[str(T)] = {
                    "median_ms": statistics.median(lat), "min_ms": min(lat), "mean_ms": statistics.fmean(lat),
                    "iterations": len(lat), "rounds": rounds}
            log("  %d thread(s): %s  (%.0f s)" % (T, "  ".join(
                "%s %.3g/%.3g" % (SHORT[e], statistics.median(lat), min(lat))
                for e, lat in lats.items() if lat), time.time() - t0))
        finally:
            for w in live.values():
                w.close()
    for e in engines:
        ent = result["engines"].setdefault(e, {})
        ent["label"] = ENGINES[e][0]
        ent["precision"] = ENGINES[e][1]
        if e in status:
            ent["status"] = status[e]


# ------------------------------------------------------------------ report
def fmt_ms(v):
    if v is None:
        return "—"
    return "%.3f" % v if v < 1 else "%.2f" % v if v < 10 else "%.1f" % v


def write_markdown(res, path):
    L = []
    m = res["machine"]
    L.append("# quant-mlir vs ONNX Runtime vs PyTorch (int8 and fp32, CPU)\n")
    L.append("Generated by `bench/run.py` on %s: %s, %s logical CPUs; ONNX Runtime %s (onnxruntime-node), "
             "PyTorch %s; load average %s at start, %s at end.\n" % (
                 res["date"], m["cpu"], m["nproc"], res["versions"].get("onnxruntime", "?"),
                 res["versions"].get("torch", "?"), m["load_start"], m["load_end"]))
    pk = res.get("peak", {})
    if "int8_gmacs" in pk:
        L.append("Compute peak measured in this run (bench/peak/peak.cpp): int8 `vpdpbusd` zmm %s GMAC/s, "
                 "fp32 `vfmadd231ps` zmm %s GMAC/s (by thread count).\n" % (
                     ", ".join("%s thr %.0f" % kv for kv in pk["int8_gmacs"].items()),
                     ", ".join("%s thr %.0f" % kv for kv in pk["fp32_gmacs"].items())))
    engines = res["config"]["engines"]
    for T in res["config"]["threads"]:
        L.append("\n## Latency, %d thread%s: median / min in ms (batch 1)\n" % (T, "s" if T > 1 else ""))
        L.append("Bound: MACs / measured peak at %d thread%s (int8 for int8 engines, fp32 for fp32 "
                 "engines) — the time the multiply-accumulates alone take.\n" % (T, "s" if T > 1 else ""))
        head = ["model", "MMAC", "int8 bound", "fp32 bound"] + [SHORT[e] for e in engines]
        L.append("| " + " | ".join(head) + " |")
        L.append("|" + "|".join(["---"] + ["---:"] * (len(head) - 1)) + "|")
        for name, r in res["models"].items():
            b = r.get("bound_ms", {})
            row = [name, "%.1f" % (r["macs"] / 1e6),
                   fmt_ms(b.get("int8", {}).get(str(T))), fmt_ms(b.get("fp32", {}).get(str(T)))]
            for e in engines:
                ent = r["engines"].get(e, {})
                lat = ent.get("latency", {}).get(str(T))
                if lat:
                    row.append("%s / %s" % (fmt_ms(lat["median_ms"]), fmt_ms(lat["min_ms"])))
                else:
                    row.append(ent.get("status", "—").split(":")[0])
            L.append("| " + " | ".join(row) + " |")
    L.append("\n## Accuracy vs fp32 on the same inputs\n")
    L.append("Top-1 agreement with the reference (ONNX Runtime fp32 unless noted) and logit SQNR in dB "
             "(10·log10(Σref² / Σ(out−ref)²) over all evaluation samples); the fp32 columns are sanity "
             "checks (same weights → very high SQNR). Demo CNN: top-1 accuracy on its 400 test digits "
             "in the last table.\n")
    head = ["model", "samples"] + [SHORT[e] for e in engines]
    L.append("| " + " | ".join(head) + " |")
    L.append("|" + "|".join(["---"] + ["---:"] * (len(head) - 1)) + "|")
    for name, r in res["models"].items():
        acc = r.get("accuracy", {})
        n = max([a.get("samples", 0) for a in acc.values()] or [0])
        row = [name + ("" if r.get("accuracy_reference") in ("ort-fp32", None) else
                       " (ref %s)" % r.get("accuracy_reference")), str(n)]
        for e in engines:
            a = acc.get(e)
            if e == r.get("accuracy_reference"):
                row.append("reference")
            elif a and "sqnr_db" in a:
                row.append("%.1f%% / %.1f dB" % (100 * a["top1_agreement"], a["sqnr_db"]))
            else:
                row.append(r["engines"].get(e, {}).get("status", "—").split(":")[0])
        L.append("| " + " | ".join(row) + " |")
    profiled = [(n, e, r["engines"][e]["profile"]) for n, r in res["models"].items() for e in engines
                if "profile" in r["engines"].get(e, {})]
    if profiled:
        L.append("\n## Where quant-mlir's time goes (per-kernel profile, 1 thread)\n")
        L.append("`quant-run --profile` on the same input right after the timing rounds (its own run, so "
                 "its total differs a little from the medians above). *conv/fc*: the kernels that carry "
                 "MACs, their share of the time and their throughput (of the measured peak of this "
                 "run); *outside*: qmodel_run minus its kernels. Slowest kernel: ms per run and GMAC/s.\n")
        L.append("| model | engine | run ms | conv/fc ms (share) | conv/fc GMAC/s (of peak) | other kernels ms "
                 "| outside ms | slowest kernel |")
        L.append("|---|---|---:|---:|---:|---:|---:|---|")
        for n, e, p in profiled:
            pk_key = "fp32_gmacs" if ENGINES[e][1] == "fp32" else "int8_gmacs"
            peak1 = res.get("peak", {}).get(pk_key, {}).get("1")
            g = p["mac_gmacs"]
            gtxt = "—" if g is None else "%.0f%s" % (g, " (%.0f%%)" % (100 * g / peak1) if peak1 else "")
            t = p["top"][0] if p["top"] else None
            slow = "—" if not t else "%s %s: %.3f ms%s" % (
                t["op"], t["node"][:40] or "(no node)", t["ms_per_run"],
                ", %.0f GMAC/s" % t["gmac_per_s"] if t.get("gmac_per_s") else "")
            L.append("| %s | %s | %s | %s (%.0f%%) | %s | %s | %s | %s |" % (
                n, SHORT[e], fmt_ms(p["run_ms"]), fmt_ms(p["mac_kernels_ms"]),
                100 * p["mac_kernels_ms"] / max(p["run_ms"], 1e-9), gtxt,
                fmt_ms(p["kernels_ms"] - p["mac_kernels_ms"]), fmt_ms(p["outside_ms"]), slow))
    labeled = [(n, r) for n, r in res["models"].items() if any("accuracy" in a for a in r.get("accuracy", {}).values())]
    if labeled:
        L.append("\n### Labeled accuracy (top-1)\n")
        head = ["model"] + [SHORT[e] for e in engines]
        L.append("| " + " | ".join(head) + " |")
        L.append("|" + "|".join(["---"] + ["---:"] * (len(head) - 1)) + "|")
        for n, r in labeled:
            row = [n]
            for e in engines:
                a = r["accuracy"].get(e, {})
                row.append("%.2f%%" % (100 * a["accuracy"]) if "accuracy" in a else
                           r["engines"].get(e, {}).get("status", "—").split(":")[0])
            L.append("| " + " | ".join(row) + " |")
    if res.get("notes"):
        L.append("\n## Notes\n")
        for n in res["notes"]:
            L.append("- " + n)
    L.append("\n![latency chart](latency.png)\n")
    L.append("Engines, settings and method: [bench/README.md](../README.md).\n")
    with open(path, "w") as f:
        f.write("\n".join(L))


def write_chart(res, path):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return "matplotlib missing (apt-get install python3-matplotlib): no chart"
    threads = res["config"]["threads"]
    engines = [e for e in res["config"]["engines"]
               if any(r["engines"].get(e, {}).get("latency") for r in res["models"].values())]
    models = list(res["models"])
    fig, axes = plt.subplots(len(threads), 1, figsize=(max(8, 1.9 * len(models) + 2), 3.8 * len(threads) + 1.2),
                             squeeze=False)
    cmap = plt.get_cmap("tab10")
    colors = {e: cmap(i) for i, e in enumerate(ENGINES)}
    width = 0.8 / max(1, len(engines))
    for ax, T in zip(axes[:, 0], threads):
        for j, e in enumerate(engines):
            xs, med, lo = [], [], []
            for i, m in enumerate(models):
                lat = res["models"][m]["engines"].get(e, {}).get("latency", {}).get(str(T))
                if lat:
                    xs.append(i - 0.4 + width * (j + 0.5))
                    med.append(lat["median_ms"])
                    lo.append(lat["median_ms"] - lat["min_ms"])
            if xs:
                ax.bar(xs, med, width, color=colors[e], label=ENGINES[e][0],
                       yerr=[lo, [0] * len(lo)], error_kw=dict(lw=0.6, capsize=1.5))
        for i, m in enumerate(models):
            b = res["models"][m].get("bound_ms", {})
            for prec, style in (("int8", "-"), ("fp32", "--")):
                v = b.get(prec, {}).get(str(T))
                if v:
                    ax.hlines(v, i - 0.45, i + 0.45, colors="black", linestyles=style, lw=1.2,
                              label=("%s compute bound (MACs / peak)" % prec) if i == 0 else None)
        ax.set_yscale("log")
        ax.set_xticks(range(len(models)))
        ax.set_xticklabels(models)
        ax.set_ylabel("latency, ms (log; bar = median, whisker = min)")
        ax.set_title("batch 1, %d thread%s" % (T, "s" if T > 1 else ""))
        ax.grid(axis="y", which="both", alpha=0.3)
    handles, labels = axes[0, 0].get_legend_handles_labels()
    fig.legend(handles, labels, fontsize=8, ncol=3, loc="lower center", frameon=False)
    fig.tight_layout(rect=(0, 0.06 + 0.02 * (len(labels) // 3), 1, 1))
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return None


# ------------------------------------------------------------------ main
def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    ap.add_argument("--models", nargs="+", default=ALL_MODELS, choices=ALL_MODELS, metavar="NAME",
                    help="default: %s" % " ".join(ALL_MODELS))
    ap.add_argument("--engines", nargs="+", default=list(ENGINES), choices=list(ENGINES), metavar="ENGINE",
                    help="default: %s" % " ".join(ENGINES))
    ap.add_argument("--threads", nargs="+", type=int, default=[1, 2])
    ap.add_argument("--iterations", type=int, default=0,
                    help="timed iterations per engine and thread count (default: as many as fit in "
                         "--seconds, between --min-iterations and --max-iterations)")
    ap.add_argument("--seconds", type=float, default=2.0, help="timing budget per engine/model/threads")
    ap.add_argument("--min-iterations", type=int, default=15)
    ap.add_argument("--max-iterations", type=int, default=2000)
    ap.add_argument("--rounds", type=int, default=5, help="interleaved rounds (engines round-robin)")
    ap.add_argument("--warmup", type=int, default=5, help="warm-up runs per engine before the rounds")
    ap.add_argument("--round-warmup", type=int, default=1, help="untimed runs at the start of each round")
    ap.add_argument("--switch-pause", type=float, default=0.05,
                    help="seconds of sleep before each engine's turn in a round (spinning pools idle)")
    ap.add_argument("--eval-limit", type=int, default=0, help="use only the first N evaluation samples")
    ap.add_argument("--quick", action="store_true",
                    help="resnet18 + digits_cnn, 1 thread, 3 rounds, 1 s per engine, 16 eval samples")
    ap.add_argument("--out", default=os.path.join(BENCH, "results"))
    ap.add_argument("--work", default=os.path.join(BENCH, ".work"), help="cache of generated artifacts")
    ap.add_argument("--quant-compile", default=os.path.join(ROOT, "build", "bin", "quant-compile"))
    ap.add_argument("--quant-run", default=os.path.join(ROOT, "build", "bin", "quant-run"))
    ap.add_argument("--node", default=shutil.which("node") or "node")
    ap.add_argument("--omp-wait-policy", default="",
                    help="OMP_WAIT_POLICY for every engine process (oneDNN/PyTorch use OpenMP); "
                         "default: unset, the runtimes' own default (a short spin, then sleep)")
    ap.add_argument("--no-profile", action="store_true",
                    help="skip the per-kernel profile of quant-mlir (oneDNN int8 and fp32, 1 thread)")
    ap.add_argument("--ort-no-spin", action="store_true",
                    help="ORT session.intra_op.allow_spinning=0 (default: ORT's default, spinning)")
    args = ap.parse_args()
    if args.quick:
        if "--models" not in sys.argv:
            args.models = ["resnet18", "digits_cnn"]
        if "--threads" not in sys.argv:
            args.threads = [1]
        if "--rounds" not in sys.argv:
            args.rounds = 3
        if "--seconds" not in sys.argv:
            args.seconds = 1.0
        if "--eval-limit" not in sys.argv:
            args.eval_limit = 16
        args.warmup = min(args.warmup, 3)
    args.work = os.path.abspath(args.work)
    os.makedirs(args.work, exist_ok=True)
    os.makedirs(args.out, exist_ok=True)
    engines = [e for e in ENGINES if e in args.engines]
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    env.pop("OMP_WAIT_POLICY", None)
    if args.omp_wait_policy:
        env["OMP_WAIT_POLICY"] = args.omp_wait_policy
    logpath = os.path.join(args.work, "run.log")
    logf = open(logpath, "w", buffering=1)
    notes = set()
    t_start = time.time()
    load_start = " ".join("%.1f" % v for v in os.getloadavg())

    # prerequisites
    if any(ENGINES[e][2] == "ort" for e in engines):
        nm = os.path.join(PEERS, "ort", "node_modules", "onnxruntime-node")
        if not os.path.isdir(nm):
            log("installing onnxruntime-node (npm ci --ignore-scripts in bench/peers/ort)")
            subprocess.run(["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"],
                           cwd=os.path.join(PEERS, "ort"), check=True)
    specs = model_specs(args.models, args.work)
    ensure_models(specs)
    ensure_bench_inputs(specs, args.eval_limit)

    versions = {"python": platform.python_version(), "numpy": np.__version__}
    try:
        import torch
        versions["torch"] = torch.__version__
    except ImportError:
        engines = [e for e in engines if ENGINES[e][2] != "torch"]
        notes.add("PyTorch not importable: torch columns skipped (apt-get install python3-torch python3-torchvision).")
    try:
        versions["onnxruntime"] = json.load(open(os.path.join(
            PEERS, "ort", "node_modules", "onnxruntime-node", "package.json")))["version"]
        versions["node"] = subprocess.run([args.node, "--version"], capture_output=True, text=True).stdout.strip()
    except Exception:  # noqa: BLE001
        pass

    log("measuring the compute peak")
    peak = measure_peak(args.work, args.threads)
    log("  int8 %s GMAC/s, fp32 %s GMAC/s (per thread count)" % (peak.get("int8_gmacs"), peak.get("fp32_gmacs")))

    cpu = platform.processor()
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    res = {"date": datetime.datetime.now().strftime("%Y-%m-%d %H:%M"),
           "machine": {"cpu": cpu, "nproc": os.cpu_count(), "load_start": load_start},
           "versions": versions, "peak": peak,
           "config": {"models": args.models, "engines": engines, "threads": args.threads,
                      "rounds": args.rounds, "seconds": args.seconds, "iterations": args.iterations,
                      "warmup": args.warmup, "round_warmup": args.round_warmup, "switch_pause": args.switch_pause,
                      "eval_limit": args.eval_limit,
                      "omp_wait_policy": args.omp_wait_policy, "ort_no_spin": args.ort_no_spin,
                      "quick": args.quick},
           "models": {}}

    for spec in specs:
        name = spec["name"]
        t0 = time.time()
        total, per_op = macs_mod.count_macs(spec["onnx"])
        r = {"onnx": os.path.relpath(spec["onnx"], ROOT), "macs": total, "macs_per_op": per_op,
             "calib": os.path.relpath(spec["calib"], ROOT), "eval": os.path.relpath(spec["eval"], ROOT),
             "bound_ms": {}, "engines": {}}
        for prec in ("int8", "fp32"):
            for T in args.threads:
                g = peak.get(prec + "_gmacs", {}).get(str(T))
                if g:
                    r["bound_ms"].setdefault(prec, {})[str(T)] = total / (g * 1e9) * 1e3
        log("%s: %.3f GMAC" % (name, total / 1e9))
        art, status = prepare_model(spec, engines, args.work, args, env, logf, notes)
        bench_model(spec, engines, art, status, args.threads, env, logf, args, r)
        if not args.no_profile:
            for e in ("qm-onednn", "qm-fp32"):
                if e in art and e not in status and art[e]:
                    try:
                        r["engines"].setdefault(e, {})["profile"] = profile_model(
                            args.quant_run, art[e], spec["bench"], env)
                    except Exception as ex:  # noqa: BLE001
                        log("  %s profile failed: %s" % (e, str(ex)[:200]))
        qops = os.path.join(args.work, "ort", name + ".qdq.onnx.ops.json")
        if os.path.exists(qops):
            r["ort_int8_optimized_ops"] = json.load(open(qops))["ort_optimized_ops"]
        r["seconds"] = time.time() - t0
        res["models"][name] = r
        log("  done in %.0f s" % r["seconds"])

    res["machine"]["load_end"] = " ".join("%.1f" % v for v in os.getloadavg())
    res["total_seconds"] = time.time() - t_start
    res["notes"] = sorted(notes)
    with open(os.path.join(args.out, "results.json"), "w") as f:
        json.dump(res, f, indent=1)
    write_markdown(res, os.path.join(args.out, "results.md"))
    err = write_chart(res, os.path.join(args.out, "latency.png"))
    if err:
        log(err)
    log("wrote %s/results.md, results.json, latency.png in %.0f s (log: %s)" % (
        os.path.relpath(args.out, ROOT), res["total_seconds"], os.path.relpath(logpath, ROOT)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""PyTorch peer for bench/run.py (Debian python3-torch 1.13, CPU).

Engines:
  fp32     torch.jit.trace + torch.jit.freeze + torch.jit.optimize_for_inference
           (oneDNN/MKLDNN convolutions; eager mode would use the reference BLAS)
  onednn   FX graph mode post-training quantization: prepare_fx with
           get_default_qconfig_mapping('onednn') (HistogramObserver u8 activations,
           per-channel symmetric s8 weights), calibrated on the calibration samples,
           convert_fx, traced + frozen; torch.backends.quantized.engine = 'onednn'
  qnnpack  the same with get_default_qconfig_mapping('qnnpack') (per-tensor weights) and
           get_qnnpack_backend_config(); engine 'qnnpack'

The float model is the torchvision model that bench/models/export_models.py exported
(same constructor, seed and BatchNorm re-estimation; rebuilt here and cached as a
state_dict in bench/.work/torch/, keyed by the .onnx file's size and mtime), or, for the
demo CNN, examples/train_digits_cnn.py's DigitsCNN with the weights read from
examples/digits_cnn.onnx. run.py reports the fp32 SQNR against ONNX Runtime fp32, which
shows whether the rebuilt weights match the .onnx.
Quantized models are cached as TorchScript (bench/.work/torch/NAME.ENGINE.pt) and loaded
after torch.set_num_threads(T), so weights are repacked at the thread count they run at.

One-shot:  torch_peer.py --model NAME --onnx M.onnx --engine fp32 --threads 1 --input X.npy
                          [--calib C.npy] [--warmup 10] [--iters 50] [--output out.npy]
Server:    torch_peer.py ... --serve  (same line protocol as ort/ort_peer.js: bench, run, quit)
Prepare:   torch_peer.py ... --prepare (build/cache the model and exit)
"""

import argparse
import copy
import hashlib
import importlib.util
import json
import os
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
BENCH = os.path.dirname(HERE)
ROOT = os.path.dirname(BENCH)
DEFAULT_CACHE = os.path.join(BENCH, ".work", "torch")


def _load_module(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def onnx_input_shape(onnx_path):
    import onnx
    m = onnx.load(onnx_path, load_external_data=False)
    inits = {i.name for i in m.graph.initializer}
    x = next(i for i in m.graph.input if i.name not in inits)
    return [d.dim_value if d.dim_value > 0 else 1 for d in x.type.tensor_type.shape.dim]


def stamp(path):
    st = os.stat(path)
    return hashlib.sha1(("%s:%d:%d" % (os.path.basename(path), st.st_size, int(st.st_mtime))).encode()).hexdigest()[:12]


def float_model(name, onnx_path, cache):
    import torch
    if name == "digits_cnn":
        import onnx
        from onnx import numpy_helper
        mod = _load_module(os.path.join(ROOT, "examples", "train_digits_cnn.py"), "train_digits_cnn")
        model = mod.DigitsCNN()
        sd = {i.name: torch.from_numpy(numpy_helper.to_array(i).copy()) for i in onnx.load(onnx_path).graph.initializer}
        missing, unexpected = model.load_state_dict(sd, strict=False)
        missing = [k for k in missing if not k.endswith("num_batches_tracked")]
        if missing or unexpected:
            raise RuntimeError("digits_cnn weights: missing %s unexpected %s" % (missing, unexpected))
        return model.eval()
    exp = _load_module(os.path.join(BENCH, "models", "export_models.py"), "export_models")
    os.makedirs(cache, exist_ok=True)
    path = os.path.join(cache, "%s.fp32.%s.state_dict.pt" % (name, stamp(onnx_path)))
    model = exp.build(name)
    if os.path.exists(path):
        model.load_state_dict(torch.load(path))
    else:
        n = torch.get_num_threads()
        torch.set_num_threads(1)  # the export ran at 1 thread: same BN statistics
        exp.recalibrate_batchnorm(model, 8, 8)
        torch.set_num_threads(n)
        torch.save(model.state_dict(), path + ".tmp")
        os.replace(path + ".tmp", path)
    return model.eval()


def load_samples(path, shape):
    a = np.load(path).astype(np.float32, copy=False)
    per = int(np.prod(shape))
    if a.size % per:
        raise ValueError("%s: %s does not split into samples of %s" % (path, a.shape, shape))
    return np.ascontiguousarray(a.reshape(-1, *shape))


class Peer:
    def __init__(self, args):
        import torch
        self.torch = torch
        torch.set_num_threads(args.threads)
        self.shape = onnx_input_shape(args.onnx)
        self.engine = args.engine
        t0 = time.time()
        with torch.no_grad():
            self.module = self._load(args)
        self.load_ms = (time.time() - t0) * 1e3
        self.cache_inputs = {}

    def _load(self, args):
        torch = self.torch
        example = torch.zeros(*self.shape)
        if args.engine == "fp32":
            model = float_model(args.model, args.onnx, args.cache)
            traced = torch.jit.freeze(torch.jit.trace(model, example).eval())
            return torch.jit.optimize_for_inference(traced)
        torch.backends.quantized.engine = args.engine
        path = os.path.join(args.cache, "%s.%s.%s.%s.pt" % (
            args.model, args.engine, stamp(args.onnx), stamp(args.calib) if args.calib else "nocalib"))
        if not os.path.exists(path):
            if not args.calib:
                raise ValueError("--calib is needed to quantize %s" % args.model)
            from torch.ao.quantization import get_default_qconfig_mapping
            from torch.ao.quantization.backend_config import (get_native_backend_config,
                                                              get_qnnpack_backend_config)
            from torch.ao.quantization.quantize_fx import convert_fx, prepare_fx
            model = copy.deepcopy(float_model(args.model, args.onnx, args.cache)).eval()
            bc = get_qnnpack_backend_config() if args.engine == "qnnpack" else get_native_backend_config()
            prepared = prepare_fx(model, get_default_qconfig_mapping(args.engine), (example,),
                                  backend_config=bc)
            for x in load_samples(args.calib, self.shape):
                prepared(torch.from_numpy(x))
            q = convert_fx(prepared)
            traced = torch.jit.freeze(torch.jit.trace(q, example).eval())
            os.makedirs(args.cache, exist_ok=True)
            torch.jit.save(traced, path + ".tmp")
            os.replace(path + ".tmp", path)
        m = torch.jit.load(path)
        m.eval()
        return m

    def samples(self, path):
        if path not in self.cache_inputs:
            self.cache_inputs[path] = [self.torch.from_numpy(x) for x in load_samples(path, self.shape)]
        return self.cache_inputs[path]

    def bench(self, path, sample, warmup, iters):
        x = self.samples(path)[sample]
        f = self.module
        lat = []
        with self.torch.no_grad():
            for _ in range(warmup):
                f(x)
            for _ in range(iters):
                t0 = time.perf_counter_ns()
                f(x)
                lat.append((time.perf_counter_ns() - t0) / 1e6)
        return lat

    def run(self, path, out):
        with self.torch.no_grad():
            ys = [self.module(x) for x in self.samples(path)]
        y = np.stack([t.float().numpy() for t in ys]).astype(np.float32)
        np.save(out, y)
        return {"n": len(ys), "shape": list(y.shape[1:])}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", required=True, help="torchvision name or digits_cnn")
    ap.add_argument("--onnx", required=True, help="the exported .onnx (input shape, cache key)")
    ap.add_argument("--engine", choices=["fp32", "onednn", "qnnpack"], required=True)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--calib", help="calibration .npy (first axis enumerates samples)")
    ap.add_argument("--input")
    ap.add_argument("--output")
    ap.add_argument("--sample", type=int, default=0)
    ap.add_argument("--warmup", type=int, default=10)
    ap.add_argument("--iters", type=int, default=50)
    ap.add_argument("--cache", default=DEFAULT_CACHE)
    ap.add_argument("--serve", action="store_true")
    ap.add_argument("--prepare", action="store_true")
    args = ap.parse_args()
    import torch
    try:
        peer = Peer(args)
    except Exception as e:  # noqa: BLE001
        print(json.dumps({"ok": False, "error": "%s: %s" % (type(e).__name__, e)}), flush=True)
        raise
    info = {"engine": "torch-" + args.engine, "torch_version": torch.__version__,
            "threads": torch.get_num_threads(), "load_ms": peer.load_ms,
            "quantized_engine": torch.backends.quantized.engine}
    if args.prepare:
        print(json.dumps({"ok": True, **info}), flush=True)
        return 0
    if not args.serve:
        out = dict(info, lat_ms=peer.bench(args.input, args.sample, args.warmup, args.iters))
        if args.output:
            out["run"] = peer.run(args.input, args.output)
        print(json.dumps(out), flush=True)
        return 0
    print(json.dumps(dict(info, ready=True)), flush=True)
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            c = json.loads(line)
            if c["cmd"] == "quit":
                break
            if c["cmd"] == "bench":
                r = {"ok": True, "lat_ms": peer.bench(c["input"], c.get("sample", 0), c.get("warmup", 0), c["iters"])}
            elif c["cmd"] == "run":
                r = dict(ok=True, **peer.run(c["input"], c["output"]))
            else:
                r = {"ok": False, "error": "unknown cmd %s" % c["cmd"]}
        except Exception as e:  # noqa: BLE001
            r = {"ok": False, "error": "%s: %s" % (type(e).__name__, e)}
        print(json.dumps(r), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""Build an int8 QDQ ONNX model for ONNX Runtime from a float model and calibration samples.

ONNX Runtime's own Python quantizer (onnxruntime.quantization.quantize_static) is not
available here (no PyPI), so this reproduces what it does with
    quant_format=QDQ, activation_type=QUInt8, weight_type=QInt8, per_channel=True,
    calibrate_method=MinMax, reduce_range=False
using only the `onnx` package:

  * preprocessing: BatchNormalization after a Conv is folded into the Conv (ORT's
    quant_pre_process / optimizer does the same); Identity nodes of constants are resolved.
  * calibration: every float tensor's min/max over all calibration samples, collected by
    running the float model with every intermediate tensor added as a graph output in
    onnxruntime-node itself (ort/ort_peer.js "minmax").
  * activations: u8, asymmetric, per tensor: rmin = min(0, min), rmax = max(0, max),
    scale = (rmax - rmin) / 255, zero_point = round(-rmin / scale).
  * weights (Conv, Gemm): s8, symmetric, per output channel (axis 0; axis 1 for a Gemm
    without transB): scale = max|w| / 127, zero_point 0, stored as int8 initializers
    feeding DequantizeLinear.
  * bias: int32, per channel, scale = input_scale * weight_scale, zero point 0.
  * quantized ops (inputs and outputs get QuantizeLinear -> DequantizeLinear pairs): Conv,
    Gemm, MatMul, Add, Mul, Sigmoid, LeakyRelu, GlobalAveragePool, AveragePool, Concat;
    MaxPool, Flatten, Reshape, Transpose, Squeeze, Unsqueeze reuse their input's
    parameters for their output (ORT's Direct8Bit ops).
  * Relu and Clip are removed when their input has no other consumer (ORT's
    QDQRemovableActivation): the producer's output takes their range (min 0 => zero point
    0 => the integer kernel's saturation does the ReLU / ReLU6).
  * the model output (logits) is quantized too, as ORT's QDQ quantizer does by default
    (pass --float-output to keep it float).
ORT's graph optimizer then fuses DQ -> op -> Q groups into QLinearConv, QGemm,
QLinearAdd, QLinearMul, QLinearGlobalAveragePool, QLinearSigmoid... (see --check).

    /usr/bin/python3 bench/peers/qdq.py MODEL.onnx --calib CALIB.npy -o MODEL.qdq.onnx [--check]
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
ORT_PEER = os.path.join(HERE, "ort", "ort_peer.js")

QUANT_OPS = {"Conv", "Gemm", "MatMul", "Add", "Mul", "Sigmoid", "LeakyRelu",
             "GlobalAveragePool", "AveragePool", "Concat"}
DIRECT8_OPS = {"MaxPool", "Flatten", "Reshape", "Transpose", "Squeeze", "Unsqueeze"}
REMOVABLE = {"Relu", "Clip"}


# ------------------------------------------------------------------ preprocessing
def constants(model):
    """name -> numpy array of initializers, Constant nodes and Identity-of-constant outputs."""
    g = model.graph
    c = {i.name: numpy_helper.to_array(i) for i in g.initializer}
    for n in g.node:
        if n.op_type == "Constant":
            for a in n.attribute:
                if a.name == "value":
                    c[n.output[0]] = numpy_helper.to_array(a.t)
    changed = True
    while changed:
        changed = False
        for n in g.node:
            if n.op_type == "Identity" and n.input[0] in c and n.output[0] not in c:
                c[n.output[0]] = c[n.input[0]]
                changed = True
    return c


def consumers(graph):
    m = {}
    for n in graph.node:
        for i in n.input:
            m.setdefault(i, []).append(n)
    return m


def fold_bn(model):
    """Conv -> BatchNormalization (Conv output used only by the BN) => one Conv with bias.
    Returns the number of folded BNs; edits model in place."""
    g = model.graph
    c = constants(model)
    cons = consumers(g)
    outputs = {o.name for o in g.output}
    producer = {o: n for n in g.node for o in n.output}
    keep, folded = [], 0
    drop = set()
    for bn in g.node:
        if bn.op_type != "BatchNormalization":
            continue
        conv = producer.get(bn.input[0])
        if conv is None or conv.op_type != "Conv" or len(cons.get(bn.input[0], [])) != 1 \
                or bn.input[0] in outputs or conv.input[1] not in c \
                or any(x not in c for x in bn.input[1:5]):
            continue
        eps = next((a.f for a in bn.attribute if a.name == "epsilon"), 1e-5)
        gamma, beta, mean, var = (c[x].astype(np.float64) for x in bn.input[1:5])
        w = c[conv.input[1]].astype(np.float64)
        has_b = len(conv.input) > 2 and conv.input[2]
        b = c[conv.input[2]].astype(np.float64) if has_b else np.zeros(w.shape[0])
        k = gamma / np.sqrt(var + eps)
        w2 = (w * k.reshape(-1, *([1] * (w.ndim - 1)))).astype(np.float32)
        b2 = ((b - mean) * k + beta).astype(np.float32)
        base = bn.output[0]
        g.initializer.extend([numpy_helper.from_array(w2, base + "_w"),
                              numpy_helper.from_array(b2, base + "_b")])
        act = conv.input[0]
        del conv.input[:]
        conv.input.extend([act, base + "_w", base + "_b"])
        conv.output[0] = base
        drop.add(id(bn))
        folded += 1
    for n in g.node:
        if id(n) not in drop:
            keep.append(n)
    del g.node[:]
    g.node.extend(keep)
    prune(model)
    return folded


def prune(model):
    """Remove nodes and initializers that do not contribute to a graph output."""
    g = model.graph
    needed = {o.name for o in g.output}
    keep = []
    for n in reversed(list(g.node)):
        if any(o in needed for o in n.output):
            keep.append(n)
            needed.update(i for i in n.input if i)
    keep.reverse()
    del g.node[:]
    g.node.extend(keep)
    inits = [i for i in g.initializer if i.name in needed]
    del g.initializer[:]
    g.initializer.extend(inits)


def float_tensors(model):
    """Names of float tensors produced by nodes (plus graph inputs)."""
    inferred = onnx.shape_inference.infer_shapes(model)
    types = {}
    for vi in list(inferred.graph.value_info) + list(inferred.graph.input) + list(inferred.graph.output):
        types[vi.name] = vi.type.tensor_type.elem_type
    c = constants(model)
    names = []
    for i in model.graph.input:
        if i.name not in c:
            names.append(i.name)
    for n in model.graph.node:
        if n.op_type in ("Constant",):
            continue
        for o in n.output:
            if o and o not in c and types.get(o, TensorProto.FLOAT) == TensorProto.FLOAT:
                names.append(o)
    return names


def augmented(model):
    """Copy of the model with every intermediate float tensor as an extra graph output."""
    m = onnx.ModelProto()
    m.CopyFrom(model)
    have = {o.name for o in m.graph.output}
    gin = {i.name for i in m.graph.input}
    for name in float_tensors(model):
        if name not in have and name not in gin:
            m.graph.output.append(helper.make_tensor_value_info(name, TensorProto.FLOAT, None))
    return m


def collect_ranges(model, calib, threads=1, node="node"):
    """min/max of every float tensor over the calibration samples, via onnxruntime-node."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "augmented.onnx")
        onnx.save(augmented(model), path)
        p = subprocess.Popen([node, ORT_PEER, "--model", path, "--threads", str(threads), "--serve"],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        ready = json.loads(p.stdout.readline())
        if not ready.get("ready"):
            raise RuntimeError("ort_peer: %s" % ready)
        p.stdin.write(json.dumps({"cmd": "minmax", "input": os.path.abspath(calib)}) + "\n")
        p.stdin.flush()
        r = json.loads(p.stdout.readline())
        p.stdin.write('{"cmd":"quit"}\n')
        p.stdin.close()
        p.wait()
        if not r.get("ok"):
            raise RuntimeError("ort_peer minmax: %s" % r.get("error"))
    ranges = r["ranges"]
    # the graph input's range: straight from the samples
    x = np.load(calib)
    ranges[model.graph.input[0].name] = [float(x.min()), float(x.max())]
    return ranges


# ------------------------------------------------------------------ quantization math
def act_qparams(lo, hi):
    lo, hi = min(0.0, float(lo)), max(0.0, float(hi))
    if hi == lo:
        return np.float32(1.0), np.uint8(0)
    scale = np.float32((hi - lo) / 255.0)
    zp = np.uint8(np.clip(round(-lo / float(scale)), 0, 255))
    return scale, zp


def weight_qparams(w, axis):
    red = tuple(i for i in range(w.ndim) if i != axis)
    amax = np.abs(w).max(axis=red).astype(np.float64)
    scale = (amax / 127.0).astype(np.float32)
    scale[scale == 0] = 1.0
    shape = [1] * w.ndim
    shape[axis] = -1
    q = np.clip(np.round(w / scale.reshape(shape)), -127, 127).astype(np.int8)
    return q, scale


# ------------------------------------------------------------------ QDQ insertion
def quantize(model, ranges, float_output=False):
    g = model.graph
    c = constants(model)
    outputs = {o.name for o in g.output}

    # 1. remove Relu/Clip whose input has a single consumer and is produced by a node
    producer = {o: n for n in g.node for o in n.output}
    cons = consumers(g)
    removed = 0
    kept = []
    for n in g.node:
        if n.op_type in REMOVABLE and n.input[0] in producer and len(cons[n.input[0]]) == 1 \
                and n.input[0] not in outputs and n.output[0] in ranges:
            if n.op_type == "Clip":
                lo = c.get(n.input[1]) if len(n.input) > 1 and n.input[1] else None
                if lo is None or float(lo) != 0.0:
                    kept.append(n)
                    continue
            p = producer[n.input[0]]
            p.output[list(p.output).index(n.input[0])] = n.output[0]
            producer[n.output[0]] = p
            removed += 1
            continue
        kept.append(n)
    del g.node[:]
    g.node.extend(kept)
    producer = {o: n for n in g.node for o in n.output}
    cons = consumers(g)

    # 2. which activation tensors are quantized, with which parameters
    qparams = {}   # tensor -> (scale, zp)

    def want(t):
        if t in c or not t or t in qparams:
            return t in qparams
        if t not in ranges:
            return False
        qparams[t] = act_qparams(*ranges[t])
        return True

    weight_inputs = {}  # (node id, input index) -> kind
    for n in g.node:
        if n.op_type in QUANT_OPS:
            for idx, t in enumerate(n.input):
                if n.op_type in ("Conv", "Gemm", "MatMul") and idx >= 1:
                    continue
                want(t)
            for t in n.output:
                if t in outputs and float_output:
                    continue
                want(t)
    # Direct8Bit ops: output shares the input's parameters (forward, in graph order)
    for n in g.node:
        if n.op_type in DIRECT8_OPS and n.input[0] in qparams and not n.output[0] in c:
            if not (n.output[0] in outputs and float_output):
                qparams[n.output[0]] = qparams[n.input[0]]

    new_nodes, new_inits = [], []

    def qdq_name(t):
        return t + "_DequantizeLinear_Output"

    # 3. weights and biases
    for n in g.node:
        if n.op_type not in ("Conv", "Gemm", "MatMul"):
            continue
        if n.input[0] not in qparams or len(n.input) < 2 or n.input[1] not in c:
            continue
        w = c[n.input[1]].astype(np.float32)
        if n.op_type == "Conv":
            axis = 0
        elif n.op_type == "Gemm":
            trans_b = next((a.i for a in n.attribute if a.name == "transB"), 0)
            axis = 0 if trans_b else 1
        else:
            axis = w.ndim - 1
        q, ws = weight_qparams(w, axis)
        base = n.name or n.output[0]
        wq, wsn, wzn = base + "_W_quantized", base + "_W_scale", base + "_W_zero_point"
        new_inits += [numpy_helper.from_array(q, wq), numpy_helper.from_array(ws, wsn),
                      numpy_helper.from_array(np.zeros(ws.shape, np.int8), wzn)]
        new_nodes.append(helper.make_node("DequantizeLinear", [wq, wsn, wzn], [base + "_W_dq"],
                                          name=base + "_W_DequantizeLinear", axis=axis))
        n.input[1] = base + "_W_dq"
        if len(n.input) > 2 and n.input[2] and n.input[2] in c and n.op_type in ("Conv", "Gemm"):
            b = c[n.input[2]].astype(np.float64).reshape(-1)
            sx = float(qparams[n.input[0]][0])
            bs = (sx * ws.astype(np.float64)).astype(np.float32)
            if bs.size == 1 and b.size > 1:
                bs = np.full(b.shape, bs.item(), np.float32)
            bq = np.round(b / bs.astype(np.float64)).astype(np.int32)
            bqn, bsn, bzn = base + "_B_quantized", base + "_B_scale", base + "_B_zero_point"
            new_inits += [numpy_helper.from_array(bq, bqn), numpy_helper.from_array(bs, bsn),
                          numpy_helper.from_array(np.zeros(bs.shape, np.int32), bzn)]
            new_nodes.append(helper.make_node("DequantizeLinear", [bqn, bsn, bzn], [base + "_B_dq"],
                                              name=base + "_B_DequantizeLinear", axis=0))
            n.input[2] = base + "_B_dq"

    # 4. activation Q/DQ pairs: every use of a quantized tensor reads its DQ output; a
    #    quantized graph output is renamed so the DQ produces the output name.
    rename = {}
    for t, (s, z) in qparams.items():
        sn, zn = t + "_scale", t + "_zero_point"
        new_inits += [numpy_helper.from_array(np.array(s, np.float32), sn),
                      numpy_helper.from_array(np.array(z, np.uint8), zn)]
        src = t
        if t in outputs:
            src = t + "_float"
            rename[t] = src
        new_nodes.append(helper.make_node("QuantizeLinear", [src, sn, zn], [t + "_quantized"],
                                          name=t + "_QuantizeLinear"))
        new_nodes.append(helper.make_node("DequantizeLinear", [t + "_quantized", sn, zn],
                                          [t if t in outputs else qdq_name(t)],
                                          name=t + "_DequantizeLinear"))
    for n in g.node:
        for i, t in enumerate(n.input):
            if t in qparams and t not in outputs:
                n.input[i] = qdq_name(t)
        for i, t in enumerate(n.output):
            if t in rename:
                n.output[i] = rename[t]
    g.node.extend(new_nodes)
    g.initializer.extend(new_inits)
    topo_sort(g)
    prune(model)
    return {"quantized_tensors": len(qparams), "removed_activations": removed}


def topo_sort(g):
    avail = {i.name for i in g.input} | {i.name for i in g.initializer} | {""}
    nodes, order = list(g.node), []
    while nodes:
        rest = []
        for n in nodes:
            if all(i in avail for i in n.input):
                order.append(n)
                avail.update(n.output)
            else:
                rest.append(n)
        if len(rest) == len(nodes):
            raise RuntimeError("graph has a cycle or a missing input: %s" % [n.name for n in rest][:5])
        nodes = rest
    del g.node[:]
    g.node.extend(order)


def build(float_path, calib, out, threads=1, float_output=False, node="node", log=print):
    model = onnx.load(float_path)
    nbn = fold_bn(model)
    ranges = collect_ranges(model, calib, threads=threads, node=node)
    info = quantize(model, ranges, float_output=float_output)
    info["folded_batchnorms"] = nbn
    model.producer_name = "quant-mlir bench/peers/qdq.py"
    onnx.checker.check_model(model)
    tmp = out + ".tmp"
    onnx.save(model, tmp)
    os.replace(tmp, out)
    log("qdq: %s -> %s (%d BN folded, %d Relu/Clip removed, %d activation tensors quantized)" % (
        os.path.basename(float_path), out, nbn, info["removed_activations"], info["quantized_tensors"]))
    return info


def check(qdq_path, threads=1, node="node"):
    """Op types of the model as ORT optimizes it (integer kernels expected)."""
    with tempfile.TemporaryDirectory() as tmp:
        opt = os.path.join(tmp, "opt.onnx")
        x = os.path.join(tmp, "x.npy")
        m = onnx.load(qdq_path)
        dims = [d.dim_value or 1 for d in m.graph.input[0].type.tensor_type.shape.dim]
        np.save(x, np.zeros([1] + dims, np.float32))
        subprocess.run([node, ORT_PEER, "--model", qdq_path, "--threads", str(threads), "--input", x,
                        "--warmup", "0", "--iters", "1", "--save-optimized", opt],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        om = onnx.load(opt)
        counts = {}
        for n in om.graph.node:
            counts[n.op_type] = counts.get(n.op_type, 0) + 1
        return counts


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("model")
    ap.add_argument("--calib", required=True, help=".npy, first axis enumerates samples")
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("--float-output", action="store_true", help="keep the graph output float")
    ap.add_argument("--check", action="store_true", help="print the op types ORT runs after optimization")
    ap.add_argument("--node", default="node")
    args = ap.parse_args()
    build(args.model, args.calib, args.output, float_output=args.float_output, node=args.node)
    if args.check:
        print("ORT optimized graph:", json.dumps(check(args.output, node=args.node), sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())

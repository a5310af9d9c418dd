#!/usr/bin/python3
"""End-to-end op tests: small generated ONNX models through quant-compile.

For every case (one small model per op or op variant, built with
onnx.helper, opset 13-17, deterministic random weights) this script

  1. computes a float64 numpy reference on held-out inputs;
  2. compiles the model with `--no-quantize` on each backend and checks the
     float .so against the reference:  |y - ref| <= RTOL*|ref| + ATOL*max|ref|
     elementwise (RTOL = ATOL = 1e-4, "relative-ish");
  3. compiles it to int8: on ref with `--calib` (calibration samples drawn
     from the same distribution as, but disjoint from, the held-out inputs)
     and `--save-stats`, on the other backends with `--load-stats` of those
     statistics (same scales everywhere; a backend that fuses differently
     calibrates on its own), and checks each int8 .so against the float .so
     (ref backend) and against numpy with a per-case SQNR threshold (see
     SQNR_RULES below);
  4. compares the backends' int8 outputs with the ref backend's: onednn must
     give the same output quantization level (max abs diff < 0.5 output
     scale, i.e. bit-exact int8 before the final dequantize; one level for
     a conv with a fused int8 swish, whose epilogue uses oneDNN's own exp),
     xnnpack at most one level apart (max abs diff <= 1 output scale). The
     output scale is read from `quant-compile --emit=mlir` (the quant.dcast
     feeding the return) of the ref int8 build;
  5. QDQ cases (already quantized, no --calib): each backend vs numpy's
     fake-quant simulation, <= 1 output scale.

Prints a table and `e2e-ops: N checks, P passed, F failed, K known failures,
X expected rejections` and exits 1 on any failure (or on a known failure
that now passes: remove its mark). Cases the compiler is expected to reject
are listed in EXPECTED_REJECT with the reason; known bugs in KNOWN_FAIL.

Needs /usr/bin/python3 with numpy and onnx (no torch, no onnxruntime).
"""

import argparse
import concurrent.futures
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

try:
    import numpy as np
    import onnx
    from onnx import TensorProto, helper, numpy_helper
except ImportError as e:  # ctest: SKIP_RETURN_CODE 77
    print("e2e-ops: SKIPPED (needs numpy and onnx: %s)" % e)
    sys.exit(77)

RTOL = 1e-4
ATOL = 1e-4  # times max|ref| of the case
BACKENDS = ["ref", "onednn", "xnnpack"]

# SQNR rule (int8 .so vs float .so, dB over all held-out samples). An ideal
# 8-bit uniform quantizer of a full-range uniform signal gives 6.02*8 + 1.76
# ~ 50 dB; real activations have a crest factor (peak/rms ~ 2-4 for our
# uniform/normal inputs: -6..-12 dB) and every requantization along the
# graph adds its own noise. So, by how much arithmetic happens in int8:
#   copy   (reshape/transpose/flatten/slice/pad/concat/max-pool, relu, clip):
#          only the input and output quantization            -> >= 35 dB
#   ew     (add/mul/sub/div, avg/global pool, reduce_mean, resize, leaky,
#          hard_sigmoid, hard_swish, sigmoid, tanh, softmax): one requantize
#          of a computed value per input                      -> >= 30 dB
#   linear (conv, gemm, matmul, with fused bn/relu/residual): s8 weights
#          (per-channel) and an s32 accumulation of K products -> >= 25 dB
#   div    (x / y with y near zero amplifies input noise)     -> >= 20 dB
SQNR_RULES = {"copy": 35.0, "ew": 30.0, "linear": 25.0, "div": 20.0}

# Cases the compiler rejects on purpose (clean error at compile time), with
# the reason. They are compiled anyway and must fail cleanly; a success is
# reported so the entry can be removed.
EXPECTED_REJECT = {
    # case: (modes it applies to: "float", "int8" or "all", reason)
}

# Known compiler/runtime bugs: (case, mode, backend) -> reason. mode is
# "float" or "int8" or "xbackend"; backend "*" matches every backend.
# A marked check that fails is KNOWN (not a failure); one that passes is an
# XPASS and fails the run so the mark gets removed.
KNOWN_FAIL = {}


def known(case, mode, backend):
    for key in ((case, mode, backend), (case, mode, "*")):
        if key in KNOWN_FAIL:
            return KNOWN_FAIL[key]
    return None


#===----------------------------------------------------------------------===#
# numpy references (float64)
#===----------------------------------------------------------------------===#

def ref_conv(x, w, b=None, strides=(1, 1), pads=(0, 0, 0, 0), dil=(1, 1),
             groups=1):
    n, c, h, wd = x.shape
    o, cg, kh, kw = w.shape
    xp = np.pad(x, ((0, 0), (0, 0), (pads[0], pads[2]), (pads[1], pads[3])))
    oh = (h + pads[0] + pads[2] - dil[0] * (kh - 1) - 1) // strides[0] + 1
    ow = (wd + pads[1] + pads[3] - dil[1] * (kw - 1) - 1) // strides[1] + 1
    y = np.zeros((n, o, oh, ow))
    og = o // groups
    for g in range(groups):
        xs = xp[:, g * cg:(g + 1) * cg]
        ws = w[g * og:(g + 1) * og]
        for i in range(kh):
            for j in range(kw):
                patch = xs[:, :, i * dil[0]:i * dil[0] + strides[0] * (oh - 1) + 1:strides[0],
                           j * dil[1]:j * dil[1] + strides[1] * (ow - 1) + 1:strides[1]]
                y[:, g * og:(g + 1) * og] += np.einsum("nchw,oc->nohw", patch,
                                                       ws[:, :, i, j])
    if b is not None:
        y += b.reshape(1, -1, 1, 1)
    return y


def ref_pool(x, kind, k, s, pads=(0, 0, 0, 0), count_include_pad=False):
    n, c, h, w = x.shape
    fill = -np.inf if kind == "max" else 0.0
    xp = np.pad(x, ((0, 0), (0, 0), (pads[0], pads[2]), (pads[1], pads[3])),
                constant_values=fill)
    ones = np.pad(np.ones((h, w)), ((pads[0], pads[2]), (pads[1], pads[3])))
    oh = (h + pads[0] + pads[2] - k[0]) // s[0] + 1
    ow = (w + pads[1] + pads[3] - k[1]) // s[1] + 1
    y = np.zeros((n, c, oh, ow))
    for i in range(oh):
        for j in range(ow):
            win = xp[:, :, i * s[0]:i * s[0] + k[0], j * s[1]:j * s[1] + k[1]]
            if kind == "max":
                y[:, :, i, j] = win.max(axis=(2, 3))
            else:
                cnt = k[0] * k[1] if count_include_pad else \
                    ones[i * s[0]:i * s[0] + k[0], j * s[1]:j * s[1] + k[1]].sum()
                y[:, :, i, j] = win.sum(axis=(2, 3)) / cnt
    return y


def ref_resize_linear_half_pixel(x, oh, ow):
    n, c, h, w = x.shape

    def coords(o, i):
        src = (np.arange(o) + 0.5) * i / o - 0.5
        src = np.clip(src, 0, i - 1)
        lo = np.floor(src).astype(int)
        hi = np.minimum(lo + 1, i - 1)
        return lo, hi, src - lo
    y0, y1, fy = coords(oh, h)
    x0, x1, fx = coords(ow, w)
    top = x[:, :, y0][:, :, :, x0] * (1 - fx) + x[:, :, y0][:, :, :, x1] * fx
    bot = x[:, :, y1][:, :, :, x0] * (1 - fx) + x[:, :, y1][:, :, :, x1] * fx
    return top * (1 - fy)[:, None] + bot * fy[:, None]


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def softmax(x, axis=-1):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


#===----------------------------------------------------------------------===#
# Cases
#===----------------------------------------------------------------------===#

class Case:
    """One model: graph inputs (name, shape), initializers, nodes, a numpy
    reference f(dict of inputs) -> list of outputs, the SQNR rule."""

    def __init__(self, name, inputs, nodes, inits, ref, rule, opset=17,
                 input_range=(-1.0, 1.0), n_outputs=1, out_scale=None,
                 onednn_exact=True):
        # out_scale: a QDQ model (already quantized, compiled without
        # --calib); the ref is numpy's fake-quant simulation and the check is
        # max |y - ref| <= 1 output scale on every backend.
        # onednn_exact: onednn's int8 output must equal ref's (else 1 LSB).
        self.out_scale, self.onednn_exact = out_scale, onednn_exact
        self.name, self.inputs, self.nodes = name, inputs, nodes
        self.inits, self.ref, self.rule, self.opset = inits, ref, rule, opset
        self.input_range, self.n_outputs = input_range, n_outputs

    def sample(self, rng, n):
        lo, hi = self.input_range
        return {name: rng.uniform(lo, hi, size=(n,) + tuple(shape)).astype(np.float32)
                for name, shape in self.inputs}

    def model(self):
        probe = {name: np.ones(shape) for name, shape in self.inputs}
        outs = self.ref(probe)
        graph = helper.make_graph(
            self.nodes, self.name,
            [helper.make_tensor_value_info(n, TensorProto.FLOAT, list(s))
             for n, s in self.inputs],
            [helper.make_tensor_value_info("y%d" % i if i else "y",
                                           TensorProto.FLOAT, list(o.shape))
             for i, o in enumerate(outs)],
            [numpy_helper.from_array(np.asarray(v, dtype=np.float32)
                                     if np.asarray(v).dtype.kind == "f" else
                                     np.asarray(v), k)
             for k, v in self.inits.items()])
        if self.out_scale is not None:
            del graph.input[len(self.inputs):]
        m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", self.opset)],
                              producer_name="e2e-ops")
        m.ir_version = 8
        onnx.checker.check_model(m)
        return m


def build_cases():
    cases = []
    rng = np.random.default_rng(1234)

    def W(*shape, scale=None):
        fan = int(np.prod(shape[1:])) if len(shape) > 1 else shape[0]
        s = scale if scale is not None else 1.0 / np.sqrt(fan)
        return rng.normal(0, s, size=shape).astype(np.float32)

    def add(c):
        cases.append(c)

    # ---- conv family -----------------------------------------------------
    def conv_case(name, cin, cout, hw, k, strides=(1, 1), pads=(0, 0, 0, 0),
                  dil=(1, 1), groups=1, bias=True, act=None, bn=False):
        w = W(cout, cin // groups, k, k)
        b = W(cout, scale=0.1) if bias else None
        inits = {"w": w}
        ins = ["x", "w"]
        if bias:
            inits["b"] = b
            ins.append("b")
        attrs = dict(strides=list(strides), pads=list(pads),
                     dilations=list(dil), group=groups,
                     kernel_shape=[k, k])
        out = "y" if act is None and not bn else "c"
        nodes = [helper.make_node("Conv", ins, [out], **attrs)]
        bnp = None
        if bn:
            gamma = rng.uniform(0.5, 1.5, cout).astype(np.float32)
            beta = rng.normal(0, 0.1, cout).astype(np.float32)
            mean = rng.normal(0, 0.1, cout).astype(np.float32)
            var = rng.uniform(0.5, 1.5, cout).astype(np.float32)
            inits.update(gamma=gamma, beta=beta, mean=mean, var=var)
            bnp = (gamma, beta, mean, var)
            nodes.append(helper.make_node(
                "BatchNormalization", ["c", "gamma", "beta", "mean", "var"],
                ["y" if act is None else "d"], epsilon=1e-5))
        if act == "relu":
            nodes.append(helper.make_node("Relu", ["d" if bn else "c"], ["y"]))
        if act == "swish":  # SiLU as PyTorch exports it: x * sigmoid(x)
            nodes += [helper.make_node("Sigmoid", ["d" if bn else "c"], ["g"]),
                      helper.make_node("Mul", ["d" if bn else "c", "g"], ["y"])]

        def ref(d):
            y = ref_conv(d["x"].astype(np.float64), w, b, strides, pads, dil,
                         groups)
            if bnp is not None:
                g_, be, mu, v = (a.reshape(1, -1, 1, 1).astype(np.float64)
                                 for a in bnp)
                y = (y - mu) / np.sqrt(v + 1e-5) * g_ + be
            if act == "relu":
                y = np.maximum(y, 0)
            if act == "swish":
                y = y * sigmoid(y)
            return [y]
        add(Case(name, [("x", (1, cin, hw, hw))], nodes, inits, ref, "linear",
                 onednn_exact=act != "swish"))

    conv_case("conv", 3, 8, 8, 3, pads=(1, 1, 1, 1))
    conv_case("conv_nobias", 4, 8, 6, 3)
    conv_case("conv_strided", 4, 8, 9, 3, strides=(2, 2), pads=(1, 1, 1, 1))
    conv_case("conv_dilated", 4, 8, 9, 3, dil=(2, 2), pads=(2, 2, 2, 2))
    conv_case("conv_asym_pad", 4, 6, 7, 3, pads=(0, 1, 2, 1))
    conv_case("conv_grouped", 8, 8, 6, 3, groups=2, pads=(1, 1, 1, 1))
    conv_case("conv_depthwise", 8, 8, 6, 3, groups=8, pads=(1, 1, 1, 1))
    conv_case("conv_pointwise", 16, 8, 5, 1)
    conv_case("conv_relu", 4, 8, 6, 3, pads=(1, 1, 1, 1), act="relu")
    conv_case("conv_bn", 4, 8, 6, 3, pads=(1, 1, 1, 1), bn=True)
    conv_case("conv_bn_relu", 4, 8, 6, 3, pads=(1, 1, 1, 1), bn=True,
              act="relu")
    conv_case("conv_swish", 4, 8, 6, 3, pads=(1, 1, 1, 1), act="swish")
    conv_case("conv_depthwise_bn_swish", 8, 8, 6, 3, groups=8,
              pads=(1, 1, 1, 1), bn=True, act="swish")

    # conv + residual add (+ relu): the add fuses into the conv.
    w_r = W(8, 8, 3, 3)
    b_r = W(8, scale=0.1)
    add(Case("conv_residual_add", [("x", (1, 8, 6, 6))],
             [helper.make_node("Conv", ["x", "w", "b"], ["c"], pads=[1, 1, 1, 1],
                               kernel_shape=[3, 3]),
              helper.make_node("Add", ["c", "x"], ["s"]),
              helper.make_node("Relu", ["s"], ["y"])],
             {"w": w_r, "b": b_r},
             lambda d: [np.maximum(ref_conv(d["x"].astype(np.float64), w_r, b_r,
                                            pads=(1, 1, 1, 1)) + d["x"], 0)],
             "linear"))

    # ---- fully connected ---------------------------------------------------
    wg = W(10, 16)
    bg = W(10, scale=0.1)
    add(Case("gemm", [("x", (1, 16))],
             [helper.make_node("Gemm", ["x", "w", "b"], ["y"], transB=1)],
             {"w": wg, "b": bg}, lambda d: [d["x"] @ wg.T.astype(np.float64) + bg],
             "linear"))
    wg2 = W(16, 12)
    add(Case("gemm_notrans_alpha", [("x", (2, 16))],
             [helper.make_node("Gemm", ["x", "w"], ["y"], alpha=0.5)],
             {"w": wg2}, lambda d: [0.5 * d["x"] @ wg2.astype(np.float64)],
             "linear"))
    wm = W(16, 8)
    add(Case("matmul", [("x", (1, 16))],
             [helper.make_node("MatMul", ["x", "w"], ["y"])],
             {"w": wm}, lambda d: [d["x"] @ wm.astype(np.float64)], "linear"))
    add(Case("matmul_3d", [("x", (1, 4, 16))],
             [helper.make_node("MatMul", ["x", "w"], ["y"])],
             {"w": wm}, lambda d: [d["x"] @ wm.astype(np.float64)], "linear"))
    wm2 = W(16, 8)
    bm2 = W(8, scale=0.1)
    add(Case("matmul_add_relu", [("x", (1, 16))],
             [helper.make_node("MatMul", ["x", "w"], ["m"]),
              helper.make_node("Add", ["m", "b"], ["a"]),
              helper.make_node("Relu", ["a"], ["y"])],
             {"w": wm2, "b": bm2},
             lambda d: [np.maximum(d["x"] @ wm2.astype(np.float64) + bm2, 0)],
             "linear"))

    # ---- binary ------------------------------------------------------------
    npf = {"Add": np.add, "Sub": np.subtract, "Mul": np.multiply,
           "Div": np.divide}
    for op in ("Add", "Sub", "Mul", "Div"):
        f = npf[op]
        rule = "div" if op == "Div" else "ew"
        # Two runtime inputs, same shape.
        rng_b = (0.5, 1.5)
        add(Case(op.lower(), [("a", (1, 4, 5, 5)), ("b", (1, 4, 5, 5))],
                 [helper.make_node(op, ["a", "b"], ["y"])], {},
                 lambda d, f=f: [f(d["a"].astype(np.float64), d["b"])], rule,
                 input_range=rng_b if op == "Div" else (-1.0, 1.0)))
        # Broadcast of a per-channel constant [C,1,1].
        cst = rng.uniform(0.5, 1.5, (4, 1, 1)).astype(np.float32)
        add(Case(op.lower() + "_bcast_const", [("a", (1, 4, 5, 5))],
                 [helper.make_node(op, ["a", "c"], ["y"])], {"c": cst},
                 lambda d, f=f, cst=cst: [f(d["a"].astype(np.float64), cst)],
                 rule))
    # Two runtime inputs with broadcasting (rank 4 vs rank 1 on the last
    # axis, and [1,C,1,1] against [1,C,H,W]).
    add(Case("add_bcast_runtime", [("a", (1, 4, 5, 5)), ("b", (1, 4, 1, 1))],
             [helper.make_node("Add", ["a", "b"], ["y"])], {},
             lambda d: [d["a"].astype(np.float64) + d["b"]], "ew"))
    add(Case("mul_bcast_lastaxis", [("a", (1, 3, 4, 6)), ("b", (6,))],
             [helper.make_node("Mul", ["a", "b"], ["y"])], {},
             lambda d: [d["a"].astype(np.float64) * d["b"]], "ew"))
    add(Case("add_2d", [("a", (3, 8)), ("b", (3, 8))],
             [helper.make_node("Add", ["a", "b"], ["y"])], {},
             lambda d: [d["a"].astype(np.float64) + d["b"]], "ew"))

    # ---- pooling -----------------------------------------------------------
    add(Case("maxpool", [("x", (1, 4, 8, 8))],
             [helper.make_node("MaxPool", ["x"], ["y"], kernel_shape=[2, 2],
                               strides=[2, 2])], {},
             lambda d: [ref_pool(d["x"], "max", (2, 2), (2, 2))], "copy"))
    add(Case("maxpool_3x3_s2_pad", [("x", (1, 4, 9, 9))],
             [helper.make_node("MaxPool", ["x"], ["y"], kernel_shape=[3, 3],
                               strides=[2, 2], pads=[1, 1, 1, 1])], {},
             lambda d: [ref_pool(d["x"], "max", (3, 3), (2, 2), (1, 1, 1, 1))],
             "copy"))
    add(Case("avgpool", [("x", (1, 4, 8, 8))],
             [helper.make_node("AveragePool", ["x"], ["y"], kernel_shape=[2, 2],
                               strides=[2, 2])], {},
             lambda d: [ref_pool(d["x"], "avg", (2, 2), (2, 2))], "ew"))
    add(Case("avgpool_pad_exclude", [("x", (1, 4, 7, 7))],
             [helper.make_node("AveragePool", ["x"], ["y"], kernel_shape=[3, 3],
                               strides=[1, 1], pads=[1, 1, 1, 1])], {},
             lambda d: [ref_pool(d["x"], "avg", (3, 3), (1, 1), (1, 1, 1, 1))],
             "ew"))
    add(Case("avgpool_pad_include", [("x", (1, 4, 7, 7))],
             [helper.make_node("AveragePool", ["x"], ["y"], kernel_shape=[3, 3],
                               strides=[2, 2], pads=[1, 1, 1, 1],
                               count_include_pad=1)], {},
             lambda d: [ref_pool(d["x"], "avg", (3, 3), (2, 2), (1, 1, 1, 1),
                                 True)], "ew"))
    add(Case("global_avgpool", [("x", (1, 8, 5, 5))],
             [helper.make_node("GlobalAveragePool", ["x"], ["y"])], {},
             lambda d: [d["x"].astype(np.float64).mean(axis=(2, 3), keepdims=True)],
             "ew", input_range=(0.0, 2.0)))

    # ---- concat / resize ---------------------------------------------------
    add(Case("concat_channels", [("a", (1, 3, 4, 4)), ("b", (1, 5, 4, 4))],
             [helper.make_node("Concat", ["a", "b"], ["y"], axis=1)], {},
             lambda d: [np.concatenate([d["a"], d["b"]], 1).astype(np.float64)],
             "copy"))
    add(Case("concat_w_scaled", [("a", (1, 2, 3, 4)), ("b", (1, 2, 3, 2))],
             [helper.make_node("Mul", ["b", "two"], ["b2"]),
              helper.make_node("Concat", ["a", "b2"], ["y"], axis=3)],
             {"two": np.array(2.0, np.float32)},
             lambda d: [np.concatenate([d["a"], 2 * d["b"]], 3).astype(np.float64)],
             "ew"))
    add(Case("resize_nearest_x2", [("x", (1, 3, 4, 4))],
             [helper.make_node("Resize", ["x", "", "scales"], ["y"],
                               mode="nearest", nearest_mode="floor",
                               coordinate_transformation_mode="asymmetric")],
             {"scales": np.array([1, 1, 2, 2], np.float32)},
             lambda d: [d["x"].repeat(2, 2).repeat(2, 3).astype(np.float64)],
             "copy"))
    add(Case("resize_linear_half_pixel", [("x", (1, 3, 4, 5))],
             [helper.make_node("Resize", ["x", "", "", "sizes"], ["y"],
                               mode="linear",
                               coordinate_transformation_mode="half_pixel")],
             {"sizes": np.array([1, 3, 8, 10], np.int64)},
             lambda d: [ref_resize_linear_half_pixel(d["x"].astype(np.float64), 8, 10)],
             "ew"))

    # ---- unary ---------------------------------------------------------------
    x4 = ("x", (1, 4, 5, 5))
    unary = [
        ("relu", "Relu", {}, lambda x: np.maximum(x, 0), "copy", (-1, 1)),
        ("sigmoid", "Sigmoid", {}, sigmoid, "ew", (-4, 4)),
        ("tanh", "Tanh", {}, np.tanh, "ew", (-3, 3)),
        ("hard_swish", "HardSwish", {},
         lambda x: x * np.clip(x + 3, 0, 6) / 6, "ew", (-4, 4)),
        ("hard_sigmoid", "HardSigmoid", {"alpha": 0.25, "beta": 0.4},
         lambda x: np.clip(0.25 * x + 0.4, 0, 1), "ew", (-3, 3)),
        ("leaky_relu", "LeakyRelu", {"alpha": 0.1},
         lambda x: np.where(x >= 0, x, 0.1 * x), "ew", (-2, 2)),
    ]
    for name, op, attrs, f, rule, r in unary:
        add(Case(name, [x4], [helper.make_node(op, ["x"], ["y"], **attrs)], {},
                 lambda d, f=f: [f(d["x"].astype(np.float64))], rule,
                 input_range=r))
    add(Case("swish", [x4],
             [helper.make_node("Sigmoid", ["x"], ["g"]),
              helper.make_node("Mul", ["g", "x"], ["y"])], {},
             lambda d: [d["x"].astype(np.float64) *
                        sigmoid(d["x"].astype(np.float64))], "ew",
             input_range=(-5, 5)))
    add(Case("clip", [x4],
             [helper.make_node("Clip", ["x", "lo", "hi"], ["y"])],
             {"lo": np.array(-0.5, np.float32), "hi": np.array(0.7, np.float32)},
             lambda d: [np.clip(d["x"].astype(np.float64), -0.5, 0.7)], "copy"))
    add(Case("clip_relu6", [x4],
             [helper.make_node("Clip", ["x", "lo", "hi"], ["y"])],
             {"lo": np.array(0, np.float32), "hi": np.array(6, np.float32)},
             lambda d: [np.clip(d["x"].astype(np.float64), 0, 6)], "copy",
             input_range=(-4, 8)))
    add(Case("softmax", [("x", (1, 10))],
             [helper.make_node("Softmax", ["x"], ["y"], axis=-1)], {},
             lambda d: [softmax(d["x"].astype(np.float64))], "ew",
             input_range=(-3, 3)))
    add(Case("softmax_3d", [("x", (1, 4, 12))],
             [helper.make_node("Softmax", ["x"], ["y"], axis=2)], {},
             lambda d: [softmax(d["x"].astype(np.float64))], "ew",
             input_range=(-3, 3)))

    # ---- shape / layout ----------------------------------------------------
    add(Case("pad_constant", [x4],
             [helper.make_node("Pad", ["x", "pads", "v"], ["y"], mode="constant")],
             {"pads": np.array([0, 0, 1, 2, 0, 0, 2, 1], np.int64),
              "v": np.array(0.25, np.float32)},
             lambda d: [np.pad(d["x"].astype(np.float64),
                               ((0, 0), (0, 0), (1, 2), (2, 1)),
                               constant_values=0.25)], "copy"))
    add(Case("pad_reflect", [x4],
             [helper.make_node("Pad", ["x", "pads"], ["y"], mode="reflect")],
             {"pads": np.array([0, 0, 1, 1, 0, 0, 1, 1], np.int64)},
             lambda d: [np.pad(d["x"].astype(np.float64),
                               ((0, 0), (0, 0), (1, 1), (1, 1)), mode="reflect")],
             "copy"))
    add(Case("pad_edge", [x4],
             [helper.make_node("Pad", ["x", "pads"], ["y"], mode="edge")],
             {"pads": np.array([0, 0, 2, 0, 0, 0, 0, 2], np.int64)},
             lambda d: [np.pad(d["x"].astype(np.float64),
                               ((0, 0), (0, 0), (2, 0), (0, 2)), mode="edge")],
             "copy"))
    add(Case("slice", [("x", (1, 6, 8, 8))],
             [helper.make_node("Slice", ["x", "st", "en", "ax", "sp"], ["y"])],
             {"st": np.array([1, 1, 0], np.int64), "en": np.array([5, 7, 8], np.int64),
              "ax": np.array([1, 2, 3], np.int64), "sp": np.array([1, 2, 3], np.int64)},
             lambda d: [d["x"][:, 1:5, 1:7:2, 0:8:3].astype(np.float64)], "copy"))
    add(Case("slice_negative", [("x", (1, 10))],
             [helper.make_node("Slice", ["x", "st", "en", "ax", "sp"], ["y"])],
             {"st": np.array([-2], np.int64), "en": np.array([-9], np.int64),
              "ax": np.array([1], np.int64), "sp": np.array([-2], np.int64)},
             lambda d: [d["x"][:, -2:-9:-2].astype(np.float64)], "copy"))
    add(Case("reduce_mean_hw", [("x", (1, 4, 5, 6))],
             [helper.make_node("ReduceMean", ["x"], ["y"], axes=[2, 3], keepdims=1)],
             {}, lambda d: [d["x"].astype(np.float64).mean(axis=(2, 3), keepdims=True)],
             "ew", input_range=(0.0, 2.0)))
    add(Case("reduce_mean_c_nokeep", [("x", (1, 4, 5, 6))],
             [helper.make_node("ReduceMean", ["x"], ["y"], axes=[1], keepdims=0)],
             {}, lambda d: [d["x"].astype(np.float64).mean(axis=1)], "ew",
             input_range=(0.0, 2.0)))
    add(Case("reshape", [("x", (1, 4, 3, 2))],
             [helper.make_node("Reshape", ["x", "s"], ["y"])],
             {"s": np.array([1, 6, 4], np.int64)},
             lambda d: [d["x"].reshape(1, 6, 4).astype(np.float64)], "copy"))
    add(Case("flatten", [("x", (1, 4, 3, 3))],
             [helper.make_node("Flatten", ["x"], ["y"], axis=1)], {},
             lambda d: [d["x"].reshape(1, -1).astype(np.float64)], "copy"))
    add(Case("transpose_nchw_nhwc", [("x", (1, 4, 3, 5))],
             [helper.make_node("Transpose", ["x"], ["y"], perm=[0, 2, 3, 1])], {},
             lambda d: [d["x"].transpose(0, 2, 3, 1).astype(np.float64)], "copy"))
    add(Case("transpose_3d", [("x", (2, 3, 4))],
             [helper.make_node("Transpose", ["x"], ["y"], perm=[2, 0, 1])], {},
             lambda d: [d["x"].transpose(2, 0, 1).astype(np.float64)], "copy"))
    add(Case("squeeze_unsqueeze", [("x", (1, 4, 1, 5))],
             [helper.make_node("Squeeze", ["x", "a"], ["s"]),
              helper.make_node("Unsqueeze", ["s", "b"], ["y"])],
             {"a": np.array([2], np.int64), "b": np.array([3], np.int64)},
             lambda d: [d["x"].reshape(1, 4, 5, 1).astype(np.float64)], "copy"))

    # ---- QDQ models (already quantized: no --calib) ------------------------
    def q(x, s, z, lo=0, hi=255):
        return np.clip(np.round(x / s) + z, lo, hi)  # np.round: half to even

    def fq(x, s, z, lo=0, hi=255):
        return (q(x, s, z, lo, hi) - z) * s

    sx, zx, sy, zy = 2.0 / 255, 128, 4.0 / 255, 120
    wq = W(8, 4, 3, 3)
    sw = (np.abs(wq).reshape(8, -1).max(1) / 127).astype(np.float32)
    wq_i8 = np.clip(np.round(wq / sw[:, None, None, None]), -127, 127).astype(np.int8)
    bq_i32 = np.round(W(8, scale=0.1) / (sx * sw)).astype(np.int32)

    def qdq_conv_ref(d):
        xd = fq(d["x"].astype(np.float64), sx, zx)
        wd = wq_i8.astype(np.float64) * sw.astype(np.float64)[:, None, None, None]
        bd = bq_i32.astype(np.float64) * (np.float32(sx) * sw).astype(np.float64)
        y = ref_conv(xd, wd, bd, pads=(1, 1, 1, 1))
        return [fq(np.maximum(y, 0), sy, zy)]
    f32 = np.float32
    add(Case("qdq_conv_relu", [("x", (1, 4, 6, 6))],
             [helper.make_node("QuantizeLinear", ["x", "sx", "zx"], ["xq"]),
              helper.make_node("DequantizeLinear", ["xq", "sx", "zx"], ["xd"]),
              helper.make_node("DequantizeLinear", ["wq", "sw", "zw"], ["wd"], axis=0),
              helper.make_node("DequantizeLinear", ["bq", "sb", "zb"], ["bd"], axis=0),
              helper.make_node("Conv", ["xd", "wd", "bd"], ["c"], pads=[1, 1, 1, 1]),
              helper.make_node("Relu", ["c"], ["r"]),
              helper.make_node("QuantizeLinear", ["r", "sy", "zy"], ["yq"]),
              helper.make_node("DequantizeLinear", ["yq", "sy", "zy"], ["y"])],
             {"sx": f32(sx), "zx": np.uint8(zx), "sy": f32(sy), "zy": np.uint8(zy),
              "wq": wq_i8, "sw": sw, "zw": np.zeros(8, np.int8),
              "bq": bq_i32, "sb": (f32(sx) * sw).astype(np.float32),
              "zb": np.zeros(8, np.int32)},
             qdq_conv_ref, "linear", opset=13, out_scale=sy))
    wm_q = W(10, 16)
    smq = (np.abs(wm_q).max(1) / 127).astype(np.float32)
    wm_i8 = np.clip(np.round(wm_q / smq[:, None]), -127, 127).astype(np.int8)
    sy2, zy2 = 3.0 / 255, 128

    def qdq_gemm_ref(d):
        xd = fq(d["x"].astype(np.float64), sx, zx)
        wd = wm_i8.astype(np.float64) * smq.astype(np.float64)[:, None]
        return [fq(xd @ wd.T, sy2, zy2)]
    add(Case("qdq_gemm", [("x", (1, 16))],
             [helper.make_node("QuantizeLinear", ["x", "sx", "zx"], ["xq"]),
              helper.make_node("DequantizeLinear", ["xq", "sx", "zx"], ["xd"]),
              helper.make_node("DequantizeLinear", ["wq", "sw", "zw"], ["wd"], axis=0),
              helper.make_node("Gemm", ["xd", "wd"], ["g"], transB=1),
              helper.make_node("QuantizeLinear", ["g", "sy", "zy"], ["yq"]),
              helper.make_node("DequantizeLinear", ["yq", "sy", "zy"], ["y"])],
             {"sx": f32(sx), "zx": np.uint8(zx), "sy": f32(sy2), "zy": np.uint8(zy2),
              "wq": wm_i8, "sw": smq, "zw": np.zeros(10, np.int8)},
             qdq_gemm_ref, "linear", opset=13, out_scale=sy2))

    # ---- a small mixed network (opset 13) ----------------------------------
    w1 = W(8, 3, 3, 3)
    b1 = W(8, scale=0.1)
    w2 = W(8, 1, 3, 3)
    wf = W(5, 8)
    bf = W(5, scale=0.1)

    def net_ref(d):
        x = d["x"].astype(np.float64)
        c = ref_conv(x, w1, b1, pads=(1, 1, 1, 1))
        h = c * np.clip(c + 3, 0, 6) / 6
        dw = ref_conv(h, w2, None, pads=(1, 1, 1, 1), groups=8)
        s = sigmoid(dw) + h
        g = s.mean(axis=(2, 3))
        return [softmax(g @ wf.T.astype(np.float64) + bf)]
    add(Case("mini_net", [("x", (1, 3, 8, 8))],
             [helper.make_node("Conv", ["x", "w1", "b1"], ["c"], pads=[1, 1, 1, 1]),
              helper.make_node("HardSigmoid", ["c"], ["hs"], alpha=1 / 6, beta=0.5),
              helper.make_node("Mul", ["c", "hs"], ["h"]),
              helper.make_node("Conv", ["h", "w2"], ["dw"], pads=[1, 1, 1, 1],
                               group=8),
              helper.make_node("Sigmoid", ["dw"], ["sg"]),
              helper.make_node("Add", ["sg", "h"], ["s"]),
              helper.make_node("GlobalAveragePool", ["s"], ["g"]),
              helper.make_node("Flatten", ["g"], ["f"]),
              helper.make_node("Gemm", ["f", "wf", "bf"], ["z"], transB=1),
              helper.make_node("Softmax", ["z"], ["y"], axis=1)],
             {"w1": w1, "b1": b1, "w2": w2, "wf": wf, "bf": bf}, net_ref,
             "linear", opset=13))
    return cases


#===----------------------------------------------------------------------===#
# Running
#===----------------------------------------------------------------------===#

def run(cmd, timeout=120):
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           universal_newlines=True, timeout=timeout)
        return p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired:
        return -999, "", "timeout after %ss" % timeout
    except OSError as e:  # e.g. the binary is being rebuilt
        return -998, "", "cannot run %s: %s" % (cmd[0], e)


def first_error(stderr):
    for line in stderr.splitlines():
        if "error:" in line:
            return line.split("error:", 1)[1].strip()[:200]
    tail = stderr.strip().splitlines()
    return (tail[-1][:200] if tail else "no message")


def clean_failure(rc, stderr):
    """True for a clean compile error (exit 1 with an error: line)."""
    return rc > 0 and "error:" in stderr and "Stack dump" not in stderr and \
        "LLVM ERROR" not in stderr


def save_inputs(path, case, data):
    if len(case.inputs) == 1:
        np.save(path + ".npy", data[case.inputs[0][0]])
        return path + ".npy"
    np.savez(path + ".npz", **data)
    return path + ".npz"


def output_scale(mlir_text):
    """Scale of the quantized value the (single) result dequantizes from."""
    m = re.search(r"return\s+(%[\w#]+)", mlir_text)
    if not m:
        return None
    res = re.escape(m.group(1))
    d = re.search(res + r"\s*=\s*quant\.dcast\s+\S+\s*:\s*tensor<[^!]*!quant\.uniform<"
                  r"[^:]+:f32,\s*([0-9.eE+-]+)", mlir_text)
    return float(d.group(1)) if d else None


class Runner:
    def __init__(self, args, work):
        self.args, self.work = args, work
        self.qc = os.path.join(args.bin_dir, "quant-compile")
        self.qr = os.path.join(args.bin_dir, "quant-run")

    def compile(self, model, out, extra):
        return run([self.qc, model, "-o", out, "--quiet"] + extra)

    def infer(self, so, inp):
        out = so[:-3] + ".out.npy"
        rc, _, err = run([self.qr, so, "--input", inp, "--output", out, "--quiet"])
        if rc != 0:
            return None, "quant-run exit %d: %s" % (rc, first_error(err))
        return np.load(out), None


def sqnr(ref, x):
    ref = ref.astype(np.float64)
    noise = np.sum((ref - x.astype(np.float64)) ** 2)
    if noise == 0:
        return float("inf")
    return 10 * np.log10(np.sum(ref ** 2) / noise)


def run_case(case, args, work):
    """Returns a list of check results: (case, check, backend, status, detail)."""
    R = Runner(args, work)
    d = os.path.join(work, case.name)
    os.makedirs(d, exist_ok=True)
    model_path = os.path.join(d, "model.onnx")
    onnx.save(case.model(), model_path)
    seed = sum(ord(c) * 31 ** i for i, c in enumerate(case.name)) % 2**31
    rng = np.random.default_rng(seed)
    calib = case.sample(rng, args.calib_samples)
    held = case.sample(rng, args.samples)
    calib_path = save_inputs(os.path.join(d, "calib"), case, calib)
    held_path = save_inputs(os.path.join(d, "held"), case, held)
    # numpy reference on every held-out sample, concatenated on axis 0 like
    # quant-run --output does
    refs = []
    for i in range(args.samples):
        refs.append(case.ref({k: v[i] for k, v in held.items()})[0])
    ref = np.concatenate([np.asarray(r, np.float64) for r in refs], 0) \
        if refs[0].ndim else np.stack(refs)

    results = []

    def record(check, be, ok, detail, mode):
        status = "PASS" if ok else "FAIL"
        why = known(case.name, mode, be)
        if why is not None:
            status = "XPASS" if ok else "KNOWN"
            detail = (detail + "; " if detail else "") + why
        results.append((case.name, check, be, status, detail))

    float_out = {}
    int8_out = {}
    scale = None
    stats = os.path.join(d, "stats.mlir")
    xskip = {}  # backend -> why the cross-backend check does not apply
    # The ref backend first: its int8 build calibrates and saves the
    # statistics the other backends load, so all int8 builds share the same
    # scales and differ only by their kernels.
    order = sorted(args.backends, key=lambda b: b != "ref")
    if case.out_scale is not None:
        # QDQ model: compiled as it is; numpy's fake-quant is exact up to the
        # requantization rounding of the kernels: <= 1 output LSB.
        for be in order:
            so = os.path.join(d, "qdq_%s.so" % be)
            rc, _, err = R.compile(model_path, so, ["--backend", be])
            if rc != 0:
                kind = "rejected" if clean_failure(rc, err) else "CRASH"
                record("qdq", be, False, "compile %s (rc %d): %s" %
                       (kind, rc, first_error(err)), "qdq")
                continue
            y, err2 = R.infer(so, held_path)
            if y is None:
                record("qdq", be, False, err2, "qdq")
                continue
            if y.shape != ref.shape:
                record("qdq", be, False, "shape %s, expected %s" % (y.shape, ref.shape),
                       "qdq")
                continue
            lsb = float(np.abs(y - ref).max()) / case.out_scale
            n_off = int((np.abs(y - ref) > 0.5 * case.out_scale).sum())
            record("qdq", be, lsb <= 1.0 + 1e-3,
                   "max diff %.3g LSB vs numpy fake-quant (%d of %d values off; <= 1 LSB)"
                   % (lsb, n_off, y.size), "qdq")
        return results
    for be in order:
        for mode in ("float", "int8"):
            so = os.path.join(d, "%s_%s.so" % (mode, be))
            extra = ["--backend", be]
            if mode == "float":
                extra.append("--no-quantize")
            elif be == "ref" or not os.path.exists(stats):
                extra += ["--calib", calib_path, "--save-stats", stats]
            else:
                extra += ["--load-stats", stats]
            rc, _, err = R.compile(model_path, so, extra)
            if rc != 0 and "--load-stats" in extra and "has no statistics" in err:
                # This backend fuses differently (other observers): its int8
                # graph is not the ref's; calibrate it on its own.
                xskip[be] = "other fusion than ref (%s): int8 graphs differ" % \
                    first_error(err)
                extra = ["--backend", be, "--calib", calib_path]
                rc, _, err = R.compile(model_path, so, extra)
            rej = EXPECTED_REJECT.get(case.name)
            if rej is not None and rej[0] in (mode, "all"):
                if rc == 0:
                    results.append((case.name, mode, be, "XPASS",
                                    "compiles now: remove EXPECTED_REJECT (%s)" % rej[1]))
                elif clean_failure(rc, err):
                    results.append((case.name, mode, be, "REJECTED",
                                    "expected: %s" % rej[1]))
                else:
                    record(mode, be, False, "crash on an expected rejection: rc %d %s"
                           % (rc, first_error(err)), mode)
                continue
            if rc != 0:
                kind = "rejected" if clean_failure(rc, err) else "CRASH"
                record(mode, be, False, "compile %s (rc %d): %s" %
                       (kind, rc, first_error(err)), mode)
                continue
            y, err2 = R.infer(so, held_path)
            if y is None:
                record(mode, be, False, err2, mode)
                continue
            if y.shape != ref.shape:
                record(mode, be, False, "shape %s, expected %s" %
                       (y.shape, ref.shape), mode)
                continue
            if mode == "float":
                float_out[be] = y
                amax = max(np.abs(ref).max(), 1e-30)
                err_ = np.abs(y - ref)
                bad = err_ > RTOL * np.abs(ref) + ATOL * amax
                ok = not bad.any() and np.isfinite(y).all()
                record("float", be, ok, "max err %.2e (max|ref| %.3g)" %
                       (err_.max(), amax), "float")
            else:
                int8_out[be] = y
                # Against the float .so (ref backend, else this backend's)
                # and against numpy: the float .so alone would hide a bug
                # shared by the float and int8 builds (e.g. a lost param).
                base = float_out.get("ref", float_out.get(be))
                s_np = sqnr(ref, y)
                s = min(sqnr(base, y), s_np) if base is not None else s_np
                thr = SQNR_RULES[case.rule]
                record("int8", be, s >= thr, "SQNR %.1f dB (>= %g, %s; vs numpy %.1f)" %
                       (s, thr, case.rule, s_np), "int8")
                if be == "ref" and len(args.backends) > 1:
                    mpath = os.path.join(d, "int8_ref.mlir")
                    rc, _, err = R.compile(model_path, mpath,
                                           ["--backend", "ref", "--load-stats", stats,
                                            "--emit=mlir"])
                    if rc == 0:
                        with open(mpath) as f:
                            scale = output_scale(f.read())
    # cross-backend: same statistics, so the same output scale
    if "ref" in int8_out:
        for be in args.backends:
            if be == "ref" or be not in int8_out:
                continue
            if be in xskip:
                results.append((case.name, "xbackend", be, "N/A", xskip[be]))
                continue
            diff = float(np.abs(int8_out[be] - int8_out["ref"]).max())
            if scale is None:
                record("xbackend", be, False, "no output scale in --emit=mlir",
                       "xbackend")
                continue
            lsb = diff / scale
            if be == "onednn" and case.onednn_exact:
                ok, rule = lsb < 0.5, "== ref"
            else:
                ok, rule = lsb <= 1.0 + 1e-3, "<= 1 LSB of ref"
            record("xbackend", be, ok, "max diff %.3g LSB (scale %.3g, %s)" %
                   (lsb, scale, rule), "xbackend")
    return results


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin-dir", default=None,
                    help="directory with quant-compile and quant-run "
                         "(default: build/bin of the source tree)")
    ap.add_argument("--ops", default=None,
                    help="comma-separated case names or prefixes (e.g. conv,add)")
    ap.add_argument("--backends", default=",".join(BACKENDS))
    ap.add_argument("--keep", metavar="DIR", default=None,
                    help="keep models, data and .so files in DIR")
    ap.add_argument("--samples", type=int, default=16, help="held-out samples")
    ap.add_argument("--calib-samples", type=int, default=128)
    ap.add_argument("--quick", action="store_true",
                    help="fewer samples (CI)")
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("--list", action="store_true", help="list the cases")
    args = ap.parse_args()
    if args.quick:
        args.samples, args.calib_samples = 8, 64
    if args.bin_dir is None:
        args.bin_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                    "..", "build", "bin")
    args.backends = [b for b in args.backends.split(",") if b]
    for b in args.backends:
        if b not in BACKENDS:
            ap.error("unknown backend %s" % b)
    cases = build_cases()
    if args.list:
        for c in cases:
            print("%-28s %s" % (c.name, c.rule))
        return 0
    for t in ("quant-compile", "quant-run"):
        if not os.access(os.path.join(args.bin_dir, t), os.X_OK):
            print("e2e-ops: error: %s not found in %s" % (t, args.bin_dir),
                  file=sys.stderr)
            return 2
    if args.ops:
        want = [o.strip() for o in args.ops.split(",") if o.strip()]
        cases = [c for c in cases if any(c.name == w or c.name.startswith(w + "_")
                                          for w in want)]
        if not cases:
            print("e2e-ops: error: no case matches --ops %s" % args.ops,
                  file=sys.stderr)
            return 2

    work = args.keep or tempfile.mkdtemp(prefix="e2e-ops-")
    os.makedirs(work, exist_ok=True)
    t0 = time.time()
    results = []
    try:
        with concurrent.futures.ThreadPoolExecutor(max(1, args.jobs)) as pool:
            for r in pool.map(lambda c: run_case(c, args, work), cases):
                results.extend(r)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    wc = max(len(r[0]) for r in results)
    print("%-*s  %-8s  %-8s  %-8s  %s" % (wc, "case", "check", "backend",
                                          "status", "detail"))
    for r in results:
        print("%-*s  %-8s  %-8s  %-8s  %s" % ((wc,) + r))
    cnt = {k: sum(1 for r in results if r[3] == k)
           for k in ("PASS", "FAIL", "KNOWN", "XPASS", "REJECTED", "N/A")}
    print()
    for be in args.backends:
        rs = [r for r in results if r[2] == be]
        print("  %-8s %d/%d passed (%d known failures, %d expected rejections, "
              "%d not applicable)"
              % (be, sum(1 for r in rs if r[3] == "PASS"), len(rs),
                 sum(1 for r in rs if r[3] == "KNOWN"),
                 sum(1 for r in rs if r[3] == "REJECTED"),
                 sum(1 for r in rs if r[3] == "N/A")))
    print("e2e-ops: %d checks, %d passed, %d failed, %d known failures, "
          "%d unexpected passes, %d expected rejections, %d not applicable "
          "(%d cases, %.0fs)" %
          (len(results), cnt["PASS"], cnt["FAIL"], cnt["KNOWN"], cnt["XPASS"],
           cnt["REJECTED"], cnt["N/A"], len(cases), time.time() - t0))
    if cnt["XPASS"]:
        print("e2e-ops: unexpected passes: remove their KNOWN_FAIL / "
              "EXPECTED_REJECT marks")
    return 1 if cnt["FAIL"] or cnt["XPASS"] else 0


if __name__ == "__main__":
    sys.exit(main())

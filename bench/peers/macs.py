#!/usr/bin/python3
"""Multiply-accumulate count of an ONNX model (Conv, ConvTranspose, Gemm, MatMul), batch as exported.

    /usr/bin/python3 bench/peers/macs.py MODEL.onnx...
Elementwise ops, pooling and activations are not counted: the lower bound in run.py is
MACs / peak multiply-accumulate rate, i.e. the time the arithmetic alone would take.
"""

import sys

import numpy as np
import onnx


def count_macs(path):
    m = onnx.shape_inference.infer_shapes(onnx.load(path))
    g = m.graph
    shapes = {}
    for vi in list(g.value_info) + list(g.input) + list(g.output):
        shapes[vi.name] = [d.dim_value if d.dim_value > 0 else 1 for d in vi.type.tensor_type.shape.dim]
    for i in g.initializer:
        shapes[i.name] = list(i.dims)
    per_op = {}
    total = 0
    for n in g.node:
        macs = 0
        if n.op_type in ("Conv", "ConvTranspose"):
            w = shapes[n.input[1]]  # [Cout, Cin/group, k...] (Conv), [Cin, Cout/group, k...] (ConvTranspose)
            if n.op_type == "Conv":
                out = shapes[n.output[0]]
                macs = int(np.prod(out)) * w[1] * int(np.prod(w[2:]))
            else:  # every input element meets every weight of its group
                x = shapes[n.input[0]]
                macs = int(np.prod(x)) * w[1] * int(np.prod(w[2:]))
        elif n.op_type == "Gemm":
            a, out = shapes[n.input[0]], shapes[n.output[0]]
            trans_a = next((x.i for x in n.attribute if x.name == "transA"), 0)
            k = a[0] if trans_a else a[1]
            macs = int(np.prod(out)) * k
        elif n.op_type == "MatMul":
            a, out = shapes[n.input[0]], shapes[n.output[0]]
            macs = int(np.prod(out)) * a[-1]
        if macs:
            per_op[n.op_type] = per_op.get(n.op_type, 0) + macs
            total += macs
    return total, per_op


def main():
    for p in sys.argv[1:]:
        total, per_op = count_macs(p)
        print("%-40s %8.1f MMAC  %s" % (p, total / 1e6, ", ".join("%s %.1f" % (k, v / 1e6) for k, v in per_op.items())))


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Regenerates the binary inputs of the importer tests in test/import/.

Run with the system Python and Debian's python3-onnx (ONNX 1.12):

    /usr/bin/python3 test/import/Inputs/make_bad_models.py

and commit the files it writes next to itself. The output is deterministic
(fixed seeds, no timestamps), so rerunning it leaves git clean.

  tiny-resnet.onnx         a valid conv/BN/relu/residual/pool/fc model with
                           named nodes and raw_data weights (locations test)
  truncated-resnet.onnx    the first half of tiny-resnet.onnx
  empty.onnx               zero bytes
  random-bytes.onnx        512 random bytes, not a protobuf
  unsupported-named.onnx   a valid model whose unsupported nodes have names
"""

import os
import random
import struct

import onnx
from onnx import TensorProto, helper

HERE = os.path.dirname(os.path.abspath(__file__))


def weight(name, dims, rng):
    count = 1
    for d in dims:
        count *= d
    values = [round(rng.uniform(-1.0, 1.0), 3) for _ in range(count)]
    return helper.make_tensor(name, TensorProto.FLOAT, dims,
                              struct.pack("<%df" % count, *values), raw=True)


def tiny_resnet():
    rng = random.Random(0)
    c = 4
    inits = [
        weight("stem.w", [c, 3, 3, 3], rng),
        weight("stem.b", [c], rng),
        helper.make_tensor("bn.scale", TensorProto.FLOAT, [c], [1.0] * c),
        helper.make_tensor("bn.bias", TensorProto.FLOAT, [c], [0.0] * c),
        helper.make_tensor("bn.mean", TensorProto.FLOAT, [c], [0.5] * c),
        helper.make_tensor("bn.var", TensorProto.FLOAT, [c], [2.0] * c),
        weight("block.w", [c, c, 3, 3], rng),
        weight("fc.w", [10, c], rng),
        weight("fc.b", [10], rng),
    ]
    nodes = [
        helper.make_node("Conv", ["input", "stem.w", "stem.b"], ["stem"],
                         name="stem/conv", pads=[1, 1, 1, 1]),
        helper.make_node("BatchNormalization",
                         ["stem", "bn.scale", "bn.bias", "bn.mean", "bn.var"],
                         ["stem_bn"], name="stem/bn"),
        helper.make_node("Relu", ["stem_bn"], ["stem_relu"], name="stem/relu"),
        helper.make_node("Conv", ["stem_relu", "block.w"], ["block"],
                         name="block1/conv", pads=[1, 1, 1, 1]),
        helper.make_node("Add", ["block", "stem_relu"], ["block_add"],
                         name="block1/add"),
        helper.make_node("Relu", ["block_add"], ["block_relu"],
                         name="block1/relu"),
        helper.make_node("GlobalAveragePool", ["block_relu"], ["pool"],
                         name="head/pool"),
        helper.make_node("Flatten", ["pool"], ["flat"], name="head/flatten"),
        helper.make_node("Gemm", ["flat", "fc.w", "fc.b"], ["logits"],
                         name="head/fc", transB=1),
    ]
    graph = helper.make_graph(
        nodes, "tiny_resnet",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT,
                                       [1, 3, 8, 8])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, [1, 10])],
        inits)
    return helper.make_model(graph, producer_name="make_bad_models.py",
                             opset_imports=[helper.make_opsetid("", 13)])


def unsupported_named():
    nodes = [
        helper.make_node("Relu", ["x"], ["a"], name="ok/relu"),
        helper.make_node("Gelu", ["a"], ["b"], name="mlp/gelu",
                         domain="com.microsoft"),
        helper.make_node("Erf", ["b"], ["c"], name="mlp/erf"),
        helper.make_node("Erf", ["c"], ["y"], name="mlp/erf_2"),
    ]
    graph = helper.make_graph(
        nodes, "unsupported",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 4])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 4])])
    return helper.make_model(graph, producer_name="make_bad_models.py",
                             opset_imports=[helper.make_opsetid("", 13),
                                            helper.make_opsetid(
                                                "com.microsoft", 1)])


def write(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


def main():
    model = tiny_resnet()
    onnx.checker.check_model(model)
    valid = model.SerializeToString()
    write("tiny-resnet.onnx", valid)
    write("truncated-resnet.onnx", valid[: len(valid) // 2])
    write("empty.onnx", b"")
    rng = random.Random(1234)
    write("random-bytes.onnx", bytes(rng.randrange(256) for _ in range(512)))
    write("unsupported-named.onnx", unsupported_named().SerializeToString())


if __name__ == "__main__":
    main()

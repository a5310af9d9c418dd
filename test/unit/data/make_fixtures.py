#!/usr/bin/python3
"""Writes the tiny committed fixtures of data-unit-tests (test/unit/data/fixtures/).

Run with Debian's /usr/bin/python3 (python3-numpy, python3-onnx):
    /usr/bin/python3 test/unit/data/make_fixtures.py
Values follow pattern() below; the C++ tests recompute them, so every
lossless comparison is exact. Images and corrupt variants are written by the
tests themselves at run time.
"""
import os
import struct
import zlib

import numpy as np
import onnx
from onnx import helper, numpy_helper

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures")


def pattern(dtype, shape):
    """Keep in sync with pattern() in test/unit/data/TestUtil.h."""
    n = int(np.prod(shape))
    p = (np.arange(n, dtype=np.int64) * 37) % 251
    name = np.dtype(dtype).name
    if name.startswith("float"):
        v = (p - 125) * 0.25
    elif name == "uint8":
        v = p
    elif name == "int8":
        v = p - 125
    elif name == "int16":
        v = (p - 125) * 100
    elif name == "uint16":
        v = p * 200
    elif name == "int32":
        v = (p - 125) * 100000
    elif name == "int64":
        v = (p - 125) * 10**12
    elif name == "bool":
        v = p % 2
    else:
        raise ValueError(name)
    return v.astype(dtype).reshape(shape)


def save_npy(name, arr, version=None):
    with open(os.path.join(OUT, name), "wb") as f:
        np.lib.format.write_array(f, arr, version=version, allow_pickle=True)


def save_pb(path, tensor):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(tensor.SerializeToString())


def zip64_npz(path, members):
    """A stored .npz whose central directory uses ZIP64 for every size and
    offset, with a ZIP64 end record -- what a >4 GB numpy.savez looks like."""
    out = bytearray()
    central = bytearray()
    for name, arr in members:
        import io
        buf = io.BytesIO()
        np.lib.format.write_array(buf, arr)
        data = buf.getvalue()
        fname = (name + ".npy").encode()
        crc = zlib.crc32(data)
        offset = len(out)
        extra = struct.pack("<HHQQ", 1, 16, len(data), len(data))
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 45, 0, 0, 0, 0x21, crc,
                           0xFFFFFFFF, 0xFFFFFFFF, len(fname), len(extra))
        out += fname + extra + data
        cextra = struct.pack("<HHQQQ", 1, 24, len(data), len(data), offset)
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 45, 45, 0, 0,
                               0, 0x21, crc, 0xFFFFFFFF, 0xFFFFFFFF,
                               len(fname), len(cextra), 0, 0, 0, 0,
                               0xFFFFFFFF)
        central += fname + cextra
    cd_offset = len(out)
    out += central
    z64_offset = len(out)
    out += struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0,
                       len(members), len(members), len(central), cd_offset)
    out += struct.pack("<IIQI", 0x07064B50, 0, z64_offset, 1)
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 0xFFFF, 0xFFFF,
                       0xFFFFFFFF, 0xFFFFFFFF, 0)
    with open(path, "wb") as f:
        f.write(out)


def main():
    os.makedirs(OUT, exist_ok=True)
    # One .npy per dtype (version 1.0), then versions 2.0 and 3.0.
    for dt in ["float32", "float64", "float16", "uint8", "int8", "int16",
               "uint16", "int32", "int64", "bool"]:
        save_npy("dtype_%s.npy" % dt, pattern(dt, (2, 3)))
    save_npy("v2.npy", pattern("float32", (2, 3, 4)), version=(2, 0))
    save_npy("v3.npy", pattern("float32", (2, 3, 4)), version=(3, 0))
    save_npy("scalar.npy", pattern("float32", ()))
    save_npy("empty.npy", np.zeros((0, 3), np.float32))
    # Refused .npy files.
    save_npy("fortran.npy", np.asfortranarray(pattern("float32", (2, 3))))
    save_npy("bigendian.npy", pattern("float32", (2, 3)).astype(">f4"))
    save_npy("uint32.npy", pattern("uint16", (2, 3)).astype(np.uint32))
    save_npy("object.npy", np.array([{"a": 1}, None], dtype=object))
    save_npy("structured.npy", np.zeros(2, dtype=[("a", "<f4"), ("b", "<i4")]))

    # .npz: 4 samples of x (model input 1x3x2x2 f32) and y (1x2 i64).
    x = pattern("float32", (4, 1, 3, 2, 2))
    y = pattern("int64", (4, 1, 2))
    np.savez(os.path.join(OUT, "stored.npz"), x=x, y=y)
    np.savez_compressed(os.path.join(OUT, "compressed.npz"), x=x, y=y)
    # Positional (arr_0, arr_1) and without the batch dim.
    np.savez(os.path.join(OUT, "positional.npz"), x[:, 0], y[:, 0])
    # Extra array "labels" next to the inputs.
    np.savez(os.path.join(OUT, "labels.npz"), x=x, y=y,
             labels=np.arange(4, dtype=np.int64))
    # Different sample counts per array.
    np.savez(os.path.join(OUT, "uneven.npz"), x=x, y=y[:3])
    zip64_npz(os.path.join(OUT, "zip64.npz"), [("x", x), ("y", y)])
    # A compressed archive big enough for several deflate blocks.
    big = pattern("float32", (64, 1, 3, 16, 16))
    np.savez_compressed(os.path.join(OUT, "big_compressed.npz"), x=big)

    # TensorProto .pb: raw_data and typed fields.
    xs = pattern("float32", (1, 3, 2, 2))
    save_pb(os.path.join(OUT, "raw_f32.pb"), numpy_helper.from_array(xs, "x"))
    save_pb(os.path.join(OUT, "typed_f32.pb"),
            helper.make_tensor("x", onnx.TensorProto.FLOAT, xs.shape,
                               xs.flatten().tolist()))
    for dt, onnx_type in [("int64", onnx.TensorProto.INT64),
                          ("int8", onnx.TensorProto.INT8),
                          ("uint8", onnx.TensorProto.UINT8),
                          ("int32", onnx.TensorProto.INT32),
                          ("float64", onnx.TensorProto.DOUBLE),
                          ("bool", onnx.TensorProto.BOOL)]:
        a = pattern(dt, (2, 3))
        save_pb(os.path.join(OUT, "typed_%s.pb" % dt),
                helper.make_tensor("t", onnx_type, a.shape,
                                   a.flatten().astype(np.int64 if dt != "float64" else np.float64).tolist()))
        save_pb(os.path.join(OUT, "raw_%s.pb" % dt),
                numpy_helper.from_array(a, "t"))
    f16 = pattern("float16", (2, 3))
    save_pb(os.path.join(OUT, "typed_float16.pb"),
            helper.make_tensor("t", onnx.TensorProto.FLOAT16, f16.shape,
                               f16.flatten().tolist()))
    # Refused: shape says 1x3x2x2, raw_data holds 11 floats.
    bad = numpy_helper.from_array(xs, "x")
    bad.raw_data = bad.raw_data[:-4]
    save_pb(os.path.join(OUT, "bad_size.pb"), bad)
    bad_typed = helper.make_tensor("x", onnx.TensorProto.FLOAT, (1, 2),
                                   [1.0, 2.0])
    bad_typed.dims[:] = [2, 3]
    save_pb(os.path.join(OUT, "bad_typed_size.pb"), bad_typed)
    # A huge claimed shape with two values: refused before allocating.
    huge = helper.make_tensor("x", onnx.TensorProto.FLOAT, (1, 2), [1.0, 2.0])
    huge.dims[:] = [1 << 40, 1 << 20]
    save_pb(os.path.join(OUT, "huge_typed.pb"), huge)
    save_pb(os.path.join(OUT, "string.pb"),
            helper.make_tensor("s", onnx.TensorProto.STRING, (1,), [b"hi"]))

    # ONNX test data layout: 3 sets of inputs x and y (inputs written in
    # reverse name order to check matching by TensorProto name), and a model
    # file that the Dataset must ignore.
    root = os.path.join(OUT, "onnx_sets")
    for s in range(3):
        d = os.path.join(root, "test_data_set_%d" % s)
        save_pb(os.path.join(d, "input_0.pb"), numpy_helper.from_array(x[s], "x"))
        save_pb(os.path.join(d, "input_1.pb"), numpy_helper.from_array(y[s], "y"))
        save_pb(os.path.join(d, "output_0.pb"),
                numpy_helper.from_array(np.zeros((1, 2), np.float32), "out"))
    with open(os.path.join(root, "model.onnx"), "wb") as f:
        f.write(b"not a model; ignored by the Dataset")

    # A folder of .npy samples (3x2x2 without batch dim, and one with it).
    d = os.path.join(OUT, "npy_folder")
    os.makedirs(d, exist_ok=True)
    save_npy("npy_folder/s0.npy", x[0, 0])
    save_npy("npy_folder/s1.npy", x[1])
    save_npy("npy_folder/s2.npy", x[2, 0])
    # A folder of .pb samples.
    d = os.path.join(OUT, "pb_folder")
    for s in range(2):
        save_pb(os.path.join(d, "sample_%d.pb" % s),
                numpy_helper.from_array(x[s], "x"))
    # A folder of .npz samples for a two-input model.
    d = os.path.join(OUT, "npz_folder")
    os.makedirs(d, exist_ok=True)
    for s in range(2):
        np.savez(os.path.join(d, "s%d.npz" % s), y=y[s], x=x[s])


if __name__ == "__main__":
    main()

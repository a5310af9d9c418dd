"""Writes the input files of the quant-run lit tests into a folder (argv[1]).

The fixture models are test/unit/runner/Fixture*.c: affine.so computes
y = 2x + 1 on x f32 [1,3]; multi.so takes a f32 [1,2,2] and b u8 [1,4]."""
import os
import sys

import numpy as np

out = sys.argv[1]
os.makedirs(out, exist_ok=True)


def save(name, a):
    np.save(os.path.join(out, name), a)


# Two samples without the batch dim, float64 as np.save writes by default.
save("x2.npy", np.array([[1, 2, 3], [0, -1, 0.5]]))
save("bad_shape.npy", np.zeros((1, 4), np.float32))
save("ints.npy", np.zeros((1, 3), np.int64))

# Eval: 10 samples; argmax of 2x+1 is the argmax of x. 7 labels match.
rng = np.random.default_rng(0)
x = rng.standard_normal((10, 3)).astype(np.float32)
labels = x.argmax(axis=1).astype(np.int64)
labels[[1, 4, 7]] = (labels[[1, 4, 7]] + 1) % 3
save("eval_x.npy", x)
save("labels.npy", labels)
save("labels_float.npy", labels.astype(np.float32))
save("labels_short.npy", labels[:5])

# multi.so: two samples; b is given as real values (quantized by quant-run).
a = np.arange(8, dtype=np.float32).reshape(2, 1, 2, 2)
b = np.array([[[0, 1, 2, 3]], [[-1, -2, 0.5, 100]]], np.float32)
np.savez(os.path.join(out, "multi.npz"), a=a, b=b)
save("a.npy", a)
save("b.npy", b)
save("b3.npy", np.concatenate([b, b[:1]]))
# The same for --raw-io: b as u8 integers.
b_u8 = np.array([[[10, 12, 14, 16]], [[8, 6, 11, 210]]], np.uint8)
np.savez(os.path.join(out, "multi_raw.npz"), a=a, b=b_u8)

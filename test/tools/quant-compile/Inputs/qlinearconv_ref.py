"""Inputs and the numpy reference of qlinearconv-single.onnxtxt.

  qlinearconv_ref.py gen DIR     writes DIR/{x,h}.npy (u8) and DIR/g.npy (f32)
  qlinearconv_ref.py check DIR   compares DIR/out/{y,hd,gq}.npy (quant-run
                                 --raw-io --output DIR/out/) with ONNX's
                                 QLinearConv / DequantizeLinear /
                                 QuantizeLinear semantics; exit 1 on a mismatch
"""
import sys

import numpy as np

XS, XZ = np.float32(0.05), 128
W = (np.array([(7 * i) % 11 - 5 for i in range(4 * 3 * 3 * 3)], np.int32)
     .reshape(4, 3, 3, 3))
WS = np.array([0.02, 0.01, 0.03, 0.015], np.float32)
BIAS = np.array([100, -200, 50, 0], np.int32)
YS, YZ = np.float32(0.1), 100
HS, HZ = np.float32(0.5), 7
GS, GZ = np.float32(0.25), -10


def qlinearconv(x):
    """Integer conv (pads 1, stride 2), then y = sat(rne(acc * xs * ws / ys) + yz)."""
    xp = np.pad(x.astype(np.int32) - XZ, ((0, 0), (0, 0), (1, 1), (1, 1)))
    out = np.zeros((1, 4, 3, 3), np.int32)
    for oh in range(3):
        for ow in range(3):
            patch = xp[0, :, 2 * oh:2 * oh + 3, 2 * ow:2 * ow + 3]
            out[0, :, oh, ow] = np.tensordot(W, patch, axes=3) + BIAS
    # The multiplier in f32 from the double product, as the runtime does.
    m = (np.float64(XS) * WS.astype(np.float64) / np.float64(YS)).astype(np.float32)
    v = out.astype(np.float32) * m[None, :, None, None]
    return np.clip(np.rint(v) + YZ, 0, 255).astype(np.uint8)


def main():
    mode, d = sys.argv[1], sys.argv[2]
    if mode == "gen":
        rng = np.random.default_rng(7)
        np.save(f"{d}/x.npy", rng.integers(0, 256, (1, 3, 5, 5), dtype=np.uint8))
        np.save(f"{d}/h.npy", np.array([[0, 7, 8], [100, 254, 255]], np.uint8))
        # Includes exact ties (k + 0.5) * GS: QuantizeLinear rounds half to even.
        g = np.array([-3.0, -0.125, 0.125, 0.375, 1.0, 30.0, -40.0, 2.2],
                     np.float32).reshape(1, 2, 2, 2)
        np.save(f"{d}/g.npy", g)
        return 0
    x, h, g = (np.load(f"{d}/{n}.npy") for n in ("x", "h", "g"))
    y_ref = qlinearconv(x)
    hd_ref = (h.astype(np.float32) - HZ) * HS
    gq_ref = np.clip(np.rint(g / GS) + GZ, -128, 127).astype(np.int8)
    y, hd, gq = (np.load(f"{d}/out/{n}.npy") for n in ("y", "hd", "gq"))
    ok = True
    for name, got, ref in (("y", y, y_ref), ("hd", hd, hd_ref), ("gq", gq, gq_ref)):
        same = got.dtype == ref.dtype and got.shape == ref.shape and np.array_equal(got, ref)
        print(f"{name}: {got.dtype} {list(got.shape)} {'matches' if same else 'DIFFERS'}")
        if not same:
            print("  got", got.ravel().tolist(), "\n  ref", ref.ravel().tolist())
            ok = False
    # Not all saturated: the test exercises the arithmetic.
    print("y levels:", len(np.unique(y_ref)))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

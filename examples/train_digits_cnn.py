#!/usr/bin/python3
"""Train the small digits CNN that the README demo quantizes, and export it.

Uses the 8x8 handwritten digits that ship with scikit-learn (no download), trains
a tiny residual CNN with BatchNorm on one CPU thread (a few seconds), and writes:

  examples/digits_cnn.onnx           opset 13, input "input" [1,1,8,8] f32, output "logits" [1,10]
  examples/digits/calib.npy          float32 [100,1,1,8,8]  calibration samples
  examples/digits/test_x.npy         float32 [400,1,1,8,8]  test samples
  examples/digits/test_y.npy         int64   [400]          test labels
  examples/digits/float_accuracy.txt float test top-1 accuracy of the exported model

BatchNormalization nodes are kept in the ONNX graph on purpose (the compiler folds
BN itself). Run:  /usr/bin/python3 examples/train_digits_cnn.py
"""

import argparse
import os
import sys
import time
import warnings

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

SEED = 0
N_CALIB, N_TEST = 100, 400  # the remaining 1297 of 1797 samples are for training


class DigitsCNN(nn.Module):
    """1x8x8 -> conv16 -> conv32 -> maxpool -> conv32 + residual -> GAP -> fc10."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(16)
        self.conv2 = nn.Conv2d(16, 32, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(32)
        self.pool = nn.MaxPool2d(2)
        self.conv3 = nn.Conv2d(32, 32, 3, padding=1, bias=False)
        self.bn3 = nn.BatchNorm2d(32)
        self.fc = nn.Linear(32, 10)

    def forward(self, x):
        x = F.relu(self.bn1(self.conv1(x)))          # 16x8x8
        x = self.pool(F.relu(self.bn2(self.conv2(x))))  # 32x4x4
        x = F.relu(self.bn3(self.conv3(x)) + x)      # residual add, 32x4x4
        x = torch.flatten(F.adaptive_avg_pool2d(x, 1), 1)  # GlobalAveragePool + Flatten
        return self.fc(x)                            # Gemm -> logits [N,10]


def load_splits():
    d = load_digits()
    x = (d.images.astype(np.float32) / 16.0)[:, None, :, :]  # [1797,1,8,8] in [0,1]
    y = d.target.astype(np.int64)
    x_rest, x_test, y_rest, y_test = train_test_split(
        x, y, test_size=N_TEST, stratify=y, random_state=SEED)
    x_train, x_calib, y_train, y_calib = train_test_split(
        x_rest, y_rest, test_size=N_CALIB, stratify=y_rest, random_state=SEED)
    return x_train, y_train, x_calib, x_test, y_test


def train(model, x, y, epochs, batch=32):
    xt, yt = torch.from_numpy(x), torch.from_numpy(y)
    opt = torch.optim.AdamW(model.parameters(), lr=3e-3, weight_decay=1e-4)
    steps = epochs * ((len(x) + batch - 1) // batch)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=1e-2, total_steps=steps)
    gen = torch.Generator().manual_seed(SEED)
    model.train()
    for ep in range(epochs):
        perm = torch.randperm(len(x), generator=gen)
        total = 0.0
        for i in range(0, len(x), batch):
            idx = perm[i:i + batch]
            xb = xt[idx]
            # light augmentation: shift by up to one pixel
            dx, dy = torch.randint(-1, 2, (2,), generator=gen).tolist()
            xb = torch.roll(xb, shifts=(dy, dx), dims=(2, 3))
            loss = F.cross_entropy(model(xb), yt[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            total += loss.item() * len(idx)
        if ep % 5 == 4 or ep == epochs - 1:
            print("epoch %2d  loss %.4f" % (ep + 1, total / len(x)), flush=True)


@torch.no_grad()
def accuracy(model, x, y):
    model.eval()
    pred = model(torch.from_numpy(x)).argmax(1).numpy()
    return float((pred == y).mean())


def onnx_reference_logits(path, xs):
    """Evaluate the exported graph with a tiny numpy interpreter (only the ops this
    model uses), independently of torch, to check the export."""
    import onnx
    from onnx import numpy_helper
    m = onnx.load(path)
    g = m.graph
    consts = {i.name: numpy_helper.to_array(i) for i in g.initializer}
    attrs = lambda n: {a.name: onnx.helper.get_attribute_value(a) for a in n.attribute}

    def conv(x, w, b, a):
        pads = a.get("pads", [0] * 4)
        assert a.get("strides", [1, 1]) == [1, 1] and a.get("group", 1) == 1
        assert a.get("dilations", [1, 1]) == [1, 1]
        xp = np.pad(x, ((0, 0), (0, 0), (pads[0], pads[2]), (pads[1], pads[3])))
        kh, kw = w.shape[2:]
        oh, ow = xp.shape[2] - kh + 1, xp.shape[3] - kw + 1
        y = np.zeros((x.shape[0], w.shape[0], oh, ow), np.float64)
        for i in range(kh):
            for j in range(kw):
                y += np.einsum("nchw,oc->nohw", xp[:, :, i:i + oh, j:j + ow], w[:, :, i, j])
        return y + (b.reshape(1, -1, 1, 1) if b is not None else 0)

    out = []
    for x in xs:
        env = dict(consts)
        env[g.input[0].name] = x.astype(np.float64)
        for n in g.node:
            a, i = attrs(n), [env[k] if k else None for k in n.input]
            t = n.op_type
            if t == "Conv":
                r = conv(i[0], i[1], i[2] if len(i) > 2 else None, a)
            elif t == "BatchNormalization":
                s = i[1] / np.sqrt(i[4] + a.get("epsilon", 1e-5))
                r = (i[0] - i[3].reshape(1, -1, 1, 1)) * s.reshape(1, -1, 1, 1) \
                    + i[2].reshape(1, -1, 1, 1)
            elif t == "Relu":
                r = np.maximum(i[0], 0)
            elif t == "Add":
                r = i[0] + i[1]
            elif t == "MaxPool":
                assert a["kernel_shape"] == [2, 2] and a["strides"] == [2, 2]
                assert not any(a.get("pads", []))
                v = i[0]
                r = v.reshape(v.shape[0], v.shape[1], v.shape[2] // 2, 2,
                              v.shape[3] // 2, 2).max(axis=(3, 5))
            elif t == "GlobalAveragePool":
                r = i[0].mean(axis=(2, 3), keepdims=True)
            elif t == "Flatten":
                r = i[0].reshape(i[0].shape[0], -1)
            elif t == "Gemm":
                assert a.get("transB", 0) == 1 and a.get("transA", 0) == 0
                r = a.get("alpha", 1.0) * i[0] @ i[1].T + a.get("beta", 1.0) * i[2]
            else:
                raise NotImplementedError(t)
            env[n.output[0]] = r
        out.append(env[g.output[0].name])
    return np.concatenate(out).astype(np.float32)


def export(model, path):
    import onnx
    model.eval()
    dummy = torch.zeros(1, 1, 8, 8)
    # TrainingMode.EVAL would run the exporter's eval peephole, which folds every
    # BatchNorm into the preceding Conv. PRESERVE with the model in eval mode exports
    # inference-mode BatchNormalization nodes and leaves them in the graph.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*constant folding.*")
        torch.onnx.export(model, dummy, path, opset_version=13,
                          input_names=["input"], output_names=["logits"],
                          do_constant_folding=True,
                          training=torch.onnx.TrainingMode.PRESERVE)
    m = onnx.load(path)
    onnx.checker.check_model(m)
    ops = [n.op_type for n in m.graph.node]
    n_bn = ops.count("BatchNormalization")
    if n_bn != 3:
        raise SystemExit("expected 3 BatchNormalization nodes in %s, found %d: %s"
                         % (path, n_bn, ops))
    return ops


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description="Train and export the digits CNN demo model.")
    ap.add_argument("--out", default=here, help="output folder (default: this script's folder)")
    ap.add_argument("--epochs", type=int, default=40)
    ap.add_argument("--min-accuracy", type=float, default=0.95,
                    help="fail if the float test accuracy is below this")
    args = ap.parse_args()

    torch.set_num_threads(1)
    torch.manual_seed(SEED)
    np.random.seed(SEED)

    x_train, y_train, x_calib, x_test, y_test = load_splits()
    print("train %d  calib %d  test %d" % (len(x_train), len(x_calib), len(x_test)))

    model = DigitsCNN()
    t0 = time.time()
    train(model, x_train, y_train, args.epochs)
    print("trained in %.1f s" % (time.time() - t0))
    acc = accuracy(model, x_test, y_test)
    print("torch float test accuracy: %.4f (%d/%d)"
          % (acc, round(acc * len(y_test)), len(y_test)))

    data_dir = os.path.join(args.out, "digits")
    os.makedirs(data_dir, exist_ok=True)
    onnx_path = os.path.join(args.out, "digits_cnn.onnx")
    ops = export(model, onnx_path)
    print("exported %s (%d bytes): %s" % (onnx_path, os.path.getsize(onnx_path), " ".join(ops)))

    # Check the exported graph independently of torch: numpy interpretation.
    ref = onnx_reference_logits(onnx_path, x_test[:, None])
    with torch.no_grad():
        tl = model(torch.from_numpy(x_test)).numpy()
    onnx_acc = float((ref.argmax(1) == y_test).mean())
    print("onnx graph (numpy) test accuracy: %.4f, max |logit diff| vs torch %.2e"
          % (onnx_acc, np.abs(ref - tl).max()))
    if onnx_acc != acc:
        raise SystemExit("exported graph disagrees with torch")

    # Sample files: first axis enumerates samples; each sample is shaped like the input.
    np.save(os.path.join(data_dir, "calib.npy"), np.ascontiguousarray(x_calib[:, None], np.float32))
    np.save(os.path.join(data_dir, "test_x.npy"), np.ascontiguousarray(x_test[:, None], np.float32))
    np.save(os.path.join(data_dir, "test_y.npy"), np.ascontiguousarray(y_test, np.int64))
    with open(os.path.join(data_dir, "float_accuracy.txt"), "w") as f:
        f.write("%.4f\n" % onnx_acc)
    for name in ("calib.npy", "test_x.npy", "test_y.npy", "float_accuracy.txt"):
        p = os.path.join(data_dir, name)
        print("wrote %s (%d bytes)" % (p, os.path.getsize(p)))

    if acc < args.min_accuracy:
        print("accuracy %.4f below --min-accuracy %.2f" % (acc, args.min_accuracy))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

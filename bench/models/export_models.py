#!/usr/bin/python3
"""Export random-weight torchvision models to ONNX for the benchmarks.

Weights are random (seed 0), so the models are for speed and int8-vs-float
agreement (logit SQNR), not ImageNet accuracy. BatchNorm running statistics are
re-estimated on synthetic images before export so activations are sensibly
scaled. Generated .onnx files are not committed; run this script to make them:

    /usr/bin/python3 bench/models/export_models.py [--models resnet18 ...] [--force]
"""

import argparse
import os
import sys
import time

import torch
import torchvision

MODELS = ["resnet18", "mobilenet_v2", "resnet50", "mobilenet_v3_large", "efficientnet_b0"]
OPSET = 13
IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)


def synthetic_images(gen, batch, size=224):
    """Smooth random 'images': low-res gaussian noise upsampled, in [0,1], then
    normalized with the ImageNet mean/std like real preprocessed inputs."""
    low = int(torch.randint(4, 33, (1,), generator=gen))  # mix of coarse and fine structure
    noise = torch.randn(batch, 3, low, low, generator=gen)
    img = torch.nn.functional.interpolate(noise, size=(size, size), mode="bilinear",
                                          align_corners=False)
    img = torch.sigmoid(1.5 * img)  # squash into (0, 1)
    mean = torch.tensor(IMAGENET_MEAN).view(1, 3, 1, 1)
    std = torch.tensor(IMAGENET_STD).view(1, 3, 1, 1)
    return (img - mean) / std


@torch.no_grad()
def recalibrate_batchnorm(model, batches, batch_size, seed=0):
    """Re-estimate BN running mean/var as a cumulative average over synthetic
    batches. Only the BN layers run in train mode; dropout and stochastic depth
    stay in eval mode so they do not perturb the statistics."""
    model.eval()
    bns = [m for m in model.modules() if isinstance(m, torch.nn.modules.batchnorm._BatchNorm)]
    for bn in bns:
        bn.reset_running_stats()
        bn.momentum = None  # cumulative moving average
        bn.train()
    gen = torch.Generator().manual_seed(seed)
    for _ in range(batches):
        model(synthetic_images(gen, batch_size))
    model.eval()
    return len(bns)


def build(name):
    torch.manual_seed(0)
    ctor = getattr(torchvision.models, name)
    return ctor(weights=None)


def export(name, path, batches, batch_size):
    model = build(name)
    nbn = recalibrate_batchnorm(model, batches, batch_size)
    model.eval()
    x = torch.randn(1, 3, 224, 224, generator=torch.Generator().manual_seed(1))
    tmp = path + ".tmp"
    torch.onnx.export(model, x, tmp, opset_version=OPSET, input_names=["input"],
                      output_names=["logits"], do_constant_folding=True,
                      training=torch.onnx.TrainingMode.EVAL)
    os.replace(tmp, path)
    return nbn


def describe(path):
    """Check the model with the ONNX checker; return (opset, sorted op types)."""
    import onnx
    m = onnx.load(path)
    onnx.checker.check_model(m)
    opset = next(o.version for o in m.opset_import if o.domain in ("", "ai.onnx"))
    return opset, sorted({n.op_type for n in m.graph.node})


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=here, help="output folder (default: this script's folder)")
    ap.add_argument("--models", nargs="+", default=MODELS, choices=MODELS, metavar="NAME",
                    help="models to export (default: all of %s)" % ", ".join(MODELS))
    ap.add_argument("--force", action="store_true", help="re-export models that already exist")
    ap.add_argument("--bn-batches", type=int, default=8, help="synthetic batches for BN stats")
    ap.add_argument("--bn-batch-size", type=int, default=8, help="images per synthetic batch")
    ap.add_argument("--threads", type=int, default=1, help="torch threads (default 1)")
    ap.add_argument("--no-check", action="store_true", help="skip the ONNX checker / op listing")
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    os.makedirs(args.out, exist_ok=True)
    for name in args.models:
        path = os.path.join(args.out, name + ".onnx")
        if os.path.exists(path) and not args.force:
            status, dt = "exists (skipped; --force to redo)", 0.0
        else:
            t0 = time.time()
            nbn = export(name, path, args.bn_batches, args.bn_batch_size)
            dt = time.time() - t0
            status = "exported (%d BN layers re-estimated)" % nbn
        size = os.path.getsize(path) / 2**20
        print("%-20s %7.1f MiB %6.1f s  %s" % (name, size, dt, status), flush=True)
        if not args.no_check:
            opset, ops = describe(path)
            print("    opset %d: %s" % (opset, " ".join(ops)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

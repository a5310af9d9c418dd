#!/usr/bin/python3
"""Export torchvision's mobilenet_v2 to ONNX with its BatchNormalization nodes kept.

The bench/models exports use TrainingMode.EVAL, whose peephole folds every
BatchNorm into the preceding Conv. The BN-folding test (FoldBatchNormTest.cpp,
MobileNetV2 case) needs them unfolded, so this exports with
TrainingMode.PRESERVE while the model is in eval mode (as
examples/train_digits_cnn.py does): the graph has inference-mode
BatchNormalization nodes with the running statistics as initializers.

Weights are random (no download); running statistics are re-estimated on a
few smooth synthetic images so that means and variances have realistic
spreads (including the small variances that make large fold factors).

Usage: /usr/bin/python3 export_mobilenet_v2_with_bn.py [--out PATH]
(default: bench/models/mobilenet_v2_bn.onnx, where the test looks first;
*.onnx there is git-ignored). Needs python3-torch and torchvision.
"""
import argparse
import os

import torch
import torchvision


def smooth_images(gen, batch, size=224):
    low = int(torch.randint(4, 33, (1,), generator=gen))
    noise = torch.randn(batch, 3, low, low, generator=gen)
    img = torch.nn.functional.interpolate(noise, size=(size, size), mode="bilinear",
                                          align_corners=False)
    return (torch.sigmoid(1.5 * img) - 0.45) / 0.225


@torch.no_grad()
def estimate_bn_statistics(model, batches=4, batch_size=4, seed=0):
    bns = [m for m in model.modules() if isinstance(m, torch.nn.BatchNorm2d)]
    for bn in bns:
        bn.reset_running_stats()
        bn.momentum = None  # cumulative average
        bn.train()
    gen = torch.Generator().manual_seed(seed)
    for _ in range(batches):
        model(smooth_images(gen, batch_size))
    # Random affine parameters too, so the fold exercises every term.
    for bn in bns:
        bn.weight.uniform_(0.5, 1.5, generator=gen)
        bn.bias.normal_(0.0, 0.1, generator=gen)
    model.eval()
    return len(bns)


def main():
    root = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=os.path.join(root, "bench", "models", "mobilenet_v2_bn.onnx"))
    args = ap.parse_args()

    torch.manual_seed(0)
    torch.set_num_threads(1)
    model = torchvision.models.mobilenet_v2(weights=None)
    model.eval()
    nbn = estimate_bn_statistics(model)
    x = torch.randn(1, 3, 224, 224, generator=torch.Generator().manual_seed(1))
    tmp = args.out + ".tmp"
    torch.onnx.export(model, x, tmp, opset_version=13, input_names=["input"],
                      output_names=["logits"], do_constant_folding=False,
                      training=torch.onnx.TrainingMode.PRESERVE)
    os.replace(tmp, args.out)

    import onnx
    graph = onnx.load(args.out).graph
    kinds = [n.op_type for n in graph.node]
    print("%s: %d BatchNorm2d layers, %d Conv and %d BatchNormalization nodes"
          % (args.out, nbn, kinds.count("Conv"), kinds.count("BatchNormalization")))


if __name__ == "__main__":
    main()

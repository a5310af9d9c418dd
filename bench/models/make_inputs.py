#!/usr/bin/python3
"""Make deterministic calibration and evaluation inputs for the torchvision benchmark models.

There is no ImageNet here, so the samples are natural-looking stand-ins:
  * random resized crops (area 8%..100%, aspect 3/4..4/3, horizontal flips, mild
    brightness/contrast/saturation jitter) of the photographs that ship with Debian's
    scikit-learn (sklearn/datasets/images/china.jpg, flower.jpg) and of any other JPEG
    photo given with --images, and
  * smooth random fields (low-resolution gaussian noise upsampled bilinearly and squashed
    into (0,1): the same kind of images export_models.py re-estimates BatchNorm with),
    one sample in three, or all of them when no photo is found.
Each is 224x224 RGB in [0,1], normalized with the ImageNet mean/std, float32 NCHW.

Writes (git-ignored):
  bench/models/inputs/imagenet_calib.npy  [32,3,224,224]  calibration samples
  bench/models/inputs/imagenet_eval.npy   [64,3,224,224]  evaluation samples (accuracy)
  bench/models/inputs/imagenet_bench.npy  [1,3,224,224]   = eval sample 0 (latency runs)
The first axis enumerates samples (one sample = one [1,3,224,224] model input).
Calibration and evaluation samples are disjoint (different random crops/fields).

    /usr/bin/python3 bench/models/make_inputs.py [--force] [--calib 32] [--eval 64]
"""

import argparse
import glob
import os
import sys

import numpy as np

MEAN = np.array([0.485, 0.456, 0.406], np.float32).reshape(3, 1, 1)
STD = np.array([0.229, 0.224, 0.225], np.float32).reshape(3, 1, 1)
SIZE = 224


def find_photos(extra):
    paths = list(extra)
    try:
        import sklearn  # noqa: F401  (Debian python3-sklearn ships two photos)
        d = os.path.join(os.path.dirname(sklearn.__file__), "datasets", "images")
        paths += sorted(glob.glob(os.path.join(d, "*.jpg")))
    except ImportError:
        pass
    for d in ("/usr/lib/python3/dist-packages/sklearn/datasets/images",):
        paths += sorted(glob.glob(os.path.join(d, "*.jpg")))
    seen, out = set(), []
    for p in paths:
        rp = os.path.realpath(p)
        if rp not in seen and os.path.exists(rp):
            seen.add(rp)
            out.append(p)
    return out


def load_photos(paths):
    try:
        from PIL import Image
    except ImportError:
        return []
    imgs = []
    for p in paths:
        try:
            im = Image.open(p).convert("RGB")
        except Exception as e:  # noqa: BLE001
            print("skipping %s: %s" % (p, e), file=sys.stderr)
            continue
        if min(im.size) >= 128:
            imgs.append(im)
    return imgs


def random_crop(rng, im):
    from PIL import Image
    w, h = im.size
    for _ in range(20):
        area = w * h * rng.uniform(0.08, 1.0)
        ar = np.exp(rng.uniform(np.log(3 / 4), np.log(4 / 3)))
        cw, ch = int(round(np.sqrt(area * ar))), int(round(np.sqrt(area / ar)))
        if 0 < cw <= w and 0 < ch <= h:
            x0, y0 = rng.randint(0, w - cw + 1), rng.randint(0, h - ch + 1)
            break
    else:
        cw = ch = min(w, h)
        x0, y0 = (w - cw) // 2, (h - ch) // 2
    crop = im.crop((x0, y0, x0 + cw, y0 + ch)).resize((SIZE, SIZE), Image.BILINEAR)
    a = np.asarray(crop, np.float32) / 255.0  # HWC
    if rng.rand() < 0.5:
        a = a[:, ::-1]
    gray = a.mean(axis=2, keepdims=True)
    a = gray + (a - gray) * rng.uniform(0.6, 1.4)          # saturation
    a = (a - a.mean()) * rng.uniform(0.7, 1.3) + a.mean()  # contrast
    a = a * rng.uniform(0.7, 1.3)                          # brightness
    return np.clip(a, 0, 1).transpose(2, 0, 1)


def smooth_field(rng):
    low = rng.randint(4, 33)
    noise = rng.randn(3, low, low).astype(np.float32)
    # bilinear upsampling (half-pixel centers) with numpy
    pos = (np.arange(SIZE) + 0.5) * low / SIZE - 0.5
    i0 = np.clip(np.floor(pos).astype(int), 0, low - 1)
    i1 = np.clip(i0 + 1, 0, low - 1)
    f = np.clip(pos - np.floor(pos), 0, 1).astype(np.float32)
    f[pos < 0] = 0
    rows = noise[:, i0, :] * (1 - f)[None, :, None] + noise[:, i1, :] * f[None, :, None]
    img = rows[:, :, i0] * (1 - f)[None, None, :] + rows[:, :, i1] * f[None, None, :]
    return 1.0 / (1.0 + np.exp(-1.5 * img))


def make(n, seed, photos):
    rng = np.random.RandomState(seed)
    out = np.empty((n, 3, SIZE, SIZE), np.float32)
    kinds = []
    for i in range(n):
        if photos and i % 3 != 2:
            img = random_crop(rng, photos[rng.randint(len(photos))])
            kinds.append("photo")
        else:
            img = smooth_field(rng)
            kinds.append("field")
        out[i] = (img - MEAN) / STD
    return out, kinds


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=os.path.join(here, "inputs"))
    ap.add_argument("--calib", type=int, default=32)
    ap.add_argument("--eval", type=int, default=64)
    ap.add_argument("--images", nargs="*", default=[], help="extra JPEG/PNG photos to crop from")
    ap.add_argument("--force", action="store_true")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    files = {k: os.path.join(args.out, "imagenet_%s.npy" % k) for k in ("calib", "eval", "bench")}
    if all(os.path.exists(f) for f in files.values()) and not args.force:
        print("inputs exist in %s (--force to remake)" % args.out)
        return 0
    photo_paths = find_photos(args.images)
    photos = load_photos(photo_paths)
    print("photos: %s" % (", ".join(os.path.basename(p) for p in photo_paths[:len(photos)]) or
                          "none found, smooth random fields only"))
    calib, kc = make(args.calib, 1234, photos)
    ev, ke = make(args.eval, 5678, photos)
    np.save(files["calib"], calib)
    np.save(files["eval"], ev)
    np.save(files["bench"], ev[:1].copy())
    for k, a, kinds in (("calib", calib, kc), ("eval", ev, ke)):
        print("%-6s %s  %d photo crops, %d smooth fields, mean %.3f std %.3f -> %s" % (
            k, list(a.shape), kinds.count("photo"), kinds.count("field"), a.mean(), a.std(), files[k]))
    return 0


if __name__ == "__main__":
    sys.exit(main())

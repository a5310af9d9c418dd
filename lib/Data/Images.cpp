// Image decoding via stb_image (compiled in here, with static linkage) and preprocessing.
#include "lib/Data/Images.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <memory>

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wsign-compare"
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#pragma GCC diagnostic ignored "-Wimplicit-fallthrough"
// Static linkage: no symbol clash with another copy of stb_image (e.g.
// Debian's libstb.so) in the same process. JPEG and PNG only: the smallest
// attack surface for files we do not control.
#define STB_IMAGE_STATIC
#define STB_IMAGE_IMPLEMENTATION
#define STBI_ONLY_JPEG
#define STBI_ONLY_PNG
#define STBI_NO_STDIO
#define STBI_NO_LINEAR
#define STBI_NO_HDR
#define STBI_FAILURE_USERMSG
#include <stb/stb_image.h>
#pragma GCC diagnostic pop

namespace qmlir::data {

ImageOptions ImageOptions::imagenet() {
  ImageOptions o;
  o.resizeShorter = 256;
  o.cropHeight = o.cropWidth = 224;
  o.mean = {0.485f, 0.456f, 0.406f};
  o.std = {0.229f, 0.224f, 0.225f};
  return o;
}

Result<Image> decodeImageMemory(const void *data, size_t size,
                                const std::string &name, int channels) {
  if (channels != 1 && channels != 3)
    return fileError(name, "can only decode to 1 or 3 channels, not " +
                               std::to_string(channels));
  const uint8_t *p = static_cast<const uint8_t *>(data);
  bool png = size >= 8 && std::memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0;
  bool jpeg = size >= 3 && p[0] == 0xff && p[1] == 0xd8 && p[2] == 0xff;
  if (!png && !jpeg)
    return fileError(name, "not a JPEG or PNG image (bad magic)");
  if (size > size_t(std::numeric_limits<int>::max()))
    return fileError(name, "image file too large");
  int w = 0, h = 0, comp = 0;
  std::unique_ptr<stbi_uc, void (*)(void *)> pix(
      stbi_load_from_memory(p, int(size), &w, &h, &comp, channels),
      stbi_image_free);
  if (!pix) {
    const char *why = stbi_failure_reason();
    return fileError(name, std::string("cannot decode ") +
                               (png ? "PNG" : "JPEG") + ": " +
                               (why ? why : "unknown error") +
                               " (corrupt or truncated?)");
  }
  Image img;
  img.width = w;
  img.height = h;
  img.channels = channels;
  size_t n = size_t(w) * size_t(h) * size_t(channels);
  img.pixels.resize(n);
  for (size_t i = 0; i < n; ++i)
    img.pixels[i] = float(pix.get()[i]);
  return img;
}

Result<Image> decodeImage(const std::string &path, int channels) {
  Result<std::vector<uint8_t>> bytes = readWholeFile(
      path, size_t(std::numeric_limits<int>::max()), "image file");
  if (!bytes)
    return Error{bytes.error()};
  return decodeImageMemory(bytes->data(), bytes->size(), path, channels);
}

namespace {

/// Per output index: the first input index and the normalized weights.
struct Taps {
  std::vector<int> start;
  std::vector<std::vector<float>> weights;
};

Taps computeTaps(int in, int out) {
  Taps t;
  double scale = double(in) / out;
  double filterScale = std::max(scale, 1.0);
  double support = filterScale; // Bilinear: support 1, widened.
  for (int i = 0; i < out; ++i) {
    double center = (i + 0.5) * scale;
    int lo = std::max(int(center - support + 0.5), 0);
    int hi = std::min(int(center + support + 0.5), in);
    std::vector<double> w;
    double sum = 0;
    for (int x = lo; x < hi; ++x) {
      double v = 1.0 - std::fabs((x - center + 0.5) / filterScale);
      v = v > 0 ? v : 0;
      w.push_back(v);
      sum += v;
    }
    std::vector<float> wf(w.size());
    for (size_t k = 0; k < w.size(); ++k)
      wf[k] = float(sum > 0 ? w[k] / sum : 0);
    t.start.push_back(lo);
    t.weights.push_back(std::move(wf));
  }
  return t;
}

} // namespace

Image resizeBilinear(const Image &img, int width, int height) {
  if (width == img.width && height == img.height)
    return img;
  const int c = img.channels;
  // Horizontal pass: img.height x width.
  Taps tx = computeTaps(img.width, width);
  Image mid;
  mid.width = width;
  mid.height = img.height;
  mid.channels = c;
  mid.pixels.assign(size_t(width) * img.height * c, 0.0f);
  for (int y = 0; y < img.height; ++y)
    for (int x = 0; x < width; ++x)
      for (int ch = 0; ch < c; ++ch) {
        float acc = 0;
        const std::vector<float> &w = tx.weights[x];
        for (size_t k = 0; k < w.size(); ++k)
          acc += w[k] * img.at(y, tx.start[x] + int(k), ch);
        mid.pixels[(size_t(y) * width + x) * c + ch] = acc;
      }
  // Vertical pass.
  Taps ty = computeTaps(img.height, height);
  Image out;
  out.width = width;
  out.height = height;
  out.channels = c;
  out.pixels.assign(size_t(width) * height * c, 0.0f);
  for (int y = 0; y < height; ++y) {
    const std::vector<float> &w = ty.weights[y];
    for (int x = 0; x < width; ++x)
      for (int ch = 0; ch < c; ++ch) {
        float acc = 0;
        for (size_t k = 0; k < w.size(); ++k)
          acc += w[k] * mid.at(ty.start[y] + int(k), x, ch);
        out.pixels[(size_t(y) * width + x) * c + ch] = acc;
      }
  }
  return out;
}

void shorterSideSize(int width, int height, int n, int *outWidth,
                     int *outHeight) {
  if (width <= height) {
    *outWidth = n;
    *outHeight = int(int64_t(n) * height / width);
  } else {
    *outHeight = n;
    *outWidth = int(int64_t(n) * width / height);
  }
}

Result<Image> centerCrop(const Image &img, int height, int width,
                         const std::string &name) {
  if (img.height < height || img.width < width)
    return fileError(name, "image is " + std::to_string(img.width) + "x" +
                               std::to_string(img.height) +
                               " (WxH) after resizing, smaller than the "
                               "crop " + std::to_string(width) + "x" +
                               std::to_string(height));
  int top = int(std::nearbyint((img.height - height) / 2.0));
  int left = int(std::nearbyint((img.width - width) / 2.0));
  Image out;
  out.width = width;
  out.height = height;
  out.channels = img.channels;
  out.pixels.resize(size_t(width) * height * img.channels);
  for (int y = 0; y < height; ++y)
    std::memcpy(&out.pixels[size_t(y) * width * img.channels],
                &img.pixels[(size_t(y + top) * img.width + left) *
                            img.channels],
                size_t(width) * img.channels * sizeof(float));
  return out;
}

Status resolveImageOptions(ImageOptions &o, const std::vector<int64_t> &shape,
                           const std::string &what) {
  if (shape.size() != 4)
    return Error{what + ": image folders need a rank-4 model input (" +
                 std::string(o.layout == ImageLayout::NCHW ? "NCHW" : "NHWC") +
                 "), not " + shapeString(shape)};
  bool nchw = o.layout == ImageLayout::NCHW;
  int64_t c = nchw ? shape[1] : shape[3];
  int64_t h = nchw ? shape[2] : shape[1];
  int64_t w = nchw ? shape[3] : shape[2];
  if (o.channels == 0) {
    if (c != 1 && c != 3)
      return Error{what + ": model input " + shapeString(shape) + " has " +
                   std::to_string(c) + " channels in " +
                   (nchw ? "NCHW" : "NHWC") +
                   " layout; images give 1 or 3 (wrong layout option?)"};
    o.channels = int(c);
  } else if (o.channels != 1 && o.channels != 3) {
    return Error{what + ": image channels must be 1 or 3, not " +
                 std::to_string(o.channels)};
  }
  if (o.cropHeight < 0)
    o.cropHeight = h > 0 ? int(h) : 0;
  if (o.cropWidth < 0)
    o.cropWidth = w > 0 ? int(w) : 0;
  auto checkVec = [&](const std::vector<float> &v, const char *name) -> Status {
    if (!v.empty() && v.size() != 1 && v.size() != size_t(o.channels))
      return Error{what + ": " + name + " has " + std::to_string(v.size()) +
                   " values; the images have " + std::to_string(o.channels) +
                   " channels"};
    return Status();
  };
  if (Status s = checkVec(o.mean, "mean"); !s)
    return s;
  if (Status s = checkVec(o.std, "std"); !s)
    return s;
  for (float s : o.std)
    if (!(s != 0) || !std::isfinite(s))
      return Error{what + ": std values must be finite and non-zero"};
  if (o.bgr && o.channels != 3)
    return Error{what + ": bgr needs 3 channels"};
  return Status();
}

Result<Tensor> loadImageTensor(const std::string &path,
                               const ImageOptions &o) {
  int channels = o.channels == 0 ? 3 : o.channels;
  Result<Image> decoded = decodeImage(path, channels);
  if (!decoded)
    return Error{decoded.error()};
  Image img = decoded.take();
  int cropH = std::max(o.cropHeight, 0), cropW = std::max(o.cropWidth, 0);
  // Resize.
  int rw = img.width, rh = img.height;
  if (o.resizeShorter > 0) {
    shorterSideSize(img.width, img.height, o.resizeShorter, &rw, &rh);
  } else if (o.resizeShorter < 0 && cropH > 0 && cropW > 0) {
    // Smallest aspect-preserving size that covers the crop.
    double s = std::max(double(cropH) / img.height, double(cropW) / img.width);
    if (double(cropH) / img.height >= double(cropW) / img.width) {
      rh = cropH;
      rw = std::max(cropW, int(std::lround(img.width * s)));
    } else {
      rw = cropW;
      rh = std::max(cropH, int(std::lround(img.height * s)));
    }
  }
  if (rw <= 0 || rh <= 0)
    return fileError(path, "resizing gives an empty image");
  img = resizeBilinear(img, rw, rh);
  if (cropH > 0 || cropW > 0) {
    Result<Image> cropped = centerCrop(img, cropH > 0 ? cropH : img.height,
                                       cropW > 0 ? cropW : img.width, path);
    if (!cropped)
      return Error{cropped.error()};
    img = cropped.take();
  }
  const int c = img.channels;
  Tensor t;
  t.dtype = DType::F32;
  if (o.layout == ImageLayout::NCHW)
    t.shape = {1, c, img.height, img.width};
  else
    t.shape = {1, img.height, img.width, c};
  t.bytes.resize(size_t(img.width) * img.height * c * sizeof(float));
  float *out = t.data<float>();
  for (int ch = 0; ch < c; ++ch) {
    int src = o.bgr ? c - 1 - ch : ch;
    float mean = o.mean.empty() ? 0.0f : o.mean[o.mean.size() == 1 ? 0 : ch];
    float sd = o.std.empty() ? 1.0f : o.std[o.std.size() == 1 ? 0 : ch];
    for (int y = 0; y < img.height; ++y)
      for (int x = 0; x < img.width; ++x) {
        float v = (img.at(y, x, src) * o.scale - mean) / sd;
        size_t idx = o.layout == ImageLayout::NCHW
                         ? (size_t(ch) * img.height + y) * img.width + x
                         : (size_t(y) * img.width + x) * c + ch;
        out[idx] = v;
      }
  }
  return t;
}

} // namespace qmlir::data

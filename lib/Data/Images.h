// JPEG/PNG decoding (stb_image) and torchvision-style preprocessing into float tensors.
#ifndef QMLIR_LIB_DATA_IMAGES_H
#define QMLIR_LIB_DATA_IMAGES_H

#include "lib/Data/Tensor.h"

#include <string>
#include <vector>

namespace qmlir::data {

/// A decoded image: interleaved (HWC) float pixels in [0, 255].
struct Image {
  int width = 0, height = 0, channels = 0;
  std::vector<float> pixels;
  float at(int y, int x, int c) const {
    return pixels[(size_t(y) * width + x) * channels + c];
  }
};

enum class ImageLayout { NCHW, NHWC };

/// Preprocessing, applied in this order: decode (1 or 3 channels), resize,
/// center crop, x * scale, (x - mean[c]) / std[c], layout. The defaults turn
/// an image into [0, 1] floats of the model's input size without distorting
/// the aspect ratio; ImageNet models want imagenet().
struct ImageOptions {
  /// Resize (bilinear, antialiased when shrinking, aspect ratio kept) so the
  /// shorter side has this many pixels. -1: the smallest size that covers
  /// the crop (for a square crop: shorter side = crop size); 0: no resize.
  int resizeShorter = -1;
  /// Center crop. -1: the model input's H/W (the Dataset fills them in);
  /// 0: no crop (the resized image must already have the model's size).
  int cropHeight = -1, cropWidth = -1;
  /// Multiplies the 0..255 pixel values (1/255 gives [0, 1]).
  float scale = 1.0f / 255.0f;
  /// Per-channel mean and std, in output channel order; one value applies
  /// to every channel. Empty means 0 and 1.
  std::vector<float> mean, std;
  /// 1 = grayscale (ITU-R 601 luma, stb_image's integer formula), 3 = RGB
  /// (alpha dropped, gray replicated); 0: from the model input's C.
  int channels = 0;
  /// Output BGR instead of RGB (3 channels only).
  bool bgr = false;
  ImageLayout layout = ImageLayout::NCHW;

  /// torchvision's ImageNet evaluation transform: resize 256, crop 224,
  /// mean 0.485,0.456,0.406, std 0.229,0.224,0.225.
  static ImageOptions imagenet();
};

/// Decodes a JPEG or PNG file (8- or 16-bit, any channel count) into
/// `channels` (1 or 3) channels.
Result<Image> decodeImage(const std::string &path, int channels);
/// Decodes an image held in memory (`name` is for messages).
Result<Image> decodeImageMemory(const void *data, size_t size,
                                const std::string &name, int channels);

/// Separable bilinear (triangle-filter) resampling with half-pixel centers,
/// widened by the scale factor when shrinking (antialiasing) -- the
/// algorithm of PIL's and torchvision's antialiased bilinear resize, in
/// float without intermediate 8-bit rounding. Same size is the identity.
Image resizeBilinear(const Image &img, int width, int height);
/// Output size of "shorter side = n" in torchvision's Resize(n) convention
/// (the longer side is truncated, not rounded).
void shorterSideSize(int width, int height, int n, int *outWidth,
                     int *outHeight);
/// Center crop with torchvision's offsets (round((h - ch) / 2), half to
/// even); fails if the image is smaller than the crop.
Result<Image> centerCrop(const Image &img, int height, int width,
                         const std::string &name);

/// Decode + preprocess into an f32 tensor [1, C, H, W] (or [1, H, W, C]).
/// Options must be resolved: channels 1 or 3; crop -1 is treated as 0.
Result<Tensor> loadImageTensor(const std::string &path,
                               const ImageOptions &options);
/// Checks options (mean/std sizes, std != 0, channels) for a model input of
/// `shape` (rank 4, in options.layout; -1 dims unknown) and fills in the -1
/// crop and 0 channel defaults from it. `what` names the input for messages.
Status resolveImageOptions(ImageOptions &options,
                           const std::vector<int64_t> &shape,
                           const std::string &what);

} // namespace qmlir::data

#endif // QMLIR_LIB_DATA_IMAGES_H

// Tests of image decoding (PNG/JPEG written at test time with stb_image_write) and preprocessing.
#include "lib/Data/Images.h"

#include "TestUtil.h"

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#define STB_IMAGE_WRITE_STATIC
#define STB_IMAGE_WRITE_IMPLEMENTATION
#include <stb/stb_image_write.h>
#pragma GCC diagnostic pop

#include <cmath>

using namespace qmlir::data;
using namespace qmlir::data::test;

namespace qmlir::data::test {
/// Writes a w x h PNG whose pixel (y, x, c) is (y * 40 + x * 10 + c * 3).
std::string writeTestPng(const std::string &name, int w, int h, int comp) {
  std::vector<uint8_t> pix(size_t(w) * h * comp);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      for (int c = 0; c < comp; ++c)
        pix[(size_t(y) * w + x) * comp + c] = uint8_t(y * 40 + x * 10 + c * 3);
  std::string p = scratch(name);
  EXPECT_NE(stbi_write_png(p.c_str(), w, h, comp, pix.data(), w * comp), 0);
  return p;
}
} // namespace qmlir::data::test

namespace {

Image ramp(int w, int h) {
  Image img;
  img.width = w;
  img.height = h;
  img.channels = 1;
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      img.pixels.push_back(float(y * w + x));
  return img;
}

} // namespace

TEST(Images, DecodePngExactly) {
  std::string p = writeTestPng("rgb.png", 4, 3, 3);
  Result<Image> img = decodeImage(p, 3);
  ASSERT_TRUE(img.ok()) << img.error();
  EXPECT_EQ(img->width, 4);
  EXPECT_EQ(img->height, 3);
  for (int y = 0; y < 3; ++y)
    for (int x = 0; x < 4; ++x)
      for (int c = 0; c < 3; ++c)
        ASSERT_EQ(img->at(y, x, c), float(y * 40 + x * 10 + c * 3));
  // To gray: stb_image's (77 r + 150 g + 29 b) >> 8.
  Result<Image> gray = decodeImage(p, 1);
  ASSERT_TRUE(gray.ok()) << gray.error();
  int r = 2 * 40 + 3 * 10, g = r + 3, b = r + 6;
  EXPECT_EQ(gray->at(2, 3, 0), float((77 * r + 150 * g + 29 * b) >> 8));
  // Gray PNG to RGB replicates the channel.
  std::string pg = writeTestPng("gray.png", 4, 3, 1);
  Result<Image> rgb = decodeImage(pg, 3);
  ASSERT_TRUE(rgb.ok()) << rgb.error();
  EXPECT_EQ(rgb->at(1, 2, 0), 60.0f);
  EXPECT_EQ(rgb->at(1, 2, 2), 60.0f);
}

TEST(Images, DecodeJpeg) {
  std::vector<uint8_t> pix(16 * 16 * 3);
  for (size_t i = 0; i < pix.size(); i += 3) {
    pix[i] = 200;
    pix[i + 1] = 100;
    pix[i + 2] = 50;
  }
  std::string p = scratch("solid.jpg");
  ASSERT_NE(stbi_write_jpg(p.c_str(), 16, 16, 3, pix.data(), 95), 0);
  Result<Image> img = decodeImage(p, 3);
  ASSERT_TRUE(img.ok()) << img.error();
  EXPECT_NEAR(img->at(7, 7, 0), 200, 3);
  EXPECT_NEAR(img->at(7, 7, 1), 100, 3);
  EXPECT_NEAR(img->at(7, 7, 2), 50, 3);
}

TEST(Images, BadFiles) {
  std::string p = writeTestPng("trunc.png", 8, 8, 3);
  std::vector<uint8_t> b = readBytes(p);
  writeBytes(p, std::vector<uint8_t>(b.begin(), b.begin() + b.size() / 2));
  EXPECT_ERROR(decodeImage(p, 3), p, "cannot decode PNG");
  std::string t = scratch("text.png");
  writeBytes(t, {'h', 'e', 'l', 'l', 'o'});
  EXPECT_ERROR(decodeImage(t, 3), t, "not a JPEG or PNG image");
  writeBytes(t, {});
  EXPECT_ERROR(decodeImage(t, 3), t, "not a JPEG or PNG image");
  EXPECT_ERROR(decodeImage(scratch("none.png"), 3), "none.png", "cannot open");
  EXPECT_ERROR(decodeImage(p, 2), p, "1 or 3 channels");
  // Every prefix of a JPEG: an error or an image, never a crash.
  std::vector<uint8_t> pix(16 * 16 * 3, 77);
  std::string j = scratch("prefix.jpg");
  ASSERT_NE(stbi_write_jpg(j.c_str(), 16, 16, 3, pix.data(), 90), 0);
  std::vector<uint8_t> jb = readBytes(j);
  for (size_t n = 0; n < jb.size(); n += 5) {
    Result<Image> r = decodeImageMemory(jb.data(), n, "prefix.jpg", 3);
    if (!r.ok()) {
      EXPECT_NE(r.error().find("prefix.jpg"), std::string::npos);
    }
  }
}

TEST(Images, Resize) {
  Image img = ramp(6, 4);
  Image same = resizeBilinear(img, 6, 4);
  EXPECT_EQ(same.pixels, img.pixels);
  // Upscaling a row 0, 1 by 2 with half-pixel centers: 0, .25, .75, 1.
  Image row = ramp(2, 1);
  Image up = resizeBilinear(row, 4, 1);
  EXPECT_EQ(up.pixels, (std::vector<float>{0, 0.25f, 0.75f, 1}));
  // Shrinking by 2 (antialiased, PIL's triangle filter of support 2):
  // weights 1/8, 3/8, 3/8, 1/8 renormalized at the borders. Reference
  // values from PIL: Image.fromarray(np.arange(8,dtype='f4')[None],'F')
  //                       .resize((4, 1), Image.BILINEAR)
  Image r8 = ramp(8, 1);
  Image down = resizeBilinear(r8, 4, 1);
  std::vector<float> pil = {0.71428573f, 2.5f, 4.5f, 6.285714f};
  for (int i = 0; i < 4; ++i)
    EXPECT_NEAR(down.pixels[i], pil[i], 1e-5) << i;
  // Non-integer factors in 2-D, shrinking and growing (PIL "F" mode).
  Image a = resizeBilinear(ramp(6, 4), 4, 3);
  std::vector<float> pilA = {2.175f,  3.5777779f, 5.0222225f, 6.425f,
                             9.375f,  10.777778f, 12.222222f, 13.625f,
                             16.575f, 17.977777f, 19.422222f, 20.825f};
  for (int i = 0; i < 12; ++i)
    EXPECT_NEAR(a.pixels[i], pilA[i], 1e-4) << i;
  Image g = resizeBilinear(ramp(3, 2), 7, 5);
  std::vector<float> pilRow1 = {0.3f,       0.44285715f, 0.8714286f, 1.3f,
                                1.7285714f, 2.1571429f,  2.3f};
  for (int i = 0; i < 7; ++i)
    EXPECT_NEAR(g.pixels[7 + i], pilRow1[i], 1e-5) << i;
  int w, h;
  shorterSideSize(640, 480, 256, &w, &h);
  EXPECT_EQ(w, 341);
  EXPECT_EQ(h, 256);
  shorterSideSize(480, 640, 256, &w, &h);
  EXPECT_EQ(w, 256);
  EXPECT_EQ(h, 341);
}

TEST(Images, CenterCrop) {
  Image img = ramp(7, 5);
  // Offsets round((7-2)/2) = 2 (half to even) and round((5-3)/2) = 1.
  Result<Image> c = centerCrop(img, 3, 2, "img");
  ASSERT_TRUE(c.ok()) << c.error();
  EXPECT_EQ(c->pixels, (std::vector<float>{9, 10, 16, 17, 23, 24}));
  EXPECT_ERROR(centerCrop(img, 6, 2, "img.png"), "img.png",
               "smaller than the crop 2x6");
}

TEST(Images, PreprocessToTensor) {
  std::string p = writeTestPng("pre.png", 4, 3, 3);
  ImageOptions o;
  o.resizeShorter = 0;
  o.cropHeight = 2;
  o.cropWidth = 2;
  o.channels = 3;
  o.mean = {0.5f, 0.25f, 0};
  o.std = {0.5f, 0.25f, 2};
  Result<Tensor> t = loadImageTensor(p, o);
  ASSERT_TRUE(t.ok()) << t.error();
  EXPECT_EQ(t->shape, (std::vector<int64_t>{1, 3, 2, 2}));
  // Crop offsets: top round(0.5) = 0, left round(1.0) = 1.
  auto expect = [&](int c, int y, int x) {
    float v = float((y * 40 + (x + 1) * 10 + c * 3)) * o.scale;
    return (v - o.mean[c]) / o.std[c];
  };
  for (int c = 0; c < 3; ++c)
    for (int y = 0; y < 2; ++y)
      for (int x = 0; x < 2; ++x)
        EXPECT_EQ(t->data<float>()[(c * 2 + y) * 2 + x], expect(c, y, x));
  // NHWC and BGR.
  o.layout = ImageLayout::NHWC;
  o.bgr = true;
  o.mean = {0};
  o.std = {1};
  Result<Tensor> n = loadImageTensor(p, o);
  ASSERT_TRUE(n.ok()) << n.error();
  EXPECT_EQ(n->shape, (std::vector<int64_t>{1, 2, 2, 3}));
  EXPECT_EQ(n->data<float>()[0], float(0 + 10 + 6) * o.scale); // B first.
  EXPECT_EQ(n->data<float>()[2], float(0 + 10 + 0) * o.scale);
  // Default resize covers the crop: a 4x3 image for a 6x6 crop becomes 8x6.
  ImageOptions d;
  d.channels = 1;
  d.cropHeight = d.cropWidth = 6;
  Result<Tensor> g = loadImageTensor(p, d);
  ASSERT_TRUE(g.ok()) << g.error();
  EXPECT_EQ(g->shape, (std::vector<int64_t>{1, 1, 6, 6}));
}

TEST(Images, ResolveOptions) {
  ImageOptions o;
  ASSERT_TRUE(resolveImageOptions(o, {1, 3, 224, 224}, "x").ok());
  EXPECT_EQ(o.channels, 3);
  EXPECT_EQ(o.cropHeight, 224);
  ImageOptions g;
  ASSERT_TRUE(resolveImageOptions(g, {1, 1, 28, 28}, "x").ok());
  EXPECT_EQ(g.channels, 1);
  ImageOptions bad;
  Status s = resolveImageOptions(bad, {1, 224, 224, 3}, "input 'img'");
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.error().find("224 channels in NCHW"), std::string::npos)
      << s.error();
  ImageOptions m = ImageOptions::imagenet();
  m.mean = {1, 2};
  EXPECT_FALSE(resolveImageOptions(m, {1, 3, 224, 224}, "x").ok());
  ImageOptions z;
  z.std = {0};
  EXPECT_FALSE(resolveImageOptions(z, {1, 3, 8, 8}, "x").ok());
  ImageOptions r;
  EXPECT_FALSE(resolveImageOptions(r, {3, 8, 8}, "x").ok());
}

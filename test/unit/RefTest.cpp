// Reference backend against hand-computed results (the oracle's own ground truth).
#include "TestUtil.h"

#include <limits>

using namespace qrt_test;

namespace {

class RefTest : public ::testing::Test {
protected:
  void SetUp() override { ctx = makeContext(); }
  void TearDown() override { qrt_context_destroy(ctx); }
  qrt_context *ctx = nullptr;
};

qrt_conv2d_params convParams() {
  qrt_conv2d_params p{};
  p.strides[0] = p.strides[1] = 1;
  p.dilations[0] = p.dilations[1] = 1;
  p.groups = 1;
  return p;
}

TEST_F(RefTest, Conv1x1Int8RoundsHalfToEven) {
  qrt_conv2d_params p = convParams();
  p.input = desc(QRT_U8, {1, 1, 2, 2}, 0.1f, 128);
  p.filter = desc(QRT_S8, {1, 1, 1, 2}, 0.5f, 0);
  p.bias = desc(QRT_S32, {1});
  p.output = desc(QRT_U8, {1, 1, 2, 1}, 0.2f, 5);
  int8_t w[2] = {3, -1};
  int32_t b[1] = {12};
  p.filter_data = w;
  p.bias_data = b;
  qrt_kernel *k = nullptr;
  ASSERT_EQ(qrt_conv2d_create(ctx, QRT_BACKEND_REF, &p, &k), QRT_OK) << qrt_last_error();
  Buf x(p.input), y(p.output);
  uint8_t xv[4] = {130, 120, 128, 127};
  std::memcpy(x.data(), xv, 4);
  run(k, {&x}, y);
  // pixel 0: acc = 2*3 + (-8)(-1) + 12 = 26; 26 * 0.25 = 6.5 -> 6 (even) + 5.
  // pixel 1: acc = 0 + 1 + 12 = 13; 3.25 -> 3 + 5.
  EXPECT_EQ(y.as<uint8_t>()[0], 11);
  EXPECT_EQ(y.as<uint8_t>()[1], 8);
  qrt_kernel_destroy(k);
}

TEST_F(RefTest, ConvRelu6ClampsInQuantizedDomain) {
  qrt_conv2d_params p = convParams();
  p.input = desc(QRT_U8, {1, 1, 3, 1}, 1.f, 0);
  p.filter = desc(QRT_S8, {1, 1, 1, 1}, 1.f, 0);
  p.output = desc(QRT_U8, {1, 1, 3, 1}, 0.1f, 10);
  p.activation.kind = QRT_ACT_RELU6;
  int8_t w[1] = {-1};
  p.filter_data = w;
  qrt_kernel *k = nullptr;
  ASSERT_EQ(qrt_conv2d_create(ctx, QRT_BACKEND_REF, &p, &k), QRT_OK) << qrt_last_error();
  Buf x(p.input), y(p.output);
  x.as<uint8_t>()[0] = 0;   // 0 -> zy
  x.as<uint8_t>()[1] = 3;   // -3 -> clamped at relu: zy
  w[0] = 1;                 // (create copied the weights: no effect)
  x.as<uint8_t>()[2] = 200; // -200 -> zy
  run(k, {&x}, y);
  EXPECT_EQ(y.as<uint8_t>()[0], 10);
  EXPECT_EQ(y.as<uint8_t>()[1], 10);
  EXPECT_EQ(y.as<uint8_t>()[2], 10);
  qrt_kernel_destroy(k);
  // Positive side: 7.0 real -> clamped to 6/0.1 + 10 = 70.
  int8_t w2[1] = {1};
  p.filter_data = w2;
  ASSERT_EQ(qrt_conv2d_create(ctx, QRT_BACKEND_REF, &p, &k), QRT_OK);
  x.as<uint8_t>()[0] = 7;
  x.as<uint8_t>()[1] = 5; // 5.0 -> 50 + 10
  run(k, {&x}, y);
  EXPECT_EQ(y.as<uint8_t>()[0], 70);
  EXPECT_EQ(y.as<uint8_t>()[1], 60);
  qrt_kernel_destroy(k);
}

TEST_F(RefTest, Conv3x3PaddedF32WithResidual) {
  qrt_conv2d_params p = convParams();
  p.input = desc(QRT_F32, {1, 3, 3, 1});
  p.filter = desc(QRT_F32, {1, 3, 3, 1});
  p.output = desc(QRT_F32, {1, 3, 3, 1});
  p.residual = desc(QRT_F32, {1, 3, 3, 1});
  p.has_residual = 1;
  p.pads[0] = p.pads[1] = p.pads[2] = p.pads[3] = 1;
  std::vector<float> w(9, 1.f);
  p.filter_data = w.data();
  qrt_kernel *k = nullptr;
  ASSERT_EQ(qrt_conv2d_create(ctx, QRT_BACKEND_REF, &p, &k), QRT_OK) << qrt_last_error();
  Buf x(p.input), r(p.residual), y(p.output);
  for (int i = 0; i < 9; ++i)
    x.as<float>()[i] = (float)(i + 1), r.as<float>()[i] = 100.f;
  run(k, {&x, &r}, y);
  EXPECT_FLOAT_EQ(y.as<float>()[0], 112.f); // 1+2+4+5 + 100
  EXPECT_FLOAT_EQ(y.as<float>()[4], 145.f); // all nine + 100
  EXPECT_FLOAT_EQ(y.as<float>()[8], 128.f); // 5+6+8+9 + 100
  qrt_kernel_destroy(k);
}

TEST_F(RefTest, DepthwiseStridedDilated) {
  // 2 channels, depthwise, 3x3 kernel dilation 2 stride 2 on 5x5, no pad -> 1x1.
  qrt_conv2d_params p = convParams();
  p.input = desc(QRT_F32, {1, 5, 5, 2});
  p.filter = desc(QRT_F32, {2, 3, 3, 1});
  p.output = desc(QRT_F32, {1, 1, 1, 2});
  p.groups = 2;
  p.dilations[0] = p.dilations[1] = 2;
  p.strides[0] = p.strides[1] = 2;
  std::vector<float> w(18, 0.f);
  w[0] = 1.f;      // channel 0 tap (0,0) -> x[0,0,0]
  w[9 + 8] = 2.f;  // channel 1 tap (2,2) -> x[4,4,1]
  p.filter_data = w.data();
  qrt_kernel *k = nullptr;
  ASSERT_EQ(qrt_conv2d_create(ctx, QRT_BACKEND_REF, &p, &k), QRT_OK) << qrt_last_error();
  Buf x(p.input), y(p.output);
  for (int i = 0; i < 50; ++i)
    x.as<float>()[i] = (float)i;
  run(k, {&x}, y);
  EXPECT_FLOAT_EQ(y.as<float>()[0], 0.f);
  EXPECT_FLOAT_EQ(y.as<float>()[1], 2.f * 49.f);
  qrt_kernel_destroy(k);
}

TEST_F(RefTest, FullyConnectedF32) {
  qrt_fc_params p{};
  p.input = desc(QRT_F32, {1, 2});
  p.filter = desc(QRT_F32, {2, 2});
  p.bias = desc(QRT_F32, {2});
  p.output = desc(QRT_F32, {1, 2});
  float w[4] = {1, 2, 3, 4}, b[2] = {0.5f, -100.f};
  p.filter_data = w;
  p.bias_data = b;
  p.activation.kind = QRT_ACT_RELU;
  qrt_kernel *k = nullptr;
  ASSERT_EQ(qrt_fc_create(ctx, QRT_BACKEND_REF, &p, &k), QRT_OK) << qrt_last_error();
  Buf x(p.input), y(p.output);
  x.as<float>()[0] = 1.f, x.as<float>()[1] = 1.f;
  run(k, {&x}, y);
  EXPECT_FLOAT_EQ(y.as<float>()[0], 3.5f);
  EXPECT_FLOAT_EQ(y.as<float>()[1], 0.f);
  qrt_kernel_destroy(k);
}

TEST_F(RefTest, QuantizeDequantizeRequantize) {
  qrt_convert_params p{};
  p.op = QRT_OP_QUANTIZE;
  p.input = desc(QRT_F32, {6});
  p.output = desc(QRT_S8, {6}, 0.5f, 0);
  qrt_kernel *k = nullptr;
  ASSERT_EQ(qrt_convert_create(ctx, QRT_BACKEND_REF, &p, &k), QRT_OK) << qrt_last_error();
  Buf x(p.input), y(p.output);
  float xv[6] = {0.25f, 0.75f, -0.25f, 1.25f, 1000.f, -1000.f};
  std::memcpy(x.data(), xv, sizeof xv);
  run(k, {&x}, y);
  int8_t expect[6] = {0, 2, 0, 2, 127, -128};
  for (int i = 0; i < 6; ++i)
    EXPECT_EQ(y.as<int8_t>()[i], expect[i]) << i;
  qrt_kernel_destroy(k);

  p.op = QRT_OP_DEQUANTIZE;
  p.input = desc(QRT_U8, {2}, 0.5f, 1);
  p.output = desc(QRT_F32, {2});
  ASSERT_EQ(qrt_convert_create(ctx, QRT_BACKEND_REF, &p, &k), QRT_OK);
  Buf q(p.input), f(p.output);
  q.as<uint8_t>()[0] = 3, q.as<uint8_t>()[1] = 0;
  run(k, {&q}, f);
  EXPECT_FLOAT_EQ(f.as<float>()[0], 1.f);
  EXPECT_FLOAT_EQ(f.as<float>()[1], -0.5f);
  qrt_kernel_destroy(k);

  p.op = QRT_OP_REQUANTIZE;
  p.input = desc(QRT_U8, {3}, 0.5f, 10);
  p.output = desc(QRT_S8, {3}, 1.f, 0);
  ASSERT_EQ(qrt_convert_create(ctx, QRT_BACKEND_REF, &p, &k), QRT_OK);
  Buf a(p.input), b(p.output);
  a.as<uint8_t>()[0] = 13;  // 1.5 -> 2
  a.as<uint8_t>()[1] = 15;  // 2.5 -> 2
  a.as<uint8_t>()[2] = 255; // 122.5 -> 122
  run(k, {&a}, b);
  EXPECT_EQ(b.as<int8_t>()[0], 2);
  EXPECT_EQ(b.as<int8_t>()[1], 2);
  EXPECT_EQ(b.as<int8_t>()[2], 122);
  qrt_kernel_destroy(k);
}

TEST_F(RefTest, PerChannelQuantize) {
  qrt_convert_params p{};
  p.op = QRT_OP_QUANTIZE;
  p.input = desc(QRT_F32, {2, 2});
  p.output = desc(QRT_S8, {2, 2});
  float scales[2] = {1.f, 0.1f};
  p.output.quant.axis = 0;
  p.output.quant.scales = scales;
  qrt_kernel *k = nullptr;
  ASSERT_EQ(qrt_convert_create(ctx, QRT_BACKEND_REF, &p, &k), QRT_OK) << qrt_last_error();
  Buf x(p.input), y(p.output);
  float xv[4] = {1.f, 2.f, 1.f, 2.f};
  std::memcpy(x.data(), xv, sizeof xv);
  run(k, {&x}, y);
  EXPECT_EQ(y.as<int8_t>()[0], 1);
  EXPECT_EQ(y.as<int8_t>()[1], 2);
  EXPECT_EQ(y.as<int8_t>()[2], 10);
  EXPECT_EQ(y.as<int8_t>()[3], 20);
  qrt_kernel_destroy(k);
}

TEST_F(RefTest, QuantizedAddDifferentScalesBroadcast) {
  qrt_binary_params p{};
  p.op = QRT_OP_ADD;
  p.a = desc(QRT_U8, {2, 1}, 0.5f, 0);
  p.b = desc(QRT_U8, {3}, 0.25f, 0);
  p.output = desc(QRT_U8, {2, 3}, 1.f, 0);
  qrt_kernel *k = nullptr;
  ASSERT_EQ(qrt_binary_create(ctx, QRT_BACKEND_REF, &p, &k), QRT_OK) << qrt_last_error();
  Buf a(p.a), b(p.b), y(p.output);
  a.as<uint8_t>()[0] = 4, a.as<uint8_t>()[1] = 8;                          // 2.0, 4.0
  b.as<uint8_t>()[0] = 2, b.as<uint8_t>()[1] = 6, b.as<uint8_t>()[2] = 0;  // 0.5, 1.5, 0
  run(k, {&a, &b}, y);
  uint8_t expect[6] = {2, 4, 2, 4, 6, 4}; // 2.5->2, 3.5->4, 2, 4.5->4, 5.5->6, 4
  for (int i = 0; i < 6; ++i)
    EXPECT_EQ(y.as<uint8_t>()[i], expect[i]) << i;
  qrt_kernel_destroy(k);

  p.op = QRT_OP_MUL;
  p.a = desc(QRT_F32, {2});
  p.b = desc(QRT_F32, {1});
  p.output = desc(QRT_F32, {2});
  ASSERT_EQ(qrt_binary_create(ctx, QRT_BACKEND_REF, &p, &k), QRT_OK);
  Buf fa(p.a), fb(p.b), fy(p.output);
  fa.as<float>()[0] = 2.f, fa.as<float>()[1] = -3.f, fb.as<float>()[0] = 4.f;
  run(k, {&fa, &fb}, fy);
  EXPECT_FLOAT_EQ(fy.as<float>()[0], 8.f);
  EXPECT_FLOAT_EQ(fy.as<float>()[1], -12.f);
  qrt_kernel_destroy(k);
}

TEST_F(RefTest, Pooling) {
  qrt_pool2d_params p{};
  p.op = QRT_OP_MAX_POOL;
  p.input = desc(QRT_U8, {1, 2, 2, 1}, 0.5f, 3);
  p.output = desc(QRT_U8, {1, 1, 1, 1}, 0.5f, 3);
  p.kernel[0] = p.kernel[1] = 2;
  p.strides[0] = p.strides[1] = 2;
  qrt_kernel *k = nullptr;
  ASSERT_EQ(qrt_pool2d_create(ctx, QRT_BACKEND_REF, &p, &k), QRT_OK) << qrt_last_error();
  Buf x(p.input), y(p.output);
  uint8_t xv[4] = {1, 9, 4, 2};
  std::memcpy(x.data(), xv, 4);
  run(k, {&x}, y);
  EXPECT_EQ(y.as<uint8_t>()[0], 9);
  qrt_kernel_destroy(k);

  // avg with padding excluded: 3x3 window on 2x2 input, pad 1 -> corners.
  p.op = QRT_OP_AVG_POOL;
  p.input = desc(QRT_F32, {1, 2, 2, 1});
  p.output = desc(QRT_F32, {1, 2, 2, 1});
  p.kernel[0] = p.kernel[1] = 3;
  p.strides[0] = p.strides[1] = 1;
  p.pads[0] = p.pads[1] = p.pads[2] = p.pads[3] = 1;
  ASSERT_EQ(qrt_pool2d_create(ctx, QRT_BACKEND_REF, &p, &k), QRT_OK) << qrt_last_error();
  Buf fx(p.input), fy(p.output);
  float fv[4] = {1, 2, 3, 4};
  std::memcpy(fx.data(), fv, sizeof fv);
  run(k, {&fx}, fy);
  EXPECT_FLOAT_EQ(fy.as<float>()[0], 2.5f);
  qrt_kernel_destroy(k);
  p.count_include_pad = 1;
  ASSERT_EQ(qrt_pool2d_create(ctx, QRT_BACKEND_REF, &p, &k), QRT_OK);
  run(k, {&fx}, fy);
  EXPECT_FLOAT_EQ(fy.as<float>()[0], 10.f / 9.f);
  qrt_kernel_destroy(k);

  // global average, int8: (1+2+3+4 - 4*0)/4 * 1/2 = 1.25 -> 1.
  p.op = QRT_OP_GLOBAL_AVG_POOL;
  p.input = desc(QRT_U8, {1, 2, 2, 1}, 1.f, 0);
  p.output = desc(QRT_U8, {1, 1, 1, 1}, 2.f, 0);
  ASSERT_EQ(qrt_pool2d_create(ctx, QRT_BACKEND_REF, &p, &k), QRT_OK) << qrt_last_error();
  Buf gx(p.input), gy(p.output);
  uint8_t gv[4] = {1, 2, 3, 4};
  std::memcpy(gx.data(), gv, 4);
  run(k, {&gx}, gy);
  EXPECT_EQ(gy.as<uint8_t>()[0], 1);
  qrt_kernel_destroy(k);
}

TEST_F(RefTest, ConcatRequantizesInputs) {
  qrt_tensor_desc ins[2] = {desc(QRT_U8, {1, 2}, 1.f, 0), desc(QRT_U8, {1, 1}, 0.5f, 0)};
  qrt_concat_params p{};
  p.num_inputs = 2;
  p.inputs = ins;
  p.output = desc(QRT_U8, {1, 3}, 1.f, 0);
  p.axis = 1;
  qrt_kernel *k = nullptr;
  ASSERT_EQ(qrt_concat_create(ctx, QRT_BACKEND_REF, &p, &k), QRT_OK) << qrt_last_error();
  Buf a(ins[0]), b(ins[1]), y(p.output);
  a.as<uint8_t>()[0] = 1, a.as<uint8_t>()[1] = 2, b.as<uint8_t>()[0] = 3;
  run(k, {&a, &b}, y);
  EXPECT_EQ(y.as<uint8_t>()[0], 1);
  EXPECT_EQ(y.as<uint8_t>()[1], 2);
  EXPECT_EQ(y.as<uint8_t>()[2], 2); // 1.5 -> 2
  qrt_kernel_destroy(k);
}

TEST_F(RefTest, TransposeAndReshape) {
  qrt_layout_params p{};
  p.op = QRT_OP_TRANSPOSE;
  p.input = desc(QRT_S8, {2, 3});
  p.output = desc(QRT_S8, {3, 2});
  p.perm[0] = 1, p.perm[1] = 0;
  qrt_kernel *k = nullptr;
  ASSERT_EQ(qrt_layout_create(ctx, QRT_BACKEND_REF, &p, &k), QRT_OK) << qrt_last_error();
  Buf x(p.input), y(p.output);
  for (int i = 0; i < 6; ++i)
    x.as<int8_t>()[i] = (int8_t)i;
  run(k, {&x}, y);
  int8_t expect[6] = {0, 3, 1, 4, 2, 5};
  for (int i = 0; i < 6; ++i)
    EXPECT_EQ(y.as<int8_t>()[i], expect[i]);
  qrt_kernel_destroy(k);
  p.op = QRT_OP_RESHAPE;
  p.output = desc(QRT_S8, {6});
  ASSERT_EQ(qrt_layout_create(ctx, QRT_BACKEND_REF, &p, &k), QRT_OK);
  run(k, {&x}, y);
  EXPECT_EQ(y.as<int8_t>()[5], 5);
  qrt_kernel_destroy(k);
}

TEST_F(RefTest, Resize) {
  qrt_resize_params p{};
  p.input = desc(QRT_F32, {1, 1, 2, 1});
  p.output = desc(QRT_F32, {1, 1, 4, 1});
  p.mode = QRT_RESIZE_NEAREST;
  p.coord = QRT_COORD_ASYMMETRIC;
  qrt_kernel *k = nullptr;
  ASSERT_EQ(qrt_resize_create(ctx, QRT_BACKEND_REF, &p, &k), QRT_OK) << qrt_last_error();
  Buf x(p.input), y(p.output);
  x.as<float>()[0] = 1.f, x.as<float>()[1] = 2.f;
  run(k, {&x}, y);
  float e1[4] = {1, 1, 2, 2};
  for (int i = 0; i < 4; ++i)
    EXPECT_FLOAT_EQ(y.as<float>()[i], e1[i]);
  qrt_kernel_destroy(k);
  p.mode = QRT_RESIZE_BILINEAR;
  p.coord = QRT_COORD_ALIGN_CORNERS;
  x.as<float>()[0] = 0.f, x.as<float>()[1] = 3.f;
  ASSERT_EQ(qrt_resize_create(ctx, QRT_BACKEND_REF, &p, &k), QRT_OK);
  run(k, {&x}, y);
  for (int i = 0; i < 4; ++i)
    EXPECT_FLOAT_EQ(y.as<float>()[i], (float)i);
  qrt_kernel_destroy(k);
}

TEST_F(RefTest, SigmoidHardSwishSoftmax) {
  qrt_unary_params p{};
  p.input = desc(QRT_F32, {3});
  p.output = desc(QRT_F32, {3});
  Buf x(p.input), y(p.output);
  float xv[3] = {0.f, 1.f, -4.f};
  std::memcpy(x.data(), xv, sizeof xv);
  qrt_kernel *k = nullptr;
  p.op = QRT_OP_SIGMOID;
  ASSERT_EQ(qrt_unary_create(ctx, QRT_BACKEND_REF, &p, &k), QRT_OK) << qrt_last_error();
  run(k, {&x}, y);
  EXPECT_FLOAT_EQ(y.as<float>()[0], 0.5f);
  qrt_kernel_destroy(k);
  p.op = QRT_OP_HARD_SWISH;
  ASSERT_EQ(qrt_unary_create(ctx, QRT_BACKEND_REF, &p, &k), QRT_OK);
  run(k, {&x}, y);
  EXPECT_FLOAT_EQ(y.as<float>()[1], 4.f / 6.f);
  EXPECT_FLOAT_EQ(y.as<float>()[2], 0.f);
  qrt_kernel_destroy(k);
  p.op = QRT_OP_SOFTMAX;
  p.input = desc(QRT_F32, {1, 2});
  p.output = desc(QRT_F32, {1, 2});
  x.as<float>()[0] = 0.f, x.as<float>()[1] = std::log(2.f);
  ASSERT_EQ(qrt_unary_create(ctx, QRT_BACKEND_REF, &p, &k), QRT_OK);
  run(k, {&x}, y);
  EXPECT_NEAR(y.as<float>()[0], 1.f / 3.f, 1e-6);
  EXPECT_NEAR(y.as<float>()[1], 2.f / 3.f, 1e-6);
  qrt_kernel_destroy(k);
  // int8 softmax output with scale 1/256: 1/3 -> 85.
  p.input = desc(QRT_U8, {1, 2}, std::log(2.f), 0);
  p.output = desc(QRT_U8, {1, 2}, 1.f / 256.f, 0);
  Buf qx(p.input), qy(p.output);
  qx.as<uint8_t>()[0] = 0, qx.as<uint8_t>()[1] = 1;
  ASSERT_EQ(qrt_unary_create(ctx, QRT_BACKEND_REF, &p, &k), QRT_OK);
  run(k, {&qx}, qy);
  EXPECT_EQ(qy.as<uint8_t>()[0], 85);
  EXPECT_EQ(qy.as<uint8_t>()[1], 171);
  qrt_kernel_destroy(k);
}

TEST_F(RefTest, Swish) {
  qrt_unary_params p{};
  p.op = QRT_OP_SWISH;
  p.input = desc(QRT_F32, {4});
  p.output = desc(QRT_F32, {4});
  Buf x(p.input), y(p.output);
  float xv[4] = {0.f, 1.f, -1.f, -200.f};
  std::memcpy(x.data(), xv, sizeof xv);
  qrt_kernel *k = nullptr;
  ASSERT_EQ(qrt_unary_create(ctx, QRT_BACKEND_REF, &p, &k), QRT_OK) << qrt_last_error();
  run(k, {&x}, y);
  EXPECT_FLOAT_EQ(y.as<float>()[0], 0.f);
  EXPECT_FLOAT_EQ(y.as<float>()[1], 1.f / (1.f + std::exp(-1.f)));
  EXPECT_FLOAT_EQ(y.as<float>()[2], -1.f / (1.f + std::exp(1.f)));
  EXPECT_EQ(y.as<float>()[3], 0.f); // exp(200) overflows: -200 / inf, not NaN
  qrt_kernel_destroy(k);
  // int8 (through the table): not a fixed range, the output has its own
  // params. x = (q - 100) * 0.05: q = 140 -> 2.0 -> swish 1.7616 -> 1.7616 /
  // 0.02 + 20 = 108.08 -> 108; q = 0 -> -5.0 -> -0.0335 -> 18.33 -> 18.
  p.input = desc(QRT_U8, {2}, 0.05f, 100);
  p.output = desc(QRT_U8, {2}, 0.02f, 20);
  Buf qx(p.input), qy(p.output);
  qx.as<uint8_t>()[0] = 140, qx.as<uint8_t>()[1] = 0;
  ASSERT_EQ(qrt_unary_create(ctx, QRT_BACKEND_REF, &p, &k), QRT_OK);
  run(k, {&qx}, qy);
  EXPECT_EQ(qy.as<uint8_t>()[0], 108);
  EXPECT_EQ(qy.as<uint8_t>()[1], 18);
  qrt_kernel_destroy(k);
}

TEST_F(RefTest, ConvF32SwishAfterBias) {
  qrt_conv2d_params p = convParams();
  p.input = desc(QRT_F32, {1, 1, 2, 1});
  p.filter = desc(QRT_F32, {1, 1, 1, 1});
  p.bias = desc(QRT_F32, {1});
  p.output = desc(QRT_F32, {1, 1, 2, 1});
  p.activation.kind = QRT_ACT_SWISH;
  float w[1] = {2.f}, b[1] = {-1.f};
  p.filter_data = w;
  p.bias_data = b;
  qrt_kernel *k = nullptr;
  ASSERT_EQ(qrt_conv2d_create(ctx, QRT_BACKEND_REF, &p, &k), QRT_OK) << qrt_last_error();
  Buf x(p.input), y(p.output);
  x.as<float>()[0] = 1.f;  // 2 - 1 = 1
  x.as<float>()[1] = -1.f; // -2 - 1 = -3
  run(k, {&x}, y);
  EXPECT_FLOAT_EQ(y.as<float>()[0], 1.f / (1.f + std::exp(-1.f)));
  EXPECT_FLOAT_EQ(y.as<float>()[1], -3.f / (1.f + std::exp(3.f)));
  qrt_kernel_destroy(k);
}

// int8 + swish: the real conv output goes through the swish and is
// quantized once, y = sat(rne(swish(acc * sx * sw) / sy) + zy).
TEST_F(RefTest, ConvInt8SwishQuantizesOnce) {
  qrt_conv2d_params p = convParams();
  p.input = desc(QRT_U8, {1, 1, 3, 1}, 0.1f, 128);
  p.filter = desc(QRT_S8, {1, 1, 1, 1}, 0.5f, 0);
  p.bias = desc(QRT_S32, {1});
  p.output = desc(QRT_U8, {1, 1, 3, 1}, 0.02f, 20);
  p.activation.kind = QRT_ACT_SWISH;
  int8_t w[1] = {4};
  int32_t b[1] = {-20};
  p.filter_data = w;
  p.bias_data = b;
  qrt_kernel *k = nullptr;
  ASSERT_EQ(qrt_conv2d_create(ctx, QRT_BACKEND_REF, &p, &k), QRT_OK) << qrt_last_error();
  Buf x(p.input), y(p.output);
  uint8_t xv[3] = {138, 128, 168};
  std::memcpy(x.data(), xv, 3);
  run(k, {&x}, y);
  // acc = 10*4 - 20 = 20: v = 20 * 0.05 = 1 -> 0.7311 / 0.02 = 36.55 -> 37 + 20.
  // acc = -20: v = -1 -> -0.2689 / 0.02 = -13.45 -> -13 + 20.
  // acc = 140: v = 7 -> 6.9936 / 0.02 = 349.7 -> 350 + 20 saturates to 255.
  EXPECT_EQ(y.as<uint8_t>()[0], 57);
  EXPECT_EQ(y.as<uint8_t>()[1], 7);
  EXPECT_EQ(y.as<uint8_t>()[2], 255);
  qrt_kernel_destroy(k);
}

// ---- ops added for the compiler's float path (sub, div, unary, pad, slice, reduce) ----

template <typename T> void fillBuf(Buf &b, std::initializer_list<T> v) {
  int i = 0;
  for (T e : v)
    b.as<T>()[i++] = e;
}

template <typename T> std::vector<T> contents(Buf &b, const qrt_tensor_desc &d) {
  return std::vector<T>(b.as<T>(), b.as<T>() + numel(d));
}

TEST_F(RefTest, SubDivF32Broadcast) {
  qrt_binary_params p{};
  p.op = QRT_OP_SUB;
  p.a = desc(QRT_F32, {2, 3});
  p.b = desc(QRT_F32, {3});
  p.output = desc(QRT_F32, {2, 3});
  qrt_kernel *k = nullptr;
  ASSERT_EQ(qrt_binary_create(ctx, QRT_BACKEND_REF, &p, &k), QRT_OK) << qrt_last_error();
  EXPECT_EQ(qrt_kernel_op(k), QRT_OP_SUB);
  Buf a(p.a), b(p.b), y(p.output);
  fillBuf<float>(a, {1, 2, 3, 4, 5, 6});
  fillBuf<float>(b, {1, 1, 2});
  run(k, {&a, &b}, y);
  EXPECT_EQ(contents<float>(y, p.output), (std::vector<float>{0, 1, 1, 3, 4, 4}));
  qrt_kernel_destroy(k);
  // b [2,1] broadcast along the columns, reversed operand order matters.
  p.b = desc(QRT_F32, {2, 1});
  p.activation.kind = QRT_ACT_CLAMP;
  p.activation.min = -15.5f, p.activation.max = -8.f;
  Buf b2(p.b);
  fillBuf<float>(b2, {10, 20});
  ASSERT_EQ(qrt_binary_create(ctx, QRT_BACKEND_REF, &p, &k), QRT_OK) << qrt_last_error();
  run(k, {&a, &b2}, y);
  EXPECT_EQ(contents<float>(y, p.output),
            (std::vector<float>{-9, -8, -8, -15.5f, -15, -14}));
  qrt_kernel_destroy(k);

  // div: [1,2] / [2,1] -> [2,2]; x / 0 is IEEE inf.
  p = qrt_binary_params{};
  p.op = QRT_OP_DIV;
  p.a = desc(QRT_F32, {1, 2});
  p.b = desc(QRT_F32, {2, 1});
  p.output = desc(QRT_F32, {2, 2});
  Buf da(p.a), db(p.b), dy(p.output);
  fillBuf<float>(da, {3, -6});
  fillBuf<float>(db, {2, 0});
  ASSERT_EQ(qrt_binary_create(ctx, QRT_BACKEND_REF, &p, &k), QRT_OK) << qrt_last_error();
  run(k, {&da, &db}, dy);
  EXPECT_FLOAT_EQ(dy.as<float>()[0], 1.5f);
  EXPECT_FLOAT_EQ(dy.as<float>()[1], -3.f);
  EXPECT_EQ(dy.as<float>()[2], std::numeric_limits<float>::infinity());
  EXPECT_EQ(dy.as<float>()[3], -std::numeric_limits<float>::infinity());
  qrt_kernel_destroy(k);
}

TEST_F(RefTest, SubDivInt8) {
  qrt_binary_params p{};
  p.op = QRT_OP_SUB;
  p.a = desc(QRT_U8, {2}, 0.5f, 10);
  p.b = desc(QRT_U8, {2}, 0.25f, 0);
  p.output = desc(QRT_U8, {2}, 1.f, 100);
  qrt_kernel *k = nullptr;
  ASSERT_EQ(qrt_binary_create(ctx, QRT_BACKEND_REF, &p, &k), QRT_OK) << qrt_last_error();
  Buf a(p.a), b(p.b), y(p.output);
  fillBuf<uint8_t>(a, {14, 10}); // 2.0, 0.0
  fillBuf<uint8_t>(b, {4, 10});  // 1.0, 2.5
  run(k, {&a, &b}, y);
  EXPECT_EQ(y.as<uint8_t>()[0], 101); // 1.0
  EXPECT_EQ(y.as<uint8_t>()[1], 98);  // -2.5 -> -2 (half to even)
  qrt_kernel_destroy(k);

  // div: m = 0.5 / (0.5 * 0.25) = 4; division by a zero-valued divisor saturates,
  // 0/0 gives the zero point.
  p.op = QRT_OP_DIV;
  p.a = desc(QRT_S8, {4}, 0.5f, 0);
  p.b = desc(QRT_S8, {4}, 0.5f, 0);
  p.output = desc(QRT_S8, {4}, 0.25f, 3);
  Buf da(p.a), db(p.b), dy(p.output);
  fillBuf<int8_t>(da, {3, 1, -1, 0});
  fillBuf<int8_t>(db, {2, 0, 0, 0});
  ASSERT_EQ(qrt_binary_create(ctx, QRT_BACKEND_REF, &p, &k), QRT_OK) << qrt_last_error();
  run(k, {&da, &db}, dy);
  EXPECT_EQ(contents<int8_t>(dy, p.output), (std::vector<int8_t>{9, 127, -128, 3}));
  qrt_kernel_destroy(k);
}

TEST_F(RefTest, NewUnaryOpsF32) {
  qrt_unary_params p{};
  p.input = p.output = desc(QRT_F32, {4});
  Buf x(p.input), y(p.output);
  fillBuf<float>(x, {-5.f, 0.f, 1.f, 5.f});
  qrt_kernel *k = nullptr;
  auto go = [&](qrt_op op) {
    p.op = op;
    ASSERT_EQ(qrt_unary_create(ctx, QRT_BACKEND_REF, &p, &k), QRT_OK) << qrt_last_error();
    EXPECT_EQ(qrt_kernel_op(k), op);
    run(k, {&x}, y);
    qrt_kernel_destroy(k);
  };
  go(QRT_OP_TANH);
  for (int i = 0; i < 4; ++i)
    EXPECT_NEAR(y.as<float>()[i], std::tanh(x.as<float>()[i]), 1e-7);
  EXPECT_FLOAT_EQ(y.as<float>()[1], 0.f);
  go(QRT_OP_RELU);
  EXPECT_EQ(contents<float>(y, p.output), (std::vector<float>{0, 0, 1, 5}));
  p.min = -1.f, p.max = 2.f;
  go(QRT_OP_CLAMP);
  EXPECT_EQ(contents<float>(y, p.output), (std::vector<float>{-1, 0, 1, 2}));
  p.alpha = 0.25f;
  go(QRT_OP_LEAKY_RELU);
  EXPECT_EQ(contents<float>(y, p.output), (std::vector<float>{-1.25f, 0, 1, 5}));
  p.alpha = 0.25f, p.beta = 0.5f; // max(0, min(1, x/4 + 1/2))
  go(QRT_OP_HARD_SIGMOID);
  EXPECT_EQ(contents<float>(y, p.output), (std::vector<float>{0, 0.5f, 0.75f, 1}));
}

TEST_F(RefTest, NewUnaryOpsInt8) {
  qrt_unary_params p{};
  qrt_kernel *k = nullptr;
  // relu: u8 (0.1, 128) -> u8 (0.1, 0).
  p.op = QRT_OP_RELU;
  p.input = desc(QRT_U8, {3}, 0.1f, 128);
  p.output = desc(QRT_U8, {3}, 0.1f, 0);
  Buf x(p.input), y(p.output);
  fillBuf<uint8_t>(x, {100, 128, 150});
  ASSERT_EQ(qrt_unary_create(ctx, QRT_BACKEND_REF, &p, &k), QRT_OK) << qrt_last_error();
  run(k, {&x}, y);
  EXPECT_EQ(contents<uint8_t>(y, p.output), (std::vector<uint8_t>{0, 0, 22}));
  qrt_kernel_destroy(k);
  // clamp [-2, 3] on s8 scale 1.
  p.op = QRT_OP_CLAMP;
  p.input = p.output = desc(QRT_S8, {3}, 1.f, 0);
  p.min = -2.f, p.max = 3.f;
  Buf cx(p.input), cy(p.output);
  fillBuf<int8_t>(cx, {-5, 1, 7});
  ASSERT_EQ(qrt_unary_create(ctx, QRT_BACKEND_REF, &p, &k), QRT_OK) << qrt_last_error();
  run(k, {&cx}, cy);
  EXPECT_EQ(contents<int8_t>(cy, p.output), (std::vector<int8_t>{-2, 1, 3}));
  qrt_kernel_destroy(k);
  // leaky_relu alpha 0.5: s8 (0.5) -> s8 (0.25).
  p.op = QRT_OP_LEAKY_RELU;
  p.alpha = 0.5f;
  p.input = desc(QRT_S8, {3}, 0.5f, 0);
  p.output = desc(QRT_S8, {3}, 0.25f, 0);
  fillBuf<int8_t>(cx, {-4, 4, 100});
  ASSERT_EQ(qrt_unary_create(ctx, QRT_BACKEND_REF, &p, &k), QRT_OK) << qrt_last_error();
  run(k, {&cx}, cy);
  EXPECT_EQ(contents<int8_t>(cy, p.output), (std::vector<int8_t>{-4, 8, 127}));
  qrt_kernel_destroy(k);
  // tanh: s8 (0.1) -> s8 (1/128): tanh(0.5) * 128 = 59.15 -> 59; +-10 saturate.
  p.op = QRT_OP_TANH;
  p.input = desc(QRT_S8, {4}, 0.1f, 0);
  p.output = desc(QRT_S8, {4}, 1.f / 128.f, 0);
  Buf tx(p.input), ty(p.output);
  fillBuf<int8_t>(tx, {0, 5, 100, -100});
  ASSERT_EQ(qrt_unary_create(ctx, QRT_BACKEND_REF, &p, &k), QRT_OK) << qrt_last_error();
  run(k, {&tx}, ty);
  EXPECT_EQ(contents<int8_t>(ty, p.output), (std::vector<int8_t>{0, 59, 127, -128}));
  qrt_kernel_destroy(k);
  // hard_sigmoid alpha 0.2 beta 0.5: u8 (0.1) -> u8 (0.01): 0 -> 0.5, 1 -> 0.7, 5 -> 1.
  p.op = QRT_OP_HARD_SIGMOID;
  p.alpha = 0.2f, p.beta = 0.5f;
  p.input = desc(QRT_U8, {3}, 0.1f, 0);
  p.output = desc(QRT_U8, {3}, 0.01f, 0);
  Buf hx(p.input), hy(p.output);
  fillBuf<uint8_t>(hx, {0, 10, 50});
  ASSERT_EQ(qrt_unary_create(ctx, QRT_BACKEND_REF, &p, &k), QRT_OK) << qrt_last_error();
  run(k, {&hx}, hy);
  EXPECT_EQ(contents<uint8_t>(hy, p.output), (std::vector<uint8_t>{50, 70, 100}));
  qrt_kernel_destroy(k);
}

TEST_F(RefTest, PadConstantReflectEdge) {
  qrt_pad_params p{};
  p.mode = QRT_PAD_CONSTANT;
  p.value = 9.f;
  p.input = desc(QRT_F32, {2, 3});
  p.output = desc(QRT_F32, {3, 5});
  int64_t pads[4] = {1, 0, 0, 2}; // begins (dim0, dim1), then ends
  std::memcpy(p.pads, pads, sizeof pads);
  qrt_kernel *k = nullptr;
  ASSERT_EQ(qrt_pad_create(ctx, QRT_BACKEND_REF, &p, &k), QRT_OK) << qrt_last_error();
  EXPECT_EQ(qrt_kernel_op(k), QRT_OP_PAD);
  Buf x(p.input), y(p.output);
  fillBuf<float>(x, {1, 2, 3, 4, 5, 6});
  run(k, {&x}, y);
  EXPECT_EQ(contents<float>(y, p.output),
            (std::vector<float>{9, 9, 9, 9, 9, 1, 2, 3, 9, 9, 4, 5, 6, 9, 9}));
  qrt_kernel_destroy(k);

  // reflect [1, 2, 3] by 2 before and 1 after: [3, 2, 1, 2, 3, 2] (ONNX).
  p.mode = QRT_PAD_REFLECT;
  p.input = desc(QRT_F32, {1, 3});
  p.output = desc(QRT_F32, {1, 6});
  int64_t rp[4] = {0, 2, 0, 1};
  std::memcpy(p.pads, rp, sizeof rp);
  Buf rx(p.input), ry(p.output);
  fillBuf<float>(rx, {1, 2, 3});
  ASSERT_EQ(qrt_pad_create(ctx, QRT_BACKEND_REF, &p, &k), QRT_OK) << qrt_last_error();
  run(k, {&rx}, ry);
  EXPECT_EQ(contents<float>(ry, p.output), (std::vector<float>{3, 2, 1, 2, 3, 2}));
  qrt_kernel_destroy(k);

  // edge [[1, 2], [3, 4]] by 1 on every side.
  p.mode = QRT_PAD_EDGE;
  p.input = desc(QRT_F32, {2, 2});
  p.output = desc(QRT_F32, {4, 4});
  int64_t ep[4] = {1, 1, 1, 1};
  std::memcpy(p.pads, ep, sizeof ep);
  Buf ex(p.input), ey(p.output);
  fillBuf<float>(ex, {1, 2, 3, 4});
  ASSERT_EQ(qrt_pad_create(ctx, QRT_BACKEND_REF, &p, &k), QRT_OK) << qrt_last_error();
  run(k, {&ex}, ey);
  EXPECT_EQ(contents<float>(ey, p.output),
            (std::vector<float>{1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4}));
  qrt_kernel_destroy(k);

  // u8 constant: the value is quantized to the input params (saturating);
  // reflect on u8 is a plain copy.
  p.mode = QRT_PAD_CONSTANT;
  p.value = 1.f; // 1 / 0.5 + 10 = 12
  p.input = desc(QRT_U8, {2}, 0.5f, 10);
  p.output = desc(QRT_U8, {4}, 0.5f, 10);
  int64_t up[2] = {1, 1};
  std::memcpy(p.pads, up, sizeof up);
  Buf ux(p.input), uy(p.output);
  fillBuf<uint8_t>(ux, {200, 7});
  ASSERT_EQ(qrt_pad_create(ctx, QRT_BACKEND_REF, &p, &k), QRT_OK) << qrt_last_error();
  run(k, {&ux}, uy);
  EXPECT_EQ(contents<uint8_t>(uy, p.output), (std::vector<uint8_t>{12, 200, 7, 12}));
  qrt_kernel_destroy(k);
  p.value = -100.f; // saturates to 0
  ASSERT_EQ(qrt_pad_create(ctx, QRT_BACKEND_REF, &p, &k), QRT_OK) << qrt_last_error();
  run(k, {&ux}, uy);
  EXPECT_EQ(contents<uint8_t>(uy, p.output), (std::vector<uint8_t>{0, 200, 7, 0}));
  qrt_kernel_destroy(k);
  p.mode = QRT_PAD_REFLECT;
  p.input = desc(QRT_S8, {3}, 0.5f, -3);
  p.output = desc(QRT_S8, {5}, 0.5f, -3);
  Buf sx(p.input), sy(p.output);
  fillBuf<int8_t>(sx, {-7, 8, 9});
  ASSERT_EQ(qrt_pad_create(ctx, QRT_BACKEND_REF, &p, &k), QRT_OK) << qrt_last_error();
  run(k, {&sx}, sy);
  EXPECT_EQ(contents<int8_t>(sy, p.output), (std::vector<int8_t>{8, -7, 8, 9, 8}));
  qrt_kernel_destroy(k);
}

TEST_F(RefTest, SliceStepsIncludingNegative) {
  qrt_slice_params p{};
  p.input = desc(QRT_F32, {3, 4});
  // rows 0, 2 (step 2); columns 3, 1 (start 3, end -1 = before column 0, step -2).
  p.output = desc(QRT_F32, {2, 2});
  p.starts[0] = 0, p.ends[0] = 3, p.steps[0] = 2;
  p.starts[1] = 3, p.ends[1] = -1, p.steps[1] = -2;
  qrt_kernel *k = nullptr;
  ASSERT_EQ(qrt_slice_create(ctx, QRT_BACKEND_REF, &p, &k), QRT_OK) << qrt_last_error();
  EXPECT_EQ(qrt_kernel_op(k), QRT_OP_SLICE);
  Buf x(p.input), y(p.output);
  for (int i = 0; i < 12; ++i)
    x.as<float>()[i] = (float)i;
  run(k, {&x}, y);
  EXPECT_EQ(contents<float>(y, p.output), (std::vector<float>{3, 1, 11, 9}));
  qrt_kernel_destroy(k);
  // Full reversal of dim 0 (step -1 from 2 down to end -1), columns 1..2.
  p.output = desc(QRT_F32, {3, 2});
  p.starts[0] = 2, p.ends[0] = -1, p.steps[0] = -1;
  p.starts[1] = 1, p.ends[1] = 3, p.steps[1] = 1;
  Buf y2(p.output);
  ASSERT_EQ(qrt_slice_create(ctx, QRT_BACKEND_REF, &p, &k), QRT_OK) << qrt_last_error();
  run(k, {&x}, y2);
  EXPECT_EQ(contents<float>(y2, p.output), (std::vector<float>{9, 10, 5, 6, 1, 2}));
  qrt_kernel_destroy(k);
  // s8: same-scale copy; an empty slice (start == end) runs and writes nothing.
  p.input = desc(QRT_S8, {5}, 0.1f, 4);
  p.output = desc(QRT_S8, {2}, 0.1f, 4);
  p.starts[0] = 4, p.ends[0] = 0, p.steps[0] = -3; // 4, 1
  Buf sx(p.input), sy(p.output);
  fillBuf<int8_t>(sx, {-1, -2, -3, -4, -5});
  ASSERT_EQ(qrt_slice_create(ctx, QRT_BACKEND_REF, &p, &k), QRT_OK) << qrt_last_error();
  run(k, {&sx}, sy);
  EXPECT_EQ(contents<int8_t>(sy, p.output), (std::vector<int8_t>{-5, -2}));
  qrt_kernel_destroy(k);
  p.output = desc(QRT_S8, {0}, 0.1f, 4);
  p.starts[0] = 5, p.ends[0] = 5, p.steps[0] = 1;
  ASSERT_EQ(qrt_slice_create(ctx, QRT_BACKEND_REF, &p, &k), QRT_OK) << qrt_last_error();
  Buf ey(p.output);
  run(k, {&sx}, ey);
  qrt_kernel_destroy(k);
}

TEST_F(RefTest, ReduceMeanKeepdims) {
  qrt_reduce_params p{};
  p.op = QRT_OP_REDUCE_MEAN;
  p.input = desc(QRT_F32, {2, 3});
  p.num_axes = 1;
  p.axes[0] = 1;
  p.keepdims = 1;
  p.output = desc(QRT_F32, {2, 1});
  qrt_kernel *k = nullptr;
  Buf x(p.input);
  fillBuf<float>(x, {1, 2, 3, 4, 5, 6});
  ASSERT_EQ(qrt_reduce_create(ctx, QRT_BACKEND_REF, &p, &k), QRT_OK) << qrt_last_error();
  EXPECT_EQ(qrt_kernel_op(k), QRT_OP_REDUCE_MEAN);
  Buf y(p.output);
  run(k, {&x}, y);
  EXPECT_EQ(contents<float>(y, p.output), (std::vector<float>{2, 5}));
  qrt_kernel_destroy(k);
  p.keepdims = 0;
  p.output = desc(QRT_F32, {2});
  ASSERT_EQ(qrt_reduce_create(ctx, QRT_BACKEND_REF, &p, &k), QRT_OK) << qrt_last_error();
  run(k, {&x}, y);
  EXPECT_EQ(contents<float>(y, p.output), (std::vector<float>{2, 5}));
  qrt_kernel_destroy(k);
  p.axes[0] = 0;
  p.output = desc(QRT_F32, {3});
  Buf y3(p.output);
  ASSERT_EQ(qrt_reduce_create(ctx, QRT_BACKEND_REF, &p, &k), QRT_OK) << qrt_last_error();
  run(k, {&x}, y3);
  EXPECT_EQ(contents<float>(y3, p.output), (std::vector<float>{2.5f, 3.5f, 4.5f}));
  qrt_kernel_destroy(k);
  // All axes without keepdims: a rank-0 output.
  p.num_axes = 2;
  p.axes[0] = 0, p.axes[1] = 1;
  p.output = desc(QRT_F32, {});
  ASSERT_EQ(qrt_reduce_create(ctx, QRT_BACKEND_REF, &p, &k), QRT_OK) << qrt_last_error();
  run(k, {&x}, y);
  EXPECT_FLOAT_EQ(y.as<float>()[0], 3.5f);
  qrt_kernel_destroy(k);
  // Non-adjacent axes with keepdims: [2,2,2] over {0, 2} -> [1,2,1].
  p.input = desc(QRT_F32, {2, 2, 2});
  p.axes[0] = 0, p.axes[1] = 2;
  p.keepdims = 1;
  p.output = desc(QRT_F32, {1, 2, 1});
  Buf x3(p.input), y4(p.output);
  for (int i = 0; i < 8; ++i)
    x3.as<float>()[i] = (float)i;
  ASSERT_EQ(qrt_reduce_create(ctx, QRT_BACKEND_REF, &p, &k), QRT_OK) << qrt_last_error();
  run(k, {&x3}, y4);
  EXPECT_EQ(contents<float>(y4, p.output), (std::vector<float>{2.5f, 4.5f}));
  qrt_kernel_destroy(k);
  // u8: s = sum(q - zx) = 14, n = 4; out (0.5, 0): 14 * 0.25 = 3.5 -> 4 (even);
  // out (1.0, 5): 14 * 0.125 = 1.75 -> 2 + 5.
  p.input = desc(QRT_U8, {1, 4}, 0.5f, 10);
  p.num_axes = 1;
  p.axes[0] = 1;
  p.keepdims = 0;
  p.output = desc(QRT_U8, {1}, 0.5f, 0);
  Buf qx(p.input), qy(p.output);
  fillBuf<uint8_t>(qx, {10, 12, 14, 18});
  ASSERT_EQ(qrt_reduce_create(ctx, QRT_BACKEND_REF, &p, &k), QRT_OK) << qrt_last_error();
  run(k, {&qx}, qy);
  EXPECT_EQ(qy.as<uint8_t>()[0], 4);
  qrt_kernel_destroy(k);
  p.output = desc(QRT_U8, {1}, 1.f, 5);
  ASSERT_EQ(qrt_reduce_create(ctx, QRT_BACKEND_REF, &p, &k), QRT_OK) << qrt_last_error();
  run(k, {&qx}, qy);
  EXPECT_EQ(qy.as<uint8_t>()[0], 7);
  qrt_kernel_destroy(k);
}

} // namespace

// Reference backend against hand-computed results (the oracle's own ground truth).
#include "TestUtil.h"

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

} // namespace

// Error handling and fallback visibility: bad input returns a status and a message, never crashes.
#include "TestUtil.h"

using namespace qrt_test;

namespace {

qrt_conv2d_params goodConv(std::vector<int8_t> &w) {
  qrt_conv2d_params p{};
  p.input = desc(QRT_U8, {1, 4, 4, 3}, 0.1f, 128);
  p.filter = desc(QRT_S8, {2, 3, 3, 3}, 0.01f, 0);
  p.output = desc(QRT_U8, {1, 2, 2, 2}, 0.2f, 0);
  p.strides[0] = p.strides[1] = 1;
  w.assign(2 * 27, 1);
  p.filter_data = w.data();
  return p;
}

TEST(Errors, NullPointers) {
  qrt_context *ctx = makeContext();
  std::vector<int8_t> w;
  qrt_conv2d_params p = goodConv(w);
  qrt_kernel *k = nullptr;
  EXPECT_EQ(qrt_conv2d_create(ctx, QRT_BACKEND_REF, &p, nullptr), QRT_ERR_NULL_POINTER);
  EXPECT_EQ(qrt_conv2d_create(nullptr, QRT_BACKEND_REF, &p, &k), QRT_ERR_NULL_POINTER);
  EXPECT_EQ(qrt_conv2d_create(ctx, QRT_BACKEND_REF, nullptr, &k), QRT_ERR_NULL_POINTER);
  EXPECT_NE(std::string(qrt_last_error()).find("NULL"), std::string::npos);
  p.filter_data = nullptr;
  EXPECT_EQ(qrt_conv2d_create(ctx, QRT_BACKEND_REF, &p, &k), QRT_ERR_NULL_POINTER);
  p.filter_data = w.data();
  ASSERT_EQ(qrt_conv2d_create(ctx, QRT_BACKEND_REF, &p, &k), QRT_OK) << qrt_last_error();
  Buf x(p.input), y(p.output);
  const void *ins[1] = {nullptr};
  void *outs[1] = {y.data()};
  EXPECT_EQ(qrt_kernel_run(k, ins, 1, outs, 1), QRT_ERR_NULL_POINTER);
  EXPECT_EQ(qrt_kernel_run(nullptr, ins, 1, outs, 1), QRT_ERR_NULL_POINTER);
  ins[0] = x.data();
  EXPECT_EQ(qrt_kernel_run(k, ins, 2, outs, 1), QRT_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(qrt_kernel_run(k, ins, 1, nullptr, 1), QRT_ERR_NULL_POINTER);
  EXPECT_EQ(qrt_kernel_run(k, ins, 1, outs, 1), QRT_OK);
  qrt_kernel_destroy(k);
  qrt_kernel_destroy(nullptr);
  qrt_context_destroy(nullptr);
  EXPECT_EQ(qrt_context_create(nullptr, nullptr), QRT_ERR_NULL_POINTER);
  qrt_context_destroy(ctx);
}

TEST(Errors, ShapesAndDtypes) {
  qrt_context *ctx = makeContext();
  std::vector<int8_t> w;
  qrt_kernel *k = nullptr;
  qrt_conv2d_params p = goodConv(w);
  p.output.dims[1] = 3; // wrong OH
  EXPECT_EQ(qrt_conv2d_create(ctx, QRT_BACKEND_AUTO, &p, &k), QRT_ERR_SHAPE);
  EXPECT_NE(std::string(qrt_last_error()).find("expected"), std::string::npos);
  p = goodConv(w);
  p.groups = 2; // 3 channels not divisible
  EXPECT_EQ(qrt_conv2d_create(ctx, QRT_BACKEND_AUTO, &p, &k), QRT_ERR_SHAPE);
  p = goodConv(w);
  p.input.dtype = (qrt_dtype)42;
  EXPECT_EQ(qrt_conv2d_create(ctx, QRT_BACKEND_AUTO, &p, &k), QRT_ERR_DTYPE);
  p = goodConv(w);
  p.output.dtype = QRT_F32;
  EXPECT_EQ(qrt_conv2d_create(ctx, QRT_BACKEND_AUTO, &p, &k), QRT_ERR_DTYPE);
  p = goodConv(w);
  p.input.rank = 3;
  EXPECT_EQ(qrt_conv2d_create(ctx, QRT_BACKEND_AUTO, &p, &k), QRT_ERR_SHAPE);
  p = goodConv(w);
  p.input.quant.scale = 0.f;
  EXPECT_EQ(qrt_conv2d_create(ctx, QRT_BACKEND_AUTO, &p, &k), QRT_ERR_INVALID_ARGUMENT);
  p = goodConv(w);
  p.input.quant.zero_point = 300;
  EXPECT_EQ(qrt_conv2d_create(ctx, QRT_BACKEND_AUTO, &p, &k), QRT_ERR_INVALID_ARGUMENT);
  p = goodConv(w);
  p.strides[0] = 0;
  EXPECT_EQ(qrt_conv2d_create(ctx, QRT_BACKEND_AUTO, &p, &k), QRT_ERR_INVALID_ARGUMENT);
  p = goodConv(w);
  p.filter.quant.axis = 0; // per-channel without scales
  EXPECT_EQ(qrt_conv2d_create(ctx, QRT_BACKEND_AUTO, &p, &k), QRT_ERR_NULL_POINTER);
  p = goodConv(w);
  p.has_residual = 1;
  p.residual = desc(QRT_U8, {1, 2, 2, 3}, 0.1f, 0);
  EXPECT_EQ(qrt_conv2d_create(ctx, QRT_BACKEND_AUTO, &p, &k), QRT_ERR_SHAPE);
  p = goodConv(w);
  p.activation.kind = QRT_ACT_CLAMP;
  p.activation.min = 1.f, p.activation.max = 0.f;
  EXPECT_EQ(qrt_conv2d_create(ctx, QRT_BACKEND_AUTO, &p, &k), QRT_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(k, nullptr);

  qrt_binary_params b{};
  b.op = QRT_OP_ADD;
  b.a = desc(QRT_F32, {2, 3});
  b.b = desc(QRT_F32, {4});
  b.output = desc(QRT_F32, {2, 3});
  EXPECT_EQ(qrt_binary_create(ctx, QRT_BACKEND_AUTO, &b, &k), QRT_ERR_SHAPE);
  b.b = desc(QRT_U8, {3}, 1.f, 0);
  EXPECT_EQ(qrt_binary_create(ctx, QRT_BACKEND_AUTO, &b, &k), QRT_ERR_DTYPE);
  b.op = QRT_OP_SOFTMAX;
  EXPECT_EQ(qrt_binary_create(ctx, QRT_BACKEND_AUTO, &b, &k), QRT_ERR_INVALID_ARGUMENT);

  qrt_pool2d_params pp{};
  pp.op = QRT_OP_MAX_POOL;
  pp.input = desc(QRT_U8, {1, 4, 4, 1}, 0.1f, 0);
  pp.output = desc(QRT_U8, {1, 2, 2, 1}, 0.2f, 0); // max pool may not rescale
  pp.kernel[0] = pp.kernel[1] = pp.strides[0] = pp.strides[1] = 2;
  EXPECT_EQ(qrt_pool2d_create(ctx, QRT_BACKEND_AUTO, &pp, &k), QRT_ERR_INVALID_ARGUMENT);

  qrt_concat_params cp{};
  cp.num_inputs = 2;
  cp.inputs = nullptr;
  cp.output = desc(QRT_F32, {2});
  EXPECT_EQ(qrt_concat_create(ctx, QRT_BACKEND_AUTO, &cp, &k), QRT_ERR_NULL_POINTER);

  qrt_layout_params lp{};
  lp.op = QRT_OP_TRANSPOSE;
  lp.input = desc(QRT_F32, {2, 3});
  lp.output = desc(QRT_F32, {3, 2});
  lp.perm[0] = 0, lp.perm[1] = 0;
  EXPECT_EQ(qrt_layout_create(ctx, QRT_BACKEND_AUTO, &lp, &k), QRT_ERR_INVALID_ARGUMENT);
  lp.op = QRT_OP_RESHAPE;
  lp.output = desc(QRT_F32, {5});
  EXPECT_EQ(qrt_layout_create(ctx, QRT_BACKEND_AUTO, &lp, &k), QRT_ERR_SHAPE);

  qrt_unary_params up{};
  std::memset(&up, 0, sizeof up);
  int32_t badOp = 99;
  std::memcpy(&up.op, &badOp, sizeof badOp);
  up.input = up.output = desc(QRT_F32, {2});
  EXPECT_EQ(qrt_unary_create(ctx, QRT_BACKEND_AUTO, &up, &k), QRT_ERR_INVALID_ARGUMENT);
  up.op = QRT_OP_SIGMOID;
  qrt_backend badBackend;
  std::memcpy(&badBackend, &badOp, sizeof badOp);
  EXPECT_EQ(qrt_unary_create(ctx, badBackend, &up, &k), QRT_ERR_INVALID_ARGUMENT);
  EXPECT_STREQ(qrt_backend_name(badBackend), "unknown");

  qrt_convert_params cv{};
  cv.op = QRT_OP_QUANTIZE;
  cv.input = desc(QRT_U8, {2}, 1.f, 0);
  cv.output = desc(QRT_U8, {2}, 1.f, 0);
  EXPECT_EQ(qrt_convert_create(ctx, QRT_BACKEND_AUTO, &cv, &k), QRT_ERR_DTYPE);
  qrt_context_destroy(ctx);
}

TEST(Errors, FallbackIsVisibleAndStrictRefuses) {
  if (!qrt_backend_available(QRT_BACKEND_XNNPACK))
    GTEST_SKIP();
  qrt_context *ctx = makeContext();
  std::vector<int8_t> w;
  qrt_conv2d_params p = goodConv(w); // u8 activations x s8 weights: no XNNPACK kernel
  qrt_kernel *k = nullptr;
  ASSERT_EQ(qrt_conv2d_create(ctx, QRT_BACKEND_XNNPACK, &p, &k), QRT_OK);
  EXPECT_EQ(qrt_kernel_backend(k), QRT_BACKEND_REF);
  std::string why = qrt_kernel_fallback_reason(k);
  EXPECT_NE(why.find("xnnpack cannot run conv2d"), std::string::npos) << why;
  EXPECT_EQ(std::string(qrt_last_error()), why);
  qrt_kernel_destroy(k);

  qrt_capability_query q{};
  q.op = QRT_OP_CONV2D;
  q.input_dtype = QRT_U8;
  q.weight_dtype = QRT_S8;
  q.output_dtype = QRT_U8;
  const char *reason = nullptr;
  EXPECT_EQ(qrt_backend_supports(ctx, QRT_BACKEND_XNNPACK, &q, &reason), 0);
  EXPECT_STRNE(reason, "");
  EXPECT_EQ(qrt_backend_supports(ctx, QRT_BACKEND_REF, &q, &reason), 1);
  q.input_dtype = q.output_dtype = QRT_S8;
  q.flags = QRT_CAP_PER_CHANNEL;
  EXPECT_EQ(qrt_backend_supports(ctx, QRT_BACKEND_XNNPACK, &q, &reason), 1);
  q.flags |= QRT_CAP_RESIDUAL;
  EXPECT_EQ(qrt_backend_supports(ctx, QRT_BACKEND_XNNPACK, &q, &reason), 0);
  EXPECT_EQ(qrt_backend_supports(ctx, QRT_BACKEND_XNNPACK, nullptr, &reason), 0);
  q.layout = QRT_LAYOUT_NCHW;
  EXPECT_EQ(qrt_backend_supports(ctx, QRT_BACKEND_REF, &q, &reason), 0);
  qrt_context_destroy(ctx);

  qrt_context *strict = makeContext(QRT_CONTEXT_STRICT);
  EXPECT_EQ(qrt_conv2d_create(strict, QRT_BACKEND_XNNPACK, &p, &k), QRT_ERR_UNSUPPORTED);
  EXPECT_NE(std::string(qrt_last_error()).find("xnnpack"), std::string::npos);
  qrt_context_destroy(strict);
}

TEST(Errors, NativeKernelReportsNoFallback) {
  if (!qrt_backend_available(QRT_BACKEND_ONEDNN))
    GTEST_SKIP();
  qrt_context *ctx = makeContext();
  std::vector<int8_t> w;
  qrt_conv2d_params p = goodConv(w);
  qrt_kernel *k = nullptr;
  ASSERT_EQ(qrt_conv2d_create(ctx, QRT_BACKEND_ONEDNN, &p, &k), QRT_OK) << qrt_last_error();
  EXPECT_EQ(qrt_kernel_backend(k), QRT_BACKEND_ONEDNN);
  EXPECT_STREQ(qrt_kernel_fallback_reason(k), "");
  EXPECT_EQ(qrt_kernel_op(k), QRT_OP_CONV2D);
  qrt_kernel_destroy(k);
  // Ops the onednn backend does not implement fall back visibly.
  qrt_resize_params rz{};
  rz.input = desc(QRT_F32, {1, 2, 2, 3});
  rz.output = desc(QRT_F32, {1, 4, 4, 3});
  rz.mode = QRT_RESIZE_NEAREST;
  ASSERT_EQ(qrt_resize_create(ctx, QRT_BACKEND_ONEDNN, &rz, &k), QRT_OK);
  EXPECT_EQ(qrt_kernel_backend(k), QRT_BACKEND_REF);
  EXPECT_STRNE(qrt_kernel_fallback_reason(k), "");
  qrt_kernel_destroy(k);
  // So do int8 ops it has no exact form for (sigmoid runs natively on f32).
  qrt_unary_params u{};
  u.op = QRT_OP_SIGMOID;
  u.input = u.output = desc(QRT_U8, {4}, 0.1f, 3);
  ASSERT_EQ(qrt_unary_create(ctx, QRT_BACKEND_ONEDNN, &u, &k), QRT_OK);
  EXPECT_EQ(qrt_kernel_backend(k), QRT_BACKEND_REF);
  EXPECT_STRNE(qrt_kernel_fallback_reason(k), "");
  qrt_kernel_destroy(k);
  u.input = u.output = desc(QRT_F32, {4});
  ASSERT_EQ(qrt_unary_create(ctx, QRT_BACKEND_ONEDNN, &u, &k), QRT_OK);
  EXPECT_EQ(qrt_kernel_backend(k), QRT_BACKEND_ONEDNN);
  qrt_kernel_destroy(k);
  qrt_context_destroy(ctx);
}

// Create-time details the capability query does not see: each is a visible
// fallback (reason set), and an error in a strict context.
TEST(Errors, CreateTimeDetailsFallBackVisibly) {
  qrt_context *ctx = makeContext();
  qrt_context *strict = makeContext(QRT_CONTEXT_STRICT);
  auto expectFallback = [&](auto create, const char *needle) {
    qrt_kernel *k = nullptr;
    ASSERT_EQ(create(ctx, &k), QRT_OK) << qrt_last_error();
    EXPECT_EQ(qrt_kernel_backend(k), QRT_BACKEND_REF);
    std::string why = qrt_kernel_fallback_reason(k);
    EXPECT_NE(why.find(needle), std::string::npos) << why;
    qrt_kernel_destroy(k);
    EXPECT_EQ(create(strict, &k), QRT_ERR_UNSUPPORTED);
  };
  if (qrt_backend_available(QRT_BACKEND_ONEDNN)) {
    // int8 avg-pool counting padded taps with zx != 0 (oneDNN pads with q = 0).
    qrt_pool2d_params p{};
    p.op = QRT_OP_AVG_POOL;
    p.input = desc(QRT_U8, {1, 4, 4, 2}, 0.1f, 7);
    p.output = desc(QRT_U8, {1, 4, 4, 2}, 0.1f, 7);
    p.kernel[0] = p.kernel[1] = 3;
    p.strides[0] = p.strides[1] = 1;
    p.pads[0] = p.pads[1] = p.pads[2] = p.pads[3] = 1;
    p.count_include_pad = 1;
    expectFallback([&](qrt_context *c, qrt_kernel **k) {
      return qrt_pool2d_create(c, QRT_BACKEND_ONEDNN, &p, k);
    }, "zero point");
    // Both binary operands broadcast: oneDNN broadcasts only src1.
    qrt_binary_params b{};
    b.op = QRT_OP_ADD;
    b.a = desc(QRT_F32, {3, 1});
    b.b = desc(QRT_F32, {1, 4});
    b.output = desc(QRT_F32, {3, 4});
    expectFallback([&](qrt_context *c, qrt_kernel **k) {
      return qrt_binary_create(c, QRT_BACKEND_ONEDNN, &b, k);
    }, "broadcast");
    // Concat that requantizes an input.
    qrt_tensor_desc ins[2] = {desc(QRT_U8, {2, 3}, 0.1f, 0), desc(QRT_U8, {2, 3}, 0.2f, 0)};
    qrt_concat_params cc{};
    cc.num_inputs = 2;
    cc.inputs = ins;
    cc.output = desc(QRT_U8, {4, 3}, 0.1f, 0);
    expectFallback([&](qrt_context *c, qrt_kernel **k) {
      return qrt_concat_create(c, QRT_BACKEND_ONEDNN, &cc, k);
    }, "requantiz");
  }
  if (qrt_backend_available(QRT_BACKEND_XNNPACK)) {
    // Quantized sigmoid with an output encoding other than 1/256.
    qrt_unary_params u{};
    u.op = QRT_OP_SIGMOID;
    u.input = desc(QRT_U8, {5}, 0.05f, 128);
    u.output = desc(QRT_U8, {5}, 1.f / 255.f, 0);
    expectFallback([&](qrt_context *c, qrt_kernel **k) {
      return qrt_unary_create(c, QRT_BACKEND_XNNPACK, &u, k);
    }, "1/256");
    // Resize that requantizes.
    qrt_resize_params r{};
    r.input = desc(QRT_S8, {1, 2, 2, 1}, 0.1f, 0);
    r.output = desc(QRT_S8, {1, 3, 3, 1}, 0.2f, 0);
    r.mode = QRT_RESIZE_BILINEAR;
    expectFallback([&](qrt_context *c, qrt_kernel **k) {
      return qrt_resize_create(c, QRT_BACKEND_XNNPACK, &r, k);
    }, "requantize");
    // qu8 avg-pool with padding that excludes it.
    qrt_pool2d_params p{};
    p.op = QRT_OP_AVG_POOL;
    p.input = desc(QRT_U8, {1, 4, 4, 2}, 0.1f, 7);
    p.output = desc(QRT_U8, {1, 4, 4, 2}, 0.1f, 7);
    p.kernel[0] = p.kernel[1] = 3;
    p.strides[0] = p.strides[1] = 1;
    p.pads[0] = p.pads[1] = p.pads[2] = p.pads[3] = 1;
    expectFallback([&](qrt_context *c, qrt_kernel **k) {
      return qrt_pool2d_create(c, QRT_BACKEND_XNNPACK, &p, k);
    }, "count");
    // Transpose: no XNNPACK operator in this snapshot (the query says so too).
    qrt_layout_params l{};
    l.op = QRT_OP_TRANSPOSE;
    l.input = desc(QRT_F32, {2, 3});
    l.output = desc(QRT_F32, {3, 2});
    l.perm[0] = 1;
    expectFallback([&](qrt_context *c, qrt_kernel **k) {
      return qrt_layout_create(c, QRT_BACKEND_XNNPACK, &l, k);
    }, "transpose");
  }
  qrt_context_destroy(strict);
  qrt_context_destroy(ctx);
}

} // namespace

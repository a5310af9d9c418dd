// Error handling and fallback visibility: bad input returns a status and a message, never crashes.
#include "TestUtil.h"

#include <limits>

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


// ---- ops added for the compiler's float path ----

template <typename E> E badEnum(int32_t v) {
  E e;
  std::memcpy(&e, &v, sizeof v);
  return e;
}

TEST(Errors, NewOpsNullPointersAndEnums) {
  qrt_context *ctx = makeContext();
  qrt_kernel *k = nullptr;
  qrt_pad_params pp{};
  pp.input = desc(QRT_F32, {2});
  pp.output = desc(QRT_F32, {2});
  qrt_slice_params sp{};
  sp.input = sp.output = desc(QRT_F32, {2});
  sp.steps[0] = 1, sp.ends[0] = 2;
  qrt_reduce_params rp{};
  rp.op = QRT_OP_REDUCE_MEAN;
  rp.input = rp.output = desc(QRT_F32, {2});
  EXPECT_EQ(qrt_pad_create(ctx, QRT_BACKEND_REF, &pp, nullptr), QRT_ERR_NULL_POINTER);
  EXPECT_EQ(qrt_pad_create(nullptr, QRT_BACKEND_REF, &pp, &k), QRT_ERR_NULL_POINTER);
  EXPECT_EQ(qrt_pad_create(ctx, QRT_BACKEND_REF, nullptr, &k), QRT_ERR_NULL_POINTER);
  EXPECT_EQ(qrt_slice_create(ctx, QRT_BACKEND_REF, &sp, nullptr), QRT_ERR_NULL_POINTER);
  EXPECT_EQ(qrt_slice_create(nullptr, QRT_BACKEND_REF, &sp, &k), QRT_ERR_NULL_POINTER);
  EXPECT_EQ(qrt_slice_create(ctx, QRT_BACKEND_REF, nullptr, &k), QRT_ERR_NULL_POINTER);
  EXPECT_EQ(qrt_reduce_create(ctx, QRT_BACKEND_REF, &rp, nullptr), QRT_ERR_NULL_POINTER);
  EXPECT_EQ(qrt_reduce_create(nullptr, QRT_BACKEND_REF, &rp, &k), QRT_ERR_NULL_POINTER);
  EXPECT_EQ(qrt_reduce_create(ctx, QRT_BACKEND_REF, nullptr, &k), QRT_ERR_NULL_POINTER);
  EXPECT_EQ(k, nullptr);
  // The valid versions create (num_axes 0 is a copy), and run rejects NULL buffers.
  ASSERT_EQ(qrt_pad_create(ctx, QRT_BACKEND_REF, &pp, &k), QRT_OK) << qrt_last_error();
  Buf x(pp.input), y(pp.output);
  const void *ins[1] = {nullptr};
  void *outs[1] = {y.data()};
  EXPECT_EQ(qrt_kernel_run(k, ins, 1, outs, 1), QRT_ERR_NULL_POINTER);
  qrt_kernel_destroy(k);
  ASSERT_EQ(qrt_slice_create(ctx, QRT_BACKEND_REF, &sp, &k), QRT_OK) << qrt_last_error();
  qrt_kernel_destroy(k);
  ASSERT_EQ(qrt_reduce_create(ctx, QRT_BACKEND_REF, &rp, &k), QRT_OK) << qrt_last_error();
  qrt_kernel_destroy(k);

  // Bad enum values are read as ints, never loaded as enums.
  pp.mode = badEnum<qrt_pad_mode>(7);
  EXPECT_EQ(qrt_pad_create(ctx, QRT_BACKEND_REF, &pp, &k), QRT_ERR_INVALID_ARGUMENT);
  pp.mode = badEnum<qrt_pad_mode>(-1);
  EXPECT_EQ(qrt_pad_create(ctx, QRT_BACKEND_REF, &pp, &k), QRT_ERR_INVALID_ARGUMENT);
  pp.mode = QRT_PAD_CONSTANT;
  EXPECT_EQ(qrt_pad_create(ctx, badEnum<qrt_backend>(77), &pp, &k), QRT_ERR_INVALID_ARGUMENT);
  rp.op = badEnum<qrt_op>(1000);
  EXPECT_EQ(qrt_reduce_create(ctx, QRT_BACKEND_REF, &rp, &k), QRT_ERR_INVALID_ARGUMENT);
  rp.op = QRT_OP_SUB; // a valid op of another family
  EXPECT_EQ(qrt_reduce_create(ctx, QRT_BACKEND_REF, &rp, &k), QRT_ERR_INVALID_ARGUMENT);
  qrt_binary_params bp{};
  bp.a = bp.b = bp.output = desc(QRT_F32, {2});
  bp.op = badEnum<qrt_op>(QRT_OP_COUNT_);
  EXPECT_EQ(qrt_binary_create(ctx, QRT_BACKEND_REF, &bp, &k), QRT_ERR_INVALID_ARGUMENT);
  bp.op = QRT_OP_TANH;
  EXPECT_EQ(qrt_binary_create(ctx, QRT_BACKEND_REF, &bp, &k), QRT_ERR_INVALID_ARGUMENT);
  qrt_unary_params up{};
  up.input = up.output = desc(QRT_F32, {2});
  up.op = QRT_OP_DIV;
  EXPECT_EQ(qrt_unary_create(ctx, QRT_BACKEND_REF, &up, &k), QRT_ERR_INVALID_ARGUMENT);
  up.op = QRT_OP_CLAMP;
  up.min = 1.f, up.max = 0.f;
  EXPECT_EQ(qrt_unary_create(ctx, QRT_BACKEND_REF, &up, &k), QRT_ERR_INVALID_ARGUMENT);
  up.min = std::nanf("");
  up.max = 1.f;
  EXPECT_EQ(qrt_unary_create(ctx, QRT_BACKEND_REF, &up, &k), QRT_ERR_INVALID_ARGUMENT);
  up.op = QRT_OP_LEAKY_RELU;
  up.alpha = std::numeric_limits<float>::infinity();
  EXPECT_EQ(qrt_unary_create(ctx, QRT_BACKEND_REF, &up, &k), QRT_ERR_INVALID_ARGUMENT);
  up.op = QRT_OP_HARD_SIGMOID;
  up.alpha = 0.2f;
  up.beta = std::nanf("");
  EXPECT_EQ(qrt_unary_create(ctx, QRT_BACKEND_REF, &up, &k), QRT_ERR_INVALID_ARGUMENT);
  up.op = QRT_OP_TANH; // alpha/beta/min/max are not read for tanh
  EXPECT_EQ(qrt_unary_create(ctx, QRT_BACKEND_REF, &up, &k), QRT_OK) << qrt_last_error();
  qrt_kernel_destroy(k);
  k = nullptr;

  EXPECT_STREQ(qrt_op_name(QRT_OP_SUB), "sub");
  EXPECT_STREQ(qrt_op_name(QRT_OP_REDUCE_MEAN), "reduce_mean");
  EXPECT_STREQ(qrt_op_name(QRT_OP_COUNT_), "unknown");
  EXPECT_STREQ(qrt_op_name(badEnum<qrt_op>(-3)), "unknown");
  qrt_context_destroy(ctx);
}

// The swish epilogue exists only on conv2d / fully_connected, on int8 ones
// without a residual: create and the capability query refuse it elsewhere,
// on every backend (and XNNPACK everywhere).
TEST(Errors, SwishActivationOnlyOnConvAndFc) {
  qrt_context *ctx = makeContext();
  std::vector<int8_t> w;
  qrt_conv2d_params p = goodConv(w);
  p.activation.kind = QRT_ACT_SWISH;
  qrt_kernel *k = nullptr;
  ASSERT_EQ(qrt_conv2d_create(ctx, QRT_BACKEND_REF, &p, &k), QRT_OK) << qrt_last_error();
  qrt_kernel_destroy(k);
  k = nullptr;
  p.residual = p.output;
  p.has_residual = 1;
  EXPECT_EQ(qrt_conv2d_create(ctx, QRT_BACKEND_REF, &p, &k), QRT_ERR_UNSUPPORTED);
  EXPECT_NE(std::string(qrt_last_error()).find("swish"), std::string::npos) << qrt_last_error();
  qrt_binary_params b{};
  b.op = QRT_OP_ADD;
  b.a = b.b = b.output = desc(QRT_F32, {4});
  b.activation.kind = QRT_ACT_SWISH;
  EXPECT_EQ(qrt_binary_create(ctx, QRT_BACKEND_REF, &b, &k), QRT_ERR_UNSUPPORTED);
  EXPECT_EQ(k, nullptr);

  qrt_capability_query q{};
  q.op = QRT_OP_CONV2D;
  q.input_dtype = q.weight_dtype = q.output_dtype = QRT_F32;
  q.activation = QRT_ACT_SWISH;
  q.layout = QRT_LAYOUT_NHWC;
  EXPECT_EQ(qrt_backend_supports(ctx, QRT_BACKEND_REF, &q, nullptr), 1);
  if (qrt_backend_available(QRT_BACKEND_ONEDNN)) {
    EXPECT_EQ(qrt_backend_supports(ctx, QRT_BACKEND_ONEDNN, &q, nullptr), 1);
  }
  if (qrt_backend_available(QRT_BACKEND_XNNPACK)) {
    EXPECT_EQ(qrt_backend_supports(ctx, QRT_BACKEND_XNNPACK, &q, nullptr), 0);
  }
  q.op = QRT_OP_FULLY_CONNECTED;
  EXPECT_EQ(qrt_backend_supports(ctx, QRT_BACKEND_REF, &q, nullptr), 1);
  const char *why = nullptr;
  q.input_dtype = q.output_dtype = QRT_U8;
  q.weight_dtype = QRT_S8;
  EXPECT_EQ(qrt_backend_supports(ctx, QRT_BACKEND_REF, &q, nullptr), 1);
  EXPECT_EQ(qrt_backend_supports(ctx, QRT_BACKEND_ONEDNN, &q, nullptr),
            qrt_backend_available(QRT_BACKEND_ONEDNN) && qrt_cpu_has_vnni() ? 1 : 0);
  EXPECT_EQ(qrt_backend_supports(ctx, QRT_BACKEND_XNNPACK, &q, nullptr), 0);
  q.flags = QRT_CAP_RESIDUAL;
  for (qrt_backend be : {QRT_BACKEND_REF, QRT_BACKEND_ONEDNN, QRT_BACKEND_XNNPACK})
    EXPECT_EQ(qrt_backend_supports(ctx, be, &q, nullptr), 0) << qrt_backend_name(be);
  EXPECT_EQ(qrt_backend_supports(ctx, QRT_BACKEND_REF, &q, &why), 0);
  EXPECT_NE(std::string(why).find("residual"), std::string::npos) << why;
  q.flags = 0;
  q.op = QRT_OP_MUL;
  q.input_dtype = q.weight_dtype = q.output_dtype = QRT_F32;
  EXPECT_EQ(qrt_backend_supports(ctx, QRT_BACKEND_REF, &q, &why), 0);
  EXPECT_NE(std::string(why).find("swish"), std::string::npos) << why;
  q.activation = badEnum<qrt_activation_kind>(QRT_ACT_SWISH + 1);
  EXPECT_EQ(qrt_backend_supports(ctx, QRT_BACKEND_REF, &q, nullptr), 0);
  EXPECT_STREQ(qrt_op_name(QRT_OP_SWISH), "swish");
  qrt_context_destroy(ctx);
}

TEST(Errors, NewOpsShapesAndDtypes) {
  qrt_context *ctx = makeContext();
  qrt_kernel *k = nullptr;

  // sub/div broadcast and dtype rules are add's.
  qrt_binary_params bp{};
  bp.op = QRT_OP_DIV;
  bp.a = desc(QRT_F32, {2, 3});
  bp.b = desc(QRT_F32, {2});
  bp.output = desc(QRT_F32, {2, 3});
  EXPECT_EQ(qrt_binary_create(ctx, QRT_BACKEND_REF, &bp, &k), QRT_ERR_SHAPE);
  bp.op = QRT_OP_SUB;
  bp.b = desc(QRT_S8, {3}, 1.f, 0);
  EXPECT_EQ(qrt_binary_create(ctx, QRT_BACKEND_REF, &bp, &k), QRT_ERR_DTYPE);

  qrt_unary_params up{};
  up.op = QRT_OP_RELU;
  up.input = desc(QRT_F32, {2});
  up.output = desc(QRT_F32, {3});
  EXPECT_EQ(qrt_unary_create(ctx, QRT_BACKEND_REF, &up, &k), QRT_ERR_SHAPE);
  up.output = desc(QRT_U8, {2}, 1.f, 0);
  EXPECT_EQ(qrt_unary_create(ctx, QRT_BACKEND_REF, &up, &k), QRT_ERR_DTYPE);

  qrt_pad_params pp{};
  pp.mode = QRT_PAD_CONSTANT;
  pp.input = desc(QRT_F32, {2, 3});
  pp.output = desc(QRT_F32, {3, 3});
  pp.pads[0] = 1, pp.pads[2] = 1; // dim 0 grows by 2, not 1
  EXPECT_EQ(qrt_pad_create(ctx, QRT_BACKEND_REF, &pp, &k), QRT_ERR_SHAPE);
  pp.output = desc(QRT_F32, {4});
  EXPECT_EQ(qrt_pad_create(ctx, QRT_BACKEND_REF, &pp, &k), QRT_ERR_SHAPE);
  pp.output = desc(QRT_F32, {4, 3});
  pp.pads[2] = -1;
  EXPECT_EQ(qrt_pad_create(ctx, QRT_BACKEND_REF, &pp, &k), QRT_ERR_INVALID_ARGUMENT);
  pp.pads[0] = 2, pp.pads[2] = 0; // reflect needs pads <= dim - 1 = 1
  pp.mode = QRT_PAD_REFLECT;
  EXPECT_EQ(qrt_pad_create(ctx, QRT_BACKEND_REF, &pp, &k), QRT_ERR_INVALID_ARGUMENT);
  pp.mode = QRT_PAD_EDGE; // edge can replicate beyond the extent
  EXPECT_EQ(qrt_pad_create(ctx, QRT_BACKEND_REF, &pp, &k), QRT_OK) << qrt_last_error();
  qrt_kernel_destroy(k);
  k = nullptr;
  pp.input = desc(QRT_F32, {0, 3}); // ... but not from an empty extent
  pp.output = desc(QRT_F32, {2, 3});
  EXPECT_EQ(qrt_pad_create(ctx, QRT_BACKEND_REF, &pp, &k), QRT_ERR_INVALID_ARGUMENT);
  pp.mode = QRT_PAD_CONSTANT;
  pp.input = desc(QRT_U8, {2, 3}, 0.5f, 1);
  pp.output = desc(QRT_U8, {4, 3}, 0.25f, 1); // pad is a copy: params must match
  EXPECT_EQ(qrt_pad_create(ctx, QRT_BACKEND_REF, &pp, &k), QRT_ERR_INVALID_ARGUMENT);
  pp.output = desc(QRT_S8, {4, 3}, 0.5f, 1);
  EXPECT_EQ(qrt_pad_create(ctx, QRT_BACKEND_REF, &pp, &k), QRT_ERR_DTYPE);
  pp.input = desc(QRT_S32, {2, 3});
  pp.output = desc(QRT_S32, {4, 3});
  EXPECT_EQ(qrt_pad_create(ctx, QRT_BACKEND_REF, &pp, &k), QRT_ERR_DTYPE);
  pp.input = desc(QRT_U8, {2, 3}, 0.5f, 1);
  pp.output = desc(QRT_U8, {4, 3}, 0.5f, 1);
  pp.value = std::nanf("");
  EXPECT_EQ(qrt_pad_create(ctx, QRT_BACKEND_REF, &pp, &k), QRT_ERR_INVALID_ARGUMENT);

  qrt_slice_params sp{};
  sp.input = desc(QRT_F32, {4});
  sp.output = desc(QRT_F32, {2});
  sp.starts[0] = 0, sp.ends[0] = 4, sp.steps[0] = 0;
  EXPECT_EQ(qrt_slice_create(ctx, QRT_BACKEND_REF, &sp, &k), QRT_ERR_INVALID_ARGUMENT);
  sp.steps[0] = 3; // ceil(4 / 3) = 2
  EXPECT_EQ(qrt_slice_create(ctx, QRT_BACKEND_REF, &sp, &k), QRT_OK) << qrt_last_error();
  qrt_kernel_destroy(k);
  k = nullptr;
  sp.steps[0] = 1; // 4 elements, output says 2
  EXPECT_EQ(qrt_slice_create(ctx, QRT_BACKEND_REF, &sp, &k), QRT_ERR_SHAPE);
  sp.starts[0] = -1; // not normalized
  EXPECT_EQ(qrt_slice_create(ctx, QRT_BACKEND_REF, &sp, &k), QRT_ERR_INVALID_ARGUMENT);
  sp.starts[0] = 0, sp.ends[0] = 5;
  EXPECT_EQ(qrt_slice_create(ctx, QRT_BACKEND_REF, &sp, &k), QRT_ERR_INVALID_ARGUMENT);
  sp.starts[0] = 4, sp.ends[0] = 2, sp.steps[0] = -1; // would read x[4]
  EXPECT_EQ(qrt_slice_create(ctx, QRT_BACKEND_REF, &sp, &k), QRT_ERR_INVALID_ARGUMENT);
  sp.ends[0] = -2;
  EXPECT_EQ(qrt_slice_create(ctx, QRT_BACKEND_REF, &sp, &k), QRT_ERR_INVALID_ARGUMENT);
  sp.starts[0] = 0, sp.ends[0] = 2, sp.steps[0] = 1;
  sp.output = desc(QRT_F32, {2, 1});
  EXPECT_EQ(qrt_slice_create(ctx, QRT_BACKEND_REF, &sp, &k), QRT_ERR_SHAPE);
  sp.input = desc(QRT_U8, {4}, 0.5f, 0);
  sp.output = desc(QRT_U8, {2}, 0.5f, 1);
  EXPECT_EQ(qrt_slice_create(ctx, QRT_BACKEND_REF, &sp, &k), QRT_ERR_INVALID_ARGUMENT);
  sp.output = desc(QRT_F32, {2});
  EXPECT_EQ(qrt_slice_create(ctx, QRT_BACKEND_REF, &sp, &k), QRT_ERR_DTYPE);

  qrt_reduce_params rp{};
  rp.op = QRT_OP_REDUCE_MEAN;
  rp.input = desc(QRT_F32, {2, 3, 4});
  rp.num_axes = 2;
  rp.axes[0] = 2, rp.axes[1] = 1; // unsorted
  rp.output = desc(QRT_F32, {2});
  EXPECT_EQ(qrt_reduce_create(ctx, QRT_BACKEND_REF, &rp, &k), QRT_ERR_INVALID_ARGUMENT);
  rp.axes[0] = 1, rp.axes[1] = 1; // duplicate
  EXPECT_EQ(qrt_reduce_create(ctx, QRT_BACKEND_REF, &rp, &k), QRT_ERR_INVALID_ARGUMENT);
  rp.axes[0] = 1, rp.axes[1] = 3; // out of range
  EXPECT_EQ(qrt_reduce_create(ctx, QRT_BACKEND_REF, &rp, &k), QRT_ERR_INVALID_ARGUMENT);
  rp.axes[0] = -1, rp.axes[1] = 2;
  EXPECT_EQ(qrt_reduce_create(ctx, QRT_BACKEND_REF, &rp, &k), QRT_ERR_INVALID_ARGUMENT);
  rp.num_axes = 9;
  EXPECT_EQ(qrt_reduce_create(ctx, QRT_BACKEND_REF, &rp, &k), QRT_ERR_INVALID_ARGUMENT);
  rp.num_axes = 2;
  rp.axes[0] = 1, rp.axes[1] = 2;
  rp.keepdims = 1; // output must be [2,1,1]
  EXPECT_EQ(qrt_reduce_create(ctx, QRT_BACKEND_REF, &rp, &k), QRT_ERR_SHAPE);
  rp.output = desc(QRT_F32, {2, 1, 1});
  EXPECT_EQ(qrt_reduce_create(ctx, QRT_BACKEND_REF, &rp, &k), QRT_OK) << qrt_last_error();
  qrt_kernel_destroy(k);
  k = nullptr;
  rp.keepdims = 0;
  EXPECT_EQ(qrt_reduce_create(ctx, QRT_BACKEND_REF, &rp, &k), QRT_ERR_SHAPE);
  rp.output = desc(QRT_U8, {2}, 1.f, 0);
  EXPECT_EQ(qrt_reduce_create(ctx, QRT_BACKEND_REF, &rp, &k), QRT_ERR_DTYPE);
  rp.input = desc(QRT_F32, {2, 0, 4}); // mean over an empty axis
  rp.output = desc(QRT_F32, {2});
  EXPECT_EQ(qrt_reduce_create(ctx, QRT_BACKEND_REF, &rp, &k), QRT_ERR_SHAPE);
  EXPECT_EQ(k, nullptr);
  qrt_context_destroy(ctx);
}

TEST(Errors, NewOpsAreRefOnlyAndFallBackVisibly) {
  const qrt_op ops[] = {QRT_OP_SUB,   QRT_OP_DIV,          QRT_OP_TANH, QRT_OP_LEAKY_RELU,
                        QRT_OP_HARD_SIGMOID, QRT_OP_RELU, QRT_OP_CLAMP, QRT_OP_PAD,
                        QRT_OP_SLICE, QRT_OP_REDUCE_MEAN};
  for (qrt_op op : ops) {
    for (qrt_dtype t : {QRT_F32, QRT_U8, QRT_S8}) {
      qrt_capability_query q{};
      q.op = op;
      q.input_dtype = q.output_dtype = q.weight_dtype = t;
      q.layout = QRT_LAYOUT_NHWC;
      const char *reason = nullptr;
      EXPECT_EQ(qrt_backend_supports(nullptr, QRT_BACKEND_REF, &q, &reason), 1)
          << qrt_op_name(op);
      for (qrt_backend b : {QRT_BACKEND_ONEDNN, QRT_BACKEND_XNNPACK}) {
        EXPECT_EQ(qrt_backend_supports(nullptr, b, &q, &reason), 0) << qrt_op_name(op);
        EXPECT_STRNE(reason, "");
      }
    }
  }
  qrt_capability_query q{};
  q.op = badEnum<qrt_op>(QRT_OP_COUNT_);
  EXPECT_EQ(qrt_backend_supports(nullptr, QRT_BACKEND_REF, &q, nullptr), 0);

  qrt_slice_params sp{};
  sp.input = desc(QRT_F32, {4});
  sp.output = desc(QRT_F32, {4});
  sp.ends[0] = 4, sp.steps[0] = 1;
  for (qrt_backend b : {QRT_BACKEND_ONEDNN, QRT_BACKEND_XNNPACK}) {
    if (!qrt_backend_available(b))
      continue;
    qrt_context *ctx = makeContext();
    qrt_kernel *k = nullptr;
    ASSERT_EQ(qrt_slice_create(ctx, b, &sp, &k), QRT_OK) << qrt_last_error();
    EXPECT_EQ(qrt_kernel_backend(k), QRT_BACKEND_REF);
    std::string why = qrt_kernel_fallback_reason(k);
    EXPECT_NE(why.find("cannot run slice"), std::string::npos) << why;
    qrt_kernel_destroy(k);
    qrt_context_destroy(ctx);
    qrt_context *strict = makeContext(QRT_CONTEXT_STRICT);
    EXPECT_EQ(qrt_slice_create(strict, b, &sp, &k), QRT_ERR_UNSUPPORTED);
    qrt_context_destroy(strict);
  }
}

} // namespace

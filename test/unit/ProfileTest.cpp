// Kernel profiling: QRT_CONTEXT_PROFILE counts runs and time; MACs are fixed at create.
#include "TestUtil.h"

using namespace qrt_test;

namespace {

/// A grouped, strided, padded u8 conv: [2,7,6,4] * [6,3,2,2] (groups 2),
/// stride 2x1, pads 1 -> [2,4,7,6].
struct Conv {
  qrt_conv2d_params p{};
  std::vector<int8_t> w;
  Conv() {
    p.input = desc(QRT_U8, {2, 7, 6, 4}, 0.1f, 128);
    p.filter = desc(QRT_S8, {6, 3, 2, 2}, 0.01f, 0);
    p.output = desc(QRT_U8, {2, 4, 7, 6}, 0.2f, 0);
    p.strides[0] = 2, p.strides[1] = 1;
    p.pads[0] = p.pads[1] = p.pads[2] = p.pads[3] = 1;
    p.groups = 2;
    w.assign(6 * 3 * 2 * 2, 1);
    p.filter_data = w.data();
  }
  /// N*OH*OW*O*(C/groups)*KH*KW.
  static constexpr int64_t macs = 2 * 4 * 7 * 6 * 2 * 3 * 2;
};

/// f32 [2,3,5] x [4,5]^T -> [2,3,4]: M = 6, N = 4, K = 5.
struct Fc {
  qrt_fc_params p{};
  std::vector<float> w;
  Fc() {
    p.input = desc(QRT_F32, {2, 3, 5});
    p.filter = desc(QRT_F32, {4, 5});
    p.output = desc(QRT_F32, {2, 3, 4});
    w.assign(4 * 5, 0.5f);
    p.filter_data = w.data();
  }
  static constexpr int64_t macs = 6 * 4 * 5;
};

qrt_kernel_stats stats(const qrt_kernel *k) {
  qrt_kernel_stats s;
  std::memset(&s, 0xff, sizeof s);
  EXPECT_EQ(qrt_kernel_get_stats(k, &s), QRT_OK) << qrt_last_error();
  return s;
}

/// Every backend built here, so each backend's kernels are timed.
std::vector<qrt_backend> backends() {
  std::vector<qrt_backend> out;
  for (qrt_backend b : {QRT_BACKEND_REF, QRT_BACKEND_ONEDNN, QRT_BACKEND_XNNPACK})
    if (qrt_backend_available(b))
      out.push_back(b);
  return out;
}

TEST(Profile, CountsRunsAndTimeWithTheFlag) {
  qrt_context *ctx = makeContext(QRT_CONTEXT_PROFILE);
  for (qrt_backend b : backends()) {
    SCOPED_TRACE(qrt_backend_name(b));
    Conv c;
    qrt_kernel *k = nullptr;
    ASSERT_EQ(qrt_conv2d_create(ctx, b, &c.p, &k), QRT_OK) << qrt_last_error();
    qrt_kernel_stats s = stats(k);
    EXPECT_EQ(s.runs, 0);
    EXPECT_EQ(s.total_ns, 0);
    EXPECT_EQ(s.macs, Conv::macs);
    Buf x(c.p.input), y(c.p.output);
    Rng(1).fill(x, c.p.input);
    for (int i = 0; i < 3; ++i)
      run(k, {&x}, y);
    s = stats(k);
    EXPECT_EQ(s.runs, 3);
    EXPECT_GT(s.total_ns, 0);
    EXPECT_EQ(s.macs, Conv::macs);

    // A failed run is not counted.
    const void *ins[1] = {x.data()};
    void *outs[1] = {y.data()};
    EXPECT_EQ(qrt_kernel_run(k, ins, 2, outs, 1), QRT_ERR_INVALID_ARGUMENT);
    EXPECT_EQ(stats(k).runs, 3);

    ASSERT_EQ(qrt_kernel_reset_stats(k), QRT_OK);
    s = stats(k);
    EXPECT_EQ(s.runs, 0);
    EXPECT_EQ(s.total_ns, 0);
    EXPECT_EQ(s.macs, Conv::macs);
    run(k, {&x}, y);
    EXPECT_EQ(stats(k).runs, 1);
    qrt_kernel_destroy(k);
  }
  qrt_context_destroy(ctx);
}

TEST(Profile, NothingCountedWithoutTheFlag) {
  qrt_context *ctx = makeContext();
  Conv c;
  qrt_kernel *k = nullptr;
  ASSERT_EQ(qrt_conv2d_create(ctx, QRT_BACKEND_AUTO, &c.p, &k), QRT_OK) << qrt_last_error();
  Buf x(c.p.input), y(c.p.output);
  for (int i = 0; i < 4; ++i)
    run(k, {&x}, y);
  qrt_kernel_stats s = stats(k);
  EXPECT_EQ(s.runs, 0);
  EXPECT_EQ(s.total_ns, 0);
  EXPECT_EQ(s.macs, Conv::macs); // a property of the kernel, not a counter
  qrt_kernel_destroy(k);
  qrt_context_destroy(ctx);
}

TEST(Profile, MacsOfFullyConnectedAndOtherOps) {
  qrt_context *ctx = makeContext(QRT_CONTEXT_PROFILE);
  for (qrt_backend b : backends()) {
    SCOPED_TRACE(qrt_backend_name(b));
    Fc f;
    qrt_kernel *k = nullptr;
    ASSERT_EQ(qrt_fc_create(ctx, b, &f.p, &k), QRT_OK) << qrt_last_error();
    EXPECT_EQ(stats(k).macs, Fc::macs);
    Buf x(f.p.input), y(f.p.output);
    run(k, {&x}, y);
    run(k, {&x}, y);
    EXPECT_EQ(stats(k).runs, 2);
    qrt_kernel_destroy(k);
  }

  qrt_unary_params u{};
  u.op = QRT_OP_SIGMOID;
  u.input = u.output = desc(QRT_F32, {1, 8});
  qrt_kernel *k = nullptr;
  ASSERT_EQ(qrt_unary_create(ctx, QRT_BACKEND_REF, &u, &k), QRT_OK) << qrt_last_error();
  Buf x(u.input), y(u.output);
  run(k, {&x}, y);
  qrt_kernel_stats s = stats(k);
  EXPECT_EQ(s.macs, 0);
  EXPECT_EQ(s.runs, 1);
  qrt_kernel_destroy(k);
  qrt_context_destroy(ctx);
}

TEST(Profile, NullPointers) {
  qrt_kernel_stats s;
  EXPECT_EQ(qrt_kernel_get_stats(nullptr, &s), QRT_ERR_NULL_POINTER);
  EXPECT_NE(std::string(qrt_last_error()).find("NULL"), std::string::npos);
  EXPECT_EQ(qrt_kernel_reset_stats(nullptr), QRT_ERR_NULL_POINTER);
  qrt_context *ctx = makeContext(QRT_CONTEXT_PROFILE);
  Fc f;
  qrt_kernel *k = nullptr;
  ASSERT_EQ(qrt_fc_create(ctx, QRT_BACKEND_REF, &f.p, &k), QRT_OK) << qrt_last_error();
  EXPECT_EQ(qrt_kernel_get_stats(k, nullptr), QRT_ERR_NULL_POINTER);
  qrt_kernel_destroy(k);
  qrt_context_destroy(ctx);
}

} // namespace

// VNNI awareness: without VNNI (ONEDNN_MAX_CPU_ISA=AVX2) int8 convs never reach oneDNN's saturating kernels.
#include "TestUtil.h"

#include <cstdlib>

using namespace qrt_test;

namespace {

/// A conv whose u8 x s8 pairs overflow 16 bits with 8-bit weights:
/// 255 * 127 * 2 = 64770 > 32767 (vpmaddubsw saturates without VNNI).
struct SaturatingConv {
  qrt_conv2d_params p{};
  std::vector<int8_t> w;
  explicit SaturatingConv(int8_t wv) {
    p.input = desc(QRT_U8, {1, 3, 3, 64}, 0.02f, 0);
    p.filter = desc(QRT_S8, {16, 3, 3, 64}, 0.01f, 0);
    p.output = desc(QRT_U8, {1, 1, 1, 16}, 40.f, 0);
    p.strides[0] = p.strides[1] = 1;
    w.assign(16 * 9 * 64, wv);
    p.filter_data = w.data();
  }
};


TEST(Isa, NoSilentWrongNumbersWithoutVnni) {
  if (!qrt_backend_available(QRT_BACKEND_ONEDNN))
    GTEST_SKIP() << "onednn not built";
  const char *isa = std::getenv("ONEDNN_MAX_CPU_ISA");
  const bool forcedNoVnni = isa && std::string(isa) == "AVX2";
  if (forcedNoVnni) {
    EXPECT_EQ(qrt_cpu_has_vnni(), 0) << "ONEDNN_MAX_CPU_ISA=AVX2 must hide VNNI";
  }
  const bool vnni = qrt_cpu_has_vnni();

  qrt_context *ctx = makeContext();
  for (int8_t wv : {(int8_t)127, (int8_t)-127, (int8_t)63, (int8_t)-64}) {
    SaturatingConv c(wv);
    qrt_kernel *k = nullptr, *kr = nullptr;
    ASSERT_EQ(qrt_conv2d_create(ctx, QRT_BACKEND_ONEDNN, &c.p, &k), QRT_OK) << qrt_last_error();
    ASSERT_EQ(qrt_conv2d_create(ctx, QRT_BACKEND_REF, &c.p, &kr), QRT_OK);
    if (vnni) {
      EXPECT_EQ(qrt_kernel_backend(k), QRT_BACKEND_ONEDNN) << qrt_kernel_fallback_reason(k);
    } else {
      // Refused, visibly, with the reason; results come from ref.
      EXPECT_EQ(qrt_kernel_backend(k), QRT_BACKEND_REF);
      EXPECT_NE(std::string(qrt_kernel_fallback_reason(k)).find("VNNI"), std::string::npos)
          << qrt_kernel_fallback_reason(k);
    }
    Buf x(c.p.input), y(c.p.output), yr(c.p.output);
    std::memset(x.data(), 255, numel(c.p.input));
    run(k, {&x}, y);
    run(kr, {&x}, yr);
    EXPECT_EQ(y.bytes, yr.bytes) << "weights " << (int)wv;
    qrt_kernel_destroy(k);
    qrt_kernel_destroy(kr);
  }

  // The capability query tells the compiler the same thing up front.
  qrt_capability_query q{};
  q.op = QRT_OP_CONV2D;
  q.input_dtype = QRT_U8;
  q.weight_dtype = QRT_S8;
  q.output_dtype = QRT_U8;
  const char *reason = nullptr;
  EXPECT_EQ(qrt_backend_supports(ctx, QRT_BACKEND_ONEDNN, &q, &reason), vnni ? 1 : 0) << reason;
  q.flags = QRT_CAP_WEIGHTS_7BIT;
  EXPECT_EQ(qrt_backend_supports(ctx, QRT_BACKEND_ONEDNN, &q, &reason), vnni ? 1 : 0) << reason;
  // f32 is unaffected.
  q.input_dtype = q.weight_dtype = q.output_dtype = QRT_F32;
  EXPECT_EQ(qrt_backend_supports(ctx, QRT_BACKEND_ONEDNN, &q, &reason), 1) << reason;
  qrt_context_destroy(ctx);
}

} // namespace

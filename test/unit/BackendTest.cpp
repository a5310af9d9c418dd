// oneDNN and XNNPACK kernels against ref on random shapes (bit-exact / 1 LSB / 1e-4 relative).
#include "TestUtil.h"

#include <algorithm>
#include <cstdlib>

using namespace qrt_test;

namespace {

/// 100 random shapes per sweep; QRT_TEST_CASES overrides (for longer soaks).
int numCases() {
  const char *e = std::getenv("QRT_TEST_CASES");
  return e ? std::max(1, std::atoi(e)) : 100;
}

struct ConvCase {
  qrt_conv2d_params p{};
  qrt_fc_params fc{};
  bool isFC = false;
  std::vector<uint8_t> w;
  std::vector<uint8_t> bias;
  std::vector<float> wscales;
  std::string name;
};

/// `swish`: the kernel takes the swish epilogue too.
qrt_activation randomAct(Rng &rng, bool swish) {
  qrt_activation a{};
  a.kind = (qrt_activation_kind)rng.uni(0, swish ? QRT_ACT_SWISH : QRT_ACT_CLAMP);
  a.min = rng.unif(-2.f, 0.f);
  a.max = rng.unif(0.5f, 3.f);
  return a;
}

/// An int8 swish epilogue: it takes no residual, and the tests accept 1 LSB
/// (oneDNN's swish and its scaling by 1/sy are not the contract's f32 ops).
bool isInt8Swish(const qrt_tensor_desc &x, const qrt_activation &act) {
  return x.dtype != QRT_F32 && act.kind == QRT_ACT_SWISH;
}

/// Fills quant params so outputs spread over the int8 range.
void setQuant(ConvCase &c, qrt_tensor_desc &x, qrt_tensor_desc &w, qrt_tensor_desc &y,
              qrt_tensor_desc &r, int64_t O, int64_t fanIn, Rng &rng, bool perChannel) {
  const qrt_dtype xT = x.dtype;
  if (xT == QRT_F32)
    return;
  x.quant.scale = rng.unif(0.01f, 0.05f);
  x.quant.zero_point = xT == QRT_U8 ? rng.uni(0, 255) : rng.uni(-128, 127);
  if (rng.uni(0, 4) == 0)
    x.quant.zero_point = xT == QRT_U8 ? 128 : 0;
  float swMean = 0.f;
  if (perChannel) {
    c.wscales.resize(O);
    for (auto &s : c.wscales)
      swMean += (s = rng.unif(0.002f, 0.01f));
    swMean /= (float)O;
    w.quant.axis = 0;
    w.quant.scales = nullptr; // set after the vector is final
  } else {
    w.quant.scale = swMean = rng.unif(0.002f, 0.01f);
  }
  w.quant.zero_point = w.dtype == QRT_U8 ? rng.uni(100, 150) : 0;
  float accStd = std::sqrt((float)std::max<int64_t>(fanIn, 1)) * 74.f * 73.f;
  y.quant.scale = accStd * x.quant.scale * swMean / rng.unif(20.f, 60.f);
  y.quant.zero_point = y.dtype == QRT_U8 ? rng.uni(0, 255) : rng.uni(-128, 127);
  r.quant.scale = y.quant.scale * rng.unif(0.5f, 2.f);
  r.quant.zero_point = y.dtype == QRT_U8 ? rng.uni(0, 255) : rng.uni(-128, 127);
}

void fillWeights(ConvCase &c, const qrt_tensor_desc &w, Rng &rng, bool sevenBit) {
  int64_t n = numel(w);
  c.w.resize(n * esize(w.dtype));
  for (int64_t i = 0; i < n; ++i) {
    if (w.dtype == QRT_F32) {
      float v = rng.unif(-1.f, 1.f);
      std::memcpy(c.w.data() + 4 * i, &v, 4);
    } else if (w.dtype == QRT_S8) {
      c.w[i] = (uint8_t)(int8_t)(sevenBit ? rng.uni(-64, 63) : rng.uni(-127, 127));
    } else {
      c.w[i] = (uint8_t)rng.uni(0, 255);
    }
  }
}

void fillBias(ConvCase &c, qrt_tensor_desc &b, int64_t O, bool f32, Rng &rng) {
  b = desc(f32 ? QRT_F32 : QRT_S32, {O});
  c.bias.resize(O * 4);
  for (int64_t i = 0; i < O; ++i) {
    if (f32) {
      float v = rng.unif(-1.f, 1.f);
      std::memcpy(c.bias.data() + 4 * i, &v, 4);
    } else {
      int32_t v = rng.uni(-20000, 20000);
      std::memcpy(c.bias.data() + 4 * i, &v, 4);
    }
  }
}

struct ConvSpec {
  qrt_dtype xT, wT;
  bool perChannel, residual, sevenBit = false, swish = false;
};

ConvCase randomConv(Rng &rng, const ConvSpec &s) {
  ConvCase c;
  qrt_conv2d_params &p = c.p;
  int64_t N = rng.uni(1, 2), H = rng.uni(1, 11), W = rng.uni(1, 11);
  int kind = rng.uni(0, 2); // 0 dense, 1 depthwise, 2 grouped
  int64_t C, O, G;
  if (kind == 1) {
    C = G = rng.uni(1, 24);
    O = C * rng.uni(1, 2);
  } else if (kind == 2) {
    G = rng.uni(2, 4);
    C = G * rng.uni(1, 6);
    O = G * rng.uni(1, 6);
  } else {
    G = 1;
    C = rng.uni(1, 40);
    O = rng.uni(1, 40);
  }
  int64_t KH = rng.uni(1, 5), KW = rng.uni(1, 5);
  p.strides[0] = rng.uni(1, 3), p.strides[1] = rng.uni(1, 3);
  p.dilations[0] = rng.uni(1, 2), p.dilations[1] = rng.uni(1, 2);
  for (int i = 0; i < 4; ++i)
    p.pads[i] = rng.uni(0, (int)std::min<int64_t>(KH, KW) - 1);
  // Make sure the padded input covers the dilated kernel.
  H = std::max<int64_t>(H, p.dilations[0] * (KH - 1) + 1);
  W = std::max<int64_t>(W, p.dilations[1] * (KW - 1) + 1);
  int64_t OH = (H + p.pads[0] + p.pads[2] - p.dilations[0] * (KH - 1) - 1) / p.strides[0] + 1;
  int64_t OW = (W + p.pads[1] + p.pads[3] - p.dilations[1] * (KW - 1) - 1) / p.strides[1] + 1;
  p.groups = (int32_t)G;
  const qrt_dtype yT = s.xT;
  p.input = desc(s.xT, {N, H, W, C});
  p.filter = desc(s.wT, {O, KH, KW, C / G});
  p.output = desc(yT, {N, OH, OW, O});
  p.residual = desc(yT, {N, OH, OW, O});
  p.has_residual = s.residual && rng.uni(0, 1);
  p.activation = randomAct(rng, s.swish);
  p.has_residual &= !isInt8Swish(p.input, p.activation);
  setQuant(c, p.input, p.filter, p.output, p.residual, O, KH * KW * (C / G), rng, s.perChannel);
  fillWeights(c, p.filter, rng, s.sevenBit);
  if (rng.uni(0, 3))
    fillBias(c, p.bias, O, s.xT == QRT_F32, rng);
  c.name = "conv N" + std::to_string(N) + " H" + std::to_string(H) + " W" + std::to_string(W) +
           " C" + std::to_string(C) + " O" + std::to_string(O) + " G" + std::to_string(G) +
           " K" + std::to_string(KH) + "x" + std::to_string(KW) + " s" +
           std::to_string(p.strides[0]) + "," + std::to_string(p.strides[1]) + " d" +
           std::to_string(p.dilations[0]) + "," + std::to_string(p.dilations[1]) + " act" +
           std::to_string(p.activation.kind) + " res" + std::to_string(p.has_residual);
  return c;
}

ConvCase randomFC(Rng &rng, const ConvSpec &s) {
  ConvCase c;
  c.isFC = true;
  qrt_fc_params &p = c.fc;
  int64_t B = rng.uni(1, 3), M = rng.uni(1, 5), K = rng.uni(1, 300), O = rng.uni(1, 70);
  bool rank3 = rng.uni(0, 1);
  p.input = rank3 ? desc(s.xT, {B, M, K}) : desc(s.xT, {M, K});
  p.output = rank3 ? desc(s.xT, {B, M, O}) : desc(s.xT, {M, O});
  p.filter = desc(s.wT, {O, K});
  p.residual = p.output;
  p.has_residual = s.residual && rng.uni(0, 1);
  p.activation = randomAct(rng, s.swish);
  p.has_residual &= !isInt8Swish(p.input, p.activation);
  setQuant(c, p.input, p.filter, p.output, p.residual, O, K, rng, s.perChannel);
  fillWeights(c, p.filter, rng, s.sevenBit);
  if (rng.uni(0, 3))
    fillBias(c, p.bias, O, s.xT == QRT_F32, rng);
  c.name = "fc M" + std::to_string(rank3 ? B * M : M) + " K" + std::to_string(K) + " N" +
           std::to_string(O) + " act" + std::to_string(p.activation.kind) + " res" +
           std::to_string(p.has_residual);
  return c;
}

qrt_status create(qrt_context *ctx, qrt_backend b, ConvCase &c, qrt_kernel **k) {
  if (c.isFC) {
    c.fc.filter_data = c.w.data();
    c.fc.bias_data = c.bias.empty() ? nullptr : c.bias.data();
    if (c.fc.filter.quant.axis == 0)
      c.fc.filter.quant.scales = c.wscales.data();
    return qrt_fc_create(ctx, b, &c.fc, k);
  }
  c.p.filter_data = c.w.data();
  c.p.bias_data = c.bias.empty() ? nullptr : c.bias.data();
  if (c.p.filter.quant.axis == 0)
    c.p.filter.quant.scales = c.wscales.data();
  return qrt_conv2d_create(ctx, b, &c.p, k);
}

/// Runs `c` on backend `be` and on ref with the same inputs and compares.
/// Returns whether the backend ran natively (a documented fallback is
/// allowed but counted by the caller).
bool checkAgainstRef(qrt_context *ctx, qrt_backend be, ConvCase &c, int lsb, float rel) {
  qrt_kernel *k = nullptr, *kr = nullptr;
  EXPECT_EQ(create(ctx, be, c, &k), QRT_OK) << c.name << ": " << qrt_last_error();
  if (!k)
    return false;
  bool native = qrt_kernel_backend(k) == be;
  if (!native) {
    EXPECT_STRNE(qrt_kernel_fallback_reason(k), "") << c.name;
  }
  EXPECT_EQ(create(ctx, QRT_BACKEND_REF, c, &kr), QRT_OK) << qrt_last_error();
  if (!kr) {
    qrt_kernel_destroy(k);
    return false;
  }
  const qrt_tensor_desc &xd = c.isFC ? c.fc.input : c.p.input;
  const qrt_tensor_desc &yd = c.isFC ? c.fc.output : c.p.output;
  const bool res = c.isFC ? c.fc.has_residual : c.p.has_residual;
  Rng rng(numel(xd) * 31 + numel(yd));
  Buf x(xd), r(yd), y(yd), yr(yd);
  rng.fill(x, xd);
  rng.fill(r, yd);
  std::vector<Buf *> ins = {&x};
  if (res)
    ins.push_back(&r);
  run(k, ins, y);
  run(kr, ins, yr);
  EXPECT_EQ(compare(y, yr, yd, lsb, rel, c.name), 0) << c.name;
  // Run again: primitives are reused and results are stable.
  Buf y2(yd);
  run(k, ins, y2);
  EXPECT_EQ(y2.bytes, y.bytes) << c.name;
  qrt_kernel_destroy(k);
  qrt_kernel_destroy(kr);
  return native;
}

class BackendTest : public ::testing::Test {
protected:
  void SetUp() override { ctx = makeContext(); }
  void TearDown() override { qrt_context_destroy(ctx); }
  void requireBackend(qrt_backend b) {
    if (!qrt_backend_available(b))
      GTEST_SKIP() << qrt_backend_name(b) << " not built";
  }
  void sweep(qrt_backend be, ConvSpec s, bool fc, int lsb, uint32_t seed) {
    Rng rng(seed);
    int native = 0, n = numCases();
    std::string fallbacks;
    for (int i = 0; i < n; ++i) {
      ConvCase c = fc ? randomFC(rng, s) : randomConv(rng, s);
      const bool int8Swish = c.isFC ? isInt8Swish(c.fc.input, c.fc.activation)
                                    : isInt8Swish(c.p.input, c.p.activation);
      native += checkAgainstRef(ctx, be, c, int8Swish ? std::max(lsb, 1) : lsb, 1e-4f);
      if (HasFatalFailure())
        return;
    }
    // Documented fallbacks (e.g. XNNPACK's degenerate clamps) are allowed,
    // but the backend must run the large majority natively.
    EXPECT_GE(native, n * 9 / 10) << "only " << native << "/" << n << " ran on "
                                  << qrt_backend_name(be);
    RecordProperty("native_cases", native);
  }
  qrt_context *ctx = nullptr;
};

// ---- oneDNN: int8 must be bit-exact against ref (swish: 1 LSB) -----------------

class OneDnn : public BackendTest {
protected:
  void SetUp() override {
    BackendTest::SetUp();
    requireBackend(QRT_BACKEND_ONEDNN);
  }
  /// Without VNNI oneDNN int8 is refused by design (IsaTest covers it).
  bool skipInt8() { return !qrt_cpu_has_vnni(); }
};

// Every sweep draws the swish epilogue too (oneDNN's eltwise_swish post-op).
TEST_F(OneDnn, ConvU8PerChannelBitExact) {
  if (skipInt8())
    GTEST_SKIP() << "no VNNI";
  sweep(QRT_BACKEND_ONEDNN, {QRT_U8, QRT_S8, true, true, false, true}, false, 0, 1);
}
TEST_F(OneDnn, ConvS8PerTensorBitExact) {
  if (skipInt8())
    GTEST_SKIP() << "no VNNI";
  sweep(QRT_BACKEND_ONEDNN, {QRT_S8, QRT_S8, false, true, false, true}, false, 0, 2);
}
TEST_F(OneDnn, ConvF32) {
  sweep(QRT_BACKEND_ONEDNN, {QRT_F32, QRT_F32, false, true, false, true}, false, 0, 3);
}
TEST_F(OneDnn, FcU8PerChannelBitExact) {
  if (skipInt8())
    GTEST_SKIP() << "no VNNI";
  sweep(QRT_BACKEND_ONEDNN, {QRT_U8, QRT_S8, true, true, false, true}, true, 0, 4);
}
TEST_F(OneDnn, FcF32) {
  sweep(QRT_BACKEND_ONEDNN, {QRT_F32, QRT_F32, false, true, false, true}, true, 0, 5);
}

// ---- XNNPACK: int8 within 1 LSB -------------------------------------------------

class Xnnpack : public BackendTest {
protected:
  void SetUp() override {
    BackendTest::SetUp();
    requireBackend(QRT_BACKEND_XNNPACK);
  }
};

TEST_F(Xnnpack, ConvQc8) { sweep(QRT_BACKEND_XNNPACK, {QRT_S8, QRT_S8, true, false}, false, 1, 11); }
TEST_F(Xnnpack, ConvQs8) { sweep(QRT_BACKEND_XNNPACK, {QRT_S8, QRT_S8, false, false}, false, 1, 12); }
TEST_F(Xnnpack, ConvQu8) { sweep(QRT_BACKEND_XNNPACK, {QRT_U8, QRT_U8, false, false}, false, 1, 13); }
TEST_F(Xnnpack, ConvF32) { sweep(QRT_BACKEND_XNNPACK, {QRT_F32, QRT_F32, false, false}, false, 0, 14); }
TEST_F(Xnnpack, FcQc8) { sweep(QRT_BACKEND_XNNPACK, {QRT_S8, QRT_S8, true, false}, true, 1, 15); }
TEST_F(Xnnpack, FcQu8) { sweep(QRT_BACKEND_XNNPACK, {QRT_U8, QRT_U8, false, false}, true, 1, 16); }
TEST_F(Xnnpack, FcF32) { sweep(QRT_BACKEND_XNNPACK, {QRT_F32, QRT_F32, false, false}, true, 0, 17); }

// XNNPACK has no swish epilogue: such convs run on ref, visibly (f32 and
// int8 alike).
TEST_F(Xnnpack, ConvSwishFallsBackToRef) {
  Rng rng(18);
  ConvCase c;
  for (int i = 0; i < 10; ++i) {
    const qrt_dtype t = i % 2 ? QRT_S8 : QRT_F32;
    c = randomConv(rng, {t, t, t == QRT_S8, false});
    c.p.activation.kind = QRT_ACT_SWISH;
    EXPECT_FALSE(checkAgainstRef(ctx, QRT_BACKEND_XNNPACK, c, 0, 1e-4f)) << c.name;
  }
  qrt_kernel *k = nullptr;
  ASSERT_EQ(create(ctx, QRT_BACKEND_XNNPACK, c, &k), QRT_OK) << qrt_last_error();
  EXPECT_NE(std::string(qrt_kernel_fallback_reason(k)).find("no fused swish"),
            std::string::npos)
      << qrt_kernel_fallback_reason(k);
  qrt_kernel_destroy(k);
}

void sweepBinary(qrt_context *ctx, qrt_op op, qrt_dtype t, uint32_t seed) {
  Rng rng(seed);
  int native = 0;
  for (int i = 0; i < numCases(); ++i) {
    qrt_binary_params p{};
    p.op = op;
    int rank = rng.uni(1, 4);
    qrt_tensor_desc y = desc(t, {});
    y.rank = rank;
    p.a = p.b = y;
    p.a.rank = rng.uni(1, rank);
    p.b.rank = rank;
    for (int d = 0; d < rank; ++d) {
      y.dims[d] = rng.uni(1, 9);
      p.b.dims[d] = rng.uni(0, 3) ? y.dims[d] : 1;
    }
    for (int d = 0; d < p.a.rank; ++d)
      p.a.dims[d] = rng.uni(0, 3) ? y.dims[d + rank - p.a.rank] : 1;
    for (int d = 0; d < rank; ++d) {
      int ad = d - (rank - p.a.rank);
      y.dims[d] = std::max(ad >= 0 ? p.a.dims[ad] : 1, p.b.dims[d]);
    }
    p.output = y;
    p.activation = randomAct(rng, /*swish=*/false);
    if (t != QRT_F32) {
      int lo = t == QRT_U8 ? 0 : -128, hi = t == QRT_U8 ? 255 : 127;
      p.a.quant.scale = rng.unif(0.01f, 0.1f);
      p.b.quant.scale = rng.unif(0.01f, 0.1f);
      p.a.quant.zero_point = rng.uni(lo, hi);
      p.b.quant.zero_point = rng.uni(lo, hi);
      p.output.quant.zero_point = rng.uni(lo, hi);
      p.output.quant.scale = op == QRT_OP_ADD ? rng.unif(0.02f, 0.2f) : rng.unif(0.05f, 0.5f);
    }
    std::string name = std::string(qrt_op_name(op)) + " case " + std::to_string(i);
    qrt_kernel *k = nullptr, *kr = nullptr;
    ASSERT_EQ(qrt_binary_create(ctx, QRT_BACKEND_XNNPACK, &p, &k), QRT_OK)
        << name << ": " << qrt_last_error();
    // XNNPACK rejects degenerate clamps (output_min == output_max, e.g. relu
    // with zy = 127): a visible fallback, counted below.
    if (qrt_kernel_backend(k) == QRT_BACKEND_XNNPACK)
      ++native;
    else
      EXPECT_STRNE(qrt_kernel_fallback_reason(k), "") << name;
    ASSERT_EQ(qrt_binary_create(ctx, QRT_BACKEND_REF, &p, &kr), QRT_OK);
    Buf a(p.a), b(p.b), out(p.output), outr(p.output);
    rng.fill(a, p.a);
    rng.fill(b, p.b);
    run(k, {&a, &b}, out);
    run(kr, {&a, &b}, outr);
    EXPECT_EQ(compare(out, outr, p.output, 1, 1e-4f, name), 0);
    qrt_kernel_destroy(k);
    qrt_kernel_destroy(kr);
  }
  EXPECT_GE(native, numCases() * 9 / 10);
}

TEST_F(Xnnpack, AddQs8) { sweepBinary(ctx, QRT_OP_ADD, QRT_S8, 21); }
TEST_F(Xnnpack, AddQu8) { sweepBinary(ctx, QRT_OP_ADD, QRT_U8, 22); }
TEST_F(Xnnpack, AddF32) { sweepBinary(ctx, QRT_OP_ADD, QRT_F32, 23); }
TEST_F(Xnnpack, MulQs8) { sweepBinary(ctx, QRT_OP_MUL, QRT_S8, 24); }
TEST_F(Xnnpack, MulQu8) { sweepBinary(ctx, QRT_OP_MUL, QRT_U8, 25); }
TEST_F(Xnnpack, MulF32) { sweepBinary(ctx, QRT_OP_MUL, QRT_F32, 26); }

} // namespace

namespace {

// num_threads = 2 goes to oneDNN (OpenMP) and XNNPACK (pthreadpool); results
// must not depend on it.
ConvSpec threadsSpec(qrt_backend be) {
  if (be == QRT_BACKEND_XNNPACK)
    return ConvSpec{QRT_S8, QRT_S8, true, false};
  return qrt_cpu_has_vnni() ? ConvSpec{QRT_U8, QRT_S8, true, true}
                            : ConvSpec{QRT_F32, QRT_F32, false, true};
}

// Each backend in its own 2-thread context (XNNPACK on its pthreadpool,
// oneDNN on OpenMP), then both in one context, where XNNPACK kernels run on
// the calling thread (runtime/xnnpack: two spinning pools on the same cores
// stalled kernels by scheduler time slices).
TEST(Threads, TwoThreadsMatchRef) {
  Rng rng(99);
  for (qrt_backend be : {QRT_BACKEND_ONEDNN, QRT_BACKEND_XNNPACK}) {
    if (!qrt_backend_available(be))
      continue;
    qrt_context *ctx = makeContext(0, 2);
    for (int i = 0; i < 5; ++i) {
      ConvCase c = randomConv(rng, threadsSpec(be));
      checkAgainstRef(ctx, be, c, be == QRT_BACKEND_XNNPACK ? 1 : 0, 1e-4f);
    }
    qrt_context_destroy(ctx);
  }
  if (!qrt_backend_available(QRT_BACKEND_ONEDNN) || !qrt_backend_available(QRT_BACKEND_XNNPACK))
    return;
  qrt_context *ctx = makeContext(0, 2);
  for (int i = 0; i < 6; ++i) {
    qrt_backend be = i % 2 ? QRT_BACKEND_XNNPACK : QRT_BACKEND_ONEDNN;
    ConvCase c = randomConv(rng, threadsSpec(be));
    checkAgainstRef(ctx, be, c, be == QRT_BACKEND_XNNPACK ? 1 : 0, 1e-4f);
  }
  qrt_context_destroy(ctx);
}

} // namespace

// Non-conv ops on oneDNN and XNNPACK against ref on random shapes: every (op, backend, dtype)
// combination the capability table claims is swept here (50 shapes each by default).
#include "TestUtil.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <numeric>

using namespace qrt_test;

namespace {

int numCases() {
  const char *e = std::getenv("QRT_TEST_CASES");
  return e ? std::max(1, std::atoi(e)) : 50;
}

enum Family { kPool, kBinary, kUnary, kConvert, kConcat, kResize, kLayout };

Family familyOf(qrt_op op) {
  switch (op) {
  case QRT_OP_MAX_POOL:
  case QRT_OP_AVG_POOL:
  case QRT_OP_GLOBAL_AVG_POOL: return kPool;
  case QRT_OP_ADD:
  case QRT_OP_MUL: return kBinary;
  case QRT_OP_SIGMOID:
  case QRT_OP_HARD_SWISH:
  case QRT_OP_SWISH:
  case QRT_OP_SOFTMAX: return kUnary;
  case QRT_OP_QUANTIZE:
  case QRT_OP_DEQUANTIZE:
  case QRT_OP_REQUANTIZE: return kConvert;
  case QRT_OP_CONCAT: return kConcat;
  case QRT_OP_RESIZE: return kResize;
  default: return kLayout;
  }
}

/// One sweep: an (op, backend, input dtype, output dtype) combination.
struct SweepSpec {
  qrt_backend be;
  qrt_op op;
  qrt_dtype in, out;
  int lsb;          // int8 tolerance against ref (0: bit-exact)
  uint32_t flags;   // QRT_CAP_* variants the generator also covers
};

std::string specName(const SweepSpec &s) {
  auto dn = [](qrt_dtype t) {
    return t == QRT_F32 ? "f32" : t == QRT_U8 ? "u8" : t == QRT_S8 ? "s8" : "s32";
  };
  std::string n = std::string(qrt_op_name(s.op)) + "_" + dn(s.in);
  if (s.out != s.in)
    n += std::string("_") + dn(s.out);
  for (char &c : n)
    if (!isalnum((unsigned char)c))
      c = '_';
  return n;
}

/// A random case of any family; param structs that point into vectors get
/// their pointers set in create() (cases are copied around).
struct OpCase {
  std::string name;
  Family family = kPool;
  qrt_pool2d_params pool{};
  qrt_binary_params bin{};
  qrt_unary_params un{};
  qrt_convert_params cv{};
  qrt_concat_params cc{};
  std::vector<qrt_tensor_desc> ccIn;
  qrt_resize_params rs{};
  qrt_layout_params ly{};
  std::vector<float> scales; // per-channel scales of a convert
  std::vector<qrt_tensor_desc> ins;
  qrt_tensor_desc out{};
  float f32Lo = -1.f, f32Hi = 1.f;

  qrt_status create(qrt_context *ctx, qrt_backend be, qrt_kernel **k) {
    switch (family) {
    case kPool: return qrt_pool2d_create(ctx, be, &pool, k);
    case kBinary: return qrt_binary_create(ctx, be, &bin, k);
    case kUnary: return qrt_unary_create(ctx, be, &un, k);
    case kConvert:
      if (cv.input.quant.axis >= 0)
        cv.input.quant.scales = scales.data();
      if (cv.output.quant.axis >= 0)
        cv.output.quant.scales = scales.data();
      return qrt_convert_create(ctx, be, &cv, k);
    case kConcat:
      cc.inputs = ccIn.data();
      return qrt_concat_create(ctx, be, &cc, k);
    case kResize: return qrt_resize_create(ctx, be, &rs, k);
    case kLayout: return qrt_layout_create(ctx, be, &ly, k);
    }
    return QRT_ERR_INVALID_ARGUMENT;
  }
};

std::string dimsOf(const qrt_tensor_desc &d) {
  std::string s = "[";
  for (int i = 0; i < d.rank; ++i)
    s += (i ? "x" : "") + std::to_string(d.dims[i]);
  return s + "]";
}

void randomQuant(Rng &rng, qrt_tensor_desc &d, float lo, float hi) {
  if (d.dtype != QRT_U8 && d.dtype != QRT_S8)
    return;
  d.quant.scale = rng.unif(lo, hi);
  d.quant.zero_point = d.dtype == QRT_U8 ? rng.uni(0, 255) : rng.uni(-128, 127);
}

qrt_tensor_desc randomDesc(Rng &rng, qrt_dtype t, int minRank, int maxRank, int maxDim) {
  qrt_tensor_desc d = desc(t, {});
  d.rank = rng.uni(minRank, maxRank);
  for (int i = 0; i < d.rank; ++i)
    d.dims[i] = rng.uni(1, maxDim);
  return d;
}

// ---- generators -----------------------------------------------------------------

OpCase genPool(Rng &rng, const SweepSpec &s) {
  OpCase c;
  c.family = kPool;
  qrt_pool2d_params &p = c.pool;
  p.op = s.op;
  const int64_t N = rng.uni(1, 3), C = rng.uni(1, 19);
  int64_t H, W, OH = 1, OW = 1;
  if (s.op == QRT_OP_GLOBAL_AVG_POOL) {
    H = rng.uni(1, 13), W = rng.uni(1, 13);
  } else {
    p.kernel[0] = rng.uni(1, 4), p.kernel[1] = rng.uni(1, 4);
    if (p.kernel[0] * p.kernel[1] == 1)
      p.kernel[1] = 2; // XNNPACK rejects 1x1 windows (an identity anyway)
    p.strides[0] = rng.uni(1, 3), p.strides[1] = rng.uni(1, 3);
    for (int i = 0; i < 4; ++i)
      p.pads[i] = rng.uni(0, p.kernel[i % 2] - 1);
    p.count_include_pad = s.op == QRT_OP_AVG_POOL && rng.uni(0, 2) == 0;
    // Padded avg-pool variants the backend claims (spec.flags): PADDED =
    // padded with count_include_pad = 0, COUNT_PAD = padded with it = 1.
    auto covered = [&](bool incl) {
      return (s.flags & (incl ? QRT_CAP_POOL_COUNT_PAD : QRT_CAP_POOL_PADDED)) != 0;
    };
    if (s.op == QRT_OP_AVG_POOL && !covered(p.count_include_pad)) {
      if (covered(!p.count_include_pad) && rng.uni(0, 1))
        p.count_include_pad = !p.count_include_pad;
      else
        p.pads[0] = p.pads[1] = p.pads[2] = p.pads[3] = 0;
    }
    H = rng.uni(std::max(1, p.kernel[0] - p.pads[0] - p.pads[2]), 14);
    W = rng.uni(std::max(1, p.kernel[1] - p.pads[1] - p.pads[3]), 14);
    OH = (H + p.pads[0] + p.pads[2] - p.kernel[0]) / p.strides[0] + 1;
    OW = (W + p.pads[1] + p.pads[3] - p.kernel[1]) / p.strides[1] + 1;
  }
  p.input = desc(s.in, {N, H, W, C});
  p.output = desc(s.in, {N, OH, OW, C});
  randomQuant(rng, p.input, 0.01f, 0.05f);
  if (s.op == QRT_OP_MAX_POOL || rng.uni(0, 1)) {
    p.output.quant = p.input.quant;
  } else {
    randomQuant(rng, p.output, 0.01f, 0.05f);
    p.output.quant.scale = p.input.quant.scale * rng.unif(0.5f, 2.f);
  }
  // oneDNN pads int8 average pooling with q = 0 (a documented fallback when
  // zx != 0): keep the zero point 0 where padded taps are counted.
  const bool padded = p.pads[0] || p.pads[1] || p.pads[2] || p.pads[3];
  if (s.be == QRT_BACKEND_ONEDNN && p.count_include_pad && padded)
    p.input.quant.zero_point = 0;
  c.ins = {p.input};
  c.out = p.output;
  c.f32Lo = -3.f, c.f32Hi = 3.f;
  c.name = std::string(qrt_op_name(s.op)) + " " + dimsOf(p.input) + " k" +
           std::to_string(p.kernel[0]) + "x" + std::to_string(p.kernel[1]) + " s" +
           std::to_string(p.strides[0]) + "," + std::to_string(p.strides[1]) + " p" +
           std::to_string(p.pads[0]) + std::to_string(p.pads[1]) + std::to_string(p.pads[2]) +
           std::to_string(p.pads[3]) + " incl" + std::to_string(p.count_include_pad);
  return c;
}

qrt_activation randomAct(Rng &rng) {
  qrt_activation a{};
  a.kind = (qrt_activation_kind)rng.uni(0, 3);
  a.min = rng.unif(-2.f, 0.f);
  a.max = rng.unif(0.5f, 3.f);
  return a;
}

OpCase genBinary(Rng &rng, const SweepSpec &s) {
  OpCase c;
  c.family = kBinary;
  qrt_binary_params &p = c.bin;
  p.op = s.op;
  qrt_tensor_desc y = randomDesc(rng, s.in, 1, 5, 9);
  // One operand has the output's shape, the other broadcasts (lower rank
  // and/or size-1 dims); which one is a/b is random.
  qrt_tensor_desc other = desc(s.in, {});
  other.rank = rng.uni(1, y.rank);
  for (int i = 0; i < other.rank; ++i)
    other.dims[i] = rng.uni(0, 2) ? y.dims[y.rank - other.rank + i] : 1;
  const bool swap = rng.uni(0, 1);
  p.a = swap ? other : y;
  p.b = swap ? y : other;
  p.output = y;
  p.activation = randomAct(rng);
  randomQuant(rng, p.a, 0.01f, 0.1f);
  randomQuant(rng, p.b, 0.01f, 0.1f);
  randomQuant(rng, p.output, 0.02f, 0.2f);
  c.ins = {p.a, p.b};
  c.out = p.output;
  c.name = std::string(qrt_op_name(s.op)) + " " + dimsOf(p.a) + " " + dimsOf(p.b) + " act" +
           std::to_string(p.activation.kind);
  return c;
}

OpCase genUnary(Rng &rng, const SweepSpec &s) {
  OpCase c;
  c.family = kUnary;
  qrt_unary_params &p = c.un;
  p.op = s.op;
  p.input = randomDesc(rng, s.in, 1, 4, 9);
  p.output = p.input;
  randomQuant(rng, p.input, 0.02f, 0.08f);
  if (s.in != QRT_F32) {
    // The fixed [0, 1) output encoding of quantized sigmoid/softmax.
    p.output.quant.scale = 1.f / 256.f;
    p.output.quant.zero_point = s.in == QRT_S8 ? -128 : 0;
  }
  c.ins = {p.input};
  c.out = p.output;
  c.f32Lo = -8.f, c.f32Hi = 8.f;
  c.name = std::string(qrt_op_name(s.op)) + " " + dimsOf(p.input);
  return c;
}

OpCase genConvert(Rng &rng, const SweepSpec &s) {
  OpCase c;
  c.family = kConvert;
  qrt_convert_params &p = c.cv;
  p.op = s.op;
  p.input = randomDesc(rng, s.in, 1, 4, 9);
  p.output = p.input;
  p.output.dtype = s.out;
  randomQuant(rng, p.input, 0.01f, 0.1f);
  randomQuant(rng, p.output, 0.01f, 0.1f);
  if (s.op == QRT_OP_REQUANTIZE && rng.uni(0, 4) == 0 && s.in == s.out)
    p.output.quant = p.input.quant; // plain copy
  qrt_tensor_desc &q = s.op == QRT_OP_QUANTIZE ? p.output : p.input;
  if (s.op != QRT_OP_REQUANTIZE && (s.flags & QRT_CAP_PER_CHANNEL) && rng.uni(0, 1)) {
    q.quant.axis = rng.uni(0, q.rank - 1);
    c.scales.resize(q.dims[q.quant.axis]);
    for (float &v : c.scales)
      v = rng.unif(0.01f, 0.1f);
  }
  c.ins = {p.input};
  c.out = p.output;
  // Quantize: cover the representable range and some saturation.
  const float range = q.quant.scale * 160.f;
  c.f32Lo = -range, c.f32Hi = range;
  c.name = std::string(qrt_op_name(s.op)) + " " + dimsOf(p.input) + " axis" +
           std::to_string(q.quant.axis);
  return c;
}

OpCase genConcat(Rng &rng, const SweepSpec &s) {
  OpCase c;
  c.family = kConcat;
  qrt_concat_params &p = c.cc;
  qrt_tensor_desc y = randomDesc(rng, s.in, 1, 4, 7);
  randomQuant(rng, y, 0.01f, 0.1f);
  p.axis = rng.uni(0, y.rank - 1);
  p.num_inputs = rng.uni(1, 5);
  y.dims[p.axis] = 0;
  for (int i = 0; i < p.num_inputs; ++i) {
    qrt_tensor_desc x = y;
    x.dims[p.axis] = rng.uni(1, 6);
    y.dims[p.axis] += x.dims[p.axis];
    c.ccIn.push_back(x);
  }
  p.output = y;
  if (rng.uni(0, 1))
    p.axis -= y.rank; // negative axes are accepted too
  c.ins = c.ccIn;
  c.out = y;
  c.name = "concat " + std::to_string(p.num_inputs) + " -> " + dimsOf(y) + " axis " +
           std::to_string(p.axis);
  return c;
}

OpCase genResize(Rng &rng, const SweepSpec &s) {
  OpCase c;
  c.family = kResize;
  qrt_resize_params &p = c.rs;
  const int64_t N = rng.uni(1, 2), C = rng.uni(1, 11);
  p.input = desc(s.in, {N, rng.uni(1, 9), rng.uni(1, 9), C});
  p.output = desc(s.in, {N, rng.uni(1, 17), rng.uni(1, 17), C});
  randomQuant(rng, p.input, 0.01f, 0.1f);
  p.output.quant = p.input.quant;
  p.mode = QRT_RESIZE_BILINEAR;
  p.coord = (qrt_resize_coord)rng.uni(0, 2);
  c.ins = {p.input};
  c.out = p.output;
  c.name = "resize " + dimsOf(p.input) + " -> " + dimsOf(p.output) + " coord" +
           std::to_string(p.coord);
  return c;
}

OpCase genLayout(Rng &rng, const SweepSpec &s) {
  OpCase c;
  c.family = kLayout;
  qrt_layout_params &p = c.ly;
  p.op = s.op;
  p.input = randomDesc(rng, s.in, 1, 5, 6);
  randomQuant(rng, p.input, 0.01f, 0.1f);
  p.output = p.input;
  if (s.op == QRT_OP_TRANSPOSE) {
    std::vector<int> perm(p.input.rank);
    std::iota(perm.begin(), perm.end(), 0);
    std::shuffle(perm.begin(), perm.end(), rng.gen);
    for (int i = 0; i < p.input.rank; ++i) {
      p.perm[i] = perm[i];
      p.output.dims[i] = p.input.dims[perm[i]];
    }
  } else {
    int64_t n = numel(p.input), a = 1;
    for (int64_t d = 1; d <= n; ++d)
      if (n % d == 0 && rng.uni(0, 2) == 0)
        a = d;
    p.output.rank = 2;
    p.output.dims[0] = a, p.output.dims[1] = n / a;
  }
  c.ins = {p.input};
  c.out = p.output;
  c.name = std::string(qrt_op_name(s.op)) + " " + dimsOf(p.input) + " -> " + dimsOf(p.output);
  return c;
}

OpCase generate(Rng &rng, const SweepSpec &s) {
  switch (familyOf(s.op)) {
  case kPool: return genPool(rng, s);
  case kBinary: return genBinary(rng, s);
  case kUnary: return genUnary(rng, s);
  case kConvert: return genConvert(rng, s);
  case kConcat: return genConcat(rng, s);
  case kResize: return genResize(rng, s);
  case kLayout: return genLayout(rng, s);
  }
  return OpCase{};
}

// ---- the sweep ------------------------------------------------------------------

struct Stats {
  int native = 0, cases = 0;
  int64_t elements = 0, offByOne = 0;
  int32_t worstLsb = 0;
  double worstRel = 0;
};

void accumulate(Stats &st, const Buf &got, const Buf &ref, const qrt_tensor_desc &d) {
  const int64_t n = numel(d);
  st.elements += n;
  for (int64_t i = 0; i < n; ++i) {
    if (d.dtype == QRT_F32) {
      float a, b;
      std::memcpy(&a, got.bytes.data() + 4 * i, 4);
      std::memcpy(&b, ref.bytes.data() + 4 * i, 4);
      st.worstRel = std::max(st.worstRel, (double)std::fabs(a - b) / std::max(1.f, std::fabs(b)));
    } else {
      int32_t diff = std::abs(loadInt(got, d.dtype, i) - loadInt(ref, d.dtype, i));
      st.worstLsb = std::max(st.worstLsb, diff);
      st.offByOne += diff != 0;
    }
  }
}

/// Runs one case on `be` and on ref; returns whether `be` ran it natively.
bool runCase(qrt_context *ctx, const SweepSpec &s, OpCase &c, Stats &st) {
  qrt_kernel *k = nullptr, *kr = nullptr;
  EXPECT_EQ(c.create(ctx, s.be, &k), QRT_OK) << c.name << ": " << qrt_last_error();
  if (!k)
    return false;
  const bool native = qrt_kernel_backend(k) == s.be;
  if (!native) {
    EXPECT_STRNE(qrt_kernel_fallback_reason(k), "") << c.name;
  }
  EXPECT_EQ(c.create(ctx, QRT_BACKEND_REF, &kr), QRT_OK) << c.name << ": " << qrt_last_error();
  if (!kr) {
    qrt_kernel_destroy(k);
    return false;
  }
  Rng rng((uint32_t)(numel(c.out) * 131 + c.ins.size()));
  std::vector<Buf> bufs;
  for (const qrt_tensor_desc &d : c.ins) {
    bufs.emplace_back(d);
    rng.fill(bufs.back(), d);
    if (d.dtype == QRT_F32)
      for (int64_t i = 0; i < numel(d); ++i)
        bufs.back().as<float>()[i] = rng.unif(c.f32Lo, c.f32Hi);
  }
  std::vector<Buf *> ins;
  for (Buf &b : bufs)
    ins.push_back(&b);
  Buf y(c.out), yr(c.out), y2(c.out);
  run(k, ins, y);
  run(kr, ins, yr);
  EXPECT_EQ(compare(y, yr, c.out, s.lsb, 1e-4f, c.name), 0) << c.name;
  // Run again: the prebuilt primitive/operator is reused, results are stable.
  run(k, ins, y2);
  EXPECT_EQ(y2.bytes, y.bytes) << c.name;
  if (native)
    accumulate(st, y, yr, c.out);
  qrt_kernel_destroy(k);
  qrt_kernel_destroy(kr);
  return native;
}

std::string fmtG(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.3g", v);
  return b;
}

class OpSweep : public ::testing::TestWithParam<SweepSpec> {};

/// Sweeps `n` random cases of `s` on a context; checks the query agrees and
/// that >= 90% ran natively.
void sweep(qrt_context *ctx, const SweepSpec &s, int n) {
  // The table must agree with the query (flags = 0 variant).
  qrt_capability_query q{};
  q.op = s.op;
  q.input_dtype = s.in;
  q.weight_dtype = familyOf(s.op) == kBinary ? s.in : QRT_F32;
  q.output_dtype = s.out;
  q.layout = QRT_LAYOUT_NHWC;
  const char *why = "";
  EXPECT_EQ(qrt_backend_supports(ctx, s.be, &q, &why), 1) << why;
  Stats st;
  const uint32_t seed = (uint32_t)(s.be * 1000 + s.op * 37 + s.in * 7 + s.out);
  Rng rng(seed);
  for (int i = 0; i < n; ++i) {
    OpCase c = generate(rng, s);
    st.native += runCase(ctx, s, c, st);
    ++st.cases;
    if (::testing::Test::HasFailure())
      break;
  }
  EXPECT_GE(st.native, n * 9 / 10) << "only " << st.native << "/" << n << " ran on "
                                   << qrt_backend_name(s.be);
  std::printf("[ sweep ] %-8s %-28s native %d/%d, %lld elements, %s\n", qrt_backend_name(s.be),
              specName(s).c_str(), st.native, st.cases, (long long)st.elements,
              s.out == QRT_F32 && s.in == QRT_F32
                  ? ("max rel err " + fmtG(st.worstRel)).c_str()
              : s.out == QRT_F32
                  ? ("max rel err " + fmtG(st.worstRel)).c_str()
                  : ("max |diff| " + std::to_string(st.worstLsb) + " LSB (" +
                     std::to_string(st.offByOne) + " elements off)")
                        .c_str());
}

TEST_P(OpSweep, MatchesRef) {
  const SweepSpec &s = GetParam();
  if (!qrt_backend_available(s.be))
    GTEST_SKIP() << qrt_backend_name(s.be) << " not built";
  qrt_context *ctx = makeContext();
  sweep(ctx, s, numCases());
  qrt_context_destroy(ctx);
}

// Every combination the capability table claims for the non-conv ops.
// lsb: oneDNN is bit-exact except where its f32 scale/zero-point arithmetic
// rounds differently at ties (avg-pool requantization, quantize by a
// reciprocal, requantize); XNNPACK int8 within 1 LSB (docs/runtime.md).
const SweepSpec kOneDnn[] = {
    {QRT_BACKEND_ONEDNN, QRT_OP_MAX_POOL, QRT_F32, QRT_F32, 0, 0},
    {QRT_BACKEND_ONEDNN, QRT_OP_MAX_POOL, QRT_U8, QRT_U8, 0, 0},
    {QRT_BACKEND_ONEDNN, QRT_OP_MAX_POOL, QRT_S8, QRT_S8, 0, 0},
    {QRT_BACKEND_ONEDNN, QRT_OP_AVG_POOL, QRT_F32, QRT_F32, 0, QRT_CAP_POOL_PADDED | QRT_CAP_POOL_COUNT_PAD},
    {QRT_BACKEND_ONEDNN, QRT_OP_AVG_POOL, QRT_U8, QRT_U8, 1, QRT_CAP_POOL_PADDED | QRT_CAP_POOL_COUNT_PAD},
    {QRT_BACKEND_ONEDNN, QRT_OP_AVG_POOL, QRT_S8, QRT_S8, 1, QRT_CAP_POOL_PADDED | QRT_CAP_POOL_COUNT_PAD},
    {QRT_BACKEND_ONEDNN, QRT_OP_GLOBAL_AVG_POOL, QRT_F32, QRT_F32, 0, 0},
    {QRT_BACKEND_ONEDNN, QRT_OP_GLOBAL_AVG_POOL, QRT_U8, QRT_U8, 1, 0},
    {QRT_BACKEND_ONEDNN, QRT_OP_GLOBAL_AVG_POOL, QRT_S8, QRT_S8, 1, 0},
    {QRT_BACKEND_ONEDNN, QRT_OP_ADD, QRT_F32, QRT_F32, 0, 0},
    {QRT_BACKEND_ONEDNN, QRT_OP_MUL, QRT_F32, QRT_F32, 0, 0},
    {QRT_BACKEND_ONEDNN, QRT_OP_SIGMOID, QRT_F32, QRT_F32, 0, 0},
    {QRT_BACKEND_ONEDNN, QRT_OP_HARD_SWISH, QRT_F32, QRT_F32, 0, 0},
    {QRT_BACKEND_ONEDNN, QRT_OP_SWISH, QRT_F32, QRT_F32, 0, 0},
    {QRT_BACKEND_ONEDNN, QRT_OP_SOFTMAX, QRT_F32, QRT_F32, 0, 0},
    {QRT_BACKEND_ONEDNN, QRT_OP_QUANTIZE, QRT_F32, QRT_U8, 1, QRT_CAP_PER_CHANNEL},
    {QRT_BACKEND_ONEDNN, QRT_OP_QUANTIZE, QRT_F32, QRT_S8, 1, QRT_CAP_PER_CHANNEL},
    {QRT_BACKEND_ONEDNN, QRT_OP_DEQUANTIZE, QRT_U8, QRT_F32, 0, QRT_CAP_PER_CHANNEL},
    {QRT_BACKEND_ONEDNN, QRT_OP_DEQUANTIZE, QRT_S8, QRT_F32, 0, QRT_CAP_PER_CHANNEL},
    {QRT_BACKEND_ONEDNN, QRT_OP_REQUANTIZE, QRT_U8, QRT_U8, 1, 0},
    {QRT_BACKEND_ONEDNN, QRT_OP_REQUANTIZE, QRT_U8, QRT_S8, 1, 0},
    {QRT_BACKEND_ONEDNN, QRT_OP_REQUANTIZE, QRT_S8, QRT_U8, 1, 0},
    {QRT_BACKEND_ONEDNN, QRT_OP_REQUANTIZE, QRT_S8, QRT_S8, 1, 0},
    {QRT_BACKEND_ONEDNN, QRT_OP_CONCAT, QRT_F32, QRT_F32, 0, 0},
    {QRT_BACKEND_ONEDNN, QRT_OP_CONCAT, QRT_U8, QRT_U8, 0, 0},
    {QRT_BACKEND_ONEDNN, QRT_OP_CONCAT, QRT_S8, QRT_S8, 0, 0},
    {QRT_BACKEND_ONEDNN, QRT_OP_RESHAPE, QRT_F32, QRT_F32, 0, 0},
    {QRT_BACKEND_ONEDNN, QRT_OP_RESHAPE, QRT_U8, QRT_U8, 0, 0},
    {QRT_BACKEND_ONEDNN, QRT_OP_RESHAPE, QRT_S8, QRT_S8, 0, 0},
    {QRT_BACKEND_ONEDNN, QRT_OP_RESHAPE, QRT_S32, QRT_S32, 0, 0},
    {QRT_BACKEND_ONEDNN, QRT_OP_TRANSPOSE, QRT_F32, QRT_F32, 0, 0},
    {QRT_BACKEND_ONEDNN, QRT_OP_TRANSPOSE, QRT_U8, QRT_U8, 0, 0},
    {QRT_BACKEND_ONEDNN, QRT_OP_TRANSPOSE, QRT_S8, QRT_S8, 0, 0},
    {QRT_BACKEND_ONEDNN, QRT_OP_TRANSPOSE, QRT_S32, QRT_S32, 0, 0},
};

const SweepSpec kXnnpack[] = {
    // add/mul also have the 100-case sweeps of BackendTest.cpp (both operands broadcast).
    {QRT_BACKEND_XNNPACK, QRT_OP_ADD, QRT_F32, QRT_F32, 1, 0},
    {QRT_BACKEND_XNNPACK, QRT_OP_ADD, QRT_U8, QRT_U8, 1, 0},
    {QRT_BACKEND_XNNPACK, QRT_OP_ADD, QRT_S8, QRT_S8, 1, 0},
    {QRT_BACKEND_XNNPACK, QRT_OP_MUL, QRT_F32, QRT_F32, 1, 0},
    {QRT_BACKEND_XNNPACK, QRT_OP_MUL, QRT_U8, QRT_U8, 1, 0},
    {QRT_BACKEND_XNNPACK, QRT_OP_MUL, QRT_S8, QRT_S8, 1, 0},
    {QRT_BACKEND_XNNPACK, QRT_OP_MAX_POOL, QRT_F32, QRT_F32, 1, 0},
    {QRT_BACKEND_XNNPACK, QRT_OP_MAX_POOL, QRT_U8, QRT_U8, 1, 0},
    {QRT_BACKEND_XNNPACK, QRT_OP_MAX_POOL, QRT_S8, QRT_S8, 1, 0},
        {QRT_BACKEND_XNNPACK, QRT_OP_AVG_POOL, QRT_F32, QRT_F32, 1, QRT_CAP_POOL_PADDED},
    {QRT_BACKEND_XNNPACK, QRT_OP_AVG_POOL, QRT_U8, QRT_U8, 1, QRT_CAP_POOL_COUNT_PAD},
    {QRT_BACKEND_XNNPACK, QRT_OP_GLOBAL_AVG_POOL, QRT_F32, QRT_F32, 1, 0},
    {QRT_BACKEND_XNNPACK, QRT_OP_GLOBAL_AVG_POOL, QRT_U8, QRT_U8, 1, 0},
    {QRT_BACKEND_XNNPACK, QRT_OP_GLOBAL_AVG_POOL, QRT_S8, QRT_S8, 1, 0},
    {QRT_BACKEND_XNNPACK, QRT_OP_SIGMOID, QRT_F32, QRT_F32, 1, 0},
    {QRT_BACKEND_XNNPACK, QRT_OP_SIGMOID, QRT_U8, QRT_U8, 1, 0},
    {QRT_BACKEND_XNNPACK, QRT_OP_SIGMOID, QRT_S8, QRT_S8, 1, 0},
    {QRT_BACKEND_XNNPACK, QRT_OP_HARD_SWISH, QRT_F32, QRT_F32, 1, 0},
    {QRT_BACKEND_XNNPACK, QRT_OP_SOFTMAX, QRT_F32, QRT_F32, 1, 0},
    {QRT_BACKEND_XNNPACK, QRT_OP_SOFTMAX, QRT_U8, QRT_U8, 1, 0},
    {QRT_BACKEND_XNNPACK, QRT_OP_QUANTIZE, QRT_F32, QRT_U8, 1, 0},
    {QRT_BACKEND_XNNPACK, QRT_OP_QUANTIZE, QRT_F32, QRT_S8, 1, 0},
    {QRT_BACKEND_XNNPACK, QRT_OP_DEQUANTIZE, QRT_U8, QRT_F32, 1, 0},
    {QRT_BACKEND_XNNPACK, QRT_OP_DEQUANTIZE, QRT_S8, QRT_F32, 1, 0},
    {QRT_BACKEND_XNNPACK, QRT_OP_CONCAT, QRT_F32, QRT_F32, 1, 0},
    {QRT_BACKEND_XNNPACK, QRT_OP_CONCAT, QRT_U8, QRT_U8, 1, 0},
    {QRT_BACKEND_XNNPACK, QRT_OP_CONCAT, QRT_S8, QRT_S8, 1, 0},
    {QRT_BACKEND_XNNPACK, QRT_OP_RESIZE, QRT_F32, QRT_F32, 1, 0},
    {QRT_BACKEND_XNNPACK, QRT_OP_RESIZE, QRT_U8, QRT_U8, 1, 0},
    {QRT_BACKEND_XNNPACK, QRT_OP_RESIZE, QRT_S8, QRT_S8, 1, 0},
    {QRT_BACKEND_XNNPACK, QRT_OP_RESHAPE, QRT_F32, QRT_F32, 1, 0},
    {QRT_BACKEND_XNNPACK, QRT_OP_RESHAPE, QRT_U8, QRT_U8, 1, 0},
    {QRT_BACKEND_XNNPACK, QRT_OP_RESHAPE, QRT_S8, QRT_S8, 1, 0},
    {QRT_BACKEND_XNNPACK, QRT_OP_RESHAPE, QRT_S32, QRT_S32, 1, 0},
};

std::string paramName(const ::testing::TestParamInfo<SweepSpec> &info) {
  return specName(info.param);
}

INSTANTIATE_TEST_SUITE_P(OneDnnOps, OpSweep, ::testing::ValuesIn(kOneDnn), paramName);
INSTANTIATE_TEST_SUITE_P(XnnpackOps, OpSweep, ::testing::ValuesIn(kXnnpack), paramName);

/// The table above is complete: every (op, dtypes, flag) combination of the
/// non-conv ops that the capability query claims for onednn/xnnpack has a
/// sweep (that also covers the flag).
TEST(OpCoverage, EveryClaimedCombinationIsSwept) {
  const qrt_op ops[] = {QRT_OP_ADD,        QRT_OP_MUL,        QRT_OP_MAX_POOL,
                        QRT_OP_AVG_POOL,   QRT_OP_GLOBAL_AVG_POOL, QRT_OP_CONCAT,
                        QRT_OP_RESIZE,     QRT_OP_SIGMOID,    QRT_OP_HARD_SWISH,
                        QRT_OP_SWISH,      QRT_OP_SOFTMAX,    QRT_OP_QUANTIZE,
                        QRT_OP_DEQUANTIZE, QRT_OP_REQUANTIZE, QRT_OP_RESHAPE,
                        QRT_OP_TRANSPOSE};
  const qrt_dtype types[] = {QRT_F32, QRT_U8, QRT_S8, QRT_S32};
  const uint32_t flagSets[] = {0, QRT_CAP_PER_CHANNEL, QRT_CAP_POOL_PADDED,
                               QRT_CAP_POOL_PADDED | QRT_CAP_POOL_COUNT_PAD,
                               QRT_CAP_RESIZE_NEAREST};
  int claimed = 0;
  for (qrt_backend be : {QRT_BACKEND_ONEDNN, QRT_BACKEND_XNNPACK}) {
    if (!qrt_backend_available(be))
      continue;
    for (qrt_op op : ops)
      for (qrt_dtype in : types)
        for (qrt_dtype out : types)
          for (uint32_t fl : flagSets) {
            // Only combinations create accepts (ref's dtype rules).
            const Family f = familyOf(op);
            const bool q = in == QRT_U8 || in == QRT_S8, qo = out == QRT_U8 || out == QRT_S8;
            bool valid = f == kLayout ? in == out
                         : op == QRT_OP_QUANTIZE ? in == QRT_F32 && qo
                         : op == QRT_OP_DEQUANTIZE ? q && out == QRT_F32
                         : op == QRT_OP_REQUANTIZE ? q && qo
                         : f == kPool ? in == out && in != QRT_S32
                                      : (in == QRT_F32) == (out == QRT_F32) && in != QRT_S32 &&
                                            out != QRT_S32;
            const bool relevant =
                fl == 0 ||
                (fl == QRT_CAP_PER_CHANNEL && (op == QRT_OP_QUANTIZE || op == QRT_OP_DEQUANTIZE)) ||
                ((fl & QRT_CAP_POOL_PADDED) && op == QRT_OP_AVG_POOL) ||
                (fl == QRT_CAP_RESIZE_NEAREST && op == QRT_OP_RESIZE);
            if (!valid || !relevant)
              continue;
            qrt_capability_query qq{};
            qq.op = op;
            qq.input_dtype = in;
            qq.weight_dtype = f == kBinary ? in : QRT_F32;
            qq.output_dtype = out;
            qq.layout = QRT_LAYOUT_NHWC;
            qq.flags = fl;
            if (!qrt_backend_supports(nullptr, be, &qq, nullptr))
              continue;
            ++claimed;
            bool found = false;
            // The padded avg-pool variants: PADDED|COUNT_PAD is covered by a
            // sweep with COUNT_PAD, PADDED alone by one with PADDED.
            const uint32_t need = (fl & QRT_CAP_POOL_COUNT_PAD) ? QRT_CAP_POOL_COUNT_PAD : fl;
            auto match = [&](const SweepSpec &s) {
              return s.be == be && s.op == op && s.in == in && s.out == out &&
                     (need & s.flags) == need;
            };
            found = std::any_of(std::begin(kOneDnn), std::end(kOneDnn), match) ||
                    std::any_of(std::begin(kXnnpack), std::end(kXnnpack), match);
            EXPECT_TRUE(found) << qrt_backend_name(be) << " claims " << qrt_op_name(op)
                               << " in " << in << " out " << out << " flags " << fl
                               << " but no sweep tests it";
          }
  }
  RecordProperty("claimed", claimed);
}

// num_threads = 2 (OpenMP for oneDNN, pthreadpool for XNNPACK): same results.
TEST(Threads, OpsTwoThreadsMatchRef) {
  qrt_context *ctx = makeContext(0, 2);
  const SweepSpec specs[] = {
      {QRT_BACKEND_ONEDNN, QRT_OP_AVG_POOL, QRT_U8, QRT_U8, 1,
       QRT_CAP_POOL_PADDED | QRT_CAP_POOL_COUNT_PAD},
      {QRT_BACKEND_ONEDNN, QRT_OP_SOFTMAX, QRT_F32, QRT_F32, 0, 0},
      {QRT_BACKEND_ONEDNN, QRT_OP_QUANTIZE, QRT_F32, QRT_U8, 1, QRT_CAP_PER_CHANNEL},
      {QRT_BACKEND_ONEDNN, QRT_OP_CONCAT, QRT_S8, QRT_S8, 0, 0},
      {QRT_BACKEND_XNNPACK, QRT_OP_MAX_POOL, QRT_S8, QRT_S8, 1, 0},
      {QRT_BACKEND_XNNPACK, QRT_OP_SIGMOID, QRT_S8, QRT_S8, 1, 0},
      {QRT_BACKEND_XNNPACK, QRT_OP_CONCAT, QRT_U8, QRT_U8, 1, 0},
      {QRT_BACKEND_XNNPACK, QRT_OP_RESIZE, QRT_F32, QRT_F32, 1, 0},
  };
  for (const SweepSpec &s : specs)
    if (qrt_backend_available(s.be))
      sweep(ctx, s, 8);
  qrt_context_destroy(ctx);
}

} // namespace

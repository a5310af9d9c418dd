// Bit-exact cross-check against libquantrt: observer histograms and the reference requantization/quantize.
#include "TestData.h"

#include "lib/Calibration/Histogram.h"
#include "lib/Calibration/QuantParams.h"
#include "lib/Calibration/Requantize.h"

#include "quantrt/quantrt.h"
#include "runtime/ref/RefCommon.h"

#include <gtest/gtest.h>

#include <random>

using namespace qmlir::calib;
using namespace calib_test;

namespace {

struct RtObserver {
  qrt_observer *o = nullptr;
  RtObserver() { EXPECT_EQ(qrt_observer_create(QRT_OBSERVER_HISTOGRAM, -1, 0, &o), QRT_OK); }
  ~RtObserver() { qrt_observer_destroy(o); }
  void update(const float *x, int64_t n) {
    qrt_tensor_desc d{};
    d.dtype = QRT_F32;
    d.rank = 1;
    d.dims[0] = n;
    ASSERT_EQ(qrt_observer_update(o, &d, x), QRT_OK) << qrt_last_error();
  }
  Histogram hist() const {
    qrt_observer_stats s;
    EXPECT_EQ(qrt_observer_get(o, &s), QRT_OK);
    auto h = Histogram::fromExponent(s.range_exp, s.bins, (size_t)s.num_bins);
    EXPECT_TRUE(h.has_value());
    return h ? *h : Histogram();
  }
};

void expectSame(const Histogram &a, const Histogram &b) {
  ASSERT_EQ(a.range, b.range);
  ASSERT_EQ(a.bins, b.bins);
}

} // namespace

TEST(RuntimeCrossCheck, ObserverHistogramBinForBin) {
  std::mt19937_64 g(1);
  for (int trial = 0; trial < 20; ++trial) {
    double scale = std::ldexp(1.0, (int)(g() % 60) - 30);
    auto v = gaussian(5000, scale, 10 + trial, trial % 3 == 0 ? 3 * scale : 0);
    v[g() % v.size()] = (float)std::ldexp(1.0, (int)(g() % 60) - 30); // exact powers of two
    v[g() % v.size()] = -(float)scale;
    v[g() % v.size()] = NAN;
    RtObserver rt;
    Histogram mine;
    size_t pos = 0;
    while (pos < v.size()) {
      size_t len = std::min(v.size() - pos, (size_t)(g() % 1500 + 1));
      rt.update(v.data() + pos, (int64_t)len);
      mine.observe(v.data() + pos, len);
      pos += len;
    }
    expectSame(mine, rt.hist());
  }
}

// A batch of only zeros must not set a range (frexp(0) reports exponent 0),
// or the histogram would depend on how the data were batched.
TEST(RuntimeCrossCheck, AllZeroBatchDoesNotSetRange) {
  std::vector<float> zeros(100, 0.f);
  auto v = gaussian(1000, 1e-3, 5);
  RtObserver rt;
  rt.update(zeros.data(), (int64_t)zeros.size());
  rt.update(v.data(), (int64_t)v.size());
  Histogram mine;
  mine.observe(zeros.data(), zeros.size());
  mine.observe(v.data(), v.size());
  expectSame(mine, rt.hist());
}

TEST(RuntimeCrossCheck, RequantizeMatchesReferenceBackend) {
  std::mt19937_64 g(2);
  std::uniform_real_distribution<double> lg(std::log(1e-6), std::log(10.0));
  for (int i = 0; i < 100000; ++i) {
    int bits = (int)(g() % 31);
    int32_t acc = (int32_t)((int64_t)(g() % ((uint64_t)1 << bits)) * ((g() & 1) ? -1 : 1));
    float m = (float)std::exp(lg(g));
    int32_t zp = 0, lo = -128, hi = 127;
    if (g() & 1)
      zp = (int32_t)(g() % 256), lo = 0, hi = 255;
    int32_t ref = qrt::ref::requantizeAcc(acc, 0, m, false, 0, 0.f, zp, lo, hi);
    ASSERT_EQ(requantizeFloat(acc, m, zp, lo, hi), ref) << "acc " << acc << " m " << m;
  }
  float sx = 0.0186f, sw = 0.0031f, sy = 0.021f;
  EXPECT_EQ(requantMultiplierF32(sx, sw, sy), qrt::requantMultiplier(sx, sw, sy));
}

TEST(RuntimeCrossCheck, QuantizeMatchesRuntime) {
  std::mt19937_64 g(3);
  std::uniform_real_distribution<double> u(-4, 4);
  for (int i = 0; i < 50000; ++i) {
    float s = (float)(std::fabs(u(g)) * 0.01 + 1e-4);
    float x = (float)(u(g) * (i % 3 == 0 ? 1000 : 1));
    if (i % 5 == 0) // exact ties x / s = k + 0.5
      x = (float)(((int)(g() % 200) - 100) + 0.5) * s;
    int32_t zp = (int32_t)(g() % 256);
    ASSERT_EQ(quantizeF32(x, s, zp, 0, 255), qrt::quantizeValue(x, s, zp, QRT_U8))
        << x << " / " << s;
    int32_t zs = (int32_t)(g() % 21) - 10;
    ASSERT_EQ(quantizeF32(x, s, zs, -128, 127), qrt::quantizeValue(x, s, zs, QRT_S8));
  }
}

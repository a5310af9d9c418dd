// chooseQuantParams properties, quantize ties/saturation, and per-channel weight parameters.
#include "TestData.h"

#include "lib/Calibration/QuantParams.h"

#include <gtest/gtest.h>

#include <cfenv>
#include <cmath>
#include <limits>

using namespace qmlir::calib;
using namespace calib_test;

namespace {
bool isF32(double v) { return (double)(float)v == v; }
} // namespace

TEST(QuantParams, AsymmetricZeroExactAndRangeCovered) {
  std::mt19937_64 g(1);
  std::uniform_real_distribution<double> u(0, 1);
  struct Grid {
    int64_t qmin, qmax;
  };
  for (Grid grid : {Grid{0, 255}, Grid{-128, 127}, Grid{0, 15}}) {
    for (int trial = 0; trial < 2000; ++trial) {
      double mag = std::pow(10.0, u(g) * 8 - 4);
      double lo = -u(g) * mag, hi = u(g) * mag;
      if (trial % 7 == 0)
        lo = 0; // ReLU-like
      QuantParams p = chooseQuantParams({lo, hi}, grid.qmin, grid.qmax, false);
      ASSERT_GT(p.scale, 0);
      ASSERT_TRUE(isF32(p.scale));
      ASSERT_GE(p.zeroPoint, grid.qmin);
      ASSERT_LE(p.zeroPoint, grid.qmax);
      // 0.0 is exactly the integer zero point.
      ASSERT_EQ(quantize(0.0, p), p.zeroPoint);
      ASSERT_EQ(dequantize(p.zeroPoint, p), 0.0);
      // Scale is (hi - lo) / (qmax - qmin) up to f32 rounding.
      double raw = (hi - lo) / (grid.qmax - grid.qmin);
      if (raw < kMinScale) {
        ASSERT_EQ(p.scale, kMinScale);
      } else {
        ASSERT_NEAR(p.scale, raw, 1e-7 * p.scale);
      }
      // Every value of [lo, hi] is within half a step after the round trip
      // (the zero-point nudge moves the grid by at most half a step).
      for (double x : {lo, hi, lo + (hi - lo) * u(g), lo + (hi - lo) * u(g)}) {
        double err = std::fabs(dequantize(quantize(x, p), p) - x);
        ASSERT_LE(err, 0.5 * p.scale * (1 + 1e-6)) << "x " << x << " in [" << lo << ", " << hi << "]";
      }
      if (lo == 0) {
        ASSERT_EQ(p.zeroPoint, grid.qmin);
      }
    }
  }
}

TEST(QuantParams, SymmetricZeroPoints) {
  QuantParams s8 = chooseQuantParams({-2.0, 1.0}, -127, 127, true);
  EXPECT_EQ(s8.zeroPoint, 0);
  EXPECT_EQ(s8.scale, (double)(float)(2.0 / 127));
  EXPECT_EQ(quantize(-2.0, s8), -127);
  EXPECT_EQ(quantize(2.0, s8), 127);
  EXPECT_LE(std::fabs(dequantize(quantize(1.0, s8), s8) - 1.0), 0.5 * s8.scale);
  QuantParams full = chooseQuantParams({-2.0, 1.0}, -128, 127, true);
  EXPECT_EQ(full.zeroPoint, 0);
  EXPECT_EQ(full.scale, (double)(float)(2.0 / 127.5));
  QuantParams u8 = chooseQuantParams({-1.0, 3.0}, 0, 255, true);
  EXPECT_EQ(u8.zeroPoint, 128);
  EXPECT_EQ(u8.scale, (double)(float)(3.0 / 127.5));
  EXPECT_EQ(quantize(0.0, u8), 128);
  // -3 / s is a tie at -127.5 before the f32 rounding of s; either way it
  // is within half a step, and anything below saturates at 0.
  EXPECT_LE(std::fabs(dequantize(quantize(-3.0, u8), u8) + 3.0), 0.5 * u8.scale * (1 + 1e-6));
  EXPECT_EQ(quantize(-3.1, u8), 0);
  EXPECT_EQ(quantize(3.0, u8), 255);
  QuantParams w7 = chooseQuantParams({-1.0, 1.0}, -63, 63, true);
  EXPECT_EQ(w7.zeroPoint, 0);
  EXPECT_EQ(quantize(1.0, w7), 63);
}

TEST(QuantParams, RangeIsExtendedToZeroAndDegenerateInputs) {
  QuantParams p = chooseQuantParams({1.0, 2.0}, 0, 255, false); // -> [0, 2]
  EXPECT_EQ(p.zeroPoint, 0);
  EXPECT_EQ(p.scale, (double)(float)(2.0 / 255));
  QuantParams n = chooseQuantParams({-4.0, -1.0}, 0, 255, false); // -> [-4, 0]
  EXPECT_EQ(n.zeroPoint, 255);
  QuantParams z = chooseQuantParams({0, 0}, -128, 127, false);
  EXPECT_EQ(z.scale, kMinScale);
  EXPECT_EQ(z.zeroPoint, -128);
  QuantParams zs = chooseQuantParams({0, 0}, -127, 127, true);
  EXPECT_EQ(zs.scale, kMinScale);
  EXPECT_EQ(zs.zeroPoint, 0);
  QuantParams nan = chooseQuantParams({NAN, NAN}, 0, 255, false);
  EXPECT_EQ(nan.scale, kMinScale);
  QuantParams bad = chooseQuantParams({-1, 1}, 5, 5, false);
  EXPECT_EQ(bad.scale, 1.0);
  EXPECT_EQ(bad.zeroPoint, 5);
  QuantParams huge = chooseQuantParams({-INFINITY, INFINITY}, 0, 255, false);
  EXPECT_TRUE(std::isfinite(huge.scale));
}

TEST(QuantParams, QuantizeTiesToEvenAndSaturates) {
  QuantParams p{1.0, 0, -128, 127};
  EXPECT_EQ(quantize(2.5, p), 2);
  EXPECT_EQ(quantize(3.5, p), 4);
  EXPECT_EQ(quantize(-2.5, p), -2);
  EXPECT_EQ(quantize(-3.5, p), -4);
  EXPECT_EQ(quantize(0.5, p), 0);
  EXPECT_EQ(quantize(1.5, p), 2);
  EXPECT_EQ(quantize(2.5000001, p), 3);
  EXPECT_EQ(quantize(127.5, p), 127);
  EXPECT_EQ(quantize(-128.5, p), -128);
  EXPECT_EQ(quantize(1e300, p), 127);
  EXPECT_EQ(quantize(-1e300, p), -128);
  EXPECT_EQ(quantize(INFINITY, p), 127);
  EXPECT_EQ(quantize(-INFINITY, p), -128);
  EXPECT_EQ(quantize(NAN, p), 0);
  QuantParams q{0.5, 10, 0, 255}; // x / s = 2.5 at x = 1.25
  EXPECT_EQ(quantize(1.25, q), 12);
  EXPECT_EQ(quantize(1.75, q), 14);
  EXPECT_EQ(quantize(-5.0, q), 0);   // -10 + 10
  EXPECT_EQ(quantize(-5.25, q), 0);  // saturates at qmin
  EXPECT_EQ(quantize(122.5, q), 255);
  EXPECT_EQ(quantize(200.0, q), 255);
  EXPECT_EQ(dequantize(12, q), 1.0);
  EXPECT_EQ(dequantize(0, q), -5.0);
}

TEST(QuantParams, RoundHalfToEvenMatchesNearbyint) {
  ASSERT_EQ(std::fegetround(), FE_TONEAREST);
  std::mt19937_64 g(2);
  std::uniform_real_distribution<double> u(-300, 300);
  for (int i = 0; i < 20000; ++i) {
    double v = i % 4 == 0 ? std::floor(u(g)) + 0.5 : u(g) * std::pow(2.0, (int)(g() % 80) - 20);
    ASSERT_EQ(roundHalfToEven(v), std::nearbyint(v)) << v;
    float f = (float)v;
    ASSERT_EQ(roundHalfToEvenF32(f), std::nearbyint(f)) << f;
  }
  EXPECT_EQ(roundHalfToEven(-0.5), 0.0);
  EXPECT_EQ(roundHalfToEven(4503599627370497.0), 4503599627370497.0);
}

TEST(QuantParams, QuantizeF32AgreesWithDoubleAwayFromTies) {
  std::mt19937_64 g(3);
  std::uniform_real_distribution<double> u(-3, 3);
  int differ = 0;
  for (int i = 0; i < 50000; ++i) {
    float s = (float)(u(g) * u(g) * 0.01 + 0.02);
    int32_t z = (int32_t)(g() % 256);
    float x = (float)(u(g) * 2);
    QuantParams p{(double)s, z, 0, 255};
    int64_t qd = quantize(x, p);
    int32_t qf = quantizeF32(x, s, z, 0, 255);
    if (qd != qf) {
      ++differ;
      double t = (double)x / s;
      ASSERT_LE(std::abs(qd - qf), 1);
      ASSERT_LT(std::fabs(std::fabs(t - std::floor(t)) - 0.5), 1e-6 * std::fabs(t) + 1e-9);
    }
  }
  EXPECT_LT(differ, 50);
  EXPECT_EQ(quantizeF32(2.5f, 1.f, 0, -128, 127), 2);
  EXPECT_EQ(quantizeF32(3.5f, 1.f, 0, -128, 127), 4);
  EXPECT_EQ(quantizeF32(1e30f, 1.f, 3, 0, 255), 255);
  EXPECT_EQ(quantizeF32(-1e30f, 1.f, 3, 0, 255), 0);
  EXPECT_EQ(quantizeF32(NAN, 1.f, 3, 0, 255), 3);
}

TEST(QuantParams, PerChannelWeights) {
  const int64_t C = 4, K = 50;
  auto w = gaussian(C * K, 1.0, 4);
  for (int64_t c = 0; c < C; ++c)
    for (int64_t k = 0; k < K; ++k)
      w[c * K + k] *= (float)std::pow(10.0, (double)c - 2);
  for (int64_t k = 0; k < K; ++k)
    w[2 * K + k] = 0; // a dead channel
  auto per = chooseWeightParams(w.data(), C, K, true);
  ASSERT_EQ(per.size(), (size_t)C);
  for (int64_t c = 0; c < C; ++c) {
    double m = 0;
    int64_t arg = c * K;
    for (int64_t k = 0; k < K; ++k)
      if (std::fabs(w[c * K + k]) > m)
        m = std::fabs(w[c * K + k]), arg = c * K + k;
    EXPECT_EQ(per[c].zeroPoint, 0);
    EXPECT_EQ(per[c].qmin, -127);
    EXPECT_EQ(per[c].qmax, 127);
    if (m == 0) {
      EXPECT_EQ(per[c].scale, kMinScale);
      continue;
    }
    EXPECT_EQ(per[c].scale, (double)(float)(m / 127));
    EXPECT_EQ(std::abs(quantize(w[arg], per[c])), 127);
    for (int64_t k = 0; k < K; ++k)
      EXPECT_LE(std::fabs(dequantize(quantize(w[c * K + k], per[c]), per[c]) - w[c * K + k]),
                0.5 * per[c].scale * (1 + 1e-6));
  }
  auto tensor = chooseWeightParams(w.data(), C, K, false);
  ASSERT_EQ(tensor.size(), 1u);
  EXPECT_EQ(tensor[0].scale, per[C - 1].scale); // the largest channel dominates
  auto w7 = chooseWeightParams(w.data(), C, K, true, -63, 63);
  EXPECT_NEAR(w7[3].scale, per[3].scale * 127 / 63, 1e-6 * w7[3].scale);
  EXPECT_TRUE(chooseWeightParams(nullptr, C, K, true).empty());
  EXPECT_TRUE(chooseWeightParams(w.data(), 0, K, true).empty());
}

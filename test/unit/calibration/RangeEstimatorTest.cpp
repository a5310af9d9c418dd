// Range estimators on known distributions: uniform, Gaussian with outliers, ReLU-like, all-zero.
#include "TestData.h"

#include "lib/Calibration/QuantParams.h"
#include "lib/Calibration/RangeEstimators.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace qmlir::calib;
using namespace calib_test;

namespace {

constexpr CalibrationMethod kAllMethods[] = {CalibrationMethod::MinMax, CalibrationMethod::Percentile,
                                             CalibrationMethod::Entropy, CalibrationMethod::Mse};

/// N(0, 1), 1M samples, with three rare outliers (3 ppm) at 15..20 sigma.
/// Rare enough that clipping them pays off even for MSE: the optimal
/// threshold t balances sum(x_i - t) over the outliers against the rounding
/// noise N (t/127)^2 / 12, which for 3 ppm puts t near 6, not 20.
std::vector<float> gaussianWithOutliers(bool positiveOnly, uint64_t seed) {
  auto v = gaussian(1000000, 1.0, seed);
  v[10] = 15;
  v[200000] = positiveOnly ? 17 : -17;
  v[700000] = 20;
  return v;
}

/// The smallest actual error of symmetric ([-t, t]) or one-sided ([0, t])
/// ranges over a sweep of t.
double sweepBest(const std::vector<float> &v, bool oneSided, bool symmetric, double tMax) {
  double best = INFINITY;
  for (double t = 1.0; t <= tMax; t += 0.5) {
    ClipRange r{oneSided ? 0.0 : -t, t};
    QuantParams p = symmetric ? chooseQuantParams(r, -127, 127, true)
                              : chooseQuantParams(r, 0, 255, false);
    best = std::min(best, quantError(v, p));
  }
  return best;
}

QuantParams s8Sym(ClipRange r) { return chooseQuantParams(r, -127, 127, true); }
QuantParams u8Asym(ClipRange r) { return chooseQuantParams(r, 0, 255, false); }

} // namespace

TEST(RangeEstimators, ParseMethod) {
  EXPECT_EQ(parseCalibrationMethod("minmax"), CalibrationMethod::MinMax);
  EXPECT_EQ(parseCalibrationMethod("percentile"), CalibrationMethod::Percentile);
  EXPECT_EQ(parseCalibrationMethod("entropy"), CalibrationMethod::Entropy);
  EXPECT_EQ(parseCalibrationMethod("mse"), CalibrationMethod::Mse);
  EXPECT_FALSE(parseCalibrationMethod("MinMax").has_value());
  EXPECT_FALSE(parseCalibrationMethod("kl").has_value());
  EXPECT_FALSE(parseCalibrationMethod("").has_value());
  for (CalibrationMethod m : kAllMethods)
    EXPECT_EQ(parseCalibrationMethod(calibrationMethodName(m)), m);
}

TEST(RangeEstimators, UniformMinMaxExactPercentileNearMax) {
  auto v = uniform(100000, -1.0, 3.0, 1);
  TensorStats s = statsOf(v);
  ClipRange mm = estimateRange(s, CalibrationMethod::MinMax, 99.99, false, true);
  EXPECT_EQ(mm.lo, s.min);
  EXPECT_EQ(mm.hi, s.max);
  // Asymmetric: the 0.1% / 99.9% quantiles of U(-1, 3) are -0.996 and 2.996.
  ClipRange p = estimateRange(s, CalibrationMethod::Percentile, 99.9, false, true);
  EXPECT_NEAR(p.lo, -0.996, 0.01);
  EXPECT_NEAR(p.hi, 2.996, 0.01);
  EXPECT_LT(p.hi, s.max);
  // Symmetric: 99.99% of |x| lies below ~2.9998.
  ClipRange ps = estimateRange(s, CalibrationMethod::Percentile, 99.99, true, false);
  EXPECT_NEAR(ps.hi, 3.0, 0.01);
  EXPECT_EQ(ps.lo, s.min); // clamped into [min, max]
  // 100 (and invalid percentiles) are MinMax.
  ClipRange p100 = estimateRange(s, CalibrationMethod::Percentile, 100, false, true);
  EXPECT_EQ(p100.lo, s.min);
  EXPECT_EQ(p100.hi, s.max);
  ClipRange pBad = estimateRange(s, CalibrationMethod::Percentile, NAN, false, true);
  EXPECT_EQ(pBad.hi, s.max);
  // Entropy and MSE have nothing to clip on a uniform: close to the extremes.
  ClipRange e = estimateRange(s, CalibrationMethod::Entropy, 0, true, false);
  EXPECT_GT(e.hi, 0.9 * s.max);
  ClipRange m = estimateRange(s, CalibrationMethod::Mse, 0, false, true);
  EXPECT_GT(m.hi, 0.95 * s.max);
  EXPECT_LT(m.lo, 0.95 * s.min);
}

TEST(RangeEstimators, PercentileInterpolatesInsideABin) {
  // 100 values in bin [0.5, 0.5 + 1/1024) of a range-1 histogram, 100 in
  // [-0.25 - 1/1024, -0.25): the 75th percentile of |x| (rank 150) lies half
  // way into the upper bin: 0.5 + 0.5/1024.
  TensorStats s;
  s.hist.growTo(1.0);
  s.hist.bins[1536] = 100;
  s.hist.bins[1023 - 256] = 100;
  s.count = 200;
  s.min = -0.26;
  s.max = 0.51;
  ClipRange r = estimateRange(s, CalibrationMethod::Percentile, 75, true, false);
  EXPECT_DOUBLE_EQ(r.hi, 0.5 + 0.5 / 1024);
  EXPECT_EQ(r.lo, -0.26);
  // Asymmetric: the 25% quantile is half way into the negative bin.
  ClipRange a = estimateRange(s, CalibrationMethod::Percentile, 75, false, false);
  EXPECT_DOUBLE_EQ(a.lo, -0.25 - 0.5 / 1024);
  EXPECT_DOUBLE_EQ(a.hi, 0.5 + 0.5 / 1024);
}

TEST(RangeEstimators, GaussianWithOutliersClipsAndMseBeatsMinMax) {
  auto v = gaussianWithOutliers(false, 2);
  TensorStats s = statsOf(v);
  ASSERT_EQ(s.max, 20.0);
  ASSERT_EQ(s.min, -17.0);
  // Symmetric s8: every histogram method clips to under half of max|x|, but
  // not into the bulk (|x| < 3 holds 99.7% of the data).
  for (CalibrationMethod m : {CalibrationMethod::Percentile, CalibrationMethod::Entropy,
                              CalibrationMethod::Mse}) {
    ClipRange r = estimateRange(s, m, 99.99, true, false);
    double t = std::max(-r.lo, r.hi);
    EXPECT_LT(t, 10) << calibrationMethodName(m);
    EXPECT_GT(t, 3) << calibrationMethodName(m);
    EXPECT_EQ(r.lo, -t) << calibrationMethodName(m); // symmetric and inside [min, max]
  }
  ClipRange mm = estimateRange(s, CalibrationMethod::MinMax, 0, true, false);
  ClipRange mse = estimateRange(s, CalibrationMethod::Mse, 0, true, false);
  double eMinMax = quantError(v, s8Sym(mm)), eMse = quantError(v, s8Sym(mse));
  EXPECT_LT(eMse, 0.5 * eMinMax) << "mse " << eMse << " minmax " << eMinMax;
  for (CalibrationMethod m : {CalibrationMethod::Percentile, CalibrationMethod::Entropy})
    EXPECT_LT(quantError(v, s8Sym(estimateRange(s, m, 99.99, true, false))), eMinMax)
        << calibrationMethodName(m);
  // MSE's threshold is (near) the best: no swept threshold beats it by > 3%.
  EXPECT_LT(eMse, 1.03 * sweepBest(v, false, true, 20)) << "t " << mse.hi;

  // Asymmetric u8 (lo and hi searched jointly).
  ClipRange amm = estimateRange(s, CalibrationMethod::MinMax, 0, false, true);
  ClipRange amse = estimateRange(s, CalibrationMethod::Mse, 0, false, true);
  EXPECT_GT(amse.lo, -10);
  EXPECT_LT(amse.hi, 10);
  EXPECT_LT(quantError(v, u8Asym(amse)), 0.5 * quantError(v, u8Asym(amm)));
  ClipRange ap = estimateRange(s, CalibrationMethod::Percentile, 99.99, false, true);
  EXPECT_NEAR(ap.lo, -3.72, 0.1); // the 0.01% quantile of N(0, 1)
  EXPECT_NEAR(ap.hi, 3.72, 0.1);
}

TEST(RangeEstimators, SkewedTwoSidedMseSearchesEachSide) {
  // Bulk N(0, 1), a long positive tail only: the best hi is far beyond -lo.
  auto v = gaussian(100000, 1.0, 5);
  std::mt19937_64 g(6);
  std::exponential_distribution<double> tail(1.0 / 8);
  for (size_t i = 0; i < v.size(); i += 10)
    v[i] = (float)std::abs(tail(g));
  TensorStats s = statsOf(v);
  ClipRange r = estimateRange(s, CalibrationMethod::Mse, 0, false, true);
  EXPECT_GT(r.hi, 2 * -r.lo);
  double eMse = quantError(v, u8Asym(r));
  EXPECT_LE(eMse, quantError(v, u8Asym({s.min, s.max})));
  // Better than the symmetric threshold on the same (asymmetric) grid.
  ClipRange sym = estimateRange(s, CalibrationMethod::Mse, 0, true, true);
  EXPECT_LT(eMse, quantError(v, u8Asym(sym)));
}

TEST(RangeEstimators, ReluLikeStaysOnPositiveSide) {
  auto v = gaussianWithOutliers(true, 3);
  for (float &x : v)
    x = std::max(x, 0.f); // about half exact zeros
  TensorStats s = statsOf(v);
  ASSERT_EQ(s.min, 0.0);
  ASSERT_EQ(s.max, 20.0);
  for (bool symmetric : {false, true}) {
    for (CalibrationMethod m : kAllMethods) {
      ClipRange r = estimateRange(s, m, 99.99, symmetric, !symmetric);
      EXPECT_EQ(r.lo, 0.0) << calibrationMethodName(m);
      if (m != CalibrationMethod::MinMax) {
        EXPECT_LT(r.hi, 0.8 * s.max) << calibrationMethodName(m);
        EXPECT_GT(r.hi, 3) << calibrationMethodName(m);
      }
    }
  }
  // u8 asymmetric on [0, t]: 255 steps. MSE beats MinMax and is near the
  // best swept threshold; the exact zeros must not distort its error model.
  ClipRange mm = estimateRange(s, CalibrationMethod::MinMax, 0, false, true);
  ClipRange mse = estimateRange(s, CalibrationMethod::Mse, 0, false, true);
  double eMse = quantError(v, u8Asym(mse));
  EXPECT_LT(eMse, 0.8 * quantError(v, u8Asym(mm)));
  EXPECT_LT(eMse, 1.03 * sweepBest(v, true, false, 20)) << "t " << mse.hi;
  // Without outliers MSE must not clip into the bulk either.
  auto clean = gaussian(200000, 1.0, 4);
  for (float &x : clean)
    x = std::max(x, 0.f);
  ClipRange c = estimateRange(statsOf(clean), CalibrationMethod::Mse, 0, false, true);
  EXPECT_GT(c.hi, 3.0);
}

TEST(RangeEstimators, NegativeOneSidedMirrorsPositive) {
  auto pos = gaussian(100000, 1.0, 7);
  for (float &x : pos)
    x = std::fabs(x);
  pos[5] = 12;
  std::vector<float> neg(pos.size());
  for (size_t i = 0; i < pos.size(); ++i)
    neg[i] = -pos[i];
  TensorStats sp = statsOf(pos), sn = statsOf(neg);
  for (bool symmetric : {false, true})
    for (CalibrationMethod m : kAllMethods) {
      ClipRange rp = estimateRange(sp, m, 99.9, symmetric, false);
      ClipRange rn = estimateRange(sn, m, 99.9, symmetric, false);
      EXPECT_EQ(rn.hi, 0.0) << calibrationMethodName(m);
      EXPECT_EQ(rn.lo, -rp.hi) << calibrationMethodName(m);
      if (m != CalibrationMethod::MinMax) {
        EXPECT_GT(rn.lo, -12) << calibrationMethodName(m);
      }
    }
}

TEST(RangeEstimators, AllZeroEmptyAndNoHistogram) {
  std::vector<float> zeros(1000, 0.f);
  TensorStats z = statsOf(zeros);
  for (CalibrationMethod m : kAllMethods)
    for (bool sym : {false, true}) {
      ClipRange r = estimateRange(z, m, 99.99, sym, !sym);
      EXPECT_EQ(r.lo, 0.0);
      EXPECT_EQ(r.hi, 0.0);
    }
  QuantParams p = chooseQuantParams({0, 0}, 0, 255, false);
  EXPECT_EQ(p.scale, kMinScale);
  EXPECT_EQ(p.zeroPoint, 0);
  EXPECT_EQ(quantize(0.0, p), 0);

  ClipRange e = estimateRange(TensorStats(), CalibrationMethod::Mse, 99, false, true);
  EXPECT_EQ(e.lo, 0.0);
  EXPECT_EQ(e.hi, 0.0);

  // Min/max-only statistics: every method falls back to MinMax.
  auto v = gaussianWithOutliers(false, 8);
  TensorStats s;
  s.observe(v.data(), v.size(), /*withHistogram=*/false);
  ASSERT_TRUE(s.hist.empty());
  for (CalibrationMethod m : kAllMethods) {
    ClipRange r = estimateRange(s, m, 99, true, false);
    EXPECT_EQ(r.lo, s.min);
    EXPECT_EQ(r.hi, s.max);
  }
}

TEST(RangeEstimators, ResultAlwaysInsideExtremesAndContainsZero) {
  std::mt19937_64 g(9);
  for (int trial = 0; trial < 24; ++trial) {
    double scale = std::ldexp(1.0, (int)(g() % 40) - 20);
    double shift = ((int)(g() % 5) - 2) * scale; // some one-sided, some not
    auto v = gaussian(4000, scale, 100 + trial, shift);
    TensorStats s = statsOf(v);
    for (CalibrationMethod m : kAllMethods)
      for (bool sym : {false, true}) {
        ClipRange r = estimateRange(s, m, 99.5, sym, false);
        EXPECT_LE(r.lo, 0.0);
        EXPECT_GE(r.hi, 0.0);
        EXPECT_GE(r.lo, std::min(s.min, 0.0));
        EXPECT_LE(r.hi, std::max(s.max, 0.0));
        EXPECT_LT(r.lo, r.hi);
      }
  }
}

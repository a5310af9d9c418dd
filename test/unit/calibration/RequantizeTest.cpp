// Requantization: Q31 multipliers and the f32 output stage vs exact references, ties and saturation.
#include "lib/Calibration/QuantParams.h"
#include "lib/Calibration/Requantize.h"

#include <gtest/gtest.h>

#include <cfloat>
#include <climits>
#include <cmath>
#include <random>

using namespace qmlir::calib;

namespace {

int64_t sat(long double v, int64_t lo, int64_t hi) {
  if (v <= (long double)lo)
    return lo;
  if (v >= (long double)hi)
    return hi;
  return (int64_t)v;
}

/// round_half_to_even(acc * m) in long double: exact on x86 (64-bit
/// significand holds a 31 x 31-bit product); elsewhere only a close reference.
long double rneProduct(int32_t acc, long double m) { return std::nearbyint((long double)acc * m); }
constexpr bool kExactLongDouble = LDBL_MANT_DIG >= 64;

/// Distance of acc * m from the nearest .5 tie, relative to |acc * m|.
long double tieDistance(int32_t acc, long double m) {
  long double v = std::fabs((long double)acc * m);
  long double frac = v - std::floor(v);
  return std::fabs(frac - 0.5L) / std::max(v, (long double)1e-300);
}

struct Pair {
  int32_t acc;
  double m;
};

/// ~100k (acc, multiplier) pairs: multipliers log-uniform in [1e-6, 10],
/// accumulators at every magnitude up to the full int32 range.
std::vector<Pair> randomPairs(uint64_t seed, int n) {
  std::mt19937_64 g(seed);
  std::uniform_real_distribution<double> lg(std::log(1e-6), std::log(10.0));
  std::vector<Pair> out;
  out.reserve(n);
  for (int i = 0; i < n; ++i) {
    int bits = (int)(g() % 32);
    int64_t mag = bits == 31 ? (int64_t)(g() >> 33) : (int64_t)(g() % ((uint64_t)1 << bits));
    int32_t acc = (int32_t)((g() & 1) ? -mag : mag);
    if (i % 97 == 0)
      acc = INT32_MIN;
    out.push_back({acc, std::exp(lg(g))});
  }
  return out;
}

} // namespace

TEST(Requantize, QuantizeMultiplierRepresentation) {
  for (double m : {1.0, 0.5, 0.75, std::ldexp(1.0, -20), 3.5, 1e-6, 10.0, 0.1, 1e-30, 1e30,
                   0.9999999999, 123456.789, 4.9e-324}) {
    FixedPointMultiplier f = quantizeMultiplier(m);
    EXPECT_GE(f.multiplier, 1 << 30) << m;
    EXPECT_LE(f.multiplier, INT32_MAX) << m;
    EXPECT_LE(std::fabs(fixedPointMultiplierValue(f) - m), std::ldexp(m, -31)) << m;
  }
  FixedPointMultiplier one = quantizeMultiplier(1.0);
  EXPECT_EQ(one.multiplier, 1 << 30);
  EXPECT_EQ(one.shift, 1);
  // A mantissa that rounds up to 1.0 renormalizes instead of overflowing.
  FixedPointMultiplier up = quantizeMultiplier(1.0 - std::ldexp(1.0, -40));
  EXPECT_EQ(up.multiplier, 1 << 30);
  EXPECT_EQ(up.shift, 1);
  for (double bad : {0.0, -1.0, (double)NAN, (double)INFINITY}) {
    FixedPointMultiplier f = quantizeMultiplier(bad);
    EXPECT_EQ(f.multiplier, 0);
    EXPECT_EQ(multiplyByQuantizedMultiplier(12345, f), 0);
  }
}

TEST(Requantize, FixedPointExactTies) {
  FixedPointMultiplier half = quantizeMultiplier(0.5);
  EXPECT_EQ(multiplyByQuantizedMultiplier(5, half), 2);   // 2.5
  EXPECT_EQ(multiplyByQuantizedMultiplier(7, half), 4);   // 3.5
  EXPECT_EQ(multiplyByQuantizedMultiplier(-5, half), -2);
  EXPECT_EQ(multiplyByQuantizedMultiplier(-7, half), -4);
  EXPECT_EQ(multiplyByQuantizedMultiplier(1, half), 0);   // 0.5
  EXPECT_EQ(multiplyByQuantizedMultiplier(-1, half), 0);
  EXPECT_EQ(multiplyByQuantizedMultiplier(3, half), 2);   // 1.5
  EXPECT_EQ(multiplyByQuantizedMultiplier(-3, half), -2);
  FixedPointMultiplier quarter = quantizeMultiplier(0.25);
  EXPECT_EQ(multiplyByQuantizedMultiplier(2, quarter), 0);  // 0.5
  EXPECT_EQ(multiplyByQuantizedMultiplier(6, quarter), 2);  // 1.5
  EXPECT_EQ(multiplyByQuantizedMultiplier(10, quarter), 2); // 2.5
  EXPECT_EQ(multiplyByQuantizedMultiplier(11, quarter), 3); // 2.75
  EXPECT_EQ(multiplyByQuantizedMultiplier(9, quarter), 2);  // 2.25
  FixedPointMultiplier oneHalf = quantizeMultiplier(1.5);
  EXPECT_EQ(multiplyByQuantizedMultiplier(1, oneHalf), 2); // 1.5
  EXPECT_EQ(multiplyByQuantizedMultiplier(3, oneHalf), 4); // 4.5
  EXPECT_EQ(multiplyByQuantizedMultiplier(-3, oneHalf), -4);
  FixedPointMultiplier tiny = quantizeMultiplier(std::ldexp(1.0, -32)); // right shift of 62
  EXPECT_EQ(multiplyByQuantizedMultiplier(INT32_MAX, tiny), 0);
  EXPECT_EQ(multiplyByQuantizedMultiplier(INT32_MIN, tiny), 0); // exactly -0.5 -> 0 (even)
  EXPECT_EQ(multiplyByQuantizedMultiplier(INT32_MAX, quantizeMultiplier(1e-300)), 0);
  FixedPointMultiplier justOver = quantizeMultiplier(std::ldexp(1.0, -31) * 1.5);
  EXPECT_EQ(multiplyByQuantizedMultiplier(INT32_MIN, justOver), -2); // -1.5 -> -2
}

TEST(Requantize, FixedPointSaturatesAtBothEnds) {
  FixedPointMultiplier ten = quantizeMultiplier(10.0);
  EXPECT_EQ(multiplyByQuantizedMultiplier(INT32_MAX, ten), INT32_MAX);
  EXPECT_EQ(multiplyByQuantizedMultiplier(INT32_MIN, ten), INT32_MIN);
  EXPECT_EQ(multiplyByQuantizedMultiplier(300000000, ten), INT32_MAX);
  EXPECT_EQ(multiplyByQuantizedMultiplier(-300000000, ten), INT32_MIN);
  EXPECT_EQ(multiplyByQuantizedMultiplier(200000000, ten), 2000000000); // fits
  FixedPointMultiplier big = quantizeMultiplier(std::ldexp(1.0, 31)); // 2^31
  EXPECT_EQ(multiplyByQuantizedMultiplier(-1, big), INT32_MIN); // exactly representable
  EXPECT_EQ(multiplyByQuantizedMultiplier(1, big), INT32_MAX);  // 2^31 saturates
  EXPECT_EQ(multiplyByQuantizedMultiplier(1, quantizeMultiplier(1e30)), INT32_MAX);
  EXPECT_EQ(multiplyByQuantizedMultiplier(-1, quantizeMultiplier(1e30)), INT32_MIN);
  EXPECT_EQ(multiplyByQuantizedMultiplier(INT32_MIN, quantizeMultiplier(1.0)), INT32_MIN);
  EXPECT_EQ(multiplyByQuantizedMultiplier(INT32_MAX, quantizeMultiplier(1.0)), INT32_MAX);
}

TEST(Requantize, FixedPointVsExactReference) {
  int realMismatch = 0, smallMismatch = 0;
  for (const Pair &pr : randomPairs(1, 100000)) {
    FixedPointMultiplier f = quantizeMultiplier(pr.m);
    int32_t got = multiplyByQuantizedMultiplier(pr.acc, f);
    // 1) Exactly half-to-even for the represented multiplier.
    long double mq = std::ldexp((long double)f.multiplier, f.shift - 31);
    int64_t ref = sat(rneProduct(pr.acc, mq), INT32_MIN, INT32_MAX);
    if (kExactLongDouble)
      ASSERT_EQ(got, ref) << "acc " << pr.acc << " m " << pr.m;
    else
      ASSERT_LE(std::llabs(got - ref), 1);
    // 2) Against the real multiplier: equal unless acc*m is within the Q31
    //    mantissa error (2^-31 relative) of a tie, then off by at most 1.
    int64_t real = sat(rneProduct(pr.acc, (long double)pr.m), INT32_MIN, INT32_MAX);
    if (got != real) {
      ++realMismatch;
      ASSERT_LE(std::llabs(got - real), 1) << "acc " << pr.acc << " m " << pr.m;
      ASSERT_LE(tieDistance(pr.acc, pr.m), std::ldexp(1.0L, -31)) << "acc " << pr.acc << " m " << pr.m;
      if (std::fabs(pr.acc * pr.m) < 65536)
        ++smallMismatch;
    }
  }
  // Large results (up to 2^31) are near a tie at the 2^-31 scale by
  // construction; results in the 16-bit range essentially never are.
  EXPECT_LT(realMismatch, 1000);
  EXPECT_LE(smallMismatch, 2);
}

TEST(Requantize, FloatPathVsExactReference) {
  int mismatch8 = 0;
  std::mt19937_64 g(2);
  for (const Pair &pr : randomPairs(3, 100000)) {
    float m = (float)pr.m;
    // Full int32 output range, and u8/s8 outputs with zero points.
    int32_t zp = 0, qmin = INT32_MIN, qmax = INT32_MAX;
    int kind = (int)(g() % 3);
    if (kind == 1)
      zp = (int32_t)(g() % 256), qmin = 0, qmax = 255;
    else if (kind == 2)
      zp = (int32_t)(g() % 21) - 10, qmin = -128, qmax = 127;
    int32_t got = requantizeFloat(pr.acc, m, zp, qmin, qmax);
    long double exact = (long double)pr.acc * (long double)m;
    int64_t ref = sat(std::nearbyint(exact) + zp, qmin, qmax);
    if (got == ref)
      continue;
    if (kind == 0) {
      // i32 outputs: f32 keeps 24 bits, so the error grows with |acc * m|.
      ASSERT_LE((long double)std::llabs(got - ref), std::fabs(exact) * std::ldexp(1.0L, -23) + 1)
          << "acc " << pr.acc << " m " << m;
      continue;
    }
    // 8-bit outputs: off by one, only next to a tie.
    ++mismatch8;
    ASSERT_LE(std::llabs(got - ref), 1) << "acc " << pr.acc << " m " << m;
    ASSERT_LE(tieDistance(pr.acc, m), std::ldexp(1.0L, -23)) << "acc " << pr.acc << " m " << m;
  }
  EXPECT_LE(mismatch8, 5);
}

TEST(Requantize, FloatPathTiesAndSaturation) {
  EXPECT_EQ(requantizeFloat(5, 0.5f, 0, -128, 127), 2);   // 2.5
  EXPECT_EQ(requantizeFloat(7, 0.5f, 0, -128, 127), 4);   // 3.5
  EXPECT_EQ(requantizeFloat(-5, 0.5f, 0, -128, 127), -2);
  EXPECT_EQ(requantizeFloat(-7, 0.5f, 0, -128, 127), -4);
  EXPECT_EQ(requantizeFloat(5, 0.5f, 3, 0, 255), 5);      // 2.5 -> 2, + 3
  EXPECT_EQ(requantizeFloat(1, 0.5f, 0, -128, 127), 0);
  EXPECT_EQ(requantizeFloat(1000, 1.f, 128, 0, 255), 255);
  EXPECT_EQ(requantizeFloat(-1000, 1.f, 128, 0, 255), 0);
  EXPECT_EQ(requantizeFloat(127, 1.f, 128, 0, 255), 255);
  EXPECT_EQ(requantizeFloat(-128, 1.f, 128, 0, 255), 0);
  EXPECT_EQ(requantizeFloat(-129, 1.f, 128, 0, 255), 0);
  EXPECT_EQ(requantizeFloat(INT32_MAX, 10.f, 0, -128, 127), 127);
  EXPECT_EQ(requantizeFloat(INT32_MIN, 10.f, 0, -128, 127), -128);
  EXPECT_EQ(requantizeFloat(INT32_MAX, 1.f, 0, INT32_MIN, INT32_MAX), INT32_MAX);
  EXPECT_EQ(requantizeFloat(INT32_MIN, 1.f, 0, INT32_MIN, INT32_MAX), INT32_MIN);
  EXPECT_EQ(requantizeFloat(INT32_MAX, 1e20f, 5, INT32_MIN, INT32_MAX), INT32_MAX);
  // The product is rounded to f32 before rounding to an integer, as the
  // reference backend does: 3 * 0x1.aaaaacp-1 is 2.50000012 exactly but 2.5
  // in f32 (-> 2); 3 * 0x1.2aaaaap+0 is 3.49999988 exactly but 3.5 (-> 4).
  EXPECT_EQ(requantizeFloat(3, 0x1.aaaaacp-1f, 0, -128, 127), 2);
  EXPECT_EQ(requantizeFloat(3, 0x1.2aaaaap+0f, 0, -128, 127), 4);
  EXPECT_EQ(std::nearbyint(3.0 * (double)0x1.aaaaacp-1f), 3.0);
  // 127.5 - zp lands on the upper bound tie: clamps, never exceeds qmax.
  EXPECT_EQ(requantizeFloat(255, 0.5f, 0, -128, 127), 127);
  EXPECT_EQ(requantizeFloat(-257, 0.5f, 0, -128, 127), -128);
}

// Q31 fixed-point and f32 requantization with round-half-to-even and saturation.
#include "lib/Calibration/Requantize.h"

#include "lib/Calibration/QuantParams.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace qmlir::calib {

namespace {
constexpr int64_t kI32Min = std::numeric_limits<int32_t>::min();
constexpr int64_t kI32Max = std::numeric_limits<int32_t>::max();

int32_t saturate32(int64_t v) { return (int32_t)std::min(std::max(v, kI32Min), kI32Max); }
} // namespace

FixedPointMultiplier quantizeMultiplier(double realMultiplier) {
  if (!(realMultiplier > 0) || !std::isfinite(realMultiplier))
    return {};
  int e = 0;
  double q = std::frexp(realMultiplier, &e); // q in [0.5, 1)
  // q * 2^31 is exact; rounding it to an integer is the only error.
  int64_t m = (int64_t)roundHalfToEven(std::ldexp(q, 31));
  if (m == (int64_t(1) << 31)) { // q rounded up to 1.0
    m >>= 1;
    ++e;
  }
  return {(int32_t)m, e};
}

double fixedPointMultiplierValue(FixedPointMultiplier m) {
  return std::ldexp((double)m.multiplier, m.shift - 31);
}

int32_t multiplyByQuantizedMultiplier(int32_t acc, FixedPointMultiplier m) {
  if (acc == 0 || m.multiplier == 0)
    return 0;
  // |acc| <= 2^31, multiplier < 2^31: |p| < 2^62, exact.
  int64_t p = (int64_t)acc * (int64_t)m.multiplier;
  int64_t rs = 31 - (int64_t)m.shift; // value = p * 2^-rs
  if (rs <= 0) {
    // Multiplier >= 1: exact left shift, saturating. multiplier >= 2^30 and
    // |acc| >= 1 make |p| >= 2^30, so a shift of 32 or more always saturates.
    int64_t k = -rs;
    if (k >= 32)
      return p > 0 ? (int32_t)kI32Max : (int32_t)kI32Min;
    if (p > (kI32Max >> k))
      return (int32_t)kI32Max;
    if (p < -(int64_t(1) << (31 - k)))
      return (int32_t)kI32Min;
    return (int32_t)(p * (int64_t(1) << k));
  }
  if (rs >= 63) // |p| < 2^62 <= 2^(rs-1): |value| < 1/2
    return 0;
  // Floor division by 2^rs without relying on >> of negative numbers, then
  // round half to even on the exact remainder.
  int64_t d = int64_t(1) << rs;
  int64_t q = p / d, r = p % d;
  if (r < 0) {
    q -= 1;
    r += d;
  }
  int64_t half = d >> 1;
  if (r > half || (r == half && (q & 1)))
    q += 1;
  return saturate32(q);
}

int32_t requantizeFloat(int32_t acc, float multiplier, int32_t zeroPoint, int32_t qmin,
                        int32_t qmax) {
  float v = (float)acc * multiplier;
  int64_t lo = (int64_t)qmin - zeroPoint, hi = (int64_t)qmax - zeroPoint;
  int64_t q;
  if (!(v >= (float)lo)) // also NaN, which the reference maps to 0 + zeroPoint
    q = v != v ? 0 : lo;
  else if (v >= (float)hi)
    q = hi;
  else
    q = (int64_t)roundHalfToEvenF32(v);
  // Bounds beyond 2^24 are not exact in f32: clamp again in integers.
  q = std::min(std::max(q, lo), hi);
  return saturate32(q + zeroPoint);
}

float requantMultiplierF32(double sIn, double sW, double sOut) {
  return (float)(sIn * sW / sOut);
}

} // namespace qmlir::calib

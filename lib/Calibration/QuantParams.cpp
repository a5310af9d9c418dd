// Scale/zero-point selection and quantize/dequantize with round-half-to-even and saturation.
#include "lib/Calibration/QuantParams.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace qmlir::calib {

double roundHalfToEven(double v) {
  // Every double with |v| >= 2^52 (and inf/NaN) is already an integer.
  if (!(std::fabs(v) < 4503599627370496.0))
    return v;
  double f = std::floor(v);
  double d = v - f; // exact: |v| < 2^52
  if (d > 0.5)
    return f + 1;
  if (d < 0.5)
    return f;
  return std::fmod(f, 2.0) == 0 ? f : f + 1;
}

float roundHalfToEvenF32(float v) {
  if (!(std::fabs(v) < 8388608.0f)) // 2^23
    return v;
  float f = std::floor(v);
  float d = v - f; // exact: |v| < 2^23
  if (d > 0.5f)
    return f + 1;
  if (d < 0.5f)
    return f;
  return std::fmod(f, 2.0f) == 0 ? f : f + 1;
}

namespace {

/// Nearest f32 value, kept finite.
double toF32(double v) {
  const double big = std::numeric_limits<float>::max();
  return (double)(float)std::min(v, big);
}

int64_t floorDiv2(int64_t v) { return v >= 0 ? v / 2 : -((-v + 1) / 2); }

} // namespace

QuantParams chooseQuantParams(ClipRange r, int64_t qmin, int64_t qmax, bool symmetric) {
  QuantParams p;
  p.qmin = qmin;
  p.qmax = qmax;
  if (qmin >= qmax) {
    p.scale = 1;
    p.zeroPoint = qmin;
    return p;
  }
  const double big = std::numeric_limits<float>::max();
  double lo = std::isnan(r.lo) ? 0.0 : std::max(std::min(r.lo, 0.0), -big);
  double hi = std::isnan(r.hi) ? 0.0 : std::min(std::max(r.hi, 0.0), big);
  double span = (double)qmax - (double)qmin;
  if (symmetric) {
    double amax = std::max(-lo, hi);
    p.scale = std::max(toF32(amax / (span / 2)), kMinScale);
    p.zeroPoint = floorDiv2(qmin + qmax + 1);
  } else {
    p.scale = std::max(toF32((hi - lo) / span), kMinScale);
    // lo <= 0 makes qmin - lo/scale >= qmin; (hi - lo)/scale ~ span keeps it
    // <= qmax up to the f32 rounding of the scale, hence the clamp.
    double zp = roundHalfToEven((double)qmin - lo / p.scale);
    zp = std::min(std::max(zp, (double)qmin), (double)qmax);
    p.zeroPoint = (int64_t)zp;
  }
  return p;
}

int64_t quantize(double x, const QuantParams &p) {
  if (std::isnan(x))
    return std::min(std::max(p.zeroPoint, p.qmin), p.qmax);
  double v = roundHalfToEven(x / p.scale);
  // Clamp in the real domain before converting: stays defined for huge v.
  if (v <= (double)(p.qmin - p.zeroPoint))
    return p.qmin;
  if (v >= (double)(p.qmax - p.zeroPoint))
    return p.qmax;
  return (int64_t)v + p.zeroPoint;
}

double dequantize(int64_t q, const QuantParams &p) {
  return (double)(q - p.zeroPoint) * p.scale;
}

int32_t quantizeF32(float x, float scale, int32_t zeroPoint, int32_t qmin, int32_t qmax) {
  // Same operations as the runtime: f32 quotient, rne, clamp, add zp.
  float v = roundHalfToEvenF32(x / scale);
  if (v != v)
    return zeroPoint;
  float lo = (float)((int64_t)qmin - zeroPoint), hi = (float)((int64_t)qmax - zeroPoint);
  if (v < lo)
    v = lo;
  if (v > hi)
    v = hi;
  int64_t q = (int64_t)v + zeroPoint;
  return (int32_t)std::min<int64_t>(std::max<int64_t>(q, qmin), qmax);
}

std::vector<QuantParams> chooseWeightParams(const float *w, int64_t channels,
                                            int64_t perChannel, bool perChannelMode,
                                            int64_t qmin, int64_t qmax) {
  std::vector<QuantParams> out;
  if (!w || channels <= 0 || perChannel < 0)
    return out;
  auto maxAbs = [&](int64_t begin, int64_t end) {
    double m = 0;
    for (int64_t i = begin; i < end; ++i)
      if (std::isfinite(w[i]))
        m = std::max(m, (double)std::fabs(w[i]));
    return m;
  };
  if (!perChannelMode) {
    double m = maxAbs(0, channels * perChannel);
    out.push_back(chooseQuantParams({-m, m}, qmin, qmax, /*symmetric=*/true));
    return out;
  }
  out.reserve((size_t)channels);
  for (int64_t c = 0; c < channels; ++c) {
    double m = maxAbs(c * perChannel, (c + 1) * perChannel);
    out.push_back(chooseQuantParams({-m, m}, qmin, qmax, /*symmetric=*/true));
  }
  return out;
}

} // namespace qmlir::calib

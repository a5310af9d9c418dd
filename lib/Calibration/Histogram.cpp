// Exact power-of-two histogram binning, growing and merging (same rule as runtime/observers/Observers.cpp).
#include "lib/Calibration/Histogram.h"

#include <algorithm>
#include <cmath>

namespace qmlir::calib {

namespace {
constexpr int kHalf = kHistogramBins / 2;
/// Largest exponent whose 2^k is a finite double.
constexpr int kMaxRangeExp = 1023;

bool isPowerOfTwo(double r) {
  int e = 0;
  return r > 0 && std::isfinite(r) && std::frexp(r, &e) == 0.5;
}
} // namespace

int Histogram::rangeExponent() const {
  int e = 0;
  std::frexp(range, &e); // range = 0.5 * 2^e
  return e - 1;
}

double Histogram::coverRange(double maxAbs) {
  // frexp: maxAbs = m 2^e with m in [0.5, 1), so maxAbs < 2^e. frexp(0) gives
  // e = 0; zero instead takes the minimum exponent, so that an all-zero batch
  // does not force range >= 1 (the range must depend only on max|x| over all
  // data for batching and merging to commute).
  if (!(maxAbs > 0))
    return std::ldexp(1.0, kHistogramMinRangeExp);
  int e = 0;
  std::frexp(maxAbs, &e);
  return std::ldexp(1.0, std::max(e, kHistogramMinRangeExp));
}

int Histogram::binIndex(double x, double range) {
  int e = 0;
  std::frexp(range, &e);
  // x * 2^(10-k) with k = e - 1: a power-of-two scaling, exact in double
  // (float inputs have 24-bit significands and exponents far from the limits).
  double y = std::ldexp(x, 10 - (e - 1));
  if (!(y >= -kHalf)) // also NaN
    return 0;
  if (y >= kHalf)
    return kHistogramBins - 1;
  return (int)std::floor(y) + kHalf;
}

void Histogram::growTo(double newRange) {
  if (!(newRange > 0) || !std::isfinite(newRange))
    return;
  int e = 0;
  double m = std::frexp(newRange, &e); // newRange = m 2^e, m in [0.5, 1)
  int k = m == 0.5 ? e - 1 : e;        // smallest 2^k >= newRange
  k = std::min(std::max(k, kHistogramMinRangeExp), kMaxRangeExp);
  if (empty()) {
    range = std::ldexp(1.0, k);
    bins.assign(kHistogramBins, 0);
    return;
  }
  int cur = rangeExponent();
  if (k <= cur)
    return;
  std::vector<int64_t> nb(kHistogramBins);
  for (; cur < k; ++cur) {
    // Old bin i covers [(i-1024) w, (i-1023) w); with the doubled width it
    // lies inside new bin 512 + floor(i / 2).
    std::fill(nb.begin(), nb.end(), 0);
    for (int i = 0; i < kHistogramBins; ++i)
      nb[kHistogramBins / 4 + i / 2] += bins[i];
    bins.swap(nb);
  }
  range = std::ldexp(1.0, k);
}

void Histogram::observe(const float *x, size_t n) {
  if (!x || n == 0)
    return;
  double maxAbs = -1;
  for (size_t i = 0; i < n; ++i)
    if (std::isfinite(x[i]))
      maxAbs = std::max(maxAbs, (double)std::fabs(x[i]));
  if (maxAbs < 0) // nothing finite
    return;
  growTo(coverRange(maxAbs));
  int e = rangeExponent();
  for (size_t i = 0; i < n; ++i) {
    if (!std::isfinite(x[i]))
      continue;
    double y = std::ldexp((double)x[i], 10 - e);
    int b = (int)std::floor(y) + kHalf; // |x| < range: always in [0, 2047]
    ++bins[std::min(std::max(b, 0), kHistogramBins - 1)];
  }
}

Histogram Histogram::merge(const Histogram &a, const Histogram &b) {
  if (b.empty())
    return a;
  if (a.empty())
    return b;
  Histogram r = a;
  Histogram o = b;
  double R = std::max(a.range, b.range);
  r.growTo(R);
  o.growTo(R);
  for (int i = 0; i < kHistogramBins; ++i)
    r.bins[i] += o.bins[i];
  return r;
}

int64_t Histogram::total() const {
  int64_t t = 0;
  for (int64_t c : bins)
    t += c;
  return t;
}

std::optional<Histogram> Histogram::fromExponent(int32_t rangeExp, const int64_t *bins,
                                                 size_t numBins) {
  Histogram h;
  if (rangeExp == std::numeric_limits<int32_t>::min())
    return h;
  if (numBins != (size_t)kHistogramBins || !bins || rangeExp < -1022 ||
      rangeExp > kMaxRangeExp)
    return std::nullopt;
  h.range = std::ldexp(1.0, rangeExp);
  h.bins.assign(bins, bins + numBins);
  for (int64_t c : h.bins)
    if (c < 0)
      return std::nullopt;
  if (!isPowerOfTwo(h.range))
    return std::nullopt;
  return h;
}

void TensorStats::observe(const float *x, size_t n, bool withHistogram) {
  if (!x)
    return;
  for (size_t i = 0; i < n; ++i) {
    float v = x[i];
    if (!std::isfinite(v)) {
      ++nonFiniteCount;
      continue;
    }
    ++count;
    min = std::min(min, (double)v);
    max = std::max(max, (double)v);
  }
  if (withHistogram)
    hist.observe(x, n);
}

bool TensorStats::observeChannels(const float *x, size_t n, int64_t channels,
                                  int64_t inner) {
  if (channels <= 0 || inner <= 0 || (!x && n))
    return false;
  if (channelMin.empty() && channelMax.empty()) {
    channelMin.assign((size_t)channels, std::numeric_limits<float>::infinity());
    channelMax.assign((size_t)channels, -std::numeric_limits<float>::infinity());
  }
  if ((int64_t)channelMin.size() != channels || channelMax.size() != channelMin.size())
    return false;
  for (size_t i = 0; i < n; ++i) {
    float v = x[i];
    if (!std::isfinite(v))
      continue;
    size_t c = (size_t)(((int64_t)i / inner) % channels);
    channelMin[c] = std::min(channelMin[c], v);
    channelMax[c] = std::max(channelMax[c], v);
  }
  return true;
}

std::optional<TensorStats> TensorStats::merge(const TensorStats &a, const TensorStats &b) {
  bool aCh = !a.channelMin.empty(), bCh = !b.channelMin.empty();
  if (aCh && bCh && (a.channelMin.size() != b.channelMin.size() ||
                     a.channelMax.size() != b.channelMax.size()))
    return std::nullopt;
  if (a.channelMin.size() != a.channelMax.size() || b.channelMin.size() != b.channelMax.size())
    return std::nullopt;
  TensorStats r;
  r.min = std::min(a.min, b.min);
  r.max = std::max(a.max, b.max);
  r.count = a.count + b.count;
  r.nonFiniteCount = a.nonFiniteCount + b.nonFiniteCount;
  r.hist = Histogram::merge(a.hist, b.hist);
  if (aCh && bCh) {
    r.channelMin = a.channelMin;
    r.channelMax = a.channelMax;
    for (size_t c = 0; c < r.channelMin.size(); ++c) {
      r.channelMin[c] = std::min(r.channelMin[c], b.channelMin[c]);
      r.channelMax[c] = std::max(r.channelMax[c], b.channelMax[c]);
    }
  } else if (aCh) {
    r.channelMin = a.channelMin;
    r.channelMax = a.channelMax;
  } else if (bCh) {
    r.channelMin = b.channelMin;
    r.channelMax = b.channelMax;
  }
  return r;
}

} // namespace qmlir::calib

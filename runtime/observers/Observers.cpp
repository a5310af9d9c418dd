// Calibration observers: min/max, per-channel min/max, and exactly mergeable power-of-two histograms.
#include "runtime/Internal.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <limits>
#include <new>

using namespace qrt;

namespace {
/// Smallest histogram range exponent: keeps all-zero or tiny data from
/// starting at a denormal range (values below 2^-64 land in the two centre bins).
constexpr int kMinRangeExp = -64;
constexpr int kEmptyRange = INT32_MIN;
constexpr int kBins = QRT_HISTOGRAM_BINS;
} // namespace

struct qrt_observer {
  qrt_observer_kind kind = QRT_OBSERVER_MINMAX;
  int32_t axis = -1;
  int64_t count = 0, nanCount = 0;
  float mn = INFINITY, mx = -INFINITY;
  int32_t rangeExp = kEmptyRange;
  std::vector<int64_t> bins;
  std::vector<float> chMin, chMax;

  /// Doubles the range until it covers exponent `e`: bin j of the new
  /// histogram is the sum of old bins 2j-1024 and 2j-1023 (see docs).
  void growTo(int32_t e) {
    if (rangeExp == kEmptyRange) {
      rangeExp = e;
      return;
    }
    while (rangeExp < e) {
      std::vector<int64_t> nb(kBins, 0);
      for (int i = 0; i < kBins; ++i)
        nb[kBins / 4 + i / 2] += bins[i];
      bins.swap(nb);
      ++rangeExp;
    }
  }
};

namespace {

/// Range exponent covering |x| < 2^e: frexp gives |x| = m 2^e, m in [0.5, 1).
int32_t coverExp(float maxAbs) {
  // All zeros need no range: frexp(0) would report exponent 0 (range 1) and
  // make the histogram depend on how the data were batched.
  if (!(maxAbs > 0))
    return kMinRangeExp;
  int e = 0;
  std::frexp(maxAbs, &e);
  return std::max(e, kMinRangeExp);
}

/// Bin of x for range 2^e: floor(x * 2^(10-e)) + 1024, with `scale` =
/// 2^(10-e) (binScale). The product of a float and a power of two is exact in
/// double, so binning is exact and re-binning consistent. Calibration calls
/// this for every activation element: no libm calls (ldexp/floor) here.
inline int binOf(float x, double scale) {
  double y = (double)x * scale;
  if (!(y > -(kBins / 2)))
    return 0;
  if (!(y < kBins / 2))
    return kBins - 1;
  int t = (int)y; // truncates toward zero; floor for negative non-integers:
  return t - (y < (double)t) + kBins / 2;
}

double binScale(int32_t e) { return std::ldexp(1.0, 10 - e); }

} // namespace

extern "C" {

qrt_status qrt_observer_create(qrt_observer_kind kind, int32_t axis, int64_t numChannels,
                               qrt_observer **out) {
  if (!out)
    return fail(QRT_ERR_NULL_POINTER, "qrt_observer_create: out is NULL");
  *out = nullptr;
  if (rawEnum(kind) < QRT_OBSERVER_MINMAX || rawEnum(kind) > QRT_OBSERVER_PER_CHANNEL_MINMAX)
    return fail(QRT_ERR_INVALID_ARGUMENT, "qrt_observer_create: invalid kind");
  if (kind == QRT_OBSERVER_PER_CHANNEL_MINMAX && (axis < 0 || numChannels <= 0 ||
                                                  numChannels > (int64_t(1) << 30)))
    return fail(QRT_ERR_INVALID_ARGUMENT,
                "qrt_observer_create: per-channel observer needs axis >= 0 and channels > 0");
  auto *o = new (std::nothrow) qrt_observer();
  if (!o)
    return fail(QRT_ERR_OUT_OF_MEMORY, "qrt_observer_create: out of memory");
  o->kind = kind;
  if (kind == QRT_OBSERVER_HISTOGRAM)
    o->bins.assign(kBins, 0);
  if (kind == QRT_OBSERVER_PER_CHANNEL_MINMAX) {
    o->axis = axis;
    o->chMin.assign(numChannels, INFINITY);
    o->chMax.assign(numChannels, -INFINITY);
  }
  *out = o;
  return QRT_OK;
}

void qrt_observer_destroy(qrt_observer *o) { delete o; }

qrt_status qrt_observer_update(qrt_observer *o, const qrt_tensor_desc *d, const float *data) {
  if (!o || !d)
    return fail(QRT_ERR_NULL_POINTER, "qrt_observer_update: NULL observer or descriptor");
  Tensor t;
  qrt_status st = importTensor(*d, "observed tensor", t);
  if (st != QRT_OK)
    return st;
  if (t.dtype != QRT_F32)
    return fail(QRT_ERR_DTYPE, "qrt_observer_update: observers take f32 tensors");
  const int64_t n = t.numel();
  if (n && !data)
    return fail(QRT_ERR_NULL_POINTER, "qrt_observer_update: data is NULL");
  int64_t inner = 1, channels = 1;
  if (o->kind == QRT_OBSERVER_PER_CHANNEL_MINMAX) {
    if (o->axis >= t.rank || t.dims[o->axis] != (int64_t)o->chMin.size())
      return fail(QRT_ERR_SHAPE, "qrt_observer_update: tensor's axis size differs from the "
                                 "observer's channel count");
    channels = t.dims[o->axis];
    for (int i = o->axis + 1; i < t.rank; ++i)
      inner *= t.dims[i];
  }
  float mn = INFINITY, mx = -INFINITY;
  int64_t finite = 0;
  for (int64_t i = 0; i < n; ++i) {
    float v = data[i];
    if (!std::isfinite(v)) {
      ++o->nanCount;
      continue;
    }
    ++finite;
    mn = std::min(mn, v);
    mx = std::max(mx, v);
    if (o->kind == QRT_OBSERVER_PER_CHANNEL_MINMAX) {
      int64_t c = (i / inner) % channels;
      o->chMin[c] = std::min(o->chMin[c], v);
      o->chMax[c] = std::max(o->chMax[c], v);
    }
  }
  if (!finite)
    return QRT_OK;
  o->count += finite;
  o->mn = std::min(o->mn, mn);
  o->mx = std::max(o->mx, mx);
  if (o->kind == QRT_OBSERVER_HISTOGRAM) {
    o->growTo(coverExp(std::max(std::fabs(mn), std::fabs(mx))));
    const double scale = binScale(o->rangeExp);
    int64_t *bins = o->bins.data();
    for (int64_t i = 0; i < n; ++i)
      if (std::isfinite(data[i]))
        ++bins[binOf(data[i], scale)];
  }
  return QRT_OK;
}

qrt_status qrt_observer_merge(qrt_observer *dst, const qrt_observer *src) {
  if (!dst || !src)
    return fail(QRT_ERR_NULL_POINTER, "qrt_observer_merge: NULL observer");
  if (dst->kind != src->kind || dst->chMin.size() != src->chMin.size())
    return fail(QRT_ERR_INVALID_ARGUMENT, "qrt_observer_merge: observers differ in kind or channels");
  dst->count += src->count;
  dst->nanCount += src->nanCount;
  dst->mn = std::min(dst->mn, src->mn);
  dst->mx = std::max(dst->mx, src->mx);
  for (size_t c = 0; c < dst->chMin.size(); ++c) {
    dst->chMin[c] = std::min(dst->chMin[c], src->chMin[c]);
    dst->chMax[c] = std::max(dst->chMax[c], src->chMax[c]);
  }
  if (dst->kind == QRT_OBSERVER_HISTOGRAM && src->rangeExp != kEmptyRange) {
    // Bring both to the larger range, then add bin for bin.
    qrt_observer tmp;
    tmp.rangeExp = src->rangeExp;
    tmp.bins = src->bins;
    if (dst->rangeExp == kEmptyRange) {
      dst->rangeExp = src->rangeExp;
    } else {
      int32_t e = std::max(dst->rangeExp, src->rangeExp);
      dst->growTo(e);
      tmp.growTo(e);
    }
    for (int i = 0; i < kBins; ++i)
      dst->bins[i] += tmp.bins[i];
  }
  return QRT_OK;
}

qrt_status qrt_observer_get(const qrt_observer *o, qrt_observer_stats *s) {
  if (!o || !s)
    return fail(QRT_ERR_NULL_POINTER, "qrt_observer_get: NULL argument");
  *s = qrt_observer_stats();
  s->count = o->count;
  s->nan_count = o->nanCount;
  s->min = o->mn;
  s->max = o->mx;
  s->range_exp = o->rangeExp;
  if (o->kind == QRT_OBSERVER_HISTOGRAM) {
    s->num_bins = kBins;
    s->bins = o->bins.data();
  }
  s->num_channels = (int64_t)o->chMin.size();
  s->channel_min = o->chMin.empty() ? nullptr : o->chMin.data();
  s->channel_max = o->chMax.empty() ? nullptr : o->chMax.data();
  return QRT_OK;
}

qrt_status qrt_observer_create_from_stats(qrt_observer_kind kind, int32_t axis,
                                          const qrt_observer_stats *s, qrt_observer **out) {
  if (!s)
    return fail(QRT_ERR_NULL_POINTER, "qrt_observer_create_from_stats: stats is NULL");
  qrt_status st = qrt_observer_create(kind, axis, s->num_channels, out);
  if (st != QRT_OK)
    return st;
  qrt_observer *o = *out;
  o->count = s->count;
  o->nanCount = s->nan_count;
  o->mn = s->min;
  o->mx = s->max;
  if (kind == QRT_OBSERVER_HISTOGRAM) {
    if (s->num_bins != kBins || !s->bins) {
      qrt_observer_destroy(o);
      *out = nullptr;
      return fail(QRT_ERR_INVALID_ARGUMENT, "qrt_observer_create_from_stats: need 2048 bins");
    }
    o->rangeExp = s->range_exp;
    o->bins.assign(s->bins, s->bins + kBins);
  }
  if (kind == QRT_OBSERVER_PER_CHANNEL_MINMAX) {
    if (!s->channel_min || !s->channel_max) {
      qrt_observer_destroy(o);
      *out = nullptr;
      return fail(QRT_ERR_NULL_POINTER, "qrt_observer_create_from_stats: channel stats NULL");
    }
    o->chMin.assign(s->channel_min, s->channel_min + s->num_channels);
    o->chMax.assign(s->channel_max, s->channel_max + s->num_channels);
  }
  return QRT_OK;
}

} // extern "C"

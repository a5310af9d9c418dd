// Element access and the requantization formula shared by the reference kernels.
#ifndef QUANTRT_RUNTIME_REF_REFCOMMON_H
#define QUANTRT_RUNTIME_REF_REFCOMMON_H

#include "runtime/Internal.h"

#include <cmath>

namespace qrt {
namespace ref {

inline int32_t loadQ(const void *p, qrt_dtype t, int64_t i) {
  switch (t) {
  case QRT_U8:
    return ((const uint8_t *)p)[i];
  case QRT_S8:
    return ((const int8_t *)p)[i];
  case QRT_S32:
    return ((const int32_t *)p)[i];
  default:
    return 0;
  }
}

inline void storeQ(void *p, qrt_dtype t, int64_t i, int32_t v) {
  if (t == QRT_U8)
    ((uint8_t *)p)[i] = (uint8_t)v;
  else if (t == QRT_S8)
    ((int8_t *)p)[i] = (int8_t)v;
  else
    ((int32_t *)p)[i] = v;
}

/// Real value of element i of a quantized or f32 tensor.
inline float loadReal(const void *p, const Tensor &t, int64_t i) {
  if (t.dtype == QRT_F32)
    return ((const float *)p)[i];
  return (float)(loadQ(p, t.dtype, i) - t.zp) * t.scale;
}

/// Stores real value v into element i (quantizing per-tensor for int8).
inline void storeReal(void *p, const Tensor &t, int64_t i, float v) {
  if (t.dtype == QRT_F32)
    ((float *)p)[i] = v;
  else
    storeQ(p, t.dtype, i, quantizeValue(v, t.scale, t.zp, t.dtype));
}

/// swish(v) = v * sigmoid(v), written as one division so that it stays
/// finite where exp(-v) overflows (v / inf = -0).
inline float swish(float v) { return v / (1.f + std::exp(-v)); }

/// The conv/fc output stage (docs/runtime.md, "Requantization"):
///   v  = f32(acc + bias) * m            (m = f32(double(sx)*sw[c]/sy))
///   v += rm * f32(r - zr)               (residual, rm = f32(double(sr)/sy))
///   v  = clamp(v, lo - zy, hi - zy)     (activation + saturation, f32)
///   q  = rne(v) + zy
/// Clamping before rounding equals clamping after it: the bounds are integers
/// and rounding is monotonic. This is what oneDNN's int8 conv computes
/// (output scale, sum post-op, eltwise post-op, dst zero point).
inline int32_t requantizeAcc(int32_t acc, int32_t bias, float m, bool hasRes,
                             int32_t r, float rm, int32_t zy, int32_t lo,
                             int32_t hi) {
  float v = (float)(acc + bias) * m;
  if (hasRes)
    v += rm * (float)r;
  return clampRound(v, lo - zy, hi - zy) + zy;
}

/// Broadcast strides of `t` (rank-aligned right) against an output of `rank`.
inline void broadcastStrides(const Tensor &t, int rank, const int64_t *outDims,
                             int64_t *strides) {
  int64_t s = 1;
  for (int i = rank - 1; i >= 0; --i) {
    int ti = i - (rank - t.rank);
    if (ti < 0 || t.dims[ti] == 1) {
      strides[i] = 0;
    } else {
      strides[i] = s;
    }
    if (ti >= 0)
      s *= t.dims[ti];
    (void)outDims;
  }
}

} // namespace ref
} // namespace qrt

#endif // QUANTRT_RUNTIME_REF_REFCOMMON_H

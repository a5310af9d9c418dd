// Scale/zero-point selection (PyTorch/ONNX Runtime rules) and the quantize/dequantize contract.
#ifndef QMLIR_LIB_CALIBRATION_QUANTPARAMS_H
#define QMLIR_LIB_CALIBRATION_QUANTPARAMS_H

#include "lib/Calibration/RangeEstimators.h"

#include <cstdint>
#include <vector>

namespace qmlir::calib {

/// Smallest scale chooseQuantParams returns (all-zero or tiny ranges): the
/// f32 nearest 1e-8.
constexpr double kMinScale = static_cast<double>(1e-8f);

/// Affine quantization parameters: real = (q - zeroPoint) * scale, q in [qmin, qmax].
struct QuantParams {
  double scale = 1; ///< > 0 and exactly representable as f32
  int64_t zeroPoint = 0;
  int64_t qmin = 0, qmax = 255;
};

/// Parameters for the range r on the integer grid [qmin, qmax] (qmin < qmax).
/// The range is first extended to contain 0.
///  - asymmetric: scale = (hi - lo) / (qmax - qmin), zeroPoint =
///    round_half_to_even(qmin - lo / scale) clamped to [qmin, qmax], so 0.0
///    is exactly the integer zeroPoint.
///  - symmetric: scale = max(|lo|, |hi|) / ((qmax - qmin) / 2), zeroPoint =
///    floor((qmin + qmax + 1) / 2): 0 for [-127, 127] and [-128, 127], 128 for [0, 255].
/// scale is rounded to the nearest f32 (the runtime and the IR's consumers
/// use f32 scales) and is at least kMinScale. Never fails: invalid bounds
/// (qmin >= qmax) give scale 1, zeroPoint qmin; NaN bounds count as 0.
QuantParams chooseQuantParams(ClipRange r, int64_t qmin, int64_t qmax, bool symmetric);

/// saturate(round_half_to_even(x / scale) + zeroPoint), with x / scale in
/// double (ONNX QuantizeLinear). NaN quantizes to the zero point (clamped).
int64_t quantize(double x, const QuantParams &p);
/// (q - zeroPoint) * scale in double.
double dequantize(int64_t q, const QuantParams &p);

/// The runtime's f32 quantize (runtime/Internal.h quantizeValue), bit for
/// bit: saturate(rne(f32(x / s)) + z) with the quotient rounded to f32.
/// May differ from quantize() by 1 where the f32 quotient rounds onto or off
/// a .5 tie (|x/s| within 2^-24 relative of a tie).
int32_t quantizeF32(float x, float scale, int32_t zeroPoint, int32_t qmin, int32_t qmax);

/// Symmetric weight parameters on [qmin, qmax] (default s8 [-127, 127]) for
/// w laid out as `channels` rows of `perChannel` values (output channel =
/// axis 0). perChannelMode: one QuantParams per channel from that channel's
/// max|w|; otherwise a single QuantParams (vector of size 1) from the whole
/// tensor. Non-finite weights are ignored for the range. Returns an empty
/// vector for null w, channels <= 0 or perChannel < 0.
std::vector<QuantParams> chooseWeightParams(const float *w, int64_t channels,
                                            int64_t perChannel, bool perChannelMode,
                                            int64_t qmin = -127, int64_t qmax = 127);

/// round_half_to_even independent of the floating-point rounding mode.
double roundHalfToEven(double v);
float roundHalfToEvenF32(float v);

} // namespace qmlir::calib

#endif // QMLIR_LIB_CALIBRATION_QUANTPARAMS_H

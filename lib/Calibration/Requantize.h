// Requantization arithmetic: Q31 fixed-point multipliers with exact half-to-even rounding, and the f32 reference path.
#ifndef QMLIR_LIB_CALIBRATION_REQUANTIZE_H
#define QMLIR_LIB_CALIBRATION_REQUANTIZE_H

#include <cstdint>

namespace qmlir::calib {

/// A positive real multiplier as multiplier * 2^(shift - 31), gemmlowp/TFLite
/// style: multiplier in [2^30, 2^31) (Q31 mantissa in [0.5, 1)), shift the
/// power-of-two exponent (positive for real >= 1, unbounded below).
/// multiplier == 0 encodes "multiply by zero".
struct FixedPointMultiplier {
  int32_t multiplier = 0;
  int shift = 0;
};

/// Nearest Q31 representation of realMultiplier (mantissa rounded half to
/// even; relative error <= 2^-31). Any finite positive value works, > 1 and
/// tiny ones included. Zero, negative, NaN or infinite input gives {0, 0}.
FixedPointMultiplier quantizeMultiplier(double realMultiplier);

/// The real value multiplier * 2^(shift - 31) that m represents.
double fixedPointMultiplierValue(FixedPointMultiplier m);

/// round_half_to_even(acc * multiplier * 2^(shift - 31)), saturated to int32.
/// The product is formed exactly in 64 bits and rounded once, so the result
/// is exactly half-to-even with respect to the represented multiplier.
/// Against the real multiplier m it is exact except where acc * m lies within
/// |acc * m| * 2^-31 of a .5 tie (the Q31 mantissa's error), and then off by
/// at most 1. (TFLite's SaturatingRoundingDoublingHighMul +
/// RoundingDivideByPOT rounds twice, half away from zero; this does not.)
int32_t multiplyByQuantizedMultiplier(int32_t acc, FixedPointMultiplier m);

/// The numerics contract's output stage in f32, exactly as the reference
/// backend computes it (runtime/ref/RefCommon.h requantizeAcc without a
/// residual): v = f32(acc) * multiplier in f32, clamped to
/// [qmin - zeroPoint, qmax - zeroPoint], rounded half to even, plus
/// zeroPoint. Against the exact round_half_to_even(acc * multiplier) it is
/// off by at most 1, and only where the exact product lies within
/// 2^-23 * |acc * multiplier| of a .5 tie (f32 conversion of acc above 2^24
/// and the f32 product each round to 24 bits).
int32_t requantizeFloat(int32_t acc, float multiplier, int32_t zeroPoint, int32_t qmin,
                        int32_t qmax);

/// The requantization multiplier the runtime uses: f32(double(sIn) *
/// double(sW) / double(sOut)) (runtime/Internal.h requantMultiplier).
float requantMultiplierF32(double sIn, double sW, double sOut);

} // namespace qmlir::calib

#endif // QMLIR_LIB_CALIBRATION_REQUANTIZE_H

// Clipping-range estimators (minmax, percentile, entropy/KL, mse) over calibration statistics.
#ifndef QMLIR_LIB_CALIBRATION_RANGEESTIMATORS_H
#define QMLIR_LIB_CALIBRATION_RANGEESTIMATORS_H

#include "lib/Calibration/Histogram.h"

#include <optional>
#include <string_view>

namespace qmlir::calib {

enum class CalibrationMethod { MinMax, Percentile, Entropy, Mse };

/// "minmax", "percentile", "entropy", "mse" (exact, lower case); nullopt otherwise.
std::optional<CalibrationMethod> parseCalibrationMethod(std::string_view name);
/// The spelling parseCalibrationMethod accepts.
std::string_view calibrationMethodName(CalibrationMethod method);

/// A real-valued clipping interval; after estimateRange, lo <= 0 <= hi.
struct ClipRange {
  double lo = 0, hi = 0;
};

/// The range to quantize a tensor to, from its statistics (docs/calibration.md).
///
///  - MinMax: [min, max].
///  - Percentile: the `percentile` (in (0, 100]) quantile of |x| as [-t, t]
///    when `symmetric` or the data are one-sided; otherwise the (100 - p) and
///    p quantiles of x. Linear interpolation inside a bin.
///  - Entropy: TensorRT's KL-divergence threshold t on the |x| histogram.
///  - Mse: the threshold(s) minimizing the expected squared quantization
///    error (rounding inside, clipping outside) under the grid that
///    chooseQuantParams will build: 127 steps over [0, t] when symmetric,
///    255 steps over [0, t] for one-sided asymmetric data, 255 steps over
///    [lo, hi] otherwise (lo and hi searched jointly).
///
/// Data with min >= 0 (e.g. after ReLU) are one-sided: the estimators work on
/// the positive side ([0, t]); max <= 0 mirrors that. `unsignedOutput` names
/// the storage type (u8); with this library's chooseQuantParams rules the
/// quantization grid, and hence the estimate, depends only on `symmetric`
/// and the sign of the data, so it does not change the result (see docs).
///
/// The result is clamped to [min, max] and then extended to contain 0, so it
/// always lies in [min(min, 0), max(max, 0)]. Statistics without samples give
/// [0, 0]; without a histogram (or with an invalid percentile) every method
/// falls back to MinMax. Never fails.
ClipRange estimateRange(const TensorStats &stats, CalibrationMethod method,
                        double percentile, bool symmetric, bool unsignedOutput);

} // namespace qmlir::calib

#endif // QMLIR_LIB_CALIBRATION_RANGEESTIMATORS_H

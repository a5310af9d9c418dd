//===- Statistics.h - #qnn.stats <-> calibration statistics -----*- C++ -*-===//
//
// Converts between the IR form of calibration statistics (#qnn.stats on
// qnn.observe) and the calibration library's TensorStats, which does the
// arithmetic (merging, range estimation).
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_PASSES_QUANTIZATION_STATISTICS_H
#define QMLIR_PASSES_QUANTIZATION_STATISTICS_H

#include "dialects/QNN/QNNDialect.h"
#include "lib/Calibration/Histogram.h"

namespace qmlir::quantization {

calib::TensorStats toTensorStats(qnn::StatsAttr attr);
qnn::StatsAttr toStatsAttr(mlir::MLIRContext *context,
                           const calib::TensorStats &stats);

/// Checks that the histogram of `op`'s statistics, if any, has the
/// calibration library's kHistogramBins bins (its arithmetic assumes so;
/// the attribute alone allows any length), emitting an error on `op` if not.
mlir::LogicalResult verifyHistogramBins(mlir::Operation *op,
                                        qnn::StatsAttr attr);

} // namespace qmlir::quantization

#endif // QMLIR_PASSES_QUANTIZATION_STATISTICS_H

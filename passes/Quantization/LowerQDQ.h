//===- LowerQDQ.h - Patterns of qnn-lower-qdq -------------------*- C++ -*-===//
//
// Exposes the lowering table of `qnn-lower-qdq` as patterns, so that other
// drivers (a pipeline's combined greedy run, a test pass) can reuse it.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_PASSES_QUANTIZATION_LOWERQDQ_H
#define QMLIR_PASSES_QUANTIZATION_LOWERQDQ_H

#include "mlir/IR/PatternMatch.h"

namespace qmlir::quantization {

/// Adds one pattern per entry of the Q/DQ lowering table (a qnn op between
/// `quant.dcast` and `quant.qcast` becomes the same op on `!quant.uniform`
/// types; a relu/clamp before the qcast may become its fused activation, a
/// float bias its i32 bias), the host-side transpose of a transposed
/// quantized constant, and the fold of `quant.qcast(quant.dcast(x))` to `x`
/// when both casts use the same type. The pass's own post-step (reasons,
/// f32 constants for float ops) is not part of these patterns.
///
/// A driver must not fold `quant.dcast` while running these: upstream folds
/// `quant.dcast(quant.qcast(x))` to `x`, which deletes the very quantization
/// being lowered.
void populateQNNLowerQDQPatterns(mlir::RewritePatternSet &patterns);

} // namespace qmlir::quantization

#endif // QMLIR_PASSES_QUANTIZATION_LOWERQDQ_H

//===- OpClasses.h - How each qnn op takes part in quantization -*- C++ -*-===//
//
// One place that says, per qnn op, which operands are activations, whether
// the result keeps the input's parameters (same-scale), has a fixed range,
// and which runtime kernel executes it in int8. Insert-observers,
// assign-scales and the report all read it.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_PASSES_QUANTIZATION_OPCLASSES_H
#define QMLIR_PASSES_QUANTIZATION_OPCLASSES_H

#include "lib/Support/QuantConfig.h"
#include "quantrt/quantrt.h"

#include "mlir/IR/Operation.h"

#include <optional>

namespace qmlir::quantization {

/// Result takes the input's quantization parameters (max_pool, reshape,
/// flatten, transpose, pad, slice).
bool isSameScaleOp(mlir::Operation *op);

/// Quantized output range fixed by the function: sigmoid and softmax
/// [0, 1], tanh [-1, 1]. Returns the range.
std::optional<std::pair<double, double>> getFixedOutputRange(mlir::Operation *op);

/// The operands that carry activations (quantized from observed
/// statistics), as opposed to weights and biases (quantized from their
/// values).
llvm::SmallVector<mlir::OpOperand *> getActivationOperands(mlir::Operation *op);

/// The runtime kernel that executes `op`, if the runtime has one.
std::optional<qrt_op> getRuntimeOp(mlir::Operation *op);

/// Why `op` cannot run quantized on any backend of the runtime (no int8
/// kernel), or std::nullopt when it can.
std::optional<std::string> whyNotQuantizable(mlir::Operation *op);

/// Records on `op` (as `qnn.float_reason`) why it stays float and emits a
/// remark naming the node.
void markFloat(mlir::Operation *op, const llvm::Twine &reason);

/// Decides whether the qnn compute op `op` runs in int8: the runtime must
/// have a kernel and the config must not set it to null. Returns the node's
/// settings, or marks it float (markFloat) and returns std::nullopt.
std::optional<NodeQConfig> selectForQuantization(mlir::Operation *op,
                                                 const QuantConfig &config);

} // namespace qmlir::quantization

#endif // QMLIR_PASSES_QUANTIZATION_OPCLASSES_H

//===- QNNOps.h - qnn operations and their shape functions ------*- C++ -*-===//
//
// Declares the qnn ops, the trait that keeps an op all-float or
// all-quantized, and the shape functions shared by the verifiers and the
// ONNX importer (so an importer error and a verifier error agree).
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_DIALECTS_QNN_QNNOPS_H
#define QMLIR_DIALECTS_QNN_QNNOPS_H

#include "dialects/QNN/QNNDialect.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace qmlir::qnn {

/// True for `!quant.uniform` element types (per-tensor or per-axis).
bool isQuantizedElement(mlir::Type type);

/// Discardable attribute a pass sets on a node it leaves in float, saying
/// why (read by qnn-report and turned into remarks).
constexpr llvm::StringLiteral kFloatReasonAttr = "qnn.float_reason";

/// Multiply-accumulates of one inference of `op` (conv2d, fully_connected;
/// 0 for every other op).
int64_t getMacCount(mlir::Operation *op);

/// The int8 share of a graph, over its compute nodes (every qnn op but
/// qnn.observe; a node runs in int8 when its result is quantized): what
/// qnn-report's last line and quant-compile's summary print.
struct MacShare {
  int64_t macs = 0, int8Macs = 0, nodes = 0, int8Nodes = 0;

  static bool isComputeNode(mlir::Operation *op);
  static bool runsInInt8(mlir::Operation *op);
  /// Counts compute node `op`.
  void add(mlir::Operation *op);
  /// Every compute node nested in `root`.
  static MacShare of(mlir::Operation *root);
};

/// The ONNX node name of `op` (from its NameLoc), or "" when it has none.
llvm::StringRef getNodeName(mlir::Operation *op);

namespace OpTrait {
mlir::LogicalResult verifyConsistentNumerics(mlir::Operation *op);

/// Every tensor of the op is f32, or every one is quantized; i32 tensors
/// (biases) may only appear on quantized ops.
template <typename ConcreteType>
class ConsistentNumerics
    : public mlir::OpTrait::TraitBase<ConcreteType, ConsistentNumerics> {
public:
  static mlir::LogicalResult verifyTrait(mlir::Operation *op) {
    return verifyConsistentNumerics(op);
  }
};
} // namespace OpTrait

//===----------------------------------------------------------------------===//
// Shape functions. Each returns the result shape or emits an error through
// `emitError` and fails. Attributes are in qnn's normalized form.
//===----------------------------------------------------------------------===//

using EmitErrorFn = llvm::function_ref<mlir::InFlightDiagnostic()>;
using Shape = llvm::SmallVector<int64_t, 4>;

mlir::FailureOr<Shape> inferConv2dShape(EmitErrorFn emitError,
                                        llvm::ArrayRef<int64_t> input,
                                        llvm::ArrayRef<int64_t> weight,
                                        llvm::ArrayRef<int64_t> strides,
                                        llvm::ArrayRef<int64_t> pads,
                                        llvm::ArrayRef<int64_t> dilations,
                                        int64_t groups);
mlir::FailureOr<Shape> inferFullyConnectedShape(EmitErrorFn emitError,
                                                llvm::ArrayRef<int64_t> input,
                                                llvm::ArrayRef<int64_t> weight);
mlir::FailureOr<Shape> inferPool2dShape(EmitErrorFn emitError,
                                        llvm::ArrayRef<int64_t> input,
                                        llvm::ArrayRef<int64_t> kernel,
                                        llvm::ArrayRef<int64_t> strides,
                                        llvm::ArrayRef<int64_t> pads,
                                        llvm::ArrayRef<int64_t> dilations,
                                        bool ceilMode);
mlir::FailureOr<Shape> inferBroadcastShape(EmitErrorFn emitError,
                                           llvm::ArrayRef<int64_t> lhs,
                                           llvm::ArrayRef<int64_t> rhs);
mlir::FailureOr<Shape>
inferConcatShape(EmitErrorFn emitError,
                 llvm::ArrayRef<llvm::ArrayRef<int64_t>> inputs, int64_t axis);
mlir::FailureOr<Shape> inferFlattenShape(EmitErrorFn emitError,
                                         llvm::ArrayRef<int64_t> input,
                                         int64_t axis);
mlir::FailureOr<Shape> inferTransposeShape(EmitErrorFn emitError,
                                           llvm::ArrayRef<int64_t> input,
                                           llvm::ArrayRef<int64_t> perm);
mlir::FailureOr<Shape> inferPadShape(EmitErrorFn emitError,
                                     llvm::ArrayRef<int64_t> input,
                                     llvm::ArrayRef<int64_t> pads);
mlir::FailureOr<Shape> inferSliceShape(EmitErrorFn emitError,
                                       llvm::ArrayRef<int64_t> input,
                                       llvm::ArrayRef<int64_t> starts,
                                       llvm::ArrayRef<int64_t> ends,
                                       llvm::ArrayRef<int64_t> steps);
mlir::FailureOr<Shape> inferReduceShape(EmitErrorFn emitError,
                                        llvm::ArrayRef<int64_t> input,
                                        llvm::ArrayRef<int64_t> axes,
                                        bool keepdims);

} // namespace qmlir::qnn

#define GET_OP_CLASSES
#include "dialects/QNN/QNNOps.h.inc"

#endif // QMLIR_DIALECTS_QNN_QNNOPS_H

//===- Passes.h - Quantization passes over qnn ------------------*- C++ -*-===//

#ifndef QMLIR_PASSES_QUANTIZATION_PASSES_H
#define QMLIR_PASSES_QUANTIZATION_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir {
class RewritePatternSet;
} // namespace mlir

namespace qmlir::quantization {

class FusionCapabilities;

#define GEN_PASS_DECL
#include "passes/Quantization/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "passes/Quantization/Passes.h.inc"

/// batch_norm after a sole-use conv2d / fully_connected with constant
/// weights -> new weights and bias (qnn-fold-batchnorm, first phase).
void populateFoldBatchNormPatterns(mlir::RewritePatternSet &patterns);
/// batch_norm with constant parameters -> per-channel qnn.mul + qnn.add
/// (qnn-fold-batchnorm, second phase).
void populateBatchNormToMulAddPatterns(mlir::RewritePatternSet &patterns);
/// Activation and residual fusion into conv2d / fully_connected, as far as
/// `caps` allows (qnn-fuse); the patterns keep a copy of `caps`.
void populateFusePatterns(mlir::RewritePatternSet &patterns,
                          const FusionCapabilities &caps);

/// Registers the quantization passes and the qnn-prepare / qnn-convert
/// pipelines with the global registry.
void registerQuantizationPassesAndPipelines();

} // namespace qmlir::quantization

#endif // QMLIR_PASSES_QUANTIZATION_PASSES_H

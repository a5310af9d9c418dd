//===- Passes.h - Quantization passes over qnn ------------------*- C++ -*-===//

#ifndef QMLIR_PASSES_QUANTIZATION_PASSES_H
#define QMLIR_PASSES_QUANTIZATION_PASSES_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace qmlir::quantization {

#define GEN_PASS_DECL
#include "passes/Quantization/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "passes/Quantization/Passes.h.inc"

/// Registers the quantization passes and the qnn-prepare / qnn-convert
/// pipelines with the global registry.
void registerQuantizationPassesAndPipelines();

} // namespace qmlir::quantization

#endif // QMLIR_PASSES_QUANTIZATION_PASSES_H

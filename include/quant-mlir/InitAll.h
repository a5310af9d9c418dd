//===- InitAll.h - Register every quant-mlir dialect and pass ---*- C++ -*-===//
//
// One place that names what the tools register, so quant-opt, quant-translate
// and quant-compile agree.
//
//===----------------------------------------------------------------------===//

#ifndef QUANT_MLIR_INITALL_H
#define QUANT_MLIR_INITALL_H

namespace mlir {
class DialectRegistry;
} // namespace mlir

namespace qmlir {

/// Adds the qnn dialect and the upstream dialects quant-mlir builds on (func,
/// arith, tensor, quant) to `registry`.
void registerAllDialects(mlir::DialectRegistry &registry);

/// Registers every quant-mlir pass and pipeline with the global registry.
void registerAllPasses();

} // namespace qmlir

#endif // QUANT_MLIR_INITALL_H

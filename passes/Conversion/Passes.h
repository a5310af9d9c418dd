//===- Passes.h - Conversions between dialects ------------------*- C++ -*-===//

#ifndef QMLIR_PASSES_CONVERSION_PASSES_H
#define QMLIR_PASSES_CONVERSION_PASSES_H

#include "dialects/QRT/QRTDialect.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace qmlir::conversion {

#define GEN_PASS_DECL
#include "passes/Conversion/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "passes/Conversion/Passes.h.inc"

} // namespace qmlir::conversion

#endif // QMLIR_PASSES_CONVERSION_PASSES_H

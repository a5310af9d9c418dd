//===- Passes.h - Passes on qrt kernel calls --------------------*- C++ -*-===//

#ifndef QMLIR_PASSES_QRT_PASSES_H
#define QMLIR_PASSES_QRT_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Pass/Pass.h"

namespace qmlir::qrt {

#define GEN_PASS_DECL
#include "passes/QRT/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "passes/QRT/Passes.h.inc"

} // namespace qmlir::qrt

#endif // QMLIR_PASSES_QRT_PASSES_H

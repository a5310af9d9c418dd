//===- Passes.h - Analysis passes over qnn ----------------------*- C++ -*-===//

#ifndef QMLIR_PASSES_ANALYSIS_PASSES_H
#define QMLIR_PASSES_ANALYSIS_PASSES_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace qmlir::analysis {

#define GEN_PASS_DECL
#include "passes/Analysis/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "passes/Analysis/Passes.h.inc"

} // namespace qmlir::analysis

#endif // QMLIR_PASSES_ANALYSIS_PASSES_H

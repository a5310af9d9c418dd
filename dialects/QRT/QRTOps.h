//===- QRTOps.h - qrt operations --------------------------------*- C++ -*-===//
//
// Declares the qrt kernel-call ops.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_DIALECTS_QRT_QRTOPS_H
#define QMLIR_DIALECTS_QRT_QRTOPS_H

#include "dialects/QRT/QRTDialect.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace qmlir::qrt {
/// The runtime's calibration observers: the state qrt.observe updates.
struct ObserverStateResource
    : public mlir::SideEffects::Resource::Base<ObserverStateResource> {
  llvm::StringRef getName() override { return "qrt.observer_state"; }
};
} // namespace qmlir::qrt

#define GET_OP_CLASSES
#include "dialects/QRT/QRTOps.h.inc"

#endif // QMLIR_DIALECTS_QRT_QRTOPS_H

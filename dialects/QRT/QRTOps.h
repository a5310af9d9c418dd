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

#define GET_OP_CLASSES
#include "dialects/QRT/QRTOps.h.inc"

#endif // QMLIR_DIALECTS_QRT_QRTOPS_H

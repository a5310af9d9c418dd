//===- QRTDialect.h - The qrt dialect, its enums and attributes -*- C++ -*-===//
//
// Declares the qrt dialect class, its enums and attributes.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_DIALECTS_QRT_QRTDIALECT_H
#define QMLIR_DIALECTS_QRT_QRTDIALECT_H

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/Attributes.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Dialect.h"

#include "dialects/QRT/QRTDialect.h.inc"
#include "dialects/QRT/QRTEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "dialects/QRT/QRTAttrs.h.inc"

#endif // QMLIR_DIALECTS_QRT_QRTDIALECT_H

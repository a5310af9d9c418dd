//===- QNNDialect.h - The qnn dialect, its enums and attributes -*- C++ -*-===//
//
// Declares the qnn dialect class, its enums and attributes.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_DIALECTS_QNN_QNNDIALECT_H
#define QMLIR_DIALECTS_QNN_QNNDIALECT_H

#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/IR/Attributes.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Dialect.h"

#include "dialects/QNN/QNNDialect.h.inc"
#include "dialects/QNN/QNNEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "dialects/QNN/QNNAttrs.h.inc"

#endif // QMLIR_DIALECTS_QNN_QNNDIALECT_H

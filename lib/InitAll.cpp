//===- InitAll.cpp - Register every quant-mlir dialect and pass -----------===//

#include "quant-mlir/InitAll.h"

#include "dialects/QNN/QNNDialect.h"
#include "dialects/QRT/QRTDialect.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Transforms/Passes.h"
#include "passes/Analysis/Passes.h"
#include "passes/Conversion/Passes.h"
#include "passes/Quantization/Passes.h"
#include "passes/QRT/Passes.h"

void qmlir::registerAllDialects(mlir::DialectRegistry &registry) {
  registry.insert<qnn::QNNDialect, mlir::arith::ArithDialect,
                  mlir::func::FuncDialect, mlir::quant::QuantDialect,
                  mlir::tensor::TensorDialect>();
  registry.insert<qrt::QRTDialect, mlir::memref::MemRefDialect>();
}

void qmlir::registerAllPasses() {
  // Upstream cleanups that pipelines and tests use (canonicalize, cse, ...).
  mlir::registerTransformsPasses();
  analysis::registerAnalysisPasses();
  quantization::registerQuantizationPassesAndPipelines();
  conversion::registerConversionPasses();
  qrt::registerQRTPasses();
}

//===- Pipelines.h - qnn-prepare and qnn-convert ----------------*- C++ -*-===//
//
// The two halves of quantization around calibration, as pass pipelines with
// options (IREE's style): prepare = canonicalize, fold-batchnorm, fuse,
// insert-observers;
// convert = assign-scales, lower-qdq.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_PASSES_QUANTIZATION_PIPELINES_H
#define QMLIR_PASSES_QUANTIZATION_PIPELINES_H

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"

namespace qmlir::quantization {

struct PrepareOptions : public mlir::PassPipelineOptions<PrepareOptions> {
  Option<std::string> backend{*this, "backend",
                              llvm::cl::desc("Fusion target: onednn, xnnpack, ref"),
                              llvm::cl::init("onednn")};
  Option<std::string> config{*this, "config",
                             llvm::cl::desc("Quantization config (JSON)"),
                             llvm::cl::init("")};
};

struct ConvertOptions : public mlir::PassPipelineOptions<ConvertOptions> {
  Option<std::string> method{
      *this, "method",
      llvm::cl::desc("Range estimator: minmax, percentile, entropy, mse"),
      llvm::cl::init("minmax")};
  Option<double> percentile{*this, "percentile",
                            llvm::cl::desc("Percentile for method=percentile"),
                            llvm::cl::init(99.99)};
  Option<std::string> config{*this, "config",
                             llvm::cl::desc("Quantization config (JSON)"),
                             llvm::cl::init("")};
  Option<std::string> activationDtype{
      *this, "activation-dtype",
      llvm::cl::desc("Default activation type: u8 or s8"), llvm::cl::init("u8")};
};

/// canonicalize, fold-batchnorm, fuse, insert-observers: the float model to
/// calibrate.
void buildPreparePipeline(mlir::OpPassManager &pm, const PrepareOptions &options);

/// assign-scales, lower-qdq: the calibrated model to integer ops.
void buildConvertPipeline(mlir::OpPassManager &pm, const ConvertOptions &options);

} // namespace qmlir::quantization

#endif // QMLIR_PASSES_QUANTIZATION_PIPELINES_H

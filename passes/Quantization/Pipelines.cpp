//===- Pipelines.cpp - qnn-prepare, qnn-convert and pass registration -----===//

#include "passes/Quantization/Pipelines.h"
#include "passes/Quantization/Passes.h"

#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

namespace qmlir::quantization {

void buildPreparePipeline(mlir::OpPassManager &pm,
                          const PrepareOptions &options) {
  // Canonical forms first: e.g. x * hard_sigmoid(x) becomes hard_swish,
  // which has an int8 kernel. (Never between assign-scales and lower-qdq:
  // upstream folds dcast(qcast(x)) to x.)
  pm.addPass(mlir::createCanonicalizerPass());
  pm.addNestedPass<mlir::func::FuncOp>(createQNNFoldBatchNormPass());
  pm.addNestedPass<mlir::func::FuncOp>(
      createQNNFusePass(QNNFusePassOptions{options.backend}));
  pm.addPass(createQNNInsertObserversPass(
      QNNInsertObserversPassOptions{options.config}));
}

void buildConvertPipeline(mlir::OpPassManager &pm,
                          const ConvertOptions &options) {
  pm.addPass(createQNNAssignScalesPass(QNNAssignScalesPassOptions{
      options.method, options.percentile, options.config,
      options.activationDtype}));
  pm.addNestedPass<mlir::func::FuncOp>(createQNNLowerQDQPass());
}

void registerQuantizationPassesAndPipelines() {
  registerQNNFoldBatchNormPass();
  registerQNNFusePass();
  registerQNNInsertObserversPass();
  registerQNNMergeStatsPass();
  registerQNNAssignScalesPass();
  registerQNNLowerQDQPass();
  registerQNNReportPass();
  registerQNNTestSynthesizeStatsPass();

  mlir::PassPipelineRegistration<PrepareOptions>(
      "qnn-prepare",
      "Fold BatchNorm, fuse for the backend, insert observers: the float "
      "model to calibrate",
      buildPreparePipeline);
  mlir::PassPipelineRegistration<ConvertOptions>(
      "qnn-convert",
      "Assign scales from calibration statistics and lower Q/DQ to integer "
      "ops",
      buildConvertPipeline);
}

} // namespace qmlir::quantization

//===- Calibration.cpp - Calibrate by running the compiled observed model -===//

#include "lib/Compiler/Calibration.h"

#include "dialects/QNN/QNNOps.h"
#include "lib/Calibration/Histogram.h"
#include "lib/Data/Dataset.h"
#include "lib/Runner/CompiledModel.h"
#include "passes/Quantization/Statistics.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/IRMapping.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ToolOutputFile.h"

#include <chrono>

using namespace mlir;
using namespace qmlir;
using namespace qmlir::compiler;

/// The runtime's observer statistics as the calibration library's.
static std::optional<calib::TensorStats>
toTensorStats(const runner::ObserverStats &s) {
  calib::TensorStats t;
  t.count = s.count;
  t.nonFiniteCount = s.nanCount;
  if (s.count > 0) {
    t.min = s.min;
    t.max = s.max;
  }
  if (!s.bins.empty()) {
    auto hist = calib::Histogram::fromExponent(s.rangeExp, s.bins.data(),
                                               s.bins.size());
    if (!hist)
      return std::nullopt;
    t.hist = std::move(*hist);
  }
  t.channelMin = s.channelMin;
  t.channelMax = s.channelMax;
  return t;
}

FailureOr<CalibrationResult>
compiler::calibrate(ModuleOp prepared, const CalibrationOptions &options) {
  Location loc = prepared.getLoc();
  MLIRContext *context = prepared.getContext();
  llvm::DenseMap<int64_t, qnn::ObserveOp> observers;
  prepared.walk([&](qnn::ObserveOp op) {
    observers[static_cast<int64_t>(op.getId())] = op;
  });
  CalibrationResult result;
  if (observers.empty()) {
    emitWarning(loc) << "the model has no observers: nothing to calibrate";
    return result;
  }

  // Compile the observed float model through the normal code generator.
  OwningOpRef<ModuleOp> observed(cast<ModuleOp>(prepared->clone()));
  LoweringOptions lowering;
  lowering.backend = options.backend;
  lowering.modelName = options.modelName;
  lowering.precision = "observed";
  if (failed(lowerToLLVM(*observed, lowering)))
    return failure();
  llvm::SmallString<128> dir;
  if (std::error_code ec =
          llvm::sys::fs::createUniqueDirectory("quant-compile-calib", dir))
    return emitError(loc) << "cannot create a temporary directory: "
                          << ec.message();
  llvm::scope_exit removeDir(
      [&] { llvm::sys::fs::remove_directories(dir); });
  llvm::SmallString<128> soPath(dir);
  llvm::sys::path::append(soPath, options.modelName + ".observed.so");
  ArtifactOptions artifact;
  artifact.kind = EmitKind::SharedLibrary;
  artifact.output = soPath.str().str();
  artifact.runtime = options.runtime;
  artifact.shipRuntime = false;
  artifact.target = options.target;
  if (failed(emitArtifact(*observed, artifact)))
    return failure();
  observed = nullptr;

  auto model = runner::CompiledModel::load(soPath.str().str());
  if (!model)
    return emitError(loc) << "cannot load the observed model: "
                          << model.error();
  auto instance = model->createInstance(options.threads);
  if (!instance)
    return emitError(loc) << "cannot create the observed model: "
                          << instance.error();

  data::DatasetOptions datasetOptions;
  datasetOptions.limit = options.limit;
  datasetOptions.image = options.image;
  auto dataset = data::Dataset::open(
      options.dataPath, runner::inputSpecs(model->info()), datasetOptions);
  if (!dataset)
    return emitError(loc) << "calibration data: " << dataset.error();
  for (const std::string &warning : (*dataset)->warnings())
    emitWarning(loc) << "calibration data: " << warning;
  if ((*dataset)->size() == 0)
    return emitError(loc) << "calibration data: no samples in '"
                          << options.dataPath << "'";
  if (options.onCompiled)
    options.onCompiled();

  std::vector<data::Tensor> outputs = model->allocateOutputs();
  data::Sample sample;
  {
    ProgressBar bar("calibrating", (*dataset)->size(), options.progress);
    auto start = std::chrono::steady_clock::now();
    while ((*dataset)->next(sample)) {
      auto inputs = model->prepareInputs(std::move(sample));
      if (!inputs)
        return emitError(loc) << "calibration sample "
                              << (*dataset)->position() - 1 << ": "
                              << inputs.error();
      data::Status status = instance->runPrepared(*inputs, outputs);
      if (!status)
        return emitError(loc) << "calibration sample "
                              << (*dataset)->position() - 1 << ": "
                              << status.error();
      ++result.samples;
      bar.update(result.samples);
    }
    if (!(*dataset)->error().empty())
      return emitError(loc) << "calibration data: " << (*dataset)->error();
    result.seconds = std::chrono::duration<double>(
                         std::chrono::steady_clock::now() - start)
                         .count();
    result.samplesPerSecond =
        result.seconds > 0 ? result.samples / result.seconds : 0.0;
  }

  // Statistics back into the IR.
  llvm::DenseSet<int64_t> seen;
  for (int32_t i = 0, e = instance->numObservers(); i < e; ++i) {
    auto stats = instance->observerStats(i);
    if (!stats)
      return emitError(loc) << "observer " << i << ": " << stats.error();
    auto it = observers.find(stats->id);
    if (it == observers.end())
      return emitError(loc) << "the observed model reports observer id "
                            << stats->id << ", which the module does not have";
    qnn::ObserveOp op = it->second;
    std::optional<calib::TensorStats> fresh = toTensorStats(*stats);
    if (!fresh)
      return op.emitError("observer ")
             << stats->id << ": the runtime returned a malformed histogram";
    if (qnn::StatsAttr existing = op.getStatsAttr()) {
      fresh = calib::TensorStats::merge(quantization::toTensorStats(existing),
                                        *fresh);
      if (!fresh)
        return op.emitError("observer ")
               << stats->id << ": existing statistics do not merge";
    }
    op.setStatsAttr(quantization::toStatsAttr(context, *fresh));
    seen.insert(stats->id);
  }
  for (auto &[id, op] : observers)
    if (!seen.contains(id))
      return op.emitError("observer ")
             << id << " is missing from the compiled observed model";
  result.observers = static_cast<int64_t>(seen.size());
  return result;
}

LogicalResult compiler::writeStatsFile(ModuleOp module, llvm::StringRef path) {
  MLIRContext *context = module.getContext();
  SmallVector<qnn::ObserveOp> observers;
  module.walk([&](qnn::ObserveOp op) { observers.push_back(op); });
  OpBuilder builder(context);
  OwningOpRef<ModuleOp> stats = ModuleOp::create(module.getLoc());
  SmallVector<Type> types;
  for (qnn::ObserveOp op : observers)
    types.push_back(op.getInput().getType());
  builder.setInsertionPointToEnd(stats->getBody());
  auto func = func::FuncOp::create(builder, module.getLoc(), "observers",
                                   builder.getFunctionType(types, {}));
  Block *body = func.addEntryBlock();
  builder.setInsertionPointToEnd(body);
  for (auto [op, arg] : llvm::zip(observers, body->getArguments())) {
    Operation *copy = builder.clone(*op.getOperation());
    copy->setOperand(0, arg);
  }
  func::ReturnOp::create(builder, module.getLoc());

  std::error_code ec;
  llvm::ToolOutputFile out(path, ec, llvm::sys::fs::OF_Text);
  if (ec)
    return emitError(module.getLoc())
           << "cannot write '" << path << "': " << ec.message();
  stats->print(out.os(), OpPrintingFlags().enableDebugInfo(true, false));
  out.os() << "\n";
  out.keep();
  return success();
}

//===- MergeStats.cpp - Combine calibration statistics of shards ----------===//
//
// The `qnn-merge-stats` pass: calibration may run in shards (on other
// machines, at other times); each shard's observers carry #qnn.stats, and
// merging them into this module is exact and order-independent.
//
//===----------------------------------------------------------------------===//

#include "passes/Quantization/Passes.h"
#include "passes/Quantization/Statistics.h"

#include "dialects/QNN/QNNOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Parser/Parser.h"
#include "llvm/ADT/DenseMap.h"

namespace qmlir::quantization {
#define GEN_PASS_DEF_QNNMERGESTATSPASS
#include "passes/Quantization/Passes.h.inc"
} // namespace qmlir::quantization

using namespace mlir;
using namespace qmlir;

namespace {

struct QNNMergeStatsPass
    : public quantization::impl::QNNMergeStatsPassBase<QNNMergeStatsPass> {
  using QNNMergeStatsPassBase::QNNMergeStatsPassBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    DenseMap<int64_t, qnn::ObserveOp> observers;
    module.walk([&](qnn::ObserveOp op) {
      observers[static_cast<int64_t>(op.getId())] = op;
    });

    for (const std::string &path : statsFiles) {
      ParserConfig config(&getContext());
      OwningOpRef<ModuleOp> shard = parseSourceFile<ModuleOp>(path, config);
      if (!shard) {
        module.emitError("cannot read statistics from '") << path << "'";
        return signalPassFailure();
      }
      bool failedAny = false;
      shard->walk([&](qnn::ObserveOp other) {
        qnn::StatsAttr stats = other.getStatsAttr();
        if (!stats)
          return;
        auto it = observers.find(static_cast<int64_t>(other.getId()));
        if (it == observers.end()) {
          other.emitWarning("observer ")
              << other.getId() << " of '" << path
              << "' has no counterpart in this module; ignored";
          return;
        }
        qnn::ObserveOp mine = it->second;
        if (failed(quantization::verifyHistogramBins(other, stats)) ||
            (mine.getStatsAttr() &&
             failed(quantization::verifyHistogramBins(mine,
                                                      mine.getStatsAttr())))) {
          failedAny = true;
          return;
        }
        if (mine.getInput().getType() != other.getInput().getType()) {
          mine.emitError("observer ")
              << mine.getId() << " watches " << mine.getInput().getType()
              << " but '" << path << "' has it on "
              << other.getInput().getType()
              << "; statistics come from another model";
          failedAny = true;
          return;
        }
        if (!mine.getStatsAttr()) {
          mine.setStatsAttr(stats);
          return;
        }
        // A histogram must count every value: shards from observers of
        // different kinds (histogram vs min/max only) do not merge.
        if (mine.getStatsAttr().getCount() > 0 && stats.getCount() > 0 &&
            bool(mine.getStatsAttr().getHistogram()) !=
                bool(stats.getHistogram())) {
          mine.emitError("observer ")
              << mine.getId() << ": '" << path
              << "' and this module disagree on whether it keeps a histogram "
                 "(observers of different kinds)";
          failedAny = true;
          return;
        }
        std::optional<calib::TensorStats> merged = calib::TensorStats::merge(
            quantization::toTensorStats(mine.getStatsAttr()),
            quantization::toTensorStats(stats));
        if (!merged) {
          mine.emitError("observer ")
              << mine.getId() << ": per-channel statistics of '" << path
              << "' have another channel count";
          failedAny = true;
          return;
        }
        mine.setStatsAttr(quantization::toStatsAttr(&getContext(), *merged));
      });
      if (failedAny)
        return signalPassFailure();
    }
  }
};

} // namespace

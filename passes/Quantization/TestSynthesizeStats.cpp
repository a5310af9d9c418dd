//===- TestSynthesizeStats.cpp - Synthetic calibration statistics ---------===//
//
// Testing only: deterministic statistics for every observer, so that scale
// assignment and lowering can be tested on real model graphs without
// running calibration.
//
//===----------------------------------------------------------------------===//

#include "passes/Quantization/Passes.h"
#include "passes/Quantization/Statistics.h"

#include "dialects/QNN/QNNOps.h"

#include <cmath>
#include <random>

namespace qmlir::quantization {
#define GEN_PASS_DEF_QNNTESTSYNTHESIZESTATSPASS
#include "passes/Quantization/Passes.h.inc"
} // namespace qmlir::quantization

using namespace mlir;
using namespace qmlir;

namespace {

/// True when the observed value cannot be negative.
bool isNonNegative(Value value) {
  Operation *op = value.getDefiningOp();
  if (!op)
    return false;
  if (isa<qnn::ReluOp, qnn::SigmoidOp>(op))
    return true;
  if (auto clamp = dyn_cast<qnn::ClampOp>(op))
    return clamp.getMin().convertToFloat() >= 0;
  auto activation = op->getAttrOfType<qnn::ActivationAttr>("activation");
  if (!activation)
    return false;
  return activation.getKind() == qnn::ActivationKind::Relu ||
         (activation.getKind() == qnn::ActivationKind::Clamp &&
          activation.getMin().convertToDouble() >= 0);
}

struct QNNTestSynthesizeStatsPass
    : public quantization::impl::QNNTestSynthesizeStatsPassBase<
          QNNTestSynthesizeStatsPass> {
  using QNNTestSynthesizeStatsPassBase::QNNTestSynthesizeStatsPassBase;

  void runOnOperation() override {
    getOperation().walk([&](qnn::ObserveOp op) {
      if (op.getStatsAttr())
        return;
      uint64_t id = op.getId();
      std::mt19937_64 rng(id * 7919 + seed);
      double sigma = 0.5 + (id % 7) * 0.5;
      std::normal_distribution<double> normal(0.0, sigma);
      bool nonNegative = isNonNegative(op.getInput());
      std::vector<float> samples(4096);
      for (float &v : samples) {
        double x = normal(rng);
        v = static_cast<float>(nonNegative ? std::fabs(x) : x);
      }
      calib::TensorStats stats;
      stats.observe(samples.data(), samples.size());
      op.setStatsAttr(quantization::toStatsAttr(&getContext(), stats));
    });
  }
};

} // namespace

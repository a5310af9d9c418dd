//===- InsertObservers.cpp - Place qnn.observe per the quantization config ===//
//
// Decides, per node, int8 or float (config, runtime kernels) and puts one
// qnn.observe on every activation tensor a quantized node reads or
// produces. Same-scale and fixed-range results need none; fused ops have no
// intermediate tensor to observe.
//
//===----------------------------------------------------------------------===//

#include "passes/Quantization/OpClasses.h"
#include "passes/Quantization/Passes.h"

#include "dialects/QNN/QNNOps.h"
#include "lib/Support/QuantConfig.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Builders.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace qmlir::quantization {
#define GEN_PASS_DEF_QNNINSERTOBSERVERSPASS
#include "passes/Quantization/Passes.h.inc"
} // namespace qmlir::quantization

using namespace mlir;
using namespace qmlir;

namespace {

struct QNNInsertObserversPass
    : public quantization::impl::QNNInsertObserversPassBase<
          QNNInsertObserversPass> {
  using QNNInsertObserversPassBase::QNNInsertObserversPassBase;

  void runOnOperation() override;

private:
  /// The observed version of `value`, creating the observer on first use.
  Value observe(Value value);

  DenseMap<Value, Value> observed;
  int64_t nextId = 0;
};

Value QNNInsertObserversPass::observe(Value value) {
  if (value.getDefiningOp<qnn::ObserveOp>())
    return value;
  auto it = observed.find(value);
  if (it != observed.end())
    return it->second;
  OpBuilder builder(value.getContext());
  builder.setInsertionPointAfterValue(value);
  auto observeOp = qnn::ObserveOp::create(
      builder, value.getLoc(), value.getType(), value, nextId++,
      qnn::ObserverKind::Histogram, /*stats=*/qnn::StatsAttr());
  value.replaceAllUsesExcept(observeOp, observeOp);
  observed[value] = observeOp;
  return observeOp;
}

void QNNInsertObserversPass::runOnOperation() {
  ModuleOp module = getOperation();
  MLIRContext *context = &getContext();
  std::optional<QuantConfig> config;
  if (configFile.empty()) {
    config.emplace();
  } else {
    FailureOr<QuantConfig> loaded = QuantConfig::load(configFile, context);
    if (failed(loaded))
      return signalPassFailure();
    config.emplace(std::move(*loaded));
  }

  // Continue numbering after observers already in the module.
  module.walk([&](qnn::ObserveOp op) {
    nextId = std::max<int64_t>(nextId, static_cast<int64_t>(op.getId()) + 1);
  });

  SmallVector<Operation *> quantized;
  module.walk([&](Operation *op) {
    if (!isa<qnn::QNNDialect>(op->getDialect()) || isa<qnn::ObserveOp>(op))
      return;
    if (quantization::selectForQuantization(op, *config))
      quantized.push_back(op);
  });
  config->warnUnmatched(context);

  // A quantized same-scale or fixed-range op gives its result parameters
  // (its input's, or the function's) without an observer, provided its own
  // inputs get theirs.
  llvm::SmallPtrSet<Operation *, 16> quantizedSet(quantized.begin(),
                                                  quantized.end());
  auto derivesParams = [&](Value value) {
    Operation *def = value.getDefiningOp();
    if (!def || !quantizedSet.contains(def) ||
        (!quantization::isSameScaleOp(def) &&
         !quantization::getFixedOutputRange(def)))
      return false;
    return llvm::none_of(quantization::getActivationOperands(def),
                         [](OpOperand *operand) {
                           return operand->get()
                               .getDefiningOp<arith::ConstantOp>();
                         });
  };

  for (Operation *op : quantized) {
    for (OpOperand *operand : quantization::getActivationOperands(op)) {
      // Constant operands of binary ops are quantized from their values.
      if (operand->get().getDefiningOp<arith::ConstantOp>() ||
          derivesParams(operand->get()))
        continue;
      operand->set(observe(operand->get()));
    }
    if (!quantization::isSameScaleOp(op) &&
        !quantization::getFixedOutputRange(op))
      observe(op->getResult(0));
  }
}

} // namespace

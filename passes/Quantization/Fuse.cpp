//===- Fuse.cpp - Fuse activations and residual adds into conv/FC ---------===//
//
// The `qnn-fuse` pass: relu / clamp / leaky_relu / swish after a qnn.conv2d
// or qnn.fully_connected become its `activation`, and an add of a same-shaped
// tensor becomes its `residual` operand, whenever the selected backend runs
// the fused combination (FusionCapabilities, read from libquantrt); relu /
// clamp after an add, sub or mul become the binary op's `activation`.
//
//===----------------------------------------------------------------------===//

#include "passes/Quantization/Passes.h"

#include "dialects/QNN/QNNOps.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "passes/Quantization/FusionCapabilities.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"

namespace qmlir::quantization {
#define GEN_PASS_DEF_QNNFUSEPASS
#include "passes/Quantization/Passes.h.inc"
} // namespace qmlir::quantization

using namespace mlir;
using namespace qmlir;
using quantization::FusionCapabilities;

namespace {

qnn::ActivationAttr getActivation(qnn::ReluOp op) {
  return qnn::ActivationAttr::getRelu(op.getContext());
}
qnn::ActivationAttr getActivation(qnn::ClampOp op) {
  return qnn::ActivationAttr::getClamp(op.getContext(),
                                       op.getMin().convertToDouble(),
                                       op.getMax().convertToDouble());
}
qnn::ActivationAttr getActivation(qnn::LeakyReluOp op) {
  return qnn::ActivationAttr::getLeakyRelu(op.getContext(),
                                           op.getAlpha().convertToDouble());
}
qnn::ActivationAttr getActivation(qnn::SwishOp op) {
  return qnn::ActivationAttr::getSwish(op.getContext());
}

/// A producer can take a fused epilogue only if nothing else reads its
/// unfused result.
template <typename ProducerOp>
ProducerOp getSoleProducer(Value value) {
  auto producer = value.getDefiningOp<ProducerOp>();
  return producer && producer->hasOneUse() ? producer : ProducerOp();
}

/// `act(producer(...))` -> `producer(...) {activation = act}`. The
/// activation applies after bias and residual, so it may join a producer
/// that already has a residual, never one that has an activation.
/// Producers are conv2d / fully_connected (when the backend can fuse the
/// activation) and add, sub and mul: every backend's binary kernel applies
/// relu/relu6/clamp to its output (qrt_binary_params.activation), so no
/// capability check is needed; it saves a kernel and a pass over the tensor
/// where the add does not become a conv residual (XNNPACK). leaky_relu and
/// swish are not binary activations.
template <typename ActOp, typename ProducerOp>
struct FuseActivation : OpRewritePattern<ActOp> {
  FuseActivation(MLIRContext *context, const FusionCapabilities &caps)
      : OpRewritePattern<ActOp>(context), caps(caps) {}

  LogicalResult matchAndRewrite(ActOp act,
                                PatternRewriter &rewriter) const override {
    auto producer = getSoleProducer<ProducerOp>(act.getInput());
    if (!producer || producer.getActivationAttr())
      return rewriter.notifyMatchFailure(act, "no sole, unactivated producer");
    // On quantized types a standalone activation may requantize.
    if (producer.getType() != act.getType())
      return rewriter.notifyMatchFailure(act, "activation changes the type");
    qnn::ActivationAttr activation = getActivation(act);
    if (!canFuse(producer, activation))
      return rewriter.notifyMatchFailure(act, "backend cannot fuse it");
    rewriter.modifyOpInPlace(producer, [&] {
      producer.setActivationAttr(activation);
      producer->setLoc(rewriter.getFusedLoc({producer.getLoc(), act.getLoc()}));
    });
    rewriter.replaceOp(act, producer->getResults());
    return success();
  }

  bool canFuse(ProducerOp producer, qnn::ActivationAttr activation) const {
    if constexpr (llvm::is_one_of<ProducerOp, qnn::AddOp, qnn::SubOp, qnn::MulOp>::value)
      return true;
    else
      return caps.canFuse(producer, quantization::getFusionActivation(activation),
                          /*residual=*/static_cast<bool>(producer.getResidual()));
  }

  FusionCapabilities caps;
};

/// `add(producer(...), r)` or `add(r, producer(...))`, with `r` shaped like
/// the result, -> `producer(...) residual r`. An activation on the add comes
/// along (it applies after the residual).
template <typename ProducerOp>
struct FuseResidual : OpRewritePattern<qnn::AddOp> {
  FuseResidual(MLIRContext *context, const FusionCapabilities &caps)
      : OpRewritePattern<qnn::AddOp>(context), caps(caps) {}

  LogicalResult matchAndRewrite(qnn::AddOp add,
                                PatternRewriter &rewriter) const override {
    // No broadcasting and no requantization: the runtime's residual has the
    // output's shape and type.
    if (add.getLhs().getType() != add.getType() ||
        add.getRhs().getType() != add.getType())
      return rewriter.notifyMatchFailure(add, "operands differ from result");
    qnn::ActivationAttr activation = add.getActivationAttr();
    for (unsigned i : {0u, 1u}) {
      auto producer = getSoleProducer<ProducerOp>(add->getOperand(i));
      if (!producer || producer.getResidual() || producer.getActivationAttr())
        continue;
      if (!caps.canFuse(producer, quantization::getFusionActivation(activation),
                        /*residual=*/true))
        continue;
      Value residual = add->getOperand(1 - i);
      // The residual may be defined after the producer: build the fused op
      // where the add is, which both operands dominate.
      rewriter.setInsertionPoint(add);
      auto fused = cast<ProducerOp>(rewriter.clone(*producer));
      rewriter.modifyOpInPlace(fused, [&] {
        fused.getResidualMutable().assign(residual);
        if (activation)
          fused.setActivationAttr(activation);
        fused->setLoc(rewriter.getFusedLoc({producer.getLoc(), add.getLoc()}));
      });
      rewriter.replaceOp(add, fused->getResults());
      rewriter.eraseOp(producer);
      return success();
    }
    return rewriter.notifyMatchFailure(add, "no fusable producer operand");
  }

  FusionCapabilities caps;
};

struct QNNFusePass : quantization::impl::QNNFusePassBase<QNNFusePass> {
  using QNNFusePassBase::QNNFusePassBase;

  LogicalResult initialize(MLIRContext *context) override;
  void runOnOperation() override;

  /// nullopt for an unknown backend (reported per function, with a
  /// location, in runOnOperation).
  std::optional<FusionCapabilities> caps;
  FrozenRewritePatternSet patterns;
};

} // namespace

void quantization::populateFusePatterns(RewritePatternSet &patterns,
                                        const FusionCapabilities &caps) {
  MLIRContext *context = patterns.getContext();
  patterns.add<FuseResidual<qnn::Conv2DOp>, FuseResidual<qnn::FullyConnectedOp>,
               FuseActivation<qnn::ReluOp, qnn::Conv2DOp>,
               FuseActivation<qnn::ReluOp, qnn::FullyConnectedOp>,
               FuseActivation<qnn::ClampOp, qnn::Conv2DOp>,
               FuseActivation<qnn::ClampOp, qnn::FullyConnectedOp>,
               FuseActivation<qnn::LeakyReluOp, qnn::Conv2DOp>,
               FuseActivation<qnn::LeakyReluOp, qnn::FullyConnectedOp>,
               FuseActivation<qnn::SwishOp, qnn::Conv2DOp>,
               FuseActivation<qnn::SwishOp, qnn::FullyConnectedOp>,
               FuseActivation<qnn::ReluOp, qnn::AddOp>,
               FuseActivation<qnn::ClampOp, qnn::AddOp>,
               FuseActivation<qnn::ReluOp, qnn::SubOp>,
               FuseActivation<qnn::ClampOp, qnn::SubOp>,
               FuseActivation<qnn::ReluOp, qnn::MulOp>,
               FuseActivation<qnn::ClampOp, qnn::MulOp>>(context, caps);
}

LogicalResult QNNFusePass::initialize(MLIRContext *context) {
  caps = FusionCapabilities::forBackend(backend, floatModel);
  RewritePatternSet set(context);
  if (caps)
    quantization::populateFusePatterns(set, *caps);
  patterns = FrozenRewritePatternSet(std::move(set));
  return success();
}

void QNNFusePass::runOnOperation() {
  if (!caps) {
    getOperation().emitError("qnn-fuse: unknown backend '")
        << backend << "'; expected one of: "
        << llvm::join(FusionCapabilities::backendNames(), ", ");
    return signalPassFailure();
  }
  if (failed(applyPatternsGreedily(getOperation(), patterns)))
    signalPassFailure();
}

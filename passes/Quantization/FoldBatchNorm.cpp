//===- FoldBatchNorm.cpp - Fold inference batch_norm into conv/FC weights -===//
//
// The `qnn-fold-batchnorm` pass: a qnn.batch_norm after a qnn.conv2d or
// qnn.fully_connected with constant weights becomes new constant weights and
// bias of that producer; any other batch_norm becomes a per-channel qnn.mul +
// qnn.add, so that no batch_norm (which has no quantized form) is left.
//
//===----------------------------------------------------------------------===//

#include "passes/Quantization/Passes.h"

#include "dialects/QNN/QNNOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>
#include <optional>

namespace qmlir::quantization {
#define GEN_PASS_DEF_QNNFOLDBATCHNORMPASS
#include "passes/Quantization/Passes.h.inc"
} // namespace qmlir::quantization

using namespace mlir;
using namespace qmlir;

namespace {

/// Constants with more elements than this are stored as resources, like the
/// importer's weights, so large folded tensors stay out of the textual IR.
constexpr int64_t kMaxInlineElements = 8;

/// The values of a constant f32 tensor (inline, splat or resource-backed),
/// or nullopt when `value` is not such a constant or its resource data is
/// absent (e.g. elided).
std::optional<SmallVector<double>> readFloatConstant(Value value) {
  ElementsAttr attr;
  if (!matchPattern(value, m_Constant(&attr)) || !attr.getElementType().isF32())
    return std::nullopt;
  SmallVector<double> values;
  values.reserve(attr.getNumElements());
  if (auto dense = dyn_cast<DenseElementsAttr>(attr)) {
    for (float v : dense.getValues<float>())
      values.push_back(v);
    return values;
  }
  if (auto resource = dyn_cast<DenseF32ResourceElementsAttr>(attr)) {
    std::optional<ArrayRef<float>> data = resource.tryGetAsArrayRef();
    if (!data || static_cast<int64_t>(data->size()) != attr.getNumElements())
      return std::nullopt;
    values.append(data->begin(), data->end());
    return values;
  }
  return std::nullopt;
}

/// An f32 constant of `type` holding `values` (rounded to f32): a resource
/// named after `name` when large, inline otherwise.
Value createFloatConstant(PatternRewriter &rewriter, Location loc,
                          RankedTensorType type, ArrayRef<double> values,
                          StringRef name) {
  SmallVector<float> floats(values.begin(), values.end());
  TypedAttr attr;
  if (type.getNumElements() > kMaxInlineElements) {
    // The blob manager makes the name unique.
    attr = DenseResourceElementsAttr::get(
        type, name,
        HeapAsmResourceBlob::allocateAndCopyInferAlign(
            ArrayRef<float>(floats)));
  } else {
    attr = DenseElementsAttr::get(type, ArrayRef<float>(floats));
  }
  return arith::ConstantOp::create(rewriter, loc, type, attr);
}

/// A resource-name prefix for constants derived from `op`: its node name
/// made an identifier, or "bn_fold".
std::string resourceName(Operation *op, StringRef suffix) {
  std::string key;
  for (char c : qnn::getNodeName(op))
    key.push_back(llvm::isAlnum(c) || c == '_' || c == '.' ? c : '_');
  if (key.empty() || llvm::isDigit(key[0]))
    key = "bn_fold" + (key.empty() ? "" : "_" + key);
  return key + "_" + suffix.str();
}

/// A batch_norm's per-channel affine form `y = x * mul[c] + add[c]`,
/// computed in double.
struct ChannelAffine {
  SmallVector<double> mul, add;
};

/// Reads the batch_norm's constant parameters. Fails (with `why` set) if a
/// parameter is not constant or the normalization divides by zero or takes
/// the root of a negative number.
FailureOr<ChannelAffine> getChannelAffine(qnn::BatchNormOp bn,
                                          std::string &why) {
  auto scale = readFloatConstant(bn.getScale());
  auto shift = readFloatConstant(bn.getBias());
  auto mean = readFloatConstant(bn.getMean());
  auto var = readFloatConstant(bn.getVariance());
  if (!scale || !shift || !mean || !var) {
    why = "its scale, bias, mean and variance are not all constants";
    return failure();
  }
  double eps = bn.getEpsilon().convertToDouble();
  ChannelAffine affine;
  for (size_t c = 0, e = scale->size(); c < e; ++c) {
    double denom = (*var)[c] + eps;
    if (!(denom > 0)) {
      why = "variance + epsilon of channel " + std::to_string(c) +
            " is not positive";
      return failure();
    }
    double k = (*scale)[c] / std::sqrt(denom);
    affine.mul.push_back(k);
    affine.add.push_back((*shift)[c] - (*mean)[c] * k);
  }
  return affine;
}

/// Folds `batch_norm(conv2d | fully_connected)` into the producer's weights
/// and bias when the producer's weights (and bias) are constant, the
/// batch_norm is its only user, and it has no fused residual or activation
/// yet (the batch_norm would apply after them).
template <typename ProducerOp>
struct FoldBatchNormIntoProducer : OpRewritePattern<qnn::BatchNormOp> {
  using OpRewritePattern<qnn::BatchNormOp>::OpRewritePattern;

  LogicalResult matchAndRewrite(qnn::BatchNormOp bn,
                                PatternRewriter &rewriter) const override {
    auto producer = bn.getInput().template getDefiningOp<ProducerOp>();
    if (!producer)
      return rewriter.notifyMatchFailure(bn, "input is not from a producer");
    if (!producer->hasOneUse() || producer.getResidual() ||
        producer.getActivationAttr())
      return rewriter.notifyMatchFailure(bn, "producer has other users or a "
                                             "fused residual/activation");
    auto outType = cast<RankedTensorType>(producer.getType());
    // Channels sit on axis 1 of the batch_norm; for fully_connected that is
    // the output feature axis only on rank-2 results.
    if (outType.getRank() !=
        (std::is_same_v<ProducerOp, qnn::Conv2DOp> ? 4 : 2))
      return rewriter.notifyMatchFailure(bn, "channel axis is not axis 1");
    auto weight = readFloatConstant(producer.getWeight());
    if (!weight)
      return rewriter.notifyMatchFailure(bn, "weight is not an f32 constant");
    auto weightType = cast<RankedTensorType>(producer.getWeight().getType());
    int64_t channels = weightType.getDimSize(0);
    SmallVector<double> bias(channels, 0.0);
    if (Value b = producer.getBias()) {
      auto values = readFloatConstant(b);
      if (!values)
        return rewriter.notifyMatchFailure(bn, "bias is not an f32 constant");
      bias = std::move(*values);
    }
    std::string why;
    FailureOr<ChannelAffine> affine = getChannelAffine(bn, why);
    if (failed(affine))
      return rewriter.notifyMatchFailure(bn, why);

    // w'[o, ...] = w[o, ...] * k[o];  b'[o] = b[o] * k[o] + (shift - mean*k).
    int64_t perChannel = weightType.getNumElements() / channels;
    for (int64_t o = 0; o < channels; ++o) {
      for (int64_t i = 0; i < perChannel; ++i)
        (*weight)[o * perChannel + i] *= affine->mul[o];
      bias[o] = bias[o] * affine->mul[o] + affine->add[o];
    }

    // The producer's NameLoc stays first so getNodeName still names it.
    Location loc = rewriter.getFusedLoc({producer.getLoc(), bn.getLoc()});
    rewriter.setInsertionPoint(producer);
    Value newWeight = createFloatConstant(rewriter, loc, weightType, *weight,
                                          resourceName(producer, "w_bn"));
    auto biasType = RankedTensorType::get({channels}, rewriter.getF32Type());
    Value newBias = createFloatConstant(rewriter, loc, biasType, bias,
                                        resourceName(producer, "b_bn"));
    Operation *folded = rewriter.clone(*producer);
    folded->setLoc(loc);
    auto foldedOp = cast<ProducerOp>(folded);
    rewriter.modifyOpInPlace(foldedOp, [&] {
      foldedOp.getWeightMutable().assign(newWeight);
      foldedOp.getBiasMutable().assign(newBias);
    });
    rewriter.replaceOp(bn, folded->getResults());
    rewriter.eraseOp(producer);
    return success();
  }
};

/// Rewrites a batch_norm that cannot fold as `x * mul + add` with constant
/// `[1, C, 1, ...]` operands, which quantize like any other mul/add.
struct BatchNormToMulAdd : OpRewritePattern<qnn::BatchNormOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(qnn::BatchNormOp bn,
                                PatternRewriter &rewriter) const override {
    std::string why;
    FailureOr<ChannelAffine> affine = getChannelAffine(bn, why);
    if (failed(affine))
      return rewriter.notifyMatchFailure(bn, why);
    auto type = cast<RankedTensorType>(bn.getType());
    SmallVector<int64_t> shape(type.getRank(), 1);
    shape[1] = type.getDimSize(1);
    auto paramType = RankedTensorType::get(shape, type.getElementType());
    Location loc = bn.getLoc();
    Value mul = createFloatConstant(rewriter, loc, paramType, affine->mul,
                                    resourceName(bn, "mul"));
    Value add = createFloatConstant(rewriter, loc, paramType, affine->add,
                                    resourceName(bn, "add"));
    Value scaled = qnn::MulOp::create(rewriter, loc, type, bn.getInput(), mul,
                                      /*activation=*/nullptr);
    rewriter.replaceOpWithNewOp<qnn::AddOp>(bn, type, scaled, add,
                                            /*activation=*/nullptr);
    return success();
  }
};

struct QNNFoldBatchNormPass
    : quantization::impl::QNNFoldBatchNormPassBase<QNNFoldBatchNormPass> {
  void runOnOperation() override;
};

} // namespace

void quantization::populateFoldBatchNormPatterns(RewritePatternSet &patterns) {
  patterns.add<FoldBatchNormIntoProducer<qnn::Conv2DOp>,
               FoldBatchNormIntoProducer<qnn::FullyConnectedOp>>(
      patterns.getContext());
}

void quantization::populateBatchNormToMulAddPatterns(
    RewritePatternSet &patterns) {
  patterns.add<BatchNormToMulAdd>(patterns.getContext());
}

void QNNFoldBatchNormPass::runOnOperation() {
  MLIRContext *context = &getContext();
  // No folding: upstream folds quant.dcast(quant.qcast(x)) to x, which would
  // delete the activation Q/DQ pairs of an already-quantized model before
  // qnn-lower-qdq sees them. The patterns build their constants themselves.
  GreedyRewriteConfig config;
  config.enableFolding(false);
  // Fold first, to a fixpoint, so a chain conv -> bn -> bn folds twice
  // rather than depending on the order the driver visits the batch_norms.
  RewritePatternSet foldPatterns(context);
  quantization::populateFoldBatchNormPatterns(foldPatterns);
  if (failed(applyPatternsGreedily(getOperation(), std::move(foldPatterns), config)))
    return signalPassFailure();

  RewritePatternSet mulAddPatterns(context);
  quantization::populateBatchNormToMulAddPatterns(mulAddPatterns);
  if (failed(applyPatternsGreedily(getOperation(), std::move(mulAddPatterns), config)))
    return signalPassFailure();

  // What is left cannot be expressed with constants; it stays float and
  // later passes keep it out of the int8 graph.
  getOperation().walk([](qnn::BatchNormOp bn) {
    std::string why;
    if (succeeded(getChannelAffine(bn, why)))
      return;
    StringRef name = qnn::getNodeName(bn);
    InFlightDiagnostic diag = bn.emitWarning("batch_norm ");
    if (!name.empty())
      diag << "'" << name << "' ";
    diag << "left unfolded: " << why;
  });
}

//===- LowerQDQ.cpp - Rebuild Q/DQ-wrapped qnn ops on quantized types -----===//
//
// The `qnn-lower-qdq` pass. A table of (selector, action) rules in the manner
// of ONNX Runtime's qdq_selector_action_transformer: a rule's selector checks
// that the op's inputs come from `quant.dcast` (for weighted ops also that
// weight and bias are quantized constants with a consistent bias scale) and
// picks the quantized result type; its action rebuilds the op on the
// quantized values. An op that no rule lowers stays float between its casts
// and records why in `qnn.float_reason`, with a remark.
//
// The pass does no arithmetic on tensor data: requantization multipliers are
// computed by kernel selection from the types this pass leaves behind.
//
//===----------------------------------------------------------------------===//

#include "passes/Quantization/LowerQDQ.h"
#include "passes/Quantization/Passes.h"

#include "dialects/QNN/QNNOps.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/Support/Format.h"

#include <cmath>

namespace qmlir::quantization {
#define GEN_PASS_DEF_QNNLOWERQDQPASS
#include "passes/Quantization/Passes.h.inc"
} // namespace qmlir::quantization

using namespace mlir;
using namespace qmlir;

namespace {

/// How far a bias scale may be from `sx * sw[c]`, relative. Loose enough for
/// a product rounded to f32 (ONNX stores scales so; f32 rounding is ~6e-8),
/// tight enough to catch a real mismatch; within it, reading the i32 bias at
/// scale sx*sw[c] changes it by under 1e-5 of its value.
constexpr double kBiasScaleTolerance = 1e-5;

/// A constant-mode pad value must quantize to an integer this close to
/// `value / s + z`, or the quantized pad would change the padded values.
constexpr double kPadValueTolerance = 1e-3;

/// What a selector chose: the operands of the rebuilt op, in the op's operand
/// order, and its result type.
struct Selection {
  SmallVector<Value> operands;
  RankedTensorType resultType;
};

/// Decides whether a rule applies to `op`. On failure it writes a
/// human-readable reason to `why`, which becomes `qnn.float_reason`.
using Selector = FailureOr<Selection> (*)(Operation *op, raw_ostream &why);
/// Rebuilds `op` as selected. Cannot fail: the selector checked everything.
using Action = void (*)(Operation *op, const Selection &selection,
                        PatternRewriter &rewriter);

/// One entry of the lowering table.
struct LoweringRule {
  StringLiteral opName;
  Selector select;
  Action apply;
};

//===----------------------------------------------------------------------===//
// Selector building blocks
//===----------------------------------------------------------------------===//

/// Seven significant digits: enough to show why two scales differ.
std::string formatNumber(double v) {
  std::string s;
  llvm::raw_string_ostream(s) << llvm::format("%.7g", v);
  return s;
}

Type elementOf(Value v) { return getElementTypeOrSelf(v.getType()); }

/// The quantized value a `quant.dcast` reads, or failure with a reason.
FailureOr<Value> dequantizedSource(Value v, StringRef what, raw_ostream &why) {
  auto dcast = v.getDefiningOp<quant::DequantizeCastOp>();
  if (!dcast) {
    why << what << " is not dequantized";
    return failure();
  }
  return dcast.getInput();
}

/// Activations (inputs, results, residuals) are quantized per tensor with 8
/// bits of storage, signed or not.
LogicalResult checkActivation(Type element, StringRef what, raw_ostream &why) {
  if (isa<quant::UniformQuantizedPerAxisType>(element)) {
    why << what << " is quantized per axis; activations must be per tensor";
    return failure();
  }
  auto uniform = dyn_cast<quant::UniformQuantizedType>(element);
  if (!uniform) {
    why << what << " has element type " << element
        << ", not a per-tensor !quant.uniform";
    return failure();
  }
  if (uniform.getStorageTypeIntegralWidth() != 8) {
    why << what << " has " << uniform.getStorageTypeIntegralWidth()
        << "-bit storage; activations must be 8-bit (u8 or s8)";
    return failure();
  }
  return success();
}

/// A dequantized 8-bit per-tensor activation: its quantized source.
FailureOr<Value> selectActivation(Value v, StringRef what, raw_ostream &why) {
  FailureOr<Value> source = dequantizedSource(v, what, why);
  if (failed(source) || failed(checkActivation(elementOf(*source), what, why)))
    return failure();
  return source;
}

/// The type every user of `result` quantizes it to. Fails unless all users
/// are `quant.qcast` to one 8-bit per-tensor type.
FailureOr<RankedTensorType> quantizedResultType(Value result,
                                                raw_ostream &why) {
  if (result.use_empty()) {
    why << "the result is unused";
    return failure();
  }
  // In program order, so that a reason names the types as the IR reads.
  SmallVector<Operation *> users(result.getUsers());
  Block *block = result.getParentBlock();
  if (llvm::all_of(users,
                   [&](Operation *user) { return user->getBlock() == block; }))
    llvm::sort(users, [](Operation *a, Operation *b) {
      return a->isBeforeInBlock(b);
    });
  RankedTensorType type;
  for (Operation *user : users) {
    auto qcast = dyn_cast<quant::QuantizeCastOp>(user);
    if (!qcast) {
      why << "the result is used by " << user->getName()
          << ", not only by quant.qcast";
      return failure();
    }
    auto userType = cast<RankedTensorType>(qcast.getType());
    if (type && userType != type) {
      why << "the result is quantized to two types, " << type.getElementType()
          << " and " << userType.getElementType();
      return failure();
    }
    type = userType;
  }
  if (failed(checkActivation(type.getElementType(), "the result", why)))
    return failure();
  return type;
}

/// The `quant.scast` through which `v` reinterprets an integer constant, or
/// null when `v` is anything else.
quant::StorageCastOp storageCastOfConstant(Value v) {
  auto scast = v.getDefiningOp<quant::StorageCastOp>();
  if (!scast)
    return nullptr;
  Operation *def = scast.getInput().getDefiningOp();
  if (!def || !def->hasTrait<OpTrait::ConstantLike>() ||
      !isa<IntegerType>(elementOf(scast.getInput())))
    return nullptr;
  return scast;
}

/// A weight: `dcast(scast(integer constant))`, 8-bit, quantized per tensor
/// or per axis along axis 0 (output channels).
FailureOr<Value> selectWeight(Value weight, raw_ostream &why) {
  FailureOr<Value> source = dequantizedSource(weight, "input #1 (weight)", why);
  if (failed(source))
    return failure();
  if (!storageCastOfConstant(*source)) {
    why << "the weight is not a quantized constant (quant.dcast of "
           "quant.scast of an integer constant)";
    return failure();
  }
  auto type = cast<quant::QuantizedType>(elementOf(*source));
  if (!isa<quant::UniformQuantizedType, quant::UniformQuantizedPerAxisType>(
          type)) {
    why << "the weight has element type " << type
        << "; per-tensor or per-axis !quant.uniform is needed";
    return failure();
  }
  if (auto perAxis = dyn_cast<quant::UniformQuantizedPerAxisType>(type);
      perAxis && perAxis.getQuantizedDimension() != 0) {
    why << "the weight is quantized per axis along axis "
        << perAxis.getQuantizedDimension()
        << "; per tensor or along axis 0 is needed";
    return failure();
  }
  if (type.getStorageTypeIntegralWidth() != 8) {
    why << "the weight has " << type.getStorageTypeIntegralWidth()
        << "-bit storage; weights must be 8-bit (s8 or u8)";
    return failure();
  }
  return source;
}

/// Scales and zero points of a quantized type, one per channel of
/// `channels` (a per-tensor type repeats its single pair).
void channelParams(quant::QuantizedType type, int64_t channels,
                   SmallVectorImpl<double> &scales,
                   SmallVectorImpl<int64_t> &zeroPoints) {
  if (auto uniform = dyn_cast<quant::UniformQuantizedType>(type)) {
    scales.assign(channels, uniform.getScale());
    zeroPoints.assign(channels, uniform.getZeroPoint());
    return;
  }
  auto perAxis = cast<quant::UniformQuantizedPerAxisType>(type);
  scales.assign(perAxis.getScales().begin(), perAxis.getScales().end());
  zeroPoints.assign(perAxis.getZeroPoints().begin(),
                    perAxis.getZeroPoints().end());
}

/// A bias: `dcast(scast(i32 constant))` with zero point 0 and scale
/// `sx * sw[c]` per output channel. Returns the plain i32 constant: the
/// quantized op's bias carries no type of its own, its scale is implied.
FailureOr<Value> selectBias(Value bias, quant::UniformQuantizedType input,
                            quant::QuantizedType weight, raw_ostream &why) {
  FailureOr<Value> source = dequantizedSource(bias, "input #2 (bias)", why);
  if (failed(source))
    return failure();
  quant::StorageCastOp scast = storageCastOfConstant(*source);
  auto type = cast<quant::QuantizedType>(elementOf(*source));
  if (!scast || type.getStorageTypeIntegralWidth() != 32 || !type.isSigned() ||
      !isa<quant::UniformQuantizedType, quant::UniformQuantizedPerAxisType>(
          type)) {
    why << "the bias is not an i32 constant (quant.dcast of quant.scast of "
           "an i32 constant)";
    return failure();
  }
  if (auto perAxis = dyn_cast<quant::UniformQuantizedPerAxisType>(type);
      perAxis && perAxis.getQuantizedDimension() != 0) {
    why << "the bias is quantized per axis along axis "
        << perAxis.getQuantizedDimension();
    return failure();
  }
  int64_t channels = cast<RankedTensorType>(bias.getType()).getDimSize(0);
  SmallVector<double> biasScales, weightScales;
  SmallVector<int64_t> biasZeroPoints, weightZeroPoints;
  channelParams(type, channels, biasScales, biasZeroPoints);
  channelParams(weight, channels, weightScales, weightZeroPoints);
  if (static_cast<int64_t>(biasScales.size()) != channels ||
      static_cast<int64_t>(weightScales.size()) != channels) {
    why << "the bias or weight has a per-axis scale count other than the "
        << channels << " output channels";
    return failure();
  }
  bool perChannel = !isa<quant::UniformQuantizedType>(type) ||
                    !isa<quant::UniformQuantizedType>(weight);
  for (int64_t c = 0; c < channels; ++c) {
    if (biasZeroPoints[c] != 0) {
      why << "the bias zero point is " << biasZeroPoints[c] << ", not 0";
      return failure();
    }
    double expected = input.getScale() * weightScales[c];
    if (std::abs(biasScales[c] - expected) > kBiasScaleTolerance * expected) {
      why << "bias scale " << formatNumber(biasScales[c]);
      if (perChannel)
        why << " of channel " << c;
      why << " does not match sx*sw";
      if (perChannel)
        why << "[" << c << "]";
      why << " = " << formatNumber(expected);
      return failure();
    }
  }
  return scast.getInput();
}

//===----------------------------------------------------------------------===//
// Selectors
//===----------------------------------------------------------------------===//

/// conv2d / fully_connected: dequantized input (and residual), quantized
/// constant weight, i32 bias of scale sx*sw[c]; result quantized by qcast.
template <typename OpTy>
FailureOr<Selection> selectWeighted(Operation *op, raw_ostream &why) {
  auto weighted = cast<OpTy>(op);
  FailureOr<Value> input =
      selectActivation(weighted.getInput(), "input #0", why);
  if (failed(input))
    return failure();
  FailureOr<Value> weight = selectWeight(weighted.getWeight(), why);
  if (failed(weight))
    return failure();
  Selection selection;
  selection.operands = {*input, *weight};
  if (Value bias = weighted.getBias()) {
    FailureOr<Value> b32 =
        selectBias(bias, cast<quant::UniformQuantizedType>(elementOf(*input)),
                   cast<quant::QuantizedType>(elementOf(*weight)), why);
    if (failed(b32))
      return failure();
    selection.operands.push_back(*b32);
  }
  if (Value residual = weighted.getResidual()) {
    std::string what =
        "input #" + std::to_string(selection.operands.size()) + " (residual)";
    FailureOr<Value> r = selectActivation(residual, what, why);
    if (failed(r))
      return failure();
    selection.operands.push_back(*r);
  }
  FailureOr<RankedTensorType> result =
      quantizedResultType(op->getResult(0), why);
  if (failed(result))
    return failure();
  selection.resultType = *result;
  return selection;
}

/// Ops that requantize (elementwise, pooling, reductions, resize): every
/// input dequantized, result quantized by qcast; inputs keep their own
/// parameters.
FailureOr<Selection> selectRequantizing(Operation *op, raw_ostream &why) {
  Selection selection;
  for (OpOperand &operand : op->getOpOperands()) {
    std::string what = "input #" + std::to_string(operand.getOperandNumber());
    FailureOr<Value> source = selectActivation(operand.get(), what, why);
    if (failed(source))
      return failure();
    selection.operands.push_back(*source);
  }
  FailureOr<RankedTensorType> result =
      quantizedResultType(op->getResult(0), why);
  if (failed(result))
    return failure();
  selection.resultType = *result;
  return selection;
}

/// Same-scale ops (data movement, max_pool): the result takes the input's
/// type, whatever its users do with it.
FailureOr<Selection> selectSameScale(Operation *op, raw_ostream &why) {
  FailureOr<Value> source =
      selectActivation(op->getOperand(0), "input #0", why);
  if (failed(source))
    return failure();
  auto resultType = cast<RankedTensorType>(op->getResult(0).getType());
  return Selection{{*source}, resultType.clone(elementOf(*source))};
}

/// qnn.pad: same-scale, and in constant mode the pad value must be exactly
/// representable in the input's type (it is quantized at lowering).
FailureOr<Selection> selectPad(Operation *op, raw_ostream &why) {
  FailureOr<Selection> selection = selectSameScale(op, why);
  auto pad = cast<qnn::PadOp>(op);
  if (failed(selection) || pad.getMode() != qnn::PadMode::Constant)
    return selection;
  auto type =
      cast<quant::UniformQuantizedType>(selection->resultType.getElementType());
  double value = pad.getValue().convertToDouble();
  double q = value / type.getScale() + type.getZeroPoint();
  double rounded = std::nearbyint(q);
  if (std::abs(q - rounded) > kPadValueTolerance ||
      rounded < type.getStorageTypeMin() ||
      rounded > type.getStorageTypeMax()) {
    why << "pad value " << formatNumber(value)
        << " is not exactly representable in the input's quantization (it "
           "would be "
        << formatNumber(q) << " in storage units)";
    return failure();
  }
  return selection;
}

/// qnn.concat: same-scale once qnn-assign-scales unified the inputs; inputs
/// of different types are not requantized here.
FailureOr<Selection> selectConcat(Operation *op, raw_ostream &why) {
  Selection selection;
  for (OpOperand &operand : op->getOpOperands()) {
    std::string what = "input #" + std::to_string(operand.getOperandNumber());
    FailureOr<Value> source = selectActivation(operand.get(), what, why);
    if (failed(source))
      return failure();
    if (!selection.operands.empty() &&
        elementOf(*source) != elementOf(selection.operands.front())) {
      why << "inputs have different quantization (input #0 is "
          << elementOf(selection.operands.front()) << ", " << what << " is "
          << elementOf(*source) << ")";
      return failure();
    }
    selection.operands.push_back(*source);
  }
  auto resultType = cast<RankedTensorType>(op->getResult(0).getType());
  selection.resultType =
      resultType.clone(elementOf(selection.operands.front()));
  return selection;
}

//===----------------------------------------------------------------------===//
// Actions
//===----------------------------------------------------------------------===//

/// The op with the same name, properties and discardable attributes on the
/// selected operands and result type.
Value rebuild(Operation *op, const Selection &selection,
              PatternRewriter &rewriter) {
  OperationState state(op->getLoc(), op->getName(), selection.operands,
                       selection.resultType,
                       llvm::to_vector(op->getDiscardableAttrs()));
  state.propertiesAttr = op->getPropertiesAsAttribute();
  return rewriter.create(state)->getResult(0);
}

/// The rebuilt op replaces the qcasts of the old result; the selector
/// checked that they are its only users and agree on the type.
void replaceQuantizeCasts(Operation *op, const Selection &selection,
                          PatternRewriter &rewriter) {
  Value lowered = rebuild(op, selection, rewriter);
  for (Operation *user : llvm::make_early_inc_range(op->getUsers()))
    rewriter.replaceOp(user, lowered);
  rewriter.eraseOp(op);
}

/// The rebuilt op keeps its input's parameters. A qcast to exactly that type
/// reads it directly; every other user (a qcast to other parameters, a float
/// op) reads a `quant.dcast` of it, so a qcast to other parameters is left
/// as a dcast -> qcast requantization for kernel selection to match.
void keepInputType(Operation *op, const Selection &selection,
                   PatternRewriter &rewriter) {
  Value lowered = rebuild(op, selection, rewriter);
  Value dequantized;
  for (OpOperand &use :
       llvm::make_early_inc_range(op->getResult(0).getUses())) {
    auto qcast = dyn_cast<quant::QuantizeCastOp>(use.getOwner());
    if (qcast && qcast.getType() == selection.resultType) {
      rewriter.replaceOp(qcast, lowered);
      continue;
    }
    if (!dequantized)
      dequantized = quant::DequantizeCastOp::create(
          rewriter, op->getLoc(), op->getResult(0).getType(), lowered);
    rewriter.modifyOpInPlace(use.getOwner(), [&] { use.set(dequantized); });
  }
  rewriter.eraseOp(op);
}

//===----------------------------------------------------------------------===//
// The table
//===----------------------------------------------------------------------===//

// clang-format off
constexpr LoweringRule kLoweringTable[] = {
  // Weighted: integer accumulation, i32 bias, requantize to the qcast type.
  {qnn::Conv2DOp::getOperationName(),         selectWeighted<qnn::Conv2DOp>,         replaceQuantizeCasts},
  {qnn::FullyConnectedOp::getOperationName(), selectWeighted<qnn::FullyConnectedOp>, replaceQuantizeCasts},
  // Binary: each input with its own parameters.
  {qnn::AddOp::getOperationName(),            selectRequantizing, replaceQuantizeCasts},
  {qnn::MulOp::getOperationName(),            selectRequantizing, replaceQuantizeCasts},
  // Averaging.
  {qnn::AvgPoolOp::getOperationName(),        selectRequantizing, replaceQuantizeCasts},
  {qnn::GlobalAvgPoolOp::getOperationName(),  selectRequantizing, replaceQuantizeCasts},
  {qnn::ReduceMeanOp::getOperationName(),     selectRequantizing, replaceQuantizeCasts},
  // Unary: a lookup table or a clamp from input type to result type.
  {qnn::SigmoidOp::getOperationName(),        selectRequantizing, replaceQuantizeCasts},
  {qnn::TanhOp::getOperationName(),           selectRequantizing, replaceQuantizeCasts},
  {qnn::SoftmaxOp::getOperationName(),        selectRequantizing, replaceQuantizeCasts},
  {qnn::HardSwishOp::getOperationName(),      selectRequantizing, replaceQuantizeCasts},
  {qnn::ReluOp::getOperationName(),           selectRequantizing, replaceQuantizeCasts},
  {qnn::ClampOp::getOperationName(),          selectRequantizing, replaceQuantizeCasts},
  {qnn::LeakyReluOp::getOperationName(),      selectRequantizing, replaceQuantizeCasts},
  {qnn::ResizeOp::getOperationName(),         selectRequantizing, replaceQuantizeCasts},
  // Same-scale: the result keeps the input's parameters.
  {qnn::MaxPoolOp::getOperationName(),        selectSameScale,    keepInputType},
  {qnn::ReshapeOp::getOperationName(),        selectSameScale,    keepInputType},
  {qnn::FlattenOp::getOperationName(),        selectSameScale,    keepInputType},
  {qnn::TransposeOp::getOperationName(),      selectSameScale,    keepInputType},
  {qnn::SliceOp::getOperationName(),          selectSameScale,    keepInputType},
  {qnn::PadOp::getOperationName(),            selectPad,          keepInputType},
  {qnn::ConcatOp::getOperationName(),         selectConcat,       keepInputType},
};
// clang-format on

const LoweringRule *findRule(OperationName name) {
  for (const LoweringRule &rule : kLoweringTable)
    if (name.getStringRef() == rule.opName)
      return &rule;
  return nullptr;
}

/// A float qnn compute op that no earlier pass has explained.
bool isFloatCandidate(Operation *op) {
  return isa<qnn::QNNDialect>(op->getDialect()) && !isa<qnn::ObserveOp>(op) &&
         op->getNumResults() == 1 &&
         !qnn::isQuantizedElement(elementOf(op->getResult(0))) &&
         !op->hasAttr(qnn::kFloatReasonAttr);
}

/// Applies one table entry.
class LowerQDQPattern : public RewritePattern {
public:
  LowerQDQPattern(MLIRContext *context, const LoweringRule &rule)
      : RewritePattern(rule.opName, /*benefit=*/1, context), rule(rule) {}

  LogicalResult matchAndRewrite(Operation *op,
                                PatternRewriter &rewriter) const override {
    if (!isFloatCandidate(op))
      return failure();
    std::string why;
    llvm::raw_string_ostream os(why);
    FailureOr<Selection> selection = rule.select(op, os);
    if (failed(selection))
      return rewriter.notifyMatchFailure(op, why);
    rule.apply(op, *selection, rewriter);
    return success();
  }

private:
  const LoweringRule &rule;
};

/// `qcast(dcast(x))` to the type of `x` is `x`: dequantizing and quantizing
/// again with the same parameters is exact.
struct FoldIdentityRequantize : OpRewritePattern<quant::QuantizeCastOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(quant::QuantizeCastOp qcast,
                                PatternRewriter &rewriter) const override {
    auto dcast = qcast.getInput().getDefiningOp<quant::DequantizeCastOp>();
    if (!dcast || dcast.getInput().getType() != qcast.getType())
      return failure();
    rewriter.replaceOp(qcast, dcast.getInput());
    return success();
  }
};

} // namespace

void qmlir::quantization::populateQNNLowerQDQPatterns(
    RewritePatternSet &patterns) {
  for (const LoweringRule &rule : kLoweringTable)
    patterns.add<LowerQDQPattern>(patterns.getContext(), rule);
  patterns.add<FoldIdentityRequantize>(patterns.getContext());
}

//===----------------------------------------------------------------------===//
// The pass
//===----------------------------------------------------------------------===//

namespace {
struct QNNLowerQDQPass
    : qmlir::quantization::impl::QNNLowerQDQPassBase<QNNLowerQDQPass> {
  void runOnOperation() override;
};

/// Why `op` stays float, for the attribute and the remark.
std::string explainFloat(Operation *op) {
  std::string why;
  llvm::raw_string_ostream os(why);
  const LoweringRule *rule = findRule(op->getName());
  if (!rule)
    os << "no lowering for " << op->getName();
  else if (succeeded(rule->select(op, os)))
    // Only reachable if the greedy driver stopped early.
    os << "not lowered";
  return why;
}
} // namespace

void QNNLowerQDQPass::runOnOperation() {
  func::FuncOp func = getOperation();
  RewritePatternSet patterns(&getContext());
  quantization::populateQNNLowerQDQPatterns(patterns);
  // No folding: upstream folds dcast(qcast(x)) to x, deleting the
  // quantization this pass lowers. Dead casts and constants still go.
  GreedyRewriteConfig config;
  config.enableFolding(false)
      .enableConstantCSE(false)
      .setRegionSimplificationLevel(GreedySimplifyRegionLevel::Disabled);
  if (failed(applyPatternsGreedily(func, std::move(patterns), config))) {
    func.emitError("qnn-lower-qdq did not converge");
    return signalPassFailure();
  }

  func.walk([](Operation *op) {
    if (!isFloatCandidate(op))
      return;
    std::string why = explainFloat(op);
    op->setAttr(qnn::kFloatReasonAttr, StringAttr::get(op->getContext(), why));
    StringRef name = qnn::getNodeName(op);
    InFlightDiagnostic remark = op->emitRemark();
    if (!name.empty())
      remark << "'" << name << "' (" << op->getName() << ")";
    else
      remark << op->getName();
    remark << " stays in float: " << why;
  });
}

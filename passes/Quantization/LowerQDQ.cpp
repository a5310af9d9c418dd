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
// Models exported already quantized (PyTorch, ONNX Runtime's quantizer)
// spell the same patterns with two twists the table absorbs: a relu or clamp
// between the op and its qcast becomes the op's fused activation when the
// result's quantization makes that exact, and a float bias next to a
// quantized input and weight is quantized to i32 at scale sx*sw[c].
//
// Besides that float bias, the pass touches tensor data in one place: a
// dequantized constant left with float users (an op that stays float) is
// materialized as an f32 constant, since float kernels take float weights.
// Requantization multipliers are computed by kernel selection from the types
// this pass leaves behind.
//
//===----------------------------------------------------------------------===//

#include "passes/Quantization/LowerQDQ.h"
#include "passes/Quantization/Passes.h"

#include "dialects/QNN/QNNOps.h"
#include "lib/Support/ConstantData.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/Support/Format.h"

#include <cmath>
#include <cstring>
#include <optional>

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

/// A clamp bound folded into an op's activation must land this close to a
/// storage value (or outside the storage range), or the fused clamp, which
/// the kernels apply in storage units, would round it.
constexpr double kClampBoundTolerance = 1e-3;

/// What a selector chose: the operands of the rebuilt op, in the op's operand
/// order, and its result type.
struct Selection {
  SmallVector<Value> operands;
  RankedTensorType resultType;
  /// A float bias quantized at scale sx*sw[c]: the action makes it an i32
  /// constant at `operands[biasIndex]` (null until then).
  std::optional<SmallVector<int32_t>> biasData;
  unsigned biasIndex = 0;
  /// A qnn.relu / qnn.clamp between the op and its qcasts that becomes the
  /// op's fused `activation`; its qcasts are the ones the op replaces.
  Operation *epilogue = nullptr;
  qnn::ActivationAttr activation;
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

/// A weight: `dcast(scast(integer constant))`, s8 (the kernels have no u8
/// weights: such an op stays float), quantized per tensor or per axis along
/// axis 0 (output channels).
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
  if (type.getStorageTypeIntegralWidth() != 8 || !type.isSigned()) {
    why << "the weight is " << (type.isSigned() ? "s" : "u")
        << type.getStorageTypeIntegralWidth()
        << "; the runtime's integer kernels take s8 weights";
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

/// A float constant bias next to a quantized input and weight (PyTorch's QDQ
/// export keeps biases float): its values quantized to i32 at scale
/// `sx * sw[c]`, rounding half to even as ONNX Runtime's quantizer does.
FailureOr<SmallVector<int32_t>> selectFloatBias(ArrayRef<float> values,
                                                quant::UniformQuantizedType input,
                                                quant::QuantizedType weight,
                                                raw_ostream &why) {
  int64_t channels = values.size();
  SmallVector<double> weightScales;
  SmallVector<int64_t> weightZeroPoints;
  channelParams(weight, channels, weightScales, weightZeroPoints);
  if (static_cast<int64_t>(weightScales.size()) != channels) {
    why << "the weight has a per-axis scale count other than the " << channels
        << " bias values";
    return failure();
  }
  SmallVector<int32_t> data;
  data.reserve(channels);
  for (int64_t c = 0; c < channels; ++c) {
    double scale = input.getScale() * weightScales[c];
    double q = std::nearbyint(static_cast<double>(values[c]) / scale);
    if (!std::isfinite(q) || q < INT32_MIN || q > INT32_MAX) {
      why << "the float bias " << formatNumber(values[c]);
      if (channels > 1)
        why << " of channel " << c;
      why << " does not fit i32 at scale sx*sw = " << formatNumber(scale);
      return failure();
    }
    data.push_back(static_cast<int32_t>(q));
  }
  return data;
}

/// Whether `op` has a fused `activation` that a trailing relu/clamp can
/// become (the runtime fuses relu and clamp into these kernels).
bool takesActivation(Operation *op) {
  return isa<qnn::Conv2DOp, qnn::FullyConnectedOp, qnn::AddOp, qnn::MulOp>(op);
}

/// The fused activation for a trailing `act` when the result is quantized to
/// `result`. relu is always exact: its bound 0 is the zero point, and
/// quantizing commutes with max(., 0). A clamp bound is exact when it is a
/// storage value or outside the storage range (then the saturation of the
/// requantization already applies it).
FailureOr<qnn::ActivationAttr>
foldableActivation(Operation *act, quant::UniformQuantizedType result,
                   raw_ostream &why) {
  MLIRContext *ctx = act->getContext();
  if (isa<qnn::ReluOp>(act))
    return qnn::ActivationAttr::getRelu(ctx);
  auto clamp = cast<qnn::ClampOp>(act);
  double lo = clamp.getMin().convertToDouble();
  double hi = clamp.getMax().convertToDouble();
  for (auto [bound, isLower] : {std::pair(lo, true), std::pair(hi, false)}) {
    double q = bound / result.getScale() + result.getZeroPoint();
    if (isLower ? q <= result.getStorageTypeMin()
                : q >= result.getStorageTypeMax())
      continue;
    if (std::abs(q - std::nearbyint(q)) <= kClampBoundTolerance)
      continue;
    why << "the result goes through qnn.clamp, whose bound "
        << formatNumber(bound)
        << " is not exactly representable in the result's quantization (it "
           "would be "
        << formatNumber(q) << " in storage units)";
    return failure();
  }
  return qnn::ActivationAttr::getClamp(ctx, lo, hi);
}

/// The result type of `op` and, when a relu/clamp stands between `op` and
/// its qcasts, that epilogue as the op's fused activation.
LogicalResult selectResult(Operation *op, Selection &selection,
                           raw_ostream &why) {
  Value result = op->getResult(0);
  Operation *user =
      result.hasOneUse() ? *result.getUsers().begin() : nullptr;
  if (user && takesActivation(op) && isa<qnn::ReluOp, qnn::ClampOp>(user)) {
    if (op->getAttr("activation")) {
      why << "the result goes through " << user->getName()
          << " after the op's own fused activation";
      return failure();
    }
    std::string inner;
    llvm::raw_string_ostream innerOs(inner);
    FailureOr<RankedTensorType> type =
        quantizedResultType(user->getResult(0), innerOs);
    if (failed(type)) {
      why << "the result goes through " << user->getName() << ", and " << inner;
      return failure();
    }
    FailureOr<qnn::ActivationAttr> activation = foldableActivation(
        user, cast<quant::UniformQuantizedType>(type->getElementType()), why);
    if (failed(activation))
      return failure();
    selection.resultType = *type;
    selection.epilogue = user;
    selection.activation = *activation;
    return success();
  }
  FailureOr<RankedTensorType> type = quantizedResultType(result, why);
  if (failed(type))
    return failure();
  selection.resultType = *type;
  return success();
}

/// The integer values of a constant tensor (dense or dense_resource), read
/// signed or unsigned; std::nullopt for anything else (an elided blob).
std::optional<SmallVector<int64_t>> readIntegerConstant(Value value,
                                                        bool isSigned) {
  auto constant = value.getDefiningOp<arith::ConstantOp>();
  if (!constant)
    return std::nullopt;
  auto type = cast<RankedTensorType>(constant.getType());
  auto intType = dyn_cast<IntegerType>(type.getElementType());
  if (!intType)
    return std::nullopt;
  unsigned width = intType.getWidth();
  SmallVector<int64_t> out;
  out.reserve(type.getNumElements());
  if (auto dense = dyn_cast<DenseIntElementsAttr>(constant.getValue())) {
    for (const APInt &v : dense.getValues<APInt>())
      out.push_back(isSigned ? v.getSExtValue()
                             : static_cast<int64_t>(v.getZExtValue()));
    return out;
  }
  auto resource = dyn_cast<DenseResourceElementsAttr>(constant.getValue());
  AsmResourceBlob *blob = resource ? resource.getRawHandle().getBlob() : nullptr;
  if (!blob || (width != 8 && width != 16 && width != 32))
    return std::nullopt;
  ArrayRef<char> bytes = blob->getData();
  size_t size = width / 8;
  if (bytes.size() != type.getNumElements() * size)
    return std::nullopt;
  for (size_t i = 0; i < bytes.size(); i += size) {
    uint32_t raw = 0;
    std::memcpy(&raw, bytes.data() + i, size); // little-endian host
    APInt v(width, raw);
    out.push_back(isSigned ? v.getSExtValue()
                           : static_cast<int64_t>(v.getZExtValue()));
  }
  return out;
}

//===----------------------------------------------------------------------===//
// Selectors
//===----------------------------------------------------------------------===//

/// conv2d / fully_connected: dequantized input (and residual), quantized
/// constant weight, i32 bias of scale sx*sw[c] (or a float constant bias,
/// quantized to it); result quantized by qcast, possibly through a relu or
/// clamp that becomes the fused activation.
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
    auto inputType = cast<quant::UniformQuantizedType>(elementOf(*input));
    auto weightType = cast<quant::QuantizedType>(elementOf(*weight));
    if (std::optional<std::vector<float>> values = readF32Constant(bias)) {
      FailureOr<SmallVector<int32_t>> data =
          selectFloatBias(*values, inputType, weightType, why);
      if (failed(data))
        return failure();
      selection.biasData = std::move(*data);
      selection.biasIndex = selection.operands.size();
      selection.operands.push_back(Value());
    } else {
      FailureOr<Value> b32 = selectBias(bias, inputType, weightType, why);
      if (failed(b32))
        return failure();
      selection.operands.push_back(*b32);
    }
  }
  if (Value residual = weighted.getResidual()) {
    std::string what =
        "input #" + std::to_string(selection.operands.size()) + " (residual)";
    FailureOr<Value> r = selectActivation(residual, what, why);
    if (failed(r))
      return failure();
    selection.operands.push_back(*r);
  }
  if (failed(selectResult(op, selection, why)))
    return failure();
  return selection;
}

/// Ops that requantize (elementwise, pooling, reductions, resize): every
/// input dequantized, result quantized by qcast (add and mul: possibly
/// through a fused relu/clamp); inputs keep their own parameters.
FailureOr<Selection> selectRequantizing(Operation *op, raw_ostream &why) {
  Selection selection;
  for (OpOperand &operand : op->getOpOperands()) {
    std::string what = "input #" + std::to_string(operand.getOperandNumber());
    FailureOr<Value> source = selectActivation(operand.get(), what, why);
    if (failed(source))
      return failure();
    selection.operands.push_back(*source);
  }
  if (failed(selectResult(op, selection, why)))
    return failure();
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
/// selected operands and result type; a float bias becomes its i32 constant
/// and an epilogue the fused activation.
Value rebuild(Operation *op, const Selection &selection,
              PatternRewriter &rewriter) {
  SmallVector<Value> operands = selection.operands;
  if (selection.biasData) {
    auto type = RankedTensorType::get(
        {static_cast<int64_t>(selection.biasData->size())},
        rewriter.getI32Type());
    std::string hint = (qnn::getNodeName(op) + "_bias_i32").str();
    operands[selection.biasIndex] = arith::ConstantOp::create(
        rewriter, op->getLoc(), type,
        makeElementsAttr(type, ArrayRef<int32_t>(*selection.biasData), hint));
  }
  OperationState state(op->getLoc(), op->getName(), operands,
                       selection.resultType,
                       llvm::to_vector(op->getDiscardableAttrs()));
  state.propertiesAttr = op->getPropertiesAsAttribute();
  Operation *lowered = rewriter.create(state);
  if (selection.activation)
    lowered->setAttr("activation", selection.activation);
  return lowered->getResult(0);
}

/// The rebuilt op replaces the qcasts of the old result (or of the epilogue's
/// result); the selector checked that they are its only users and agree on
/// the type.
void replaceQuantizeCasts(Operation *op, const Selection &selection,
                          PatternRewriter &rewriter) {
  Value lowered = rebuild(op, selection, rewriter);
  Operation *last = selection.epilogue ? selection.epilogue : op;
  for (Operation *user : llvm::make_early_inc_range(last->getUsers()))
    rewriter.replaceOp(user, lowered);
  if (selection.epilogue)
    rewriter.eraseOp(selection.epilogue);
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
  {qnn::SwishOp::getOperationName(),          selectRequantizing, replaceQuantizeCasts},
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

/// `qnn.transpose(quant.dcast(quant.scast(c)))` of an integer constant is
/// `quant.dcast(quant.scast(c'))` with `c'` transposed on the host and a
/// per-axis type following its axis: the form in which a MatMul's `[K, N]`
/// weight (per column, axis 1) imports. Without it the weight would be a
/// computed value and the fully_connected would stay float. Outranks the
/// same-scale rule of qnn.transpose.
struct FoldTransposeOfQuantizedConstant : OpRewritePattern<qnn::TransposeOp> {
  FoldTransposeOfQuantizedConstant(MLIRContext *context)
      : OpRewritePattern(context, /*benefit=*/2) {}

  LogicalResult matchAndRewrite(qnn::TransposeOp transpose,
                                PatternRewriter &rewriter) const override {
    auto dcast =
        transpose.getInput().getDefiningOp<quant::DequantizeCastOp>();
    quant::StorageCastOp scast =
        dcast ? storageCastOfConstant(dcast.getInput()) : nullptr;
    if (!scast)
      return failure();
    auto qtype = cast<quant::QuantizedType>(elementOf(scast));
    auto rawType = cast<RankedTensorType>(scast.getInput().getType());
    unsigned width = rawType.getElementType().getIntOrFloatBitWidth();
    if (width != 8 && width != 32)
      return failure();
    std::optional<SmallVector<int64_t>> values =
        readIntegerConstant(scast.getInput(), /*isSigned=*/true);
    if (!values)
      return failure();
    ArrayRef<int64_t> perm = transpose.getPerm();
    ArrayRef<int64_t> inShape = rawType.getShape();
    int64_t rank = inShape.size();
    SmallVector<int64_t> outShape(rank), inStrides(rank, 1);
    for (int64_t d = rank - 2; d >= 0; --d)
      inStrides[d] = inStrides[d + 1] * inShape[d + 1];
    for (int64_t d = 0; d < rank; ++d)
      outShape[d] = inShape[perm[d]];
    SmallVector<int64_t> index(rank, 0);
    SmallVector<int32_t> out;
    out.reserve(values->size());
    for (size_t i = 0; i < values->size(); ++i) {
      int64_t offset = 0;
      for (int64_t d = 0; d < rank; ++d)
        offset += index[d] * inStrides[perm[d]];
      out.push_back(static_cast<int32_t>((*values)[offset]));
      for (int64_t d = rank - 1; d >= 0 && ++index[d] == outShape[d]; --d)
        index[d] = 0;
    }
    if (auto perAxis = dyn_cast<quant::UniformQuantizedPerAxisType>(qtype)) {
      int32_t axis = llvm::find(perm, perAxis.getQuantizedDimension()) -
                     perm.begin();
      qtype = quant::UniformQuantizedPerAxisType::get(
          perAxis.getFlags(), perAxis.getStorageType(),
          perAxis.getExpressedType(), perAxis.getScales(),
          perAxis.getZeroPoints(), axis, perAxis.getStorageTypeMin(),
          perAxis.getStorageTypeMax());
    }
    auto newRawType = RankedTensorType::get(outShape, rawType.getElementType());
    std::string hint = "transposed";
    if (auto resource = dyn_cast<DenseResourceElementsAttr>(
            scast.getInput().getDefiningOp<arith::ConstantOp>().getValue()))
      hint = (resource.getRawHandle().getKey() + "_t").str();
    ElementsAttr attr;
    if (width == 8) {
      SmallVector<int8_t> narrow(out.begin(), out.end());
      attr = makeElementsAttr(newRawType, ArrayRef<int8_t>(narrow), hint);
    } else {
      attr = makeElementsAttr(newRawType, ArrayRef<int32_t>(out), hint);
    }
    Location loc = transpose.getLoc();
    Value raw = arith::ConstantOp::create(rewriter, loc, newRawType, attr);
    Value q = quant::StorageCastOp::create(rewriter, loc,
                                           newRawType.clone(qtype), raw);
    rewriter.replaceOpWithNewOp<quant::DequantizeCastOp>(
        transpose, transpose.getType(), q);
    return success();
  }
};

} // namespace

void qmlir::quantization::populateQNNLowerQDQPatterns(
    RewritePatternSet &patterns) {
  for (const LoweringRule &rule : kLoweringTable)
    patterns.add<LowerQDQPattern>(patterns.getContext(), rule);
  patterns.add<FoldIdentityRequantize, FoldTransposeOfQuantizedConstant>(
      patterns.getContext());
}

//===----------------------------------------------------------------------===//
// The pass
//===----------------------------------------------------------------------===//

namespace {
struct QNNLowerQDQPass
    : qmlir::quantization::impl::QNNLowerQDQPassBase<QNNLowerQDQPass> {
  void runOnOperation() override;
};

/// Replaces `quant.dcast(quant.scast(integer constant))` by an f32 constant
/// of its values, `(q - z[c]) * s[c]` in f32 as ONNX's DequantizeLinear.
/// Float kernels take float constants: a dequantized weight or bias of an op
/// that stays float would otherwise reach code generation as a computed
/// value. Leaves the cast alone when the data cannot be read.
void materializeDequantizedConstant(quant::DequantizeCastOp dcast,
                                    OpBuilder &builder) {
  quant::StorageCastOp scast = storageCastOfConstant(dcast.getInput());
  auto qtype = cast<quant::QuantizedType>(elementOf(scast));
  std::optional<SmallVector<int64_t>> values =
      readIntegerConstant(scast.getInput(), qtype.isSigned());
  if (!values)
    return;
  auto type = cast<RankedTensorType>(dcast.getType());
  int64_t axis = 0, inner = 1, channels = 1;
  if (auto perAxis = dyn_cast<quant::UniformQuantizedPerAxisType>(qtype)) {
    axis = perAxis.getQuantizedDimension();
    channels = type.getDimSize(axis);
    for (int64_t d = axis + 1; d < type.getRank(); ++d)
      inner *= type.getDimSize(d);
  }
  SmallVector<double> scales;
  SmallVector<int64_t> zeroPoints;
  channelParams(qtype, channels, scales, zeroPoints);
  std::vector<float> data(values->size());
  for (size_t i = 0; i < values->size(); ++i) {
    int64_t c = (static_cast<int64_t>(i) / inner) % channels;
    data[i] = static_cast<float>((*values)[i] - zeroPoints[c]) *
              static_cast<float>(scales[c]);
  }
  builder.setInsertionPoint(dcast);
  std::string hint = "dq";
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(
          scast.getInput().getDefiningOp<arith::ConstantOp>().getValue()))
    hint = (resource.getRawHandle().getKey() + "_f32").str();
  Value constant = arith::ConstantOp::create(
      builder, dcast.getLoc(), type, makeElementsAttr(type, data, hint));
  dcast.replaceAllUsesWith(constant);
  Operation *raw = scast.getInput().getDefiningOp();
  dcast.erase();
  if (scast.use_empty())
    scast.erase();
  if (raw->use_empty())
    raw->erase();
}

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

  // Last, once every reason names the dequantized operands as they were.
  SmallVector<quant::DequantizeCastOp> constants;
  func.walk([&](quant::DequantizeCastOp dcast) {
    if (!dcast.use_empty() && storageCastOfConstant(dcast.getInput()))
      constants.push_back(dcast);
  });
  OpBuilder builder(&getContext());
  for (quant::DequantizeCastOp dcast : constants)
    materializeDequantizedConstant(dcast, builder);
}

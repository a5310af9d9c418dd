//===- QNNOps.cpp - qnn op verifiers, folders and custom syntax -----------===//
//
// Verifiers check every op against the shape functions of ShapeInference.cpp
// and the numeric-kind rules of the dialect (all float or all quantized).
//
//===----------------------------------------------------------------------===//

#include "dialects/QNN/QNNOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/TypeUtilities.h"

#include <cmath>

using namespace mlir;
using namespace qmlir::qnn;

bool qmlir::qnn::isQuantizedElement(Type type) {
  return isa<quant::UniformQuantizedType, quant::UniformQuantizedPerAxisType>(
      type);
}

/// A per-axis type needs one scale per element along its axis.
static LogicalResult verifyPerAxisExtent(Operation *op, Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor)
    return success();
  auto perAxis =
      dyn_cast<quant::UniformQuantizedPerAxisType>(tensor.getElementType());
  if (!perAxis)
    return success();
  int64_t axis = perAxis.getQuantizedDimension();
  if (axis >= tensor.getRank())
    return op->emitOpError("per-axis quantization along axis ")
           << axis << " of a rank-" << tensor.getRank() << " tensor";
  if (static_cast<int64_t>(perAxis.getScales().size()) !=
      tensor.getDimSize(axis))
    return op->emitOpError("per-axis quantization has ")
           << perAxis.getScales().size() << " scales for axis " << axis
           << " of extent " << tensor.getDimSize(axis);
  return success();
}

int64_t qmlir::qnn::getMacCount(Operation *op) {
  if (auto conv = dyn_cast<Conv2DOp>(op))
    return conv.getMacCount();
  if (auto fc = dyn_cast<FullyConnectedOp>(op))
    return fc.getMacCount();
  return 0;
}

bool qmlir::qnn::MacShare::isComputeNode(Operation *op) {
  return isa<QNNDialect>(op->getDialect()) && !isa<ObserveOp>(op);
}

bool qmlir::qnn::MacShare::runsInInt8(Operation *op) {
  return isQuantizedElement(getElementTypeOrSelf(op->getResult(0)));
}

void qmlir::qnn::MacShare::add(Operation *op) {
  int64_t n = getMacCount(op);
  ++nodes;
  macs += n;
  if (runsInInt8(op)) {
    ++int8Nodes;
    int8Macs += n;
  }
}

qmlir::qnn::MacShare qmlir::qnn::MacShare::of(Operation *root) {
  MacShare share;
  root->walk([&](Operation *op) {
    if (isComputeNode(op))
      share.add(op);
  });
  return share;
}

StringRef qmlir::qnn::getNodeName(Operation *op) {
  Location loc = op->getLoc();
  // Rewrites may wrap the importer's NameLoc in a FusedLoc; take the first.
  if (auto fused = dyn_cast<FusedLoc>(loc))
    for (Location inner : fused.getLocations())
      if (auto name = dyn_cast<NameLoc>(inner))
        return name.getName().getValue();
  if (auto name = dyn_cast<NameLoc>(loc))
    return name.getName().getValue();
  return "";
}

LogicalResult qmlir::qnn::OpTrait::verifyConsistentNumerics(Operation *op) {
  Type result = getElementTypeOrSelf(op->getResult(0).getType());
  bool quantized = isQuantizedElement(result);
  for (Type type : llvm::concat<const Type>(op->getOperandTypes(),
                                            op->getResultTypes()))
    if (failed(verifyPerAxisExtent(op, type)))
      return failure();
  for (OpOperand &operand : op->getOpOperands()) {
    Type element = getElementTypeOrSelf(operand.get().getType());
    if (element.isInteger(32)) {
      if (!quantized)
        return op->emitOpError("operand #")
               << operand.getOperandNumber()
               << " is an i32 bias, which needs a quantized result";
      continue;
    }
    if (isQuantizedElement(element) != quantized)
      return op->emitOpError("operand #")
             << operand.getOperandNumber() << " is "
             << (quantized ? "float" : "quantized") << " but the result is "
             << (quantized ? "quantized" : "float")
             << "; an op is all-float or all-quantized";
  }
  return success();
}

namespace {
/// Compares the declared result shape with the inferred one.
LogicalResult verifyResultShape(Operation *op, FailureOr<Shape> inferred) {
  if (failed(inferred))
    return failure();
  auto type = cast<RankedTensorType>(op->getResult(0).getType());
  if (type.getShape() == ArrayRef<int64_t>(*inferred))
    return success();
  std::string expected;
  llvm::raw_string_ostream os(expected);
  llvm::interleave(*inferred, os, "x");
  return op->emitOpError("result shape ")
         << type << " does not match the inferred shape " << expected;
}

ArrayRef<int64_t> shapeOf(Value v) {
  return cast<RankedTensorType>(v.getType()).getShape();
}

/// The per-axis quantization of a weight must run along its axis 0.
LogicalResult verifyWeightAxis(Operation *op, Value weight) {
  auto perAxis = dyn_cast<quant::UniformQuantizedPerAxisType>(
      getElementTypeOrSelf(weight.getType()));
  if (perAxis && perAxis.getQuantizedDimension() != 0)
    return op->emitOpError("per-axis weight quantization must be on axis 0, "
                           "got axis ")
           << perAxis.getQuantizedDimension();
  return success();
}

LogicalResult verifyBiasAndResidual(Operation *op, Value bias, Value residual,
                                    int64_t channels) {
  if (bias && shapeOf(bias) != ArrayRef<int64_t>{channels})
    return op->emitOpError("bias must have shape [")
           << channels << "], got " << bias.getType();
  if (residual && residual.getType() != op->getResult(0).getType() &&
      shapeOf(residual) != shapeOf(op->getResult(0)))
    return op->emitOpError("residual ")
           << residual.getType() << " must have the result's shape";
  return success();
}

/// Elementwise unary ops keep the input's shape.
LogicalResult verifySameShape(Operation *op) {
  if (shapeOf(op->getOperand(0)) != shapeOf(op->getResult(0)))
    return op->emitOpError("result shape must match the input shape");
  return success();
}
} // namespace

//===----------------------------------------------------------------------===//
// Custom directive: `type` when input and result types agree, `a -> b` if not.
//===----------------------------------------------------------------------===//

static ParseResult parseUnaryTypes(OpAsmParser &parser, Type &input,
                                   Type &output) {
  if (parser.parseType(input))
    return failure();
  output = input;
  if (succeeded(parser.parseOptionalArrow()))
    return parser.parseType(output);
  return success();
}

static void printUnaryTypes(OpAsmPrinter &printer, Operation *, Type input,
                            Type output) {
  printer << input;
  if (output != input)
    printer << " -> " << output;
}

#define GET_OP_CLASSES
#include "dialects/QNN/QNNOps.cpp.inc"

//===----------------------------------------------------------------------===//
// Conv2DOp / FullyConnectedOp / BatchNormOp
//===----------------------------------------------------------------------===//

LogicalResult Conv2DOp::verify() {
  auto emit = [&] { return emitOpError(); };
  if (failed(verifyResultShape(
          *this, inferConv2dShape(emit, shapeOf(getInput()),
                                  shapeOf(getWeight()), getStrides(),
                                  getPads(), getDilations(),
                                  static_cast<int64_t>(getGroups())))))
    return failure();
  return failure(failed(verifyWeightAxis(*this, getWeight())) ||
                 failed(verifyBiasAndResidual(*this, getBias(), getResidual(),
                                              shapeOf(getWeight())[0])));
}

int64_t Conv2DOp::getMacCount() {
  ArrayRef<int64_t> out = shapeOf(getOutput());
  ArrayRef<int64_t> w = shapeOf(getWeight());
  return out[0] * out[1] * out[2] * out[3] * w[1] * w[2] * w[3];
}

bool Conv2DOp::isDepthwise() {
  int64_t groups = getGroups();
  return groups > 1 && shapeOf(getWeight())[1] == 1 &&
         shapeOf(getWeight())[0] == groups;
}

LogicalResult FullyConnectedOp::verify() {
  auto emit = [&] { return emitOpError(); };
  if (failed(verifyResultShape(
          *this, inferFullyConnectedShape(emit, shapeOf(getInput()),
                                          shapeOf(getWeight())))))
    return failure();
  return failure(failed(verifyWeightAxis(*this, getWeight())) ||
                 failed(verifyBiasAndResidual(*this, getBias(), getResidual(),
                                              shapeOf(getWeight())[0])));
}

int64_t FullyConnectedOp::getMacCount() {
  ArrayRef<int64_t> out = shapeOf(getOutput());
  int64_t outputs = 1;
  for (int64_t d : out)
    outputs *= d;
  return outputs * shapeOf(getWeight())[1];
}

LogicalResult BatchNormOp::verify() {
  ArrayRef<int64_t> in = shapeOf(getInput());
  if (in.size() < 2)
    return emitOpError("expected an input of rank >= 2, got ")
           << getInput().getType();
  for (Value param : {getScale(), getBias(), getMean(), getVariance()})
    if (shapeOf(param) != ArrayRef<int64_t>{in[1]})
      return emitOpError("parameters must have shape [")
             << in[1] << "] (the channel count), got " << param.getType();
  if (getEpsilon().convertToFloat() < 0)
    return emitOpError("epsilon must be non-negative");
  return verifySameShape(*this);
}

//===----------------------------------------------------------------------===//
// Unary ops
//===----------------------------------------------------------------------===//

LogicalResult ReluOp::verify() { return verifySameShape(*this); }
LogicalResult SigmoidOp::verify() { return verifySameShape(*this); }
LogicalResult HardSwishOp::verify() { return verifySameShape(*this); }
LogicalResult SwishOp::verify() { return verifySameShape(*this); }
LogicalResult TanhOp::verify() { return verifySameShape(*this); }
LogicalResult LeakyReluOp::verify() { return verifySameShape(*this); }
LogicalResult HardSigmoidOp::verify() { return verifySameShape(*this); }

LogicalResult ClampOp::verify() {
  if (getMin().isNaN() || getMax().isNaN())
    return emitOpError("bounds must not be NaN");
  if (getMin().convertToFloat() > getMax().convertToFloat())
    return emitOpError("min (") << getMin().convertToFloat()
                                << ") must not exceed max ("
                                << getMax().convertToFloat() << ")";
  return verifySameShape(*this);
}

LogicalResult SoftmaxOp::verify() {
  int64_t rank = shapeOf(getInput()).size();
  // I64Attr getters are unsigned; the attribute itself holds a signed value.
  int64_t axis = getAxis();
  if (axis < 0 || axis >= rank)
    return emitOpError("axis ") << axis << " is out of range for rank "
                                << rank;
  return verifySameShape(*this);
}

//===----------------------------------------------------------------------===//
// Binary ops
//===----------------------------------------------------------------------===//

static LogicalResult verifyBinary(Operation *op) {
  auto emit = [&] { return op->emitOpError(); };
  return verifyResultShape(op, inferBroadcastShape(emit,
                                                   shapeOf(op->getOperand(0)),
                                                   shapeOf(op->getOperand(1))));
}

LogicalResult AddOp::verify() { return verifyBinary(*this); }
LogicalResult SubOp::verify() { return verifyBinary(*this); }
LogicalResult MulOp::verify() { return verifyBinary(*this); }

namespace {
/// Whether `gate` is the gate of the swish `SwishOpTy`: sigmoid for swish,
/// hard_sigmoid with alpha = 1/6, beta = 0.5 for hard_swish.
bool isSwishGate(SigmoidOp) { return true; }
bool isSwishGate(HardSigmoidOp gate) {
  double alpha = gate.getAlpha().convertToDouble();
  return std::abs(alpha - 1.0 / 6.0) <= 1e-6 / 6.0 &&
         gate.getBeta().convertToDouble() == 0.5;
}

/// `mul(x, gate(x))`, either operand order, is `swish_op(x)`: PyTorch
/// exports Hardswish (at opset < 14) and SiLU this way, and the one op runs
/// as one kernel (fusable into a conv) with one quantization step. Float
/// only: on quantized operands the pair rounds twice, the swish once.
template <typename GateOpTy, typename SwishOpTy>
struct MulOfGateToSwish : OpRewritePattern<MulOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(MulOp mul,
                                PatternRewriter &rewriter) const override {
    if (mul.getActivationAttr())
      return rewriter.notifyMatchFailure(mul, "has a fused activation");
    Type type = mul.getType();
    if (!getElementTypeOrSelf(type).isF32() || mul.getLhs().getType() != type ||
        mul.getRhs().getType() != type)
      return rewriter.notifyMatchFailure(mul, "not f32 of one shape");
    for (auto [x, gateValue] : {std::pair(mul.getLhs(), mul.getRhs()),
                                std::pair(mul.getRhs(), mul.getLhs())}) {
      auto gate = gateValue.template getDefiningOp<GateOpTy>();
      // Another user keeps the gate alive: the rewrite would still compute
      // it, so it saves no kernel (and the gate's input x stays live).
      if (!gate || gate.getInput() != x || !gate->hasOneUse() ||
          !isSwishGate(gate))
        continue;
      rewriter.replaceOpWithNewOp<SwishOpTy>(mul, type, x);
      return success();
    }
    return rewriter.notifyMatchFailure(mul, "no x * gate(x)");
  }
};
} // namespace

void MulOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                        MLIRContext *context) {
  results.add<MulOfGateToSwish<HardSigmoidOp, HardSwishOp>,
              MulOfGateToSwish<SigmoidOp, SwishOp>>(context);
}
LogicalResult DivOp::verify() { return verifyBinary(*this); }

//===----------------------------------------------------------------------===//
// Pooling and reductions
//===----------------------------------------------------------------------===//

LogicalResult MaxPoolOp::verify() {
  auto emit = [&] { return emitOpError(); };
  return verifyResultShape(
      *this, inferPool2dShape(emit, shapeOf(getInput()), getKernel(),
                              getStrides(), getPads(), getDilations(),
                              getCeilMode()));
}

LogicalResult AvgPoolOp::verify() {
  auto emit = [&] { return emitOpError(); };
  return verifyResultShape(
      *this, inferPool2dShape(emit, shapeOf(getInput()), getKernel(),
                              getStrides(), getPads(), {1, 1}, getCeilMode()));
}

LogicalResult GlobalAvgPoolOp::verify() {
  ArrayRef<int64_t> in = shapeOf(getInput());
  if (in.size() != 4)
    return emitOpError("expected a 4-D input (NCHW), got ")
           << getInput().getType();
  return verifyResultShape(*this, Shape{in[0], in[1], 1, 1});
}

LogicalResult ReduceMeanOp::verify() {
  auto emit = [&] { return emitOpError(); };
  return verifyResultShape(*this, inferReduceShape(emit, shapeOf(getInput()),
                                                   getAxes(), getKeepdims()));
}

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

LogicalResult ConcatOp::verify() {
  auto emit = [&] { return emitOpError(); };
  SmallVector<ArrayRef<int64_t>> shapes;
  for (Value in : getInputs())
    shapes.push_back(shapeOf(in));
  return verifyResultShape(*this, inferConcatShape(emit, shapes, static_cast<int64_t>(getAxis())));
}

LogicalResult ReshapeOp::verify() {
  auto in = cast<RankedTensorType>(getInput().getType());
  auto out = cast<RankedTensorType>(getOutput().getType());
  if (in.getNumElements() != out.getNumElements())
    return emitOpError("cannot reshape ")
           << in << " (" << in.getNumElements() << " elements) to " << out
           << " (" << out.getNumElements() << " elements)";
  return success();
}

OpFoldResult ReshapeOp::fold(FoldAdaptor) {
  if (getInput().getType() == getType())
    return getInput();
  // reshape(reshape(x)) == reshape(x): feed the inner op's input directly,
  // unless both reshapes requantize (two roundings are not one).
  auto inner = getInput().getDefiningOp<ReshapeOp>();
  if (inner && (getElementTypeOrSelf(inner.getInput()) ==
                    getElementTypeOrSelf(getInput()) ||
                getElementTypeOrSelf(getInput()) ==
                    getElementTypeOrSelf(getType()))) {
    getInputMutable().assign(inner.getInput());
    return getResult();
  }
  return {};
}

LogicalResult FlattenOp::verify() {
  auto emit = [&] { return emitOpError(); };
  return verifyResultShape(
      *this, inferFlattenShape(emit, shapeOf(getInput()),
                                           static_cast<int64_t>(getAxis())));
}

LogicalResult TransposeOp::verify() {
  auto emit = [&] { return emitOpError(); };
  return verifyResultShape(
      *this, inferTransposeShape(emit, shapeOf(getInput()), getPerm()));
}

OpFoldResult TransposeOp::fold(FoldAdaptor) {
  for (auto [i, p] : llvm::enumerate(getPerm()))
    if (static_cast<int64_t>(i) != p)
      return {};
  if (getInput().getType() != getType())
    return {};
  return getInput();
}

LogicalResult PadOp::verify() {
  auto emit = [&] { return emitOpError(); };
  ArrayRef<int64_t> in = shapeOf(getInput());
  // Checks the length of `pads` before the mode check below indexes it.
  FailureOr<Shape> inferred = inferPadShape(emit, in, getPads());
  if (failed(inferred))
    return failure();
  if (getMode() != PadMode::Constant) {
    for (auto [i, d] : llvm::enumerate(in)) {
      int64_t limit = getMode() == PadMode::Reflect ? d - 1 : d;
      if (getPads()[i] > limit || getPads()[in.size() + i] > limit ||
          (getMode() == PadMode::Edge && d == 0 &&
           (getPads()[i] || getPads()[in.size() + i])))
        return emitOpError("pads of dimension ")
               << i << " exceed what " << stringifyPadMode(getMode())
               << " mode can fill from an extent of " << d;
    }
  }
  return verifyResultShape(*this, inferred);
}

LogicalResult SliceOp::verify() {
  auto emit = [&] { return emitOpError(); };
  return verifyResultShape(
      *this, inferSliceShape(emit, shapeOf(getInput()), getStarts(), getEnds(),
                             getSteps()));
}

LogicalResult ResizeOp::verify() {
  ArrayRef<int64_t> in = shapeOf(getInput());
  ArrayRef<int64_t> out = shapeOf(getOutput());
  if (in.size() != out.size())
    return emitOpError("result rank ")
           << out.size() << " must equal the input rank " << in.size();
  if (getScales().size() != in.size())
    return emitOpError("expected one scale per dimension (")
           << in.size() << "), got " << getScales().size();
  for (auto [i, s] : llvm::enumerate(getScales())) {
    if (!(s > 0))
      return emitOpError("scales must be positive, got ") << s;
    if (out[i] <= 0)
      return emitOpError("result dimensions must be positive");
  }
  return success();
}

//===----------------------------------------------------------------------===//
// ObserveOp
//===----------------------------------------------------------------------===//

LogicalResult ObserveOp::verify() {
  StatsAttr stats = getStatsAttr();
  if (!stats || !stats.getChannelMin())
    return success();
  ArrayRef<int64_t> shape = shapeOf(getInput());
  int64_t channels = shape.size() > 1 ? shape[1] : 1;
  if (stats.getChannelMin().getNumElements() != channels)
    return emitOpError("per-channel statistics hold ")
           << stats.getChannelMin().getNumElements()
           << " channels, but the tensor has " << channels << " (axis 1)";
  return success();
}

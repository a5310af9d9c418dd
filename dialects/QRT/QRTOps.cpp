//===- QRTOps.cpp - qrt op verifiers --------------------------------------===//
//
// The verifiers check each kernel call against the runtime's ABI: buffer
// layouts (dense, NHWC/OHWI shapes checked with qnn's shape functions on
// permuted dims), the dtype combinations quantrt.h defines, and one
// quantization descriptor per int8 buffer.
//
//===----------------------------------------------------------------------===//

#include "dialects/QRT/QRTOps.h"

#include "dialects/QNN/QNNOps.h"
#include "quantrt/quantrt.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"

#include <cmath>

using namespace mlir;
using namespace qmlir;
using namespace qmlir::qrt;

namespace {

bool isInt8(Type type) {
  auto intType = dyn_cast<IntegerType>(type);
  return intType && intType.getWidth() == 8 && !intType.isSignless();
}

Type elementTypeOf(Value buffer) {
  return cast<MemRefType>(buffer.getType()).getElementType();
}
ArrayRef<int64_t> shapeOf(Value buffer) {
  return cast<MemRefType>(buffer.getType()).getShape();
}
bool isInt8Buffer(Value buffer) { return isInt8(elementTypeOf(buffer)); }

/// NHWC -> NCHW dims (also OHWI -> OIHW).
qnn::Shape toNCHW(ArrayRef<int64_t> s) { return {s[0], s[3], s[1], s[2]}; }
/// NCHW -> NHWC dims.
qnn::Shape toNHWC(ArrayRef<int64_t> s) { return {s[0], s[2], s[3], s[1]}; }

std::string fmt(ArrayRef<int64_t> shape) {
  std::string out = "[";
  llvm::raw_string_ostream os(out);
  llvm::interleaveComma(shape, os);
  os << "]";
  return out;
}

/// Every buffer is dense and row-major: the runtime takes plain pointers.
LogicalResult verifyIdentityLayouts(Operation *op) {
  for (Value operand : op->getOperands())
    if (!cast<MemRefType>(operand.getType()).getLayout().isIdentity())
      return op->emitOpError("buffers must have the identity layout, got ")
             << operand.getType();
  return success();
}

/// An int8 buffer has a descriptor, an f32 buffer none; zero points fit the
/// dtype; per-channel descriptors only where `allowPerChannel`, with one
/// scale per index of their axis.
LogicalResult verifyQuant(Operation *op, Value buffer, QuantAttr quant,
                          StringRef name, bool allowPerChannel) {
  Type elementType = elementTypeOf(buffer);
  if (!isInt8(elementType)) {
    if (quant)
      return op->emitOpError("'") << name << "' is " << elementType
                                  << " and takes no '" << name
                                  << "_quant' descriptor";
    return success();
  }
  if (!quant)
    return op->emitOpError("'")
           << name << "' is " << elementType << " and needs a '" << name
           << "_quant' descriptor";
  int64_t lo = elementType.isUnsignedInteger() ? 0 : -128;
  int64_t hi = elementType.isUnsignedInteger() ? 255 : 127;
  if (quant.getZeroPoint() < lo || quant.getZeroPoint() > hi)
    return op->emitOpError("'")
           << name << "_quant' zero point " << quant.getZeroPoint()
           << " is outside the range of " << elementType;
  if (!quant.isPerChannel())
    return success();
  if (!allowPerChannel)
    return op->emitOpError("'") << name
                                << "_quant' must be per-tensor for this op";
  ArrayRef<int64_t> shape = shapeOf(buffer);
  if (quant.getAxis() >= static_cast<int64_t>(shape.size()))
    return op->emitOpError("'")
           << name << "_quant' axis " << quant.getAxis()
           << " is out of range for rank " << shape.size();
  if (static_cast<int64_t>(quant.getScaleValues().size()) !=
      shape[quant.getAxis()])
    return op->emitOpError("'")
           << name << "_quant' has " << quant.getScaleValues().size()
           << " scales for " << shape[quant.getAxis()] << " channels";
  return success();
}

LogicalResult verifyShape(Operation *op, StringRef what,
                          ArrayRef<int64_t> expected, ArrayRef<int64_t> got) {
  if (expected == got)
    return success();
  return op->emitOpError("expected ")
         << what << " shape " << fmt(expected) << ", got " << fmt(got);
}

LogicalResult verifySameElementType(Operation *op, ValueRange buffers) {
  for (Value buffer : buffers)
    if (elementTypeOf(buffer) != elementTypeOf(buffers.front()))
      return op->emitOpError("buffers must share one element type, got ")
             << elementTypeOf(buffers.front()) << " and "
             << elementTypeOf(buffer);
  return success();
}

/// swish is an epilogue of conv2d / fully_connected only (quantrt.h).
bool isSwish(ActivationAttr activation) {
  return activation && activation.getKind() == ActivationKind::Swish;
}

/// The dtype combination and descriptors of conv2d / fully_connected.
template <typename OpTy>
LogicalResult verifyMatmulLike(OpTy op) {
  Operation *raw = op.getOperation();
  if (failed(verifyIdentityLayouts(raw)))
    return failure();
  Type inputType = elementTypeOf(op.getInput());
  Type filterType = elementTypeOf(op.getFilter());
  Type outputType = elementTypeOf(op.getOutput());
  Type biasType = op.getBias() ? elementTypeOf(op.getBias()) : Type();
  if (inputType.isF32()) {
    if (!filterType.isF32() || !outputType.isF32() ||
        (biasType && !biasType.isF32()))
      return op.emitOpError("an f32 input needs an f32 filter, bias and "
                            "output");
  } else {
    if (!filterType.isSignedInteger(8) || !isInt8(outputType) ||
        (biasType && !biasType.isSignedInteger(32)))
      return op.emitOpError("an int8 input needs an si8 filter, an si32 bias "
                            "and a ui8/si8 output, got ")
             << filterType << ", " << (biasType ? biasType : Type()) << ", "
             << outputType;
    if (isSwish(op.getActivationAttr()) && op.getResidual())
      return op.emitOpError("the swish activation of an int8 kernel takes no "
                            "residual");
  }
  if (op.getResidual() && elementTypeOf(op.getResidual()) != outputType)
    return op.emitOpError("the residual must have the output's element type ")
           << outputType;
  if (failed(verifyQuant(raw, op.getInput(), op.getInputQuantAttr(), "input",
                         false)) ||
      failed(verifyQuant(raw, op.getOutput(), op.getOutputQuantAttr(),
                         "output", false)))
    return failure();
  if (filterType.isF32()) {
    if (op.getFilterQuantAttr())
      return op.emitOpError("'filter' is f32 and takes no 'filter_quant' "
                            "descriptor");
  } else {
    QuantAttr filterQuant = op.getFilterQuantAttr();
    if (!filterQuant)
      return op.emitOpError("'filter' is ")
             << filterType << " and needs a 'filter_quant' descriptor";
    if (filterQuant.getZeroPoint() != 0)
      return op.emitOpError("'filter_quant' must have zero point 0");
    if (filterQuant.isPerChannel() && filterQuant.getAxis() != 0)
      return op.emitOpError("a per-channel 'filter_quant' must be on axis 0");
    if (failed(verifyQuant(raw, op.getFilter(), filterQuant, "filter", true)))
      return failure();
  }
  if (op.getResidual()) {
    if (failed(verifyQuant(raw, op.getResidual(), op.getResidualQuantAttr(),
                           "residual", false)) ||
        failed(verifyShape(raw, "residual", shapeOf(op.getOutput()),
                           shapeOf(op.getResidual()))))
      return failure();
  } else if (op.getResidualQuantAttr()) {
    return op.emitOpError("'residual_quant' without a residual");
  }
  if (op.getBias()) {
    int64_t channels = shapeOf(op.getFilter()).front();
    if (failed(verifyShape(raw, "bias", {channels}, shapeOf(op.getBias()))))
      return failure();
  }
  return success();
}

/// The common checks of a one-input, one-output kernel: identity layouts,
/// one element type, and per-tensor descriptors on int8 buffers.
LogicalResult verifyInputOutputBuffers(Operation *op, Value input,
                                       QuantAttr inputQuant, Value output,
                                       QuantAttr outputQuant) {
  if (failed(verifyIdentityLayouts(op)) ||
      failed(verifySameElementType(op, op->getOperands())) ||
      failed(verifyQuant(op, input, inputQuant, "input", false)) ||
      failed(verifyQuant(op, output, outputQuant, "output", false)))
    return failure();
  return success();
}

} // namespace

//===----------------------------------------------------------------------===//
// conv2d, fully_connected
//===----------------------------------------------------------------------===//

LogicalResult Conv2DOp::verify() {
  ArrayRef<int64_t> input = shapeOf(getInput()), filter = shapeOf(getFilter());
  if (input.size() != 4 || filter.size() != 4)
    return emitOpError("expected a 4-D NHWC input and OHWI filter, got ")
           << fmt(input) << " and " << fmt(filter);
  if (failed(verifyMatmulLike(*this)))
    return failure();
  auto emitError = [&] { return emitOpError(); };
  FailureOr<qnn::Shape> result = qnn::inferConv2dShape(
      emitError, toNCHW(input), toNCHW(filter), getStrides(), getPads(),
      getDilations(), getGroups());
  if (failed(result))
    return failure();
  return verifyShape(*this, "NHWC output", toNHWC(*result),
                     shapeOf(getOutput()));
}

LogicalResult FullyConnectedOp::verify() {
  if (failed(verifyMatmulLike(*this)))
    return failure();
  auto emitError = [&] { return emitOpError(); };
  FailureOr<qnn::Shape> result = qnn::inferFullyConnectedShape(
      emitError, shapeOf(getInput()), shapeOf(getFilter()));
  if (failed(result))
    return failure();
  return verifyShape(*this, "output", *result, shapeOf(getOutput()));
}

//===----------------------------------------------------------------------===//
// binary, pool2d, concat, resize, unary
//===----------------------------------------------------------------------===//

LogicalResult BinaryOp::verify() {
  if (failed(verifyIdentityLayouts(*this)) ||
      failed(verifySameElementType(*this, getOperands())) ||
      failed(verifyQuant(*this, getLhs(), getLhsQuantAttr(), "lhs", false)) ||
      failed(verifyQuant(*this, getRhs(), getRhsQuantAttr(), "rhs", false)) ||
      failed(verifyQuant(*this, getOutput(), getOutputQuantAttr(), "output",
                         false)))
    return failure();
  if (isSwish(getActivationAttr()))
    return emitOpError("the swish activation exists only on conv2d and "
                       "fully_connected");
  auto emitError = [&] { return emitOpError(); };
  FailureOr<qnn::Shape> result =
      qnn::inferBroadcastShape(emitError, shapeOf(getLhs()), shapeOf(getRhs()));
  if (failed(result))
    return failure();
  return verifyShape(*this, "output", *result, shapeOf(getOutput()));
}

LogicalResult Pool2DOp::verify() {
  if (failed(verifyInputOutputBuffers(*this, getInput(), getInputQuantAttr(),
                                      getOutput(), getOutputQuantAttr())))
    return failure();
  ArrayRef<int64_t> input = shapeOf(getInput());
  if (input.size() != 4)
    return emitOpError("expected a 4-D NHWC input, got ") << fmt(input);
  if (getKind() == PoolKind::Max && getInputQuantAttr() != getOutputQuantAttr())
    return emitOpError("max pooling keeps the input's quantization: "
                       "'output_quant' must equal 'input_quant'");
  if (getCountIncludePad() && getKind() != PoolKind::Avg)
    return emitOpError("'count_include_pad' only applies to avg pooling");
  if (getKind() == PoolKind::GlobalAvg) {
    if (getKernelAttr() || getStridesAttr() || getPadsAttr())
      return emitOpError("global_avg pooling takes no kernel, strides or pads");
    return verifyShape(*this, "NHWC output", {input[0], 1, 1, input[3]},
                       shapeOf(getOutput()));
  }
  if (!getKernelAttr() || !getStridesAttr() || !getPadsAttr())
    return emitOpError("max and avg pooling need kernel, strides and pads");
  auto emitError = [&] { return emitOpError(); };
  FailureOr<qnn::Shape> result =
      qnn::inferPool2dShape(emitError, toNCHW(input), *getKernel(),
                            *getStrides(), *getPads(), {1, 1}, false);
  if (failed(result))
    return failure();
  return verifyShape(*this, "NHWC output", toNHWC(*result),
                     shapeOf(getOutput()));
}

LogicalResult ConcatOp::verify() {
  if (getInputs().empty())
    return emitOpError("needs at least one input");
  if (failed(verifyIdentityLayouts(*this)) ||
      failed(verifySameElementType(*this, getOperands())) ||
      failed(verifyQuant(*this, getOutput(), getOutputQuantAttr(), "output",
                         false)))
    return failure();
  ArrayAttr quants = getInputQuantsAttr();
  if (isInt8Buffer(getOutput())) {
    if (!quants || quants.size() != getInputs().size())
      return emitOpError("needs one 'input_quants' descriptor per input");
    for (auto [input, quant] : llvm::zip(getInputs(), quants))
      if (failed(verifyQuant(*this, input, cast<QuantAttr>(quant), "input",
                             false)))
        return failure();
  } else if (quants) {
    return emitOpError("f32 inputs take no 'input_quants'");
  }
  SmallVector<ArrayRef<int64_t>> shapes;
  for (Value input : getInputs())
    shapes.push_back(shapeOf(input));
  auto emitError = [&] { return emitOpError(); };
  FailureOr<qnn::Shape> result =
      qnn::inferConcatShape(emitError, shapes, getAxis());
  if (failed(result))
    return failure();
  return verifyShape(*this, "output", *result, shapeOf(getOutput()));
}

LogicalResult ResizeOp::verify() {
  if (failed(verifyInputOutputBuffers(*this, getInput(), getInputQuantAttr(),
                                      getOutput(), getOutputQuantAttr())))
    return failure();
  ArrayRef<int64_t> input = shapeOf(getInput()), output = shapeOf(getOutput());
  if (input.size() != 4 || output.size() != 4)
    return emitOpError("expected 4-D NHWC buffers, got ")
           << fmt(input) << " and " << fmt(output);
  if (input[0] != output[0] || input[3] != output[3])
    return emitOpError("resize changes only H and W of NHWC, got ")
           << fmt(input) << " -> " << fmt(output);
  return success();
}

LogicalResult UnaryOp::verify() {
  if (failed(verifyInputOutputBuffers(*this, getInput(), getInputQuantAttr(),
                                      getOutput(), getOutputQuantAttr())))
    return failure();
  // Exactly the parameters the kind reads (quantrt.h reads the appended
  // qrt_unary_params fields only for the kinds that use them).
  UnaryKind kind = getKind();
  auto expect = [&](FloatAttr attr, StringRef name,
                    bool wanted) -> LogicalResult {
    if (wanted && !attr)
      return emitOpError("'") << stringifyUnaryKind(kind) << "' needs '"
                              << name << "'";
    if (!wanted && attr)
      return emitOpError("'") << stringifyUnaryKind(kind) << "' takes no '"
                              << name << "'";
    return success();
  };
  bool hasAlpha =
      kind == UnaryKind::LeakyRelu || kind == UnaryKind::HardSigmoid;
  bool isClamp = kind == UnaryKind::Clamp;
  if (failed(expect(getAlphaAttr(), "alpha", hasAlpha)) ||
      failed(expect(getBetaAttr(), "beta", kind == UnaryKind::HardSigmoid)) ||
      failed(expect(getMinAttr(), "min", isClamp)) ||
      failed(expect(getMaxAttr(), "max", isClamp)))
    return failure();
  for (FloatAttr attr : {getAlphaAttr(), getBetaAttr()})
    if (attr && !std::isfinite(attr.getValueAsDouble()))
      return emitOpError("'alpha' and 'beta' must be finite");
  if (isClamp) {
    double min = getMinAttr().getValueAsDouble();
    double max = getMaxAttr().getValueAsDouble();
    if (!(min <= max))
      return emitOpError("clamp needs min <= max (and no NaN), got ")
             << min << " and " << max;
  }
  if (kind == UnaryKind::Softmax && shapeOf(getInput()).empty())
    return emitOpError("softmax needs a buffer of rank 1 or more");
  return verifyShape(*this, "output", shapeOf(getInput()),
                     shapeOf(getOutput()));
}

//===----------------------------------------------------------------------===//
// pad, slice, reduce
//===----------------------------------------------------------------------===//

/// The checks of the copy-like kernels (pad, slice): one element type, and
/// on int8 per-tensor descriptors that are equal on both sides.
static LogicalResult verifyCopyBuffers(Operation *op, Value input,
                                       QuantAttr inputQuant, Value output,
                                       QuantAttr outputQuant) {
  if (failed(verifyInputOutputBuffers(op, input, inputQuant, output,
                                      outputQuant)))
    return failure();
  if (inputQuant != outputQuant)
    return op->emitOpError("copies keep the input's quantization: "
                           "'output_quant' must equal 'input_quant'");
  if (shapeOf(input).size() > QRT_MAX_RANK)
    return op->emitOpError("the runtime takes buffers of rank ")
           << QRT_MAX_RANK << " at most, got " << shapeOf(input).size();
  return success();
}

LogicalResult PadOp::verify() {
  if (failed(verifyCopyBuffers(*this, getInput(), getInputQuantAttr(),
                               getOutput(), getOutputQuantAttr())))
    return failure();
  bool constant = getMode() == PadMode::Constant;
  if (constant && !getValueAttr())
    return emitOpError("constant padding needs a 'value'");
  if (!constant && getValueAttr())
    return emitOpError("only constant padding takes a 'value'");
  if (constant && isInt8Buffer(getInput()) &&
      std::isnan(getValueAttr().getValueAsDouble()))
    return emitOpError("a NaN pad value has no quantized form");
  ArrayRef<int64_t> input = shapeOf(getInput());
  auto emitError = [&] { return emitOpError(); };
  FailureOr<qnn::Shape> result =
      qnn::inferPadShape(emitError, input, getPads());
  if (failed(result))
    return failure();
  if (!constant) {
    int64_t rank = input.size();
    for (int64_t i = 0; i < rank; ++i) {
      int64_t before = getPads()[i], after = getPads()[rank + i];
      int64_t limit =
          getMode() == PadMode::Reflect ? input[i] - 1 : input[i];
      if ((before || after) && (before > limit || after > limit))
        return emitOpError("pads [")
               << before << ", " << after << "] of dimension " << i
               << " exceed what " << stringifyPadMode(getMode())
               << " padding can fill from an extent of " << input[i];
    }
  }
  return verifyShape(*this, "output", *result, shapeOf(getOutput()));
}

LogicalResult SliceOp::verify() {
  if (failed(verifyCopyBuffers(*this, getInput(), getInputQuantAttr(),
                               getOutput(), getOutputQuantAttr())))
    return failure();
  auto emitError = [&] { return emitOpError(); };
  FailureOr<qnn::Shape> result = qnn::inferSliceShape(
      emitError, shapeOf(getInput()), getStarts(), getEnds(), getSteps());
  if (failed(result))
    return failure();
  return verifyShape(*this, "output", *result, shapeOf(getOutput()));
}

LogicalResult ReduceOp::verify() {
  if (failed(verifyInputOutputBuffers(*this, getInput(), getInputQuantAttr(),
                                      getOutput(), getOutputQuantAttr())))
    return failure();
  if (shapeOf(getInput()).size() > QRT_MAX_RANK)
    return emitOpError("the runtime takes buffers of rank ")
           << QRT_MAX_RANK << " at most, got " << shapeOf(getInput()).size();
  auto emitError = [&] { return emitOpError(); };
  FailureOr<qnn::Shape> result = qnn::inferReduceShape(
      emitError, shapeOf(getInput()), getAxes(), getKeepdims());
  if (failed(result))
    return failure();
  return verifyShape(*this, "output", *result, shapeOf(getOutput()));
}

//===----------------------------------------------------------------------===//
// convert, layout
//===----------------------------------------------------------------------===//

LogicalResult ConvertOp::verify() {
  if (failed(verifyIdentityLayouts(*this)))
    return failure();
  Type in = elementTypeOf(getInput()), out = elementTypeOf(getOutput());
  bool ok = false;
  switch (getKind()) {
  case ConvertKind::Quantize:
    ok = in.isF32() && isInt8(out);
    break;
  case ConvertKind::Dequantize:
    ok = isInt8(in) && out.isF32();
    break;
  case ConvertKind::Requantize:
    ok = isInt8(in) && isInt8(out);
    break;
  }
  if (!ok)
    return emitOpError("'")
           << stringifyConvertKind(getKind()) << "' does not convert " << in
           << " to " << out;
  bool perChannel = getKind() != ConvertKind::Requantize;
  if (failed(verifyQuant(*this, getInput(), getInputQuantAttr(), "input",
                         perChannel)) ||
      failed(verifyQuant(*this, getOutput(), getOutputQuantAttr(), "output",
                         perChannel)))
    return failure();
  return verifyShape(*this, "output", shapeOf(getInput()),
                     shapeOf(getOutput()));
}

LogicalResult LayoutOp::verify() {
  if (failed(verifyIdentityLayouts(*this)) ||
      failed(verifySameElementType(*this, getOperands())))
    return failure();
  auto input = cast<MemRefType>(getInput().getType());
  auto output = cast<MemRefType>(getOutput().getType());
  if (getKind() == LayoutKind::Reshape) {
    if (getPermAttr())
      return emitOpError("reshape takes no 'perm'");
    if (input.getNumElements() != output.getNumElements())
      return emitOpError("reshape must keep the element count, got ")
             << fmt(input.getShape()) << " -> " << fmt(output.getShape());
    return success();
  }
  if (!getPermAttr())
    return emitOpError("transpose needs 'perm'");
  auto emitError = [&] { return emitOpError(); };
  FailureOr<qnn::Shape> result =
      qnn::inferTransposeShape(emitError, input.getShape(), *getPerm());
  if (failed(result))
    return failure();
  return verifyShape(*this, "output", *result, output.getShape());
}

//===----------------------------------------------------------------------===//
// observe
//===----------------------------------------------------------------------===//

LogicalResult ObserveOp::verify() {
  if (failed(verifyIdentityLayouts(*this)))
    return failure();
  bool perChannel = getKind() == ObserverKind::PerChannelMinMax;
  std::optional<int64_t> axis = getAxis();
  if (perChannel != axis.has_value())
    return emitOpError(perChannel ? "a per_channel_minmax observer needs an "
                                    "'axis'"
                                  : "only a per_channel_minmax observer "
                                    "takes an 'axis'");
  int64_t rank = shapeOf(getInput()).size();
  if (axis && (*axis < 0 || *axis >= rank))
    return emitOpError("axis ") << *axis << " is out of range for rank "
                                << rank;
  return success();
}

#define GET_OP_CLASSES
#include "dialects/QRT/QRTOps.cpp.inc"

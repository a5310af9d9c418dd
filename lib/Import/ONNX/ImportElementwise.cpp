//===- ImportElementwise.cpp - Activations, arithmetic, softmax -----------===//
//
// Elementwise ONNX ops. Arithmetic on two import-time constants (shape
// computations, scalar parameters) folds on the host instead of emitting IR.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"

#include "dialects/QNN/QNNOps.h"

#include <cmath>
#include <limits>

using namespace mlir;

namespace qmlir::onnx_import {
namespace {

template <typename OpTy>
LogicalResult importUnary(NodeContext &ctx) {
  FailureOr<Value> x = ctx.floatInput(0);
  if (failed(x))
    return failure();
  ctx.setOutput(0, OpTy::create(ctx.b(), ctx.getLoc(), x->getType(), *x));
  return success();
}

LogicalResult importLeakyRelu(NodeContext &ctx) {
  FailureOr<float> alpha = ctx.getFloat("alpha", 0.01f);
  FailureOr<Value> x = ctx.floatInput(0);
  if (failed(alpha) || failed(x))
    return failure();
  ctx.setOutput(0, qnn::LeakyReluOp::create(ctx.b(), ctx.getLoc(),
                                            x->getType(), *x,
                                            ctx.b().getF32FloatAttr(*alpha)));
  return success();
}

LogicalResult importHardSigmoid(NodeContext &ctx) {
  FailureOr<float> alpha = ctx.getFloat("alpha", 0.2f);
  FailureOr<float> beta = ctx.getFloat("beta", 0.5f);
  FailureOr<Value> x = ctx.floatInput(0);
  if (failed(alpha) || failed(beta) || failed(x))
    return failure();
  ctx.setOutput(0, qnn::HardSigmoidOp::create(
                       ctx.b(), ctx.getLoc(), x->getType(), *x,
                       ctx.b().getF32FloatAttr(*alpha),
                       ctx.b().getF32FloatAttr(*beta)));
  return success();
}

/// Reads an optional scalar bound of Clip (opset >= 11 takes them as inputs).
FailureOr<float> clipBound(NodeContext &ctx, int index, float dflt) {
  if (!ctx.hasInput(index))
    return dflt;
  FailureOr<const ConstTensor *> c =
      ctx.requireConstant(index, index == 1 ? "min" : "max");
  if (failed(c))
    return failure();
  if ((*c)->getNumElements() != 1)
    return ctx.emitError() << (index == 1 ? "min" : "max")
                           << " must be a scalar";
  return static_cast<float>((*c)->getDouble(0));
}

LogicalResult importClip(NodeContext &ctx) {
  FailureOr<Value> x = ctx.floatInput(0);
  FailureOr<float> lo =
      clipBound(ctx, 1, -std::numeric_limits<float>::infinity());
  FailureOr<float> hi =
      clipBound(ctx, 2, std::numeric_limits<float>::infinity());
  if (failed(x) || failed(lo) || failed(hi))
    return failure();
  if (*lo > *hi)
    return ctx.emitError() << "min " << *lo << " exceeds max " << *hi;
  ctx.setOutput(0, qnn::ClampOp::create(ctx.b(), ctx.getLoc(), x->getType(),
                                        *x, ctx.b().getF32FloatAttr(*lo),
                                        ctx.b().getF32FloatAttr(*hi)));
  return success();
}

LogicalResult importSoftmax(NodeContext &ctx) {
  FailureOr<Value> x = ctx.floatInput(0);
  if (failed(x))
    return failure();
  int64_t rank = shapeOf(*x).size();
  // Before opset 13 Softmax flattens [axis:] into one axis (default 1);
  // that is the single-axis softmax only when axis is the last one.
  bool legacy = ctx.getOpset() < 13;
  FailureOr<int64_t> axisAttr = ctx.getInt("axis", legacy ? 1 : -1);
  if (failed(axisAttr))
    return failure();
  FailureOr<int64_t> axis = normalizeAxis(ctx, *axisAttr, rank);
  if (failed(axis))
    return failure();
  int64_t softmaxAxis = *axis;
  if (legacy) {
    // Dimensions of size 1 do not change the flattened row, so the legacy
    // softmax is over one axis when at most one of [axis, rank) exceeds 1.
    ArrayRef<int64_t> shape = shapeOf(*x);
    SmallVector<int64_t> wide;
    for (int64_t d = *axis; d < rank; ++d)
      if (shape[d] != 1)
        wide.push_back(d);
    if (wide.size() > 1)
      return ctx.emitError()
             << "opset " << ctx.getOpset()
             << " Softmax over the flattened axes [" << *axis << ", " << rank
             << ") is not supported; only over the last axis, or when all "
                "but one of those dimensions are 1";
    if (!wide.empty())
      softmaxAxis = wide.front();
  }
  ctx.setOutput(0,
                qnn::SoftmaxOp::create(ctx.b(), ctx.getLoc(), x->getType(), *x,
                                       ctx.b().getI64IntegerAttr(softmaxAxis)));
  return success();
}

/// Row-major index of `out` coordinates into a broadcast operand of `shape`.
int64_t broadcastIndex(ArrayRef<int64_t> outIndex, ArrayRef<int64_t> shape) {
  int64_t index = 0;
  size_t offset = outIndex.size() - shape.size();
  for (size_t d = 0; d < shape.size(); ++d)
    index = index * shape[d] + (shape[d] == 1 ? 0 : outIndex[offset + d]);
  return index;
}

enum class BinaryKind { Add, Sub, Mul, Div };

double applyBinary(BinaryKind kind, double a, double b) {
  switch (kind) {
  case BinaryKind::Add:
    return a + b;
  case BinaryKind::Sub:
    return a - b;
  case BinaryKind::Mul:
    return a * b;
  case BinaryKind::Div:
    return a / b;
  }
  llvm_unreachable("unknown binary op");
}

/// Folds a binary op of two constants on the host (shape arithmetic).
LogicalResult foldBinary(NodeContext &ctx, BinaryKind kind,
                         const ConstTensor &lhs, const ConstTensor &rhs) {
  if (lhs.getDataType() != rhs.getDataType())
    return ctx.emitError() << "operand types differ: "
                           << dataTypeName(lhs.getDataType()) << " and "
                           << dataTypeName(rhs.getDataType());
  FailureOr<qnn::Shape> shape = qnn::inferBroadcastShape(
      ctx.errorFn(), lhs.getShape(), rhs.getShape());
  if (failed(shape) || failed(checkFoldedShape(ctx, *shape)))
    return failure();
  auto broadcast = [&](const ConstTensor &t) {
    return t.select(*shape, [&](ArrayRef<int64_t> index) {
      return broadcastIndex(index, t.getShape());
    });
  };
  ConstTensor a = broadcast(lhs), b = broadcast(rhs);
  int64_t count = a.getNumElements();
  if (isIntegerDataType(lhs.getDataType())) {
    // Integers stay exact (shape arithmetic uses INT64_MAX as "to the end");
    // wrap-around instead of signed-overflow UB.
    SmallVector<int64_t> out(count);
    for (int64_t i = 0; i < count; ++i) {
      uint64_t x = a.getInt(i), y = b.getInt(i);
      switch (kind) {
      case BinaryKind::Add:
        out[i] = static_cast<int64_t>(x + y);
        break;
      case BinaryKind::Sub:
        out[i] = static_cast<int64_t>(x - y);
        break;
      case BinaryKind::Mul:
        out[i] = static_cast<int64_t>(x * y);
        break;
      case BinaryKind::Div: {
        int64_t n = a.getInt(i), d = b.getInt(i);
        if (d == 0)
          return ctx.emitError() << "integer division by zero";
        out[i] = (d == -1 && n == std::numeric_limits<int64_t>::min()) ? n
                                                                        : n / d;
        break;
      }
      }
    }
    ctx.setOutputConstant(
        0, ConstTensor::fromInts(out, *shape, lhs.getDataType()));
    return success();
  }
  std::vector<double> out(count);
  for (int64_t i = 0; i < count; ++i)
    out[i] = applyBinary(kind, a.getDouble(i), b.getDouble(i));
  ctx.setOutputConstant(
      0, ConstTensor::fromDoubles(out, *shape, lhs.getDataType()));
  return success();
}

template <typename OpTy, BinaryKind Kind>
LogicalResult importBinary(NodeContext &ctx) {
  const ConstTensor *lc = ctx.constantInput(0);
  const ConstTensor *rc = ctx.constantInput(1);
  if (lc && rc)
    return foldBinary(ctx, Kind, *lc, *rc);
  FailureOr<Value> lhs = ctx.floatInput(0);
  FailureOr<Value> rhs = ctx.floatInput(1);
  if (failed(lhs) || failed(rhs))
    return failure();
  FailureOr<qnn::Shape> shape =
      qnn::inferBroadcastShape(ctx.errorFn(), shapeOf(*lhs), shapeOf(*rhs));
  if (failed(shape))
    return failure();
  ctx.setOutput(0, OpTy::create(ctx.b(), ctx.getLoc(),
                                ctx.tensorType(*shape, ctx.f32()), *lhs, *rhs,
                                /*activation=*/nullptr));
  return success();
}

/// Identity and inference-mode Dropout forward their input unchanged.
LogicalResult importPassThrough(NodeContext &ctx) {
  if (ctx.getOpType() == "Dropout") {
    FailureOr<int64_t> seed = ctx.getInt("seed", 0);
    // Before opset 12 the ratio is an attribute; inference ignores it.
    FailureOr<float> ratio = ctx.getFloat("ratio", 0.5f);
    if (failed(seed) || failed(ratio))
      return failure();
    if (const ConstTensor *training = ctx.constantInput(2);
        training && training->getNumElements() == 1 && training->getInt(0))
      return ctx.emitError() << "training_mode=true is not supported";
    if (ctx.hasInput(2) && !ctx.constantInput(2))
      return ctx.emitError() << "training_mode must be a constant";
    // In inference the mask keeps every element.
    if (ctx.hasOutput(1)) {
      FailureOr<Shape> shape = ctx.inputShape(0);
      if (failed(shape) || failed(checkFoldedShape(ctx, *shape)))
        return failure();
      int64_t count = 1;
      for (int64_t d : *shape)
        count *= d;
      ctx.setOutputConstant(
          1, ConstTensor::fromInts(SmallVector<int64_t>(count, 1), *shape,
                                   onnx::TensorProto::BOOL));
    }
  }
  if (const ConstTensor *c = ctx.constantInput(0)) {
    ctx.setOutputConstant(0, *c);
    return success();
  }
  FailureOr<Value> x = ctx.input(0);
  if (failed(x))
    return failure();
  ctx.setOutput(0, *x);
  return success();
}

} // namespace

void registerElementwiseImporters(ImportTable &table) {
  table["Relu"] = {importUnary<qnn::ReluOp>, ""};
  table["Sigmoid"] = {importUnary<qnn::SigmoidOp>, ""};
  table["Tanh"] = {importUnary<qnn::TanhOp>, ""};
  table["HardSwish"] = {importUnary<qnn::HardSwishOp>, "", 14};
  table["LeakyRelu"] = {importLeakyRelu, ""};
  table["HardSigmoid"] = {importHardSigmoid, ""};
  table["Clip"] = {importClip, "min/max must be constants"};
  table["Softmax"] = {importSoftmax,
                      "opset < 13: the flattened axes [axis, rank) may hold "
                      "one dimension > 1"};
  table["Add"] = {importBinary<qnn::AddOp, BinaryKind::Add>,
                  "float tensors; integer constants fold"};
  table["Sub"] = {importBinary<qnn::SubOp, BinaryKind::Sub>,
                  "float tensors; integer constants fold"};
  table["Mul"] = {importBinary<qnn::MulOp, BinaryKind::Mul>,
                  "float tensors; integer constants fold"};
  table["Div"] = {importBinary<qnn::DivOp, BinaryKind::Div>,
                  "float tensors; integer constants fold"};
  table["Identity"] = {importPassThrough, ""};
  table["Dropout"] = {importPassThrough,
                      "inference mode; the mask is a constant all-true"};
}

} // namespace qmlir::onnx_import

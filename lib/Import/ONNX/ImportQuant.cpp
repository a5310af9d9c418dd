//===- ImportQuant.cpp - QDQ and QLinear/Integer ops ----------------------===//
//
// QuantizeLinear/DequantizeLinear become quant.qcast/quant.dcast with the
// matching !quant.uniform type. QLinearConv, QLinearMatMul, ConvInteger and
// MatMulInteger import in the same terms: dequantize the inputs, the float
// qnn op, quantize the result, so already-quantized models take the same
// qnn-lower-qdq path as models quantized by quant-mlir.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"

#include "dialects/QNN/QNNOps.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Quant/IR/QuantTypes.h"

#include <cmath>

using namespace mlir;

namespace qmlir::onnx_import {
namespace {

/// Storage properties of an ONNX integer type used as quantized storage.
struct Storage {
  unsigned width;
  bool isSigned;
  int64_t min, max;
};

FailureOr<Storage> storageFor(NodeContext &ctx, int32_t dtype) {
  switch (dtype) {
  case onnx::TensorProto::UINT8:
    return Storage{8, false, 0, 255};
  case onnx::TensorProto::INT8:
    return Storage{8, true, -128, 127};
  case onnx::TensorProto::INT32:
    return Storage{32, true, INT32_MIN, INT32_MAX};
  default:
    return ctx.emitError() << "quantized data of type " << dataTypeName(dtype)
                           << " is not supported (UINT8, INT8, INT32 are)";
  }
}

/// Builds the !quant.uniform type of a tensor of rank `rank` from constant
/// scale (input `scaleIndex`) and optional zero point (`zpIndex`, < 0 when
/// the op has none). A scale with more than one element quantizes per axis
/// along `axis`. `dtype` is the storage type when there is no zero point.
/// `scaleOverride` replaces the scale (ConvInteger: 1.0).
FailureOr<quant::QuantizedType>
quantTypeFrom(NodeContext &ctx, int scaleIndex, int zpIndex, int64_t axis,
              int64_t rank, int32_t dtype, llvm::StringRef what,
              std::optional<double> scaleOverride = std::nullopt) {
  SmallVector<double> scales;
  if (scaleOverride) {
    scales.push_back(*scaleOverride);
  } else {
    FailureOr<const ConstTensor *> s =
        ctx.requireConstant(scaleIndex, (what + " scale").str());
    if (failed(s))
      return failure();
    if ((*s)->getDataType() != onnx::TensorProto::FLOAT)
      return ctx.emitError() << what << " scale must be FLOAT, got "
                             << dataTypeName((*s)->getDataType());
    for (double v : (*s)->toDoubles())
      scales.push_back(v);
    if ((*s)->getShape().size() > 1)
      return ctx.emitError() << what << " scale must be a scalar or 1-D";
  }
  SmallVector<int64_t> zeroPoints;
  if (zpIndex >= 0 && ctx.hasInput(zpIndex)) {
    FailureOr<const ConstTensor *> z =
        ctx.requireConstant(zpIndex, (what + " zero point").str());
    if (failed(z))
      return failure();
    dtype = (*z)->getDataType();
    zeroPoints = (*z)->toInts();
    if ((*z)->getShape().size() > 1)
      return ctx.emitError() << what << " zero point must be a scalar or 1-D";
  }
  FailureOr<Storage> storage = storageFor(ctx, dtype);
  if (failed(storage))
    return failure();
  for (double s : scales)
    if (!(s > 0) || !std::isfinite(s))
      return ctx.emitError() << what << " scale " << s
                             << " must be positive and finite";
  if (zeroPoints.empty())
    zeroPoints.assign(1, 0);
  size_t channels = std::max(scales.size(), zeroPoints.size());
  if ((scales.size() != 1 && scales.size() != channels) ||
      (zeroPoints.size() != 1 && zeroPoints.size() != channels))
    return ctx.emitError() << what << " scale (" << scales.size()
                           << " values) and zero point (" << zeroPoints.size()
                           << " values) disagree";
  for (int64_t z : zeroPoints)
    if (z < storage->min || z > storage->max)
      return ctx.emitError() << what << " zero point " << z
                             << " is outside its storage range";

  MLIRContext *mctx = ctx.getContext();
  Type storageType = IntegerType::get(mctx, storage->width);
  unsigned flags = storage->isSigned ? quant::QuantizationFlags::Signed : 0;
  if (channels == 1)
    return cast<quant::QuantizedType>(quant::UniformQuantizedType::get(
        flags, storageType, Float32Type::get(mctx), scales[0], zeroPoints[0],
        storage->min, storage->max));
  if (axis < 0 || axis >= rank)
    return ctx.emitError() << what << " is quantized per axis along axis "
                           << axis << ", out of range for rank " << rank;
  scales.resize(channels, scales[0]);
  zeroPoints.resize(channels, zeroPoints[0]);
  return cast<quant::QuantizedType>(quant::UniformQuantizedPerAxisType::get(
      flags, storageType, Float32Type::get(mctx), scales, zeroPoints, axis,
      storage->min, storage->max));
}

/// Checks that a per-axis type's channel count matches the tensor.
LogicalResult checkChannels(NodeContext &ctx, quant::QuantizedType type,
                            ArrayRef<int64_t> shape, llvm::StringRef what) {
  auto perAxis = dyn_cast<quant::UniformQuantizedPerAxisType>(type);
  if (!perAxis)
    return success();
  int64_t axis = perAxis.getQuantizedDimension();
  if (axis >= static_cast<int64_t>(shape.size()))
    return ctx.emitError() << what << " is quantized along axis " << axis
                           << ", out of range for rank " << shape.size();
  if (static_cast<int64_t>(perAxis.getScales().size()) != shape[axis])
    return ctx.emitError() << what << " has " << perAxis.getScales().size()
                           << " scales for axis " << axis << " of extent "
                           << shape[axis];
  return success();
}

/// Input `i` as a tensor of `qtype`: integer data is reinterpreted with
/// quant.scast; a quantized value with other parameters goes through its
/// storage.
FailureOr<Value> asQuantized(NodeContext &ctx, int i, quant::QuantizedType qtype,
                             llvm::StringRef what) {
  int32_t dtype = ctx.inputDataType(i);
  FailureOr<Value> v = ctx.input(i);
  if (failed(v))
    return failure();
  auto type = cast<RankedTensorType>(v->getType());
  if (type.getElementType().isF32())
    return ctx.emitError() << what << " must be quantized integer data, got "
                           << "a float tensor";
  FailureOr<Storage> storage = storageFor(ctx, dtype);
  if (failed(storage))
    return failure();
  if (storage->width != qtype.getStorageTypeIntegralWidth() ||
      storage->isSigned != qtype.isSigned())
    return ctx.emitError() << what << " has type " << dataTypeName(dtype)
                           << ", but its zero point says "
                           << (qtype.isSigned() ? "signed" : "unsigned") << " "
                           << qtype.getStorageTypeIntegralWidth() << "-bit";
  if (failed(checkChannels(ctx, qtype, type.getShape(), what)))
    return failure();
  auto target = type.clone(qtype);
  if (type == target)
    return *v;
  Value storageValue = *v;
  if (auto q = dyn_cast<quant::QuantizedType>(type.getElementType()))
    storageValue = quant::StorageCastOp::create(
        ctx.b(), ctx.getLoc(), type.clone(q.getStorageType()), *v);
  return quant::StorageCastOp::create(ctx.b(), ctx.getLoc(), target,
                                      storageValue)
      .getResult();
}

FailureOr<Value> dequantize(NodeContext &ctx, int i, quant::QuantizedType qtype,
                            llvm::StringRef what) {
  FailureOr<Value> q = asQuantized(ctx, i, qtype, what);
  if (failed(q))
    return failure();
  auto type = cast<RankedTensorType>(q->getType());
  return quant::DequantizeCastOp::create(ctx.b(), ctx.getLoc(),
                                         type.clone(ctx.f32()), *q)
      .getResult();
}

Value quantize(NodeContext &ctx, Value x, quant::QuantizedType qtype) {
  auto type = cast<RankedTensorType>(x.getType());
  return quant::QuantizeCastOp::create(ctx.b(), ctx.getLoc(),
                                       type.clone(qtype), x);
}

FailureOr<int64_t> readAxis(NodeContext &ctx, int64_t rank) {
  FailureOr<int64_t> axis = ctx.getInt("axis", 1);
  if (failed(axis))
    return failure();
  // The axis only matters for per-axis parameters; keep it unnormalized
  // when out of range so the error names the actual problem.
  return *axis < 0 ? *axis + rank : *axis;
}

LogicalResult importQuantizeLinear(NodeContext &ctx) {
  FailureOr<Value> x = ctx.floatInput(0);
  if (failed(x))
    return failure();
  int64_t rank = shapeOf(*x).size();
  FailureOr<int64_t> axis = readAxis(ctx, rank);
  if (failed(axis))
    return failure();
  FailureOr<quant::QuantizedType> qtype = quantTypeFrom(
      ctx, 1, 2, *axis, rank, onnx::TensorProto::UINT8, "output");
  if (failed(qtype) ||
      failed(checkChannels(ctx, *qtype, shapeOf(*x), "output")))
    return failure();
  ctx.setOutput(0, quantize(ctx, *x, *qtype));
  return success();
}

LogicalResult importDequantizeLinear(NodeContext &ctx) {
  FailureOr<Shape> shape = ctx.inputShape(0);
  if (failed(shape))
    return failure();
  int64_t rank = shape->size();
  FailureOr<int64_t> axis = readAxis(ctx, rank);
  if (failed(axis))
    return failure();
  FailureOr<quant::QuantizedType> qtype = quantTypeFrom(
      ctx, 1, 2, *axis, rank, ctx.inputDataType(0), "input");
  if (failed(qtype))
    return failure();
  FailureOr<Value> x = dequantize(ctx, 0, *qtype, "input");
  if (failed(x))
    return failure();
  ctx.setOutput(0, *x);
  return success();
}

/// The i32 bias of QLinearConv as a float tensor: scale x_scale * w_scale[c],
/// zero point 0.
FailureOr<Value> dequantizeBias(NodeContext &ctx, int index,
                                quant::QuantizedType xType,
                                quant::QuantizedType wType) {
  if (ctx.inputDataType(index) != onnx::TensorProto::INT32)
    return ctx.emitError() << "bias must be INT32";
  double sx = cast<quant::UniformQuantizedType>(xType).getScale();
  SmallVector<double> scales;
  if (auto w = dyn_cast<quant::UniformQuantizedType>(wType))
    scales.push_back(sx * w.getScale());
  else
    for (double s : cast<quant::UniformQuantizedPerAxisType>(wType).getScales())
      scales.push_back(sx * s);
  MLIRContext *mctx = ctx.getContext();
  Type i32 = IntegerType::get(mctx, 32);
  unsigned flags = quant::QuantizationFlags::Signed;
  quant::QuantizedType biasType =
      scales.size() == 1
          ? cast<quant::QuantizedType>(quant::UniformQuantizedType::get(
                flags, i32, Float32Type::get(mctx), scales[0], 0, INT32_MIN,
                INT32_MAX))
          : cast<quant::QuantizedType>(quant::UniformQuantizedPerAxisType::get(
                flags, i32, Float32Type::get(mctx), scales,
                SmallVector<int64_t>(scales.size(), 0), 0, INT32_MIN,
                INT32_MAX));
  return dequantize(ctx, index, biasType, "bias");
}

LogicalResult importQLinearConv(NodeContext &ctx) {
  FailureOr<Shape> xShape = ctx.inputShape(0);
  FailureOr<Shape> wShape = ctx.inputShape(3);
  if (failed(xShape) || failed(wShape))
    return failure();
  FailureOr<quant::QuantizedType> xType = quantTypeFrom(
      ctx, 1, 2, -1, xShape->size(), ctx.inputDataType(0), "x");
  FailureOr<quant::QuantizedType> wType = quantTypeFrom(
      ctx, 4, 5, 0, wShape->size(), ctx.inputDataType(3), "w");
  FailureOr<quant::QuantizedType> yType = quantTypeFrom(
      ctx, 6, 7, -1, xShape->size(), onnx::TensorProto::UINT8, "y");
  if (failed(xType) || failed(wType) || failed(yType))
    return failure();
  if (!isa<quant::UniformQuantizedType>(*xType) ||
      !isa<quant::UniformQuantizedType>(*yType))
    return ctx.emitError() << "x and y must be quantized per tensor";
  FailureOr<Value> x = dequantize(ctx, 0, *xType, "x");
  FailureOr<Value> w = dequantize(ctx, 3, *wType, "w");
  if (failed(x) || failed(w))
    return failure();
  Value bias;
  if (ctx.hasInput(8)) {
    FailureOr<Value> b = dequantizeBias(ctx, 8, *xType, *wType);
    if (failed(b))
      return failure();
    bias = *b;
  }
  FailureOr<Value> conv = buildConv2d(ctx, *x, *w, bias);
  if (failed(conv))
    return failure();
  ctx.setOutput(0, quantize(ctx, *conv, *yType));
  return success();
}

/// The i32 accumulator type of ConvInteger/MatMulInteger: scale 1.
quant::QuantizedType accumulatorType(NodeContext &ctx) {
  MLIRContext *mctx = ctx.getContext();
  return quant::UniformQuantizedType::get(
      quant::QuantizationFlags::Signed, IntegerType::get(mctx, 32),
      Float32Type::get(mctx), 1.0, 0, INT32_MIN, INT32_MAX);
}

LogicalResult importConvInteger(NodeContext &ctx) {
  FailureOr<Shape> xShape = ctx.inputShape(0);
  FailureOr<Shape> wShape = ctx.inputShape(1);
  if (failed(xShape) || failed(wShape))
    return failure();
  FailureOr<quant::QuantizedType> xType = quantTypeFrom(
      ctx, -1, 2, -1, xShape->size(), ctx.inputDataType(0), "x", 1.0);
  FailureOr<quant::QuantizedType> wType = quantTypeFrom(
      ctx, -1, 3, 0, wShape->size(), ctx.inputDataType(1), "w", 1.0);
  if (failed(xType) || failed(wType))
    return failure();
  FailureOr<Value> x = dequantize(ctx, 0, *xType, "x");
  FailureOr<Value> w = dequantize(ctx, 1, *wType, "w");
  if (failed(x) || failed(w))
    return failure();
  FailureOr<Value> conv = buildConv2d(ctx, *x, *w, Value());
  if (failed(conv))
    return failure();
  ctx.setOutput(0, quantize(ctx, *conv, accumulatorType(ctx)));
  return success();
}

/// B of QLinearMatMul/MatMulInteger as a dequantized `[N, K]` weight. A
/// constant B is transposed on the host so that per-column parameters
/// become per-axis on axis 0; a computed B is transposed after dequantizing.
FailureOr<Value> matmulWeight(NodeContext &ctx, int index,
                              quant::QuantizedType bType) {
  FailureOr<Shape> shape = ctx.inputShape(index);
  if (failed(shape))
    return failure();
  if (shape->size() != 2)
    return ctx.emitError() << "only a 2-D B is supported, got "
                           << formatShape(*shape);
  int64_t k = (*shape)[0], n = (*shape)[1];
  if (const ConstTensor *c = ctx.constantInput(index)) {
    quant::QuantizedType wType = bType;
    if (auto perAxis = dyn_cast<quant::UniformQuantizedPerAxisType>(bType))
      wType = quant::UniformQuantizedPerAxisType::get(
          perAxis.getFlags(), perAxis.getStorageType(),
          perAxis.getExpressedType(), perAxis.getScales(),
          perAxis.getZeroPoints(), 0, perAxis.getStorageTypeMin(),
          perAxis.getStorageTypeMax());
    if (failed(checkChannels(ctx, wType, {n, k}, "B")))
      return failure();
    OpBuilder &b = ctx.b();
    Location loc = ctx.getLoc();
    Value raw = ctx.derivedConstant(index, "transpose", [&] {
      return c->select(
          {n, k}, [&](ArrayRef<int64_t> out) { return out[1] * n + out[0]; });
    });
    auto qtype = RankedTensorType::get({n, k}, wType);
    Value q = quant::StorageCastOp::create(b, loc, qtype, raw);
    return quant::DequantizeCastOp::create(b, loc, qtype.clone(ctx.f32()), q)
        .getResult();
  }
  if (!isa<quant::UniformQuantizedType>(bType))
    return ctx.emitError() << "per-column parameters need a constant B";
  FailureOr<Value> bf = dequantize(ctx, index, bType, "B");
  if (failed(bf))
    return failure();
  return qnn::TransposeOp::create(ctx.b(), ctx.getLoc(),
                                  ctx.tensorType({n, k}, ctx.f32()), *bf,
                                  ctx.b().getDenseI64ArrayAttr({1, 0}))
      .getResult();
}

LogicalResult importQLinearMatMul(NodeContext &ctx) {
  FailureOr<Shape> aShape = ctx.inputShape(0);
  if (failed(aShape))
    return failure();
  FailureOr<quant::QuantizedType> aType = quantTypeFrom(
      ctx, 1, 2, -1, aShape->size(), ctx.inputDataType(0), "a");
  FailureOr<quant::QuantizedType> bType =
      quantTypeFrom(ctx, 4, 5, 1, 2, ctx.inputDataType(3), "b");
  FailureOr<quant::QuantizedType> yType = quantTypeFrom(
      ctx, 6, 7, -1, aShape->size(), onnx::TensorProto::UINT8, "y");
  if (failed(aType) || failed(bType) || failed(yType))
    return failure();
  if (!isa<quant::UniformQuantizedType>(*aType) ||
      !isa<quant::UniformQuantizedType>(*yType))
    return ctx.emitError() << "a and y must be quantized per tensor";
  FailureOr<Value> a = dequantize(ctx, 0, *aType, "a");
  FailureOr<Value> w = matmulWeight(ctx, 3, *bType);
  if (failed(a) || failed(w))
    return failure();
  FailureOr<Value> fc = buildFullyConnected(ctx, *a, *w, Value());
  if (failed(fc))
    return failure();
  ctx.setOutput(0, quantize(ctx, *fc, *yType));
  return success();
}

LogicalResult importMatMulInteger(NodeContext &ctx) {
  FailureOr<Shape> aShape = ctx.inputShape(0);
  if (failed(aShape))
    return failure();
  FailureOr<quant::QuantizedType> aType = quantTypeFrom(
      ctx, -1, 2, -1, aShape->size(), ctx.inputDataType(0), "a", 1.0);
  FailureOr<quant::QuantizedType> bType =
      quantTypeFrom(ctx, -1, 3, 1, 2, ctx.inputDataType(1), "b", 1.0);
  if (failed(aType) || failed(bType))
    return failure();
  if (!isa<quant::UniformQuantizedType>(*aType))
    return ctx.emitError() << "a must be quantized per tensor";
  FailureOr<Value> a = dequantize(ctx, 0, *aType, "a");
  FailureOr<Value> w = matmulWeight(ctx, 1, *bType);
  if (failed(a) || failed(w))
    return failure();
  FailureOr<Value> fc = buildFullyConnected(ctx, *a, *w, Value());
  if (failed(fc))
    return failure();
  ctx.setOutput(0, quantize(ctx, *fc, accumulatorType(ctx)));
  return success();
}

} // namespace

void registerQuantImporters(ImportTable &table) {
  table["QuantizeLinear"] = {importQuantizeLinear,
                             "constant scale/zero point; u8, s8"};
  table["DequantizeLinear"] = {importDequantizeLinear,
                               "constant scale/zero point; u8, s8, i32"};
  table["QLinearConv"] = {importQLinearConv, "2-D; per-tensor x and y"};
  table["QLinearMatMul"] = {importQLinearMatMul, "2-D B"};
  table["ConvInteger"] = {importConvInteger, "2-D"};
  table["MatMulInteger"] = {importMatMulInteger, "2-D B"};
}

} // namespace qmlir::onnx_import

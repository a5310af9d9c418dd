//===- ImportNN.cpp - Conv, Gemm/MatMul, BatchNorm, pooling ---------------===//
//
// The compute-heavy ONNX ops. Gemm and MatMul normalize to
// qnn.fully_connected with a [N, K] weight: transposes and alpha fold into a
// constant weight at import, beta into the bias.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"

#include "dialects/QNN/QNNOps.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/bit.h"

using namespace mlir;

namespace qmlir::onnx_import {
namespace {

/// Spatial window parameters of Conv and the pools, after auto_pad.
struct Window {
  SmallVector<int64_t> kernel, strides, pads, dilations;
};

FailureOr<SmallVector<int64_t>> intsOr(NodeContext &ctx, StringRef name,
                                       SmallVector<int64_t> dflt) {
  auto v = ctx.getInts(name);
  if (failed(v))
    return failure();
  return v->value_or(std::move(dflt));
}

/// Reads kernel_shape/strides/pads/dilations/auto_pad of a 2-D window op.
/// `kernel` is the weight's spatial shape for Conv, empty for pools (which
/// must then carry kernel_shape). `hasDilations` is false for AveragePool.
FailureOr<Window> readWindow(NodeContext &ctx, ArrayRef<int64_t> inputShape,
                             ArrayRef<int64_t> weightKernel,
                             bool hasDilations) {
  Window w;
  auto kernelAttr = ctx.getInts("kernel_shape");
  if (failed(kernelAttr))
    return failure();
  if (*kernelAttr) {
    w.kernel = **kernelAttr;
    if (!weightKernel.empty() && ArrayRef<int64_t>(w.kernel) != weightKernel)
      return ctx.emitError() << "kernel_shape " << formatShape(w.kernel)
                             << " does not match the weight's "
                             << formatShape(weightKernel);
  } else if (!weightKernel.empty()) {
    w.kernel.assign(weightKernel.begin(), weightKernel.end());
  } else {
    return ctx.emitError() << "missing required attribute 'kernel_shape'";
  }
  if (w.kernel.size() != 2)
    return ctx.emitError() << "only 2-D windows are supported, got kernel "
                           << formatShape(w.kernel);
  auto strides = intsOr(ctx, "strides", {1, 1});
  if (failed(strides))
    return failure();
  w.strides = *strides;
  w.dilations = {1, 1};
  if (hasDilations) {
    auto dilations = intsOr(ctx, "dilations", {1, 1});
    if (failed(dilations))
      return failure();
    w.dilations = *dilations;
  }
  if (w.strides.size() != 2 || w.dilations.size() != 2)
    return ctx.emitError() << "expected 2 strides and 2 dilations";
  for (int64_t v : llvm::concat<int64_t>(w.strides, w.dilations))
    if (v <= 0)
      return ctx.emitError() << "strides and dilations must be positive";
  for (int64_t v : llvm::concat<int64_t>(w.kernel, w.strides, w.dilations))
    if (v <= 0 || v > kMaxDim)
      return ctx.emitError() << "window parameter " << v
                             << " is out of range";

  auto autoPad = ctx.getString("auto_pad", "NOTSET");
  auto pads = ctx.getInts("pads");
  if (failed(autoPad) || failed(pads))
    return failure();
  if (*autoPad == "NOTSET") {
    w.pads = pads->value_or(SmallVector<int64_t>{0, 0, 0, 0});
    if (w.pads.size() != 4)
      return ctx.emitError() << "expected 4 pads, got " << w.pads.size();
    for (int64_t p : w.pads)
      if (p > kMaxDim)
        return ctx.emitError() << "pad " << p << " is implausibly large";
  } else if (*autoPad == "VALID") {
    w.pads = {0, 0, 0, 0};
  } else if (*autoPad == "SAME_UPPER" || *autoPad == "SAME_LOWER") {
    w.pads.assign(4, 0);
    for (int i = 0; i < 2; ++i) {
      int64_t in = inputShape[2 + i];
      int64_t out = llvm::divideCeil(in, w.strides[i]);
      int64_t total = std::max<int64_t>(
          0, (out - 1) * w.strides[i] + (w.kernel[i] - 1) * w.dilations[i] +
                 1 - in);
      int64_t small = total / 2, large = total - small;
      w.pads[i] = *autoPad == "SAME_UPPER" ? small : large;
      w.pads[2 + i] = *autoPad == "SAME_UPPER" ? large : small;
    }
  } else {
    return ctx.emitError() << "unsupported auto_pad '" << *autoPad << "'";
  }
  return w;
}

FailureOr<Value> requireRank4(NodeContext &ctx, int i) {
  FailureOr<Value> x = ctx.floatInput(i);
  if (failed(x))
    return failure();
  if (shapeOf(*x).size() != 4)
    return ctx.emitError() << "only 2-D spatial inputs (rank 4, NCHW) are "
                              "supported, got shape "
                           << formatShape(shapeOf(*x));
  return x;
}

} // namespace

FailureOr<Value> buildConv2d(NodeContext &ctx, Value x, Value weight,
                             Value bias) {
  if (shapeOf(x).size() != 4)
    return ctx.emitError() << "only 2-D spatial inputs (rank 4, NCHW) are "
                              "supported, got shape "
                           << formatShape(shapeOf(x));
  ArrayRef<int64_t> wShape = shapeOf(weight);
  if (wShape.size() != 4)
    return ctx.emitError() << "expected a 4-D weight, got "
                           << formatShape(wShape);
  FailureOr<Window> w = readWindow(ctx, shapeOf(x), wShape.drop_front(2),
                                   /*hasDilations=*/true);
  FailureOr<int64_t> groups = ctx.getInt("group", 1);
  if (failed(w) || failed(groups))
    return failure();
  if (*groups > kMaxDim)
    return ctx.emitError() << "group " << *groups << " is implausibly large";
  FailureOr<qnn::Shape> shape =
      qnn::inferConv2dShape(ctx.errorFn(), shapeOf(x), wShape, w->strides,
                            w->pads, w->dilations, *groups);
  if (failed(shape))
    return failure();
  if (bias && shapeOf(bias) != ArrayRef<int64_t>{wShape[0]})
    return ctx.emitError() << "bias must have shape [" << wShape[0]
                           << "], got " << formatShape(shapeOf(bias));
  OpBuilder &b = ctx.b();
  return qnn::Conv2DOp::create(
             b, ctx.getLoc(), ctx.tensorType(*shape, ctx.f32()), x, weight,
             bias, /*residual=*/Value(), b.getDenseI64ArrayAttr(w->strides),
             b.getDenseI64ArrayAttr(w->pads),
             b.getDenseI64ArrayAttr(w->dilations),
             b.getI64IntegerAttr(*groups), /*activation=*/nullptr)
      .getResult();
}

FailureOr<Value> buildFullyConnected(NodeContext &ctx, Value a, Value weight,
                                     Value bias) {
  FailureOr<qnn::Shape> shape = qnn::inferFullyConnectedShape(
      ctx.errorFn(), shapeOf(a), shapeOf(weight));
  if (failed(shape))
    return failure();
  return qnn::FullyConnectedOp::create(ctx.b(), ctx.getLoc(),
                                       ctx.tensorType(*shape, ctx.f32()), a,
                                       weight, bias, /*residual=*/Value(),
                                       /*activation=*/nullptr)
      .getResult();
}

namespace {

LogicalResult importConv(NodeContext &ctx) {
  FailureOr<Value> x = ctx.floatInput(0);
  FailureOr<Value> weight = ctx.floatInput(1);
  if (failed(x) || failed(weight))
    return failure();
  Value bias;
  if (ctx.hasInput(2)) {
    FailureOr<Value> b = ctx.floatInput(2);
    if (failed(b))
      return failure();
    bias = *b;
  }
  FailureOr<Value> conv = buildConv2d(ctx, *x, *weight, bias);
  if (failed(conv))
    return failure();
  ctx.setOutput(0, *conv);
  return success();
}

/// Returns the `[N, K]` weight from a `[K, N]` (transpose=true) or `[N, K]`
/// matrix, scaled by alpha.
ConstTensor weightData(const ConstTensor &c, bool transpose, float alpha) {
  std::vector<float> in = c.toFloats();
  int64_t rows = c.getShape()[0], cols = c.getShape()[1];
  std::vector<double> out(in.size());
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t col = 0; col < cols; ++col) {
      float v = in[r * cols + col] * alpha;
      if (transpose)
        out[col * rows + r] = v;
      else
        out[r * cols + col] = v;
    }
  Shape shape = transpose ? Shape{cols, rows} : Shape{rows, cols};
  return ConstTensor::fromDoubles(out, std::move(shape),
                                  onnx::TensorProto::FLOAT);
}

/// The bit pattern of a float, for keys of derived constants.
std::string floatKey(float v) {
  return llvm::utohexstr(llvm::bit_cast<uint32_t>(v));
}

/// Builds the `[N, K]` weight operand of a fully_connected from ONNX's B.
/// `bIsKN` says B is laid out `[K, N]` (Gemm transB=0, MatMul).
FailureOr<Value> fcWeight(NodeContext &ctx, int index, bool bIsKN,
                          float alpha) {
  if (const ConstTensor *c = ctx.constantInput(index)) {
    if (c->getShape().size() != 2)
      return ctx.emitError() << "expected a 2-D B, got "
                             << formatShape(c->getShape());
    if (c->getDataType() != onnx::TensorProto::FLOAT)
      return ctx.emitError() << "B must be FLOAT, got "
                             << dataTypeName(c->getDataType());
    // B used as is shares the initializer's own constant.
    if (!bIsKN && alpha == 1.0f)
      return ctx.floatInput(index);
    // Tied weights (one B under several MatMuls) become one constant.
    std::string transform = "fc_weight";
    if (bIsKN)
      transform += ",transpose";
    if (alpha != 1.0f)
      transform += ",alpha=" + floatKey(alpha);
    return ctx.derivedConstant(index, transform,
                               [&] { return weightData(*c, bIsKN, alpha); });
  }
  FailureOr<Value> bValue = ctx.floatInput(index);
  if (failed(bValue))
    return failure();
  if (shapeOf(*bValue).size() != 2)
    return ctx.emitError() << "only a 2-D B is supported, got "
                           << formatShape(shapeOf(*bValue));
  if (alpha != 1.0f)
    return ctx.emitError() << "alpha != 1 needs a constant B";
  if (!bIsKN)
    return *bValue;
  ArrayRef<int64_t> s = shapeOf(*bValue);
  return qnn::TransposeOp::create(
             ctx.b(), ctx.getLoc(), ctx.tensorType({s[1], s[0]}, ctx.f32()),
             *bValue, ctx.b().getDenseI64ArrayAttr({1, 0}))
      .getResult();
}

/// Input `index` as a bias of `n` channels when it is a DequantizeLinear
/// output of shape `[n]`: the i32 bias of a QDQ Gemm (ONNX Runtime's
/// quantizer), which qnn-lower-qdq turns back into the integer bias of the
/// fully_connected. Not a bias otherwise (a plain add of C).
FailureOr<Value> dequantizedBias(NodeContext &ctx, int index, int64_t n) {
  if (ctx.constantInput(index))
    return failure();
  FailureOr<Value> value = ctx.input(index);
  if (failed(value) || !value->getDefiningOp<quant::DequantizeCastOp>() ||
      shapeOf(*value) != ArrayRef<int64_t>{n})
    return failure();
  return *value;
}

LogicalResult importGemm(NodeContext &ctx) {
  FailureOr<float> alpha = ctx.getFloat("alpha", 1.0f);
  FailureOr<float> beta = ctx.getFloat("beta", 1.0f);
  FailureOr<int64_t> transA = ctx.getInt("transA", 0);
  FailureOr<int64_t> transB = ctx.getInt("transB", 0);
  FailureOr<Value> a = ctx.floatInput(0);
  if (failed(alpha) || failed(beta) || failed(transA) || failed(transB) ||
      failed(a))
    return failure();
  if (shapeOf(*a).size() != 2)
    return ctx.emitError() << "expected a 2-D A, got "
                           << formatShape(shapeOf(*a));
  Value lhs = *a;
  if (*transA) {
    ArrayRef<int64_t> s = shapeOf(lhs);
    lhs = qnn::TransposeOp::create(ctx.b(), ctx.getLoc(),
                                   ctx.tensorType({s[1], s[0]}, ctx.f32()),
                                   lhs, ctx.b().getDenseI64ArrayAttr({1, 0}));
  }
  FailureOr<Value> weight = fcWeight(ctx, 1, /*bIsKN=*/!*transB, *alpha);
  if (failed(weight))
    return failure();
  int64_t n = shapeOf(*weight)[0];

  // C folds into the bias when it is a constant broadcast along N.
  Value bias;
  bool addC = false;
  if (ctx.hasInput(2) && *beta != 0.0f) {
    const ConstTensor *c = ctx.constantInput(2);
    if (c && c->getDataType() == onnx::TensorProto::FLOAT &&
        (c->getNumElements() == n || c->getNumElements() == 1) &&
        c->getShape().size() <= 2 &&
        (c->getShape().empty() || c->getShape().back() == c->getNumElements())) {
      bias = ctx.derivedConstant(
          2, "bias,n=" + std::to_string(n) + ",beta=" + floatKey(*beta), [&] {
            std::vector<float> data = c->toFloats();
            std::vector<double> biasData(n);
            for (int64_t i = 0; i < n; ++i)
              biasData[i] = *beta * data[data.size() == 1 ? 0 : i];
            return ConstTensor::fromDoubles(biasData, {n},
                                            onnx::TensorProto::FLOAT);
          });
    } else if (FailureOr<Value> cValue = dequantizedBias(ctx, 2, n);
               *beta == 1.0f && succeeded(cValue)) {
      bias = *cValue;
    } else {
      addC = true;
    }
  }
  FailureOr<Value> fc = buildFullyConnected(ctx, lhs, *weight, bias);
  if (failed(fc))
    return failure();
  Value result = *fc;
  if (addC) {
    Value c;
    const ConstTensor *cConst = ctx.constantInput(2);
    if (*beta != 1.0f && cConst &&
        cConst->getDataType() == onnx::TensorProto::FLOAT) {
      // A constant C that is not a bias (e.g. [M, N]) takes beta on the host.
      c = ctx.derivedConstant(2, "scale=" + floatKey(*beta), [&] {
        std::vector<float> data = cConst->toFloats();
        std::vector<double> scaled(data.begin(), data.end());
        for (double &v : scaled)
          v = static_cast<float>(v) * *beta;
        return ConstTensor::fromDoubles(scaled, Shape(cConst->getShape()),
                                        onnx::TensorProto::FLOAT);
      });
    } else {
      if (*beta != 1.0f)
        return ctx.emitError() << "beta != 1 needs a constant C";
      FailureOr<Value> cValue = ctx.floatInput(2);
      if (failed(cValue))
        return failure();
      c = *cValue;
    }
    FailureOr<qnn::Shape> shape =
        qnn::inferBroadcastShape(ctx.errorFn(), shapeOf(result), shapeOf(c));
    if (failed(shape))
      return failure();
    result = qnn::AddOp::create(ctx.b(), ctx.getLoc(),
                                ctx.tensorType(*shape, ctx.f32()), result, c,
                                nullptr);
  }
  ctx.setOutput(0, result);
  return success();
}

LogicalResult importMatMul(NodeContext &ctx) {
  FailureOr<Value> a = ctx.floatInput(0);
  if (failed(a))
    return failure();
  if (shapeOf(*a).size() < 2)
    return ctx.emitError() << "expected A of rank >= 2, got "
                           << formatShape(shapeOf(*a));
  FailureOr<Value> weight = fcWeight(ctx, 1, /*bIsKN=*/true, 1.0f);
  if (failed(weight))
    return failure();
  FailureOr<Value> fc = buildFullyConnected(ctx, *a, *weight, Value());
  if (failed(fc))
    return failure();
  ctx.setOutput(0, *fc);
  return success();
}

LogicalResult importBatchNorm(NodeContext &ctx) {
  FailureOr<float> epsilon = ctx.getFloat("epsilon", 1e-5f);
  FailureOr<float> momentum = ctx.getFloat("momentum", 0.9f); // training only
  FailureOr<int64_t> training = ctx.getInt("training_mode", 0);
  if (failed(epsilon) || failed(momentum) || failed(training))
    return failure();
  (void)momentum;
  if (*training != 0)
    return ctx.emitError() << "training_mode=1 is not supported (inference "
                              "compiler); export the model in eval mode";
  SmallVector<Value, 5> operands;
  for (int i = 0; i < 5; ++i) {
    FailureOr<Value> v = ctx.floatInput(i);
    if (failed(v))
      return failure();
    operands.push_back(*v);
  }
  ArrayRef<int64_t> in = shapeOf(operands[0]);
  if (in.size() < 2)
    return ctx.emitError() << "expected an input of rank >= 2, got "
                           << formatShape(in);
  for (int i = 1; i < 5; ++i)
    if (shapeOf(operands[i]) != ArrayRef<int64_t>{in[1]})
      return ctx.emitError() << "input #" << i << " must have shape ["
                             << in[1] << "], got "
                             << formatShape(shapeOf(operands[i]));
  auto bn = qnn::BatchNormOp::create(
      ctx.b(), ctx.getLoc(), operands[0].getType(), operands[0], operands[1],
      operands[2], operands[3], operands[4], ctx.b().getF32FloatAttr(*epsilon));
  ctx.setOutput(0, bn);
  return success();
}

LogicalResult importMaxPool(NodeContext &ctx) {
  FailureOr<Value> x = requireRank4(ctx, 0);
  if (failed(x))
    return failure();
  FailureOr<Window> w = readWindow(ctx, shapeOf(*x), {}, true);
  FailureOr<int64_t> ceilMode = ctx.getInt("ceil_mode", 0);
  FailureOr<int64_t> storageOrder = ctx.getInt("storage_order", 0);
  if (failed(w) || failed(ceilMode) || failed(storageOrder))
    return failure();
  if (*storageOrder != 0)
    return ctx.emitError() << "storage_order=1 is not supported";
  FailureOr<qnn::Shape> shape =
      qnn::inferPool2dShape(ctx.errorFn(), shapeOf(*x), w->kernel, w->strides,
                            w->pads, w->dilations, *ceilMode != 0);
  if (failed(shape))
    return failure();
  OpBuilder &b = ctx.b();
  auto pool = qnn::MaxPoolOp::create(
      b, ctx.getLoc(), ctx.tensorType(*shape, ctx.f32()), *x,
      b.getDenseI64ArrayAttr(w->kernel), b.getDenseI64ArrayAttr(w->strides),
      b.getDenseI64ArrayAttr(w->pads), b.getDenseI64ArrayAttr(w->dilations),
      b.getBoolAttr(*ceilMode != 0));
  ctx.setOutput(0, pool);
  return success();
}

LogicalResult importAveragePool(NodeContext &ctx) {
  FailureOr<Value> x = requireRank4(ctx, 0);
  if (failed(x))
    return failure();
  FailureOr<Window> w = readWindow(ctx, shapeOf(*x), {}, false);
  FailureOr<int64_t> ceilMode = ctx.getInt("ceil_mode", 0);
  FailureOr<int64_t> includePad = ctx.getInt("count_include_pad", 0);
  if (failed(w) || failed(ceilMode) || failed(includePad))
    return failure();
  FailureOr<qnn::Shape> shape =
      qnn::inferPool2dShape(ctx.errorFn(), shapeOf(*x), w->kernel, w->strides,
                            w->pads, w->dilations, *ceilMode != 0);
  if (failed(shape))
    return failure();
  OpBuilder &b = ctx.b();
  auto pool = qnn::AvgPoolOp::create(
      b, ctx.getLoc(), ctx.tensorType(*shape, ctx.f32()), *x,
      b.getDenseI64ArrayAttr(w->kernel), b.getDenseI64ArrayAttr(w->strides),
      b.getDenseI64ArrayAttr(w->pads), b.getBoolAttr(*ceilMode != 0),
      b.getBoolAttr(*includePad != 0));
  ctx.setOutput(0, pool);
  return success();
}

LogicalResult importGlobalAveragePool(NodeContext &ctx) {
  FailureOr<Value> x = requireRank4(ctx, 0);
  if (failed(x))
    return failure();
  ArrayRef<int64_t> s = shapeOf(*x);
  ctx.setOutput(0, qnn::GlobalAvgPoolOp::create(
                       ctx.b(), ctx.getLoc(),
                       ctx.tensorType({s[0], s[1], 1, 1}, ctx.f32()), *x));
  return success();
}

} // namespace

void registerNNImporters(ImportTable &table) {
  table["Conv"] = {importConv, "2-D only (NCHW input); all auto_pad modes; "
                               "groups incl. depthwise"};
  table["Gemm"] = {importGemm, "alpha/transB fold into a constant B; C must "
                               "be constant unless beta = 1"};
  table["MatMul"] = {importMatMul, "B must be 2-D"};
  table["BatchNormalization"] = {importBatchNorm,
                                 "inference only (training_mode = 0)"};
  table["MaxPool"] = {importMaxPool,
                      "2-D; Indices output only when unused; storage_order 0"};
  table["AveragePool"] = {importAveragePool, "2-D"};
  table["GlobalAveragePool"] = {importGlobalAveragePool, "rank-4 input"};
}

} // namespace qmlir::onnx_import

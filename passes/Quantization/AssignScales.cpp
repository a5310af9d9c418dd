//===- AssignScales.cpp - Statistics to quantize/dequantize pairs ---------===//
//
// Replaces each observed tensor by quant.qcast + quant.dcast with parameters
// chosen from its statistics (minmax, percentile, entropy, mse), quantizes
// the weights (s8 symmetric, per channel) and biases (i32, scale sx*sw[c])
// of quantized conv2d / fully_connected, and gives same-scale, fixed-range
// and concat results their parameters. qnn-lower-qdq then turns the
// dcast -> op -> qcast pattern into integer ops.
//
//===----------------------------------------------------------------------===//

#include "passes/Quantization/OpClasses.h"
#include "passes/Quantization/Passes.h"
#include "passes/Quantization/Statistics.h"

#include "dialects/QNN/QNNOps.h"
#include "lib/Calibration/QuantParams.h"
#include "lib/Support/ConstantData.h"
#include "lib/Support/QuantConfig.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/IR/Builders.h"

#include <climits>
#include <cmath>

namespace qmlir::quantization {
#define GEN_PASS_DEF_QNNASSIGNSCALESPASS
#include "passes/Quantization/Passes.h.inc"
} // namespace qmlir::quantization

using namespace mlir;
using namespace qmlir;

namespace {

/// The first qnn node reading `value`, looking through observers (an
/// observed tensor's only reader is its observer).
Operation *firstQnnConsumer(Value value) {
  for (Operation *user : value.getUsers()) {
    if (auto observe = dyn_cast<qnn::ObserveOp>(user)) {
      if (Operation *node = firstQnnConsumer(observe.getOutput()))
        return node;
      continue;
    }
    if (isa<qnn::QNNDialect>(user->getDialect()))
      return user;
  }
  return nullptr;
}

/// The settings for a tensor: those of the node producing it, or, for a
/// graph input, of its first qnn consumer.
NodeQConfig resolveForTensor(const QuantConfig &config, Value value) {
  Operation *node = value.getDefiningOp();
  if (!node || !isa<qnn::QNNDialect>(node->getDialect()))
    node = firstQnnConsumer(value);
  if (!node)
    return config.resolve("", "");
  return config.resolve(node->getName().stripDialect(), qnn::getNodeName(node));
}

quant::UniformQuantizedType makeActivationType(MLIRContext *ctx,
                                               const calib::QuantParams &p,
                                               bool isSigned) {
  return quant::UniformQuantizedType::get(
      isSigned ? quant::QuantizationFlags::Signed : 0,
      IntegerType::get(ctx, 8), Float32Type::get(ctx), p.scale, p.zeroPoint,
      p.qmin, p.qmax);
}

/// Puts `value` through quant.qcast to `qtype` and back, returning the
/// dequantized value; `value`'s other uses are left alone.
Value quantizeDequantize(OpBuilder &builder, Location loc, Value value,
                         quant::QuantizedType qtype) {
  auto type = cast<RankedTensorType>(value.getType());
  Value q = quant::QuantizeCastOp::create(builder, loc, type.clone(qtype), value);
  return quant::DequantizeCastOp::create(builder, loc, type, q);
}

/// Rewrites every use of `value` (but the new qcast) to go through
/// qcast/dcast of `qtype`.
void quantizeAllUses(Value value, quant::QuantizedType qtype) {
  OpBuilder builder(value.getContext());
  builder.setInsertionPointAfterValue(value);
  Value dq = quantizeDequantize(builder, value.getLoc(), value, qtype);
  value.replaceAllUsesExcept(dq, dq.getDefiningOp()->getOperand(0).getDefiningOp());
}

/// The quantized type of an activation operand after phase A, if it comes
/// from a quant.dcast.
quant::QuantizedType dequantizedFrom(Value value) {
  auto dcast = value.getDefiningOp<quant::DequantizeCastOp>();
  if (!dcast)
    return nullptr;
  return dyn_cast<quant::QuantizedType>(
      getElementTypeOrSelf(dcast.getInput().getType()));
}

bool hasQuantizedResult(Operation *op) {
  return llvm::any_of(op->getResult(0).getUsers(),
                      [](Operation *u) { return isa<quant::QuantizeCastOp>(u); });
}

/// Fixed parameters of sigmoid/softmax ([0, 1]) and tanh ([-1, 1]) outputs,
/// TFLite's convention: 256 levels over the range.
calib::QuantParams fixedParams(std::pair<double, double> range, bool isSigned) {
  calib::QuantParams p;
  p.qmin = isSigned ? -128 : 0;
  p.qmax = isSigned ? 127 : 255;
  p.scale = (range.second - range.first) / 256.0;
  p.zeroPoint = p.qmin + static_cast<int64_t>(std::lround(-range.first / p.scale));
  return p;
}

struct QNNAssignScalesPass
    : public quantization::impl::QNNAssignScalesPassBase<QNNAssignScalesPass> {
  using QNNAssignScalesPassBase::QNNAssignScalesPassBase;
  void runOnOperation() override;

private:
  LogicalResult assignObserver(qnn::ObserveOp observe);
  void quantizeNode(Operation *op);
  LogicalResult quantizeWeightAndBias(Operation *op, OpOperand &weight,
                                      OpOperand *bias,
                                      quant::QuantizedType inputType,
                                      const NodeQConfig &node);
  LogicalResult quantizeConstantOperand(OpOperand &operand,
                                        const NodeQConfig &node);

  /// Valid during runOnOperation (passes must stay copyable).
  const QuantConfig *config = nullptr;
};

LogicalResult QNNAssignScalesPass::assignObserver(qnn::ObserveOp observe) {
  qnn::StatsAttr stats = observe.getStatsAttr();
  if (!stats)
    return observe.emitError("observer ")
           << observe.getId()
           << " has no statistics: run calibration, or merge saved "
              "statistics with qnn-merge-stats";
  if (failed(quantization::verifyHistogramBins(observe, stats)))
    return failure();
  NodeQConfig node = resolveForTensor(*config, observe.getInput());
  bool isSigned = node.activation.isSigned;
  calib::QuantParams params;
  Operation *producer = observe.getInput().getDefiningOp();
  auto fixed = producer ? quantization::getFixedOutputRange(producer)
                        : std::nullopt;
  if (fixed) {
    params = fixedParams(*fixed, isSigned);
  } else if (producer && quantization::isSameScaleOp(producer) &&
             dequantizedFrom(producer->getOperand(0))) {
    // A same-scale result keeps its input's parameters.
    OpBuilder builder(observe);
    Value dq = quantizeDequantize(builder, observe.getLoc(), observe.getInput(),
                                  dequantizedFrom(producer->getOperand(0)));
    observe.replaceAllUsesWith(dq);
    observe.erase();
    return success();
  } else {
    calib::TensorStats s = quantization::toTensorStats(stats);
    calib::ClipRange range = calib::estimateRange(
        s, node.activation.method, node.activation.percentile,
        node.activation.symmetric, !isSigned);
    params = calib::chooseQuantParams(range, isSigned ? -128 : 0,
                                      isSigned ? 127 : 255,
                                      node.activation.symmetric);
  }
  OpBuilder builder(observe);
  Value dq = quantizeDequantize(
      builder, observe.getLoc(), observe.getInput(),
      makeActivationType(&getContext(), params, isSigned));
  observe.replaceAllUsesWith(dq);
  observe.erase();
  return success();
}

LogicalResult QNNAssignScalesPass::quantizeWeightAndBias(
    Operation *op, OpOperand &weight, OpOperand *bias,
    quant::QuantizedType inputType, const NodeQConfig &node) {
  MLIRContext *ctx = &getContext();
  // Already quantized (an imported QDQ model): leave as is.
  if (dequantizedFrom(weight.get()))
    return success();
  std::optional<std::vector<float>> w = readF32Constant(weight.get());
  if (!w) {
    quantization::markFloat(op, "the weight is not a constant");
    return failure();
  }
  auto inputPerTensor = dyn_cast<quant::UniformQuantizedType>(inputType);
  if (!inputPerTensor) {
    quantization::markFloat(op, "the input is not quantized per tensor");
    return failure();
  }
  std::optional<std::vector<float>> b;
  if (bias && !dequantizedFrom(bias->get())) {
    b = readF32Constant(bias->get());
    if (!b) {
      quantization::markFloat(op, "the bias is not a constant");
      return failure();
    }
  }

  auto wType = cast<RankedTensorType>(weight.get().getType());
  int64_t channels = wType.getDimSize(0);
  int64_t inner = wType.getNumElements() / std::max<int64_t>(channels, 1);
  bool perChannel = node.weight.perChannel;
  std::vector<calib::QuantParams> params =
      calib::chooseWeightParams(w->data(), channels, inner, perChannel);
  std::vector<int8_t> q(w->size());
  for (size_t i = 0; i < w->size(); ++i)
    q[i] = static_cast<int8_t>(
        calib::quantize((*w)[i], params[perChannel ? i / inner : 0]));

  Type i8 = IntegerType::get(ctx, 8), f32 = Float32Type::get(ctx);
  quant::QuantizedType wq;
  SmallVector<double> scales;
  for (const calib::QuantParams &p : params)
    scales.push_back(p.scale);
  if (perChannel)
    wq = quant::UniformQuantizedPerAxisType::get(
        quant::QuantizationFlags::Signed, i8, f32, scales,
        SmallVector<int64_t>(scales.size(), 0), 0, -127, 127);
  else
    wq = quant::UniformQuantizedType::get(quant::QuantizationFlags::Signed, i8,
                                          f32, scales[0], 0, -127, 127);

  OpBuilder builder(op);
  Location loc = weight.get().getLoc();
  std::string name = qnn::getNodeName(op).str();
  if (name.empty())
    name = op->getName().stripDialect().str();
  auto rawType = wType.clone(i8);
  Value raw = arith::ConstantOp::create(
      builder, loc, rawType,
      cast<TypedAttr>(makeElementsAttr(rawType, ArrayRef<int8_t>(q),
                                       name + ".weight_q")));
  Value wCast = quant::StorageCastOp::create(builder, loc, wType.clone(wq), raw);
  weight.set(quant::DequantizeCastOp::create(builder, loc, wType, wCast));

  if (!b)
    return success();
  // Bias: i32, zero point 0, scale sx * sw[c].
  double sx = inputPerTensor.getScale();
  SmallVector<double> biasScales;
  for (double sw : scales)
    biasScales.push_back(sx * sw);
  std::vector<int32_t> bq(b->size());
  for (size_t c = 0; c < b->size(); ++c) {
    double v = calib::roundHalfToEven((*b)[c] /
                                      biasScales[perChannel ? c : 0]);
    bq[c] = static_cast<int32_t>(
        std::min<double>(std::max<double>(v, INT32_MIN), INT32_MAX));
  }
  Type i32 = IntegerType::get(ctx, 32);
  quant::QuantizedType bqType;
  if (perChannel)
    bqType = quant::UniformQuantizedPerAxisType::get(
        quant::QuantizationFlags::Signed, i32, f32, biasScales,
        SmallVector<int64_t>(biasScales.size(), 0), 0, INT32_MIN, INT32_MAX);
  else
    bqType = quant::UniformQuantizedType::get(quant::QuantizationFlags::Signed,
                                              i32, f32, biasScales[0], 0,
                                              INT32_MIN, INT32_MAX);
  auto bType = cast<RankedTensorType>(bias->get().getType());
  auto bRawType = bType.clone(i32);
  Value bRaw = arith::ConstantOp::create(
      builder, loc, bRawType,
      cast<TypedAttr>(makeElementsAttr(bRawType, ArrayRef<int32_t>(bq),
                                       name + ".bias_q")));
  Value bCast =
      quant::StorageCastOp::create(builder, loc, bType.clone(bqType), bRaw);
  bias->set(quant::DequantizeCastOp::create(builder, loc, bType, bCast));
  return success();
}

LogicalResult
QNNAssignScalesPass::quantizeConstantOperand(OpOperand &operand,
                                             const NodeQConfig &node) {
  std::optional<std::vector<float>> data = readF32Constant(operand.get());
  if (!data)
    return failure();
  calib::ClipRange range{0, 0};
  for (float v : *data) {
    range.lo = std::min<double>(range.lo, v);
    range.hi = std::max<double>(range.hi, v);
  }
  bool isSigned = node.activation.isSigned;
  calib::QuantParams p = calib::chooseQuantParams(
      range, isSigned ? -128 : 0, isSigned ? 127 : 255, false);
  std::vector<int8_t> q(data->size());
  for (size_t i = 0; i < data->size(); ++i)
    q[i] = static_cast<int8_t>(calib::quantize((*data)[i], p));
  OpBuilder builder(operand.getOwner());
  Location loc = operand.get().getLoc();
  auto type = cast<RankedTensorType>(operand.get().getType());
  auto rawType = type.clone(IntegerType::get(&getContext(), 8));
  Value raw = arith::ConstantOp::create(
      builder, loc, rawType,
      cast<TypedAttr>(makeElementsAttr(rawType, ArrayRef<int8_t>(q),
                                       "operand_q")));
  Value cast = quant::StorageCastOp::create(
      builder, loc, type.clone(makeActivationType(&getContext(), p, isSigned)),
      raw);
  operand.set(quant::DequantizeCastOp::create(builder, loc, type, cast));
  return success();
}

void QNNAssignScalesPass::quantizeNode(Operation *op) {
  if (!isa<qnn::QNNDialect>(op->getDialect()) || isa<qnn::ObserveOp>(op) ||
      op->hasAttr(qnn::kFloatReasonAttr))
    return;
  std::optional<NodeQConfig> selected =
      quantization::selectForQuantization(op, *config);
  if (!selected)
    return;
  const NodeQConfig &node = *selected;
  // Every activation input must be quantized (observed) by now.
  for (OpOperand *operand : quantization::getActivationOperands(op)) {
    if (dequantizedFrom(operand->get()))
      continue;
    if (isa<qnn::AddOp, qnn::MulOp>(op) &&
        succeeded(quantizeConstantOperand(*operand, node)))
      continue;
    quantization::markFloat(op, "input #" +
                                    Twine(operand->getOperandNumber()) +
                                    " has no quantization parameters (not "
                                    "observed)");
    return;
  }
  quant::QuantizedType inputType = dequantizedFrom(op->getOperand(0));

  if (quantization::isSameScaleOp(op)) {
    if (!hasQuantizedResult(op))
      quantizeAllUses(op->getResult(0), inputType);
    return;
  }
  if (auto fixed = quantization::getFixedOutputRange(op)) {
    if (!hasQuantizedResult(op))
      quantizeAllUses(op->getResult(0),
                      makeActivationType(&getContext(),
                                         fixedParams(*fixed, inputType.isSigned()),
                                         inputType.isSigned()));
    return;
  }
  if (!hasQuantizedResult(op)) {
    quantization::markFloat(op, "its output has no quantization parameters "
                                "(not observed)");
    return;
  }
  if (auto conv = dyn_cast<qnn::Conv2DOp>(op)) {
    (void)quantizeWeightAndBias(
        op, conv.getWeightMutable(),
        conv.getBias() ? &conv.getBiasMutable()[0] : nullptr, inputType, node);
  } else if (auto fc = dyn_cast<qnn::FullyConnectedOp>(op)) {
    (void)quantizeWeightAndBias(
        op, fc.getWeightMutable(),
        fc.getBias() ? &fc.getBiasMutable()[0] : nullptr, inputType, node);
  } else if (auto concat = dyn_cast<qnn::ConcatOp>(op)) {
    // Unify: every input takes the output's parameters.
    auto qcast = *llvm::find_if(op->getResult(0).getUsers(), [](Operation *u) {
      return isa<quant::QuantizeCastOp>(u);
    });
    auto outType = cast<quant::QuantizedType>(
        getElementTypeOrSelf(qcast->getResult(0).getType()));
    OpBuilder builder(op);
    for (OpOperand &operand : concat->getOpOperands())
      if (dequantizedFrom(operand.get()) != outType)
        operand.set(quantizeDequantize(builder, op->getLoc(), operand.get(),
                                       outType));
  }
}

void QNNAssignScalesPass::runOnOperation() {
  ModuleOp module = getOperation();
  std::optional<calib::CalibrationMethod> m = calib::parseCalibrationMethod(
      std::string_view(method.getValue().data(), method.getValue().size()));
  if (!m) {
    module.emitError("unknown calibration method '")
        << method.getValue() << "' (expected minmax, percentile, entropy, mse)";
    return signalPassFailure();
  }
  if (!(percentile > 0 && percentile <= 100)) {
    module.emitError("percentile must be in (0, 100], got ") << percentile;
    return signalPassFailure();
  }
  if (activationDtype != "u8" && activationDtype != "s8") {
    module.emitError("activation-dtype must be u8 or s8, got '")
        << activationDtype.getValue() << "'";
    return signalPassFailure();
  }
  bool signedActivations = activationDtype == "s8";
  std::optional<QuantConfig> loadedConfig;
  if (configFile.empty()) {
    loadedConfig.emplace(*m, percentile, signedActivations);
  } else {
    FailureOr<QuantConfig> loaded = QuantConfig::load(
        configFile, &getContext(), *m, percentile, signedActivations);
    if (failed(loaded))
      return signalPassFailure();
    loadedConfig.emplace(std::move(*loaded));
  }
  config = &*loadedConfig;

  // Phase A, in program order so same-scale results see their input's type.
  SmallVector<qnn::ObserveOp> observers;
  module.walk([&](qnn::ObserveOp op) { observers.push_back(op); });
  bool failedAny = false;
  for (qnn::ObserveOp observe : observers)
    failedAny |= failed(assignObserver(observe));
  if (failedAny)
    return signalPassFailure();

  // Phase B: per node, in program order.
  SmallVector<Operation *> nodes;
  module.walk([&](Operation *op) { nodes.push_back(op); });
  for (Operation *op : nodes)
    quantizeNode(op);

  // Float weights and biases replaced by quantized ones are dead now.
  module.walk([](arith::ConstantOp op) {
    if (op->use_empty())
      op->erase();
  });
}

} // namespace

//===- OpClasses.cpp - How each qnn op takes part in quantization ---------===//

#include "passes/Quantization/OpClasses.h"

#include "dialects/QNN/QNNOps.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;

namespace qmlir::quantization {

bool isSameScaleOp(Operation *op) {
  return isa<qnn::MaxPoolOp, qnn::ReshapeOp, qnn::FlattenOp, qnn::TransposeOp,
             qnn::PadOp, qnn::SliceOp>(op);
}

std::optional<std::pair<double, double>> getFixedOutputRange(Operation *op) {
  if (isa<qnn::SigmoidOp, qnn::SoftmaxOp>(op))
    return std::make_pair(0.0, 1.0);
  if (isa<qnn::TanhOp>(op))
    return std::make_pair(-1.0, 1.0);
  return std::nullopt;
}

SmallVector<OpOperand *> getActivationOperands(Operation *op) {
  SmallVector<OpOperand *> operands;
  if (auto conv = dyn_cast<qnn::Conv2DOp>(op)) {
    operands.push_back(&conv.getInputMutable());
    if (conv.getResidual())
      operands.push_back(&conv.getResidualMutable()[0]);
    return operands;
  }
  if (auto fc = dyn_cast<qnn::FullyConnectedOp>(op)) {
    operands.push_back(&fc.getInputMutable());
    if (fc.getResidual())
      operands.push_back(&fc.getResidualMutable()[0]);
    return operands;
  }
  if (isa<qnn::BatchNormOp>(op))
    return {&op->getOpOperand(0)};
  for (OpOperand &operand : op->getOpOperands())
    operands.push_back(&operand);
  return operands;
}

std::optional<qrt_op> getRuntimeOp(Operation *op) {
  return llvm::TypeSwitch<Operation *, std::optional<qrt_op>>(op)
      .Case([](qnn::Conv2DOp) { return QRT_OP_CONV2D; })
      .Case([](qnn::FullyConnectedOp) { return QRT_OP_FULLY_CONNECTED; })
      .Case([](qnn::AddOp) { return QRT_OP_ADD; })
      .Case([](qnn::MulOp) { return QRT_OP_MUL; })
      .Case([](qnn::MaxPoolOp) { return QRT_OP_MAX_POOL; })
      .Case([](qnn::AvgPoolOp) { return QRT_OP_AVG_POOL; })
      .Case([](qnn::GlobalAvgPoolOp) { return QRT_OP_GLOBAL_AVG_POOL; })
      .Case([](qnn::ConcatOp) { return QRT_OP_CONCAT; })
      .Case([](qnn::ResizeOp) { return QRT_OP_RESIZE; })
      .Case([](qnn::SigmoidOp) { return QRT_OP_SIGMOID; })
      .Case([](qnn::HardSwishOp) { return QRT_OP_HARD_SWISH; })
      .Case([](qnn::SwishOp) { return QRT_OP_SWISH; })
      .Case([](qnn::SoftmaxOp) { return QRT_OP_SOFTMAX; })
      .Case<qnn::ReshapeOp, qnn::FlattenOp>(
          [](Operation *) { return QRT_OP_RESHAPE; })
      .Case([](qnn::TransposeOp) { return QRT_OP_TRANSPOSE; })
      // Added to the runtime for the float path; ref runs them in int8 too.
      .Case([](qnn::SubOp) { return QRT_OP_SUB; })
      .Case([](qnn::DivOp) { return QRT_OP_DIV; })
      .Case([](qnn::TanhOp) { return QRT_OP_TANH; })
      .Case([](qnn::ReluOp) { return QRT_OP_RELU; })
      .Case([](qnn::ClampOp) { return QRT_OP_CLAMP; })
      .Case([](qnn::LeakyReluOp) { return QRT_OP_LEAKY_RELU; })
      .Case([](qnn::HardSigmoidOp) { return QRT_OP_HARD_SIGMOID; })
      .Case([](qnn::PadOp) { return QRT_OP_PAD; })
      .Case([](qnn::SliceOp) { return QRT_OP_SLICE; })
      .Case([](qnn::ReduceMeanOp) { return QRT_OP_REDUCE_MEAN; })
      .Default([](Operation *) { return std::nullopt; });
}

std::optional<std::string> whyNotQuantizable(Operation *op) {
  std::optional<qrt_op> kernel = getRuntimeOp(op);
  if (!kernel)
    return ("the runtime has no int8 kernel for " + op->getName().getStringRef())
        .str();
  // The reference backend runs every int8 kernel the runtime has; a faster
  // backend without it falls back to ref, so feasibility is ref's answer.
  qrt_capability_query query{};
  query.op = *kernel;
  query.input_dtype = QRT_U8;
  query.weight_dtype = QRT_S8;
  query.output_dtype = QRT_U8;
  query.activation = QRT_ACT_NONE;
  query.layout = QRT_LAYOUT_NHWC;
  query.flags = 0;
  const char *reason = nullptr;
  if (qrt_backend_supports(nullptr, QRT_BACKEND_REF, &query, &reason))
    return std::nullopt;
  return ("the runtime cannot run " + op->getName().getStringRef() +
          " in int8: " + (reason ? reason : "unsupported"))
      .str();
}

void markFloat(Operation *op, const Twine &reason) {
  std::string text = reason.str();
  op->setAttr(qnn::kFloatReasonAttr, StringAttr::get(op->getContext(), text));
  op->emitRemark() << "node '" << qnn::getNodeName(op) << "' ("
                   << op->getName() << ") stays float: " << text;
}

std::optional<NodeQConfig> selectForQuantization(Operation *op,
                                                 const QuantConfig &config) {
  if (std::optional<std::string> why = whyNotQuantizable(op)) {
    markFloat(op, *why);
    return std::nullopt;
  }
  NodeQConfig node =
      config.resolve(op->getName().stripDialect(), qnn::getNodeName(op));
  if (!node.quantize) {
    markFloat(op, "the quantization config (" + node.decidedBy +
                      ") sets it to null");
    return std::nullopt;
  }
  return node;
}

} // namespace qmlir::quantization

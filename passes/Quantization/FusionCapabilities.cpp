//===- FusionCapabilities.cpp - The fusion table, from libquantrt ---------===//
//
// Builds the per-backend fusion table by querying `qrt_backend_supports`
// for every (producer kind, activation, residual) combination.
//
//===----------------------------------------------------------------------===//

#include "passes/Quantization/FusionCapabilities.h"

#include "dialects/QNN/QNNOps.h"
#include "quantrt/quantrt.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace qmlir;
using namespace qmlir::quantization;

namespace {

struct BackendInfo {
  llvm::StringLiteral name;
  qrt_backend backend;
  /// The backend's default int8 activation type (XNNPACK's signed path).
  qrt_dtype activationType;
};

constexpr BackendInfo kBackends[] = {
    {"onednn", QRT_BACKEND_ONEDNN, QRT_U8},
    {"xnnpack", QRT_BACKEND_XNNPACK, QRT_S8},
    {"ref", QRT_BACKEND_REF, QRT_U8},
};

qrt_op toQrtOp(FusionProducer producer) {
  return producer == FusionProducer::FullyConnected ? QRT_OP_FULLY_CONNECTED
                                                    : QRT_OP_CONV2D;
}

uint32_t producerFlags(FusionProducer producer) {
  switch (producer) {
  case FusionProducer::GroupedConv2D:
    return QRT_CAP_GROUPED;
  case FusionProducer::DepthwiseConv2D:
    return QRT_CAP_DEPTHWISE;
  default:
    return 0;
  }
}

/// The runtime's activation kind, or nullopt when it has none (leaky_relu).
std::optional<qrt_activation_kind> toQrtActivation(FusionActivation act) {
  switch (act) {
  case FusionActivation::None:
    return QRT_ACT_NONE;
  case FusionActivation::Relu:
    return QRT_ACT_RELU;
  case FusionActivation::Relu6:
    return QRT_ACT_RELU6;
  case FusionActivation::Clamp:
    return QRT_ACT_CLAMP;
  case FusionActivation::Swish:
    return QRT_ACT_SWISH;
  case FusionActivation::LeakyRelu:
    return std::nullopt;
  }
  return std::nullopt;
}

/// `activationType` QRT_F32 asks about f32 kernels (f32 weights), else
/// about int8 ones with s8 per-channel weights.
bool supports(qrt_backend backend, qrt_dtype activationType,
              FusionProducer producer, FusionActivation activation,
              bool residual) {
  std::optional<qrt_activation_kind> kind = toQrtActivation(activation);
  if (!kind)
    return false;
  const bool f32 = activationType == QRT_F32;
  qrt_capability_query query = {};
  query.op = toQrtOp(producer);
  query.input_dtype = activationType;
  query.weight_dtype = f32 ? QRT_F32 : QRT_S8;
  query.output_dtype = activationType;
  query.activation = *kind;
  query.layout = QRT_LAYOUT_NHWC;
  query.flags = (f32 ? 0u : QRT_CAP_PER_CHANNEL) | producerFlags(producer) |
                (residual ? QRT_CAP_RESIDUAL : 0u);
  return qrt_backend_supports(/*ctx=*/nullptr, backend, &query,
                              /*reason=*/nullptr) != 0;
}

constexpr FusionProducer kAllProducers[] = {
    FusionProducer::Conv2D, FusionProducer::GroupedConv2D,
    FusionProducer::DepthwiseConv2D, FusionProducer::FullyConnected};
constexpr FusionActivation kAllActivations[] = {
    FusionActivation::None,      FusionActivation::Relu,
    FusionActivation::Relu6,     FusionActivation::Clamp,
    FusionActivation::LeakyRelu, FusionActivation::Swish};

} // namespace

ArrayRef<StringRef> FusionCapabilities::backendNames() {
  static const StringRef names[] = {kBackends[0].name, kBackends[1].name,
                                    kBackends[2].name};
  return names;
}

std::optional<FusionCapabilities>
FusionCapabilities::forBackend(StringRef name, bool floatModel) {
  const BackendInfo *info = nullptr;
  for (const BackendInfo &candidate : kBackends)
    if (candidate.name == name)
      info = &candidate;
  if (!info)
    return std::nullopt;
  const qrt_dtype type = floatModel ? QRT_F32 : info->activationType;
  const qrt_dtype refType = floatModel ? QRT_F32 : QRT_U8;
  FusionCapabilities caps;
  for (FusionProducer p : kAllProducers) {
    // Where the backend cannot run even the plain producer on this host, the
    // kernel falls back to ref whether or not we fuse, so ref's answer is
    // the one that matters.
    bool native = supports(info->backend, type, p, FusionActivation::None,
                           /*residual=*/false);
    for (FusionActivation a : kAllActivations)
      for (bool residual : {false, true})
        caps.table[index(p, a, residual)] =
            native ? supports(info->backend, type, p, a, residual)
                   : supports(QRT_BACKEND_REF, refType, p, a, residual);
  }
  return caps;
}

bool FusionCapabilities::canFuse(Operation *producer,
                                 FusionActivation activation,
                                 bool residual) const {
  if (isa<qnn::FullyConnectedOp>(producer))
    return canFuse(FusionProducer::FullyConnected, activation, residual);
  auto conv = dyn_cast<qnn::Conv2DOp>(producer);
  if (!conv)
    return false;
  int64_t groups = conv.getGroups();
  int64_t inputChannels =
      cast<RankedTensorType>(conv.getInput().getType()).getDimSize(1);
  FusionProducer kind = groups <= 1 ? FusionProducer::Conv2D
                        : groups == inputChannels
                            ? FusionProducer::DepthwiseConv2D
                            : FusionProducer::GroupedConv2D;
  return canFuse(kind, activation, residual);
}

std::string FusionCapabilities::str() const {
  static const char *producerNames[] = {"conv2d", "grouped_conv2d",
                                        "depthwise_conv2d", "fully_connected"};
  static const char *activationNames[] = {"none",  "relu",       "relu6",
                                          "clamp", "leaky_relu", "swish"};
  std::string out;
  llvm::raw_string_ostream os(out);
  for (FusionProducer p : kAllProducers) {
    os << producerNames[static_cast<int>(p)] << ":";
    for (bool residual : {false, true})
      for (FusionActivation a : kAllActivations) {
        if (!residual && a == FusionActivation::None)
          continue;
        if (!canFuse(p, a, residual))
          continue;
        os << " ";
        if (residual)
          os << (a == FusionActivation::None ? "residual" : "residual+");
        if (a != FusionActivation::None)
          os << activationNames[static_cast<int>(a)];
      }
    os << "\n";
  }
  return out;
}

FusionActivation
quantization::getFusionActivation(qnn::ActivationAttr activation) {
  if (!activation)
    return FusionActivation::None;
  switch (activation.getKind()) {
  case qnn::ActivationKind::Relu:
    return FusionActivation::Relu;
  case qnn::ActivationKind::Clamp:
    if (activation.getMin().isZero() &&
        activation.getMax().convertToDouble() == 6.0)
      return FusionActivation::Relu6;
    return FusionActivation::Clamp;
  case qnn::ActivationKind::LeakyRelu:
    return FusionActivation::LeakyRelu;
  case qnn::ActivationKind::Swish:
    return FusionActivation::Swish;
  }
  return FusionActivation::None;
}

//===- KernelParams.cpp - qrt op attributes -> libquantrt params structs --===//
//
// One filler per kernel family: the op's attributes and buffer types become
// the family's C params struct (quantrt.h), field by field, plus the list
// of pointer fields that refer to other globals.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/QRTToLLVM/KernelParams.h"

#include "dialects/QRT/QRTOps.h"
#include "quantrt/quantrt.h"

#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cstddef>

using namespace mlir;
using namespace qmlir;
using namespace qmlir::conversion::qrt_to_llvm;

int32_t qmlir::conversion::qrt_to_llvm::runtimeDType(Type elementType) {
  if (elementType.isF32())
    return QRT_F32;
  auto intType = dyn_cast<IntegerType>(elementType);
  if (!intType)
    return -1;
  if (intType.getWidth() == 8 && intType.isUnsigned())
    return QRT_U8;
  if (intType.getWidth() == 8 && intType.isSigned())
    return QRT_S8;
  if (intType.getWidth() == 32 && !intType.isUnsigned())
    return QRT_S32;
  return -1;
}

int64_t qmlir::conversion::qrt_to_llvm::elementBytes(Type elementType) {
  if (!elementType.isIntOrFloat())
    return 0;
  unsigned bits = elementType.getIntOrFloatBitWidth();
  return bits % 8 == 0 ? bits / 8 : 0;
}

namespace {

/// Builds one params struct `T` and its pointer patches.
template <typename T>
class ParamsBuilder {
public:
  ParamsBuilder(GlobalSink &sink, std::string hint)
      : sink(sink), hint(std::move(hint)) {
    std::memset(&params, 0, sizeof(T));
  }

  T params;

  /// Fills `desc` (a field of `params`, or of an array element `base`) from
  /// a buffer type and an optional #qrt.quant descriptor.
  void fillDesc(qrt_tensor_desc &desc, Type type, qrt::QuantAttr quant,
                const void *base = nullptr, Blob *owner = nullptr) {
    auto memrefType = cast<MemRefType>(type);
    desc.dtype =
        static_cast<qrt_dtype>(runtimeDType(memrefType.getElementType()));
    desc.rank = static_cast<int32_t>(memrefType.getRank());
    for (auto [i, dim] : llvm::enumerate(memrefType.getShape()))
      desc.dims[i] = dim;
    desc.quant.axis = -1;
    // Buffers without a descriptor (f32, s32 bias, qrt.layout's
    // pass-through int8) get a neutral scale the runtime accepts.
    desc.quant.scale = 1.0f;
    if (!quant)
      return;
    desc.quant.zero_point = quant.getZeroPoint();
    if (!quant.isPerChannel()) {
      desc.quant.scale = static_cast<float>(quant.getScaleValue());
      return;
    }
    desc.quant.axis = quant.getAxis();
    std::vector<float> scales;
    for (double s : quant.getScaleValues())
      scales.push_back(static_cast<float>(s));
    std::string symbol =
        sink.addBlob(Blob::ofBytes(scales.data(), scales.size() * sizeof(float),
                                   alignof(float)),
                     hint + "_scales");
    pending.push_back(
        {base ? base : &params, &desc.quant.scales, owner, std::move(symbol)});
  }

  void fillActivation(qrt_activation &act, qrt::ActivationAttr attr) {
    act.kind = QRT_ACT_NONE;
    if (!attr)
      return;
    act.kind = static_cast<qrt_activation_kind>(attr.getKind());
    act.min = static_cast<float>(attr.getMin().convertToDouble());
    act.max = static_cast<float>(attr.getMax().convertToDouble());
  }

  /// Records a pointer field of `params` that points at `symbol`.
  void pointTo(const void *field, std::string symbol) {
    pending.push_back({&params, field, nullptr, std::move(symbol)});
  }

  /// The finished blob (patches of array elements go to their own blobs).
  Blob finish() {
    Blob blob = Blob::of(params);
    for (Pending &p : pending) {
      Blob &target = p.owner ? *p.owner : blob;
      target.patch(p.base, p.field, p.symbol);
    }
    return blob;
  }

  /// Patches recorded so far that belong to `owner` (an array element blob
  /// built outside `params`) are moved into it.
  void flushInto(Blob &owner) {
    for (Pending &p : pending)
      if (p.owner == &owner)
        owner.patch(p.base, p.field, p.symbol);
    llvm::erase_if(pending,
                   [&](const Pending &p) { return p.owner == &owner; });
  }

private:
  struct Pending {
    const void *base;
    const void *field;
    Blob *owner;
    std::string symbol;
  };
  GlobalSink &sink;
  std::string hint;
  std::vector<Pending> pending;
};

void copyInts(int32_t *dst, size_t n, ArrayRef<int64_t> src) {
  for (size_t i = 0; i < n && i < src.size(); ++i)
    dst[i] = static_cast<int32_t>(src[i]);
}

/// Conv and fc share the weight/bias/residual part.
template <typename T, typename OpT>
LogicalResult fillWeightsAndResidual(ParamsBuilder<T> &b, OpT op,
                                     GlobalSink &sink) {
  T &p = b.params;
  b.fillDesc(p.input, op.getInput().getType(), op.getInputQuantAttr());
  b.fillDesc(p.filter, op.getFilter().getType(), op.getFilterQuantAttr());
  b.fillDesc(p.output, op.getOutput().getType(), op.getOutputQuantAttr());
  FailureOr<std::string> filter =
      sink.constantSymbol(op, op.getFilter(), "filter");
  if (failed(filter))
    return failure();
  b.pointTo(&p.filter_data, *filter);
  if (Value bias = op.getBias()) {
    b.fillDesc(p.bias, bias.getType(), nullptr);
    FailureOr<std::string> biasSymbol = sink.constantSymbol(op, bias, "bias");
    if (failed(biasSymbol))
      return failure();
    b.pointTo(&p.bias_data, *biasSymbol);
  }
  if (Value residual = op.getResidual()) {
    b.fillDesc(p.residual, residual.getType(), op.getResidualQuantAttr());
    p.has_residual = 1;
  }
  b.fillActivation(p.activation, op.getActivationAttr());
  return success();
}

std::string familyHint(Operation *op) {
  std::string name = op->getName().stripDialect().str();
  return name;
}

} // namespace

Blob qmlir::conversion::qrt_to_llvm::buildTensorDescBlob(Type memrefType,
                                                         GlobalSink &sink,
                                                         StringRef nameHint) {
  ParamsBuilder<qrt_tensor_desc> b(sink, nameHint.str());
  b.fillDesc(b.params, memrefType, nullptr);
  return b.finish();
}

FailureOr<KernelCall>
qmlir::conversion::qrt_to_llvm::buildKernelCall(Operation *op,
                                                GlobalSink &sink) {
  KernelCall call;
  std::string hint = "__qm_" + familyHint(op);
  auto setCommon = [&](qrt::Backend backend, Value output) {
    call.backend = static_cast<int32_t>(backend);
    call.output = output;
  };

  LogicalResult result =
      llvm::TypeSwitch<Operation *, LogicalResult>(op)
          .Case([&](qrt::Conv2DOp conv) -> LogicalResult {
            ParamsBuilder<qrt_conv2d_params> b(sink, hint);
            if (failed(fillWeightsAndResidual(b, conv, sink)))
              return failure();
            qrt_conv2d_params &p = b.params;
            copyInts(p.strides, 2, conv.getStrides());
            copyInts(p.dilations, 2, conv.getDilations());
            copyInts(p.pads, 4, conv.getPads());
            p.groups = static_cast<int32_t>(conv.getGroups());
            call.createFunction = "qrt_conv2d_create";
            call.params = b.finish();
            call.runInputs.push_back(conv.getInput());
            if (conv.getResidual())
              call.runInputs.push_back(conv.getResidual());
            setCommon(conv.getBackend(), conv.getOutput());
            return success();
          })
          .Case([&](qrt::FullyConnectedOp fc) -> LogicalResult {
            ParamsBuilder<qrt_fc_params> b(sink, hint);
            if (failed(fillWeightsAndResidual(b, fc, sink)))
              return failure();
            call.createFunction = "qrt_fc_create";
            call.params = b.finish();
            call.runInputs.push_back(fc.getInput());
            if (fc.getResidual())
              call.runInputs.push_back(fc.getResidual());
            setCommon(fc.getBackend(), fc.getOutput());
            return success();
          })
          .Case([&](qrt::BinaryOp binary) -> LogicalResult {
            ParamsBuilder<qrt_binary_params> b(sink, hint);
            qrt_binary_params &p = b.params;
            p.op = static_cast<qrt_op>(binary.getKind());
            b.fillDesc(p.a, binary.getLhs().getType(),
                       binary.getLhsQuantAttr());
            b.fillDesc(p.b, binary.getRhs().getType(),
                       binary.getRhsQuantAttr());
            b.fillDesc(p.output, binary.getOutput().getType(),
                       binary.getOutputQuantAttr());
            b.fillActivation(p.activation, binary.getActivationAttr());
            call.createFunction = "qrt_binary_create";
            call.params = b.finish();
            call.runInputs = {binary.getLhs(), binary.getRhs()};
            setCommon(binary.getBackend(), binary.getOutput());
            return success();
          })
          .Case([&](qrt::Pool2DOp pool) -> LogicalResult {
            ParamsBuilder<qrt_pool2d_params> b(sink, hint);
            qrt_pool2d_params &p = b.params;
            p.op = static_cast<qrt_op>(pool.getKind());
            b.fillDesc(p.input, pool.getInput().getType(),
                       pool.getInputQuantAttr());
            b.fillDesc(p.output, pool.getOutput().getType(),
                       pool.getOutputQuantAttr());
            if (auto kernel = pool.getKernelAttr())
              copyInts(p.kernel, 2, kernel.asArrayRef());
            if (auto strides = pool.getStridesAttr())
              copyInts(p.strides, 2, strides.asArrayRef());
            if (auto pads = pool.getPadsAttr())
              copyInts(p.pads, 4, pads.asArrayRef());
            p.count_include_pad = pool.getCountIncludePad() ? 1 : 0;
            call.createFunction = "qrt_pool2d_create";
            call.params = b.finish();
            call.runInputs = {pool.getInput()};
            setCommon(pool.getBackend(), pool.getOutput());
            return success();
          })
          .Case([&](qrt::ConcatOp concat) -> LogicalResult {
            if (concat.getInputs().size() > QRT_MAX_CONCAT_INPUTS)
              return concat.emitOpError("has ")
                     << concat.getInputs().size()
                     << " inputs; the runtime takes at most "
                     << QRT_MAX_CONCAT_INPUTS;
            ParamsBuilder<qrt_concat_params> b(sink, hint);
            qrt_concat_params &p = b.params;
            // The input descriptors are an array global of their own.
            std::vector<qrt_tensor_desc> descs(concat.getInputs().size());
            std::memset(descs.data(), 0,
                        descs.size() * sizeof(qrt_tensor_desc));
            ArrayAttr quants = concat.getInputQuantsAttr();
            Blob descBlob;
            for (auto [i, input] : llvm::enumerate(concat.getInputs())) {
              qrt::QuantAttr quant = quants && i < quants.size()
                                         ? dyn_cast<qrt::QuantAttr>(quants[i])
                                         : qrt::QuantAttr();
              b.fillDesc(descs[i], input.getType(), quant, descs.data(),
                         &descBlob);
            }
            Blob array = Blob::ofBytes(descs.data(),
                                       descs.size() * sizeof(qrt_tensor_desc),
                                       alignof(qrt_tensor_desc));
            b.flushInto(descBlob);
            array.patches = std::move(descBlob.patches);
            p.num_inputs = static_cast<int32_t>(descs.size());
            b.pointTo(&p.inputs,
                      sink.addBlob(std::move(array), hint + "_inputs"));
            b.fillDesc(p.output, concat.getOutput().getType(),
                       concat.getOutputQuantAttr());
            p.axis = static_cast<int32_t>(concat.getAxis());
            call.createFunction = "qrt_concat_create";
            call.params = b.finish();
            call.runInputs.assign(concat.getInputs().begin(),
                                  concat.getInputs().end());
            setCommon(concat.getBackend(), concat.getOutput());
            return success();
          })
          .Case([&](qrt::ResizeOp resize) -> LogicalResult {
            ParamsBuilder<qrt_resize_params> b(sink, hint);
            qrt_resize_params &p = b.params;
            b.fillDesc(p.input, resize.getInput().getType(),
                       resize.getInputQuantAttr());
            b.fillDesc(p.output, resize.getOutput().getType(),
                       resize.getOutputQuantAttr());
            p.mode = static_cast<qrt_resize_mode>(resize.getMode());
            p.coord = static_cast<qrt_resize_coord>(resize.getCoord());
            call.createFunction = "qrt_resize_create";
            call.params = b.finish();
            call.runInputs = {resize.getInput()};
            setCommon(resize.getBackend(), resize.getOutput());
            return success();
          })
          .Case([&](qrt::UnaryOp unary) -> LogicalResult {
            ParamsBuilder<qrt_unary_params> b(sink, hint);
            qrt_unary_params &p = b.params;
            p.op = static_cast<qrt_op>(unary.getKind());
            b.fillDesc(p.input, unary.getInput().getType(),
                       unary.getInputQuantAttr());
            b.fillDesc(p.output, unary.getOutput().getType(),
                       unary.getOutputQuantAttr());
            auto value = [](FloatAttr attr) {
              return attr ? static_cast<float>(attr.getValueAsDouble()) : 0.f;
            };
            p.alpha = value(unary.getAlphaAttr());
            p.beta = value(unary.getBetaAttr());
            p.min = value(unary.getMinAttr());
            p.max = value(unary.getMaxAttr());
            call.createFunction = "qrt_unary_create";
            call.params = b.finish();
            call.runInputs = {unary.getInput()};
            setCommon(unary.getBackend(), unary.getOutput());
            return success();
          })
          .Case([&](qrt::ConvertOp convert) -> LogicalResult {
            ParamsBuilder<qrt_convert_params> b(sink, hint);
            qrt_convert_params &p = b.params;
            p.op = static_cast<qrt_op>(convert.getKind());
            b.fillDesc(p.input, convert.getInput().getType(),
                       convert.getInputQuantAttr());
            b.fillDesc(p.output, convert.getOutput().getType(),
                       convert.getOutputQuantAttr());
            call.createFunction = "qrt_convert_create";
            call.params = b.finish();
            call.runInputs = {convert.getInput()};
            setCommon(convert.getBackend(), convert.getOutput());
            return success();
          })
          .Case([&](qrt::LayoutOp layout) -> LogicalResult {
            ParamsBuilder<qrt_layout_params> b(sink, hint);
            qrt_layout_params &p = b.params;
            p.op = static_cast<qrt_op>(layout.getKind());
            b.fillDesc(p.input, layout.getInput().getType(), nullptr);
            b.fillDesc(p.output, layout.getOutput().getType(), nullptr);
            if (auto perm = layout.getPermAttr())
              copyInts(p.perm, QRT_MAX_RANK, perm.asArrayRef());
            call.createFunction = "qrt_layout_create";
            call.params = b.finish();
            call.runInputs = {layout.getInput()};
            setCommon(layout.getBackend(), layout.getOutput());
            return success();
          })
          .Case([&](qrt::PadOp pad) -> LogicalResult {
            ParamsBuilder<qrt_pad_params> b(sink, hint);
            qrt_pad_params &p = b.params;
            b.fillDesc(p.input, pad.getInput().getType(),
                       pad.getInputQuantAttr());
            b.fillDesc(p.output, pad.getOutput().getType(),
                       pad.getOutputQuantAttr());
            p.mode = static_cast<qrt_pad_mode>(pad.getMode());
            if (FloatAttr value = pad.getValueAttr())
              p.value = static_cast<float>(value.getValueAsDouble());
            ArrayRef<int64_t> pads = pad.getPads();
            if (pads.size() > 2 * QRT_MAX_RANK)
              return pad.emitOpError("has more pads than the runtime takes");
            llvm::copy(pads, p.pads);
            call.createFunction = "qrt_pad_create";
            call.params = b.finish();
            call.runInputs = {pad.getInput()};
            setCommon(pad.getBackend(), pad.getOutput());
            return success();
          })
          .Case([&](qrt::SliceOp slice) -> LogicalResult {
            ParamsBuilder<qrt_slice_params> b(sink, hint);
            qrt_slice_params &p = b.params;
            b.fillDesc(p.input, slice.getInput().getType(),
                       slice.getInputQuantAttr());
            b.fillDesc(p.output, slice.getOutput().getType(),
                       slice.getOutputQuantAttr());
            if (slice.getStarts().size() > QRT_MAX_RANK ||
                slice.getEnds().size() > QRT_MAX_RANK ||
                slice.getSteps().size() > QRT_MAX_RANK)
              return slice.emitOpError("has a rank above QRT_MAX_RANK");
            llvm::copy(slice.getStarts(), p.starts);
            llvm::copy(slice.getEnds(), p.ends);
            llvm::copy(slice.getSteps(), p.steps);
            call.createFunction = "qrt_slice_create";
            call.params = b.finish();
            call.runInputs = {slice.getInput()};
            setCommon(slice.getBackend(), slice.getOutput());
            return success();
          })
          .Case([&](qrt::ReduceOp reduce) -> LogicalResult {
            ParamsBuilder<qrt_reduce_params> b(sink, hint);
            qrt_reduce_params &p = b.params;
            p.op = static_cast<qrt_op>(reduce.getKind());
            b.fillDesc(p.input, reduce.getInput().getType(),
                       reduce.getInputQuantAttr());
            b.fillDesc(p.output, reduce.getOutput().getType(),
                       reduce.getOutputQuantAttr());
            if (reduce.getAxes().size() > QRT_MAX_RANK)
              return reduce.emitOpError("has more axes than QRT_MAX_RANK");
            p.num_axes = static_cast<int32_t>(reduce.getAxes().size());
            copyInts(p.axes, QRT_MAX_RANK, reduce.getAxes());
            p.keepdims = reduce.getKeepdims() ? 1 : 0;
            call.createFunction = "qrt_reduce_create";
            call.params = b.finish();
            call.runInputs = {reduce.getInput()};
            setCommon(reduce.getBackend(), reduce.getOutput());
            return success();
          })
          .Default([&](Operation *other) {
            return other->emitOpError(
                "has no lowering in convert-qrt-to-llvm (no runtime kernel "
                "family is known for it)");
          });
  if (failed(result))
    return failure();
  return call;
}

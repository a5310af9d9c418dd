//===- QNNToQRT.cpp - qnn graphs to qrt kernel calls on buffers -----------===//
//
// Lowers each function of qnn ops on tensors to qrt kernel calls on memrefs:
// NHWC inside, NCHW at the boundary (f32, or u8/s8 with a qrt.quant
// attribute), weights transposed at compile time, one backend chosen per
// call by asking libquantrt.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/Passes.h"

#include "dialects/QNN/QNNOps.h"
#include "dialects/QRT/QRTOps.h"
#include "quantrt/quantrt.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Transforms/DialectConversion.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/Endian.h"

#include <cmath>
#include <cstring>

namespace qmlir::conversion {
#define GEN_PASS_DEF_CONVERTQNNTOQRTPASS
#include "passes/Conversion/Passes.h.inc"
} // namespace qmlir::conversion

using namespace mlir;
using namespace qmlir;

namespace {

//===----------------------------------------------------------------------===//
// Layout
//===----------------------------------------------------------------------===//

/// Physical dim i of a 4-D buffer holds logical (NCHW) dim kToNHWC[i].
constexpr int64_t kToNHWC[4] = {0, 2, 3, 1};
/// Logical dim j of a 4-D value sits at physical dim kPhysicalDim[j].
constexpr int64_t kPhysicalDim[4] = {0, 3, 1, 2};
/// The transpose perm from NHWC back to NCHW.
constexpr int64_t kToNCHW[4] = {0, 3, 1, 2};

bool isNHWC(ArrayRef<int64_t> logicalShape) {
  return logicalShape.size() == 4;
}

SmallVector<int64_t> physicalShape(ArrayRef<int64_t> logical) {
  if (!isNHWC(logical))
    return SmallVector<int64_t>(logical);
  return {logical[0], logical[2], logical[3], logical[1]};
}

int64_t physicalAxis(int64_t axis, int64_t rank) {
  return rank == 4 ? kPhysicalDim[axis] : axis;
}

/// True if permuting `shape` by `perm` moves no data: the dims other than 1
/// keep their relative order, so the row-major bytes are the same.
bool isTrivialPermutation(ArrayRef<int64_t> shape, ArrayRef<int64_t> perm) {
  int64_t last = -1;
  for (int64_t p : perm) {
    if (shape[p] == 1)
      continue;
    if (p < last)
      return false;
    last = p;
  }
  return true;
}

//===----------------------------------------------------------------------===//
// Types
//===----------------------------------------------------------------------===//

/// The runtime dtype of a tensor element type: f32, u8/s8 from quantized
/// storage, s32 for i32 biases. Null if the runtime has none.
Type getBufferElementType(Type type) {
  MLIRContext *ctx = type.getContext();
  if (type.isF32())
    return type;
  if (auto quantType = dyn_cast<quant::QuantizedType>(type)) {
    unsigned width = quantType.getStorageTypeIntegralWidth();
    if (width != 8 && width != 32)
      return {};
    return IntegerType::get(ctx, width,
                            quantType.isSigned() ? IntegerType::Signed
                                                 : IntegerType::Unsigned);
  }
  if (auto intType = dyn_cast<IntegerType>(type))
    if (intType.getWidth() == 8 || intType.getWidth() == 32)
      return IntegerType::get(ctx, intType.getWidth(),
                              intType.isUnsigned() ? IntegerType::Unsigned
                                                   : IntegerType::Signed);
  return {};
}

/// The boundary types: a static tensor becomes a memref of the same
/// (logical) shape with the runtime's element type.
class BufferTypeConverter : public TypeConverter {
public:
  BufferTypeConverter() {
    addConversion([](Type type) -> std::optional<Type> {
      auto tensor = dyn_cast<RankedTensorType>(type);
      if (!tensor)
        return std::nullopt;
      Type element = getBufferElementType(tensor.getElementType());
      if (!element || !tensor.hasStaticShape())
        return std::nullopt;
      return MemRefType::get(tensor.getShape(), element);
    });
  }
};

qrt_dtype toQrtDtype(Type element) {
  if (element.isF32())
    return QRT_F32;
  if (element.isUnsignedInteger(8))
    return QRT_U8;
  if (element.isSignedInteger(8))
    return QRT_S8;
  return QRT_S32;
}

/// The per-tensor 8-bit quantization of a tensor's elements, if it has one:
/// what a model's int8 input or output can describe (one scale and zero
/// point, qmodel_tensor_info).
quant::UniformQuantizedType getPerTensorInt8(Type type) {
  auto uniform =
      dyn_cast<quant::UniformQuantizedType>(getElementTypeOrSelf(type));
  if (!uniform || uniform.getStorageTypeIntegralWidth() != 8)
    return {};
  return uniform;
}

Type getInt8Type(MLIRContext *ctx, bool isSigned) {
  return IntegerType::get(ctx, 8,
                          isSigned ? IntegerType::Signed : IntegerType::Unsigned);
}

/// The `qrt.quant` of an int8 boundary: the per-tensor type's, else scale 1
/// and zero point 0 (raw integers: the data is not one real quantity).
qrt::QuantAttr getBoundaryQuant(MLIRContext *ctx,
                                quant::UniformQuantizedType uniform) {
  if (!uniform)
    return qrt::QuantAttr::get(ctx, 1.0, 0);
  return qrt::QuantAttr::get(ctx, uniform.getScale(),
                             static_cast<int32_t>(uniform.getZeroPoint()));
}

/// The argument/result attribute convert-qrt-to-llvm reads for the scale
/// and zero point of int8 I/O.
constexpr StringLiteral kBoundaryQuantAttr = "qrt.quant";

//===----------------------------------------------------------------------===//
// The converter
//===----------------------------------------------------------------------===//

struct BackendInfo {
  StringRef name;
  qrt_backend backend;
  qrt::Backend attr;
};

constexpr BackendInfo kBackends[] = {
    {"onednn", QRT_BACKEND_ONEDNN, qrt::Backend::OneDNN},
    {"xnnpack", QRT_BACKEND_XNNPACK, qrt::Backend::XNNPack},
    {"ref", QRT_BACKEND_REF, qrt::Backend::Ref},
};

/// Lowers one function. Holds the map from tensor values to the buffers
/// that hold them (4-D values in NHWC).
class FunctionConverter {
public:
  FunctionConverter(func::FuncOp func, SymbolTable &symbols,
                    const BackendInfo &backend, bool int8IO)
      : func(func), symbols(symbols), backend(backend), int8IO(int8IO),
        builder(func.getContext()), ctx(func.getContext()) {}

  LogicalResult run();

private:
  // Buffers.
  FailureOr<Value> getBuffer(Value tensor);
  FailureOr<Value> materializeConstant(Value tensor, bool broadcastTo4D);
  Value allocPhysical(Value tensor);
  Value alloc(MemRefType type) {
    return memref::AllocOp::create(builder, loc, type);
  }
  FailureOr<Value> getLogicalBuffer(Value tensor);
  void defineFromLogical(Value tensor, Value logical);
  void emitTranspose(Value in, Value out, ArrayRef<int64_t> perm);
  MemRefType physicalType(Value tensor) const;
  MemRefType logicalType(Value tensor) const;

  // Descriptors and backend choice.
  FailureOr<qrt::QuantAttr> getQuant(Operation *node, Value tensor);
  FailureOr<qrt::ActivationAttr> getActivation(Operation *node,
                                               qnn::ActivationAttr act);
  FailureOr<qrt::BackendAttr> chooseBackend(Operation *node,
                                            qrt_capability_query query);
  qrt_capability_query makeQuery(qrt_op op, Value input, Value output) const;
  LogicalResult noKernel(Operation *node, const Twine &why);

  // Op conversions.
  // The boundary.
  struct ArgumentBoundary {
    Type element;
    qrt::QuantAttr quant; ///< null for f32
    /// Values whose buffer is the argument's (the casts it disappears in).
    SmallVector<Value> aliases;
  };
  FailureOr<ArgumentBoundary> classifyArgument(BlockArgument arg,
                                               Type converted);
  LogicalResult checkResultTypes(ArrayRef<Type> converted);
  StringRef getBoundaryName(unsigned index, bool isResult);
  bool returnsDCastInput(quant::DequantizeCastOp op) const;

  LogicalResult convert(Operation *op);
  LogicalResult convertQCast(quant::QuantizeCastOp op);
  LogicalResult convertDCast(quant::DequantizeCastOp op);
  template <typename QnnOp, typename QrtOp>
  LogicalResult convertMatmulLike(QnnOp op);
  LogicalResult convertBinary(Operation *op, qrt::BinaryKind kind,
                              qnn::ActivationAttr act);
  LogicalResult convertPool(Operation *op, qrt::PoolKind kind);
  LogicalResult convertConcat(qnn::ConcatOp op);
  LogicalResult convertResize(qnn::ResizeOp op);
  LogicalResult convertUnary(Operation *op, qrt::UnaryKind kind);
  std::optional<qrt::Backend> nativeBackend(qrt_capability_query query);
  bool expandSwish(Operation *op, Value in, Value out, qrt::QuantAttr inQuant,
                   qrt::QuantAttr outQuant);
  LogicalResult convertReshape(Operation *op);
  LogicalResult convertTranspose(qnn::TransposeOp op);
  LogicalResult convertPad(qnn::PadOp op);
  LogicalResult convertSlice(qnn::SliceOp op);
  LogicalResult convertReduceMean(qnn::ReduceMeanOp op);
  LogicalResult convertObserve(qnn::ObserveOp op);
  LogicalResult convertReturn(func::ReturnOp op);

  func::FuncOp func;
  SymbolTable &symbols;
  const BackendInfo &backend;
  /// io=int8: qcast/dcast at the boundary become int8 boundary buffers.
  bool int8IO;
  OpBuilder builder;
  MLIRContext *ctx;
  Location loc = UnknownLoc::get(ctx);
  DenseMap<Value, Value> buffers;
  /// Weights known to lie in [-64, 63] (QRT_CAP_WEIGHTS_7BIT).
  DenseSet<Value> sevenBitWeights;
  /// The boundary as converted: result types (from the returned buffers)
  /// and the qrt.quant of each int8 argument/result.
  SmallVector<Type> resultTypes;
  SmallVector<qrt::QuantAttr> resultQuants;
};

MemRefType FunctionConverter::physicalType(Value tensor) const {
  auto type = cast<RankedTensorType>(tensor.getType());
  return MemRefType::get(physicalShape(type.getShape()),
                         getBufferElementType(type.getElementType()));
}

MemRefType FunctionConverter::logicalType(Value tensor) const {
  auto type = cast<RankedTensorType>(tensor.getType());
  return MemRefType::get(type.getShape(),
                         getBufferElementType(type.getElementType()));
}

void FunctionConverter::emitTranspose(Value in, Value out,
                                      ArrayRef<int64_t> perm) {
  // Layout kernels always run: every backend but xnnpack has a transpose,
  // and ref has all of them.
  qrt_capability_query query = makeQuery(QRT_OP_TRANSPOSE, in, out);
  qrt::Backend choice =
      qrt_backend_supports(nullptr, backend.backend, &query, nullptr)
          ? backend.attr
          : qrt::Backend::Ref;
  qrt::LayoutOp::create(
      builder, loc, qrt::LayoutKindAttr::get(ctx, qrt::LayoutKind::Transpose),
      in, out, qrt::BackendAttr::get(ctx, choice),
      builder.getDenseI64ArrayAttr(perm));
}

Value FunctionConverter::allocPhysical(Value tensor) {
  Value buffer = alloc(physicalType(tensor));
  buffers[tensor] = buffer;
  return buffer;
}

FailureOr<Value> FunctionConverter::getBuffer(Value tensor) {
  if (Value buffer = buffers.lookup(tensor))
    return buffer;
  FailureOr<Value> constant = materializeConstant(tensor, false);
  if (succeeded(constant))
    buffers[tensor] = *constant;
  return constant;
}

/// A tensor in NCHW order: 4-D values are transposed out of NHWC into a
/// new buffer (skipped when the permutation moves no data: then the NHWC
/// buffer's bytes already are the NCHW order, and callers that only need
/// the byte order may use it; here we always hand back a logical shape).
FailureOr<Value> FunctionConverter::getLogicalBuffer(Value tensor) {
  FailureOr<Value> buffer = getBuffer(tensor);
  if (failed(buffer) || !isNHWC(logicalType(tensor).getShape()))
    return buffer;
  // The buffer's own element type: an integer argument's signedness comes
  // from its ONNX type, not from the (signless) tensor.
  Value logical = alloc(
      MemRefType::get(logicalType(tensor).getShape(),
                      cast<MemRefType>(buffer->getType()).getElementType()));
  emitTranspose(*buffer, logical, kToNCHW);
  return logical;
}

/// Defines `tensor` from a buffer in NCHW order.
void FunctionConverter::defineFromLogical(Value tensor, Value logical) {
  if (!isNHWC(logicalType(tensor).getShape())) {
    buffers[tensor] = logical;
    return;
  }
  emitTranspose(logical, allocPhysical(tensor), kToNHWC);
}

/// Reads the elements of a constant as raw little-endian bytes of width
/// `bytes`, in row-major order.
FailureOr<SmallVector<char>> getConstantBytes(ElementsAttr value,
                                              unsigned bytes) {
  SmallVector<char> data;
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(value)) {
    AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    if (!blob)
      return failure();
    ArrayRef<char> raw = blob->getData();
    if (static_cast<int64_t>(raw.size()) != value.getNumElements() * bytes)
      return failure();
    data.assign(raw.begin(), raw.end());
    return data;
  }
  auto dense = dyn_cast<DenseElementsAttr>(value);
  if (!dense)
    return failure();
  data.reserve(value.getNumElements() * bytes);
  auto append = [&](uint64_t bits) {
    for (unsigned i = 0; i < bytes; ++i)
      data.push_back(static_cast<char>((bits >> (8 * i)) & 0xff));
  };
  if (isa<FloatType>(dense.getElementType())) {
    for (APFloat v : dense.getValues<APFloat>())
      append(v.bitcastToAPInt().getZExtValue());
  } else {
    for (APInt v : dense.getValues<APInt>())
      append(v.getZExtValue());
  }
  return data;
}

/// Rebuilds a constant of `type` from row-major bytes, inline unless the
/// source was a resource (large data stays out of the IR text).
Attribute buildConstant(MemRefType memrefType, ArrayRef<char> data,
                        bool asResource, StringRef name) {
  auto type = RankedTensorType::get(memrefType.getShape(),
                                    memrefType.getElementType());
  if (asResource)
    return DenseResourceElementsAttr::get(
        type, name,
        HeapAsmResourceBlob::allocateAndCopyWithAlign(data, alignof(int64_t)));
  bool detectedSplat = false;
  if (!DenseElementsAttr::isValidRawBuffer(type, data, detectedSplat))
    return {};
  return DenseElementsAttr::getFromRawBuffer(type, data);
}

/// The f32 values of a quantized constant, (q - zero_point) * scale per
/// element (per axis: the element's index on the quantized dimension), as
/// raw bytes in row-major order.
FailureOr<SmallVector<char>> dequantizeConstant(ElementsAttr value,
                                                RankedTensorType type) {
  auto quantType = dyn_cast<quant::QuantizedType>(type.getElementType());
  if (!quantType)
    return failure();
  unsigned width = quantType.getStorageTypeIntegralWidth();
  if (width != 8 && width != 32)
    return failure();
  FailureOr<SmallVector<char>> raw = getConstantBytes(value, width / 8);
  if (failed(raw))
    return failure();
  ArrayRef<int64_t> shape = type.getShape();
  int64_t count = type.getNumElements();
  SmallVector<double> scales;
  SmallVector<int64_t> zeroPoints;
  int64_t axis = -1, stride = 1;
  if (auto uniform = dyn_cast<quant::UniformQuantizedType>(quantType)) {
    scales.push_back(uniform.getScale());
    zeroPoints.push_back(uniform.getZeroPoint());
  } else if (auto perAxis =
                 dyn_cast<quant::UniformQuantizedPerAxisType>(quantType)) {
    llvm::append_range(scales, perAxis.getScales());
    llvm::append_range(zeroPoints, perAxis.getZeroPoints());
    axis = perAxis.getQuantizedDimension();
    for (int64_t d = axis + 1; d < type.getRank(); ++d)
      stride *= shape[d];
  } else {
    return failure();
  }
  SmallVector<char> out(count * sizeof(float));
  for (int64_t i = 0; i < count; ++i) {
    int64_t q = 0;
    const char *p = raw->data() + i * (width / 8);
    if (width == 8)
      q = quantType.isSigned() ? int64_t(static_cast<int8_t>(*p))
                               : int64_t(static_cast<uint8_t>(*p));
    else
      q = int64_t(static_cast<int32_t>(llvm::support::endian::read32le(p)));
    int64_t channel = axis < 0 ? 0 : (i / stride) % shape[axis];
    auto real = static_cast<float>(
        static_cast<double>(q - zeroPoints[channel]) * scales[channel]);
    std::memcpy(out.data() + i * sizeof(float), &real, sizeof(float));
  }
  return out;
}

FailureOr<Value> FunctionConverter::materializeConstant(Value tensor,
                                                        bool broadcastTo4D) {
  Value source = tensor;
  // A dequantized constant (a weight or bias of a node left in float) is
  // dequantized here, at compile time: float kernels read constant globals.
  auto dcast = source.getDefiningOp<quant::DequantizeCastOp>();
  if (dcast)
    source = dcast.getInput();
  if (auto scast = source.getDefiningOp<quant::StorageCastOp>())
    source = scast.getInput();
  auto constant = source.getDefiningOp<arith::ConstantOp>();
  if (!constant)
    return failure();
  auto value = dyn_cast<ElementsAttr>(constant.getValue());
  if (!value)
    return failure();
  auto tensorType = cast<RankedTensorType>(tensor.getType());
  Type element = getBufferElementType(tensorType.getElementType());
  if (!element)
    return failure();
  unsigned bytes = element.getIntOrFloatBitWidth() / 8;
  FailureOr<SmallVector<char>> data =
      dcast ? dequantizeConstant(
                  value, cast<RankedTensorType>(dcast.getInput().getType()))
            : getConstantBytes(value, bytes);
  if (failed(data))
    return failure();

  // Logical shape (optionally padded with leading 1s to 4-D for a
  // broadcast against an NHWC value), then the physical permutation.
  SmallVector<int64_t> logical(tensorType.getShape());
  if (broadcastTo4D)
    logical.insert(logical.begin(), 4 - logical.size(), 1);
  SmallVector<int64_t> physical = physicalShape(logical);
  bool permuted = isNHWC(logical) && !isTrivialPermutation(logical, kToNHWC);
  SmallVector<char> out = *data;
  if (permuted) {
    // Row-major strides of the logical shape; walk the physical order.
    int64_t strides[4] = {logical[1] * logical[2] * logical[3],
                          logical[2] * logical[3], logical[3], 1};
    size_t pos = 0;
    for (int64_t a = 0; a < physical[0]; ++a)
      for (int64_t b = 0; b < physical[1]; ++b)
        for (int64_t c = 0; c < physical[2]; ++c)
          for (int64_t d = 0; d < physical[3]; ++d, ++pos) {
            int64_t idx[4] = {a, b, c, d};
            int64_t src = 0;
            for (int i = 0; i < 4; ++i)
              src += idx[i] * strides[kToNHWC[i]];
            std::copy_n(data->begin() + src * bytes, bytes,
                        out.begin() + pos * bytes);
          }
  }

  if (element.isSignedInteger(8)) {
    bool sevenBit = llvm::all_of(out, [](char c) {
      auto v = static_cast<int8_t>(c);
      return v >= -64 && v <= 63;
    });
    if (sevenBit)
      sevenBitWeights.insert(tensor);
  }

  auto resource = dyn_cast<DenseResourceElementsAttr>(value);
  std::string name =
      resource ? resource.getRawHandle().getKey().str() : "__constant";
  if (dcast)
    name += "_f32";
  // OIHW -> OHWI and NCHW -> NHWC are the same permutation.
  if (permuted)
    name += "_nhwc";
  auto memrefType = MemRefType::get(physical, element);
  Attribute init;
  if (resource && !permuted && !dcast)
    init = DenseResourceElementsAttr::get(
        RankedTensorType::get(physical, element), resource.getRawHandle());
  else
    init = buildConstant(memrefType, out, resource != nullptr, name);
  if (!init)
    return failure();

  memref::GlobalOp global;
  {
    OpBuilder::InsertionGuard guard(builder);
    builder.setInsertionPoint(func);
    global = memref::GlobalOp::create(
        builder, constant.getLoc(), name, builder.getStringAttr("private"),
        memrefType, init, /*constant=*/true, /*alignment=*/IntegerAttr());
    // Renames on a clash (two inline constants, a reused resource).
    symbols.insert(global);
  }
  return memref::GetGlobalOp::create(builder, loc, memrefType,
                                     global.getSymName())
      .getResult();
}

//===----------------------------------------------------------------------===//
// Descriptors and backend choice
//===----------------------------------------------------------------------===//

LogicalResult FunctionConverter::noKernel(Operation *node, const Twine &why) {
  return node->emitError() << "node '" << qnn::getNodeName(node) << "' ("
                           << node->getName()
                           << ") has no runtime kernel: " << why;
}

FailureOr<qrt::QuantAttr> FunctionConverter::getQuant(Operation *node,
                                                      Value tensor) {
  auto type = cast<RankedTensorType>(tensor.getType());
  Type element = type.getElementType();
  if (auto uniform = dyn_cast<quant::UniformQuantizedType>(element))
    return qrt::QuantAttr::get(ctx, uniform.getScale(),
                               static_cast<int32_t>(uniform.getZeroPoint()));
  if (auto perAxis = dyn_cast<quant::UniformQuantizedPerAxisType>(element)) {
    ArrayRef<int64_t> zeroPoints = perAxis.getZeroPoints();
    if (!llvm::all_equal(zeroPoints)) {
      (void)noKernel(node, "per-channel zero points must all be equal");
      return failure();
    }
    int64_t axis =
        physicalAxis(perAxis.getQuantizedDimension(), type.getRank());
    return qrt::QuantAttr::get(
        ctx, perAxis.getScales(), static_cast<int32_t>(axis),
        static_cast<int32_t>(zeroPoints.empty() ? 0 : zeroPoints.front()));
  }
  return qrt::QuantAttr();
}

FailureOr<qrt::ActivationAttr>
FunctionConverter::getActivation(Operation *node, qnn::ActivationAttr act) {
  if (!act)
    return qrt::ActivationAttr();
  switch (act.getKind()) {
  case qnn::ActivationKind::Relu:
    return qrt::ActivationAttr::get(ctx, qrt::ActivationKind::Relu);
  case qnn::ActivationKind::Clamp: {
    double lo = act.getMin().convertToDouble();
    double hi = act.getMax().convertToDouble();
    if (lo == 0.0 && hi == 6.0)
      return qrt::ActivationAttr::get(ctx, qrt::ActivationKind::Relu6);
    return qrt::ActivationAttr::get(ctx, qrt::ActivationKind::Clamp, lo, hi);
  }
  case qnn::ActivationKind::Swish:
    return qrt::ActivationAttr::get(ctx, qrt::ActivationKind::Swish);
  case qnn::ActivationKind::LeakyRelu:
    break;
  }
  (void)noKernel(node, "the runtime has no fused leaky_relu");
  return failure();
}

qrt_capability_query FunctionConverter::makeQuery(qrt_op op, Value input,
                                                  Value output) const {
  qrt_capability_query query{};
  query.op = op;
  query.input_dtype =
      toQrtDtype(cast<MemRefType>(input.getType()).getElementType());
  query.weight_dtype = query.input_dtype;
  query.output_dtype =
      toQrtDtype(cast<MemRefType>(output.getType()).getElementType());
  query.activation = QRT_ACT_NONE;
  query.layout = QRT_LAYOUT_NHWC;
  query.flags = 0;
  return query;
}

FailureOr<qrt::BackendAttr>
FunctionConverter::chooseBackend(Operation *node, qrt_capability_query query) {
  const char *reason = nullptr;
  if (qrt_backend_supports(nullptr, backend.backend, &query, &reason))
    return qrt::BackendAttr::get(ctx, backend.attr);
  // oneDNN 2.6 has no int8 binary ops with source zero points, no int8
  // sigmoid/hard_swish/softmax: XNNPACK's native kernels (qu8/qs8) beat the
  // reference loops by an order of magnitude (efficientnet_b0's SiLU and
  // squeeze-excite blocks), so onednn falls back to xnnpack before ref.
  if (backend.backend == QRT_BACKEND_ONEDNN &&
      qrt_backend_available(QRT_BACKEND_XNNPACK) &&
      qrt_backend_supports(nullptr, QRT_BACKEND_XNNPACK, &query, nullptr)) {
    node->emitRemark() << "node '" << qnn::getNodeName(node) << "' ("
                       << node->getName() << ") runs on xnnpack: "
                       << backend.name << " cannot run it ("
                       << (reason ? reason : "unsupported") << ")";
    return qrt::BackendAttr::get(ctx, qrt::Backend::XNNPack);
  }
  const char *refReason = nullptr;
  if (!qrt_backend_supports(nullptr, QRT_BACKEND_REF, &query, &refReason)) {
    (void)noKernel(node, refReason ? refReason : "unsupported");
    return failure();
  }
  node->emitRemark() << "node '" << qnn::getNodeName(node) << "' ("
                     << node->getName() << ") runs on ref: " << backend.name
                     << " cannot run it (" << (reason ? reason : "unsupported")
                     << ")";
  return qrt::BackendAttr::get(ctx, qrt::Backend::Ref);
}

//===----------------------------------------------------------------------===//
// Op conversions
//===----------------------------------------------------------------------===//

LogicalResult FunctionConverter::convertQCast(quant::QuantizeCastOp op) {
  Value result = op.getResult();
  Value input = op.getInput();
  // io=int8: the caller quantized it already (the argument's buffer).
  if (buffers.contains(result))
    return success();
  // dcast -> qcast is one requantize from the dcast's quantized input.
  auto dcast = input.getDefiningOp<quant::DequantizeCastOp>();
  Value source = dcast ? dcast.getInput() : input;
  if (dcast && source.getType() == result.getType()) {
    FailureOr<Value> buffer = getBuffer(source);
    if (failed(buffer))
      return failure();
    buffers[result] = *buffer;
    return success();
  }
  FailureOr<Value> in = getBuffer(source);
  if (failed(in))
    return op.emitError("no buffer for the quantize input");
  FailureOr<qrt::QuantAttr> inQuant = getQuant(op, source);
  FailureOr<qrt::QuantAttr> outQuant = getQuant(op, result);
  if (failed(inQuant) || failed(outQuant))
    return failure();
  Value out = allocPhysical(result);
  qrt::ConvertKind kind =
      dcast ? qrt::ConvertKind::Requantize : qrt::ConvertKind::Quantize;
  qrt_capability_query query = makeQuery(
      dcast ? QRT_OP_REQUANTIZE : QRT_OP_QUANTIZE, *in, out);
  if ((*inQuant && inQuant->isPerChannel()) ||
      (*outQuant && outQuant->isPerChannel()))
    query.flags |= QRT_CAP_PER_CHANNEL;
  FailureOr<qrt::BackendAttr> be = chooseBackend(op, query);
  if (failed(be))
    return failure();
  qrt::ConvertOp::create(builder, loc, qrt::ConvertKindAttr::get(ctx, kind),
                         *in, out, *be, *inQuant, *outQuant);
  return success();
}

LogicalResult FunctionConverter::convertDCast(quant::DequantizeCastOp op) {
  // Of a constant: dequantized at compile time where it is used.
  Value source = op.getInput();
  if (auto scast = source.getDefiningOp<quant::StorageCastOp>())
    source = scast.getInput();
  if (source.getDefiningOp<arith::ConstantOp>())
    return success();
  // Only qcasts use it: each becomes a requantize (convertQCast). With
  // io=int8 a return of it returns the int8 input instead.
  bool toReturn = returnsDCastInput(op);
  if (llvm::all_of(op->getUsers(), [&](Operation *user) {
        return isa<quant::QuantizeCastOp>(user) ||
               (toReturn && isa<func::ReturnOp>(user));
      }))
    return success();
  FailureOr<Value> in = getBuffer(op.getInput());
  if (failed(in))
    return op.emitError("no buffer for the dequantize input");
  FailureOr<qrt::QuantAttr> inQuant = getQuant(op, op.getInput());
  if (failed(inQuant))
    return failure();
  Value out = allocPhysical(op.getResult());
  qrt_capability_query query = makeQuery(QRT_OP_DEQUANTIZE, *in, out);
  if (*inQuant && inQuant->isPerChannel())
    query.flags |= QRT_CAP_PER_CHANNEL;
  FailureOr<qrt::BackendAttr> be = chooseBackend(op, query);
  if (failed(be))
    return failure();
  qrt::ConvertOp::create(
      builder, loc,
      qrt::ConvertKindAttr::get(ctx, qrt::ConvertKind::Dequantize), *in, out,
      *be, *inQuant, qrt::QuantAttr());
  return success();
}

template <typename QnnOp, typename QrtOp>
LogicalResult FunctionConverter::convertMatmulLike(QnnOp op) {
  constexpr bool isConv = std::is_same_v<QnnOp, qnn::Conv2DOp>;
  auto weightType = cast<RankedTensorType>(op.getWeight().getType());
  if (auto q = dyn_cast<quant::QuantizedType>(weightType.getElementType()))
    if (!q.isSigned() || q.getStorageTypeIntegralWidth() != 8)
      return noKernel(op, "weights must be s8 (the runtime has no u8 "
                          "weights)");
  // fully_connected reads [..., K] in the graph's order.
  FailureOr<Value> in =
      isConv ? getBuffer(op.getInput()) : getLogicalBuffer(op.getInput());
  FailureOr<Value> filter = getBuffer(op.getWeight());
  if (failed(in) || failed(filter))
    return op.emitError("no buffer for the input or weight");
  Value bias, residual;
  if (op.getBias()) {
    FailureOr<Value> b = getBuffer(op.getBias());
    if (failed(b))
      return op.emitError("no buffer for the bias");
    bias = *b;
  }
  if (op.getResidual()) {
    FailureOr<Value> r = isConv ? getBuffer(op.getResidual())
                                : getLogicalBuffer(op.getResidual());
    if (failed(r))
      return op.emitError("no buffer for the residual");
    residual = *r;
  }
  FailureOr<qrt::QuantAttr> inQ = getQuant(op, op.getInput());
  FailureOr<qrt::QuantAttr> fQ = getQuant(op, op.getWeight());
  FailureOr<qrt::QuantAttr> oQ = getQuant(op, op.getOutput());
  FailureOr<qrt::QuantAttr> rQ =
      op.getResidual() ? getQuant(op, op.getResidual())
                       : FailureOr<qrt::QuantAttr>(qrt::QuantAttr());
  FailureOr<qrt::ActivationAttr> act =
      getActivation(op, op.getActivationAttr());
  if (failed(inQ) || failed(fQ) || failed(oQ) || failed(rQ) || failed(act))
    return failure();
  if (*fQ && fQ->getZeroPoint() != 0)
    return noKernel(op, "weights must have zero point 0");
  if (*fQ && fQ->isPerChannel() && fQ->getAxis() != 0)
    return noKernel(op, "per-channel weights must be on the output axis");

  Value out = isConv ? allocPhysical(op.getOutput())
                     : alloc(logicalType(op.getOutput()));
  qrt_capability_query query = makeQuery(
      isConv ? QRT_OP_CONV2D : QRT_OP_FULLY_CONNECTED, *in, out);
  query.weight_dtype =
      toQrtDtype(cast<MemRefType>(filter->getType()).getElementType());
  query.activation =
      *act ? static_cast<qrt_activation_kind>(act->getKind()) : QRT_ACT_NONE;
  if (*fQ && fQ->isPerChannel())
    query.flags |= QRT_CAP_PER_CHANNEL;
  if (residual)
    query.flags |= QRT_CAP_RESIDUAL;
  if (sevenBitWeights.contains(op.getWeight()))
    query.flags |= QRT_CAP_WEIGHTS_7BIT;
  if constexpr (isConv) {
    int64_t groups = op.getGroups();
    int64_t channels =
        cast<RankedTensorType>(op.getInput().getType()).getDimSize(1);
    if (groups > 1)
      query.flags |= groups == channels ? QRT_CAP_DEPTHWISE : QRT_CAP_GROUPED;
  }
  FailureOr<qrt::BackendAttr> be = chooseBackend(op, query);
  if (failed(be))
    return failure();
  if constexpr (isConv) {
    qrt::Conv2DOp::create(builder, loc, *in, *filter, bias, residual, out, *be,
                          op.getStridesAttr(), op.getPadsAttr(),
                          op.getDilationsAttr(), op.getGroupsAttr(), *act,
                          *inQ, *fQ, *oQ, *rQ);
  } else {
    qrt::FullyConnectedOp::create(builder, loc, *in, *filter, bias, residual,
                                  out, *be, *act, *inQ, *fQ, *oQ, *rQ);
    defineFromLogical(op.getOutput(), out);
  }
  return success();
}

LogicalResult FunctionConverter::convertBinary(Operation *op,
                                               qrt::BinaryKind kind,
                                               qnn::ActivationAttr qnnAct) {
  Value lhsT = op->getOperand(0), rhsT = op->getOperand(1);
  Value result = op->getResult(0);
  bool outNHWC = isNHWC(logicalType(result).getShape());
  // A lower-rank operand broadcast against an NHWC result is brought to 4-D
  // (leading 1s) and to NHWC, so right-aligned broadcasting still lines up.
  auto operandBuffer = [&](Value tensor) -> FailureOr<Value> {
    int64_t rank = cast<RankedTensorType>(tensor.getType()).getRank();
    if (!outNHWC || rank == 4)
      return getBuffer(tensor);
    FailureOr<Value> constant = materializeConstant(tensor, true);
    if (succeeded(constant))
      return constant;
    FailureOr<Value> buffer = getBuffer(tensor);
    if (failed(buffer))
      return failure();
    SmallVector<int64_t> shape4(logicalType(tensor).getShape());
    shape4.insert(shape4.begin(), 4 - shape4.size(), 1);
    Type element = logicalType(tensor).getElementType();
    Value logical = alloc(MemRefType::get(shape4, element));
    qrt::LayoutOp::create(
        builder, loc, qrt::LayoutKindAttr::get(ctx, qrt::LayoutKind::Reshape),
        *buffer, logical, qrt::BackendAttr::get(ctx, qrt::Backend::Ref),
        DenseI64ArrayAttr());
    Value physical =
        alloc(MemRefType::get(physicalShape(shape4), element));
    emitTranspose(logical, physical, kToNHWC);
    return physical;
  };
  FailureOr<Value> lhs = operandBuffer(lhsT), rhs = operandBuffer(rhsT);
  if (failed(lhs) || failed(rhs))
    return op->emitError("no buffer for an operand");
  FailureOr<qrt::QuantAttr> lq = getQuant(op, lhsT), rq = getQuant(op, rhsT),
                            oq = getQuant(op, result);
  FailureOr<qrt::ActivationAttr> act = getActivation(op, qnnAct);
  if (failed(lq) || failed(rq) || failed(oq) || failed(act))
    return failure();
  Value out = allocPhysical(result);
  // The kind's value is its qrt_op.
  qrt_capability_query query =
      makeQuery(static_cast<qrt_op>(kind), *lhs, out);
  query.weight_dtype =
      toQrtDtype(cast<MemRefType>(rhs->getType()).getElementType());
  query.activation =
      *act ? static_cast<qrt_activation_kind>(act->getKind()) : QRT_ACT_NONE;
  FailureOr<qrt::BackendAttr> be = chooseBackend(op, query);
  if (failed(be))
    return failure();
  qrt::BinaryOp::create(builder, loc, qrt::BinaryKindAttr::get(ctx, kind),
                        *lhs, *rhs, out, *be, *act, *lq, *rq, *oq);
  return success();
}

LogicalResult FunctionConverter::convertPool(Operation *op,
                                             qrt::PoolKind kind) {
  Value inT = op->getOperand(0), result = op->getResult(0);
  DenseI64ArrayAttr kernel, strides, pads;
  bool countIncludePad = false;
  auto checkShape = [&](ArrayRef<int64_t> dilations,
                        bool ceilMode) -> LogicalResult {
    if (llvm::any_of(dilations, [](int64_t d) { return d != 1; }))
      return noKernel(op, "the runtime's pooling has no dilation");
    if (!ceilMode)
      return success();
    auto emitError = [&] { return op->emitError(); };
    FailureOr<qnn::Shape> floorShape = qnn::inferPool2dShape(
        emitError, logicalType(inT).getShape(), kernel.asArrayRef(),
        strides.asArrayRef(), pads.asArrayRef(), {1, 1}, false);
    if (failed(floorShape) ||
        ArrayRef<int64_t>(*floorShape) != logicalType(result).getShape())
      return noKernel(op, "ceil_mode changes the output shape and the "
                          "runtime's pooling has no ceil mode");
    return success();
  };
  if (auto maxPool = dyn_cast<qnn::MaxPoolOp>(op)) {
    kernel = maxPool.getKernelAttr();
    strides = maxPool.getStridesAttr();
    pads = maxPool.getPadsAttr();
    if (failed(checkShape(maxPool.getDilations(), maxPool.getCeilMode())))
      return failure();
  } else if (auto avgPool = dyn_cast<qnn::AvgPoolOp>(op)) {
    kernel = avgPool.getKernelAttr();
    strides = avgPool.getStridesAttr();
    pads = avgPool.getPadsAttr();
    countIncludePad = avgPool.getCountIncludePad();
    if (failed(checkShape({}, avgPool.getCeilMode())))
      return failure();
  }
  FailureOr<Value> in = getBuffer(inT);
  if (failed(in))
    return op->emitError("no buffer for the input");
  FailureOr<qrt::QuantAttr> iq = getQuant(op, inT), oq = getQuant(op, result);
  if (failed(iq) || failed(oq))
    return failure();
  Value out = allocPhysical(result);
  qrt_op qop = kind == qrt::PoolKind::Max   ? QRT_OP_MAX_POOL
               : kind == qrt::PoolKind::Avg ? QRT_OP_AVG_POOL
                                            : QRT_OP_GLOBAL_AVG_POOL;
  qrt_capability_query query = makeQuery(qop, *in, out);
  bool padded =
      pads && llvm::any_of(pads.asArrayRef(), [](int64_t p) { return p != 0; });
  if (kind == qrt::PoolKind::Avg && padded) {
    query.flags |= QRT_CAP_POOL_PADDED;
    if (countIncludePad)
      query.flags |= QRT_CAP_POOL_COUNT_PAD;
  }
  FailureOr<qrt::BackendAttr> be = chooseBackend(op, query);
  if (failed(be))
    return failure();
  qrt::Pool2DOp::create(builder, loc, qrt::PoolKindAttr::get(ctx, kind), *in,
                        out, *be, kernel, strides, pads,
                        countIncludePad ? builder.getUnitAttr() : UnitAttr(),
                        *iq, *oq);
  return success();
}

LogicalResult FunctionConverter::convertConcat(qnn::ConcatOp op) {
  SmallVector<Value> ins;
  SmallVector<Attribute> quants;
  for (Value input : op.getInputs()) {
    FailureOr<Value> buffer = getBuffer(input);
    FailureOr<qrt::QuantAttr> quant = getQuant(op, input);
    if (failed(buffer) || failed(quant))
      return op.emitError("no buffer for an input");
    ins.push_back(*buffer);
    if (*quant)
      quants.push_back(*quant);
  }
  FailureOr<qrt::QuantAttr> oq = getQuant(op, op.getOutput());
  if (failed(oq))
    return failure();
  Value out = allocPhysical(op.getOutput());
  int64_t rank = logicalType(op.getOutput()).getRank();
  FailureOr<qrt::BackendAttr> be =
      chooseBackend(op, makeQuery(QRT_OP_CONCAT, ins.front(), out));
  if (failed(be))
    return failure();
  qrt::ConcatOp::create(
      builder, loc, ins, out, *be,
      builder.getI64IntegerAttr(physicalAxis(op.getAxis(), rank)),
      quants.empty() ? ArrayAttr() : builder.getArrayAttr(quants), *oq);
  return success();
}

LogicalResult FunctionConverter::convertResize(qnn::ResizeOp op) {
  ArrayRef<int64_t> inShape = logicalType(op.getInput()).getShape();
  ArrayRef<int64_t> outShape = logicalType(op.getOutput()).getShape();
  if (inShape.size() != 4 || inShape[0] != outShape[0] ||
      inShape[1] != outShape[1])
    return noKernel(op, "the runtime resizes only H and W of a 4-D tensor");
  qrt::ResizeMode mode = op.getMode() == qnn::ResizeMode::Nearest
                             ? qrt::ResizeMode::Nearest
                             : qrt::ResizeMode::Bilinear;
  if (mode == qrt::ResizeMode::Nearest &&
      op.getNearestMode() != qnn::NearestMode::Floor)
    return noKernel(op, "nearest resize rounds down only (nearest_mode = "
                        "floor), got " +
                            qnn::stringifyNearestMode(op.getNearestMode()));
  qrt::ResizeCoord coord = qrt::ResizeCoord::HalfPixel;
  switch (op.getCoordinateTransform()) {
  case qnn::CoordinateTransform::HalfPixel:
    coord = qrt::ResizeCoord::HalfPixel;
    break;
  case qnn::CoordinateTransform::PytorchHalfPixel:
    // Equal to half_pixel unless an output extent is 1.
    if (outShape[2] == 1 || outShape[3] == 1)
      return noKernel(op, "pytorch_half_pixel with an output extent of 1");
    coord = qrt::ResizeCoord::HalfPixel;
    break;
  case qnn::CoordinateTransform::AlignCorners:
    coord = qrt::ResizeCoord::AlignCorners;
    break;
  case qnn::CoordinateTransform::Asymmetric:
    coord = qrt::ResizeCoord::Asymmetric;
    break;
  }
  // The runtime derives each scale from the shapes.
  ArrayRef<float> scales = op.getScales();
  for (int i = 2; i < 4; ++i) {
    double ratio = static_cast<double>(outShape[i]) / inShape[i];
    if (scales.size() == 4 && std::abs(scales[i] - ratio) > 1e-6 * ratio)
      return noKernel(op, "scales that differ from output/input extents");
  }
  FailureOr<Value> in = getBuffer(op.getInput());
  FailureOr<qrt::QuantAttr> iq = getQuant(op, op.getInput()),
                            oq = getQuant(op, op.getOutput());
  if (failed(in) || failed(iq) || failed(oq))
    return failure();
  Value out = allocPhysical(op.getOutput());
  qrt_capability_query query = makeQuery(QRT_OP_RESIZE, *in, out);
  if (mode == qrt::ResizeMode::Nearest)
    query.flags |= QRT_CAP_RESIZE_NEAREST;
  FailureOr<qrt::BackendAttr> be = chooseBackend(op, query);
  if (failed(be))
    return failure();
  qrt::ResizeOp::create(builder, loc, qrt::ResizeModeAttr::get(ctx, mode),
                        qrt::ResizeCoordAttr::get(ctx, coord), *in, out, *be,
                        *iq, *oq);
  return success();
}

LogicalResult FunctionConverter::convertUnary(Operation *op,
                                              qrt::UnaryKind kind) {
  Value inT = op->getOperand(0), result = op->getResult(0);
  if (auto softmax = dyn_cast<qnn::SoftmaxOp>(op)) {
    int64_t rank = logicalType(inT).getRank();
    if (physicalAxis(softmax.getAxis(), rank) != rank - 1)
      return noKernel(op, "softmax runs over the innermost axis only (the "
                          "channels of a 4-D tensor)");
  }
  // The parameters of the kinds that have them (qnn's verifiers already
  // reject NaN clamp bounds; alpha/beta must also be finite here).
  FloatAttr alpha, beta, min, max;
  if (auto leaky = dyn_cast<qnn::LeakyReluOp>(op)) {
    alpha = leaky.getAlphaAttr();
  } else if (auto hardSigmoid = dyn_cast<qnn::HardSigmoidOp>(op)) {
    alpha = hardSigmoid.getAlphaAttr();
    beta = hardSigmoid.getBetaAttr();
  } else if (auto clamp = dyn_cast<qnn::ClampOp>(op)) {
    min = clamp.getMinAttr();
    max = clamp.getMaxAttr();
  }
  for (FloatAttr attr : {alpha, beta})
    if (attr && !std::isfinite(attr.getValueAsDouble()))
      return noKernel(op, "alpha and beta must be finite");
  FailureOr<Value> in = getBuffer(inT);
  FailureOr<qrt::QuantAttr> iq = getQuant(op, inT), oq = getQuant(op, result);
  if (failed(in) || failed(iq) || failed(oq))
    return failure();
  Value out = allocPhysical(result);
  if (kind == qrt::UnaryKind::Swish && expandSwish(op, *in, out, *iq, *oq))
    return success();
  // The kind's value is its qrt_op.
  FailureOr<qrt::BackendAttr> be =
      chooseBackend(op, makeQuery(static_cast<qrt_op>(kind), *in, out));
  if (failed(be))
    return failure();
  qrt::UnaryOp::create(builder, loc, qrt::UnaryKindAttr::get(ctx, kind), *in,
                       out, *be, *iq, *oq, alpha, beta, min, max);
  return success();
}

/// The backend that runs `query` natively without ref: the selected one,
/// or for onednn XNNPACK (chooseBackend's order), or none.
std::optional<qrt::Backend>
FunctionConverter::nativeBackend(qrt_capability_query query) {
  if (qrt_backend_supports(nullptr, backend.backend, &query, nullptr))
    return backend.attr;
  if (backend.backend == QRT_BACKEND_ONEDNN &&
      qrt_backend_available(QRT_BACKEND_XNNPACK) &&
      qrt_backend_supports(nullptr, QRT_BACKEND_XNNPACK, &query, nullptr))
    return qrt::Backend::XNNPack;
  return std::nullopt;
}

/// `x * sigmoid(x)` as a sigmoid and a mul kernel, where that is faster
/// than one swish kernel:
///  - f32 on a backend without a native swish (XNNPACK) but with native
///    sigmoid and mul (ref's scalar exp loop is several times slower);
///  - int8 always: the gate takes sigmoid's fixed encoding (scale 1/256,
///    XNNPACK's zero point) and the mul requantizes, two roundings as in the
///    sigmoid + mul pair the canonicalization replaced, on every backend
///    alike. One swish is one 256-entry table lookup on ref, but that scalar
///    loop was measured slower than XNNPACK's two vectorized kernels
///    (efficientnet_b0 int8 on onednn: +1.1 ms, +0.15 dB logit SQNR).
/// False (nothing emitted) otherwise.
bool FunctionConverter::expandSwish(Operation *op, Value in, Value out,
                                    qrt::QuantAttr inQuant,
                                    qrt::QuantAttr outQuant) {
  std::optional<qrt::Backend> sigmoidBackend =
      nativeBackend(makeQuery(QRT_OP_SIGMOID, in, in));
  std::optional<qrt::Backend> mulBackend =
      nativeBackend(makeQuery(QRT_OP_MUL, in, out));
  if (inQuant) {
    sigmoidBackend = sigmoidBackend.value_or(qrt::Backend::Ref);
    mulBackend = mulBackend.value_or(qrt::Backend::Ref);
  } else if (nativeBackend(makeQuery(QRT_OP_SWISH, in, out)) ||
             !sigmoidBackend || !mulBackend) {
    return false;
  }
  InFlightDiagnostic remark = op->emitRemark();
  remark << "node '" << qnn::getNodeName(op) << "' (" << op->getName()
         << ") runs as sigmoid and mul on "
         << qrt::stringifyBackend(*mulBackend) << ": ";
  if (inQuant)
    remark << "int8, the gate at scale 1/256";
  else
    remark << backend.name << " has no native swish";
  auto gateType = cast<MemRefType>(in.getType());
  qrt::QuantAttr gateQuant;
  if (inQuant)
    gateQuant = qrt::QuantAttr::get(
        ctx, 1.0 / 256,
        gateType.getElementType().isUnsignedInteger() ? 0 : -128);
  Value gate = alloc(gateType);
  qrt::UnaryOp::create(
      builder, loc, qrt::UnaryKindAttr::get(ctx, qrt::UnaryKind::Sigmoid), in,
      gate, qrt::BackendAttr::get(ctx, *sigmoidBackend), inQuant, gateQuant,
      FloatAttr(), FloatAttr(), FloatAttr(), FloatAttr());
  qrt::BinaryOp::create(
      builder, loc, qrt::BinaryKindAttr::get(ctx, qrt::BinaryKind::Mul), in,
      gate, out, qrt::BackendAttr::get(ctx, *mulBackend),
      qrt::ActivationAttr(), inQuant, gateQuant, outQuant);
  return true;
}

/// qnn.reshape / qnn.flatten: a row-major copy in the graph's order. A 4-D
/// side goes through NCHW unless its NHWC buffer already has NCHW's byte
/// order.
LogicalResult FunctionConverter::convertReshape(Operation *op) {
  Value inT = op->getOperand(0), result = op->getResult(0);
  ArrayRef<int64_t> inShape = logicalType(inT).getShape();
  ArrayRef<int64_t> outShape = logicalType(result).getShape();
  bool inDirect = !isNHWC(inShape) || isTrivialPermutation(inShape, kToNHWC);
  bool outDirect =
      !isNHWC(outShape) || isTrivialPermutation(outShape, kToNHWC);
  FailureOr<Value> in = inDirect ? getBuffer(inT) : getLogicalBuffer(inT);
  if (failed(in))
    return op->emitError("no buffer for the input");
  Value out = outDirect ? allocPhysical(result) : alloc(logicalType(result));
  FailureOr<qrt::BackendAttr> be =
      chooseBackend(op, makeQuery(QRT_OP_RESHAPE, *in, out));
  if (failed(be))
    return failure();
  qrt::LayoutOp::create(
      builder, loc, qrt::LayoutKindAttr::get(ctx, qrt::LayoutKind::Reshape),
      *in, out, *be, DenseI64ArrayAttr());
  if (!outDirect)
    defineFromLogical(result, out);
  return success();
}

LogicalResult FunctionConverter::convertTranspose(qnn::TransposeOp op) {
  ArrayRef<int64_t> perm = op.getPerm();
  SmallVector<int64_t> physicalPerm(perm);
  if (perm.size() == 4)
    for (int i = 0; i < 4; ++i)
      physicalPerm[i] = kPhysicalDim[perm[kToNHWC[i]]];
  FailureOr<Value> in = getBuffer(op.getInput());
  if (failed(in))
    return op.emitError("no buffer for the input");
  Value out = allocPhysical(op.getOutput());
  FailureOr<qrt::BackendAttr> be =
      chooseBackend(op, makeQuery(QRT_OP_TRANSPOSE, *in, out));
  if (failed(be))
    return failure();
  qrt::LayoutOp::create(
      builder, loc, qrt::LayoutKindAttr::get(ctx, qrt::LayoutKind::Transpose),
      *in, out, *be, builder.getDenseI64ArrayAttr(physicalPerm));
  return success();
}

/// Permutes per-dimension parameters of a 4-D value into NHWC order.
SmallVector<int64_t> toPhysicalOrder(ArrayRef<int64_t> logical) {
  if (logical.size() != 4)
    return SmallVector<int64_t>(logical);
  return {logical[kToNHWC[0]], logical[kToNHWC[1]], logical[kToNHWC[2]],
          logical[kToNHWC[3]]};
}

/// Copies keep the quantization (the runtime's pad and slice are copies);
/// qnn-assign-scales makes it so, an imported QDQ model may not.
LogicalResult checkCopyQuant(Operation *op, qrt::QuantAttr in,
                                    qrt::QuantAttr out,
                                    function_ref<LogicalResult(const Twine &)>
                                        noKernel) {
  if (in == out)
    return success();
  return noKernel("the runtime's " + op->getName().stripDialect() +
                  " is a copy: the output's quantization must equal the "
                  "input's");
}

LogicalResult FunctionConverter::convertPad(qnn::PadOp op) {
  auto fail = [&](const Twine &why) { return noKernel(op, why); };
  ArrayRef<int64_t> pads = op.getPads();
  int64_t rank = logicalType(op.getInput()).getRank();
  if (rank > QRT_MAX_RANK)
    return fail("the runtime pads buffers of rank " + Twine(QRT_MAX_RANK) +
                " at most");
  // All begins, then all ends, each in the buffer's dimension order.
  SmallVector<int64_t> physicalPads = toPhysicalOrder(pads.take_front(rank));
  llvm::append_range(physicalPads, toPhysicalOrder(pads.drop_front(rank)));
  qrt::PadMode mode = qrt::PadMode::Constant;
  switch (op.getMode()) {
  case qnn::PadMode::Constant:
    mode = qrt::PadMode::Constant;
    break;
  case qnn::PadMode::Reflect:
    mode = qrt::PadMode::Reflect;
    break;
  case qnn::PadMode::Edge:
    mode = qrt::PadMode::Edge;
    break;
  }
  FloatAttr value =
      mode == qrt::PadMode::Constant ? op.getValueAttr() : FloatAttr();
  FailureOr<Value> in = getBuffer(op.getInput());
  FailureOr<qrt::QuantAttr> iq = getQuant(op, op.getInput()),
                            oq = getQuant(op, op.getOutput());
  if (failed(in) || failed(iq) || failed(oq))
    return failure();
  if (failed(checkCopyQuant(op, *iq, *oq, fail)))
    return failure();
  if (value && *iq && value.getValue().isNaN())
    return fail("a NaN pad value has no quantized form");
  Value out = allocPhysical(op.getOutput());
  FailureOr<qrt::BackendAttr> be =
      chooseBackend(op, makeQuery(QRT_OP_PAD, *in, out));
  if (failed(be))
    return failure();
  qrt::PadOp::create(builder, loc, qrt::PadModeAttr::get(ctx, mode), *in, out,
                     *be, builder.getDenseI64ArrayAttr(physicalPads), value,
                     *iq, *oq);
  return success();
}

LogicalResult FunctionConverter::convertSlice(qnn::SliceOp op) {
  auto fail = [&](const Twine &why) { return noKernel(op, why); };
  if (logicalType(op.getInput()).getRank() > QRT_MAX_RANK)
    return fail("the runtime slices buffers of rank " + Twine(QRT_MAX_RANK) +
                " at most");
  FailureOr<Value> in = getBuffer(op.getInput());
  FailureOr<qrt::QuantAttr> iq = getQuant(op, op.getInput()),
                            oq = getQuant(op, op.getOutput());
  if (failed(in) || failed(iq) || failed(oq))
    return failure();
  if (failed(checkCopyQuant(op, *iq, *oq, fail)))
    return failure();
  Value out = allocPhysical(op.getOutput());
  FailureOr<qrt::BackendAttr> be =
      chooseBackend(op, makeQuery(QRT_OP_SLICE, *in, out));
  if (failed(be))
    return failure();
  qrt::SliceOp::create(
      builder, loc, *in, out, *be,
      builder.getDenseI64ArrayAttr(toPhysicalOrder(op.getStarts())),
      builder.getDenseI64ArrayAttr(toPhysicalOrder(op.getEnds())),
      builder.getDenseI64ArrayAttr(toPhysicalOrder(op.getSteps())), *iq, *oq);
  return success();
}

/// Reduces an NHWC input in place of its NCHW value when the dims that
/// remain come out in the graph's order (always with keepdims: the result
/// is NHWC too; without it, e.g. a mean over H and W gives [N, C] both
/// ways). Otherwise the input is transposed to NCHW first.
LogicalResult FunctionConverter::convertReduceMean(qnn::ReduceMeanOp op) {
  Value inT = op.getInput(), result = op.getOutput();
  ArrayRef<int64_t> inShape = logicalType(inT).getShape();
  ArrayRef<int64_t> axes = op.getAxes();
  if (inShape.size() > QRT_MAX_RANK)
    return noKernel(op, "the runtime reduces buffers of rank " +
                            Twine(QRT_MAX_RANK) + " at most");
  bool keepdims = op.getKeepdims();
  bool physical = isNHWC(inShape);
  if (physical && !isNHWC(logicalType(result).getShape())) {
    // The kept logical dims, listed in NHWC order, must be increasing.
    int64_t last = -1;
    for (int64_t logical : kToNHWC) {
      if (llvm::is_contained(axes, logical))
        continue;
      if (logical < last)
        physical = false;
      last = logical;
    }
  }
  SmallVector<int64_t> newAxes(axes);
  if (physical && isNHWC(inShape)) {
    for (int64_t &axis : newAxes)
      axis = kPhysicalDim[axis];
    llvm::sort(newAxes);
  }
  FailureOr<Value> in = physical ? getBuffer(inT) : getLogicalBuffer(inT);
  FailureOr<qrt::QuantAttr> iq = getQuant(op, inT), oq = getQuant(op, result);
  if (failed(in) || failed(iq) || failed(oq))
    return failure();
  // A 4-D result (keepdims, or no axes) always comes from the NHWC input.
  Value out = allocPhysical(result);
  FailureOr<qrt::BackendAttr> be =
      chooseBackend(op, makeQuery(QRT_OP_REDUCE_MEAN, *in, out));
  if (failed(be))
    return failure();
  qrt::ReduceOp::create(builder, loc,
                        qrt::ReduceKindAttr::get(ctx, qrt::ReduceKind::Mean),
                        *in, out, *be, builder.getDenseI64ArrayAttr(newAxes),
                        keepdims ? builder.getUnitAttr() : UnitAttr(), *iq,
                        *oq);
  return success();
}

/// qnn.observe is an identity: its result is its input's buffer, which the
/// observer only reads.
LogicalResult FunctionConverter::convertObserve(qnn::ObserveOp op) {
  FailureOr<Value> in = getBuffer(op.getInput());
  if (failed(in))
    return op.emitError("no buffer for the observed value");
  qrt::ObserverKind kind = qrt::ObserverKind::MinMax;
  IntegerAttr axis;
  switch (op.getObserver()) {
  case qnn::ObserverKind::MinMax:
    kind = qrt::ObserverKind::MinMax;
    break;
  case qnn::ObserverKind::Histogram:
    kind = qrt::ObserverKind::Histogram;
    break;
  case qnn::ObserverKind::PerChannelMinMax: {
    kind = qrt::ObserverKind::PerChannelMinMax;
    // qnn's channels are logical axis 1 (qnn.observe's verifier).
    int64_t rank = logicalType(op.getInput()).getRank();
    if (rank < 2)
      return op.emitError("node '")
             << qnn::getNodeName(op)
             << "' (qnn.observe): a per_channel_minmax observer needs a "
                "tensor of rank 2 or more (channels on axis 1), got rank "
             << rank;
    axis = builder.getI64IntegerAttr(physicalAxis(1, rank));
    break;
  }
  }
  qrt::ObserveOp::create(builder, loc, *in, op.getIdAttr(),
                         qrt::ObserverKindAttr::get(ctx, kind), axis);
  buffers[op.getOutput()] = *in;
  return success();
}

//===----------------------------------------------------------------------===//
// The boundary
//===----------------------------------------------------------------------===//

StringRef FunctionConverter::getBoundaryName(unsigned index,
                                             bool isResult) {
  auto name = isResult ? func.getResultAttrOfType<StringAttr>(index, "qnn.name")
                       : func.getArgAttrOfType<StringAttr>(index, "qnn.name");
  return name ? name.getValue() : StringRef();
}

/// Names a boundary tensor in a diagnostic: "input 'x'" or "input 0".
static std::string describeBoundary(bool isResult, unsigned index,
                                    StringRef name) {
  std::string what = isResult ? "output " : "input ";
  return name.empty() ? what + std::to_string(index)
                      : what + "'" + name.str() + "'";
}

bool FunctionConverter::returnsDCastInput(quant::DequantizeCastOp op) const {
  return int8IO && getPerTensorInt8(op.getInput().getType());
}

/// An argument's buffer type and the casts it replaces:
/// - u8/s8 data (an already-quantized model's integer input): ui8/si8 from
///   `qnn.onnx_type` (the importer's i8 is signless), else from the type or
///   the storage of its scasts; every scast of it is the same buffer. One
///   per-tensor type among the scasts gives `qrt.quant`; several, or a
///   per-axis one, leave raw integers (scale 1).
/// - f32 read only by qcasts to one per-tensor 8-bit type, with io=int8:
///   the caller passes the quantized data.
FailureOr<FunctionConverter::ArgumentBoundary>
FunctionConverter::classifyArgument(BlockArgument arg, Type converted) {
  unsigned index = arg.getArgNumber();
  ArgumentBoundary boundary;
  boundary.element = cast<MemRefType>(converted).getElementType();
  auto intType = dyn_cast<IntegerType>(boundary.element);
  if (intType && intType.getWidth() != 8)
    return emitError(arg.getLoc())
           << describeBoundary(false, index, getBoundaryName(index, false))
           << " is int" << intType.getWidth()
           << ": compiled models take and return f32, u8 and s8 tensors only";

  Type declared = getElementTypeOrSelf(func.getArgumentTypes()[index]);
  if (isa<quant::QuantizedType>(declared)) {
    boundary.quant = getBoundaryQuant(ctx, getPerTensorInt8(declared));
    return boundary;
  }
  if (intType) {
    std::optional<bool> isSigned;
    if (!declared.isSignlessInteger())
      isSigned = declared.isSignedInteger();
    else if (auto onnx =
                 func.getArgAttrOfType<StringAttr>(index, "qnn.onnx_type"))
      if (onnx.getValue() == "UINT8" || onnx.getValue() == "INT8")
        isSigned = onnx.getValue() == "INT8";
    quant::UniformQuantizedType common;
    bool onePerTensor = true;
    for (Operation *user : arg.getUsers()) {
      auto scast = dyn_cast<quant::StorageCastOp>(user);
      if (!scast)
        continue;
      auto storage = dyn_cast<quant::QuantizedType>(
          getElementTypeOrSelf(scast.getResult().getType()));
      if (!storage)
        continue;
      if (isSigned && *isSigned != storage.isSigned())
        return scast.emitError()
               << describeBoundary(false, index, getBoundaryName(index, false))
               << " is " << (*isSigned ? "s8" : "u8")
               << " but is read as " << storage;
      isSigned = storage.isSigned();
      quant::UniformQuantizedType uniform =
          getPerTensorInt8(scast.getResult().getType());
      if (!uniform || (common && uniform != common))
        onePerTensor = false;
      common = uniform;
      boundary.aliases.push_back(scast.getResult());
    }
    boundary.element = getInt8Type(ctx, isSigned.value_or(true));
    boundary.quant =
        getBoundaryQuant(ctx, onePerTensor ? common : nullptr);
    return boundary;
  }

  if (!int8IO || arg.use_empty())
    return boundary;
  quant::UniformQuantizedType common;
  SmallVector<Value> aliases;
  for (Operation *user : arg.getUsers()) {
    auto qcast = dyn_cast<quant::QuantizeCastOp>(user);
    quant::UniformQuantizedType uniform =
        qcast ? getPerTensorInt8(qcast.getResult().getType()) : nullptr;
    if (!uniform || (common && uniform != common))
      return boundary; // stays f32
    common = uniform;
    aliases.push_back(qcast.getResult());
  }
  boundary.element = getInt8Type(ctx, common.isSigned());
  boundary.quant = getBoundaryQuant(ctx, common);
  boundary.aliases = std::move(aliases);
  return boundary;
}

/// The model API has no int32 tensors: ConvInteger / MatMulInteger results
/// (an i32 quantity of scale 1) cannot leave the model.
LogicalResult FunctionConverter::checkResultTypes(ArrayRef<Type> converted) {
  auto returnOp = cast<func::ReturnOp>(func.getBody().front().getTerminator());
  for (auto [index, type] : llvm::enumerate(converted)) {
    auto intType =
        dyn_cast<IntegerType>(cast<MemRefType>(type).getElementType());
    if (!intType || intType.getWidth() == 8)
      continue;
    Value value = returnOp.getOperand(index);
    while (auto scast = value.getDefiningOp<quant::StorageCastOp>())
      value = scast.getInput();
    std::string what =
        describeBoundary(true, index, getBoundaryName(index, true));
    Operation *producer = value.getDefiningOp();
    // Name the computing node, not its float-to-int32 cast.
    if (auto qcast = dyn_cast_if_present<quant::QuantizeCastOp>(producer))
      if (Operation *op = qcast.getInput().getDefiningOp())
        producer = op;
    InFlightDiagnostic diag =
        producer ? producer->emitError() : returnOp.emitError();
    diag << what << " is int" << intType.getWidth();
    if (producer)
      diag << " (node '" << qnn::getNodeName(producer) << "', "
           << producer->getName() << ")";
    diag << ": compiled models take and return f32, u8 and s8 tensors only "
            "(ConvInteger and MatMulInteger give int32)";
    return diag;
  }
  return success();
}

/// Returns NCHW buffers. An integer result (the storage of a quantized
/// value, behind quant.scast) returns that value's buffer with its
/// quantization; with io=int8 so does a dcast of a per-tensor int8 value.
LogicalResult FunctionConverter::convertReturn(func::ReturnOp op) {
  SmallVector<Value> results;
  for (auto [index, operand] : llvm::enumerate(op.getOperands())) {
    Value source = operand;
    Type element = getElementTypeOrSelf(operand.getType());
    quant::UniformQuantizedType uniform = getPerTensorInt8(element);
    bool isInt8 = isa<IntegerType, quant::QuantizedType>(element);
    if (isa<IntegerType>(element)) {
      if (auto scast = source.getDefiningOp<quant::StorageCastOp>())
        uniform = getPerTensorInt8(scast.getInput().getType());
      while (auto scast = source.getDefiningOp<quant::StorageCastOp>())
        source = scast.getInput();
    } else if (auto dcast = source.getDefiningOp<quant::DequantizeCastOp>()) {
      if (returnsDCastInput(dcast)) {
        isInt8 = true;
        uniform = getPerTensorInt8(dcast.getInput().getType());
        source = dcast.getInput();
      }
    }
    FailureOr<Value> buffer = getLogicalBuffer(source);
    if (failed(buffer))
      return op.emitError("no buffer for a returned value");
    results.push_back(*buffer);
    resultTypes.push_back(buffer->getType());
    resultQuants.push_back(isInt8 ? getBoundaryQuant(ctx, uniform)
                                  : qrt::QuantAttr());
  }
  func::ReturnOp::create(builder, loc, results);
  return success();
}

LogicalResult FunctionConverter::convert(Operation *op) {
  using qnn::ActivationAttr;
  return llvm::TypeSwitch<Operation *, LogicalResult>(op)
      .Case([](arith::ConstantOp) { return success(); }) // materialized on use
      .Case([&](quant::StorageCastOp o) {
        // A reinterpretation: the same buffer (constants: on use).
        if (Value buffer = buffers.lookup(o.getInput()))
          buffers.try_emplace(o.getResult(), buffer);
        return success();
      })
      .Case([&](quant::QuantizeCastOp o) { return convertQCast(o); })
      .Case([&](quant::DequantizeCastOp o) { return convertDCast(o); })
      .Case([&](qnn::Conv2DOp o) {
        return convertMatmulLike<qnn::Conv2DOp, qrt::Conv2DOp>(o);
      })
      .Case([&](qnn::FullyConnectedOp o) {
        return convertMatmulLike<qnn::FullyConnectedOp,
                                 qrt::FullyConnectedOp>(o);
      })
      .Case([&](qnn::AddOp o) {
        return convertBinary(o, qrt::BinaryKind::Add, o.getActivationAttr());
      })
      .Case([&](qnn::MulOp o) {
        return convertBinary(o, qrt::BinaryKind::Mul, o.getActivationAttr());
      })
      .Case([&](qnn::SubOp o) {
        return convertBinary(o, qrt::BinaryKind::Sub, o.getActivationAttr());
      })
      .Case([&](qnn::DivOp o) {
        return convertBinary(o, qrt::BinaryKind::Div, o.getActivationAttr());
      })
      .Case([&](qnn::MaxPoolOp o) { return convertPool(o, qrt::PoolKind::Max); })
      .Case([&](qnn::AvgPoolOp o) { return convertPool(o, qrt::PoolKind::Avg); })
      .Case([&](qnn::GlobalAvgPoolOp o) {
        return convertPool(o, qrt::PoolKind::GlobalAvg);
      })
      .Case([&](qnn::ConcatOp o) { return convertConcat(o); })
      .Case([&](qnn::ResizeOp o) { return convertResize(o); })
      .Case([&](qnn::SigmoidOp o) {
        return convertUnary(o, qrt::UnaryKind::Sigmoid);
      })
      .Case([&](qnn::HardSwishOp o) {
        return convertUnary(o, qrt::UnaryKind::HardSwish);
      })
      .Case([&](qnn::SwishOp o) {
        return convertUnary(o, qrt::UnaryKind::Swish);
      })
      .Case([&](qnn::SoftmaxOp o) {
        return convertUnary(o, qrt::UnaryKind::Softmax);
      })
      .Case([&](qnn::TanhOp o) {
        return convertUnary(o, qrt::UnaryKind::Tanh);
      })
      .Case([&](qnn::ReluOp o) {
        return convertUnary(o, qrt::UnaryKind::Relu);
      })
      .Case([&](qnn::ClampOp o) {
        return convertUnary(o, qrt::UnaryKind::Clamp);
      })
      .Case([&](qnn::LeakyReluOp o) {
        return convertUnary(o, qrt::UnaryKind::LeakyRelu);
      })
      .Case([&](qnn::HardSigmoidOp o) {
        return convertUnary(o, qrt::UnaryKind::HardSigmoid);
      })
      .Case([&](qnn::PadOp o) { return convertPad(o); })
      .Case([&](qnn::SliceOp o) { return convertSlice(o); })
      .Case([&](qnn::ReduceMeanOp o) { return convertReduceMean(o); })
      .Case<qnn::ReshapeOp, qnn::FlattenOp>(
          [&](Operation *o) { return convertReshape(o); })
      .Case([&](qnn::TransposeOp o) { return convertTranspose(o); })
      .Case([&](qnn::ObserveOp o) { return convertObserve(o); })
      .Case([&](func::ReturnOp o) { return convertReturn(o); })
      .Default([&](Operation *o) {
        return noKernel(o, "no qrt kernel family implements it");
      });
}

LogicalResult FunctionConverter::run() {
  if (!func.getBody().hasOneBlock())
    return func.emitError("convert-qnn-to-qrt expects a single-block function");
  BufferTypeConverter typeConverter;
  FunctionType type = func.getFunctionType();
  SmallVector<Type> argTypes, convertedResults;
  if (failed(typeConverter.convertTypes(type.getInputs(), argTypes)) ||
      failed(typeConverter.convertTypes(type.getResults(), convertedResults)))
    return func.emitError("function boundary types have no runtime buffer "
                          "type (static f32, quantized u8/i8 or i32 tensors)");
  if (!isa<func::ReturnOp>(func.getBody().front().getTerminator()))
    return func.emitError("convert-qnn-to-qrt expects a func.return");
  if (failed(checkResultTypes(convertedResults)))
    return failure();

  Block &block = func.getBody().front();
  SmallVector<Operation *> oldOps;
  for (Operation &op : block)
    oldOps.push_back(&op);

  // Arguments: NCHW memrefs, one transpose into NHWC for 4-D ones.
  builder.setInsertionPointToStart(&block);
  for (auto [arg, newType] : llvm::zip(block.getArguments(), argTypes)) {
    FailureOr<ArgumentBoundary> boundary = classifyArgument(arg, newType);
    if (failed(boundary))
      return failure();
    auto shape = cast<MemRefType>(newType).getShape();
    newType = MemRefType::get(shape, boundary->element);
    if (boundary->quant)
      func.setArgAttr(arg.getArgNumber(), kBoundaryQuantAttr, boundary->quant);
    Value tensor = arg;
    SmallVector<OpOperand *> uses;
    for (OpOperand &use : arg.getUses())
      uses.push_back(&use);
    // The old ops keep the tensor value through a placeholder until erased.
    auto placeholder = UnrealizedConversionCastOp::create(
        builder, func.getLoc(), arg.getType(), ValueRange());
    for (OpOperand *use : uses)
      use->set(placeholder.getResult(0));
    tensor = placeholder.getResult(0);
    arg.setType(newType);
    loc = arg.getLoc();
    Value buffer = arg;
    if (isNHWC(shape)) {
      buffer = alloc(MemRefType::get(physicalShape(shape), boundary->element));
      emitTranspose(arg, buffer, kToNHWC);
    }
    buffers[tensor] = buffer;
    for (Value alias : boundary->aliases)
      buffers[alias] = buffer;
    oldOps.insert(oldOps.begin(), placeholder);
  }

  for (Operation *op : oldOps) {
    if (isa<UnrealizedConversionCastOp>(op))
      continue;
    builder.setInsertionPoint(op);
    loc = op->getLoc();
    if (failed(convert(op)))
      return failure();
  }
  for (Operation *op : llvm::reverse(oldOps)) {
    op->dropAllUses();
    op->erase();
  }
  func.setType(FunctionType::get(func.getContext(), argTypes, resultTypes));
  for (auto [index, quant] : llvm::enumerate(resultQuants))
    if (quant)
      func.setResultAttr(index, kBoundaryQuantAttr, quant);
  return success();
}

struct ConvertQNNToQRTPass
    : public qmlir::conversion::impl::ConvertQNNToQRTPassBase<
          ConvertQNNToQRTPass> {
  using Base::Base;
  void runOnOperation() override;
};

} // namespace

void ConvertQNNToQRTPass::runOnOperation() {
  const BackendInfo *info = nullptr;
  for (const BackendInfo &candidate : kBackends)
    if (candidate.name == backend)
      info = &candidate;
  if (!info) {
    getOperation().emitError("unknown backend '")
        << backend << "' (expected onednn, xnnpack or ref)";
    return signalPassFailure();
  }
  if (io != "float" && io != "int8") {
    getOperation().emitError("unknown io '")
        << io << "' (expected float or int8)";
    return signalPassFailure();
  }
  ModuleOp module = getOperation();
  SymbolTable symbols(module);
  SmallVector<func::FuncOp> funcs(module.getOps<func::FuncOp>());
  for (func::FuncOp func : funcs) {
    if (func.isExternal())
      continue;
    FunctionConverter converter(func, symbols, *info, io == "int8");
    if (failed(converter.run()))
      return signalPassFailure();
  }
}

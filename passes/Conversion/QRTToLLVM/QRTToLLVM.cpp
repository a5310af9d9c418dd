//===- QRTToLLVM.cpp - qrt kernel calls -> the qmodel.h API in LLVM IR ----===//
//
// Lowers the planned qrt function of a module to the LLVM dialect module of
// a model .so that exports exactly include/quantrt/qmodel.h: a constant
// qmodel_info_t, a qmodel_create of straight-line kernel creations, a
// qmodel_run of straight-line qrt_kernel_run calls on workspace, caller and
// constant pointers, and a qmodel_profile that hands the kernels' node
// names (a constant array) to the runtime. Lifecycle bookkeeping (context, workspace, slots,
// boundary checks, messages) is in libquantrt (quantrt/model_support.h).
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/Passes.h"
#include "passes/Conversion/QRTToLLVM/KernelParams.h"

#include "dialects/QRT/QRTOps.h"
#include "quantrt/model_support.h"
#include "quantrt/qmodel.h"
#include "quantrt/quantrt.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/MathExtras.h"

#include <cstddef>
#include <map>

namespace qmlir::conversion {
#define GEN_PASS_DEF_CONVERTQRTTOLLVMPASS
#include "passes/Conversion/Passes.h.inc"
} // namespace qmlir::conversion

using namespace mlir;
using namespace qmlir;
using namespace qmlir::conversion::qrt_to_llvm;

namespace {

constexpr int64_t kAlignment = QRT_MODEL_WORKSPACE_ALIGNMENT;
constexpr int64_t kPadding = QRT_INPUT_PADDING_BYTES;

//===----------------------------------------------------------------------===//
// Where a buffer lives at run time
//===----------------------------------------------------------------------===//

enum class BufferKind {
  /// The caller's input data (qmodel_run's inputs[index].data).
  Input,
  /// The caller's output data (outputs[index].data).
  Output,
  /// The model's workspace + offset (arena, scratch, padded input copies).
  Workspace,
  /// A constant global.
  Constant,
};

struct BufferRef {
  BufferKind kind = BufferKind::Workspace;
  int64_t index = 0;
  int64_t offset = 0;
  std::string symbol;
};

/// A copy at the start (padded input) or end (output) of qmodel_run.
struct Copy {
  BufferRef from, to;
  int64_t bytes;
  Location loc;
};

struct KernelStep {
  KernelCall call;
  std::string paramsSymbol;
  std::string what;
  /// ONNX node name(s) for qmodel_profile ("" if the location has none).
  std::string node;
  SmallVector<BufferRef> inputs;
  BufferRef output;
  Location loc;
};

struct ObserverStep {
  int64_t id;
  int32_t kind;
  int32_t axis;
  int64_t channels;
  std::string descSymbol;
  std::string what;
  BufferRef input;
  Location loc;
};

struct Step {
  bool isKernel;
  size_t index;
};

/// Everything the emitted functions need; built before the func is erased.
struct ModelPlan {
  std::vector<Step> steps;
  std::vector<KernelStep> kernels;
  std::vector<ObserverStep> observers;
  std::vector<Copy> inputCopies, outputCopies;
  int64_t workspaceBytes = 0;
  std::string infoSymbol;
  std::string observerIdsSymbol;
  /// num_kernels (at least one) `const char *` node names.
  std::string kernelNodesSymbol;
  size_t maxRunInputs = 1;
};

/// A constant weight global, converted to bytes.
struct WeightData {
  std::string name;
  ArrayRef<char> data;
  std::vector<char> owned; // splats expanded
  Location loc;
};

/// Node names in a location (NameLocs, e.g. ONNX node names), joined by '+'.
std::string nodeName(Location loc) {
  std::string names;
  loc->walk([&](Location inner) {
    if (auto name = dyn_cast<NameLoc>(inner)) {
      if (!names.empty())
        names += "+";
      names += name.getName().str();
    }
    return WalkResult::advance();
  });
  return names;
}

std::string describeStep(StringRef kind, size_t index, Operation *op,
                         StringRef backend) {
  std::string what = (kind + " " + Twine(index)).str();
  std::string node = nodeName(op->getLoc());
  if (!node.empty())
    what += ", node '" + node + "'";
  what += " (" + op->getName().getStringRef().str();
  if (!backend.empty())
    what += " on " + backend.str();
  what += ")";
  return what;
}

int64_t bufferBytes(MemRefType type) {
  return type.getNumElements() * elementBytes(type.getElementType());
}

/// Everything a buffer type needs to be lowered.
LogicalResult checkBufferType(Operation *op, Type type, StringRef what) {
  auto memref = dyn_cast<MemRefType>(type);
  if (!memref)
    return op->emitOpError() << what << " must be a memref, got " << type;
  if (!memref.hasStaticShape())
    return op->emitOpError() << what << " has a dynamic shape (" << type
                             << "); models are compiled for static shapes";
  if (!memref.getLayout().isIdentity())
    return op->emitOpError()
           << what << " must have the identity layout, got " << type;
  if (memref.getMemorySpace())
    return op->emitOpError() << what << " must be in the default memory space";
  if (elementBytes(memref.getElementType()) == 0)
    return op->emitOpError() << what
                             << " has an element type without a "
                                "byte size: "
                             << memref.getElementType();
  return success();
}

//===----------------------------------------------------------------------===//
// The lowering
//===----------------------------------------------------------------------===//

class ModelLowering : public GlobalSink {
public:
  explicit ModelLowering(ModuleOp module)
      : module(module), ctx(module.getContext()), builder(ctx),
        ptrType(LLVM::LLVMPointerType::get(ctx)),
        i8Type(IntegerType::get(ctx, 8)), i32Type(IntegerType::get(ctx, 32)),
        i64Type(IntegerType::get(ctx, 64)) {
    module.walk(
        [&](SymbolOpInterface symbol) { usedNames.insert(symbol.getName()); });
  }

  LogicalResult run();

  // GlobalSink
  std::string addBlob(Blob blob, StringRef nameHint) override;
  FailureOr<std::string> constantSymbol(Operation *user, Value buffer,
                                        StringRef role) override;

private:
  LogicalResult analyze(func::FuncOp func);
  LogicalResult convertWeights();
  FailureOr<BufferRef> resolve(Operation *user, Value buffer);
  void buildInfo(func::FuncOp func);
  void emitFunctions();
  void emitCreate();
  void emitRun();
  void emitForwarders();
  /// An exported `name(args)` that returns `callee(args, &extraSymbols...)`.
  void emitForwarder(StringRef name, Type result, ArrayRef<Type> argTypes,
                     StringRef callee, ArrayRef<std::string> extraSymbols = {});

  std::string uniqueName(StringRef hint);
  /// A NUL-terminated string global, one per distinct text.
  std::string stringSymbol(StringRef text, StringRef hint);
  LLVM::LLVMFuncOp declare(StringRef name, Type result, ArrayRef<Type> args);
  Value i32Const(Location loc, int64_t v);
  Value i64Const(Location loc, int64_t v);
  Value addressOf(Location loc, StringRef symbol);
  Value call(Location loc, StringRef callee, Type result,
             ArrayRef<Type> argTypes, ValueRange args);
  Value pointer(Location loc, const BufferRef &ref);
  Value elementPtr(Location loc, Value base, Type elementType, int64_t index);
  /// Branches to `failBlock(status, what)` when status != 0 and continues
  /// in a new block.
  void checkStatus(Location loc, Value status, StringRef whatSymbol,
                   Block *failBlock);
  /// Returns `status` when it is != 0 (its message is already set) and
  /// continues in a new block; the blocks go before `failBlock`.
  void returnIfFailed(Location loc, Value status, Block *failBlock);

  ModuleOp module;
  MLIRContext *ctx;
  OpBuilder builder;
  Type ptrType, i8Type, i32Type, i64Type;
  llvm::StringSet<> usedNames;
  llvm::StringMap<std::string> strings;
  unsigned nameCounter = 0;

  /// memref.global name -> its data (converted to LLVM globals of the same
  /// name once the memref globals are gone).
  llvm::MapVector<StringRef, WeightData> weights;
  llvm::DenseMap<Value, BufferRef> buffers;
  ModelPlan plan;

  // State of the function being emitted (qmodel_run).
  Value workspace, inputsArg, outputsArg;
  SmallVector<Value> inputData, outputData;
  unsigned numInputs = 0, numOutputs = 0;
};

std::string ModelLowering::uniqueName(StringRef hint) {
  std::string name;
  do {
    name = (hint + "_" + Twine(nameCounter++)).str();
  } while (usedNames.contains(name));
  usedNames.insert(name);
  return name;
}

std::string ModelLowering::stringSymbol(StringRef text, StringRef hint) {
  auto it = strings.find(text);
  if (it != strings.end())
    return it->second;
  std::string symbol = addBlob(Blob::ofString(text), hint);
  strings[text] = symbol;
  return symbol;
}

std::string ModelLowering::addBlob(Blob blob, StringRef nameHint) {
  std::string name = uniqueName(nameHint);
  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPointToEnd(module.getBody());
  Location loc = module.getLoc();
  const std::vector<uint8_t> &bytes = blob.bytes;
  auto chunkAttr = [&](size_t begin, size_t end) {
    return StringAttr::get(
        ctx, StringRef(reinterpret_cast<const char *>(bytes.data()) + begin,
                       end - begin));
  };
  if (blob.patches.empty()) {
    LLVM::GlobalOp::create(builder, loc,
                           LLVM::LLVMArrayType::get(i8Type, bytes.size()),
                           /*isConstant=*/true, LLVM::Linkage::Internal, name,
                           chunkAttr(0, bytes.size()), blob.alignment);
    return name;
  }
  // A packed struct of byte chunks and pointers at the patches' offsets:
  // exactly the host struct's bytes with addresses filled in at load time.
  llvm::sort(blob.patches, [](const PointerPatch &a, const PointerPatch &b) {
    return a.offset < b.offset;
  });
  SmallVector<Type> fields;
  SmallVector<std::pair<size_t, size_t>> chunks; // byte ranges; ptr if empty
  SmallVector<std::string> fieldSymbols;
  size_t cursor = 0;
  for (const PointerPatch &patch : blob.patches) {
    if (patch.offset > cursor) {
      fields.push_back(LLVM::LLVMArrayType::get(i8Type, patch.offset - cursor));
      chunks.push_back({cursor, patch.offset});
      fieldSymbols.push_back("");
    }
    fields.push_back(ptrType);
    chunks.push_back({0, 0});
    fieldSymbols.push_back(patch.symbol);
    cursor = patch.offset + sizeof(void *);
  }
  if (cursor < bytes.size()) {
    fields.push_back(LLVM::LLVMArrayType::get(i8Type, bytes.size() - cursor));
    chunks.push_back({cursor, bytes.size()});
    fieldSymbols.push_back("");
  }
  auto structType = LLVM::LLVMStructType::getLiteral(ctx, fields,
                                                     /*isPacked=*/true);
  auto global =
      LLVM::GlobalOp::create(builder, loc, structType,
                             /*isConstant=*/true, LLVM::Linkage::Internal, name,
                             Attribute(), blob.alignment);
  Block *init = builder.createBlock(&global.getInitializerRegion());
  builder.setInsertionPointToStart(init);
  Value value = LLVM::ZeroOp::create(builder, loc, structType);
  for (auto [i, field] : llvm::enumerate(fields)) {
    Value element;
    if (!fieldSymbols[i].empty())
      element =
          LLVM::AddressOfOp::create(builder, loc, ptrType, fieldSymbols[i]);
    else
      element = LLVM::ConstantOp::create(
          builder, loc, field, chunkAttr(chunks[i].first, chunks[i].second));
    value = LLVM::InsertValueOp::create(builder, loc, value, element,
                                        ArrayRef<int64_t>{int64_t(i)});
  }
  LLVM::ReturnOp::create(builder, loc, value);
  return name;
}

FailureOr<std::string>
ModelLowering::constantSymbol(Operation *user, Value buffer, StringRef role) {
  auto getGlobal = buffer.getDefiningOp<memref::GetGlobalOp>();
  if (!getGlobal)
    return user->emitOpError("'")
           << role
           << "' must be a constant global (memref.get_global): it is "
              "create-time data the kernel packs once";
  if (!weights.count(getGlobal.getName()))
    return user->emitOpError("'") << role << "' reads @" << getGlobal.getName()
                                  << ", which is not a constant global";
  return getGlobal.getName().str();
}

LogicalResult ModelLowering::convertWeights() {
  for (auto global : module.getOps<memref::GlobalOp>()) {
    if (failed(checkBufferType(global, global.getType(), "the global")))
      return failure();
    auto type = global.getType();
    std::optional<Attribute> init = global.getInitialValue();
    if (!global.getConstant() || !init || isa<UnitAttr>(*init))
      return global.emitOpError(
          "must be a constant with an initial value: a compiled model has "
          "no mutable globals");
    int64_t bytes = bufferBytes(type);
    WeightData weight{global.getSymName().str(), {}, {}, global.getLoc()};
    if (auto dense = dyn_cast<DenseElementsAttr>(*init)) {
      if (dense.getElementType().isInteger(1))
        return global.emitOpError("i1 data is not supported");
      ArrayRef<char> raw = dense.getRawData();
      if (dense.isSplat()) {
        int64_t elem = elementBytes(dense.getElementType());
        weight.owned.reserve(bytes);
        for (int64_t i = 0; i < type.getNumElements(); ++i)
          weight.owned.insert(weight.owned.end(), raw.begin(),
                              raw.begin() + elem);
        weight.data = weight.owned;
      } else {
        weight.data = raw;
      }
    } else if (auto resource = dyn_cast<DenseResourceElementsAttr>(*init)) {
      AsmResourceBlob *blob = resource.getRawHandle().getBlob();
      if (!blob)
        return global.emitOpError("dense_resource '")
               << resource.getRawHandle().getKey()
               << "' has no data (elided or missing)";
      weight.data = blob->getData();
    } else {
      return global.emitOpError("initial value must be dense or "
                                "dense_resource data, got ")
             << *init;
    }
    if (static_cast<int64_t>(weight.data.size()) != bytes)
      return global.emitOpError("holds ")
             << weight.data.size() << " bytes of data, expected " << bytes;
    weights.insert({global.getSymName(), std::move(weight)});
  }
  // Data stays alive in the context (attribute storage, resource blobs).
  return success();
}

FailureOr<BufferRef> ModelLowering::resolve(Operation *user, Value buffer) {
  auto it = buffers.find(buffer);
  if (it != buffers.end())
    return it->second;
  InFlightDiagnostic diag =
      user->emitOpError("operand has an unknown buffer origin");
  diag << ": expected a function argument, a memref.view of an allocation, "
          "a memref.alloc or a memref.get_global";
  if (Operation *def = buffer.getDefiningOp())
    diag.attachNote(def->getLoc()) << "defined here by " << def->getName();
  return failure();
}

LogicalResult ModelLowering::analyze(func::FuncOp func) {
  if (!func.getBody().hasOneBlock())
    return func.emitOpError("must have a single block to be compiled");
  Block &body = func.front();
  auto returnOp = dyn_cast<func::ReturnOp>(body.getTerminator());
  if (!returnOp)
    return func.emitOpError("must end in func.return");

  // Supported ops and buffer types first: every later step relies on them.
  bool ok = true;
  for (Operation &op : body) {
    bool supported =
        isa<qrt::QRTDialect>(op.getDialect()) ||
        isa<memref::AllocOp, memref::ViewOp, memref::GetGlobalOp,
            memref::DeallocOp, func::ReturnOp>(op) ||
        (isa<arith::ConstantOp>(op) && op.getResult(0).getType().isIndex());
    if (!supported) {
      op.emitOpError("is not supported by convert-qrt-to-llvm: a model "
                     "function holds qrt kernels, memref.alloc/view/"
                     "get_global/dealloc and index constants");
      ok = false;
      continue;
    }
    for (Value result : op.getResults())
      if (isa<MemRefType>(result.getType()) &&
          failed(checkBufferType(&op, result.getType(), "the result")))
        ok = false;
    if (isa<qrt::QRTDialect>(op.getDialect()))
      for (Value operand : op.getOperands())
        if (failed(checkBufferType(&op, operand.getType(), "an operand")))
          ok = false;
  }
  for (auto [i, type] : llvm::enumerate(func.getArgumentTypes()))
    if (failed(checkBufferType(func, type, "argument " + std::to_string(i))))
      ok = false;
  if (!ok)
    return failure();

  // Which buffers an XNNPACK kernel reads: it may read 16 bytes past them,
  // which the caller's buffers do not guarantee.
  llvm::DenseSet<Value> overRead;
  for (Operation &op : body) {
    auto backendAttr = op.getAttrOfType<qrt::BackendAttr>("backend");
    bool mayOverRead =
        backendAttr && (backendAttr.getValue() == qrt::Backend::XNNPack ||
                        backendAttr.getValue() == qrt::Backend::Auto);
    auto effects = dyn_cast<MemoryEffectOpInterface>(op);
    if (!mayOverRead || !effects)
      continue;
    SmallVector<MemoryEffects::EffectInstance> reads;
    effects.getEffects(reads);
    for (const MemoryEffects::EffectInstance &effect : reads)
      if (isa<MemoryEffects::Read>(effect.getEffect()) && effect.getValue())
        overRead.insert(effect.getValue());
  }

  // Buffers: arguments, allocations, views, globals.
  SmallVector<int64_t> outputFor(func.getNumResults(), -1);
  llvm::DenseMap<Value, int64_t> returnedAlloc;
  for (auto [i, value] : llvm::enumerate(returnOp.getOperands())) {
    if (failed(checkBufferType(returnOp, value.getType(), "a result")))
      return failure();
    if (value.getDefiningOp<memref::AllocOp>() && !returnedAlloc.count(value) &&
        !overRead.contains(value))
      returnedAlloc[value] = i;
  }
  auto reserve = [&](int64_t bytes) {
    int64_t offset = llvm::alignTo(plan.workspaceBytes, kAlignment);
    plan.workspaceBytes = offset + bytes + kPadding;
    return offset;
  };
  for (BlockArgument arg : func.getArguments()) {
    auto type = cast<MemRefType>(arg.getType());
    BufferRef ref{BufferKind::Input, arg.getArgNumber(), 0, ""};
    if (overRead.contains(arg)) {
      // Copied into padded model memory at the start of every run.
      BufferRef copy{BufferKind::Workspace, 0, reserve(bufferBytes(type)), ""};
      plan.inputCopies.push_back({ref, copy, bufferBytes(type), func.getLoc()});
      ref = copy;
    }
    buffers[arg] = ref;
  }
  for (Operation &op : body) {
    if (auto alloc = dyn_cast<memref::AllocOp>(op)) {
      if (alloc.getAlignment() && *alloc.getAlignment() > kAlignment)
        return alloc.emitOpError("requests alignment ")
               << *alloc.getAlignment() << ", more than the workspace's "
               << kAlignment;
      auto it = returnedAlloc.find(alloc.getResult());
      if (it != returnedAlloc.end()) {
        buffers[alloc] = {BufferKind::Output, it->second, 0, ""};
        outputFor[it->second] = it->second;
        continue;
      }
      buffers[alloc] = {BufferKind::Workspace, 0,
                        reserve(bufferBytes(alloc.getType())), ""};
    } else if (auto view = dyn_cast<memref::ViewOp>(op)) {
      auto base = buffers.find(view.getSource());
      if (base == buffers.end() || base->second.kind != BufferKind::Workspace ||
          !view.getSource().getDefiningOp<memref::AllocOp>())
        return view.emitOpError(
            "has an unknown buffer origin: only views of a model-owned "
            "allocation (the arena) can be lowered");
      APInt shift;
      if (!matchPattern(view.getByteShift(), m_ConstantInt(&shift)))
        return view.emitOpError("needs a constant byte offset");
      if (!view.getSizes().empty())
        return view.emitOpError("has dynamic sizes");
      int64_t offset = shift.getSExtValue();
      int64_t sourceBytes = bufferBytes(view.getSource().getType());
      int64_t bytes = bufferBytes(view.getType());
      if (offset < 0 || offset + bytes > sourceBytes)
        return view.emitOpError("bytes [")
               << offset << ", " << offset + bytes << ") lie outside the "
               << sourceBytes << "-byte allocation";
      if (offset % kAlignment != 0 &&
          offset % elementBytes(view.getType().getElementType()) != 0)
        return view.emitOpError("offset ") << offset << " is misaligned";
      buffers[view] = {BufferKind::Workspace, 0, base->second.offset + offset,
                       ""};
    } else if (auto get = dyn_cast<memref::GetGlobalOp>(op)) {
      if (!weights.count(get.getName()))
        return get.emitOpError("reads @")
               << get.getName() << ", which is not a constant memref.global";
      buffers[get] = {BufferKind::Constant, 0, 0, get.getName().str()};
    }
  }

  // Kernels and observers in program order.
  for (Operation &op : body) {
    if (!isa<qrt::QRTDialect>(op.getDialect()))
      continue;
    // Every buffer a qrt op touches must have a known place; written ones
    // must be writable.
    for (Value operand : op.getOperands())
      if (failed(resolve(&op, operand)))
        return failure();
    if (auto observe = dyn_cast<qrt::ObserveOp>(op)) {
      auto type = cast<MemRefType>(observe.getInput().getType());
      ObserverStep step{
          observe.getIdAttr().getInt(),
          static_cast<int32_t>(observe.getKind()),
          -1,
          0,
          "",
          describeStep("observer", plan.observers.size(), &op, ""),
          buffers[observe.getInput()],
          op.getLoc()};
      if (std::optional<uint64_t> axis = observe.getAxis()) {
        step.axis = static_cast<int32_t>(*axis);
        step.channels = type.getDimSize(*axis);
      }
      step.descSymbol = addBlob(buildTensorDescBlob(type, *this, "__qm_desc"),
                                "__qm_observe_desc");
      plan.steps.push_back({false, plan.observers.size()});
      plan.observers.push_back(std::move(step));
      continue;
    }
    FailureOr<KernelCall> call = buildKernelCall(&op, *this);
    if (failed(call))
      return failure();
    BufferRef out = buffers[call->output];
    if (out.kind == BufferKind::Input || out.kind == BufferKind::Constant)
      return op.emitOpError("writes ")
             << (out.kind == BufferKind::Input ? "a function argument (the "
                                                 "caller's input)"
                                               : "a constant global");
    KernelStep step{
        std::move(*call), "", "", nodeName(op.getLoc()), {}, out, op.getLoc()};
    step.what = describeStep(
        "kernel", plan.kernels.size(), &op,
        qrt::stringifyBackend(static_cast<qrt::Backend>(step.call.backend)));
    for (Value input : step.call.runInputs)
      step.inputs.push_back(buffers[input]);
    plan.maxRunInputs = std::max(plan.maxRunInputs, step.inputs.size());
    plan.steps.push_back({true, plan.kernels.size()});
    plan.kernels.push_back(std::move(step));
  }

  // Results that are not their own allocation are copied out at the end.
  for (auto [i, value] : llvm::enumerate(returnOp.getOperands())) {
    if (outputFor[i] >= 0)
      continue;
    FailureOr<BufferRef> from = resolve(returnOp, value);
    if (failed(from))
      return failure();
    plan.outputCopies.push_back({*from,
                                 {BufferKind::Output, int64_t(i), 0, ""},
                                 bufferBytes(cast<MemRefType>(value.getType())),
                                 returnOp.getLoc()});
  }
  return success();
}

//===----------------------------------------------------------------------===//
// qmodel_info_t
//===----------------------------------------------------------------------===//

void ModelLowering::buildInfo(func::FuncOp func) {
  auto tensorInfos = [&](TypeRange types, bool isInput) -> std::string {
    std::vector<qmodel_tensor_info> infos(types.size());
    std::memset(infos.data(), 0, infos.size() * sizeof(qmodel_tensor_info));
    Blob array;
    for (auto [i, type] : llvm::enumerate(types)) {
      auto memref = cast<MemRefType>(type);
      DictionaryAttr attrs =
          isInput ? func.getArgAttrDict(i) : func.getResultAttrDict(i);
      std::string name = (Twine(isInput ? "input" : "output") + Twine(i)).str();
      if (attrs)
        if (auto nameAttr = attrs.getAs<StringAttr>("qnn.name"))
          name = nameAttr.str();
      qmodel_tensor_info &info = infos[i];
      info.dtype = runtimeDType(memref.getElementType());
      info.rank = static_cast<int32_t>(memref.getRank());
      // Raw int8 data without a descriptor reads as itself (scale 1): the
      // API's real = (q - zero_point) * scale needs a positive scale.
      if (info.dtype == QRT_U8 || info.dtype == QRT_S8)
        info.scale = 1.0f;
      if (attrs)
        if (auto quant = attrs.getAs<qrt::QuantAttr>("qrt.quant")) {
          info.scale = static_cast<float>(quant.getScaleValue());
          info.zero_point = quant.getZeroPoint();
        }
      array.patch(infos.data(), &info.name, stringSymbol(name, "__qm_name"));
      std::vector<int64_t> dims(memref.getShape().begin(),
                                memref.getShape().end());
      dims.push_back(0); // never an empty array
      array.patch(
          infos.data(), &info.dims,
          addBlob(Blob::ofBytes(dims.data(), dims.size() * sizeof(int64_t),
                                alignof(int64_t)),
                  "__qm_dims"));
    }
    Blob blob =
        Blob::ofBytes(infos.data(), infos.size() * sizeof(qmodel_tensor_info),
                      alignof(qmodel_tensor_info));
    blob.patches = std::move(array.patches);
    if (blob.bytes.empty())
      blob = Blob::ofBytes("", 1, 8);
    return addBlob(std::move(blob), isInput ? "__qm_inputs" : "__qm_outputs");
  };

  qmodel_info_t info;
  std::memset(&info, 0, sizeof(info));
  info.abi_version = QMODEL_ABI_VERSION;
  info.num_inputs = static_cast<int32_t>(func.getNumArguments());
  info.num_outputs = static_cast<int32_t>(func.getNumResults());
  if (auto bytes = func->getAttrOfType<IntegerAttr>("qrt.arena_bytes"))
    info.arena_bytes = bytes.getInt();
  info.num_kernels = static_cast<int32_t>(plan.kernels.size());
  info.num_observers = static_cast<int32_t>(plan.observers.size());

  // Labels: module attributes win; else derived from the kernels.
  auto moduleString = [&](StringRef attr) -> std::optional<std::string> {
    if (auto value = module->getAttrOfType<StringAttr>(attr))
      return value.str();
    return std::nullopt;
  };
  std::string name = moduleString("qmodel.name").value_or("model");
  std::string backend;
  if (std::optional<std::string> fromAttr = moduleString("qmodel.backend")) {
    backend = *fromAttr;
  } else {
    // The most common backend other than ref (ref is where the others fall
    // back), else ref.
    std::map<int32_t, int> counts;
    for (const KernelStep &step : plan.kernels)
      if (step.call.backend != QRT_BACKEND_REF)
        ++counts[step.call.backend];
    int32_t best = QRT_BACKEND_REF;
    int bestCount = 0;
    for (auto [backendValue, count] : counts)
      if (count > bestCount) {
        best = backendValue;
        bestCount = count;
      }
    backend = qrt::stringifyBackend(static_cast<qrt::Backend>(best)).str();
  }
  std::string precision;
  if (std::optional<std::string> fromAttr = moduleString("qmodel.precision")) {
    precision = *fromAttr;
  } else {
    bool anyInt8 = false;
    func.walk([&](Operation *op) {
      if (!isa<qrt::QRTDialect>(op->getDialect()))
        return;
      for (Value operand : op->getOperands()) {
        int32_t dtype =
            runtimeDType(cast<MemRefType>(operand.getType()).getElementType());
        anyInt8 |= dtype == QRT_U8 || dtype == QRT_S8;
      }
    });
    precision = !plan.observers.empty() ? "observed"
                : anyInt8               ? "int8"
                                        : "float";
  }

  Blob blob = Blob::of(info);
  blob.patch(&info, &info.name, stringSymbol(name, "__qm_model_name"));
  blob.patch(&info, &info.backend, stringSymbol(backend, "__qm_backend"));
  blob.patch(&info, &info.precision, stringSymbol(precision, "__qm_precision"));
  blob.patch(&info, &info.inputs, tensorInfos(func.getArgumentTypes(), true));
  blob.patch(&info, &info.outputs, tensorInfos(func.getResultTypes(), false));
  plan.infoSymbol = addBlob(std::move(blob), "__qm_info");

  std::vector<int64_t> ids;
  for (const ObserverStep &step : plan.observers)
    ids.push_back(step.id);
  ids.push_back(0);
  plan.observerIdsSymbol = addBlob(
      Blob::ofBytes(ids.data(), ids.size() * sizeof(int64_t), alignof(int64_t)),
      "__qm_observer_ids");

  std::vector<const char *> nodes(std::max<size_t>(plan.kernels.size(), 1),
                                  nullptr);
  Blob nodesBlob = Blob::ofBytes(nodes.data(), nodes.size() * sizeof(void *),
                                 alignof(void *));
  for (auto [i, step] : llvm::enumerate(plan.kernels))
    nodesBlob.patch(nodes.data(), &nodes[i],
                    stringSymbol(step.node, "__qm_node"));
  plan.kernelNodesSymbol = addBlob(std::move(nodesBlob), "__qm_kernel_nodes");
}

//===----------------------------------------------------------------------===//
// Functions
//===----------------------------------------------------------------------===//

LLVM::LLVMFuncOp ModelLowering::declare(StringRef name, Type result,
                                        ArrayRef<Type> args) {
  if (auto existing = module.lookupSymbol<LLVM::LLVMFuncOp>(name))
    return existing;
  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPointToStart(module.getBody());
  return LLVM::LLVMFuncOp::create(builder, module.getLoc(), name,
                                  LLVM::LLVMFunctionType::get(result, args));
}

Value ModelLowering::i32Const(Location loc, int64_t v) {
  return LLVM::ConstantOp::create(builder, loc, i32Type,
                                  builder.getI32IntegerAttr(v));
}
Value ModelLowering::i64Const(Location loc, int64_t v) {
  return LLVM::ConstantOp::create(builder, loc, i64Type,
                                  builder.getI64IntegerAttr(v));
}
Value ModelLowering::addressOf(Location loc, StringRef symbol) {
  return LLVM::AddressOfOp::create(builder, loc, ptrType, symbol);
}

Value ModelLowering::call(Location loc, StringRef callee, Type result,
                          ArrayRef<Type> argTypes, ValueRange args) {
  bool isVoid = isa<LLVM::LLVMVoidType>(result);
  LLVM::LLVMFuncOp func = declare(callee, result, argTypes);
  auto op = LLVM::CallOp::create(builder, loc, func, args);
  return isVoid ? Value() : op.getResult();
}

Value ModelLowering::elementPtr(Location loc, Value base, Type elementType,
                                int64_t index) {
  return LLVM::GEPOp::create(
      builder, loc, ptrType, elementType, base,
      ArrayRef<LLVM::GEPArg>{static_cast<int32_t>(index)});
}

Value ModelLowering::pointer(Location loc, const BufferRef &ref) {
  switch (ref.kind) {
  case BufferKind::Input:
    return inputData[ref.index];
  case BufferKind::Output:
    return outputData[ref.index];
  case BufferKind::Workspace:
    return ref.offset == 0 ? workspace
                           : elementPtr(loc, workspace, i8Type, ref.offset);
  case BufferKind::Constant:
    return addressOf(loc, ref.symbol);
  }
  llvm_unreachable("buffer kind");
}

void ModelLowering::checkStatus(Location loc, Value status, StringRef what,
                                Block *failBlock) {
  Value failed = LLVM::ICmpOp::create(builder, loc, LLVM::ICmpPredicate::ne,
                                      status, i32Const(loc, 0));
  Block *next = new Block();
  failBlock->getParent()->getBlocks().insert(Region::iterator(failBlock), next);
  Value whatPtr = addressOf(loc, what);
  LLVM::CondBrOp::create(builder, loc, failed, failBlock,
                         ValueRange{status, whatPtr}, next, ValueRange{});
  builder.setInsertionPointToStart(next);
}

void ModelLowering::returnIfFailed(Location loc, Value status,
                                   Block *failBlock) {
  Value failed = LLVM::ICmpOp::create(builder, loc, LLVM::ICmpPredicate::ne,
                                      status, i32Const(loc, 0));
  Region::BlockListType &blocks = failBlock->getParent()->getBlocks();
  Block *retBlock = new Block();
  Block *next = new Block();
  blocks.insert(Region::iterator(failBlock), retBlock);
  blocks.insert(Region::iterator(failBlock), next);
  LLVM::CondBrOp::create(builder, loc, failed, retBlock, ValueRange{}, next,
                         ValueRange{});
  builder.setInsertionPointToStart(retBlock);
  LLVM::ReturnOp::create(builder, loc, status);
  builder.setInsertionPointToStart(next);
}

/// A function with an entry block and a trailing `fail(status, what)` block.
static std::pair<LLVM::LLVMFuncOp, Block *>
createFunction(OpBuilder &builder, Location loc, StringRef name,
               LLVM::LLVMFunctionType type, bool withFailBlock, Type i32Type,
               Type ptrType) {
  auto func = LLVM::LLVMFuncOp::create(builder, loc, name, type);
  Block *entry = func.addEntryBlock(builder);
  Block *fail = nullptr;
  if (withFailBlock) {
    fail = new Block();
    fail->addArgument(i32Type, loc);
    fail->addArgument(ptrType, loc);
    func.getBody().push_back(fail);
  }
  builder.setInsertionPointToStart(entry);
  return {func, fail};
}

void ModelLowering::emitCreate() {
  Location loc = module.getLoc();
  builder.setInsertionPointToEnd(module.getBody());
  auto [func, failBlock] =
      createFunction(builder, loc, "qmodel_create",
                     LLVM::LLVMFunctionType::get(i32Type, {ptrType, ptrType}),
                     true, i32Type, ptrType);
  Value options = func.getArgument(0), out = func.getArgument(1);

  // fail(status, what): the runtime frees the partial model.
  {
    OpBuilder::InsertionGuard guard(builder);
    builder.setInsertionPointToStart(failBlock);
    Value status = call(
        loc, "qrt_model_create_failed", i32Type, {ptrType, i32Type, ptrType},
        {out, failBlock->getArgument(0), failBlock->getArgument(1)});
    LLVM::ReturnOp::create(builder, loc, status);
  }

  Value status =
      call(loc, "qrt_model_alloc", i32Type,
           {ptrType, i64Type, ptrType, ptrType, ptrType},
           {addressOf(loc, plan.infoSymbol), i64Const(loc, plan.workspaceBytes),
            addressOf(loc, plan.observerIdsSymbol), options, out});
  // Allocation failures already carry their message and left *out NULL.
  returnIfFailed(loc, status, failBlock);
  Value model = LLVM::LoadOp::create(builder, loc, ptrType, out);
  Value context = call(loc, "qrt_model_context", ptrType, {ptrType}, {model});
  Value kernels = call(loc, "qrt_model_kernels", ptrType, {ptrType}, {model});
  Value observers =
      call(loc, "qrt_model_observers", ptrType, {ptrType}, {model});

  for (const Step &step : plan.steps) {
    if (step.isKernel) {
      const KernelStep &kernel = plan.kernels[step.index];
      Value slot = elementPtr(kernel.loc, kernels, ptrType, step.index);
      Value st = call(kernel.loc, kernel.call.createFunction, i32Type,
                      {ptrType, i32Type, ptrType, ptrType},
                      {context, i32Const(kernel.loc, kernel.call.backend),
                       addressOf(kernel.loc, kernel.paramsSymbol), slot});
      checkStatus(kernel.loc, st, stringSymbol(kernel.what, "__qm_what"),
                  failBlock);
      continue;
    }
    const ObserverStep &observer = plan.observers[step.index];
    Value slot = elementPtr(observer.loc, observers, ptrType, step.index);
    Value st = call(observer.loc, "qrt_observer_create", i32Type,
                    {i32Type, i32Type, i64Type, ptrType},
                    {i32Const(observer.loc, observer.kind),
                     i32Const(observer.loc, observer.axis),
                     i64Const(observer.loc, observer.channels), slot});
    checkStatus(observer.loc, st, stringSymbol(observer.what, "__qm_what"),
                failBlock);
  }
  LLVM::ReturnOp::create(builder, loc, i32Const(loc, 0));
}

void ModelLowering::emitRun() {
  Location loc = module.getLoc();
  builder.setInsertionPointToEnd(module.getBody());
  auto [func, failBlock] = createFunction(
      builder, loc, "qmodel_run",
      LLVM::LLVMFunctionType::get(
          i32Type, {ptrType, ptrType, i32Type, ptrType, i32Type}),
      true, i32Type, ptrType);
  Value model = func.getArgument(0);
  inputsArg = func.getArgument(1);
  outputsArg = func.getArgument(3);
  {
    OpBuilder::InsertionGuard guard(builder);
    builder.setInsertionPointToStart(failBlock);
    Value status =
        call(loc, "qrt_model_run_failed", i32Type, {i32Type, ptrType},
             {failBlock->getArgument(0), failBlock->getArgument(1)});
    LLVM::ReturnOp::create(builder, loc, status);
  }

  auto runInputsType = LLVM::LLVMArrayType::get(ptrType, plan.maxRunInputs);
  Value runInputs = LLVM::AllocaOp::create(builder, loc, ptrType, runInputsType,
                                           i32Const(loc, 1), alignof(void *));
  Value runOutputs = LLVM::AllocaOp::create(
      builder, loc, ptrType, LLVM::LLVMArrayType::get(ptrType, 1),
      i32Const(loc, 1), alignof(void *));

  // Times the run under QMODEL_OPTION_PROFILE (a flag test otherwise).
  Type voidType = LLVM::LLVMVoidType::get(ctx);
  call(loc, "qrt_model_run_begin", voidType, {ptrType}, {model});
  Value status = call(
      loc, "qrt_model_check_io", i32Type,
      {ptrType, ptrType, i32Type, ptrType, i32Type},
      {model, inputsArg, func.getArgument(2), outputsArg, func.getArgument(4)});
  returnIfFailed(loc, status, failBlock);

  workspace = call(loc, "qrt_model_workspace", ptrType, {ptrType}, {model});
  Value kernels = call(loc, "qrt_model_kernels", ptrType, {ptrType}, {model});
  Value observers =
      call(loc, "qrt_model_observers", ptrType, {ptrType}, {model});
  // The caller's data pointers: qmodel_tensor::data of each entry.
  auto dataPointers = [&](Value array, unsigned count) {
    SmallVector<Value> data;
    for (unsigned i = 0; i < count; ++i) {
      Value field = elementPtr(
          loc, array, i8Type,
          int64_t(i * sizeof(qmodel_tensor) + offsetof(qmodel_tensor, data)));
      data.push_back(LLVM::LoadOp::create(builder, loc, ptrType, field));
    }
    return data;
  };
  inputData = dataPointers(inputsArg, numInputs);
  outputData = dataPointers(outputsArg, numOutputs);

  for (const Copy &copy : plan.inputCopies)
    LLVM::MemcpyOp::create(builder, copy.loc, pointer(copy.loc, copy.to),
                           pointer(copy.loc, copy.from),
                           i64Const(copy.loc, copy.bytes), false);

  for (const Step &step : plan.steps) {
    if (step.isKernel) {
      const KernelStep &kernel = plan.kernels[step.index];
      Location kloc = kernel.loc;
      for (auto [i, input] : llvm::enumerate(kernel.inputs))
        LLVM::StoreOp::create(builder, kloc, pointer(kloc, input),
                              elementPtr(kloc, runInputs, ptrType, i));
      LLVM::StoreOp::create(builder, kloc, pointer(kloc, kernel.output),
                            runOutputs);
      Value handle =
          LLVM::LoadOp::create(builder, kloc, ptrType,
                               elementPtr(kloc, kernels, ptrType, step.index));
      Value st = call(kloc, "qrt_kernel_run", i32Type,
                      {ptrType, ptrType, i32Type, ptrType, i32Type},
                      {handle, runInputs, i32Const(kloc, kernel.inputs.size()),
                       runOutputs, i32Const(kloc, 1)});
      checkStatus(kloc, st, stringSymbol(kernel.what, "__qm_what"), failBlock);
      continue;
    }
    const ObserverStep &observer = plan.observers[step.index];
    Location oloc = observer.loc;
    Value handle =
        LLVM::LoadOp::create(builder, oloc, ptrType,
                             elementPtr(oloc, observers, ptrType, step.index));
    Value st =
        call(oloc, "qrt_observer_update", i32Type, {ptrType, ptrType, ptrType},
             {handle, addressOf(oloc, observer.descSymbol),
              pointer(oloc, observer.input)});
    checkStatus(oloc, st, stringSymbol(observer.what, "__qm_what"), failBlock);
  }

  for (const Copy &copy : plan.outputCopies)
    LLVM::MemcpyOp::create(builder, copy.loc, pointer(copy.loc, copy.to),
                           pointer(copy.loc, copy.from),
                           i64Const(copy.loc, copy.bytes), false);
  call(loc, "qrt_model_run_end", voidType, {ptrType}, {model});
  LLVM::ReturnOp::create(builder, loc, i32Const(loc, 0));
}

void ModelLowering::emitForwarder(StringRef name, Type result,
                                  ArrayRef<Type> argTypes, StringRef callee,
                                  ArrayRef<std::string> extraSymbols) {
  Location loc = module.getLoc();
  builder.setInsertionPointToEnd(module.getBody());
  auto func = createFunction(builder, loc, name,
                             LLVM::LLVMFunctionType::get(result, argTypes),
                             false, i32Type, ptrType)
                  .first;
  SmallVector<Value> args(func.getArguments());
  SmallVector<Type> calleeTypes(argTypes);
  for (const std::string &symbol : extraSymbols) {
    args.push_back(addressOf(loc, symbol));
    calleeTypes.push_back(ptrType);
  }
  Value value = call(loc, callee, result, calleeTypes, args);
  LLVM::ReturnOp::create(builder, loc, value ? ValueRange{value} : ValueRange{});
}

void ModelLowering::emitForwarders() {
  Location loc = module.getLoc();
  Type voidType = LLVM::LLVMVoidType::get(ctx);
  builder.setInsertionPointToEnd(module.getBody());
  createFunction(builder, loc, "qmodel_info",
                 LLVM::LLVMFunctionType::get(ptrType, {}), false, i32Type,
                 ptrType);
  LLVM::ReturnOp::create(builder, loc, addressOf(loc, plan.infoSymbol));

  emitForwarder("qmodel_destroy", voidType, {ptrType}, "qrt_model_free");
  emitForwarder("qmodel_last_error", ptrType, {}, "qrt_model_last_error");
  emitForwarder("qmodel_observer", i32Type,
                {ptrType, i32Type, ptrType, ptrType}, "qrt_model_observer");
  // The runtime gets the kernels' node names with every call.
  emitForwarder("qmodel_profile", i32Type, {ptrType, i32Type, ptrType},
                "qrt_model_profile", {plan.kernelNodesSymbol});
}

LogicalResult ModelLowering::run() {
  // The module: one function definition, constant memref globals, and
  // anything already in the LLVM dialect.
  func::FuncOp func;
  for (Operation &op : module.getBody()->getOperations()) {
    if (auto f = dyn_cast<func::FuncOp>(op)) {
      if (f.isDeclaration())
        return f.emitOpError("declarations are not supported: a model calls "
                             "only runtime kernels");
      if (func) {
        InFlightDiagnostic diag = f.emitOpError(
            "is a second function: a model has exactly one (its entry point)");
        diag.attachNote(func.getLoc()) << "first function here";
        return diag;
      }
      func = f;
      continue;
    }
    if (isa<memref::GlobalOp>(op) || isa<LLVM::LLVMDialect>(op.getDialect()))
      continue;
    return op.emitOpError("is not supported at module level by "
                          "convert-qrt-to-llvm");
  }
  if (!func)
    return module.emitError("convert-qrt-to-llvm: the module has no function "
                            "to compile");
  for (StringRef name :
       {"qmodel_info", "qmodel_create", "qmodel_run", "qmodel_destroy",
        "qmodel_last_error", "qmodel_observer", "qmodel_profile"})
    if (Operation *clash = SymbolTable::lookupSymbolIn(module, name);
        clash && clash != func.getOperation())
      return clash->emitOpError("uses the name '")
             << name << "', which the model's API exports";

  if (failed(convertWeights()) || failed(analyze(func)))
    return failure();

  for (KernelStep &step : plan.kernels)
    step.paramsSymbol =
        addBlob(std::move(step.call.params),
                "__qm_params_" + step.call.createFunction.substr(
                                     4, step.call.createFunction.size() - 11));
  numInputs = func.getNumArguments();
  numOutputs = func.getNumResults();
  buildInfo(func);

  // The function and the memref globals are replaced by LLVM globals.
  func.erase();
  for (auto global :
       llvm::make_early_inc_range(module.getOps<memref::GlobalOp>()))
    global.erase();
  {
    OpBuilder::InsertionGuard guard(builder);
    builder.setInsertionPointToStart(module.getBody());
    for (auto &[name, weight] : weights) {
      // Padded: a constant operand of an XNNPACK kernel is read like an
      // activation, up to QRT_INPUT_PADDING_BYTES past its end.
      std::string bytes(weight.data.begin(), weight.data.end());
      bytes.append(kPadding, '\0');
      LLVM::GlobalOp::create(
          builder, weight.loc, LLVM::LLVMArrayType::get(i8Type, bytes.size()),
          /*isConstant=*/true, LLVM::Linkage::Internal, weight.name,
          StringAttr::get(ctx, bytes), kAlignment);
    }
  }
  emitCreate();
  emitRun();
  emitForwarders();
  for (StringRef attr : {"qmodel.name", "qmodel.backend", "qmodel.precision"})
    module->removeAttr(attr);
  return success();
}

struct ConvertQRTToLLVMPass
    : public qmlir::conversion::impl::ConvertQRTToLLVMPassBase<
          ConvertQRTToLLVMPass> {
  void runOnOperation() override;
};

} // namespace

void ConvertQRTToLLVMPass::runOnOperation() {
  ModelLowering lowering(getOperation());
  if (failed(lowering.run()))
    signalPassFailure();
}

//===- GraphImporter.cpp - Walk an ONNX graph into func/qnn/quant ---------===//
//
// The driver: model checks (opset, unsupported ops, all reported at once),
// initializers as host constants, graph inputs with static shapes, one import
// function per node, results. Constants reach MLIR only when a compute op
// uses them, so shape subgraphs fold away on the host.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"
#include "ModelLoader.h"

#include "dialects/QNN/QNNDialect.h"
#include "lib/Support/ConstantData.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/StringExtras.h"

using namespace mlir;

namespace qmlir::onnx_import {

/// Opsets of the default domain the importer has been checked against.
constexpr int64_t kMinOpset = 11;
constexpr int64_t kMaxOpset = 17;

const ImportTable &getImportTable() {
  static const ImportTable table = [] {
    ImportTable t;
    registerNNImporters(t);
    registerElementwiseImporters(t);
    registerTensorImporters(t);
    registerQuantImporters(t);
    return t;
  }();
  return table;
}

//===----------------------------------------------------------------------===//
// NodeContext
//===----------------------------------------------------------------------===//

InFlightDiagnostic NodeContext::emitError() {
  // Locations carry no line for a node, so the message names it.
  return mlir::emitError(loc)
         << "node '" << cast<NameLoc>(loc).getName().getValue() << "' ("
         << node.op_type() << "): ";
}

FailureOr<Value> NodeContext::input(int i) {
  if (!hasInput(i))
    return emitError() << "missing required input #" << i;
  ValueInfo *info = importer.lookup(node.input(i));
  if (!info)
    return emitError() << "input '" << node.input(i)
                       << "' is not produced by any earlier node, initializer "
                          "or graph input";
  if (!info->value) {
    if (elementByteSize(info->constant->getDataType()) == 0)
      return emitError() << "constant '" << node.input(i) << "' has type "
                         << dataTypeName(info->constant->getDataType());
    // Nodes import in order into one block, so materializing right before
    // the first user dominates every later use.
    info->value =
        importer.materialize(builder, loc, *info->constant, node.input(i));
  }
  return info->value;
}

FailureOr<Value> NodeContext::floatInput(int i) {
  FailureOr<Value> v = input(i);
  if (failed(v))
    return failure();
  auto type = dyn_cast<RankedTensorType>(v->getType());
  if (!type || !type.getElementType().isF32())
    return emitError() << "input '" << node.input(i)
                       << "' must be a float32 tensor, got " << v->getType();
  return v;
}

const ConstTensor *NodeContext::constantInput(int i) {
  if (!hasInput(i))
    return nullptr;
  ValueInfo *info = importer.lookup(node.input(i));
  return info && info->constant ? &*info->constant : nullptr;
}

FailureOr<const ConstTensor *> NodeContext::requireConstant(int i,
                                                            StringRef what) {
  if (!hasInput(i))
    return emitError() << "missing " << what << " (input #" << i << ")";
  if (const ConstTensor *c = constantInput(i))
    return c;
  if (!importer.lookup(node.input(i)))
    return emitError() << "input '" << node.input(i)
                       << "' is not produced by any earlier node, initializer "
                          "or graph input";
  return emitError() << what << " (input '" << node.input(i)
                     << "') must be a constant known at import time";
}

FailureOr<Shape> NodeContext::inputShape(int i) {
  if (const ConstTensor *c = constantInput(i))
    return Shape(c->getShape());
  FailureOr<Value> v = input(i);
  if (failed(v))
    return failure();
  return Shape(shapeOf(*v));
}

int32_t NodeContext::inputDataType(int i) {
  if (!hasInput(i))
    return onnx::TensorProto::UNDEFINED;
  ValueInfo *info = importer.lookup(node.input(i));
  if (!info)
    return onnx::TensorProto::UNDEFINED;
  if (info->constant)
    return info->constant->getDataType();
  if (info->inputDataType != onnx::TensorProto::UNDEFINED)
    return info->inputDataType;
  Type element = cast<RankedTensorType>(info->value.getType()).getElementType();
  if (element.isF32())
    return onnx::TensorProto::FLOAT;
  if (auto q = dyn_cast<quant::QuantizedType>(element)) {
    if (q.getStorageTypeIntegralWidth() == 32)
      return onnx::TensorProto::INT32;
    return q.isSigned() ? onnx::TensorProto::INT8 : onnx::TensorProto::UINT8;
  }
  if (element.isInteger(32))
    return onnx::TensorProto::INT32;
  return onnx::TensorProto::UNDEFINED;
}

bool NodeContext::allInputsConstant() {
  for (int i = 0; i < getNumInputs(); ++i)
    if (hasInput(i) && !constantInput(i))
      return false;
  return true;
}

const onnx::AttributeProto *NodeContext::attr(StringRef name) {
  readAttributes.insert(name);
  for (const onnx::AttributeProto &a : node.attribute())
    if (a.name() == name)
      return &a;
  return nullptr;
}

FailureOr<int64_t> NodeContext::getInt(StringRef name, int64_t dflt) {
  const onnx::AttributeProto *a = attr(name);
  if (!a)
    return dflt;
  if (a->type() != onnx::AttributeProto::INT)
    return emitError() << "attribute '" << name << "' must be an int";
  return a->i();
}

FailureOr<float> NodeContext::getFloat(StringRef name, float dflt) {
  const onnx::AttributeProto *a = attr(name);
  if (!a)
    return dflt;
  if (a->type() != onnx::AttributeProto::FLOAT)
    return emitError() << "attribute '" << name << "' must be a float";
  return a->f();
}

FailureOr<std::string> NodeContext::getString(StringRef name, StringRef dflt) {
  const onnx::AttributeProto *a = attr(name);
  if (!a)
    return dflt.str();
  if (a->type() != onnx::AttributeProto::STRING)
    return emitError() << "attribute '" << name << "' must be a string";
  return a->s();
}

FailureOr<std::optional<SmallVector<int64_t>>>
NodeContext::getInts(StringRef name) {
  const onnx::AttributeProto *a = attr(name);
  if (!a)
    return std::optional<SmallVector<int64_t>>();
  if (a->type() != onnx::AttributeProto::INTS)
    return emitError() << "attribute '" << name << "' must be a list of ints";
  return std::optional<SmallVector<int64_t>>(
      SmallVector<int64_t>(a->ints().begin(), a->ints().end()));
}

SmallVector<std::string> NodeContext::unreadAttributes() const {
  SmallVector<std::string> unread;
  for (const onnx::AttributeProto &a : node.attribute())
    if (!readAttributes.contains(a.name()))
      unread.push_back(a.name());
  return unread;
}

void NodeContext::setOutput(int i, Value value) {
  if (!hasOutput(i))
    return;
  // A value forwarded unchanged (Identity, Dropout) keeps the ONNX type of a
  // graph input: u8 and s8 share MLIR's i8.
  int32_t dtype = onnx::TensorProto::UNDEFINED;
  for (int j = 0; j < getNumInputs(); ++j)
    if (ValueInfo *in = hasInput(j) ? importer.lookup(node.input(j)) : nullptr;
        in && in->value == value)
      dtype = in->inputDataType;
  importer.define(node.output(i), ValueInfo{value, std::nullopt, dtype});
}

void NodeContext::setOutputConstant(int i, ConstTensor tensor) {
  if (hasOutput(i))
    importer.define(node.output(i), ValueInfo{Value(), std::move(tensor)});
}

LogicalResult checkFoldedShape(NodeContext &ctx, ArrayRef<int64_t> shape) {
  if (isPlausibleShape(shape, kMaxFoldedElements))
    return success();
  return ctx.emitError() << "computing a constant of shape "
                         << formatShape(shape)
                         << " at import time is not supported (at most "
                         << kMaxFoldedElements << " elements)";
}

FailureOr<int64_t> normalizeAxis(NodeContext &ctx, int64_t axis,
                                 int64_t rank) {
  if (axis < -rank || axis >= rank)
    return ctx.emitError() << "axis " << axis << " is out of range for rank "
                           << rank;
  return axis < 0 ? axis + rank : axis;
}

//===----------------------------------------------------------------------===//
// GraphImporter
//===----------------------------------------------------------------------===//

GraphImporter::GraphImporter(MLIRContext *context,
                             const ONNXImportOptions &options,
                             const onnx::ModelProto &model)
    : context(context), options(options), model(model), graph(model.graph()) {
}

ValueInfo *GraphImporter::lookup(StringRef name) {
  auto it = values.find(name);
  return it == values.end() ? nullptr : &it->second;
}

std::string GraphImporter::nodeName(const onnx::NodeProto &node, int index) {
  return node.name().empty() ? node.op_type() + "_" + std::to_string(index)
                             : node.name();
}

Location GraphImporter::nodeLocation(const onnx::NodeProto &node, int index) {
  return NameLoc::get(StringAttr::get(context, nodeName(node, index)),
                      FileLineColLoc::get(context, options.sourceName, 0, 0));
}

/// MLIR element type for an ONNX data type of a constant: integer data
/// becomes signless integers (u8 and s8 share i8; the quant type carries
/// signedness).
static Type constantElementType(MLIRContext *ctx, int32_t dtype) {
  switch (dtype) {
  case onnx::TensorProto::FLOAT:
    return Float32Type::get(ctx);
  case onnx::TensorProto::DOUBLE:
    return Float64Type::get(ctx);
  case onnx::TensorProto::INT64:
    return IntegerType::get(ctx, 64);
  case onnx::TensorProto::INT32:
    return IntegerType::get(ctx, 32);
  case onnx::TensorProto::BOOL:
    return IntegerType::get(ctx, 1);
  default:
    return IntegerType::get(ctx, 8);
  }
}

Value GraphImporter::materialize(OpBuilder &builder, Location loc,
                                 const ConstTensor &tensor, StringRef name) {
  auto type = RankedTensorType::get(
      tensor.getShape(), constantElementType(context, tensor.getDataType()));
  ElementsAttr attr;
  if (tensor.getNumElements() <= options.inlineConstantLimit ||
      tensor.getDataType() == onnx::TensorProto::BOOL) {
    if (isa<FloatType>(type.getElementType())) {
      SmallVector<APFloat> values;
      for (double v : tensor.toDoubles())
        values.push_back(type.getElementType().isF32()
                             ? APFloat(static_cast<float>(v))
                             : APFloat(v));
      attr = DenseElementsAttr::get(type, values);
    } else {
      unsigned width = type.getElementType().getIntOrFloatBitWidth();
      SmallVector<APInt> values;
      for (int64_t v : tensor.toInts())
        values.push_back(APInt(width, v, /*isSigned=*/true,
                               /*implicitTrunc=*/true));
      attr = DenseElementsAttr::get(type, values);
    }
  } else {
    AsmResourceBlob blob = HeapAsmResourceBlob::allocateAndCopyWithAlign(
        tensor.getBytes(), alignof(double));
    attr = DenseResourceElementsAttr::get(type, resourceKey(name),
                                          std::move(blob));
  }
  return arith::ConstantOp::create(builder, loc, type, cast<TypedAttr>(attr));
}

Value GraphImporter::materializeDerived(OpBuilder &builder, Location loc,
                                        StringRef source, StringRef transform,
                                        function_ref<ConstTensor()> compute) {
  // ONNX value names are unique in a graph, so the name identifies the data.
  // Nodes import in order into one block: the first materialization
  // dominates every later user.
  Value &cached = derivedConstants[(source + Twine('\0') + transform).str()];
  if (!cached)
    cached = materialize(builder, loc, compute(), source);
  return cached;
}

LogicalResult GraphImporter::readOpset() {
  Location loc = FileLineColLoc::get(context, options.sourceName, 0, 0);
  bool found = false;
  for (const onnx::OperatorSetIdProto &id : model.opset_import()) {
    if (id.domain().empty() || id.domain() == "ai.onnx") {
      opset = id.version();
      found = true;
    }
  }
  if (!found)
    return emitError(loc) << "the model imports no opset of the default ONNX "
                             "domain";
  if (opset < kMinOpset || opset > kMaxOpset)
    return emitError(loc) << "opset " << opset << " is not supported (the "
                          << "importer supports opsets " << kMinOpset << "-"
                          << kMaxOpset << "); convert the model with "
                          << "onnx.version_converter";
  return success();
}

LogicalResult GraphImporter::checkSupportedOps() {
  // Every unsupported op type with the nodes that use it, in graph order.
  SmallVector<std::pair<std::string, SmallVector<std::string>>> unsupported;
  llvm::StringMap<unsigned> position;
  const ImportTable &table = getImportTable();
  for (auto [i, node] : llvm::enumerate(graph.node())) {
    bool defaultDomain = node.domain().empty() || node.domain() == "ai.onnx";
    std::string key = defaultDomain ? node.op_type()
                                    : node.domain() + "::" + node.op_type();
    if (defaultDomain) {
      auto entry = table.find(node.op_type());
      if (entry != table.end() && opset >= entry->second.sinceOpset)
        continue;
      // An op newer than the model's opset does not exist for it.
      if (entry != table.end())
        key += " (defined from opset " +
               std::to_string(entry->second.sinceOpset) + ", the model has " +
               std::to_string(opset) + ")";
    }
    auto [it, inserted] = position.try_emplace(key, unsupported.size());
    if (inserted)
      unsupported.push_back({key, {}});
    unsupported[it->second].second.push_back(nodeName(node, i));
  }
  if (unsupported.empty())
    return success();
  InFlightDiagnostic diag =
      emitError(FileLineColLoc::get(context, options.sourceName, 0, 0))
      << unsupported.size() << " unsupported ONNX operator type"
      << (unsupported.size() == 1 ? "" : "s") << ":";
  for (auto [k, entry] : llvm::enumerate(unsupported)) {
    auto &[op, nodes] = entry;
    diag << (k ? "; " : " ") << op << " (" << nodes.size() << " node"
         << (nodes.size() == 1 ? "" : "s") << ": ";
    for (auto [j, n] : llvm::enumerate(nodes)) {
      if (j == 5) {
        diag << ", ...";
        break;
      }
      diag << (j ? ", " : "") << "'" << n << "'";
    }
    diag << ")";
  }
  return diag;
}

LogicalResult GraphImporter::importInitializers() {
  for (const onnx::TensorProto &init : graph.initializer()) {
    Location loc = NameLoc::get(
        StringAttr::get(context, init.name()),
        FileLineColLoc::get(context, options.sourceName, 0, 0));
    FailureOr<ConstTensor> tensor = ConstTensor::fromProto(
        init, [&] { return emitError(loc) << "initializer "; });
    if (failed(tensor))
      return failure();
    values[init.name()] = ValueInfo{Value(), std::move(*tensor)};
  }
  return success();
}

FailureOr<RankedTensorType>
GraphImporter::importInputType(const onnx::ValueInfoProto &info) {
  Location loc = NameLoc::get(
      StringAttr::get(context, info.name()),
      FileLineColLoc::get(context, options.sourceName, 0, 0));
  if (!info.type().has_tensor_type())
    return emitError(loc) << "graph input '" << info.name()
                          << "' is not a tensor";
  const onnx::TypeProto::Tensor &tt = info.type().tensor_type();
  Type element;
  switch (tt.elem_type()) {
  case onnx::TensorProto::FLOAT:
    element = Float32Type::get(context);
    break;
  case onnx::TensorProto::UINT8:
  case onnx::TensorProto::INT8:
    element = IntegerType::get(context, 8);
    break;
  case onnx::TensorProto::INT32:
    element = IntegerType::get(context, 32);
    break;
  default:
    return emitError(loc) << "graph input '" << info.name() << "' has type "
                          << dataTypeName(tt.elem_type())
                          << "; supported are FLOAT, UINT8, INT8 and INT32";
  }
  auto override = options.inputShapes.find(info.name());
  if (override != options.inputShapes.end()) {
    if (tt.has_shape() &&
        tt.shape().dim_size() != static_cast<int>(override->second.size()))
      return emitError(loc) << "--input-shape gives " << info.name()
                            << " rank " << override->second.size()
                            << " but the model declares rank "
                            << tt.shape().dim_size();
    if (!isPlausibleShape(override->second))
      return emitError(loc) << "--input-shape gives " << info.name()
                            << " an implausibly large shape";
    return RankedTensorType::get(override->second, element);
  }
  if (!tt.has_shape())
    return emitError(loc) << "graph input '" << info.name()
                          << "' has no shape; give one with --input-shape "
                          << info.name() << "=DxDx...";
  Shape shape;
  for (auto [i, dim] : llvm::enumerate(tt.shape().dim())) {
    if (dim.has_dim_value() && dim.dim_value() > 0) {
      shape.push_back(dim.dim_value());
      continue;
    }
    if (dim.has_dim_value())
      return emitError(loc) << "graph input '" << info.name()
                            << "' has dimension " << dim.dim_value()
                            << " at position " << i
                            << "; inputs must have positive dimensions";
    std::string symbol = dim.has_dim_param() ? "'" + dim.dim_param() + "'"
                                             : std::string("?");
    return emitError(loc) << "graph input '" << info.name()
                          << "' has symbolic dimension " << symbol
                          << " at position " << i
                          << "; pin it with --input-shape " << info.name()
                          << "=DxDx...";
  }
  if (!isPlausibleShape(shape))
    return emitError(loc) << "graph input '" << info.name()
                          << "' has an implausibly large shape "
                          << formatShape(shape);
  return RankedTensorType::get(shape, element);
}

LogicalResult GraphImporter::importNode(OpBuilder &builder,
                                        const onnx::NodeProto &node,
                                        int index) {
  Location loc = nodeLocation(node, index);
  NodeContext ctx(*this, builder, node, loc);
  const ImportEntry &entry = getImportTable().find(node.op_type())->second;
  if (failed(entry.fn(ctx)))
    return failure();
  SmallVector<std::string> unread = ctx.unreadAttributes();
  if (!unread.empty())
    return ctx.emitError() << "unsupported attribute"
                           << (unread.size() == 1 ? " '" : "s '")
                           << llvm::join(unread, "', '") << "'";
  // Outputs nothing reads (Dropout's mask, MaxPool's Indices) may stay
  // unset; a used one the import function could not produce is an error.
  for (int i = 0; i < node.output_size(); ++i)
    if (ctx.hasOutput(i) && !lookup(node.output(i)))
      return ctx.emitError() << "output #" << i << " ('" << node.output(i)
                             << "') is not supported";
  return success();
}

OwningOpRef<ModuleOp> GraphImporter::run() {
  context->loadDialect<qnn::QNNDialect, arith::ArithDialect,
                       func::FuncDialect, quant::QuantDialect,
                       tensor::TensorDialect>();
  if (failed(readOpset()) || failed(checkSupportedOps()) ||
      failed(importInitializers()))
    return nullptr;
  for (const onnx::NodeProto &node : graph.node())
    for (const std::string &in : node.input())
      if (!in.empty())
        usedNames.insert(in);
  for (const onnx::ValueInfoProto &out : graph.output())
    usedNames.insert(out.name());

  Location fileLoc = FileLineColLoc::get(context, options.sourceName, 0, 0);
  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc);
  OpBuilder builder(context);

  // Graph inputs that are also initializers are constants (old exporters
  // list initializers among the inputs).
  SmallVector<const onnx::ValueInfoProto *> inputs;
  SmallVector<Type> inputTypes;
  for (const onnx::ValueInfoProto &in : graph.input()) {
    if (lookup(in.name()))
      continue;
    FailureOr<RankedTensorType> type = importInputType(in);
    if (failed(type))
      return nullptr;
    inputs.push_back(&in);
    inputTypes.push_back(*type);
  }
  for (auto &[name, shape] : options.inputShapes)
    if (llvm::none_of(inputs, [&, &name = name](const onnx::ValueInfoProto *in) {
          return in->name() == name;
        })) {
      emitError(fileLoc) << "--input-shape names '" << name
                         << "', which is not a graph input";
      return nullptr;
    }

  builder.setInsertionPointToEnd(module->getBody());
  std::string funcName = "main";
  auto func = func::FuncOp::create(builder, fileLoc, funcName,
                                   builder.getFunctionType(inputTypes, {}));
  Block *entry = func.addEntryBlock();
  for (auto [i, in] : llvm::enumerate(inputs)) {
    func.setArgAttr(i, "qnn.name", builder.getStringAttr(in->name()));
    int32_t dtype = in->type().tensor_type().elem_type();
    if (dtype != onnx::TensorProto::FLOAT)
      func.setArgAttr(i, "qnn.onnx_type",
                      builder.getStringAttr(dataTypeName(dtype)));
    values[in->name()] = ValueInfo{entry->getArgument(i), std::nullopt, dtype};
  }

  builder.setInsertionPointToEnd(entry);
  for (auto [i, node] : llvm::enumerate(graph.node()))
    if (failed(importNode(builder, node, i)))
      return nullptr;

  SmallVector<Value> results;
  SmallVector<int32_t> resultDataTypes;
  for (const onnx::ValueInfoProto &out : graph.output()) {
    Location loc = NameLoc::get(StringAttr::get(context, out.name()), fileLoc);
    ValueInfo *info = lookup(out.name());
    if (!info) {
      emitError(loc) << "graph output '" << out.name()
                     << "' is not produced by any node";
      return nullptr;
    }
    Value v = info->value;
    if (!v) {
      OpBuilder::InsertionGuard guard(builder);
      v = info->value = materialize(builder, loc, *info->constant, out.name());
    }
    int32_t dtype = info->constant ? info->constant->getDataType()
                                   : info->inputDataType;
    // Quantized values leave the graph as their integer storage, as ONNX
    // QuantizeLinear outputs do.
    auto type = cast<RankedTensorType>(v.getType());
    if (auto q = dyn_cast<quant::QuantizedType>(type.getElementType())) {
      v = quant::StorageCastOp::create(
          builder, loc, type.clone(q.getStorageType()), v);
      dtype = q.getStorageTypeIntegralWidth() == 32 ? onnx::TensorProto::INT32
              : q.isSigned()                        ? onnx::TensorProto::INT8
                                                    : onnx::TensorProto::UINT8;
    }
    results.push_back(v);
    resultDataTypes.push_back(dtype);
  }
  func::ReturnOp::create(builder, fileLoc, results);
  func.setType(builder.getFunctionType(inputTypes, TypeRange(results)));
  for (auto [i, out] : llvm::enumerate(graph.output())) {
    func.setResultAttr(i, "qnn.name", builder.getStringAttr(out.name()));
    // As for inputs: the signedness i8 storage does not carry.
    int32_t dtype = resultDataTypes[i];
    if (dtype != onnx::TensorProto::FLOAT &&
        dtype != onnx::TensorProto::UNDEFINED)
      func.setResultAttr(i, "qnn.onnx_type",
                         builder.getStringAttr(dataTypeName(dtype)));
  }

  if (failed(verify(*module)))
    return nullptr;
  return module;
}

} // namespace qmlir::onnx_import

//===----------------------------------------------------------------------===//
// Public API
//===----------------------------------------------------------------------===//

std::string qmlir::parseInputShapeOption(StringRef spec,
                                         ONNXImportOptions &options) {
  auto [name, dims] = spec.rsplit('=');
  if (name.empty() || dims.empty())
    return ("--input-shape '" + spec + "' must look like name=1x3x224x224")
        .str();
  SmallVector<int64_t, 4> shape;
  SmallVector<StringRef> parts;
  dims.split(parts, 'x');
  for (StringRef p : parts) {
    int64_t d;
    if (p.getAsInteger(10, d) || d <= 0)
      return ("--input-shape '" + spec + "': '" + p +
              "' is not a positive dimension")
          .str();
    shape.push_back(d);
  }
  options.inputShapes[name] = shape;
  return "";
}

OwningOpRef<ModuleOp> qmlir::importONNXModel(StringRef data,
                                             MLIRContext *context,
                                             const ONNXImportOptions &options) {
  onnx::ModelProto model;
  std::string error = onnx_import::loadModel(
      std::string_view(data.data(), data.size()), model);
  if (!error.empty()) {
    emitError(FileLineColLoc::get(context, options.sourceName, 0, 0)) << error;
    return nullptr;
  }
  return onnx_import::GraphImporter(context, options, model).run();
}

void qmlir::onnx_import::printImportTable(llvm::raw_ostream &os) {
  const ImportTable &table = getImportTable();
  SmallVector<StringRef> names;
  for (const auto &entry : table)
    names.push_back(entry.getKey());
  llvm::sort(names);
  os << "| ONNX op | opsets | limits |\n|---|---|---|\n";
  for (StringRef name : names) {
    const ImportEntry &entry = table.find(name)->second;
    os << "| " << name << " | " << std::max(kMinOpset, entry.sinceOpset) << "-"
       << kMaxOpset << " | " << entry.limits << " |\n";
  }
}

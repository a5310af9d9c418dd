//===- Importer.h - The ONNX graph importer's internal API ------*- C++ -*-===//
//
// GraphImporter walks an onnx::GraphProto in order and calls one import
// function per node, looked up by op type in a table (ImportTable). Import
// functions see a node through NodeContext: typed inputs, attributes that are
// marked as read (attributes nobody read are reported), outputs, errors
// located at the node.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_LIB_IMPORT_ONNX_IMPORTER_H
#define QMLIR_LIB_IMPORT_ONNX_IMPORTER_H

#include "ConstTensor.h"
#include "quant-mlir/Import/ONNX.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

#include <optional>

namespace qmlir::onnx_import {

class NodeContext;

/// Imports one node: sets every used output or emits an error and fails.
using ImportFn = mlir::LogicalResult (*)(NodeContext &);

struct ImportEntry {
  ImportFn fn;
  /// Short description of what is and is not supported, for the coverage
  /// table in docs/importer.md and `quant-translate --list-onnx-ops`.
  const char *limits;
  /// The first default-domain opset that defines the op, when that is later
  /// than the importer's lowest supported opset (0 otherwise). Older models
  /// using the op are reported with the unsupported ops.
  int64_t sinceOpset = 0;
};

using ImportTable = llvm::StringMap<ImportEntry>;

/// The op-type -> import function table, filled by the register* functions
/// of ImportNN.cpp, ImportElementwise.cpp, ImportTensor.cpp, ImportQuant.cpp.
const ImportTable &getImportTable();
void registerNNImporters(ImportTable &table);
void registerElementwiseImporters(ImportTable &table);
void registerTensorImporters(ImportTable &table);
void registerQuantImporters(ImportTable &table);
/// Prints the table as markdown (op, opsets, limits), sorted by op type.
void printImportTable(llvm::raw_ostream &os);

/// What an ONNX value name maps to: an MLIR value, a host constant not yet
/// materialized, or both.
struct ValueInfo {
  mlir::Value value;
  std::optional<ConstTensor> constant;
  /// The ONNX element type of a graph input (u8 and s8 share MLIR's i8).
  int32_t inputDataType = onnx::TensorProto::UNDEFINED;
};

class GraphImporter {
public:
  GraphImporter(mlir::MLIRContext *context, const ONNXImportOptions &options,
                const onnx::ModelProto &model);

  mlir::OwningOpRef<mlir::ModuleOp> run();

  mlir::MLIRContext *getContext() { return context; }
  int64_t getOpset() const { return opset; }
  const ONNXImportOptions &getOptions() const { return options; }
  ValueInfo *lookup(llvm::StringRef name);
  void define(llvm::StringRef name, ValueInfo info) {
    values[name] = std::move(info);
  }
  /// Emits an `arith.constant` for `tensor` (resource-backed when large).
  mlir::Value materialize(mlir::OpBuilder &builder, mlir::Location loc,
                          const ConstTensor &tensor, llvm::StringRef name);
  /// The constant computed by `compute` from the constant ONNX value
  /// `source` (e.g. a transposed weight), emitted once per (source,
  /// transform): tied weights share one constant. `transform` must encode
  /// every parameter the result depends on.
  mlir::Value materializeDerived(mlir::OpBuilder &builder, mlir::Location loc,
                                 llvm::StringRef source,
                                 llvm::StringRef transform,
                                 llvm::function_ref<ConstTensor()> compute);
  /// True when a node input or a graph output names `name`.
  bool isUsed(llvm::StringRef name) const { return usedNames.contains(name); }
  /// The node's name, or `OpType_index` for an unnamed node; used in
  /// locations and in every message that names a node.
  static std::string nodeName(const onnx::NodeProto &node, int index);
  mlir::Location nodeLocation(const onnx::NodeProto &node, int index);

private:
  mlir::LogicalResult readOpset();
  mlir::LogicalResult checkSupportedOps();
  mlir::LogicalResult importInitializers();
  mlir::FailureOr<mlir::RankedTensorType>
  importInputType(const onnx::ValueInfoProto &info);
  mlir::LogicalResult importNode(mlir::OpBuilder &builder,
                                 const onnx::NodeProto &node, int index);

  mlir::MLIRContext *context;
  const ONNXImportOptions &options;
  const onnx::ModelProto &model;
  const onnx::GraphProto &graph;
  int64_t opset = 0;
  llvm::StringMap<ValueInfo> values;
  /// Names read by some node or returned by the graph.
  llvm::StringSet<> usedNames;
  /// Derived constants by "source\0transform" (see materializeDerived).
  llvm::StringMap<mlir::Value> derivedConstants;
};

/// One node as its import function sees it.
class NodeContext {
public:
  NodeContext(GraphImporter &importer, mlir::OpBuilder &builder,
              const onnx::NodeProto &node, mlir::Location loc)
      : importer(importer), builder(builder), node(node), loc(loc) {}

  mlir::OpBuilder &b() { return builder; }
  mlir::Location getLoc() const { return loc; }
  mlir::MLIRContext *getContext() { return importer.getContext(); }
  int64_t getOpset() const { return importer.getOpset(); }
  llvm::StringRef getOpType() const { return node.op_type(); }
  const onnx::NodeProto &getNode() const { return node; }

  /// An error at the node, prefixed with its op type.
  mlir::InFlightDiagnostic emitError();
  /// `emitError` as a callable, for the qnn shape functions.
  auto errorFn() {
    return [this] { return emitError(); };
  }

  //===--------------------------------------------------------------------===//
  // Inputs
  //===--------------------------------------------------------------------===//

  /// Number of inputs, counting omitted optional ones (empty names).
  int getNumInputs() const { return node.input_size(); }
  bool hasInput(int i) const {
    return i < node.input_size() && !node.input(i).empty();
  }
  /// The MLIR value of input `i`, materializing constants. Fails (with an
  /// error) when the input is missing.
  mlir::FailureOr<mlir::Value> input(int i);
  /// Like `input`, and checks that the value is an f32 tensor.
  mlir::FailureOr<mlir::Value> floatInput(int i);
  /// The host value of input `i` if it is known at import time.
  const ConstTensor *constantInput(int i);
  /// The host value of input `i`; fails with an error naming `what` when it
  /// is not a constant (e.g. "the shape", "the scale").
  mlir::FailureOr<const ConstTensor *> requireConstant(int i,
                                                       llvm::StringRef what);
  /// The ONNX element type of input `i` (FLOAT for f32 values, the storage
  /// type for quantized ones), or UNDEFINED when it is missing.
  int32_t inputDataType(int i);
  /// The static shape of input `i` (constants included).
  mlir::FailureOr<Shape> inputShape(int i);
  bool allInputsConstant();

  //===--------------------------------------------------------------------===//
  // Attributes: every one read is marked; unread ones are reported.
  //===--------------------------------------------------------------------===//

  const onnx::AttributeProto *attr(llvm::StringRef name);
  mlir::FailureOr<int64_t> getInt(llvm::StringRef name, int64_t dflt);
  mlir::FailureOr<float> getFloat(llvm::StringRef name, float dflt);
  mlir::FailureOr<std::string> getString(llvm::StringRef name,
                                         llvm::StringRef dflt);
  /// The ints of a list attribute, or std::nullopt when absent.
  mlir::FailureOr<std::optional<llvm::SmallVector<int64_t>>>
  getInts(llvm::StringRef name);
  /// Attributes present on the node that no import code looked at.
  llvm::SmallVector<std::string> unreadAttributes() const;

  //===--------------------------------------------------------------------===//
  // Outputs
  //===--------------------------------------------------------------------===//

  int getNumOutputs() const { return node.output_size(); }
  /// True when output `i` exists and something in the graph uses it (a node
  /// input or a graph output). Outputs nobody reads need not be set.
  bool hasOutput(int i) const {
    return i < node.output_size() && !node.output(i).empty() &&
           importer.isUsed(node.output(i));
  }
  void setOutput(int i, mlir::Value value);
  void setOutputConstant(int i, ConstTensor tensor);

  //===--------------------------------------------------------------------===//
  // Helpers
  //===--------------------------------------------------------------------===//

  mlir::Type f32() { return builder.getF32Type(); }
  mlir::RankedTensorType tensorType(llvm::ArrayRef<int64_t> shape,
                                    mlir::Type element) {
    return mlir::RankedTensorType::get(shape, element);
  }
  /// The constant computed by `compute` from constant input `i`, shared by
  /// every node that applies the same `transform` to the same value (see
  /// GraphImporter::materializeDerived).
  mlir::Value derivedConstant(int i, llvm::StringRef transform,
                              llvm::function_ref<ConstTensor()> compute) {
    return importer.materializeDerived(builder, loc, node.input(i), transform,
                                       compute);
  }

private:
  GraphImporter &importer;
  mlir::OpBuilder &builder;
  const onnx::NodeProto &node;
  mlir::Location loc;
  llvm::StringSet<> readAttributes;
};

/// The shape of a ranked tensor value.
inline llvm::ArrayRef<int64_t> shapeOf(mlir::Value v) {
  return mlir::cast<mlir::RankedTensorType>(v.getType()).getShape();
}

/// Builds a float qnn.conv2d from Conv's attributes on `ctx` (shared by
/// Conv, QLinearConv and ConvInteger).
mlir::FailureOr<mlir::Value> buildConv2d(NodeContext &ctx, mlir::Value x,
                                         mlir::Value weight, mlir::Value bias);
/// Builds a float qnn.fully_connected with a `[N, K]` weight.
mlir::FailureOr<mlir::Value> buildFullyConnected(NodeContext &ctx,
                                                 mlir::Value a,
                                                 mlir::Value weight,
                                                 mlir::Value bias);

/// Fails with an error unless a constant of `shape` is small enough to be
/// computed on the host (see kMaxFoldedElements).
mlir::LogicalResult checkFoldedShape(NodeContext &ctx,
                                     llvm::ArrayRef<int64_t> shape);

/// Normalizes a possibly negative axis against `rank`; fails with an error.
mlir::FailureOr<int64_t> normalizeAxis(NodeContext &ctx, int64_t axis,
                                       int64_t rank);

} // namespace qmlir::onnx_import

#endif // QMLIR_LIB_IMPORT_ONNX_IMPORTER_H

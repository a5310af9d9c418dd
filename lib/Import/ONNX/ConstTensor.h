//===- ConstTensor.h - Tensors known at import time -------------*- C++ -*-===//
//
// Initializers, Constant nodes and folded shape computations: the importer
// reads and computes on them on the host before anything reaches MLIR.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_LIB_IMPORT_ONNX_CONSTTENSOR_H
#define QMLIR_LIB_IMPORT_ONNX_CONSTTENSOR_H

#include "onnx/onnx_pb.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <memory>
#include <string>
#include <vector>

namespace qmlir::onnx_import {

using Shape = llvm::SmallVector<int64_t, 4>;
using EmitErrorFn = llvm::function_ref<mlir::InFlightDiagnostic()>;

/// Size bounds that keep shape arithmetic within int64 and host-side folding
/// within memory: a dimension is at most kMaxDim, a tensor has at most
/// kMaxElements elements, the importer computes at most kMaxFoldedElements
/// elements of one tensor on the host.
constexpr int64_t kMaxDim = INT32_MAX;
constexpr int64_t kMaxElements = int64_t(1) << 40;
constexpr int64_t kMaxFoldedElements = int64_t(1) << 24;
/// True when every dimension is in [0, kMaxDim] and the product of the
/// non-zero dimensions is at most `maxElements` (so that no product of
/// dimensions overflows, even for zero-size tensors).
bool isPlausibleShape(llvm::ArrayRef<int64_t> shape,
                      int64_t maxElements = kMaxElements);

/// Byte size of one element of an ONNX data type the importer supports, or 0.
int64_t elementByteSize(int32_t dtype);
/// The ONNX name of a data type ("FLOAT", "INT64", ...).
llvm::StringRef dataTypeName(int32_t dtype);
bool isIntegerDataType(int32_t dtype);
/// `[1, 3, 224, 224]`, for diagnostics.
std::string formatShape(llvm::ArrayRef<int64_t> shape);

/// A dense tensor with known contents. Either views bytes owned by the
/// ModelProto (which outlives the import) or owns its bytes.
class ConstTensor {
public:
  /// Decodes an initializer or a Constant's value; checks that the data
  /// matches the declared shape and type.
  static mlir::FailureOr<ConstTensor> fromProto(const onnx::TensorProto &proto,
                                                EmitErrorFn emitError);
  static ConstTensor fromInts(llvm::ArrayRef<int64_t> values, Shape shape,
                              int32_t dtype = onnx::TensorProto::INT64);
  static ConstTensor fromDoubles(llvm::ArrayRef<double> values, Shape shape,
                                 int32_t dtype);
  /// Builds a tensor of `outShape` whose element at each row-major index
  /// `out` is this tensor's element at `sourceIndex(out)` (a flat index):
  /// the common core of host-side transpose, slice, gather and broadcast.
  ConstTensor
  select(Shape outShape,
         llvm::function_ref<int64_t(llvm::ArrayRef<int64_t>)> sourceIndex) const;
  /// Concatenation along `axis` of tensors of one data type.
  static ConstTensor concat(llvm::ArrayRef<const ConstTensor *> parts,
                            int64_t axis);

  int32_t getDataType() const { return dtype; }
  llvm::ArrayRef<int64_t> getShape() const { return shape; }
  int64_t getNumElements() const;
  llvm::ArrayRef<char> getBytes() const { return bytes; }

  /// Element `i` converted to double / int64 (any supported dtype).
  double getDouble(int64_t i) const;
  int64_t getInt(int64_t i) const;
  llvm::SmallVector<int64_t> toInts() const;
  std::vector<double> toDoubles() const;
  std::vector<float> toFloats() const;

  /// The same data under another shape (same element count).
  ConstTensor reshaped(Shape newShape) const;

private:
  ConstTensor(int32_t dtype, Shape shape, std::vector<char> data);
  ConstTensor(int32_t dtype, Shape shape, llvm::ArrayRef<char> view)
      : dtype(dtype), shape(std::move(shape)), bytes(view) {}

  int32_t dtype = onnx::TensorProto::UNDEFINED;
  Shape shape;
  std::shared_ptr<std::vector<char>> owned;
  llvm::ArrayRef<char> bytes;
};

} // namespace qmlir::onnx_import

#endif // QMLIR_LIB_IMPORT_ONNX_CONSTTENSOR_H

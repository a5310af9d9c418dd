//===- ConstantData.h - Read and make constant tensors ----------*- C++ -*-===//
//
// Passes read weights from `arith.constant`s that may be inline dense
// elements or dense_resource blobs, and create new ones the same way the
// importer does: resource-backed when large, inline when small.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_LIB_SUPPORT_CONSTANTDATA_H
#define QMLIR_LIB_SUPPORT_CONSTANTDATA_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"

#include <optional>
#include <vector>

namespace qmlir {

/// Constants with more elements than this are resource-backed.
constexpr int64_t kInlineConstantLimit = 8;

/// A resource key for a blob named after `nameHint` (identifier characters
/// only; the resource manager uniquifies collisions).
std::string resourceKey(llvm::StringRef nameHint);

/// The f32 values of a constant tensor (dense or dense_resource), or
/// std::nullopt when `value` is not such a constant.
std::optional<std::vector<float>> readF32Constant(mlir::Value value);

/// An ElementsAttr of `type` holding `data` (f32, i8 or i32 element types),
/// a dense_resource named after `nameHint` when large.
mlir::ElementsAttr makeElementsAttr(mlir::RankedTensorType type,
                                    llvm::ArrayRef<float> data,
                                    llvm::StringRef nameHint);
mlir::ElementsAttr makeElementsAttr(mlir::RankedTensorType type,
                                    llvm::ArrayRef<int8_t> data,
                                    llvm::StringRef nameHint);
mlir::ElementsAttr makeElementsAttr(mlir::RankedTensorType type,
                                    llvm::ArrayRef<int32_t> data,
                                    llvm::StringRef nameHint);

} // namespace qmlir

#endif // QMLIR_LIB_SUPPORT_CONSTANTDATA_H

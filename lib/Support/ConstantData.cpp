//===- ConstantData.cpp - Read and make constant tensors ------------------===//

#include "lib/Support/ConstantData.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/ADT/StringExtras.h"

using namespace mlir;

namespace qmlir {

std::optional<std::vector<float>> readF32Constant(Value value) {
  auto constant = value.getDefiningOp<arith::ConstantOp>();
  if (!constant)
    return std::nullopt;
  auto type = dyn_cast<RankedTensorType>(constant.getType());
  if (!type || !type.getElementType().isF32())
    return std::nullopt;
  if (auto dense = dyn_cast<DenseElementsAttr>(constant.getValue())) {
    auto values = dense.getValues<float>();
    return std::vector<float>(values.begin(), values.end());
  }
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(constant.getValue())) {
    AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    if (!blob)
      return std::nullopt; // elided or dangling resource
    ArrayRef<char> bytes = blob->getData();
    if (static_cast<int64_t>(bytes.size()) !=
        type.getNumElements() * static_cast<int64_t>(sizeof(float)))
      return std::nullopt;
    std::vector<float> out(type.getNumElements());
    std::memcpy(out.data(), bytes.data(), bytes.size());
    return out;
  }
  return std::nullopt;
}

std::string resourceKey(StringRef nameHint) {
  std::string key;
  for (char c : nameHint)
    key.push_back(llvm::isAlnum(c) || c == '_' || c == '.' ? c : '_');
  if (key.empty() || llvm::isDigit(key[0]))
    key = "w_" + key;
  return key;
}

namespace {
template <typename T>
ElementsAttr makeAttr(RankedTensorType type, ArrayRef<T> data,
                      StringRef nameHint) {
  if (type.getNumElements() <= kInlineConstantLimit)
    return DenseElementsAttr::get(type, data);
  return DenseResourceElementsAttr::get(
      type, resourceKey(nameHint),
      HeapAsmResourceBlob::allocateAndCopyInferAlign(data));
}
} // namespace

ElementsAttr makeElementsAttr(RankedTensorType type, ArrayRef<float> data,
                              StringRef nameHint) {
  return makeAttr(type, data, nameHint);
}
ElementsAttr makeElementsAttr(RankedTensorType type, ArrayRef<int8_t> data,
                              StringRef nameHint) {
  return makeAttr(type, data, nameHint);
}
ElementsAttr makeElementsAttr(RankedTensorType type, ArrayRef<int32_t> data,
                              StringRef nameHint) {
  return makeAttr(type, data, nameHint);
}

} // namespace qmlir

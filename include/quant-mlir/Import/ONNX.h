//===- ONNX.h - Import ONNX models into the qnn dialect ---------*- C++ -*-===//
//
// The public entry point of the ONNX importer: bytes of a binary `.onnx` or
// of ONNX's textual syntax in, a verified module of func/arith/qnn/quant out.
//
//===----------------------------------------------------------------------===//

#ifndef QUANT_MLIR_IMPORT_ONNX_H
#define QUANT_MLIR_IMPORT_ONNX_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"

#include <string>

namespace qmlir {

struct ONNXImportOptions {
  /// Static shapes for graph inputs, overriding (or pinning symbolic
  /// dimensions of) the shapes the model declares.
  llvm::StringMap<llvm::SmallVector<int64_t, 4>> inputShapes;
  /// Name used in locations (usually the file path).
  std::string sourceName = "<onnx>";
  /// Constants with more elements than this become `dense_resource` blobs
  /// (printable with --mlir-elide-resource-strings-if-larger); smaller ones
  /// stay inline `dense<...>` for readability.
  int64_t inlineConstantLimit = 8;
};

/// Parses `--input-shape` values of the form `name=1x3x224x224` into
/// `options`. Returns an error message on malformed input.
std::string parseInputShapeOption(llvm::StringRef spec,
                                  ONNXImportOptions &options);

/// Imports an ONNX model. `data` is either a serialized ModelProto or ONNX's
/// textual syntax (detected from the content). Errors are reported through
/// the context's diagnostic handler, located at the offending ONNX node, and
/// a null module is returned.
mlir::OwningOpRef<mlir::ModuleOp>
importONNXModel(llvm::StringRef data, mlir::MLIRContext *context,
                const ONNXImportOptions &options);

} // namespace qmlir

#endif // QUANT_MLIR_IMPORT_ONNX_H

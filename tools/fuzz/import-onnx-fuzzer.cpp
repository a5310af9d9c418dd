//===- import-onnx-fuzzer.cpp - libFuzzer target for the ONNX importer ----===//
//
// Feeds arbitrary bytes (binary protobuf or ONNX's textual syntax: the
// importer detects which) to qmlir::importONNXModel with a fresh MLIRContext
// whose diagnostics are swallowed, and prints any module it returns to a null
// stream (exercising the printer on what the importer built). A clean
// rejection is fine; a crash, a sanitizer report, a hang or an out-of-memory
// is a bug.
//
// Not part of the default build: scripts/fuzz-import.sh builds it with
// clang -fsanitize=fuzzer,address,undefined in its own build directory.
//
//===----------------------------------------------------------------------===//

#include "quant-mlir/Import/ONNX.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/raw_ostream.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  mlir::MLIRContext context(mlir::MLIRContext::Threading::DISABLED);
  mlir::ScopedDiagnosticHandler swallow(
      &context, [](mlir::Diagnostic &) { return mlir::success(); });
  qmlir::ONNXImportOptions options;
  options.sourceName = "fuzz.onnx";
  mlir::OwningOpRef<mlir::ModuleOp> module = qmlir::importONNXModel(
      llvm::StringRef(reinterpret_cast<const char *>(data), size), &context,
      options);
  if (module)
    module->print(llvm::nulls());
  return 0;
}

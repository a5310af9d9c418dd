//===- quant-translate.cpp - ONNX to MLIR, MLIR to LLVM IR ----------------===//
//
// `quant-translate --import-onnx model.onnx` prints the imported module;
// `quant-translate --mlir-to-llvmir module.mlir` prints the LLVM IR of a module
// in the LLVM dialect (unoptimized, no target: lib/Target does the rest);
// `quant-translate --list-onnx-ops` prints the importer's coverage table.
//
//===----------------------------------------------------------------------===//

#include "lib/Target/EmitSharedLibrary.h"
#include "quant-mlir/Import/ONNX.h"
#include "quant-mlir/InitAll.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/SourceMgr.h"

namespace qmlir::onnx_import {
void printImportTable(llvm::raw_ostream &os);
} // namespace qmlir::onnx_import

static llvm::cl::list<std::string> inputShapes(
    "input-shape",
    llvm::cl::desc("Static shape of a graph input: name=1x3x224x224 "
                   "(repeatable)"),
    llvm::cl::value_desc("name=DxDx..."));

int main(int argc, char **argv) {
  // A query, not a translation: answered before the translation driver runs.
  for (int i = 1; i < argc; ++i)
    if (llvm::StringRef(argv[i]) == "--list-onnx-ops") {
      qmlir::onnx_import::printImportTable(llvm::outs());
      return 0;
    }
  mlir::TranslateToMLIRRegistration importONNX(
      "import-onnx", "Import an ONNX model (binary .onnx or textual syntax)",
      [](llvm::SourceMgr &sourceMgr,
         mlir::MLIRContext *context) -> mlir::OwningOpRef<mlir::Operation *> {
        const llvm::MemoryBuffer *buffer =
            sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID());
        qmlir::ONNXImportOptions options;
        options.sourceName = buffer->getBufferIdentifier().str();
        for (const std::string &spec : inputShapes) {
          std::string error = qmlir::parseInputShapeOption(spec, options);
          if (!error.empty()) {
            mlir::emitError(mlir::UnknownLoc::get(context)) << error;
            return nullptr;
          }
        }
        return qmlir::importONNXModel(buffer->getBuffer(), context, options);
      },
      [](mlir::DialectRegistry &registry) {
        qmlir::registerAllDialects(registry);
      });
  mlir::TranslateFromMLIRRegistration mlirToLLVMIR(
      "mlir-to-llvmir", "Translate a module in the LLVM dialect to LLVM IR",
      [](mlir::ModuleOp module, llvm::raw_ostream &os) -> mlir::LogicalResult {
        llvm::LLVMContext llvmContext;
        auto llvmModule = qmlir::target::translateToLLVMIR(module, llvmContext);
        if (mlir::failed(llvmModule))
          return mlir::failure();
        (*llvmModule)->print(os, /*AAW=*/nullptr);
        return mlir::success();
      },
      [](mlir::DialectRegistry &registry) {
        // Our dialects too, so that a module not yet lowered parses and gets
        // the "must be lowered to the LLVM dialect" diagnostic.
        qmlir::registerAllDialects(registry);
        qmlir::target::registerTranslations(registry);
      });
  return mlir::failed(
      mlir::mlirTranslateMain(argc, argv, "quant-mlir translation driver\n"));
}

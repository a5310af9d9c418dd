//===- PrintSummary.cpp - Report a model's ops, parameters and MACs -------===//
//
// The `qnn-print-summary` pass: what a user wants to know about a model
// right after import or quantization, in a few lines.
//
//===----------------------------------------------------------------------===//

#include "passes/Analysis/Passes.h"

#include "dialects/QNN/QNNOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/ToolOutputFile.h"

namespace qmlir::analysis {
#define GEN_PASS_DEF_QNNPRINTSUMMARYPASS
#include "passes/Analysis/Passes.h.inc"
} // namespace qmlir::analysis

using namespace mlir;
using namespace qmlir;

namespace {

struct FunctionSummary {
  llvm::MapVector<StringRef, int64_t> opCounts;
  int64_t floatParams = 0, quantizedParams = 0;
  int64_t macs = 0, quantizedMacs = 0;
};

FunctionSummary summarize(func::FuncOp func) {
  FunctionSummary s;
  func.walk([&](Operation *op) {
    if (auto constant = dyn_cast<arith::ConstantOp>(op)) {
      auto type = dyn_cast<RankedTensorType>(constant.getType());
      if (!type)
        return;
      (type.getElementType().isF32() ? s.floatParams : s.quantizedParams) +=
          type.getNumElements();
      return;
    }
    if (isa<func::ReturnOp>(op) || op == func.getOperation())
      return;
    ++s.opCounts[op->getName().getStringRef()];
    int64_t macs = qnn::getMacCount(op);
    s.macs += macs;
    if (qnn::isQuantizedElement(
            getElementTypeOrSelf(op->getResult(0).getType())))
      s.quantizedMacs += macs;
  });
  return s;
}

/// Prints "name type" for each argument or result with a qnn.name.
void printValues(raw_ostream &os, func::FuncOp func, bool results) {
  unsigned count = results ? func.getNumResults() : func.getNumArguments();
  for (unsigned i = 0; i < count; ++i) {
    auto name = results ? func.getResultAttrOfType<StringAttr>(i, "qnn.name")
                        : func.getArgAttrOfType<StringAttr>(i, "qnn.name");
    Type type = results ? func.getResultTypes()[i] : func.getArgumentTypes()[i];
    os << (i ? ", " : "") << (name ? name.getValue() : "?") << " " << type;
  }
}

struct QNNPrintSummaryPass
    : public analysis::impl::QNNPrintSummaryPassBase<QNNPrintSummaryPass> {
  using QNNPrintSummaryPassBase::QNNPrintSummaryPassBase;

  void runOnOperation() override {
    std::string error;
    std::unique_ptr<llvm::ToolOutputFile> file =
        openOutputFile(outputFile, &error);
    if (!file) {
      getOperation().emitError("cannot open summary output: ") << error;
      return signalPassFailure();
    }
    raw_ostream &os = file->os();
    for (auto func : getOperation().getOps<func::FuncOp>()) {
      FunctionSummary s = summarize(func);
      os << "model summary: @" << func.getSymName() << "\n  inputs:  ";
      printValues(os, func, /*results=*/false);
      os << "\n  outputs: ";
      printValues(os, func, /*results=*/true);
      os << "\n  ops:    ";
      for (auto [i, entry] : llvm::enumerate(s.opCounts))
        os << (i ? ", " : " ") << entry.first << " " << entry.second;
      os << "\n  params:  " << s.floatParams + s.quantizedParams << " ("
         << s.floatParams << " float, " << s.quantizedParams
         << " quantized)\n  MACs:    " << s.macs << " (";
      os << llvm::format("%.1f", s.macs ? 100.0 * s.quantizedMacs / s.macs
                                        : 0.0)
         << "% int8)\n";
    }
    file->keep();
    markAllAnalysesPreserved();
  }
};

} // namespace

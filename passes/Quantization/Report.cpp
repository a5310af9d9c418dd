//===- Report.cpp - Per-node int8/float report and the int8 MAC share -----===//
//
// The `qnn-report` pass: answers "what runs in int8, and why not" after
// quantization, from the op types and the reasons earlier passes recorded.
//
//===----------------------------------------------------------------------===//

#include "passes/Quantization/Passes.h"

#include "dialects/QNN/QNNOps.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/ToolOutputFile.h"

namespace qmlir::quantization {
#define GEN_PASS_DEF_QNNREPORTPASS
#include "passes/Quantization/Passes.h.inc"
} // namespace qmlir::quantization

using namespace mlir;
using namespace qmlir;

namespace {

struct QNNReportPass
    : public quantization::impl::QNNReportPassBase<QNNReportPass> {
  using QNNReportPassBase::QNNReportPassBase;

  void runOnOperation() override {
    std::string error;
    std::unique_ptr<llvm::ToolOutputFile> file =
        openOutputFile(outputFile, &error);
    if (!file) {
      getOperation().emitError("cannot open report output: ") << error;
      return signalPassFailure();
    }
    raw_ostream &os = file->os();
    os << llvm::format("%-32s %-22s %-6s %12s  %s\n", "node", "op", "mode",
                       "MACs", "reason");
    qnn::MacShare share;
    getOperation().walk([&](Operation *op) {
      if (!qnn::MacShare::isComputeNode(op))
        return;
      share.add(op);
      bool quantized = qnn::MacShare::runsInInt8(op);
      int64_t n = qnn::getMacCount(op);
      std::string reason;
      if (quantized) {
        // No reason to give.
      } else if (auto why =
                     op->getAttrOfType<StringAttr>(qnn::kFloatReasonAttr)) {
        reason = why.getValue().str();
      } else {
        reason = "no pass quantized it (no statistics or no Q/DQ pattern)";
        op->emitRemark() << "node '" << qnn::getNodeName(op) << "' ("
                         << op->getName() << ") stays float: " << reason;
      }
      StringRef name = qnn::getNodeName(op);
      std::string shown = name.empty() ? "-" : name.str();
      os << llvm::format("%-32s %-22s %-6s %12lld  %s\n", shown.c_str(),
                         op->getName().getStringRef().str().c_str(),
                         quantized ? "int8" : "float",
                         static_cast<long long>(n), reason.c_str());
    });
    os << "int8 MACs: " << share.int8Macs << " of " << share.macs << " ("
       << llvm::format("%.2f", share.macs ? 100.0 * share.int8Macs / share.macs
                                          : 0.0)
       << "%); " << share.int8Nodes << " of " << share.nodes
       << " compute nodes in int8\n";
    file->keep();
    markAllAnalysesPreserved();
  }
};

} // namespace

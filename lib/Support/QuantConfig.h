//===- QuantConfig.h - Which node quantizes how (JSON config) ---*- C++ -*-===//
//
// The quantization config, in the spirit of PyTorch's QConfigMapping:
//
//   {
//     "global":          {"activation": {...}, "weight": {...}},
//     "op_type":         {"conv2d": {...}, "Gemm": null},
//     "node_name_regex": {"layer4\\..*": {...}},
//     "node_name":       {"conv1": null}
//   }
//
// Priority global < op_type < node_name_regex < node_name. An entry of null
// keeps the node float; an entry's missing fields inherit from the
// lower-priority levels. Unknown keys and bad values are errors located in
// the file; names and patterns that match nothing are warnings.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_LIB_SUPPORT_QUANTCONFIG_H
#define QMLIR_LIB_SUPPORT_QUANTCONFIG_H

#include "lib/Calibration/RangeEstimators.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/Support/LLVM.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/JSON.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace qmlir {

struct ActivationQConfig {
  bool isSigned = false;  ///< s8 instead of u8
  bool symmetric = false; ///< zero point in the middle of the range
  calib::CalibrationMethod method = calib::CalibrationMethod::MinMax;
  double percentile = 99.99;
};

struct WeightQConfig {
  bool perChannel = true; ///< one scale per output channel (axis 0)
};

/// The resolved settings for one node.
struct NodeQConfig {
  bool quantize = true;
  ActivationQConfig activation;
  WeightQConfig weight;
  /// Which rule decided `quantize` ("global", "op_type 'conv2d'",
  /// "node_name 'conv1'", ...), for reports and remarks.
  std::string decidedBy = "global";
};

class QuantConfig {
public:
  /// The defaults (u8 asymmetric activations, s8 symmetric per-channel
  /// weights) with `method`/`percentile` as the global activation method;
  /// `signedActivations` makes the default activation type s8 (XNNPACK's
  /// native qs8 kernels).
  explicit QuantConfig(calib::CalibrationMethod method =
                           calib::CalibrationMethod::MinMax,
                       double percentile = 99.99,
                       bool signedActivations = false);
  ~QuantConfig();
  QuantConfig(QuantConfig &&);
  QuantConfig &operator=(QuantConfig &&);

  /// Reads `path` over these defaults. Errors are emitted on `context` at
  /// the offending line of the file.
  static mlir::FailureOr<QuantConfig>
  load(llvm::StringRef path, mlir::MLIRContext *context,
       calib::CalibrationMethod method = calib::CalibrationMethod::MinMax,
       double percentile = 99.99, bool signedActivations = false);

  /// Settings for a node of qnn op `opName` (mnemonic, e.g. "conv2d") and
  /// ONNX name `nodeName`. Records which entries matched.
  NodeQConfig resolve(llvm::StringRef opName, llvm::StringRef nodeName) const;

  /// Warns (on `context`) about node names and patterns that matched
  /// nothing in the calls to `resolve` so far.
  void warnUnmatched(mlir::MLIRContext *context) const;

private:
  struct Impl;
  std::unique_ptr<Impl> impl;
};

/// The qnn op mnemonic an `op_type` key names: qnn mnemonics ("conv2d",
/// "qnn.conv2d") and ONNX op types ("Conv", "Gemm") are both accepted.
std::optional<std::string> canonicalOpType(llvm::StringRef key);

} // namespace qmlir

#endif // QMLIR_LIB_SUPPORT_QUANTCONFIG_H

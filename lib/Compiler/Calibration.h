//===- Calibration.h - Calibrate by running the compiled observed model -*- C++ -*-===//
//
// DESIGN.md's "one executor": the prepared float model (with qnn.observe)
// is compiled through the normal code generator into a temporary .so whose
// observers are the runtime's; the calibration samples run through it, and
// the observers' statistics come back as #qnn.stats on the qnn.observe ops.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_LIB_COMPILER_CALIBRATION_H
#define QMLIR_LIB_COMPILER_CALIBRATION_H

#include "lib/Compiler/Compiler.h"
#include "lib/Data/Images.h"
#include "lib/Support/Progress.h"

#include <functional>

namespace qmlir::compiler {

struct CalibrationOptions {
  std::string dataPath;
  int64_t limit = 0; ///< 0: every sample
  data::ImageOptions image;
  int threads = 1;
  std::string backend = "onednn";
  std::string modelName = "model";
  RuntimeLocation runtime;
  target::TargetOptions target;
  ProgressBar::Mode progress = ProgressBar::Mode::Auto;
  /// Called once the observed model is compiled, before the first sample.
  std::function<void()> onCompiled;
};

struct CalibrationResult {
  int64_t samples = 0;
  int64_t observers = 0;
  double seconds = 0;          ///< running the samples only
  double samplesPerSecond = 0;
};

/// Calibrates `prepared` (the output of qnn-prepare) in place: every
/// qnn.observe gets (or merges into its existing) `stats`. The module itself
/// is not lowered; a clone is.
mlir::FailureOr<CalibrationResult> calibrate(mlir::ModuleOp prepared,
                                             const CalibrationOptions &options);

/// Writes the observers of `module` with their statistics as a small module
/// (one function of qnn.observe ops, no weights) that --load-stats /
/// qnn-merge-stats read back.
mlir::LogicalResult writeStatsFile(mlir::ModuleOp module, llvm::StringRef path);

} // namespace qmlir::compiler

#endif // QMLIR_LIB_COMPILER_CALIBRATION_H

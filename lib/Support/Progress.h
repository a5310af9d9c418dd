//===- Progress.h - One-line progress display for long loops ----*- C++ -*-===//
//
// "calibrating [#######.........] 14/32  45.1 samples/s  ETA 0.4s" on
// stderr, redrawn in place when stderr is a terminal, else printed about
// every ten percent so logs stay short.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_LIB_SUPPORT_PROGRESS_H
#define QMLIR_LIB_SUPPORT_PROGRESS_H

#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <cstdint>
#include <string>

namespace qmlir {

class ProgressBar {
public:
  enum class Mode { Auto, Always, Never };

  /// `total` may be 0 (unknown): then no bar and no ETA are shown.
  ProgressBar(std::string label, int64_t total, Mode mode = Mode::Auto,
              llvm::raw_ostream &os = llvm::errs());
  ~ProgressBar();

  /// Sets the number of items done and redraws if due.
  void update(int64_t done);
  /// Final line with the totals (also called by the destructor).
  void finish();

  /// Items per second so far (0 before the first item).
  double rate() const;
  double elapsedSeconds() const;

  /// The line for `done` items after `seconds` (exposed for tests).
  static std::string format(llvm::StringRef label, int64_t done, int64_t total,
                            double seconds);

private:
  void draw(bool final);

  std::string label;
  int64_t total;
  int64_t done = 0;
  bool enabled;
  bool interactive;
  int64_t lastPrintedTenth = -1;
  int64_t lastDrawn = -1;
  bool finished = false;
  std::chrono::steady_clock::time_point start;
  std::chrono::steady_clock::time_point lastDraw;
  llvm::raw_ostream &os;
};

} // namespace qmlir

#endif // QMLIR_LIB_SUPPORT_PROGRESS_H

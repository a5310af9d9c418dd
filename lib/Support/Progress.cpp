//===- Progress.cpp - One-line progress display for long loops ------------===//

#include "lib/Support/Progress.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/Process.h"

#include <algorithm>

using namespace qmlir;

ProgressBar::ProgressBar(std::string label, int64_t total, Mode mode,
                         llvm::raw_ostream &os)
    : label(std::move(label)), total(std::max<int64_t>(total, 0)), os(os) {
  interactive = llvm::sys::Process::StandardErrIsDisplayed();
  enabled = mode == Mode::Always || (mode == Mode::Auto && interactive);
  start = lastDraw = std::chrono::steady_clock::now();
}

ProgressBar::~ProgressBar() { finish(); }

double ProgressBar::elapsedSeconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
      .count();
}

double ProgressBar::rate() const {
  double s = elapsedSeconds();
  return done > 0 && s > 0 ? done / s : 0.0;
}

std::string ProgressBar::format(llvm::StringRef label, int64_t done,
                                int64_t total, double seconds) {
  std::string line;
  llvm::raw_string_ostream s(line);
  s << label << " ";
  if (total > 0) {
    constexpr int kWidth = 24;
    int filled = (int)std::min<int64_t>(kWidth, done * kWidth / total);
    s << "[" << std::string(filled, '#') << std::string(kWidth - filled, '.')
      << "] " << done << "/" << total;
  } else {
    s << done;
  }
  double rate = done > 0 && seconds > 0 ? done / seconds : 0.0;
  s << "  " << llvm::format("%.1f", rate) << " samples/s";
  if (total > 0 && done < total && rate > 0)
    s << "  ETA " << llvm::format("%.1f", (total - done) / rate) << "s";
  else if (total > 0 && done >= total)
    s << "  " << llvm::format("%.1f", seconds) << "s";
  return line;
}

void ProgressBar::update(int64_t newDone) {
  done = newDone;
  if (!enabled || finished)
    return;
  auto now = std::chrono::steady_clock::now();
  if (interactive) {
    if (now - lastDraw < std::chrono::milliseconds(100) && done != total)
      return;
  } else {
    int64_t tenth = total > 0 ? done * 10 / total : done / 100;
    if (tenth == lastPrintedTenth)
      return;
    lastPrintedTenth = tenth;
  }
  lastDraw = now;
  draw(/*final=*/false);
}

void ProgressBar::draw(bool final) {
  lastDrawn = done;
  std::string line = format(label, done, total, elapsedSeconds());
  if (interactive)
    os << "\r" << line << "\x1b[K";
  else
    os << line << "\n";
  if (final && interactive)
    os << "\n";
  os.flush();
}

void ProgressBar::finish() {
  if (finished)
    return;
  finished = true;
  if (!enabled)
    return;
  if (interactive || lastDrawn != done)
    draw(/*final=*/true);
}

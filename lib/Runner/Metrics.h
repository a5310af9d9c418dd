// Latency statistics and output metrics of quant-run: percentiles, top-k
// accuracy, SQNR, max abs diff, top-1 agreement.
#ifndef QMLIR_LIB_RUNNER_METRICS_H
#define QMLIR_LIB_RUNNER_METRICS_H

#include "lib/Data/Tensor.h"

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace qmlir::runner {

//===----------------------------------------------------------------------===//
// Timing
//===----------------------------------------------------------------------===//

/// A monotonic stopwatch (std::chrono::steady_clock), started on creation.
class Timer {
public:
  Timer() : start_(std::chrono::steady_clock::now()) {}
  void reset() { start_ = std::chrono::steady_clock::now(); }
  double elapsedSeconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                         start_)
        .count();
  }
  double elapsedMs() const { return elapsedSeconds() * 1e3; }

private:
  std::chrono::steady_clock::time_point start_;
};

/// Summary of per-inference latencies. All zero for no samples.
struct LatencyStats {
  int64_t count = 0;
  double minMs = 0, maxMs = 0, meanMs = 0, stddevMs = 0;
  double p50Ms = 0, p90Ms = 0, p99Ms = 0;
  /// Sum of the latencies.
  double totalMs = 0;
  /// Inferences per second: count / total (one instance, back to back).
  double throughput = 0;
};

/// The p-th percentile (0..100) of `sorted` (ascending) with linear
/// interpolation between closest ranks (numpy.percentile's default).
double percentile(const std::vector<double> &sorted, double p);
/// Summarizes latencies in milliseconds (any order).
LatencyStats summarizeLatencies(std::vector<double> latenciesMs);

/// "1h02m", "3m05s", "12.3s": for ETAs in progress lines.
std::string formatDuration(double seconds);

//===----------------------------------------------------------------------===//
// Classification
//===----------------------------------------------------------------------===//

/// Index of the largest of `n` values (first on ties; NaN never wins unless
/// every value is NaN, then 0). -1 for n <= 0.
int64_t argmax(const float *values, int64_t n);
/// Whether `label` is among the k largest values: fewer than k values rank
/// before it, where a value ranks before another if it is larger, or equal
/// with a smaller index (numpy's stable argsort of -x). NaN ranks last. A
/// label outside [0, n) is never in the top k.
bool inTopK(const float *values, int64_t n, int64_t label, int64_t k);

/// Reads integer class labels from a .npy file (any integer dtype, any
/// shape; flattened in C order). Float or bool arrays are refused.
data::Result<std::vector<int64_t>> readLabels(const std::string &path);

/// Top-k accuracy over the rows of classification outputs: a tensor of
/// shape [..., C] has numElements / C rows, each scored against one label.
class TopKAccuracy {
public:
  /// The k values to score, e.g. {1, 5}.
  explicit TopKAccuracy(std::vector<int64_t> ks = {1, 5});

  /// Scores every row of `logits` (f32, rank >= 1) against the next
  /// `rows` labels in `labels` starting at `offset`. Errors: not f32, rank
  /// 0, too few labels.
  data::Status add(const data::Tensor &logits,
                   const std::vector<int64_t> &labels, size_t offset);
  /// Rows scored so far.
  int64_t count() const { return count_; }
  const std::vector<int64_t> &ks() const { return ks_; }
  /// Correct rows for ks()[i].
  int64_t correct(size_t i) const { return correct_[i]; }
  /// correct(i) / count(), 0 when nothing was scored.
  double accuracy(size_t i) const;
  /// Number of classes (last dim) of the last tensor added.
  int64_t numClasses() const { return numClasses_; }

private:
  std::vector<int64_t> ks_;
  std::vector<int64_t> correct_;
  int64_t count_ = 0;
  int64_t numClasses_ = 0;
};

/// Rows of a classification-shaped tensor: numElements / last dim (1 for
/// rank 0).
int64_t numRows(const data::Tensor &t);

//===----------------------------------------------------------------------===//
// Comparing outputs
//===----------------------------------------------------------------------===//

/// 10 * log10(sum ref^2 / sum (ref - x)^2) in dB over `n` values: +inf when
/// x equals ref exactly (NaN where ref is NaN counts as equal), -inf when ref
/// is all zero and x is not, -inf when a NaN or infinite difference occurs.
double sqnrDb(const float *ref, const float *x, int64_t n);
/// max |ref - x|; 0 for identical, +inf where exactly one side is NaN.
double maxAbsDiff(const float *ref, const float *x, int64_t n);

/// Accumulates the comparison of one output over several samples: SQNR
/// over every value seen (sums, not an average of per-sample dBs), max abs
/// diff, and top-1 agreement (argmax over the last axis, per row).
class OutputComparison {
public:
  /// Adds one sample: `ref` and `x` f32 with equal element counts, else
  /// an error.
  data::Status add(const data::Tensor &ref, const data::Tensor &x);

  double sqnrDb() const;
  double maxAbsDiff() const { return maxAbsDiff_; }
  /// Rows whose argmax agrees / rows compared; 1 when nothing was compared.
  double top1Agreement() const;
  int64_t rows() const { return rows_; }
  int64_t agreeingRows() const { return agree_; }
  /// Whether top-1 agreement is meaningful: the last dim is > 1.
  bool hasClasses() const { return hasClasses_; }
  int64_t samples() const { return samples_; }

private:
  double signal_ = 0, noise_ = 0;
  bool noiseInfinite_ = false;
  double maxAbsDiff_ = 0;
  int64_t rows_ = 0, agree_ = 0, samples_ = 0;
  bool hasClasses_ = false;
};

} // namespace qmlir::runner

#endif // QMLIR_LIB_RUNNER_METRICS_H

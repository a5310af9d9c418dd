// Power-of-two-range histograms and per-tensor calibration statistics, binned exactly like runtime/observers.
#ifndef QMLIR_LIB_CALIBRATION_HISTOGRAM_H
#define QMLIR_LIB_CALIBRATION_HISTOGRAM_H

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

namespace qmlir::calib {

/// Number of equal bins of every histogram (QRT_HISTOGRAM_BINS in the runtime).
constexpr int kHistogramBins = 2048;
/// Smallest range exponent: data with max|x| < 2^-64 still gets range 2^-64.
constexpr int kHistogramMinRangeExp = -64;

/// Counts of finite values in kHistogramBins equal bins over [-range, range).
///
/// `range` is 0 (empty histogram, `bins` empty) or an exact power of two 2^k,
/// k >= kHistogramMinRangeExp, with `bins.size() == kHistogramBins`. The range
/// only grows: it is the smallest 2^k with max|x| < 2^k (strictly, as frexp
/// gives it) over everything observed. Bin of x: floor(x * 2^(10-k)) + 1024,
/// clamped to [0, 2047] -- the same integer as floor((x + range) / (2 range) *
/// 2048) computed exactly. Scaling by a power of two is exact in double, so
/// there is no rounding anywhere and growing/merging is exact.
struct Histogram {
  double range = 0;
  std::vector<int64_t> bins;

  bool empty() const { return range == 0; }
  /// k with range == 2^k; only meaningful when !empty().
  int rangeExponent() const;
  /// Width of one bin, 2 range / 2048 (exact).
  double binWidth() const { return range / (kHistogramBins / 2); }
  /// Lower edge of bin i (exact): -range + i * binWidth().
  double binLower(int i) const { return (i - kHistogramBins / 2) * binWidth(); }

  /// Range a histogram needs for data with max|x| == maxAbs: the smallest
  /// 2^k > maxAbs with k >= kHistogramMinRangeExp (2^-64 for maxAbs == 0).
  static double coverRange(double maxAbs);
  /// Bin of finite x in a histogram of range `range` (a power of two).
  static int binIndex(double x, double range);

  /// Adds the finite values of x[0..n) (NaN and +-inf are skipped), first
  /// growing the range to coverRange(max|x|) if needed.
  void observe(const float *x, size_t n);
  /// Grows the range to the smallest power of two >= newRange (no-op if the
  /// range is already that large, or newRange is not positive and finite).
  /// Each doubling adds old bins 2j-1024 and 2j-1023 into new bin j (exact).
  void growTo(double newRange);
  /// The histogram of the union of the data of a and b: both grown to the
  /// larger range, bins added. Exact, commutative and associative.
  static Histogram merge(const Histogram &a, const Histogram &b);
  /// Number of values counted.
  int64_t total() const;

  /// Rebuilds a histogram from the runtime's plain stats (qrt_observer_stats:
  /// range_exp, num_bins, bins). rangeExp == INT32_MIN means empty. Returns
  /// nullopt for a wrong bin count, negative counts or an exponent out of range.
  static std::optional<Histogram> fromExponent(int32_t rangeExp, const int64_t *bins,
                                               size_t numBins);
};

/// What one observer collected: extremes, sample count, histogram, and
/// optionally per-channel extremes.
struct TensorStats {
  double min = std::numeric_limits<double>::infinity();  ///< +inf when count == 0
  double max = -std::numeric_limits<double>::infinity(); ///< -inf when count == 0
  int64_t count = 0; ///< finite samples observed
  Histogram hist;    ///< empty for min/max-only observers
  std::vector<float> channelMin, channelMax; ///< empty unless per-channel
  int64_t nonFiniteCount = 0; ///< NaN/inf samples skipped (the runtime's nan_count)

  /// Adds x[0..n) to min/max/count and, if `withHistogram`, to the histogram.
  void observe(const float *x, size_t n, bool withHistogram = true);
  /// Per-channel extremes of a dense tensor whose channel axis has `channels`
  /// entries and `inner` elements after it: element i is in channel
  /// (i / inner) % channels (runtime's rule). Sizes channelMin/Max on first
  /// use; returns false (and changes nothing) if the channel count differs.
  bool observeChannels(const float *x, size_t n, int64_t channels, int64_t inner);

  /// Statistics of the union of the data. nullopt if both carry per-channel
  /// extremes with different channel counts. (Merging stats with and without
  /// a histogram keeps the one histogram: hist.total() < count then.)
  static std::optional<TensorStats> merge(const TensorStats &a, const TensorStats &b);
};

} // namespace qmlir::calib

#endif // QMLIR_LIB_CALIBRATION_HISTOGRAM_H

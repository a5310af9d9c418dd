// Range estimation from histograms: minmax, percentile, TensorRT entropy (KL) and expected-MSE search.
#include "lib/Calibration/RangeEstimators.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace qmlir::calib {

std::optional<CalibrationMethod> parseCalibrationMethod(std::string_view name) {
  if (name == "minmax")
    return CalibrationMethod::MinMax;
  if (name == "percentile")
    return CalibrationMethod::Percentile;
  if (name == "entropy")
    return CalibrationMethod::Entropy;
  if (name == "mse")
    return CalibrationMethod::Mse;
  return std::nullopt;
}

std::string_view calibrationMethodName(CalibrationMethod method) {
  switch (method) {
  case CalibrationMethod::MinMax:
    return "minmax";
  case CalibrationMethod::Percentile:
    return "percentile";
  case CalibrationMethod::Entropy:
    return "entropy";
  case CalibrationMethod::Mse:
    return "mse";
  }
  return "minmax";
}

namespace {

constexpr int kHalf = kHistogramBins / 2;

/// The |x| view of a symmetric histogram: bin j covers [j w, (j+1) w) of |x|
/// and adds bins 1024+j and 1023-j (the bin edges are symmetric about 0).
std::vector<double> foldedBins(const Histogram &h) {
  std::vector<double> a(kHalf);
  for (int j = 0; j < kHalf; ++j)
    a[j] = (double)h.bins[kHalf + j] + (double)h.bins[kHalf - 1 - j];
  return a;
}

/// One past the last non-zero entry.
int usedBins(const std::vector<double> &a) {
  int n = (int)a.size();
  while (n > 0 && a[n - 1] == 0)
    --n;
  return n;
}

/// Inverse CDF of a histogram with bins of width w starting at `lo0`: the
/// point below which `rank` of the mass lies, linear inside the bin.
double quantile(const std::vector<double> &h, double lo0, double w, double rank) {
  double cum = 0;
  int last = -1;
  for (int j = 0; j < (int)h.size(); ++j) {
    if (h[j] == 0)
      continue;
    last = j;
    if (cum + h[j] >= rank) {
      double f = std::min(std::max((rank - cum) / h[j], 0.0), 1.0);
      return lo0 + (j + f) * w;
    }
    cum += h[j];
  }
  return last < 0 ? lo0 : lo0 + (last + 1) * w;
}

//===-- Entropy (TensorRT KL calibration) ----------------------------------===//

/// Threshold (upper edge of the last kept bin) minimizing KL(P || Q) over
/// i in [levels, n] (n = one past the last non-empty |x| bin), following
/// "8-bit Inference with TensorRT" (Migacz, 2017) as implemented in NVIDIA's
/// pytorch-quantization: P = first i bins with the outliers added to bin
/// i-1; Q = those i bins merged into `levels` groups (bin j in group
/// floor(j levels / i)), each group's mass spread evenly over its bins where
/// P is non-zero. Bin 0 is replaced by bin 1 first (as pytorch-quantization
/// does): zeros are exact in every grid, and a spike of exact zeros (ReLU)
/// would otherwise dominate the divergence.
double entropyThreshold(std::vector<double> h, double w, int levels) {
  int n = usedBins(h);
  if (n <= levels)
    return n * w;
  h[0] = h[1];
  std::vector<double> suffix(n + 1, 0.0); // suffix[i] = sum h[i..n)
  for (int j = n - 1; j >= 0; --j)
    suffix[j] = suffix[j + 1] + h[j];
  std::vector<double> groupSum(levels), groupNonZero(levels);
  double bestKL = std::numeric_limits<double>::infinity();
  int bestI = n;
  for (int i = levels; i <= n; ++i) {
    std::fill(groupSum.begin(), groupSum.end(), 0.0);
    std::fill(groupNonZero.begin(), groupNonZero.end(), 0.0);
    double outliers = suffix[i];
    for (int j = 0; j < i; ++j) {
      int g = (int)((int64_t)j * levels / i);
      double p = h[j] + (j == i - 1 ? outliers : 0.0);
      groupSum[g] += h[j];
      if (p != 0)
        groupNonZero[g] += 1;
    }
    double pTotal = suffix[0]; // sum of P
    double qTotal = suffix[0] - outliers;
    if (pTotal <= 0 || qTotal <= 0)
      continue;
    double kl = 0;
    bool finite = true;
    for (int j = 0; j < i; ++j) {
      double p = h[j] + (j == i - 1 ? outliers : 0.0);
      if (p == 0)
        continue;
      int g = (int)((int64_t)j * levels / i);
      double q = groupSum[g] / groupNonZero[g];
      if (q <= 0) { // P has mass where Q has none: infinite divergence
        finite = false;
        break;
      }
      double pn = p / pTotal, qn = q / qTotal;
      kl += pn * std::log(pn / qn);
    }
    if (finite && kl <= bestKL) { // ties: the larger threshold
      bestKL = kl;
      bestI = i;
    }
  }
  return bestI * w;
}

//===-- MSE ----------------------------------------------------------------===//

/// Antiderivative of (v - round(v))^2 (normalized to 0 at v = -1/2): one
/// period contributes 1/12.
inline double roundingK(double v) {
  double n = std::floor(v + 0.5);
  double r = v - n;
  return n / 12.0 + (r * r * r + 0.125) / 3.0;
}

struct Bin {
  double l, u, c;
};

/// Expected total squared error of quantizing the histogram's values to the
/// grid s*Z clipped to [a, b] (a <= 0 <= b), each bin's mass uniform on [l, u).
double expectedError(const std::vector<Bin> &bins, double a, double b, double s) {
  double err = 0;
  for (const Bin &bin : bins) {
    double e = 0;
    if (bin.l < a) { // clipped below: integral of (a - x)^2 over [l, min(u, a))
      double m = std::min(bin.u, a);
      double d0 = a - bin.l, d1 = a - m;
      e += (d0 * d0 * d0 - d1 * d1 * d1) / 3.0;
    }
    double il = std::max(bin.l, a), iu = std::min(bin.u, b);
    if (iu > il) // rounding inside: s^3 (K(iu/s) - K(il/s))
      e += s * s * s * (roundingK(iu / s) - roundingK(il / s));
    if (bin.u > b) { // clipped above: integral of (x - b)^2 over [max(l, b), u)
      double m = std::max(bin.l, b);
      double d0 = bin.u - b, d1 = m - b;
      e += (d0 * d0 * d0 - d1 * d1 * d1) / 3.0;
    }
    err += bin.c * e / (bin.u - bin.l);
  }
  return err;
}

/// Minimizes f over candidates[0..n): every `stride`-th first, then every
/// candidate within one stride of the best. Ties go to the larger index.
template <typename F> int searchCandidates(int n, F f) {
  int stride = std::max(1, n / 256);
  int best = n - 1;
  double bestErr = f(best);
  for (int k = n - 1 - stride; k >= 0; k -= stride) {
    double e = f(k);
    if (e < bestErr)
      bestErr = e, best = k;
  }
  int lo = std::max(0, best - stride), hi = std::min(n - 1, best + stride);
  int center = best;
  for (int k = hi; k >= lo; --k) {
    if (k == center)
      continue;
    double e = f(k);
    if (e < bestErr || (e == bestErr && k > best))
      bestErr = e, best = k;
  }
  return best;
}

/// Candidate thresholds j*w (j = 1..) below maxAbs, then maxAbs itself.
std::vector<double> thresholdCandidates(double w, double maxAbs) {
  std::vector<double> c;
  for (int j = 1; j * w < maxAbs && j <= kHistogramBins; ++j)
    c.push_back(j * w);
  c.push_back(maxAbs);
  return c;
}

/// Mass of exact zeros hidden in the bin [0, w): its excess over the
/// neighbouring bins. Zero is on every grid (error 0), so this excess must
/// not be modelled as spread over the bin -- with ReLU outputs (half exact
/// zeros) that would add a large, step-dependent phantom rounding error.
double zeroSpike(double center, double neighbour) { return std::max(0.0, center - neighbour); }

/// One-sided/|x| MSE threshold: grid of `steps` steps over [0, t].
double mseThreshold(std::vector<double> folded, double w, double maxAbs, double steps) {
  if (folded.size() > 1)
    folded[0] -= zeroSpike(folded[0], folded[1]);
  std::vector<Bin> bins;
  for (int j = 0; j < (int)folded.size(); ++j)
    if (folded[j] > 0)
      bins.push_back({j * w, std::min((j + 1) * w, std::max(maxAbs, j * w + w * 1e-9)),
                      folded[j]});
  std::vector<double> cand = thresholdCandidates(w, maxAbs);
  int k = searchCandidates((int)cand.size(), [&](int i) {
    return expectedError(bins, 0.0, cand[i], cand[i] / steps);
  });
  return cand[k];
}

/// Two-sided asymmetric MSE: [lo, hi] with 255 steps. A global search over
/// every pair of bin edges (lo in [min, 0], hi in [0, max]) with the rounding
/// noise of in-range values taken as s^2/12 per value, which with prefix sums
/// of the bins' count, first and second moments costs O(1) per pair; then the
/// exact per-bin model of expectedError() picks the best of the 5x5 edge
/// neighbourhood of that optimum and [min, max] itself.
ClipRange mseTwoSided(const Histogram &h, double mn, double mx) {
  const double w = h.binWidth();
  const double steps = 255.0;
  double spike = zeroSpike((double)h.bins[kHalf],
                           (double)std::max(h.bins[kHalf - 1], h.bins[kHalf + 1]));
  std::vector<Bin> bins; // non-empty bins, outer ones tightened to [mn, mx]
  std::vector<double> p0(kHistogramBins + 1, 0.0), p1(kHistogramBins + 1, 0.0),
      p2(kHistogramBins + 1, 0.0); // prefix sums of c, c E[x], c E[x^2]
  for (int i = 0; i < kHistogramBins; ++i) {
    double c = (double)h.bins[i] - (i == kHalf ? spike : 0.0);
    double m1 = 0, m2 = 0;
    if (c > 0) {
      double l = std::max(h.binLower(i), mn), u = std::min(h.binLower(i) + w, mx);
      if (!(u > l))
        u = l + w * 1e-9;
      bins.push_back({l, u, c});
      m1 = c * (l + u) / 2;
      m2 = c * (l * l + l * u + u * u) / 3;
    } else {
      c = 0;
    }
    p0[i + 1] = p0[i] + c;
    p1[i + 1] = p1[i] + m1;
    p2[i + 1] = p2[i] + m2;
  }
  // Bin holding min and one past the bin holding max (mn < 0 < mx here).
  const int kLo = std::min(Histogram::binIndex(mn, h.range), kHalf);
  const int kHi = std::max(Histogram::binIndex(mx, h.range) + 1, kHalf);
  // Edge k as a clipping bound: bins < k are below it. The outermost
  // candidates are the extremes themselves.
  auto loAt = [&](int k) { return k <= kLo ? mn : h.binLower(k); };
  auto hiAt = [&](int k) { return k >= kHi ? mx : h.binLower(k); };
  const double n0 = p0[kHistogramBins], n1 = p1[kHistogramBins], n2 = p2[kHistogramBins];
  // Clipping error of each candidate bound, precomputed so the pair loop is
  // a few flops: below(a) = sum over bins < ka of c E[(a - x)^2], likewise above.
  const int nA = kHalf - kLo + 1, nB = kHi - kHalf + 1;
  std::vector<double> aVal(nA), aErr(nA), aCnt(nA), bVal(nB), bErr(nB), bCnt(nB);
  for (int i = 0; i < nA; ++i) {
    int k = kLo + i;
    double a = loAt(k);
    aVal[i] = a;
    aErr[i] = std::max(a * a * p0[k] - 2 * a * p1[k] + p2[k], 0.0);
    aCnt[i] = p0[k];
  }
  for (int j = 0; j < nB; ++j) {
    int k = kHalf + j;
    double b = hiAt(k);
    double s0 = n0 - p0[k], s1 = n1 - p1[k], s2 = n2 - p2[k];
    bVal[j] = b;
    bErr[j] = std::max(b * b * s0 - 2 * b * s1 + s2, 0.0);
    bCnt[j] = p0[k];
  }
  const double noise = 1.0 / (12.0 * steps * steps); // (s^2 / 12) / (b - a)^2
  int bestA = 0, bestB = nB - 1;
  double best = std::numeric_limits<double>::infinity();
  for (int i = 0; i < nA; ++i) {
    const double a = aVal[i], ea = aErr[i], ca = aCnt[i];
    for (int j = 0; j < nB; ++j) {
      double d = bVal[j] - a;
      double e = ea + bErr[j] + (bCnt[j] - ca) * d * d * noise;
      if (d > 0 && e < best)
        best = e, bestA = i, bestB = j;
    }
  }
  bestA += kLo;
  bestB += kHalf;
  auto exact = [&](double a, double b) { return expectedError(bins, a, b, (b - a) / steps); };
  ClipRange r{mn, mx};
  double bestExact = exact(mn, mx);
  for (int ka = std::max(bestA - 2, kLo); ka <= std::min(bestA + 2, kHalf); ++ka)
    for (int kb = std::max(bestB - 2, kHalf); kb <= std::min(bestB + 2, kHi); ++kb) {
      double a = loAt(ka), b = hiAt(kb);
      if (!(b > a))
        continue;
      double e = exact(a, b);
      if (e < bestExact)
        bestExact = e, r = {a, b};
    }
  return r;
}

} // namespace

ClipRange estimateRange(const TensorStats &stats, CalibrationMethod method,
                        double percentile, bool symmetric, bool unsignedOutput) {
  // The grid (and so every estimate) is fixed by `symmetric` and the data's
  // sign under chooseQuantParams' rules; see the header.
  (void)unsignedOutput;
  if (stats.count <= 0 || !(stats.min <= stats.max))
    return {0, 0};
  const double kBig = std::numeric_limits<float>::max();
  double mn = std::min(std::max(stats.min, -kBig), kBig);
  double mx = std::min(std::max(stats.max, -kBig), kBig);
  ClipRange r{mn, mx};

  const Histogram &h = stats.hist;
  bool useHist = method != CalibrationMethod::MinMax && !h.empty() &&
                 h.bins.size() == (size_t)kHistogramBins && h.total() > 0;
  if (method == CalibrationMethod::Percentile && !(percentile > 0 && percentile < 100))
    useHist = false; // 100 (or invalid) is MinMax
  bool oneSided = mn >= 0 || mx <= 0;
  double maxAbs = std::max(std::fabs(mn), std::fabs(mx));

  if (useHist && maxAbs > 0) {
    double w = h.binWidth();
    switch (method) {
    case CalibrationMethod::MinMax:
      break;
    case CalibrationMethod::Percentile: {
      double q = percentile / 100.0;
      double total = (double)h.total();
      if (symmetric || oneSided) {
        double t = quantile(foldedBins(h), 0.0, w, q * total);
        r = {-t, t};
      } else {
        std::vector<double> signedBins(h.bins.begin(), h.bins.end());
        r = {quantile(signedBins, -h.range, w, (1 - q) * total),
             quantile(signedBins, -h.range, w, q * total)};
      }
      break;
    }
    case CalibrationMethod::Entropy: {
      // 128 levels per side of a symmetric grid; 256 over [0, t] for
      // one-sided asymmetric data; two-sided asymmetric uses the |x| view
      // with 128 levels per side (TensorRT's method is symmetric).
      int levels = (!symmetric && oneSided) ? 256 : 128;
      double t = entropyThreshold(foldedBins(h), w, levels);
      r = {-t, t};
      break;
    }
    case CalibrationMethod::Mse: {
      if (symmetric || oneSided) {
        double steps = symmetric ? 127.0 : 255.0;
        double t = mseThreshold(foldedBins(h), w, maxAbs, steps);
        r = {-t, t};
      } else {
        r = mseTwoSided(h, mn, mx);
      }
      break;
    }
    }
  }

  double lo = std::min(std::max(r.lo, mn), mx);
  double hi = std::min(std::max(r.hi, mn), mx);
  if (!(lo <= hi)) // NaN guard; cannot happen for finite stats
    lo = mn, hi = mx;
  return {std::min(lo, 0.0), std::max(hi, 0.0)};
}

} // namespace qmlir::calib

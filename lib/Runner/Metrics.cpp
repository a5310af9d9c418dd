// Latency percentiles, top-k accuracy, SQNR / max abs diff / top-1 agreement of
// model outputs.
#include "lib/Runner/Metrics.h"

#include "lib/Data/Npy.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace qmlir::runner {

using data::DType;
using data::Error;
using data::Result;
using data::Status;
using data::Tensor;

//===----------------------------------------------------------------------===//
// Timing
//===----------------------------------------------------------------------===//

double percentile(const std::vector<double> &sorted, double p) {
  if (sorted.empty())
    return 0;
  p = std::min(std::max(p, 0.0), 100.0);
  double rank = p / 100.0 * double(sorted.size() - 1);
  size_t lo = size_t(std::floor(rank));
  size_t hi = std::min(lo + 1, sorted.size() - 1);
  double frac = rank - double(lo);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * frac;
}

LatencyStats summarizeLatencies(std::vector<double> latenciesMs) {
  LatencyStats s;
  if (latenciesMs.empty())
    return s;
  std::sort(latenciesMs.begin(), latenciesMs.end());
  s.count = int64_t(latenciesMs.size());
  s.minMs = latenciesMs.front();
  s.maxMs = latenciesMs.back();
  for (double v : latenciesMs)
    s.totalMs += v;
  s.meanMs = s.totalMs / double(s.count);
  double var = 0;
  for (double v : latenciesMs)
    var += (v - s.meanMs) * (v - s.meanMs);
  s.stddevMs = std::sqrt(var / double(s.count));
  s.p50Ms = percentile(latenciesMs, 50);
  s.p90Ms = percentile(latenciesMs, 90);
  s.p99Ms = percentile(latenciesMs, 99);
  s.throughput = s.totalMs > 0 ? double(s.count) * 1e3 / s.totalMs : 0;
  return s;
}

std::string formatDuration(double seconds) {
  char buf[64];
  if (!std::isfinite(seconds) || seconds < 0)
    return "?";
  if (seconds < 60) {
    std::snprintf(buf, sizeof(buf), "%.1fs", seconds);
    return buf;
  }
  long long total = (long long)std::llround(seconds);
  if (total < 3600)
    std::snprintf(buf, sizeof(buf), "%lldm%02llds", total / 60, total % 60);
  else
    std::snprintf(buf, sizeof(buf), "%lldh%02lldm", total / 3600,
                  (total % 3600) / 60);
  return buf;
}

//===----------------------------------------------------------------------===//
// Classification
//===----------------------------------------------------------------------===//

namespace {

/// a ranks before b (a at index ia, b at ib): larger, or equal with a
/// smaller index; NaN ranks after every number.
bool ranksBefore(float a, int64_t ia, float b, int64_t ib) {
  bool an = std::isnan(a), bn = std::isnan(b);
  if (an || bn)
    return an == bn ? ia < ib : bn;
  if (a != b)
    return a > b;
  return ia < ib;
}

} // namespace

int64_t argmax(const float *values, int64_t n) {
  if (n <= 0)
    return -1;
  int64_t best = 0;
  for (int64_t i = 1; i < n; ++i)
    if (ranksBefore(values[i], i, values[best], best))
      best = i;
  return best;
}

bool inTopK(const float *values, int64_t n, int64_t label, int64_t k) {
  if (label < 0 || label >= n || k <= 0)
    return false;
  int64_t before = 0;
  for (int64_t i = 0; i < n && before < k; ++i)
    if (i != label && ranksBefore(values[i], i, values[label], label))
      ++before;
  return before < k;
}

Result<std::vector<int64_t>> readLabels(const std::string &path) {
  Result<Tensor> t = data::readNpy(path);
  if (!t)
    return Error{t.error()};
  int64_t n = t->numElements();
  std::vector<int64_t> labels(size_t(std::max<int64_t>(n, 0)));
  for (int64_t i = 0; i < n; ++i) {
    switch (t->dtype) {
    case DType::U8:
      labels[i] = t->data<uint8_t>()[i];
      break;
    case DType::S8:
      labels[i] = t->data<int8_t>()[i];
      break;
    case DType::I16:
      labels[i] = t->data<int16_t>()[i];
      break;
    case DType::U16:
      labels[i] = t->data<uint16_t>()[i];
      break;
    case DType::I32:
      labels[i] = t->data<int32_t>()[i];
      break;
    case DType::I64:
      labels[i] = t->data<int64_t>()[i];
      break;
    default:
      return data::fileError(
          path, std::string("labels must be integers, the file has ") +
                    data::dtypeName(t->dtype) +
                    " data (save a.astype(np.int64))");
    }
  }
  return labels;
}

int64_t numRows(const Tensor &t) {
  if (t.shape.empty())
    return 1;
  int64_t c = t.shape.back();
  return c > 0 ? t.numElements() / c : 0;
}

TopKAccuracy::TopKAccuracy(std::vector<int64_t> ks)
    : ks_(std::move(ks)), correct_(ks_.size(), 0) {}

Status TopKAccuracy::add(const Tensor &logits,
                         const std::vector<int64_t> &labels, size_t offset) {
  if (logits.dtype != DType::F32)
    return Error{std::string("classification output must be f32, got ") +
                 logits.typeString()};
  if (logits.shape.empty() || logits.shape.back() <= 0)
    return Error{"classification output must have a class axis (last dim), "
                 "got " +
                 logits.typeString()};
  int64_t classes = logits.shape.back();
  int64_t rows = numRows(logits);
  if (offset + size_t(rows) > labels.size())
    return Error{"not enough labels: " + std::to_string(labels.size()) +
                 " label(s), row " + std::to_string(offset + rows) +
                 " needs one (one label per output row: samples x batch)"};
  const float *x = logits.data<float>();
  for (int64_t r = 0; r < rows; ++r) {
    int64_t label = labels[offset + size_t(r)];
    for (size_t i = 0; i < ks_.size(); ++i)
      if (inTopK(x + r * classes, classes, label, ks_[i]))
        ++correct_[i];
  }
  count_ += rows;
  numClasses_ = classes;
  return Status();
}

double TopKAccuracy::accuracy(size_t i) const {
  return count_ ? double(correct_[i]) / double(count_) : 0.0;
}

//===----------------------------------------------------------------------===//
// Comparing outputs
//===----------------------------------------------------------------------===//

namespace {

struct Sums {
  double signal = 0, noise = 0, maxAbs = 0;
  bool noiseInfinite = false;
};

void accumulate(const float *ref, const float *x, int64_t n, Sums &s) {
  for (int64_t i = 0; i < n; ++i) {
    float r = ref[i], v = x[i];
    if (std::isfinite(r))
      s.signal += double(r) * double(r);
    if (r == v || (std::isnan(r) && std::isnan(v)))
      continue;
    double d = double(r) - double(v);
    if (!std::isfinite(d)) {
      s.noiseInfinite = true;
      s.maxAbs = std::numeric_limits<double>::infinity();
      continue;
    }
    s.noise += d * d;
    s.maxAbs = std::max(s.maxAbs, std::fabs(d));
  }
}

double toDb(double signal, double noise, bool noiseInfinite) {
  const double inf = std::numeric_limits<double>::infinity();
  if (noiseInfinite)
    return -inf;
  if (noise == 0)
    return inf;
  if (signal == 0)
    return -inf;
  return 10.0 * std::log10(signal / noise);
}

} // namespace

double sqnrDb(const float *ref, const float *x, int64_t n) {
  Sums s;
  accumulate(ref, x, n, s);
  return toDb(s.signal, s.noise, s.noiseInfinite);
}

double maxAbsDiff(const float *ref, const float *x, int64_t n) {
  Sums s;
  accumulate(ref, x, n, s);
  return s.maxAbs;
}

Status OutputComparison::add(const Tensor &ref, const Tensor &x) {
  if (ref.dtype != DType::F32 || x.dtype != DType::F32)
    return Error{"compared outputs must be f32, got " + ref.typeString() +
                 " and " + x.typeString()};
  if (ref.numElements() != x.numElements())
    return Error{"compared outputs differ in size: " + ref.typeString() +
                 " and " + x.typeString()};
  Sums s;
  accumulate(ref.data<float>(), x.data<float>(), ref.numElements(), s);
  signal_ += s.signal;
  noise_ += s.noise;
  noiseInfinite_ = noiseInfinite_ || s.noiseInfinite;
  maxAbsDiff_ = std::max(maxAbsDiff_, s.maxAbs);
  ++samples_;
  if (!ref.shape.empty() && ref.shape.back() > 1 && x.shape == ref.shape) {
    hasClasses_ = true;
    int64_t classes = ref.shape.back();
    int64_t rows = numRows(ref);
    for (int64_t r = 0; r < rows; ++r)
      if (argmax(ref.data<float>() + r * classes, classes) ==
          argmax(x.data<float>() + r * classes, classes))
        ++agree_;
    rows_ += rows;
  }
  return Status();
}

double OutputComparison::sqnrDb() const {
  return toDb(signal_, noise_, noiseInfinite_);
}

double OutputComparison::top1Agreement() const {
  return rows_ ? double(agree_) / double(rows_) : 1.0;
}

} // namespace qmlir::runner

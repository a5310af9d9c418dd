// Histogram binning edges, exact growing, and exact/associative merging of TensorStats.
#include "TestData.h"

#include "lib/Calibration/Histogram.h"

#include <gtest/gtest.h>

#include <climits>
#include <cmath>
#include <limits>

using namespace qmlir::calib;
using namespace calib_test;

namespace {

void expectSame(const Histogram &a, const Histogram &b, const char *what) {
  ASSERT_EQ(a.range, b.range) << what;
  ASSERT_EQ(a.bins.size(), b.bins.size()) << what;
  for (size_t i = 0; i < a.bins.size(); ++i)
    ASSERT_EQ(a.bins[i], b.bins[i]) << what << ": bin " << i;
}

Histogram histOf(const std::vector<float> &v, size_t begin, size_t end) {
  Histogram h;
  h.observe(v.data() + begin, end - begin);
  return h;
}

/// Data sets in different range regimes, some with a half of a different range.
std::vector<std::vector<float>> regimes() {
  std::vector<std::vector<float>> r;
  r.push_back(gaussian(20000, 1.0, 1));
  r.push_back(gaussian(20000, 3e-6, 2)); // tiny values, negative exponent
  r.push_back(uniform(20000, -7e4, 3e5, 3));
  // ReLU-like: half exact zeros.
  auto relu = gaussian(20000, 2.0, 4);
  for (float &x : relu)
    x = std::max(x, 0.f);
  r.push_back(relu);
  // Second half 1000x wider than the first: merge must re-bin the first.
  auto mixed = gaussian(20000, 0.01, 5);
  for (size_t i = mixed.size() / 2; i < mixed.size(); ++i)
    mixed[i] *= 1000;
  r.push_back(mixed);
  // First half all zeros: a zero batch must not force a range of its own.
  auto zeros = gaussian(20000, 1e-3, 6);
  for (size_t i = 0; i < zeros.size() / 2; ++i)
    zeros[i] = 0;
  r.push_back(zeros);
  // Heavy tail (Cauchy-like), values at very different scales.
  std::mt19937_64 g(7);
  std::cauchy_distribution<double> cd(0, 1);
  std::vector<float> heavy(20000);
  for (float &x : heavy)
    x = (float)std::max(-1e30, std::min(1e30, cd(g)));
  r.push_back(heavy);
  return r;
}

} // namespace

TEST(Histogram, CoverRangeIsSmallestPowerOfTwoAboveMaxAbs) {
  EXPECT_EQ(Histogram::coverRange(0.75), 1.0);
  EXPECT_EQ(Histogram::coverRange(1.0), 2.0); // strictly above, like frexp
  EXPECT_EQ(Histogram::coverRange(std::nextafter(1.0, 0.0)), 1.0);
  EXPECT_EQ(Histogram::coverRange(3.0), 4.0);
  EXPECT_EQ(Histogram::coverRange(1e-3), std::ldexp(1.0, -9));
  EXPECT_EQ(Histogram::coverRange(0.0), std::ldexp(1.0, kHistogramMinRangeExp));
  EXPECT_EQ(Histogram::coverRange(1e-30), std::ldexp(1.0, kHistogramMinRangeExp));
  EXPECT_EQ(Histogram::coverRange(std::numeric_limits<float>::max()), std::ldexp(1.0, 128));
}

TEST(Histogram, BinningEdges) {
  const double R = 1.0;
  EXPECT_EQ(Histogram::binIndex(0.0, R), 1024);
  EXPECT_EQ(Histogram::binIndex(-0.0, R), 1024);
  EXPECT_EQ(Histogram::binIndex(-1.0, R), 0); // x == -range: first bin
  EXPECT_EQ(Histogram::binIndex(std::nextafter(1.0, 0.0), R), 2047);
  EXPECT_EQ(Histogram::binIndex(1.0, R), 2047); // x == range clamps into the last bin
  EXPECT_EQ(Histogram::binIndex(5.0, R), 2047);
  EXPECT_EQ(Histogram::binIndex(-5.0, R), 0);
  EXPECT_EQ(Histogram::binIndex(0.5, R), 1536);
  EXPECT_EQ(Histogram::binIndex(-0.5, R), 512);
  EXPECT_EQ(Histogram::binIndex(1.0 / 1024, R), 1025); // lower edges are inclusive
  EXPECT_EQ(Histogram::binIndex(std::nextafter(1.0 / 1024, 0.0), R), 1024);
  EXPECT_EQ(Histogram::binIndex(-1.0 / 1024, R), 1023);
  // A tiny negative value belongs to bin 1023. Computing (x + R) / (2R) * 2048
  // in floating point would round x + R to R and give 1024; we must not.
  EXPECT_EQ(Histogram::binIndex(-1e-30, R), 1023);
  EXPECT_EQ(std::floor((-1e-30 + R) / (2 * R) * 2048), 1024.0);
  // Bin edges scale with the range.
  EXPECT_EQ(Histogram::binIndex(3.0, 4.0), 1024 + 768);
  EXPECT_EQ(Histogram::binIndex(-std::ldexp(1.0, -60), std::ldexp(1.0, -59)), 512);
}

TEST(Histogram, ObserveSkipsNonFiniteAndPicksRange) {
  Histogram h;
  EXPECT_TRUE(h.empty());
  EXPECT_EQ(h.total(), 0);
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  std::vector<float> v = {1.0f, -0.25f, nan, inf, -inf, 0.f};
  h.observe(v.data(), v.size());
  EXPECT_EQ(h.range, 2.0); // max|x| = 1 needs 2^1
  EXPECT_EQ(h.rangeExponent(), 1);
  ASSERT_EQ(h.bins.size(), (size_t)kHistogramBins);
  EXPECT_EQ(h.total(), 3);
  EXPECT_EQ(h.bins[1536], 1); // 1.0 = range / 2
  EXPECT_EQ(h.bins[1024 - 128], 1);
  EXPECT_EQ(h.bins[1024], 1);
  // Tiny negatives go to bin 1023 (below 0), not 1024, when observed too.
  Histogram t;
  std::vector<float> tiny = {0.5f, -1e-30f, 1e-30f, -0.f};
  t.observe(tiny.data(), tiny.size());
  EXPECT_EQ(t.range, 1.0);
  EXPECT_EQ(t.bins[1023], 1);
  EXPECT_EQ(t.bins[1024], 2);
  // Only NaNs: nothing changes (like the runtime).
  Histogram e;
  e.observe(&nan, 1);
  EXPECT_TRUE(e.empty());

  TensorStats s;
  s.observe(v.data(), v.size());
  EXPECT_EQ(s.count, 3);
  EXPECT_EQ(s.nonFiniteCount, 3);
  EXPECT_EQ(s.min, -0.25);
  EXPECT_EQ(s.max, 1.0);
  EXPECT_EQ(s.hist.total(), 3);
}

TEST(Histogram, GrowToIsExactRebinning) {
  for (const auto &v : regimes()) {
    Histogram h = histOf(v, 0, v.size());
    for (int extra : {1, 2, 5}) {
      double R = std::ldexp(h.range, extra);
      Histogram grown = h;
      grown.growTo(R);
      // Same as observing the data into a histogram that already had range R.
      Histogram direct;
      direct.growTo(R);
      direct.observe(v.data(), v.size());
      expectSame(grown, direct, "growTo");
      EXPECT_EQ(grown.total(), (int64_t)v.size());
    }
  }
  Histogram h;
  h.growTo(3.0); // not a power of two: rounds up
  EXPECT_EQ(h.range, 4.0);
  h.growTo(1.0); // never shrinks
  EXPECT_EQ(h.range, 4.0);
  h.growTo(std::numeric_limits<double>::quiet_NaN());
  h.growTo(-8);
  EXPECT_EQ(h.range, 4.0);
  std::vector<int64_t> before(kHistogramBins, 0);
  before[0] = 5;    // [-4, -4 + w)
  before[2047] = 7; // [4 - w, 4)
  before[1023] = 1;
  before[1024] = 2;
  h.bins = before;
  h.growTo(8.0);
  EXPECT_EQ(h.bins[512], 5);
  EXPECT_EQ(h.bins[1535], 7);
  EXPECT_EQ(h.bins[1023], 1);
  EXPECT_EQ(h.bins[1024], 2);
  EXPECT_EQ(h.total(), 15);
}

TEST(Histogram, MergeOfHalvesEqualsWholeAndBatches) {
  std::mt19937_64 g(11);
  int regime = 0;
  for (const auto &v : regimes()) {
    SCOPED_TRACE("regime " + std::to_string(regime++));
    Histogram whole = histOf(v, 0, v.size());
    size_t half = v.size() / 2;
    Histogram a = histOf(v, 0, half), b = histOf(v, half, v.size());
    expectSame(Histogram::merge(a, b), whole, "merge(a, b)");
    expectSame(Histogram::merge(b, a), whole, "merge(b, a)");
    // Random batch sizes into one histogram, and random-split shards.
    for (int trial = 0; trial < 5; ++trial) {
      Histogram batched, sharded;
      size_t pos = 0;
      while (pos < v.size()) {
        size_t len = std::min(v.size() - pos, (size_t)(g() % 3000 + 1));
        batched.observe(v.data() + pos, len);
        sharded = Histogram::merge(histOf(v, pos, pos + len), sharded);
        pos += len;
      }
      expectSame(batched, whole, "batched");
      expectSame(sharded, whole, "sharded");
    }
  }
}

TEST(Histogram, MergeIsAssociativeAndHasIdentity) {
  auto x = gaussian(5000, 0.1, 21), y = gaussian(5000, 30.0, 22), z = uniform(5000, -1e-4, 5e-4, 23);
  Histogram a = histOf(x, 0, x.size()), b = histOf(y, 0, y.size()), c = histOf(z, 0, z.size());
  ASSERT_NE(a.range, b.range);
  ASSERT_NE(b.range, c.range);
  Histogram left = Histogram::merge(Histogram::merge(a, b), c);
  Histogram right = Histogram::merge(a, Histogram::merge(b, c));
  expectSame(left, right, "associativity");
  expectSame(Histogram::merge(Histogram::merge(c, a), b), left, "commuted");
  EXPECT_EQ(left.total(), 15000);
  expectSame(Histogram::merge(a, Histogram()), a, "a + empty");
  expectSame(Histogram::merge(Histogram(), a), a, "empty + a");
  EXPECT_TRUE(Histogram::merge(Histogram(), Histogram()).empty());
}

TEST(Histogram, FromExponent) {
  std::vector<int64_t> bins(kHistogramBins, 0);
  bins[7] = 3;
  auto h = Histogram::fromExponent(-3, bins.data(), bins.size());
  ASSERT_TRUE(h.has_value());
  EXPECT_EQ(h->range, 0.125);
  EXPECT_EQ(h->rangeExponent(), -3);
  EXPECT_EQ(h->total(), 3);
  auto e = Histogram::fromExponent(INT32_MIN, nullptr, 0);
  ASSERT_TRUE(e.has_value());
  EXPECT_TRUE(e->empty());
  EXPECT_FALSE(Histogram::fromExponent(0, bins.data(), 100).has_value());
  EXPECT_FALSE(Histogram::fromExponent(5000, bins.data(), bins.size()).has_value());
  bins[9] = -1;
  EXPECT_FALSE(Histogram::fromExponent(0, bins.data(), bins.size()).has_value());
}

TEST(TensorStats, MergeCombinesEverything) {
  auto x = gaussian(1000, 1.0, 31), y = gaussian(3000, 5.0, 32, 2.0);
  TensorStats a = statsOf(x), b = statsOf(y);
  ASSERT_TRUE(a.observeChannels(x.data(), x.size(), 4, 25));
  ASSERT_TRUE(b.observeChannels(y.data(), y.size(), 4, 25));
  auto m = TensorStats::merge(a, b);
  ASSERT_TRUE(m.has_value());
  std::vector<float> all = x;
  all.insert(all.end(), y.begin(), y.end());
  TensorStats whole = statsOf(all);
  ASSERT_TRUE(whole.observeChannels(all.data(), all.size(), 4, 25));
  EXPECT_EQ(m->count, 4000);
  EXPECT_EQ(m->min, whole.min);
  EXPECT_EQ(m->max, whole.max);
  expectSame(m->hist, whole.hist, "stats histogram");
  EXPECT_EQ(m->channelMin, whole.channelMin);
  EXPECT_EQ(m->channelMax, whole.channelMax);
  // Channel c of element i is (i / 25) % 4: check one channel by hand.
  float mn1 = INFINITY;
  for (size_t i = 0; i < all.size(); ++i)
    if ((i / 25) % 4 == 1)
      mn1 = std::min(mn1, all[i]);
  EXPECT_EQ(whole.channelMin[1], mn1);
  // Merging with empty stats is the identity; mismatched channels fail.
  auto same = TensorStats::merge(TensorStats(), a);
  ASSERT_TRUE(same.has_value());
  EXPECT_EQ(same->min, a.min);
  EXPECT_EQ(same->count, a.count);
  EXPECT_EQ(same->channelMax, a.channelMax);
  TensorStats c = statsOf(x);
  ASSERT_TRUE(c.observeChannels(x.data(), x.size(), 5, 1));
  EXPECT_FALSE(TensorStats::merge(a, c).has_value());
  EXPECT_FALSE(c.observeChannels(x.data(), x.size(), 4, 1)); // channel count changed
  // Stats without a histogram: counts add, the other side's histogram stays.
  TensorStats noHist;
  noHist.observe(y.data(), y.size(), /*withHistogram=*/false);
  auto mixed = TensorStats::merge(statsOf(x), noHist);
  ASSERT_TRUE(mixed.has_value());
  EXPECT_EQ(mixed->count, 4000);
  EXPECT_EQ(mixed->hist.total(), 1000);
}

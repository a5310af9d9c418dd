// Observers: min/max, per-channel min/max, and exact histogram merging across shards.
#include "TestUtil.h"

using namespace qrt_test;

namespace {

struct Obs {
  qrt_observer *o = nullptr;
  Obs(qrt_observer_kind k, int axis = -1, int64_t ch = 0) {
    EXPECT_EQ(qrt_observer_create(k, axis, ch, &o), QRT_OK) << qrt_last_error();
  }
  ~Obs() { qrt_observer_destroy(o); }
  void update(const std::vector<float> &v, size_t begin, size_t end) {
    qrt_tensor_desc d = desc(QRT_F32, {(int64_t)(end - begin)});
    ASSERT_EQ(qrt_observer_update(o, &d, v.data() + begin), QRT_OK) << qrt_last_error();
  }
  qrt_observer_stats stats() const {
    qrt_observer_stats s;
    EXPECT_EQ(qrt_observer_get(o, &s), QRT_OK);
    return s;
  }
};

void expectSameHistogram(const qrt_observer_stats &a, const qrt_observer_stats &b) {
  ASSERT_EQ(a.num_bins, QRT_HISTOGRAM_BINS);
  ASSERT_EQ(b.num_bins, QRT_HISTOGRAM_BINS);
  EXPECT_EQ(a.range_exp, b.range_exp);
  EXPECT_EQ(a.count, b.count);
  EXPECT_EQ(a.min, b.min);
  EXPECT_EQ(a.max, b.max);
  for (int i = 0; i < QRT_HISTOGRAM_BINS; ++i)
    ASSERT_EQ(a.bins[i], b.bins[i]) << "bin " << i;
}

TEST(Observer, MinMax) {
  Obs o(QRT_OBSERVER_MINMAX);
  std::vector<float> v = {1.f, -2.f, NAN, 3.5f};
  o.update(v, 0, v.size());
  auto s = o.stats();
  EXPECT_EQ(s.min, -2.f);
  EXPECT_EQ(s.max, 3.5f);
  EXPECT_EQ(s.count, 3);
  EXPECT_EQ(s.nan_count, 1);
}

TEST(Observer, PerChannelMinMax) {
  Obs o(QRT_OBSERVER_PER_CHANNEL_MINMAX, 1, 2);
  std::vector<float> v = {1.f, -1.f, 5.f, 2.f, -3.f, 0.5f}; // [3, 2]
  qrt_tensor_desc d = desc(QRT_F32, {3, 2});
  ASSERT_EQ(qrt_observer_update(o.o, &d, v.data()), QRT_OK);
  auto s = o.stats();
  ASSERT_EQ(s.num_channels, 2);
  EXPECT_EQ(s.channel_min[0], -3.f);
  EXPECT_EQ(s.channel_max[0], 5.f);
  EXPECT_EQ(s.channel_min[1], -1.f);
  EXPECT_EQ(s.channel_max[1], 2.f);
  qrt_tensor_desc bad = desc(QRT_F32, {2, 3});
  EXPECT_EQ(qrt_observer_update(o.o, &bad, v.data()), QRT_ERR_SHAPE);
}

TEST(Observer, HistogramRangeIsPowerOfTwo) {
  Obs o(QRT_OBSERVER_HISTOGRAM);
  std::vector<float> v = {0.75f, -0.25f};
  o.update(v, 0, 2);
  auto s = o.stats();
  EXPECT_EQ(s.range_exp, 0); // |x| < 2^0
  // 0.75 -> floor(0.75 * 1024) + 1024 = 1792; -0.25 -> -256 + 1024 = 768.
  EXPECT_EQ(s.bins[1792], 1);
  EXPECT_EQ(s.bins[768], 1);
  std::vector<float> w = {1.f}; // needs [-2, 2): bins pair up
  o.update(w, 0, 1);
  s = o.stats();
  EXPECT_EQ(s.range_exp, 1);
  EXPECT_EQ(s.bins[512 + 1792 / 2], 1);
  EXPECT_EQ(s.bins[512 + 768 / 2], 1);
  EXPECT_EQ(s.bins[1536], 1); // 1.0 -> floor(512) + 1024
}

TEST(Observer, HistogramMergeOfHalvesEqualsWhole) {
  Rng rng(7);
  for (int trial = 0; trial < 20; ++trial) {
    std::vector<float> v(4000);
    // Magnitudes vary across the data so the halves pick different ranges.
    for (size_t i = 0; i < v.size(); ++i) {
      float mag = i < v.size() / 2 ? 0.1f * (trial + 1) : std::ldexp(1.f, rng.uni(-3, 12));
      v[i] = rng.unif(-mag, mag);
    }
    if (trial % 2)
      std::reverse(v.begin(), v.end());
    size_t mid = (size_t)rng.uni(1, (int)v.size() - 1);
    Obs whole(QRT_OBSERVER_HISTOGRAM), a(QRT_OBSERVER_HISTOGRAM), b(QRT_OBSERVER_HISTOGRAM),
        seq(QRT_OBSERVER_HISTOGRAM);
    whole.update(v, 0, v.size());
    a.update(v, 0, mid);
    b.update(v, mid, v.size());
    seq.update(v, 0, mid);
    seq.update(v, mid, v.size());
    expectSameHistogram(whole.stats(), seq.stats());
    // Merge in both directions, and through the plain-data stats round trip.
    qrt_observer *copy = nullptr;
    auto sb = b.stats();
    ASSERT_EQ(qrt_observer_create_from_stats(QRT_OBSERVER_HISTOGRAM, -1, &sb, &copy), QRT_OK);
    ASSERT_EQ(qrt_observer_merge(copy, a.o), QRT_OK);
    ASSERT_EQ(qrt_observer_merge(a.o, b.o), QRT_OK);
    expectSameHistogram(whole.stats(), a.stats());
    qrt_observer_stats sc;
    ASSERT_EQ(qrt_observer_get(copy, &sc), QRT_OK);
    expectSameHistogram(whole.stats(), sc);
    qrt_observer_destroy(copy);
  }
}

TEST(Observer, MergeIntoEmptyAndErrors) {
  Obs a(QRT_OBSERVER_HISTOGRAM), b(QRT_OBSERVER_HISTOGRAM), m(QRT_OBSERVER_MINMAX);
  std::vector<float> v = {3.f, -7.f};
  b.update(v, 0, 2);
  ASSERT_EQ(qrt_observer_merge(a.o, b.o), QRT_OK);
  expectSameHistogram(a.stats(), b.stats());
  EXPECT_EQ(qrt_observer_merge(a.o, m.o), QRT_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(qrt_observer_merge(nullptr, m.o), QRT_ERR_NULL_POINTER);
  qrt_tensor_desc d = desc(QRT_U8, {2});
  EXPECT_EQ(qrt_observer_update(a.o, &d, v.data()), QRT_ERR_DTYPE);
  EXPECT_NE(std::string(qrt_last_error()), "");
}

} // namespace

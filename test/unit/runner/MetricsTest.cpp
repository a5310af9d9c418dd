// Tests of lib/Runner's metrics: latency percentiles, top-k accuracy, labels,
// SQNR, max abs diff, top-1 agreement.
#include "lib/Runner/Metrics.h"

#include "lib/Data/Npy.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <limits>

using namespace qmlir::runner;
using qmlir::data::DType;
using qmlir::data::Tensor;

namespace {

const double kInf = std::numeric_limits<double>::infinity();
const float kNaN = std::numeric_limits<float>::quiet_NaN();

Tensor f32(std::vector<int64_t> shape, std::vector<float> values) {
  Tensor t = Tensor::zeros(DType::F32, std::move(shape));
  EXPECT_EQ(size_t(t.numElements()), values.size());
  std::copy(values.begin(), values.end(), t.data<float>());
  return t;
}

} // namespace

TEST(Latency, PercentilesInterpolateLikeNumpy) {
  std::vector<double> v = {1, 2, 3, 4};
  // np.percentile([1, 2, 3, 4], [0, 50, 90, 99, 100])
  EXPECT_DOUBLE_EQ(percentile(v, 0), 1);
  EXPECT_DOUBLE_EQ(percentile(v, 50), 2.5);
  EXPECT_DOUBLE_EQ(percentile(v, 90), 3.7);
  EXPECT_DOUBLE_EQ(percentile(v, 99), 3.97);
  EXPECT_DOUBLE_EQ(percentile(v, 100), 4);
  EXPECT_DOUBLE_EQ(percentile({7}, 90), 7);
  EXPECT_DOUBLE_EQ(percentile({}, 50), 0);
}

TEST(Latency, Summary) {
  std::vector<double> ms;
  for (int i = 100; i >= 1; --i) // unsorted on purpose
    ms.push_back(i);
  LatencyStats s = summarizeLatencies(ms);
  EXPECT_EQ(s.count, 100);
  EXPECT_DOUBLE_EQ(s.minMs, 1);
  EXPECT_DOUBLE_EQ(s.maxMs, 100);
  EXPECT_DOUBLE_EQ(s.meanMs, 50.5);
  EXPECT_DOUBLE_EQ(s.p50Ms, 50.5);
  EXPECT_DOUBLE_EQ(s.p90Ms, 90.1);
  EXPECT_DOUBLE_EQ(s.p99Ms, 99.01);
  EXPECT_DOUBLE_EQ(s.totalMs, 5050);
  EXPECT_NEAR(s.throughput, 100 * 1000.0 / 5050, 1e-12);
  EXPECT_NEAR(s.stddevMs, std::sqrt((100.0 * 100 - 1) / 12), 1e-9);
  LatencyStats none = summarizeLatencies({});
  EXPECT_EQ(none.count, 0);
  EXPECT_EQ(none.throughput, 0);
}

TEST(Latency, TimerAndDurations) {
  Timer t;
  EXPECT_GE(t.elapsedMs(), 0);
  EXPECT_EQ(formatDuration(12.34), "12.3s");
  EXPECT_EQ(formatDuration(185), "3m05s");
  EXPECT_EQ(formatDuration(3720), "1h02m");
  EXPECT_EQ(formatDuration(-1), "?");
}

TEST(Classification, ArgmaxAndTopK) {
  float v[] = {0.1f, 0.9f, 0.9f, 0.3f, kNaN};
  EXPECT_EQ(argmax(v, 5), 1); // first of the ties
  EXPECT_TRUE(inTopK(v, 5, 1, 1));
  EXPECT_FALSE(inTopK(v, 5, 2, 1)); // tie broken by index
  EXPECT_TRUE(inTopK(v, 5, 2, 2));
  EXPECT_TRUE(inTopK(v, 5, 3, 3));
  EXPECT_FALSE(inTopK(v, 5, 4, 4)); // NaN ranks last
  EXPECT_TRUE(inTopK(v, 5, 4, 5));
  EXPECT_FALSE(inTopK(v, 5, 5, 5)); // label out of range
  EXPECT_FALSE(inTopK(v, 5, -1, 5));
  float nan2[] = {kNaN, 1.0f};
  EXPECT_EQ(argmax(nan2, 2), 1);
  EXPECT_EQ(argmax(nan2, 0), -1);
}

TEST(Classification, TopKAccuracy) {
  TopKAccuracy acc({1, 2});
  // Two rows of 3 classes: row 0 argmax 2, row 1 argmax 0.
  Tensor logits = f32({2, 3}, {0, 1, 2, 5, 4, 3});
  std::vector<int64_t> labels = {2, 1, 0, 0};
  ASSERT_TRUE(acc.add(logits, labels, 0).ok());
  EXPECT_EQ(acc.count(), 2);
  EXPECT_EQ(acc.correct(0), 1); // row 1: label 1 is second
  EXPECT_EQ(acc.correct(1), 2);
  EXPECT_DOUBLE_EQ(acc.accuracy(0), 0.5);
  ASSERT_TRUE(acc.add(logits, labels, 2).ok()); // labels 0, 0
  EXPECT_EQ(acc.count(), 4);
  EXPECT_EQ(acc.correct(0), 2);
  EXPECT_EQ(acc.numClasses(), 3);
  qmlir::data::Status s = acc.add(logits, labels, 3);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().find("not enough labels"), std::string::npos);
  EXPECT_FALSE(acc.add(Tensor::zeros(DType::U8, {1, 3}), labels, 0).ok());
  EXPECT_FALSE(acc.add(Tensor::zeros(DType::F32, {}), labels, 0).ok());
  EXPECT_EQ(TopKAccuracy().accuracy(0), 0);
}

TEST(Classification, ReadLabels) {
  std::string path = testing::TempDir() + "/runner-labels.npy";
  Tensor l = Tensor::zeros(DType::I64, {2, 2});
  for (int i = 0; i < 4; ++i)
    l.data<int64_t>()[i] = 3 - i;
  ASSERT_TRUE(qmlir::data::writeNpy(path, l).ok());
  auto labels = readLabels(path);
  ASSERT_TRUE(labels.ok()) << labels.error();
  EXPECT_EQ(*labels, (std::vector<int64_t>{3, 2, 1, 0}));
  Tensor u = Tensor::zeros(DType::U8, {3});
  u.data<uint8_t>()[1] = 200;
  ASSERT_TRUE(qmlir::data::writeNpy(path, u).ok());
  labels = readLabels(path);
  ASSERT_TRUE(labels.ok()) << labels.error();
  EXPECT_EQ(*labels, (std::vector<int64_t>{0, 200, 0}));
  ASSERT_TRUE(qmlir::data::writeNpy(path, f32({2}, {1, 2})).ok());
  labels = readLabels(path);
  ASSERT_FALSE(labels.ok());
  EXPECT_NE(labels.error().find("labels must be integers"), std::string::npos);
  std::remove(path.c_str());
  EXPECT_FALSE(readLabels(path).ok());
}

TEST(Compare, Sqnr) {
  float ref[] = {1, -2, 3, 4};
  EXPECT_EQ(sqnrDb(ref, ref, 4), kInf);
  float scaled[4];
  for (int i = 0; i < 4; ++i)
    scaled[i] = ref[i] * 1.1f;
  // noise = 0.01 * signal -> 20 dB.
  EXPECT_NEAR(sqnrDb(ref, scaled, 4), 20.0, 1e-5);
  float x[] = {1, -2, 3, 5}; // noise 1, signal 30
  EXPECT_NEAR(sqnrDb(ref, x, 4), 10 * std::log10(30.0), 1e-12);
  float zeros[] = {0, 0, 0, 0};
  EXPECT_EQ(sqnrDb(zeros, zeros, 4), kInf);
  EXPECT_EQ(sqnrDb(zeros, ref, 4), -kInf);
  float nans[] = {kNaN, -2, 3, 4};
  float refNan[] = {kNaN, -2, 3, 4};
  EXPECT_EQ(sqnrDb(refNan, nans, 4), kInf); // NaN where ref is NaN: equal
  EXPECT_EQ(sqnrDb(ref, nans, 4), -kInf);
  EXPECT_EQ(sqnrDb(ref, ref, 0), kInf);
}

TEST(Compare, MaxAbsDiff) {
  float ref[] = {1, -2, 3, 4};
  float x[] = {1.5f, -2, 0, 4};
  EXPECT_DOUBLE_EQ(maxAbsDiff(ref, x, 4), 3.0);
  EXPECT_DOUBLE_EQ(maxAbsDiff(ref, ref, 4), 0.0);
  float nans[] = {kNaN, -2, 3, 4};
  EXPECT_EQ(maxAbsDiff(ref, nans, 4), kInf);
}

TEST(Compare, OutputComparisonAccumulates) {
  OutputComparison c;
  // Sample 1: identical, two rows. Sample 2: row 0 argmax changes.
  ASSERT_TRUE(
      c.add(f32({2, 3}, {1, 2, 3, 3, 2, 1}), f32({2, 3}, {1, 2, 3, 3, 2, 1}))
          .ok());
  EXPECT_EQ(c.sqnrDb(), kInf);
  ASSERT_TRUE(
      c.add(f32({2, 3}, {1, 2, 3, 3, 2, 1}), f32({2, 3}, {1, 4, 3, 3, 2, 1}))
          .ok());
  EXPECT_EQ(c.samples(), 2);
  EXPECT_EQ(c.rows(), 4);
  EXPECT_EQ(c.agreeingRows(), 3);
  EXPECT_DOUBLE_EQ(c.top1Agreement(), 0.75);
  EXPECT_TRUE(c.hasClasses());
  // Signal 4 * 14 = 56 over both samples, noise 4.
  EXPECT_NEAR(c.sqnrDb(), 10 * std::log10(56.0 / 4.0), 1e-12);
  EXPECT_DOUBLE_EQ(c.maxAbsDiff(), 2.0);

  qmlir::data::Status s = c.add(f32({2}, {1, 2}), f32({3}, {1, 2, 3}));
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().find("differ in size"), std::string::npos);
  OutputComparison scalar;
  ASSERT_TRUE(scalar.add(f32({1, 1}, {1}), f32({1, 1}, {2})).ok());
  EXPECT_FALSE(scalar.hasClasses());
  EXPECT_DOUBLE_EQ(scalar.top1Agreement(), 1.0);
}

// Shared random-data helpers for the calibration unit tests.
#ifndef QMLIR_TEST_UNIT_CALIBRATION_TESTDATA_H
#define QMLIR_TEST_UNIT_CALIBRATION_TESTDATA_H

#include "lib/Calibration/Histogram.h"
#include "lib/Calibration/QuantParams.h"

#include <cmath>
#include <random>
#include <vector>

namespace calib_test {

inline std::vector<float> gaussian(size_t n, double sigma, uint64_t seed, double mean = 0) {
  std::mt19937_64 g(seed);
  std::normal_distribution<double> d(mean, sigma);
  std::vector<float> v(n);
  for (float &x : v)
    x = (float)d(g);
  return v;
}

inline std::vector<float> uniform(size_t n, double lo, double hi, uint64_t seed) {
  std::mt19937_64 g(seed);
  std::uniform_real_distribution<double> d(lo, hi);
  std::vector<float> v(n);
  for (float &x : v)
    x = (float)d(g);
  return v;
}

inline qmlir::calib::TensorStats statsOf(const std::vector<float> &v) {
  qmlir::calib::TensorStats s;
  s.observe(v.data(), v.size());
  return s;
}

/// Mean squared error of quantizing then dequantizing every sample.
inline double quantError(const std::vector<float> &v, const qmlir::calib::QuantParams &p) {
  double e = 0;
  for (float x : v) {
    double d = qmlir::calib::dequantize(qmlir::calib::quantize(x, p), p) - x;
    e += d * d;
  }
  return e / (double)v.size();
}

} // namespace calib_test

#endif // QMLIR_TEST_UNIT_CALIBRATION_TESTDATA_H

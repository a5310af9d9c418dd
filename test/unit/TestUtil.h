// Helpers shared by the libquantrt unit tests: descriptors, random data, kernel runs.
#ifndef QUANTRT_TEST_UNIT_TESTUTIL_H
#define QUANTRT_TEST_UNIT_TESTUTIL_H

#include "quantrt/quantrt.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <random>
#include <string>
#include <vector>

namespace qrt_test {

inline qrt_tensor_desc desc(qrt_dtype t, std::initializer_list<int64_t> dims, float scale = 1.f,
                            int32_t zp = 0) {
  qrt_tensor_desc d{};
  d.dtype = t;
  d.rank = (int32_t)dims.size();
  int i = 0;
  for (int64_t v : dims)
    d.dims[i++] = v;
  d.quant.scale = scale;
  d.quant.zero_point = zp;
  d.quant.axis = -1;
  d.quant.scales = nullptr;
  return d;
}

inline int64_t numel(const qrt_tensor_desc &d) {
  int64_t n = 1;
  for (int i = 0; i < d.rank; ++i)
    n *= d.dims[i];
  return n;
}

inline size_t esize(qrt_dtype t) { return t == QRT_F32 || t == QRT_S32 ? 4 : 1; }

/// A byte buffer with XNNPACK's read-past-the-end padding.
struct Buf {
  std::vector<uint8_t> bytes;
  Buf() = default;
  explicit Buf(const qrt_tensor_desc &d) : bytes(numel(d) * esize(d.dtype) + QRT_INPUT_PADDING_BYTES, 0) {}
  void *data() { return bytes.data(); }
  template <typename T> T *as() { return reinterpret_cast<T *>(bytes.data()); }
};

struct Rng {
  std::mt19937 gen;
  explicit Rng(uint32_t seed) : gen(seed) {}
  int uni(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(gen); }
  float unif(float lo, float hi) { return std::uniform_real_distribution<float>(lo, hi)(gen); }
  void fill(Buf &b, const qrt_tensor_desc &d, int lo = 0, int hi = 0) {
    int64_t n = numel(d);
    for (int64_t i = 0; i < n; ++i) {
      switch (d.dtype) {
      case QRT_F32: b.as<float>()[i] = unif(-1.f, 1.f); break;
      case QRT_U8: b.as<uint8_t>()[i] = (uint8_t)uni(lo ? lo : 0, hi ? hi : 255); break;
      case QRT_S8: b.as<int8_t>()[i] = (int8_t)uni(lo ? lo : -128, hi ? hi : 127); break;
      case QRT_S32: b.as<int32_t>()[i] = uni(lo, hi); break;
      }
    }
  }
};

inline qrt_context *makeContext(uint32_t flags = 0, int threads = 1) {
  qrt_context_options o{threads, QRT_BACKEND_AUTO, flags};
  qrt_context *ctx = nullptr;
  EXPECT_EQ(qrt_context_create(&o, &ctx), QRT_OK) << qrt_last_error();
  return ctx;
}

/// Runs kernel k on the given buffers; fails the test on error.
inline void run(qrt_kernel *k, std::vector<Buf *> in, Buf &out) {
  std::vector<const void *> ins;
  for (Buf *b : in)
    ins.push_back(b->data());
  void *outs[1] = {out.data()};
  ASSERT_EQ(qrt_kernel_run(k, ins.data(), (int32_t)ins.size(), outs, 1), QRT_OK)
      << qrt_last_error();
}

inline int32_t loadInt(const Buf &b, qrt_dtype t, int64_t i) {
  switch (t) {
  case QRT_U8: return b.bytes[i];
  case QRT_S8: return (int8_t)b.bytes[i];
  default: {
    int32_t v;
    std::memcpy(&v, b.bytes.data() + 4 * i, 4);
    return v;
  }
  }
}

/// Compares outputs: int8 within `lsb`, f32 within `rel` relative (to max(1, |ref|)).
/// Returns the number of mismatches (reports the first few).
inline int64_t compare(const Buf &got, const Buf &ref, const qrt_tensor_desc &d, int lsb,
                       float rel, const std::string &what) {
  int64_t n = numel(d), bad = 0;
  int32_t worst = 0;
  for (int64_t i = 0; i < n; ++i) {
    bool ok;
    std::string g, r;
    if (d.dtype == QRT_F32) {
      float a, b;
      std::memcpy(&a, got.bytes.data() + 4 * i, 4);
      std::memcpy(&b, ref.bytes.data() + 4 * i, 4);
      ok = std::fabs(a - b) <= rel * std::max(1.f, std::fabs(b));
      g = std::to_string(a), r = std::to_string(b);
    } else {
      int32_t a = loadInt(got, d.dtype, i), b = loadInt(ref, d.dtype, i);
      worst = std::max(worst, std::abs(a - b));
      ok = std::abs(a - b) <= lsb;
      g = std::to_string(a), r = std::to_string(b);
    }
    if (!ok && bad++ < 3)
      ADD_FAILURE() << what << ": element " << i << " got " << g << " ref " << r;
  }
  return bad;
}

} // namespace qrt_test

#endif // QUANTRT_TEST_UNIT_TESTUTIL_H

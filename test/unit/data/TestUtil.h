// Shared helpers of data-unit-tests: the fixture value pattern, scratch files, byte edits.
#ifndef QMLIR_TEST_UNIT_DATA_TESTUTIL_H
#define QMLIR_TEST_UNIT_DATA_TESTUTIL_H

#include "lib/Data/Tensor.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <ftw.h>
#include <string>
#include <unistd.h>
#include <vector>

namespace qmlir::data::test {

inline std::string fixture(const std::string &name) {
  return std::string(QMLIR_DATA_FIXTURES) + "/" + name;
}

inline void removeScratchDir();

/// A fresh scratch folder per test process, removed at exit.
inline const std::string &scratchDir() {
  static const std::string dir = [] {
    char tmpl[] = "/tmp/qmlir-data-test-XXXXXX";
    const char *d = mkdtemp(tmpl);
    return std::string(d ? d : "");
  }();
  // Registered after `dir` is constructed, so it runs before `dir` dies.
  static const bool registered =
      !dir.empty() && std::atexit(removeScratchDir) == 0;
  (void)registered;
  return dir;
}

inline void removeScratchDir() {
  ::nftw(
      scratchDir().c_str(),
      [](const char *path, const struct stat *, int, struct FTW *) {
        return ::remove(path);
      },
      16, FTW_DEPTH | FTW_PHYS);
}

inline std::string scratch(const std::string &name) {
  return scratchDir() + "/" + name;
}

inline std::vector<uint8_t> readBytes(const std::string &path) {
  std::vector<uint8_t> out;
  FILE *f = std::fopen(path.c_str(), "rb");
  if (!f)
    return out;
  int c;
  while ((c = std::fgetc(f)) != EOF)
    out.push_back(uint8_t(c));
  std::fclose(f);
  return out;
}

inline void writeBytes(const std::string &path, const std::vector<uint8_t> &b) {
  FILE *f = std::fopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr) << path;
  if (!b.empty())
    std::fwrite(b.data(), 1, b.size(), f);
  std::fclose(f);
}

/// Pattern value i of a dtype; keep in sync with make_fixtures.py.
inline double patternValue(DType t, int64_t i) {
  int64_t p = (i * 37) % 251;
  switch (t) {
  case DType::F32:
  case DType::F64:
  case DType::F16: return (p - 125) * 0.25;
  case DType::U8: return double(p);
  case DType::S8: return double(p - 125);
  case DType::I16: return double((p - 125) * 100);
  case DType::U16: return double(p * 200);
  case DType::I32: return double((p - 125) * 100000);
  case DType::I64: return double((p - 125) * 1000000000000LL);
  case DType::Bool: return double(p % 2);
  }
  return 0;
}

/// Element i of a tensor as double.
inline double elementAt(const Tensor &t, int64_t i) {
  switch (t.dtype) {
  case DType::F32: return t.data<float>()[i];
  case DType::F64: return t.data<double>()[i];
  case DType::F16: return halfToFloat(t.data<uint16_t>()[i]);
  case DType::U8: return t.data<uint8_t>()[i];
  case DType::S8: return t.data<int8_t>()[i];
  case DType::I16: return t.data<int16_t>()[i];
  case DType::U16: return t.data<uint16_t>()[i];
  case DType::I32: return t.data<int32_t>()[i];
  case DType::I64: return double(t.data<int64_t>()[i]);
  case DType::Bool: return t.data<uint8_t>()[i];
  }
  return 0;
}

/// Checks that elements [0, n) of `t` equal the pattern from `offset` on.
inline void expectPattern(const Tensor &t, int64_t offset = 0) {
  int64_t n = t.numElements();
  ASSERT_EQ(t.bytes.size(), size_t(n) * dtypeSize(t.dtype));
  for (int64_t i = 0; i < n; ++i)
    ASSERT_EQ(elementAt(t, i), patternValue(t.dtype, offset + i))
        << "element " << i << " of " << t.typeString();
}

/// An error message must name the file and contain `what`.
#define EXPECT_ERROR(result, file, what)                                       \
  do {                                                                         \
    auto &&r_ = (result);                                                      \
    ASSERT_FALSE(r_.ok()) << "expected an error containing: " << (what);       \
    EXPECT_NE(r_.error().find(file), std::string::npos) << r_.error();         \
    EXPECT_NE(r_.error().find(what), std::string::npos) << r_.error();         \
  } while (0)

} // namespace qmlir::data::test

#endif // QMLIR_TEST_UNIT_DATA_TESTUTIL_H

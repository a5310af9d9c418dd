// Tests of ONNX TensorProto .pb reading (raw_data and typed fields) and writing.
#include "lib/Data/TensorProtoFile.h"

#include "TestUtil.h"

#include <random>

using namespace qmlir::data;
using namespace qmlir::data::test;

TEST(TensorProto, RawAndTypedFloat) {
  for (const char *f : {"raw_f32.pb", "typed_f32.pb"}) {
    Result<Tensor> t = readTensorProto(fixture(f));
    ASSERT_TRUE(t.ok()) << t.error();
    EXPECT_EQ(t->name, "x");
    EXPECT_EQ(t->dtype, DType::F32);
    EXPECT_EQ(t->shape, (std::vector<int64_t>{1, 3, 2, 2}));
    expectPattern(*t);
  }
}

TEST(TensorProto, EveryTypedField) {
  struct Case { const char *name; DType t; };
  for (Case c : {Case{"int64", DType::I64}, Case{"int8", DType::S8},
                 Case{"uint8", DType::U8}, Case{"int32", DType::I32},
                 Case{"float64", DType::F64}, Case{"bool", DType::Bool}}) {
    for (const char *kind : {"typed_", "raw_"}) {
      std::string f = std::string(kind) + c.name + ".pb";
      Result<Tensor> t = readTensorProto(fixture(f));
      ASSERT_TRUE(t.ok()) << t.error();
      EXPECT_EQ(t->dtype, c.t) << f;
      EXPECT_EQ(t->shape, (std::vector<int64_t>{2, 3})) << f;
      expectPattern(*t);
    }
  }
  Result<Tensor> h = readTensorProto(fixture("typed_float16.pb"));
  ASSERT_TRUE(h.ok()) << h.error();
  EXPECT_EQ(h->dtype, DType::F16);
  expectPattern(*h);
}

TEST(TensorProto, BadFiles) {
  EXPECT_ERROR(readTensorProto(fixture("bad_size.pb")), "bad_size.pb",
               "TensorProto 'x' is f32 1x3x2x2 (48 bytes) but raw_data holds "
               "44 bytes");
  EXPECT_ERROR(readTensorProto(fixture("bad_typed_size.pb")),
               "bad_typed_size.pb",
               "is f32 2x3 (6 elements) but float_data holds 2 elements");
  EXPECT_ERROR(readTensorProto(fixture("huge_typed.pb")), "huge_typed.pb",
               "is f32 1099511627776x1048576 (1152921504606846976 elements) "
               "but float_data holds 2 elements");
  EXPECT_ERROR(readTensorProto(fixture("string.pb")), "string.pb",
               "element type STRING is not supported");
  EXPECT_ERROR(readTensorProto(fixture("dtype_float32.npy")),
               "dtype_float32.npy", "is a .npy file, not an ONNX TensorProto");
  EXPECT_ERROR(readTensorProto(fixture("missing.pb")), "missing.pb",
               "cannot open");
  std::string p = scratch("empty.pb");
  writeBytes(p, {});
  EXPECT_ERROR(readTensorProto(p), p, "has no data_type");
  writeBytes(p, {0xff, 0xff, 0xff, 0xff, 0xff});
  EXPECT_ERROR(readTensorProto(p), p, "not a valid ONNX TensorProto");
  std::vector<uint8_t> good = readBytes(fixture("raw_f32.pb"));
  writeBytes(p, std::vector<uint8_t>(good.begin(), good.end() - 3));
  Result<Tensor> t = readTensorProto(p);
  EXPECT_FALSE(t.ok());
  EXPECT_NE(t.error().find(p), std::string::npos);
}

TEST(TensorProto, NoCrashOnMutations) {
  std::string p = scratch("mutated.pb");
  for (const char *src : {"raw_f32.pb", "typed_f32.pb", "typed_int64.pb"}) {
    std::vector<uint8_t> good = readBytes(fixture(src));
    for (size_t n = 0; n + 1 < good.size(); ++n) {
      Result<Tensor> t = parseTensorProto(good.data(), n, p);
      if (!t.ok()) {
        EXPECT_NE(t.error().find(p), std::string::npos) << t.error();
      } else { // A prefix can only parse if it ends on a field boundary.
        EXPECT_EQ(t->bytes.size(),
                  size_t(t->numElements()) * dtypeSize(t->dtype));
      }
    }
    std::mt19937 rng(3);
    for (int i = 0; i < 300; ++i) {
      std::vector<uint8_t> b = good;
      b[rng() % b.size()] = uint8_t(rng());
      Result<Tensor> t = parseTensorProto(b.data(), b.size(), p);
      if (t.ok()) {
        EXPECT_EQ(t->bytes.size(),
                  size_t(t->numElements()) * dtypeSize(t->dtype));
      }
    }
  }
}

TEST(TensorProto, WriteRoundTrip) {
  Tensor t = Tensor::zeros(DType::I64, {2, 2});
  for (int i = 0; i < 4; ++i)
    t.data<int64_t>()[i] = int64_t(patternValue(DType::I64, i));
  t.name = "ids";
  std::string p = scratch("out.pb");
  ASSERT_TRUE(writeTensorProto(p, t).ok());
  Result<Tensor> back = readTensorProto(p);
  ASSERT_TRUE(back.ok()) << back.error();
  EXPECT_EQ(back->name, "ids");
  EXPECT_EQ(back->shape, t.shape);
  EXPECT_EQ(back->bytes, t.bytes);
}

// Tests of .npy/.npz reading and writing, including refused and corrupt files.
#include "lib/Data/Npy.h"

#include "TestUtil.h"

#include <random>

using namespace qmlir::data;
using namespace qmlir::data::test;

TEST(Npy, EveryDtype) {
  const char *names[] = {"float32", "float64", "float16", "uint8", "int8",
                         "int16",   "uint16",  "int32",   "int64", "bool"};
  DType types[] = {DType::F32, DType::F64, DType::F16, DType::U8,  DType::S8,
                   DType::I16, DType::U16, DType::I32, DType::I64, DType::Bool};
  for (int i = 0; i < 10; ++i) {
    Result<Tensor> t = readNpy(fixture(std::string("dtype_") + names[i] + ".npy"));
    ASSERT_TRUE(t.ok()) << t.error();
    EXPECT_EQ(t->dtype, types[i]) << names[i];
    EXPECT_EQ(t->shape, (std::vector<int64_t>{2, 3}));
    expectPattern(*t);
  }
}

TEST(Npy, Versions) {
  for (int v : {2, 3}) {
    std::string path = fixture("v" + std::to_string(v) + ".npy");
    Result<NpyReader> r = NpyReader::openFile(path);
    ASSERT_TRUE(r.ok()) << r.error();
    EXPECT_EQ(r->header().majorVersion, v);
    Result<Tensor> t = r->readAll();
    ASSERT_TRUE(t.ok()) << t.error();
    EXPECT_EQ(t->shape, (std::vector<int64_t>{2, 3, 4}));
    expectPattern(*t);
  }
}

TEST(Npy, ScalarAndEmpty) {
  Result<Tensor> s = readNpy(fixture("scalar.npy"));
  ASSERT_TRUE(s.ok()) << s.error();
  EXPECT_TRUE(s->shape.empty());
  expectPattern(*s);
  Result<Tensor> e = readNpy(fixture("empty.npy"));
  ASSERT_TRUE(e.ok()) << e.error();
  EXPECT_EQ(e->shape, (std::vector<int64_t>{0, 3}));
  EXPECT_TRUE(e->bytes.empty());
}

TEST(Npy, RefusedLayoutsAndDtypes) {
  EXPECT_ERROR(readNpy(fixture("fortran.npy")), "fortran.npy", "Fortran");
  EXPECT_ERROR(readNpy(fixture("bigendian.npy")), "bigendian.npy",
               "big-endian dtype '>f4'");
  EXPECT_ERROR(readNpy(fixture("uint32.npy")), "uint32.npy",
               "dtype '<u4' is not supported");
  EXPECT_ERROR(readNpy(fixture("object.npy")), "object.npy", "object arrays");
  EXPECT_ERROR(readNpy(fixture("structured.npy")), "structured.npy",
               "structured dtypes");
  EXPECT_ERROR(readNpy(fixture("no-such-file.npy")), "no-such-file.npy",
               "cannot open");
}

TEST(Npy, CorruptFiles) {
  std::vector<uint8_t> good = readBytes(fixture("dtype_float32.npy"));
  ASSERT_FALSE(good.empty());
  std::string p = scratch("corrupt.npy");

  writeBytes(p, std::vector<uint8_t>(good.begin(), good.end() - 4));
  EXPECT_ERROR(readNpy(p), p, "truncated: header says f32 2x3 (24 data bytes), "
                              "file has 20");
  writeBytes(p, std::vector<uint8_t>(good.begin(), good.begin() + 30));
  EXPECT_ERROR(readNpy(p), p, "truncated .npy header");
  writeBytes(p, {});
  EXPECT_ERROR(readNpy(p), p, "too short");
  std::vector<uint8_t> bad = good;
  bad[1] = 'X';
  writeBytes(p, bad);
  EXPECT_ERROR(readNpy(p), p, "bad magic");
  bad = good;
  bad.push_back(0);
  writeBytes(p, bad);
  EXPECT_ERROR(readNpy(p), p, "1 unexpected bytes after the array data");
  bad = good;
  bad[6] = 9;
  writeBytes(p, bad);
  EXPECT_ERROR(readNpy(p), p, "unsupported .npy format version 9.0");
  bad = good;
  bad[10] = '[';
  writeBytes(p, bad);
  EXPECT_ERROR(readNpy(p), p, "bad .npy header");
}

// Every prefix and many random byte edits: an error or a value, never a crash.
TEST(Npy, NoCrashOnMutations) {
  std::vector<uint8_t> good = readBytes(fixture("v2.npy"));
  std::string p = scratch("mutated.npy");
  for (size_t n = 0; n < good.size(); ++n) {
    writeBytes(p, std::vector<uint8_t>(good.begin(), good.begin() + n));
    Result<Tensor> t = readNpy(p);
    EXPECT_FALSE(t.ok()) << n;
    EXPECT_NE(t.error().find(p), std::string::npos) << t.error();
  }
  std::mt19937 rng(7);
  for (int i = 0; i < 150; ++i) {
    std::vector<uint8_t> b = good;
    size_t pos = rng() % 140; // Header and the first data bytes.
    b[pos] = uint8_t(rng());
    writeBytes(p, b);
    Result<Tensor> t = readNpy(p);
    if (!t.ok()) {
      EXPECT_NE(t.error().find(p), std::string::npos) << t.error();
    }
  }
}

TEST(Npy, WriteRoundTrip) {
  Tensor f = Tensor::zeros(DType::F32, {2, 3, 4});
  for (int i = 0; i < 24; ++i)
    f.data<float>()[i] = float(patternValue(DType::F32, i));
  Tensor l = Tensor::zeros(DType::I64, {5});
  for (int i = 0; i < 5; ++i)
    l.data<int64_t>()[i] = int64_t(patternValue(DType::I64, i));
  for (const Tensor &t : {f, l}) {
    std::string p = scratch(std::string("out_") + dtypeName(t.dtype) + ".npy");
    ASSERT_TRUE(writeNpy(p, t).ok());
    std::vector<uint8_t> bytes = readBytes(p);
    Result<NpyHeader> h = parseNpyHeader(bytes.data(), bytes.size(), p);
    ASSERT_TRUE(h.ok()) << h.error();
    EXPECT_EQ(h->dataOffset % 64, 0u);
    Result<Tensor> back = readNpy(p);
    ASSERT_TRUE(back.ok()) << back.error();
    EXPECT_EQ(back->dtype, t.dtype);
    EXPECT_EQ(back->shape, t.shape);
    EXPECT_EQ(back->bytes, t.bytes);
  }
  // Rank 0 and rank 1 spell their tuples as Python does.
  Tensor s = Tensor::zeros(DType::F64, {});
  std::vector<uint8_t> e = encodeNpy(s);
  EXPECT_NE(std::string(e.begin(), e.end()).find("'shape': ()"),
            std::string::npos);
  e = encodeNpy(l);
  EXPECT_NE(std::string(e.begin(), e.end()).find("'shape': (5,)"),
            std::string::npos);
  Tensor inconsistent = Tensor::zeros(DType::F32, {2});
  inconsistent.bytes.pop_back();
  EXPECT_ERROR(writeNpy(scratch("x.npy"), inconsistent), "x.npy",
               "does not match");
}

static void expectXY(const std::string &file) {
  Result<NpzArchive> a = NpzArchive::open(fixture(file));
  ASSERT_TRUE(a.ok()) << a.error();
  ASSERT_EQ(a->members().size(), 2u);
  EXPECT_EQ(a->members()[0].name, "x");
  EXPECT_EQ(a->members()[1].name, "y");
  EXPECT_EQ(a->find("y.npy"), 1);
  EXPECT_EQ(a->find("z"), -1);
  Result<Tensor> x = a->read(0);
  ASSERT_TRUE(x.ok()) << x.error();
  EXPECT_EQ(x->shape, (std::vector<int64_t>{4, 1, 3, 2, 2}));
  EXPECT_EQ(x->name, "x");
  expectPattern(*x);
  Result<Tensor> y = a->read(1);
  ASSERT_TRUE(y.ok()) << y.error();
  EXPECT_EQ(y->dtype, DType::I64);
  expectPattern(*y);
}

TEST(Npz, StoredCompressedZip64) {
  expectXY("stored.npz");
  expectXY("compressed.npz");
  expectXY("zip64.npz");
  Result<NpzArchive> s = NpzArchive::open(fixture("stored.npz"));
  Result<NpzArchive> c = NpzArchive::open(fixture("compressed.npz"));
  ASSERT_TRUE(s.ok() && c.ok());
  EXPECT_EQ(s->members()[0].method, 0);
  EXPECT_EQ(c->members()[0].method, 8);
}

TEST(Npz, StreamSampleBySample) {
  Result<NpzArchive> a = NpzArchive::open(fixture("big_compressed.npz"));
  ASSERT_TRUE(a.ok()) << a.error();
  Result<NpyReader> r = a->openMember(0);
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r->header().shape, (std::vector<int64_t>{64, 1, 3, 16, 16}));
  const int64_t per = 3 * 16 * 16;
  for (int s = 0; s < 64; ++s) {
    Tensor t = Tensor::zeros(DType::F32, {1, 3, 16, 16});
    ASSERT_TRUE(r->read(t.bytes.data(), t.bytes.size()).ok()) << s;
    expectPattern(t, s * per);
  }
  EXPECT_EQ(r->remaining(), 0u);
  char extra;
  EXPECT_ERROR(r->read(&extra, 1), "big_compressed.npz:x.npy", "past the end");
  Result<std::vector<Tensor>> all = readNpz(fixture("positional.npz"));
  ASSERT_TRUE(all.ok()) << all.error();
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].name, "arr_0");
  EXPECT_EQ((*all)[1].name, "arr_1");
}

TEST(Npz, CorruptArchives) {
  std::string p = scratch("corrupt.npz");
  for (const char *src : {"stored.npz", "compressed.npz"}) {
    std::vector<uint8_t> good = readBytes(fixture(src));
    writeBytes(p, std::vector<uint8_t>(good.begin(), good.end() - 30));
    EXPECT_ERROR(NpzArchive::open(p), p, "end of central directory");
    // Damage the first member's data (after its .npy header).
    std::vector<uint8_t> bad = good;
    size_t pos = std::string(src) == "stored.npz" ? 0x100 : 0x60;
    bad[pos] ^= 0x5a;
    writeBytes(p, bad);
    Result<std::vector<Tensor>> r = readNpz(p);
    ASSERT_FALSE(r.ok()) << src;
    EXPECT_NE(r.error().find("corrupt.npz:"), std::string::npos) << r.error();
    EXPECT_TRUE(r.error().find("CRC-32 mismatch") != std::string::npos ||
                r.error().find("deflate") != std::string::npos ||
                r.error().find("bad .npy header") != std::string::npos)
        << r.error();
  }
  EXPECT_ERROR(NpzArchive::open(fixture("dtype_int8.npy")), "dtype_int8.npy",
               "is a .npy file, not a .npz archive");
  EXPECT_ERROR(NpzArchive::open(fixture("raw_f32.pb")), "raw_f32.pb",
               "not a .npz archive (bad magic");
}

TEST(Npz, NoCrashOnMutations) {
  std::string p = scratch("mutated.npz");
  for (const char *src : {"stored.npz", "compressed.npz", "zip64.npz"}) {
    std::vector<uint8_t> good = readBytes(fixture(src));
    for (size_t n = 0; n < good.size(); n += 13) {
      writeBytes(p, std::vector<uint8_t>(good.begin(), good.begin() + n));
      Result<std::vector<Tensor>> r = readNpz(p);
      EXPECT_FALSE(r.ok()) << src << " prefix " << n;
    }
    std::mt19937 rng(11);
    for (int i = 0; i < 150; ++i) {
      std::vector<uint8_t> b = good;
      b[rng() % b.size()] = uint8_t(rng());
      writeBytes(p, b);
      Result<std::vector<Tensor>> r = readNpz(p);
      if (!r.ok()) {
        EXPECT_NE(r.error().find(p), std::string::npos) << r.error();
      }
    }
  }
}

TEST(Npz, WriteRoundTrip) {
  Tensor a = Tensor::zeros(DType::F32, {3, 2});
  for (int i = 0; i < 6; ++i)
    a.data<float>()[i] = float(patternValue(DType::F32, i));
  a.name = "logits";
  Tensor b = Tensor::zeros(DType::I64, {2});
  std::string p = scratch("out.npz");
  ASSERT_TRUE(writeNpz(p, {a, b}).ok());
  Result<std::vector<Tensor>> back = readNpz(p);
  ASSERT_TRUE(back.ok()) << back.error();
  ASSERT_EQ(back->size(), 2u);
  EXPECT_EQ((*back)[0].name, "logits");
  EXPECT_EQ((*back)[1].name, "arr_1");
  EXPECT_EQ((*back)[0].bytes, a.bytes);
  EXPECT_EQ((*back)[1].shape, b.shape);
}

TEST(Tensor, HalfConversions) {
  for (float f : {0.0f, -0.0f, 1.0f, -2.5f, 65504.0f, 5.9604645e-8f,
                  6.1035156e-5f, 0.333251953125f})
    EXPECT_EQ(halfToFloat(floatToHalf(f)), f) << f;
  EXPECT_EQ(floatToHalf(65520.0f), 0x7c00);
  EXPECT_EQ(floatToHalf(1.0f + 1.0f / 2048), 0x3c00);     // Tie to even.
  EXPECT_EQ(floatToHalf(1.0f + 3.0f / 2048), 0x3c02);     // Tie to even (up).
  EXPECT_TRUE(std::isnan(halfToFloat(floatToHalf(NAN))));
  EXPECT_EQ(shapeNumElements({1 << 30, 1 << 30, 1 << 30}), -1);
  EXPECT_EQ(shapeNumElements({0, -1}), -1);
  EXPECT_EQ(shapeNumElements({}), 1);
  EXPECT_EQ(shapeString({1, 3, 224, 224}), "1x3x224x224");
  EXPECT_EQ(parseDType("float32"), DType::F32);
  EXPECT_FALSE(parseDType("complex64").has_value());
  Tensor i = Tensor::zeros(DType::I32, {2});
  EXPECT_FALSE(convertFloat(i, DType::F32).has_value());
}

// Tests of Dataset: every accepted path layout, input matching, limits, and clear errors.
#include "lib/Data/Dataset.h"
#include "lib/Data/Npy.h"
#include "lib/Data/TensorProtoFile.h"

#include "TestUtil.h"

#include <sys/stat.h>

using namespace qmlir::data;
using namespace qmlir::data::test;

namespace qmlir::data::test {
std::string writeTestPng(const std::string &name, int w, int h, int comp);
}

namespace {

const InputSpec kX{"x", DType::F32, {1, 3, 2, 2}};
const InputSpec kY{"y", DType::I64, {1, 2}};
const int64_t kXPer = 12, kYPer = 2;

std::unique_ptr<Dataset> openOk(const std::string &path,
                                const std::vector<InputSpec> &inputs,
                                DatasetOptions o = {}) {
  Result<std::unique_ptr<Dataset>> d = Dataset::open(path, inputs, o);
  EXPECT_TRUE(d.ok()) << d.error();
  return d.ok() ? d.take() : nullptr;
}

/// Reads every sample; checks x (and y) follow the pattern of sample `s`.
void expectSamples(Dataset &d, int64_t count, bool withY,
                   const std::vector<int64_t> &order = {}) {
  EXPECT_EQ(d.size(), count);
  Sample s;
  int64_t n = 0;
  while (d.next(s)) {
    int64_t idx = order.empty() ? n : order[size_t(n)];
    ASSERT_EQ(s.size(), withY ? 2u : 1u);
    EXPECT_EQ(s[0].shape, kX.shape);
    EXPECT_EQ(s[0].dtype, DType::F32);
    expectPattern(s[0], idx * kXPer);
    if (withY) {
      EXPECT_EQ(s[1].shape, kY.shape);
      expectPattern(s[1], idx * kYPer);
    }
    ++n;
  }
  EXPECT_EQ(d.error(), "");
  EXPECT_EQ(n, count);
  EXPECT_EQ(d.position(), count);
}

Tensor patternTensor(DType t, std::vector<int64_t> shape) {
  Tensor x = Tensor::zeros(t, std::move(shape));
  for (int64_t i = 0; i < x.numElements(); ++i) {
    double v = patternValue(t, i);
    if (t == DType::F32)
      x.data<float>()[i] = float(v);
    else if (t == DType::F64)
      x.data<double>()[i] = v;
    else if (t == DType::I64)
      x.data<int64_t>()[i] = int64_t(v);
  }
  return x;
}

std::string makeDir(const std::string &name) {
  std::string d = scratch(name);
  ::mkdir(d.c_str(), 0755);
  return d;
}

} // namespace

TEST(Dataset, SingleNpyWithAndWithoutBatchDim) {
  std::string p = scratch("five.npy");
  ASSERT_TRUE(writeNpy(p, patternTensor(DType::F32, {5, 1, 3, 2, 2})).ok());
  expectSamples(*openOk(p, {kX}), 5, false);
  std::string q = scratch("five_nobatch.npy");
  ASSERT_TRUE(writeNpy(q, patternTensor(DType::F32, {5, 3, 2, 2})).ok());
  expectSamples(*openOk(q, {kX}), 5, false);
  DatasetOptions lim;
  lim.limit = 2;
  auto d = openOk(q, {kX}, lim);
  expectSamples(*d, 2, false);
  EXPECT_NE(d->description().find("5 sample(s) (using 2)"), std::string::npos)
      << d->description();
}

TEST(Dataset, BatchedModelAndDynamicDims) {
  std::string p = scratch("six.npy");
  ASSERT_TRUE(writeNpy(p, patternTensor(DType::F32, {6, 3, 2, 2})).ok());
  InputSpec b2{"x", DType::F32, {2, 3, 2, 2}};
  auto d = openOk(p, {b2});
  ASSERT_EQ(d->size(), 3);
  Sample s;
  ASSERT_TRUE(d->next(s));
  ASSERT_TRUE(d->next(s));
  EXPECT_EQ(s[0].shape, b2.shape);
  expectPattern(s[0], 2 * kXPer); // Rows 2 and 3.
  InputSpec b4{"x", DType::F32, {4, 3, 2, 2}};
  EXPECT_ERROR(Dataset::open(p, {b4}), "six.npy",
               "batch size 4 but the array's 6 rows are not a multiple of it");
  InputSpec dyn{"x", DType::F32, {-1, 3, -1, 2}};
  auto dd = openOk(p, {dyn});
  EXPECT_EQ(dd->size(), 6);
  ASSERT_TRUE(dd->next(s));
  EXPECT_EQ(s[0].shape, (std::vector<int64_t>{1, 3, 2, 2}));
}

TEST(Dataset, ShapeAndDtypeMismatch) {
  std::string p = scratch("five.npy");
  ASSERT_TRUE(writeNpy(p, patternTensor(DType::F32, {5, 1, 3, 2, 2})).ok());
  InputSpec wrong{"x", DType::F32, {1, 3, 2, 3}};
  EXPECT_ERROR(Dataset::open(p, {wrong}), "five.npy",
               "input 'x' is f32 1x3x2x3: expected an array of shape "
               "Nx1x3x2x3 or Nx3x2x3 (N samples), the file has f32 5x1x3x2x2");
  std::string i = scratch("ints.npy");
  ASSERT_TRUE(writeNpy(i, patternTensor(DType::I64, {5, 3, 2, 2})).ok());
  EXPECT_ERROR(Dataset::open(i, {kX}), "ints.npy",
               "input 'x' expects f32 data, the file has i64");
  // f64 data for an f32 input: converted, with a warning.
  std::string f = scratch("f64.npy");
  ASSERT_TRUE(writeNpy(f, patternTensor(DType::F64, {5, 3, 2, 2})).ok());
  auto d = openOk(f, {kX});
  ASSERT_EQ(d->warnings().size(), 1u);
  EXPECT_NE(d->warnings()[0].find("f64 data converted to f32"),
            std::string::npos);
  expectSamples(*d, 5, false);
  DatasetOptions strict;
  strict.allowFloatCast = false;
  EXPECT_ERROR(Dataset::open(f, {kX}, strict), "f64.npy", "expects f32 data");
  EXPECT_ERROR(Dataset::open(p, {kX, kY}), "five.npy",
               "can only feed a model with one input; this model has 2 (x, y)");
}

TEST(Dataset, NpzByNameOrderAndFormats) {
  for (const char *f : {"stored.npz", "compressed.npz", "zip64.npz"}) {
    auto d = openOk(fixture(f), {kX, kY});
    EXPECT_NE(d->description().find("by name"), std::string::npos);
    expectSamples(*d, 4, true);
  }
  // Inputs in the other order: still matched by name.
  auto r = openOk(fixture("stored.npz"), {kY, kX});
  Sample s;
  ASSERT_TRUE(r->next(s));
  EXPECT_EQ(s[0].dtype, DType::I64);
  EXPECT_EQ(s[0].name, "y");
  // arr_0/arr_1 without the batch dim: by order.
  auto p = openOk(fixture("positional.npz"), {kX, kY});
  EXPECT_NE(p->description().find("by order"), std::string::npos);
  expectSamples(*p, 4, true);
  // Extra array: ignored with a warning.
  auto l = openOk(fixture("labels.npz"), {kX, kY});
  ASSERT_EQ(l->warnings().size(), 1u);
  EXPECT_NE(l->warnings()[0].find("labels"), std::string::npos);
  expectSamples(*l, 4, true);
  EXPECT_ERROR(Dataset::open(fixture("uneven.npz"), {kX, kY}), "uneven.npz",
               "input 'x' has 4 samples but input 'y' has 3");
  InputSpec z{"z", DType::F32, {1, 3, 2, 2}};
  EXPECT_ERROR(Dataset::open(fixture("labels.npz"), {z}), "labels.npz",
               "the model has 1 input(s) (z) but the file has 3 array(s) "
               "(x, y, labels)");
}

TEST(Dataset, OnnxTestDataSets) {
  auto d = openOk(fixture("onnx_sets"), {kX, kY});
  EXPECT_NE(d->description().find("ONNX test data sets"), std::string::npos);
  ASSERT_EQ(d->warnings().size(), 1u);
  EXPECT_NE(d->warnings()[0].find("model.onnx"), std::string::npos);
  expectSamples(*d, 3, true);
  // Matched by TensorProto name, whatever the input order.
  auto r = openOk(fixture("onnx_sets"), {kY, kX});
  Sample s;
  ASSERT_TRUE(r->next(s));
  EXPECT_EQ(s[0].dtype, DType::I64);
  auto one = openOk(fixture("onnx_sets"), {kX});
  EXPECT_FALSE(one->next(s));
  EXPECT_NE(one->error().find("has 2 input_*.pb file(s); the model has 1"),
            std::string::npos)
      << one->error();
}

TEST(Dataset, FoldersOfFiles) {
  expectSamples(*openOk(fixture("npy_folder"), {kX}), 3, false);
  expectSamples(*openOk(fixture("pb_folder"), {kX}), 2, false);
  expectSamples(*openOk(fixture("npz_folder"), {kX, kY}), 2, true);
  DatasetOptions lim;
  lim.limit = 1;
  expectSamples(*openOk(fixture("npy_folder"), {kX}, lim), 1, false);
  EXPECT_ERROR(Dataset::open(fixture("npy_folder"), {kX, kY}), "npy_folder",
               "a folder of .npy files can only feed a model with one input");
  // A single .pb file is split like a .npy (its first dim is the batch).
  expectSamples(*openOk(fixture("raw_f32.pb"), {kX}), 1, false);
}

TEST(Dataset, BadFileMidway) {
  std::string d = makeDir("midway");
  ASSERT_TRUE(writeNpy(d + "/a.npy", patternTensor(DType::F32, {3, 2, 2})).ok());
  ASSERT_TRUE(writeNpy(d + "/b.npy", patternTensor(DType::F32, {3, 2, 3})).ok());
  auto ds = openOk(d, {kX});
  Sample s;
  EXPECT_TRUE(ds->next(s));
  EXPECT_FALSE(ds->next(s));
  EXPECT_NE(ds->error().find("b.npy: input 'x' expects f32 1x3x2x2 (or 3x2x2 "
                             "without the batch dim), the file has f32 3x2x3"),
            std::string::npos)
      << ds->error();
  EXPECT_FALSE(ds->next(s)); // Stays failed.
  EXPECT_EQ(ds->position(), 1);
  std::vector<uint8_t> bytes = readBytes(d + "/a.npy");
  bytes.resize(bytes.size() - 1);
  writeBytes(d + "/b.npy", bytes);
  auto t = openOk(d, {kX});
  EXPECT_TRUE(t->next(s));
  EXPECT_FALSE(t->next(s));
  EXPECT_NE(t->error().find("b.npy: truncated"), std::string::npos)
      << t->error();
}

TEST(Dataset, ImageFolder) {
  std::string d = makeDir("images");
  std::string a = writeTestPng("images/a.png", 4, 4, 3);
  writeTestPng("images/b.png", 6, 4, 3);
  writeBytes(d + "/labels.txt", {'1'});
  InputSpec img{"img", DType::F32, {1, 3, 4, 4}};
  auto ds = openOk(d, {img});
  EXPECT_EQ(ds->size(), 2);
  ASSERT_EQ(ds->warnings().size(), 1u);
  EXPECT_NE(ds->warnings()[0].find("labels.txt"), std::string::npos);
  Sample s;
  ASSERT_TRUE(ds->next(s));
  EXPECT_EQ(s[0].shape, img.shape);
  // 4x4 at 4x4: no resize, no crop offset; channel 2 of pixel (1, 2).
  EXPECT_EQ(s[0].data<float>()[(2 * 4 + 1) * 4 + 2],
            float(1 * 40 + 2 * 10 + 2 * 3) * (1.0f / 255.0f));
  ASSERT_TRUE(ds->next(s));
  EXPECT_EQ(s[0].shape, img.shape); // 6x4 center-cropped to 4x4.
  EXPECT_FALSE(ds->next(s));
  EXPECT_EQ(ds->error(), "");
  // Grayscale model; a single image file; an int model is refused.
  InputSpec gray{"g", DType::F32, {1, 1, 4, 4}};
  auto g = openOk(a, {gray});
  ASSERT_TRUE(g->next(s));
  EXPECT_EQ(s[0].shape, gray.shape);
  InputSpec ints{"i", DType::U8, {1, 3, 4, 4}};
  EXPECT_ERROR(Dataset::open(d, {ints}), "images", "images give float data");
  // A corrupt image stops the iteration with its name.
  writeBytes(d + "/c.png", {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0});
  auto c = openOk(d, {img});
  while (c->next(s)) {
  }
  EXPECT_NE(c->error().find("c.png: cannot decode PNG"), std::string::npos)
      << c->error();
}

TEST(Dataset, BadPaths) {
  EXPECT_ERROR(Dataset::open(scratch("nothing-here"), {kX}), "nothing-here",
               "cannot access");
  std::string empty = makeDir("empty");
  EXPECT_ERROR(Dataset::open(empty, {kX}), "empty",
               "no .npy, .npz, .pb or image");
  std::string mixed = makeDir("mixed");
  ASSERT_TRUE(writeNpy(mixed + "/a.npy", patternTensor(DType::F32, {3, 2, 2})).ok());
  writeTestPng("mixed/b.png", 2, 2, 3);
  EXPECT_ERROR(Dataset::open(mixed, {kX}), "mixed",
               "mixes sample formats (1 .npy, 1 image files)");
  std::string txt = scratch("notes.txt");
  writeBytes(txt, {'h', 'i'});
  EXPECT_ERROR(Dataset::open(txt, {kX}), "notes.txt", "unrecognized input file");
  EXPECT_ERROR(Dataset::open(fixture("stored.npz"), {}), "stored.npz",
               "declares no inputs");
  // A .npz without an extension is recognized by its magic.
  std::string noext = scratch("calib_blob");
  writeBytes(noext, readBytes(fixture("stored.npz")));
  expectSamples(*openOk(noext, {kX, kY}), 4, true);
}

TEST(Dataset, ScalarInput) {
  // A rank-0 input (e.g. Dropout's ratio in ONNX test sets): a scalar file is
  // one sample, a rank-1 array of N values is N samples.
  InputSpec r{"r", DType::F32, {}};
  Tensor one = patternTensor(DType::F32, {});
  std::string pb = scratch("scalar.pb"), npy = scratch("scalar.npy");
  ASSERT_TRUE(writeTensorProto(pb, one).ok());
  ASSERT_TRUE(writeNpy(npy, one).ok());
  for (const std::string &p : {pb, npy}) {
    auto d = openOk(p, {r});
    ASSERT_NE(d, nullptr);
    EXPECT_EQ(d->size(), 1);
    Sample s;
    ASSERT_TRUE(d->next(s)) << d->error();
    EXPECT_TRUE(s[0].shape.empty());
    expectPattern(s[0]);
    EXPECT_FALSE(d->next(s));
    EXPECT_EQ(d->error(), "");
  }
  std::string three = scratch("three.npy");
  ASSERT_TRUE(writeNpy(three, patternTensor(DType::F64, {3})).ok());
  auto d = openOk(three, {r});
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->size(), 3);
  Sample s;
  ASSERT_TRUE(d->next(s));
  ASSERT_TRUE(d->next(s));
  EXPECT_TRUE(s[0].shape.empty());
  expectPattern(s[0], 1);
  std::string wrong = scratch("matrix.npy");
  ASSERT_TRUE(writeNpy(wrong, patternTensor(DType::F32, {2, 2})).ok());
  EXPECT_ERROR(Dataset::open(wrong, {r}), "matrix.npy",
               "input 'r' is f32 scalar: expected a scalar (one sample) or an "
               "array of shape N (N samples), the file has f32 2x2");
  // A per-file sample (ONNX sets, folders) may be the scalar itself.
  Result<Tensor> fit = fitToInput(one, r, true, "x.pb");
  ASSERT_TRUE(fit.ok()) << fit.error();
  EXPECT_TRUE(fit->shape.empty());
}

TEST(Dataset, ZeroSizeInput) {
  // Zero-size inputs (ONNX tests such as test_tril_zero) are valid: the
  // sample holds no data, its shape still has to match.
  InputSpec lead0{"x", DType::F32, {0, 3, 4}};
  std::string p = scratch("lead0.pb");
  ASSERT_TRUE(writeTensorProto(p, Tensor::zeros(DType::F32, {0, 3, 4})).ok());
  auto d = openOk(p, {lead0});
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->size(), 1);
  Sample s;
  ASSERT_TRUE(d->next(s)) << d->error();
  EXPECT_EQ(s[0].shape, lead0.shape);
  EXPECT_TRUE(s[0].bytes.empty());
  EXPECT_FALSE(d->next(s));
  EXPECT_EQ(d->error(), "");

  InputSpec mid0{"x", DType::F32, {3, 0, 5}};
  std::string q = scratch("mid0.npy");
  ASSERT_TRUE(writeNpy(q, Tensor::zeros(DType::F32, {3, 0, 5})).ok());
  EXPECT_EQ(openOk(q, {mid0})->size(), 1);
  std::string n = scratch("four_mid0.npy");
  ASSERT_TRUE(writeNpy(n, Tensor::zeros(DType::F32, {4, 3, 0, 5})).ok());
  auto four = openOk(n, {mid0});
  ASSERT_NE(four, nullptr);
  EXPECT_EQ(four->size(), 4);
  int64_t count = 0;
  while (four->next(s))
    ++count;
  EXPECT_EQ(count, 4);
  EXPECT_EQ(four->error(), "");
  EXPECT_ERROR(Dataset::open(q, {lead0}), "mid0.npy",
               "input 'x' is f32 0x3x4: expected an array of shape Nx0x3x4");
}

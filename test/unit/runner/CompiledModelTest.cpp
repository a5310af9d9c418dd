// Tests of lib/Runner's CompiledModel on the hand-written fixture models
// (FixtureAffine.c, FixtureMulti.c, FixtureConst.c).
#include "lib/Runner/CompiledModel.h"

#include "lib/Data/Npy.h"

#include <gtest/gtest.h>

#include <dlfcn.h>

#include <cstdio>
#include <fstream>

using namespace qmlir::runner;
using qmlir::data::DType;
using qmlir::data::Tensor;

namespace {

std::string model(const std::string &name) {
  return std::string(QMLIR_RUNNER_MODELS) + "/" + name + ".so";
}

Tensor f32(std::vector<int64_t> shape, std::vector<float> values) {
  Tensor t = Tensor::zeros(DType::F32, std::move(shape));
  EXPECT_EQ(size_t(t.numElements()), values.size());
  std::copy(values.begin(), values.end(), t.data<float>());
  return t;
}

std::vector<float> values(const Tensor &t) {
  EXPECT_EQ(t.dtype, DType::F32);
  return std::vector<float>(t.data<float>(), t.data<float>() + t.numElements());
}

CompiledModel load(const std::string &name) {
  auto m = CompiledModel::load(model(name));
  EXPECT_TRUE(m.ok()) << m.error();
  return m.take();
}

} // namespace

TEST(CompiledModel, Info) {
  CompiledModel m = load("affine");
  const ModelInfo &info = m.info();
  EXPECT_EQ(info.abiVersion, QMODEL_ABI_VERSION);
  EXPECT_EQ(info.name, "affine");
  EXPECT_EQ(info.backend, "ref");
  EXPECT_EQ(info.precision, "float");
  ASSERT_EQ(info.inputs.size(), 1u);
  ASSERT_EQ(info.outputs.size(), 1u);
  EXPECT_EQ(info.inputs[0].name, "x");
  EXPECT_EQ(info.inputs[0].dtype, DType::F32);
  EXPECT_EQ(info.inputs[0].shape, (std::vector<int64_t>{1, 3}));
  EXPECT_EQ(info.inputs[0].typeString(), "f32 1x3");
  EXPECT_EQ(info.outputs[0].name, "y");
  EXPECT_EQ(info.arenaBytes, 64);
  EXPECT_EQ(info.numKernels, 1);
  EXPECT_EQ(info.numObservers, 0);
  EXPECT_EQ(m.path(), model("affine"));
}

TEST(CompiledModel, Run) {
  CompiledModel m = load("affine");
  auto inst = m.createInstance(2);
  ASSERT_TRUE(inst.ok()) << inst.error();
  EXPECT_EQ(inst->numThreads(), 2);
  auto out = inst->run({f32({1, 3}, {1, 2, -3})});
  ASSERT_TRUE(out.ok()) << out.error();
  ASSERT_EQ(out->size(), 1u);
  EXPECT_EQ((*out)[0].name, "y");
  EXPECT_EQ((*out)[0].shape, (std::vector<int64_t>{1, 3}));
  EXPECT_EQ(values((*out)[0]), (std::vector<float>{3, 5, -5}));
}

TEST(CompiledModel, FitsInputsLikeTheLoaders) {
  CompiledModel m = load("affine");
  auto inst = m.createInstance();
  ASSERT_TRUE(inst.ok()) << inst.error();
  // Without the batch dim.
  auto out = inst->run({f32({3}, {0, 1, 2})});
  ASSERT_TRUE(out.ok()) << out.error();
  EXPECT_EQ(values((*out)[0]), (std::vector<float>{1, 3, 5}));
  // f64 data (np.save of a default array).
  Tensor d = Tensor::zeros(DType::F64, {1, 3});
  d.data<double>()[0] = 0.5;
  d.data<double>()[2] = -1;
  out = inst->run({d});
  ASSERT_TRUE(out.ok()) << out.error();
  EXPECT_EQ(values((*out)[0]), (std::vector<float>{2, 1, -1}));
}

TEST(CompiledModel, WrongShapeAndDType) {
  CompiledModel m = load("affine");
  auto inst = m.createInstance();
  ASSERT_TRUE(inst.ok()) << inst.error();
  auto out = inst->run({f32({1, 4}, {1, 2, 3, 4})});
  ASSERT_FALSE(out.ok());
  EXPECT_NE(out.error().find(model("affine") + ": input 'x' expects f32 1x3"),
            std::string::npos)
      << out.error();
  EXPECT_NE(out.error().find("f32 1x4"), std::string::npos) << out.error();

  Tensor ints = Tensor::zeros(DType::I64, {1, 3});
  out = inst->run({ints});
  ASSERT_FALSE(out.ok());
  EXPECT_NE(out.error().find("expects f32 data"), std::string::npos)
      << out.error();

  out = inst->run({});
  ASSERT_FALSE(out.ok());
  EXPECT_NE(out.error().find("the model has 1 input(s), got 0"),
            std::string::npos)
      << out.error();
}

TEST(CompiledModel, RunPreparedChecksAndModelMessages) {
  CompiledModel m = load("affine");
  auto inst = m.createInstance();
  ASSERT_TRUE(inst.ok()) << inst.error();
  std::vector<Tensor> outs = m.allocateOutputs();
  std::vector<Tensor> bad = {f32({1, 4}, {1, 2, 3, 4})};
  qmlir::data::Status s = inst->runPrepared(bad, outs);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().find("input 'x' expects f32 1x3, got f32 1x4"),
            std::string::npos)
      << s.error();
  // The model's own validation and message.
  s = inst->runUnchecked(bad, outs);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().find("qmodel_run failed (QRT_ERR_SHAPE): input 'x': "
                           "dim 1 is 4, expected 3"),
            std::string::npos)
      << s.error();
  std::vector<Tensor> good = {f32({1, 3}, {0, 0, 1})};
  s = inst->runPrepared(good, outs);
  ASSERT_TRUE(s.ok()) << s.error();
  EXPECT_EQ(values(outs[0]), (std::vector<float>{1, 1, 3}));
}

TEST(CompiledModel, LoadErrors) {
  auto missing = CompiledModel::load(model("does-not-exist"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error(),
            model("does-not-exist") + ": No such file or directory");

  auto noSym = CompiledModel::load(model("no-observer"));
  ASSERT_FALSE(noSym.ok());
  EXPECT_EQ(noSym.error(), model("no-observer") +
                               ": not a quant-mlir model: missing symbol "
                               "'qmodel_observer'");

  auto abi = CompiledModel::load(model("abi3"));
  ASSERT_FALSE(abi.ok());
  EXPECT_NE(
      abi.error().find("model ABI version 3, this runner supports 1 to 2"),
      std::string::npos)
      << abi.error();

  auto dir = CompiledModel::load(QMLIR_RUNNER_MODELS);
  ASSERT_FALSE(dir.ok());
  EXPECT_NE(dir.error().find("is a directory"), std::string::npos);

  std::string text = testing::TempDir() + "/not-a-model.so";
  std::ofstream(text) << "not an ELF file\n";
  auto notElf = CompiledModel::load(text);
  ASSERT_FALSE(notElf.ok());
  EXPECT_NE(notElf.error().find(text + ": cannot load the model: "),
            std::string::npos)
      << notElf.error();
  std::remove(text.c_str());
}

TEST(CompiledModel, CreateError) {
  CompiledModel m = load("create-fails");
  auto inst = m.createInstance();
  ASSERT_FALSE(inst.ok());
  EXPECT_EQ(inst.error(), model("create-fails") +
                              ": qmodel_create failed (QRT_ERR_OUT_OF_MEMORY)"
                              ": fixture: cannot allocate the 64-byte arena");
}

TEST(CompiledModel, TwoModelsAtOnce) {
  // Both export the same qmodel_* names; RTLD_LOCAL keeps them apart.
  CompiledModel a = load("affine");
  CompiledModel b = load("affine-other");
  EXPECT_EQ(a.info().name, "affine");
  EXPECT_EQ(b.info().name, "affine-other");
  auto ia = a.createInstance();
  auto ib = b.createInstance();
  ASSERT_TRUE(ia.ok() && ib.ok());
  auto oa = ia->run({f32({1, 3}, {0, 1, 2})});
  auto ob = ib->run({f32({1, 3}, {0, 1, 2})});
  ASSERT_TRUE(oa.ok() && ob.ok());
  EXPECT_EQ(values((*oa)[0]), (std::vector<float>{1, 3, 5}));
  EXPECT_EQ(values((*ob)[0]),
            (std::vector<float>{1.01f * 1, 1.01f * 3, 1.01f * 5}));
}

TEST(CompiledModel, InstanceKeepsTheLibraryLoaded) {
  ModelInstance inst = [] {
    CompiledModel m = load("affine");
    auto i = m.createInstance();
    EXPECT_TRUE(i.ok());
    return i.take();
  }();
  auto out = inst.run({f32({1, 3}, {1, 1, 1})});
  ASSERT_TRUE(out.ok()) << out.error();
  EXPECT_EQ(values((*out)[0]), (std::vector<float>{3, 3, 3}));
  ModelInstance moved = std::move(inst);
  out = moved.run({f32({1, 3}, {0, 0, 0})});
  ASSERT_TRUE(out.ok()) << out.error();
}

TEST(CompiledModel, Int8IOAndSeveralInputs) {
  CompiledModel m = load("multi");
  const ModelInfo &info = m.info();
  ASSERT_EQ(info.inputs.size(), 2u);
  EXPECT_EQ(info.inputs[1].typeString(), "u8 1x4 (scale 0.5, zero point 10)");
  EXPECT_EQ(info.outputs[1].typeString(), "s8 1x4 (scale 0.25, zero point -3)");
  EXPECT_EQ(info.precision, "observed");
  std::vector<qmlir::data::InputSpec> real = inputSpecs(info);
  EXPECT_EQ(real[1].dtype, DType::F32);
  EXPECT_EQ(inputSpecs(info, IOMode::Raw)[1].dtype, DType::U8);

  auto inst = m.createInstance();
  ASSERT_TRUE(inst.ok()) << inst.error();
  // Real values: b = {1, -5, 0.25, 200} quantizes to {12, 0, 10 (0.5 rounds
  // to even), 255}, i.e. {1, -5, 0, 122.5} after dequantization.
  auto out =
      inst->run({f32({2, 2}, {1, 2, 3, 4}), f32({4}, {1, -5, 0.25f, 200})});
  ASSERT_TRUE(out.ok()) << out.error();
  EXPECT_EQ(values((*out)[0]), (std::vector<float>{2, -3, 3, 126.5f}));
  // "q" dequantized: sum / 0.25 rounded, saturated at 127 - (-3) = 130 steps.
  EXPECT_EQ(values((*out)[1]), (std::vector<float>{2, -3, 3, 32.5f}));

  // Raw mode: u8 in, s8 out.
  Tensor b = Tensor::zeros(DType::U8, {1, 4});
  for (int i = 0; i < 4; ++i)
    b.data<uint8_t>()[i] = uint8_t(10 + i);
  auto raw = inst->run({f32({1, 2, 2}, {0, 0, 0, 0}), b}, IOMode::Raw);
  ASSERT_TRUE(raw.ok()) << raw.error();
  EXPECT_EQ((*raw)[1].dtype, DType::S8);
  const int8_t *q = (*raw)[1].data<int8_t>();
  EXPECT_EQ(std::vector<int>(q, q + 4), (std::vector<int>{-3, -1, 1, 3}));
  // Raw mode refuses float data for the u8 input.
  auto bad = inst->run(
      {f32({1, 2, 2}, {0, 0, 0, 0}), f32({1, 4}, {0, 0, 0, 0})}, IOMode::Raw);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().find("input 'b' expects u8 data"), std::string::npos)
      << bad.error();
}

TEST(CompiledModel, Observers) {
  CompiledModel m = load("multi");
  auto inst = m.createInstance();
  ASSERT_TRUE(inst.ok()) << inst.error();
  EXPECT_EQ(inst->numObservers(), 1);
  auto before = inst->observerStats(0);
  ASSERT_TRUE(before.ok()) << before.error();
  EXPECT_EQ(before->id, 42);
  EXPECT_EQ(before->count, 0);
  ASSERT_TRUE(
      inst->run({f32({1, 2, 2}, {1, 2, 3, 4}), f32({1, 4}, {0, 0, 0, 0})})
          .ok());
  ASSERT_TRUE(
      inst->run({f32({1, 2, 2}, {-7, 0, 0, 9.5f}), f32({1, 4}, {0, 0, 0, 0})})
          .ok());
  auto stats = inst->observerStats(0);
  ASSERT_TRUE(stats.ok()) << stats.error();
  EXPECT_EQ(stats->count, 8);
  EXPECT_EQ(stats->min, -7.0f);
  EXPECT_EQ(stats->max, 9.5f);
  auto obs = inst->observer(0);
  ASSERT_TRUE(obs.ok()) << obs.error();
  EXPECT_EQ(obs->id, 42);
  EXPECT_NE(obs->handle, nullptr);

  auto range = inst->observer(1);
  ASSERT_FALSE(range.ok());
  EXPECT_NE(range.error().find("observer index 1 out of range"),
            std::string::npos);
  // A model without observers.
  CompiledModel plain = load("affine");
  auto pi = plain.createInstance();
  ASSERT_TRUE(pi.ok());
  EXPECT_FALSE(pi->observerStats(0).ok());
}

TEST(CompiledModel, NoInputsAndZeroElementOutput) {
  // FixtureConst.c: no inputs, outputs c (2x2) and empty (3x0). The
  // "-kernel" variant refuses a NULL buffer as qrt_kernel_run does: the
  // runner must give zero-element tensors a valid address.
  for (const char *name : {"const", "const-kernel"}) {
    SCOPED_TRACE(name);
    CompiledModel m = load(name);
    EXPECT_TRUE(m.info().inputs.empty());
    ASSERT_EQ(m.info().outputs.size(), 2u);
    EXPECT_EQ(m.info().outputs[1].numElements(), 0);
    auto inst = m.createInstance();
    ASSERT_TRUE(inst.ok()) << inst.error();
    auto out = inst->run({});
    ASSERT_TRUE(out.ok()) << out.error();
    ASSERT_EQ(out->size(), 2u);
    EXPECT_EQ(values((*out)[0]), (std::vector<float>{1, 2, 3, 4}));
    EXPECT_EQ((*out)[1].name, "empty");
    EXPECT_EQ((*out)[1].shape, (std::vector<int64_t>{3, 0}));
    EXPECT_TRUE((*out)[1].bytes.empty());
    std::vector<Tensor> outputs = m.allocateOutputs();
    EXPECT_TRUE(inst->runPrepared({}, outputs).ok());
    auto wrong = inst->run({f32({1}, {0})});
    ASSERT_FALSE(wrong.ok());
    EXPECT_NE(wrong.error().find("the model has 0 input(s), got 1"),
              std::string::npos)
        << wrong.error();
  }
}

TEST(CompiledModel, CheckIOAcceptsNullDataForZeroElements) {
  // qrt_model_check_io (runtime/model), called directly through the model's
  // own qmodel_run: data may be NULL exactly when there are no elements.
  void *h = dlopen(model("const").c_str(), RTLD_NOW | RTLD_LOCAL);
  ASSERT_NE(h, nullptr) << dlerror();
  using CreateFn = int32_t (*)(const qmodel_options *, qmodel **);
  using RunFn = int32_t (*)(qmodel *, const qmodel_tensor *, int32_t,
                            const qmodel_tensor *, int32_t);
  using DestroyFn = void (*)(qmodel *);
  using ErrorFn = const char *(*)(void);
  auto create = reinterpret_cast<CreateFn>(dlsym(h, "qmodel_create"));
  auto run = reinterpret_cast<RunFn>(dlsym(h, "qmodel_run"));
  auto destroy = reinterpret_cast<DestroyFn>(dlsym(h, "qmodel_destroy"));
  auto lastError = reinterpret_cast<ErrorFn>(dlsym(h, "qmodel_last_error"));
  ASSERT_TRUE(create && run && destroy && lastError);
  qmodel *m = nullptr;
  ASSERT_EQ(create(nullptr, &m), 0) << lastError();
  int64_t dims22[2] = {2, 2}, dims30[2] = {3, 0};
  float c[4] = {};
  qmodel_tensor outs[2] = {{QMODEL_F32, 2, dims22, c},
                           {QMODEL_F32, 2, dims30, nullptr}};
  EXPECT_EQ(run(m, nullptr, 0, outs, 2), 0) << lastError();
  EXPECT_EQ(c[3], 4.0f);
  outs[0].data = nullptr;
  EXPECT_EQ(run(m, nullptr, 0, outs, 2), 1); // QRT_ERR_NULL_POINTER
  EXPECT_STREQ(lastError(), "qmodel_run: output 0 ('c'): data is NULL");
  outs[0].data = c;
  int64_t dims31[2] = {3, 1};
  outs[1].dims = dims31; // Not zero elements any more: a shape error first.
  EXPECT_EQ(run(m, nullptr, 0, outs, 2), 3); // QRT_ERR_SHAPE
  destroy(m);
  dlclose(h);
}

TEST(CompiledModel, Profile) {
  CompiledModel m = load("profile");
  EXPECT_TRUE(m.supportsProfiling());
  auto inst = m.createInstance(1, true);
  ASSERT_TRUE(inst.ok()) << inst.error();
  EXPECT_TRUE(inst->profiling());
  for (int i = 0; i < 2; ++i)
    ASSERT_TRUE(inst->run({f32({1, 3}, {1, 2, 3})}).ok());
  auto before = inst->profile();
  ASSERT_TRUE(before.ok()) << before.error();
  for (int i = 0; i < 4; ++i)
    ASSERT_TRUE(inst->run({f32({1, 3}, {1, 2, 3})}).ok());
  auto after = inst->profile();
  ASSERT_TRUE(after.ok()) << after.error();
  ASSERT_EQ(after->kernels.size(), 1u);
  const KernelProfile &k = after->kernels[0];
  EXPECT_EQ(k.index, 0);
  EXPECT_EQ(k.node, "/affine/Gemm");
  EXPECT_EQ(k.op, "fully_connected");
  EXPECT_EQ(k.backend, "ref");
  EXPECT_EQ(k.runs, 6);
  EXPECT_EQ(k.totalNs, 6000);
  EXPECT_EQ(k.macs, 9);
  EXPECT_DOUBLE_EQ(k.msPerRun(), 0.001);
  EXPECT_DOUBLE_EQ(k.gmacPerSecond(), 9.0 / 1000.0);
  EXPECT_EQ(after->total.index, -1);
  EXPECT_EQ(after->total.op, "model");
  EXPECT_EQ(after->total.totalNs, 9000);

  ModelProfile delta = after->since(*before);
  EXPECT_EQ(delta.total.runs, 4);
  EXPECT_EQ(delta.total.totalNs, 6000);
  EXPECT_EQ(delta.kernels[0].runs, 4);
  EXPECT_EQ(delta.kernels[0].totalNs, 4000);
  EXPECT_EQ(delta.kernels[0].macs, 9);
  EXPECT_EQ(delta.kernelNs(), 4000);

  // Created without profiling: the model's own error.
  auto plain = m.createInstance(1);
  ASSERT_TRUE(plain.ok()) << plain.error();
  EXPECT_FALSE(plain->profiling());
  auto none = plain->profile();
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.error().find("without profiling"), std::string::npos)
      << none.error();
}

TEST(CompiledModel, ProfileNeedsAModelThatSupportsIt) {
  // ABI 1 loads (it only lacks profiling), even if it has the symbol.
  CompiledModel old = load("abi1");
  EXPECT_EQ(old.info().abiVersion, 1);
  EXPECT_FALSE(old.supportsProfiling());
  ASSERT_TRUE(old.createInstance(1).ok());
  auto oldProfiled = old.createInstance(1, true);
  ASSERT_FALSE(oldProfiled.ok());
  EXPECT_EQ(oldProfiled.error(),
            model("abi1") + ": cannot profile this model: it was compiled "
                            "before profiling existed (model ABI version 1); "
                            "recompile it with this quant-compile");

  CompiledModel noSym = load("affine");
  EXPECT_FALSE(noSym.supportsProfiling());
  auto noSymProfiled = noSym.createInstance(1, true);
  ASSERT_FALSE(noSymProfiled.ok());
  EXPECT_NE(noSymProfiled.error().find("does not export qmodel_profile"),
            std::string::npos)
      << noSymProfiled.error();
}

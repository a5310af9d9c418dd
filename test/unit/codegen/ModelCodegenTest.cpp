//===- ModelCodegenTest.cpp - ONNX -> qrt -> LLVM -> model .so, dlopen, run
//-===//
//
// Compiles examples/digits_cnn.onnx through convert-qrt-to-llvm and
// lib/Target into model .so files (int8 on ref/onednn/xnnpack, float,
// observed), loads them and checks the qmodel.h API: the backends agree
// with ref (oneDNN bit-exact, XNNPACK within one output LSB), the float
// model reproduces examples/digits/float_accuracy.txt, observers collect
// statistics, profiling counts every kernel, and every misuse is an error
// with a message, never a crash.
//
//===----------------------------------------------------------------------===//

#include "lib/Data/Npy.h"
#include "lib/Target/EmitSharedLibrary.h"
#include "quant-mlir/Import/ONNX.h"
#include "quant-mlir/InitAll.h"
#include "quantrt/qmodel.h"
#include "quantrt/quantrt.h"

#include "dialects/QRT/QRTOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <dlfcn.h>
#include <fstream>
#include <memory>
#include <set>
#include <string>
#include <vector>

using namespace mlir;

namespace {

const std::string kSourceDir = QMLIR_SOURCE_DIR;
const std::string kRuntimeDir = QMLIR_RUNTIME_DIR;

/// The qmodel.h entry points of one loaded model.
struct LoadedModel {
  void *handle = nullptr;
  std::string path;
  const qmodel_info_t *(*info)() = nullptr;
  int32_t (*create)(const qmodel_options *, qmodel **) = nullptr;
  int32_t (*run)(qmodel *, const qmodel_tensor *, int32_t,
                 const qmodel_tensor *, int32_t) = nullptr;
  void (*destroy)(qmodel *) = nullptr;
  const char *(*lastError)() = nullptr;
  int32_t (*observer)(const qmodel *, int32_t, int64_t *,
                      const qrt_observer **) = nullptr;
  int32_t (*profile)(const qmodel *, int32_t, qmodel_kernel_profile *) =
      nullptr;

  ~LoadedModel() {
    if (handle)
      dlclose(handle);
  }
};

struct Compiled {
  std::unique_ptr<LoadedModel> model;
  /// Scale of the int8 value the f32 output is dequantized from (0: float).
  double outputScale = 0;
  int64_t numObserves = 0;
};

class ModelCodegenTest : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    qmlir::registerAllPasses();
    llvm::SmallString<128> dir;
    ASSERT_FALSE(
        llvm::sys::fs::createUniqueDirectory("qmodel-codegen-test", dir));
    tempDir = std::string(dir);
    auto x = qmlir::data::readNpy(kSourceDir + "/examples/digits/test_x.npy");
    ASSERT_TRUE(x.ok()) << x.error();
    auto y = qmlir::data::readNpy(kSourceDir + "/examples/digits/test_y.npy");
    ASSERT_TRUE(y.ok()) << y.error();
    testX = new qmlir::data::Tensor(x.take());
    testY = new qmlir::data::Tensor(y.take());
  }
  static void TearDownTestSuite() {
    llvm::sys::fs::remove_directories(tempDir);
    delete testX;
    delete testY;
  }

  /// Imports the example model, runs `pipeline` (textual, module level),
  /// then convert-qrt-to-llvm, emits and loads the .so.
  Compiled compile(const std::string &pipeline, const std::string &name) {
    Compiled result;
    DialectRegistry registry;
    qmlir::registerAllDialects(registry);
    qmlir::target::registerTranslations(registry);
    MLIRContext context(registry);
    context.loadAllAvailableDialects();
    std::string diagnostics;
    ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diag) {
      if (diag.getSeverity() == DiagnosticSeverity::Error)
        diagnostics += diag.str() + "\n";
      return success();
    });

    auto buffer =
        llvm::MemoryBuffer::getFile(kSourceDir + "/examples/digits_cnn.onnx");
    EXPECT_TRUE(bool(buffer));
    if (!buffer)
      return result;
    qmlir::ONNXImportOptions options;
    options.sourceName = "digits_cnn.onnx";
    OwningOpRef<ModuleOp> module =
        qmlir::importONNXModel((*buffer)->getBuffer(), &context, options);
    EXPECT_TRUE(module) << diagnostics;
    if (!module)
      return result;

    PassManager pm(&context);
    pm.enableVerifier(true);
    pm.setNesting(OpPassManager::Nesting::Implicit);
    bool parsed = succeeded(parsePassPipeline(pipeline, pm));
    EXPECT_TRUE(parsed) << pipeline;
    bool ran = parsed && succeeded(pm.run(*module));
    EXPECT_TRUE(ran) << pipeline << "\n" << diagnostics;
    if (!ran)
      return result;

    // Facts the checks need, read from the qrt module.
    module->walk([&](qmlir::qrt::ConvertOp convert) {
      if (convert.getKind() == qmlir::qrt::ConvertKind::Dequantize &&
          convert.getInputQuantAttr())
        result.outputScale = convert.getInputQuantAttr().getScaleValue();
    });
    module->walk([&](qmlir::qrt::ObserveOp) { ++result.numObserves; });

    result.model = lowerAndLoad(*module, name, diagnostics);
    return result;
  }

  /// A hand-written qrt module (textual) lowered, emitted and loaded.
  std::unique_ptr<LoadedModel> compileSource(MLIRContext &context,
                                             const std::string &source,
                                             const std::string &name) {
    std::string diagnostics;
    ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diag) {
      if (diag.getSeverity() == DiagnosticSeverity::Error)
        diagnostics += diag.str() + "\n";
      return success();
    });
    OwningOpRef<ModuleOp> module =
        parseSourceString<ModuleOp>(source, &context);
    EXPECT_TRUE(module) << diagnostics;
    if (!module)
      return nullptr;
    return lowerAndLoad(*module, name, diagnostics);
  }

  /// convert-qrt-to-llvm, emitSharedLibrary (-lquantrt from this build),
  /// dlopen and dlsym of the seven entry points.
  std::unique_ptr<LoadedModel> lowerAndLoad(ModuleOp module,
                                            const std::string &name,
                                            std::string &diagnostics) {
    MLIRContext &context = *module.getContext();
    PassManager lower(&context);
    bool lowered = succeeded(parsePassPipeline("convert-qrt-to-llvm", lower)) &&
                   succeeded(lower.run(module));
    EXPECT_TRUE(lowered) << diagnostics;
    if (!lowered)
      return nullptr;

    std::string path = tempDir + "/" + name + ".so";
    qmlir::target::EmitOptions emit;
    emit.link.libraryPaths = {kRuntimeDir};
    emit.link.libraries = {"quantrt"};
    emit.link.rpaths = {kRuntimeDir};
    bool emitted =
        succeeded(qmlir::target::emitSharedLibrary(module, path, emit));
    EXPECT_TRUE(emitted) << diagnostics;
    if (!emitted)
      return nullptr;

    auto model = std::make_unique<LoadedModel>();
    model->path = path;
    model->handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    EXPECT_NE(model->handle, nullptr) << dlerror();
    if (!model->handle)
      return nullptr;
    auto sym = [&](auto &fn, const char *symbol) {
      fn = reinterpret_cast<std::remove_reference_t<decltype(fn)>>(
          dlsym(model->handle, symbol));
      EXPECT_NE(reinterpret_cast<void *>(fn), nullptr) << symbol;
    };
    sym(model->info, "qmodel_info");
    sym(model->create, "qmodel_create");
    sym(model->run, "qmodel_run");
    sym(model->destroy, "qmodel_destroy");
    sym(model->lastError, "qmodel_last_error");
    sym(model->observer, "qmodel_observer");
    sym(model->profile, "qmodel_profile");
    return model;
  }

  static std::string quantizedPipeline(const std::string &backend) {
    return "qnn-prepare,qnn-test-synthesize-stats,qnn-convert,"
           "convert-qnn-to-qrt{backend=" +
           backend + "},func.func(qrt-plan-arena{verify=true})";
  }

  /// Runs sample `i` of test_x; returns the logits.
  static std::vector<float> runSample(LoadedModel &m, qmodel *model, int64_t i,
                                      int32_t *status = nullptr) {
    const float *x = testX->data<float>() + i * 64;
    std::vector<float> logits(10, NAN);
    int64_t inDims[4] = {1, 1, 8, 8}, outDims[2] = {1, 10};
    qmodel_tensor in = {QMODEL_F32, 4, inDims, const_cast<float *>(x)};
    qmodel_tensor out = {QMODEL_F32, 2, outDims, logits.data()};
    int32_t st = m.run(model, &in, 1, &out, 1);
    if (status)
      *status = st;
    else
      EXPECT_EQ(st, 0) << m.lastError();
    return logits;
  }

  static int64_t argmax(const std::vector<float> &v) {
    return std::max_element(v.begin(), v.end()) - v.begin();
  }

  /// Logits of every test sample.
  static std::vector<std::vector<float>> runAll(LoadedModel &m,
                                                int32_t threads = 1) {
    qmodel_options options = {threads, 0};
    qmodel *model = nullptr;
    EXPECT_EQ(m.create(&options, &model), 0) << m.lastError();
    std::vector<std::vector<float>> all;
    if (!model)
      return all;
    for (int64_t i = 0; i < testX->shape[0]; ++i)
      all.push_back(runSample(m, model, i));
    m.destroy(model);
    return all;
  }

  static double accuracy(const std::vector<std::vector<float>> &logits) {
    int64_t correct = 0;
    for (size_t i = 0; i < logits.size(); ++i)
      correct += argmax(logits[i]) == testY->data<int64_t>()[i];
    return double(correct) / double(logits.size());
  }

  static std::string tempDir;
  static qmlir::data::Tensor *testX, *testY;
};

std::string ModelCodegenTest::tempDir;
qmlir::data::Tensor *ModelCodegenTest::testX;
qmlir::data::Tensor *ModelCodegenTest::testY;

TEST_F(ModelCodegenTest, Int8BackendsAgreeWithRef) {
  Compiled ref = compile(quantizedPipeline("ref"), "int8_ref");
  ASSERT_TRUE(ref.model);
  ASSERT_GT(ref.outputScale, 0);
  const qmodel_info_t *info = ref.model->info();
  ASSERT_NE(info, nullptr);
  EXPECT_EQ(info->abi_version, QMODEL_ABI_VERSION);
  EXPECT_STREQ(info->name, "model");
  EXPECT_STREQ(info->backend, "ref");
  EXPECT_STREQ(info->precision, "int8");
  ASSERT_EQ(info->num_inputs, 1);
  ASSERT_EQ(info->num_outputs, 1);
  EXPECT_STREQ(info->inputs[0].name, "input");
  EXPECT_EQ(info->inputs[0].dtype, QMODEL_F32);
  ASSERT_EQ(info->inputs[0].rank, 4);
  EXPECT_EQ(
      std::vector<int64_t>(info->inputs[0].dims, info->inputs[0].dims + 4),
      (std::vector<int64_t>{1, 1, 8, 8}));
  EXPECT_STREQ(info->outputs[0].name, "logits");
  ASSERT_EQ(info->outputs[0].rank, 2);
  EXPECT_EQ(info->outputs[0].dims[1], 10);
  EXPECT_EQ(info->arena_bytes, 3200);
  EXPECT_EQ(info->num_kernels, 10);
  EXPECT_EQ(info->num_observers, 0);

  std::vector<std::vector<float>> refLogits = runAll(*ref.model);
  ASSERT_EQ(refLogits.size(), size_t(testX->shape[0]));
  // The int8 model classifies (synthetic statistics, so not the float
  // accuracy, but far above chance).
  double refAccuracy = accuracy(refLogits);
  EXPECT_GT(refAccuracy, 0.5);
  // Every logit is a dequantized u8: (q - z) * s.
  for (float v : refLogits[0]) {
    double q = v / ref.outputScale;
    EXPECT_NEAR(q, std::round(q), 1e-3) << v;
  }
  // Several threads do not change ref results.
  EXPECT_EQ(runAll(*ref.model, 2), refLogits);

  for (const char *backend : {"onednn", "xnnpack"}) {
    SCOPED_TRACE(backend);
    if (!qrt_backend_available(std::string(backend) == "onednn"
                                   ? QRT_BACKEND_ONEDNN
                                   : QRT_BACKEND_XNNPACK)) {
      GTEST_LOG_(INFO) << backend << " not built into libquantrt; skipped";
      continue;
    }
    Compiled other =
        compile(quantizedPipeline(backend), "int8_" + std::string(backend));
    ASSERT_TRUE(other.model);
    EXPECT_STREQ(other.model->info()->backend, backend);
    EXPECT_EQ(other.outputScale, ref.outputScale);
    std::vector<std::vector<float>> logits = runAll(*other.model);
    ASSERT_EQ(logits.size(), refLogits.size());
    double tolerance =
        std::string(backend) == "onednn" ? 0.0 : ref.outputScale * 1.001;
    int64_t differing = 0;
    for (size_t i = 0; i < logits.size(); ++i)
      for (size_t j = 0; j < 10; ++j) {
        EXPECT_NEAR(logits[i][j], refLogits[i][j], tolerance)
            << "sample " << i << " logit " << j;
        differing += logits[i][j] != refLogits[i][j];
      }
    GTEST_LOG_(INFO) << backend << ": " << differing
                     << " logits differ from ref";
  }
}

TEST_F(ModelCodegenTest, FloatModelReproducesFloatAccuracy) {
  std::ifstream file(kSourceDir + "/examples/digits/float_accuracy.txt");
  double expected = 0;
  ASSERT_TRUE(file >> expected);
  for (const char *backend : {"ref", "onednn", "xnnpack"}) {
    SCOPED_TRACE(backend);
    Compiled compiled = compile(
        std::string("func.func(qnn-fold-batchnorm,qnn-fuse),convert-qnn-to-qrt{"
                    "backend=") +
            backend + "},func.func(qrt-plan-arena{verify=true})",
        std::string("float_") + backend);
    ASSERT_TRUE(compiled.model);
    EXPECT_STREQ(compiled.model->info()->precision, "float");
    EXPECT_EQ(compiled.model->info()->num_observers, 0);
    EXPECT_NEAR(accuracy(runAll(*compiled.model)), expected, 1e-9);
  }
}

TEST_F(ModelCodegenTest, ObservedModelCollectsStatistics) {
  Compiled observed = compile("qnn-prepare,convert-qnn-to-qrt{backend=ref},"
                              "func.func(qrt-plan-arena{verify=true})",
                              "observed");
  ASSERT_TRUE(observed.model);
  LoadedModel &m = *observed.model;
  const qmodel_info_t *info = m.info();
  EXPECT_STREQ(info->precision, "observed");
  ASSERT_GT(info->num_observers, 0);
  EXPECT_EQ(info->num_observers, observed.numObserves);
  qmodel *model = nullptr;
  ASSERT_EQ(m.create(nullptr, &model), 0) << m.lastError();
  const int64_t samples = 5;
  for (int64_t i = 0; i < samples; ++i)
    runSample(m, model, i);
  std::set<int64_t> ids;
  for (int32_t k = 0; k < info->num_observers; ++k) {
    int64_t id = -1;
    const qrt_observer *obs = nullptr;
    ASSERT_EQ(m.observer(model, k, &id, &obs), 0) << m.lastError();
    ASSERT_NE(obs, nullptr);
    ids.insert(id);
    qrt_observer_stats stats;
    ASSERT_EQ(qrt_observer_get(obs, &stats), QRT_OK);
    EXPECT_GT(stats.count, 0) << "observer " << k << " (id " << id << ")";
    EXPECT_EQ(stats.count % samples, 0);
    EXPECT_LE(stats.min, stats.max);
  }
  EXPECT_EQ(ids.size(), size_t(info->num_observers)) << "ids are distinct";
  int64_t id;
  const qrt_observer *obs;
  EXPECT_NE(m.observer(model, info->num_observers, &id, &obs), 0);
  EXPECT_NE(std::string(m.lastError()).find("out of range"), std::string::npos);
  EXPECT_NE(m.observer(model, -1, &id, &obs), 0);
  EXPECT_NE(m.observer(nullptr, 0, &id, &obs), 0);
  m.destroy(model);
}

// Kernels the example model does not use (sub, leaky_relu, pad, slice,
// reduce_mean), three outputs of which one is an argument copied out, and an
// XNNPACK fully_connected reading the caller's input through the padded
// copy: every params filler checked against hand-computed numbers.
TEST_F(ModelCodegenTest, HandWrittenKernelsComputeTheirMath) {
  DialectRegistry registry;
  qmlir::registerAllDialects(registry);
  MLIRContext context(registry);
  context.loadAllAvailableDialects();
  const std::string source = R"mlir(
module attributes {qmodel.name = "hand", qmodel.backend = "mixed"} {
  memref.global "private" constant @c : memref<1x4xf32> = dense<0.5>
  memref.global "private" constant @w : memref<2x4xf32> = dense<[[1.0, 1.0, 1.0, 1.0], [1.0, 0.0, -1.0, 0.0]]>
  func.func @main(%x: memref<1x4xf32> {qnn.name = "x"})
      -> (memref<1x2xf32> {qnn.name = "s"}, memref<1x1xf32> {qnn.name = "r"},
          memref<1x2xf32> {qnn.name = "fc"}, memref<1x4xf32> {qnn.name = "same"}) {
    %c = memref.get_global @c : memref<1x4xf32>
    %w = memref.get_global @w : memref<2x4xf32>
    %a = memref.alloc() : memref<1x4xf32>
    qrt.binary sub ins(%x, %c : memref<1x4xf32>, memref<1x4xf32>) outs(%a : memref<1x4xf32>) {backend = #qrt.backend<ref>}
    %b = memref.alloc() : memref<1x4xf32>
    qrt.unary leaky_relu ins(%a : memref<1x4xf32>) outs(%b : memref<1x4xf32>) {alpha = 0.1 : f32, backend = #qrt.backend<ref>}
    %p = memref.alloc() : memref<1x6xf32>
    qrt.pad constant ins(%b : memref<1x4xf32>) outs(%p : memref<1x6xf32>) {backend = #qrt.backend<ref>, pads = array<i64: 0, 1, 0, 1>, value = 9.0 : f32}
    %s = memref.alloc() : memref<1x2xf32>
    qrt.slice ins(%p : memref<1x6xf32>) outs(%s : memref<1x2xf32>) {backend = #qrt.backend<ref>, starts = array<i64: 0, 1>, ends = array<i64: 1, 5>, steps = array<i64: 1, 2>}
    %r = memref.alloc() : memref<1x1xf32>
    qrt.reduce mean ins(%p : memref<1x6xf32>) outs(%r : memref<1x1xf32>) {axes = array<i64: 1>, backend = #qrt.backend<ref>, keepdims}
    %y = memref.alloc() : memref<1x2xf32>
    qrt.fully_connected ins(%x, %w : memref<1x4xf32>, memref<2x4xf32>) outs(%y : memref<1x2xf32>) {backend = #qrt.backend<xnnpack>}
    return %s, %r, %y, %x : memref<1x2xf32>, memref<1x1xf32>, memref<1x2xf32>, memref<1x4xf32>
  }
}
)mlir";
  std::unique_ptr<LoadedModel> m = compileSource(context, source, "hand");
  ASSERT_TRUE(m);
  const qmodel_info_t *info = m->info();
  EXPECT_STREQ(info->name, "hand");
  EXPECT_STREQ(info->backend, "mixed");
  EXPECT_STREQ(info->precision, "float");
  EXPECT_EQ(info->num_kernels, 6);
  ASSERT_EQ(info->num_outputs, 4);
  EXPECT_STREQ(info->outputs[3].name, "same");

  qmodel *model = nullptr;
  ASSERT_EQ(m->create(nullptr, &model), 0) << m->lastError();
  float x[4] = {1, -2, 3, -4}, s[2], r[1], fc[2], same[4];
  int64_t d14[2] = {1, 4}, d12[2] = {1, 2}, d11[2] = {1, 1};
  qmodel_tensor in = {QMODEL_F32, 2, d14, x};
  qmodel_tensor outs[4] = {{QMODEL_F32, 2, d12, s},
                           {QMODEL_F32, 2, d11, r},
                           {QMODEL_F32, 2, d12, fc},
                           {QMODEL_F32, 2, d14, same}};
  ASSERT_EQ(m->run(model, &in, 1, outs, 4), 0) << m->lastError();
  // a = x - 0.5 = [0.5, -2.5, 2.5, -4.5]; b = leaky_relu(a, 0.1)
  // = [0.5, -0.25, 2.5, -0.45]; p = [9, b..., 9]; s = p[1:5:2]
  EXPECT_FLOAT_EQ(s[0], 0.5f);
  EXPECT_FLOAT_EQ(s[1], 2.5f);
  EXPECT_NEAR(r[0], (9 + 0.5 - 0.25 + 2.5 - 0.45 + 9) / 6.0, 1e-5);
  EXPECT_FLOAT_EQ(fc[0], -2.f);
  EXPECT_FLOAT_EQ(fc[1], -2.f);
  EXPECT_EQ(std::vector<float>(same, same + 4), std::vector<float>(x, x + 4));
  m->destroy(model);
}

TEST_F(ModelCodegenTest, ErrorsAreMessagesNotCrashes) {
  Compiled compiled = compile(quantizedPipeline("ref"), "errors");
  ASSERT_TRUE(compiled.model);
  LoadedModel &m = *compiled.model;
  m.destroy(nullptr);
  EXPECT_NE(m.create(nullptr, nullptr), 0);
  EXPECT_STRNE(m.lastError(), "");

  qmodel *model = nullptr;
  ASSERT_EQ(m.create(nullptr, &model), 0) << m.lastError();
  ASSERT_NE(model, nullptr);
  std::vector<float> x(64, 0.5f), y(10, 0.f);
  int64_t inDims[4] = {1, 1, 8, 8}, outDims[2] = {1, 10};
  int64_t badDims[4] = {1, 1, 8, 9}, rank3[3] = {1, 8, 8};
  qmodel_tensor in = {QMODEL_F32, 4, inDims, x.data()};
  qmodel_tensor out = {QMODEL_F32, 2, outDims, y.data()};
  EXPECT_EQ(m.run(model, &in, 1, &out, 1), 0) << m.lastError();

  auto expectError = [&](int32_t status, const char *fragment) {
    EXPECT_NE(status, 0);
    EXPECT_NE(std::string(m.lastError()).find(fragment), std::string::npos)
        << "message: " << m.lastError() << "\nexpected: " << fragment;
  };
  qmodel_tensor bad = in;
  bad.dims = badDims;
  expectError(m.run(model, &bad, 1, &out, 1),
              "input 0 ('input'): expected f32 1x1x8x8, got f32 1x1x8x9");
  bad = in;
  bad.rank = 3;
  bad.dims = rank3;
  expectError(m.run(model, &bad, 1, &out, 1), "got f32 1x8x8");
  bad = in;
  bad.dtype = QMODEL_U8;
  expectError(m.run(model, &bad, 1, &out, 1), "got u8 1x1x8x8");
  bad = in;
  bad.data = nullptr;
  expectError(m.run(model, &bad, 1, &out, 1), "data is NULL");
  bad = in;
  bad.dims = nullptr;
  expectError(m.run(model, &bad, 1, &out, 1), "dims NULL");
  bad = in;
  bad.rank = 99;
  expectError(m.run(model, &bad, 1, &out, 1), "input 0");
  qmodel_tensor badOut = out;
  badOut.dims = inDims;
  badOut.rank = 4;
  expectError(m.run(model, &in, 1, &badOut, 1),
              "output 0 ('logits'): expected f32 1x10, got f32 1x1x8x8");
  expectError(m.run(model, &in, 2, &out, 1), "expected 1 input(s), got 2");
  expectError(m.run(model, &in, 1, &out, 0), "expected 1 output(s), got 0");
  expectError(m.run(model, nullptr, 1, &out, 1), "inputs is NULL");
  expectError(m.run(model, &in, 1, nullptr, 1), "outputs is NULL");
  expectError(m.run(nullptr, &in, 1, &out, 1), "model is NULL");
  // Still usable after the errors.
  EXPECT_EQ(m.run(model, &in, 1, &out, 1), 0) << m.lastError();
  int64_t id;
  const qrt_observer *obs;
  expectError(m.observer(model, 0, &id, &obs), "out of range");
  m.destroy(model);
}

TEST_F(ModelCodegenTest, OnlyTheModelApiIsExported) {
  Compiled compiled = compile(quantizedPipeline("ref"), "exports");
  ASSERT_TRUE(compiled.model);
  // Internal globals are not visible to dlsym.
  EXPECT_EQ(dlsym(compiled.model->handle, "_conv1_Conv.weight_q"), nullptr);
  // The dynamic symbol table holds exactly the seven qmodel_* definitions.
  std::string command = "nm -D --defined-only '" + compiled.model->path + "'";
  FILE *pipe = popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::set<std::string> defined;
  char line[512];
  while (fgets(line, sizeof line, pipe)) {
    std::string text(line);
    while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
      text.pop_back();
    defined.insert(text.substr(text.rfind(' ') + 1));
  }
  ASSERT_EQ(pclose(pipe), 0) << command;
  // Linker-defined section markers are not ours.
  for (const char *marker : {"_edata", "_end", "__bss_start", "_init", "_fini"})
    defined.erase(marker);
  EXPECT_EQ(defined,
            (std::set<std::string>{"qmodel_create", "qmodel_destroy",
                                   "qmodel_info", "qmodel_last_error",
                                   "qmodel_observer", "qmodel_profile",
                                   "qmodel_run"}));
}

TEST_F(ModelCodegenTest, ProfileCountsEveryKernel) {
  Compiled compiled = compile(quantizedPipeline("ref"), "profile");
  ASSERT_TRUE(compiled.model);
  LoadedModel &m = *compiled.model;
  const qmodel_info_t *info = m.info();
  auto expectError = [&](int32_t status, const char *fragment) {
    EXPECT_NE(status, 0);
    EXPECT_NE(std::string(m.lastError()).find(fragment), std::string::npos)
        << "message: " << m.lastError() << "\nexpected: " << fragment;
  };
  qmodel_kernel_profile p;

  // Without the option the model runs as always and refuses to profile.
  qmodel *plain = nullptr;
  ASSERT_EQ(m.create(nullptr, &plain), 0) << m.lastError();
  runSample(m, plain, 0);
  expectError(m.profile(plain, 0, &p),
              "created without QMODEL_OPTION_PROFILE");
  expectError(m.profile(plain, QMODEL_PROFILE_TOTAL, &p),
              "created without QMODEL_OPTION_PROFILE");
  m.destroy(plain);

  qmodel_options options = {1, QMODEL_OPTION_PROFILE};
  qmodel *model = nullptr;
  ASSERT_EQ(m.create(&options, &model), 0) << m.lastError();
  ASSERT_EQ(m.profile(model, QMODEL_PROFILE_TOTAL, &p), 0) << m.lastError();
  EXPECT_EQ(p.runs, 0);
  EXPECT_EQ(p.total_ns, 0);
  // A run that fails its checks is not counted.
  int32_t status = 0;
  int64_t badDims[4] = {1, 1, 8, 9};
  float logits[10];
  int64_t outDims[2] = {1, 10};
  std::vector<float> x(72, 0.f);
  qmodel_tensor in = {QMODEL_F32, 4, badDims, x.data()};
  qmodel_tensor out = {QMODEL_F32, 2, outDims, logits};
  EXPECT_NE(m.run(model, &in, 1, &out, 1), 0);
  for (int64_t i = 0; i < 3; ++i)
    runSample(m, model, i, &status);
  EXPECT_EQ(status, 0) << m.lastError();

  int64_t kernelNs = 0, macs = 0;
  bool sawConv1 = false, sawFc = false;
  for (int32_t i = 0; i < info->num_kernels; ++i) {
    SCOPED_TRACE("kernel " + std::to_string(i));
    std::memset(&p, 0xff, sizeof p);
    ASSERT_EQ(m.profile(model, i, &p), 0) << m.lastError();
    ASSERT_NE(p.node, nullptr);
    ASSERT_NE(p.op, nullptr);
    ASSERT_NE(p.backend, nullptr);
    EXPECT_EQ(p.runs, 3);
    EXPECT_GT(p.total_ns, 0);
    kernelNs += p.total_ns;
    macs += p.macs;
    // The boundary's layout/quantize kernels come from no ONNX node ("").
    std::string node = p.node, op = p.op;
    if (node.rfind("/conv1/Conv", 0) == 0 && op == "conv2d") {
      sawConv1 = true;
      EXPECT_STREQ(p.backend, "ref");
      EXPECT_GT(p.macs, 0);
    }
    if (op == "fully_connected") {
      sawFc = true;
      EXPECT_GT(p.macs, 0);
    }
    if (op != "conv2d" && op != "fully_connected") {
      EXPECT_EQ(p.macs, 0) << op;
    }
  }
  EXPECT_TRUE(sawConv1);
  EXPECT_TRUE(sawFc);
  ASSERT_EQ(m.profile(model, QMODEL_PROFILE_TOTAL, &p), 0) << m.lastError();
  EXPECT_STREQ(p.op, "model");
  EXPECT_STREQ(p.node, "");
  EXPECT_STREQ(p.backend, "ref");
  EXPECT_EQ(p.runs, 3);
  EXPECT_GE(p.total_ns, kernelNs);
  // The runtime's count is the compiler's (quant-compile's "int8 MACs").
  EXPECT_EQ(p.macs, macs);
  EXPECT_EQ(p.macs, 451904);

  expectError(m.profile(model, info->num_kernels, &p), "out of range");
  expectError(m.profile(model, -2, &p), "out of range");
  expectError(m.profile(model, 0, nullptr), "NULL");
  expectError(m.profile(nullptr, 0, &p), "NULL");
  m.destroy(model);
}

} // namespace

//===- FoldBatchNormTest.cpp - qnn-fold-batchnorm preserves the numbers ---===//
//
// Evaluates conv/FC + batch_norm graphs before and after qnn-fold-batchnorm
// with a small float reference evaluator (double accumulation) and checks the
// results agree within 1e-5 relative: on random convs of every kind, and on
// every conv + BatchNormalization of torchvision's mobilenet_v2 when an
// export with its BN nodes kept exists (export_mobilenet_v2_with_bn.py).
//
//===----------------------------------------------------------------------===//

#include "dialects/QNN/QNNOps.h"
#include "passes/Quantization/Passes.h"
#include "quant-mlir/Import/ONNX.h"
#include "quant-mlir/InitAll.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/Support/MemoryBuffer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <random>

using namespace mlir;
using namespace qmlir;

namespace {

/// A dense row-major tensor of doubles (values stored in the IR as f32).
struct Tensor {
  SmallVector<int64_t> shape;
  std::vector<double> data;
  int64_t size() const {
    int64_t n = 1;
    for (int64_t d : shape)
      n *= d;
    return n;
  }
};

Tensor readConstant(Attribute attr) {
  auto elements = cast<ElementsAttr>(attr);
  Tensor t;
  t.shape.assign(elements.getShapedType().getShape().begin(),
                 elements.getShapedType().getShape().end());
  if (auto dense = dyn_cast<DenseElementsAttr>(attr)) {
    for (float v : dense.getValues<float>())
      t.data.push_back(v);
  } else if (auto resource = dyn_cast<DenseF32ResourceElementsAttr>(attr)) {
    std::optional<ArrayRef<float>> data = resource.tryGetAsArrayRef();
    if (data)
      t.data.assign(data->begin(), data->end());
  }
  EXPECT_EQ(static_cast<int64_t>(t.data.size()), t.size())
      << "unreadable constant";
  t.data.resize(t.size());
  return t;
}

double applyActivation(std::optional<qnn::ActivationAttr> act, double x) {
  return act && *act ? act->apply(x) : x;
}

Tensor evalConv(qnn::Conv2DOp op, const Tensor &x, const Tensor &w,
                const Tensor *b, const Tensor *residual) {
  auto outShape = cast<RankedTensorType>(op.getType()).getShape();
  Tensor y{SmallVector<int64_t>(outShape.begin(), outShape.end()), {}};
  y.data.assign(y.size(), 0.0);
  int64_t N = x.shape[0], C = x.shape[1], H = x.shape[2], W = x.shape[3];
  int64_t O = w.shape[0], Cg = w.shape[1], KH = w.shape[2], KW = w.shape[3];
  int64_t OH = outShape[2], OW = outShape[3];
  int64_t G = op.getGroups(), Og = O / G;
  ArrayRef<int64_t> s = op.getStrides(), p = op.getPads(),
                    d = op.getDilations();
  (void)C;
  for (int64_t n = 0; n < N; ++n)
    for (int64_t o = 0; o < O; ++o) {
      int64_t g = o / Og;
      for (int64_t oh = 0; oh < OH; ++oh)
        for (int64_t ow = 0; ow < OW; ++ow) {
          double acc = b ? b->data[o] : 0.0;
          for (int64_t c = 0; c < Cg; ++c)
            for (int64_t i = 0; i < KH; ++i) {
              int64_t ih = oh * s[0] - p[0] + i * d[0];
              if (ih < 0 || ih >= H)
                continue;
              for (int64_t j = 0; j < KW; ++j) {
                int64_t iw = ow * s[1] - p[1] + j * d[1];
                if (iw < 0 || iw >= W)
                  continue;
                acc +=
                    x.data[((n * x.shape[1] + g * Cg + c) * H + ih) * W + iw] *
                    w.data[((o * Cg + c) * KH + i) * KW + j];
              }
            }
          int64_t idx = ((n * O + o) * OH + oh) * OW + ow;
          if (residual)
            acc += residual->data[idx];
          y.data[idx] = applyActivation(op.getActivation(), acc);
        }
    }
  return y;
}

Tensor evalFullyConnected(qnn::FullyConnectedOp op, const Tensor &x,
                          const Tensor &w, const Tensor *b,
                          const Tensor *residual) {
  auto outShape = cast<RankedTensorType>(op.getType()).getShape();
  Tensor y{SmallVector<int64_t>(outShape.begin(), outShape.end()), {}};
  int64_t N = w.shape[0], K = w.shape[1], M = x.size() / K;
  y.data.assign(M * N, 0.0);
  for (int64_t m = 0; m < M; ++m)
    for (int64_t n = 0; n < N; ++n) {
      double acc = b ? b->data[n] : 0.0;
      for (int64_t k = 0; k < K; ++k)
        acc += x.data[m * K + k] * w.data[n * K + k];
      if (residual)
        acc += residual->data[m * N + n];
      y.data[m * N + n] = applyActivation(op.getActivation(), acc);
    }
  return y;
}

Tensor evalBatchNorm(qnn::BatchNormOp op, const Tensor &x, const Tensor &scale,
                     const Tensor &shift, const Tensor &mean,
                     const Tensor &var) {
  Tensor y = x;
  int64_t C = x.shape[1], inner = x.size() / (x.shape[0] * C);
  double eps = op.getEpsilon().convertToDouble();
  for (int64_t i = 0; i < x.size(); ++i) {
    int64_t c = (i / inner) % C;
    y.data[i] = (x.data[i] - mean.data[c]) / std::sqrt(var.data[c] + eps) *
                    scale.data[c] +
                shift.data[c];
  }
  return y;
}

/// Numpy broadcasting of two tensors of equal rank (all this test needs).
template <typename Fn>
Tensor evalBroadcast(const Tensor &a, const Tensor &b, Fn fn) {
  EXPECT_EQ(a.shape.size(), b.shape.size());
  Tensor y;
  for (size_t i = 0; i < a.shape.size(); ++i)
    y.shape.push_back(std::max(a.shape[i], b.shape[i]));
  y.data.resize(y.size());
  int64_t rank = y.shape.size();
  for (int64_t i = 0; i < y.size(); ++i) {
    int64_t rest = i, ia = 0, ib = 0, sa = 1, sb = 1;
    for (int64_t k = rank - 1; k >= 0; --k) {
      int64_t idx = rest % y.shape[k];
      rest /= y.shape[k];
      ia += (a.shape[k] == 1 ? 0 : idx) * sa;
      ib += (b.shape[k] == 1 ? 0 : idx) * sb;
      sa *= a.shape[k];
      sb *= b.shape[k];
    }
    y.data[i] = fn(a.data[ia], b.data[ib]);
  }
  return y;
}

/// Runs `func` on `inputs`: the ops the BN tests produce, nothing else.
std::vector<Tensor> evaluate(func::FuncOp func, ArrayRef<Tensor> inputs) {
  llvm::DenseMap<Value, Tensor> env;
  for (auto [arg, input] : llvm::zip(func.getArguments(), inputs))
    env[arg] = input;
  auto get = [&](Value v) -> const Tensor & { return env[v]; };
  auto getOpt = [&](Value v) -> const Tensor * {
    return v ? &env[v] : nullptr;
  };
  std::vector<Tensor> results;
  for (Operation &op : func.getBody().front()) {
    if (auto c = dyn_cast<arith::ConstantOp>(op)) {
      env[c] = readConstant(c.getValue());
    } else if (auto conv = dyn_cast<qnn::Conv2DOp>(op)) {
      env[conv] = evalConv(conv, get(conv.getInput()), get(conv.getWeight()),
                           getOpt(conv.getBias()), getOpt(conv.getResidual()));
    } else if (auto fc = dyn_cast<qnn::FullyConnectedOp>(op)) {
      env[fc] =
          evalFullyConnected(fc, get(fc.getInput()), get(fc.getWeight()),
                             getOpt(fc.getBias()), getOpt(fc.getResidual()));
    } else if (auto bn = dyn_cast<qnn::BatchNormOp>(op)) {
      env[bn] = evalBatchNorm(bn, get(bn.getInput()), get(bn.getScale()),
                              get(bn.getBias()), get(bn.getMean()),
                              get(bn.getVariance()));
    } else if (auto mul = dyn_cast<qnn::MulOp>(op)) {
      env[mul] = evalBroadcast(get(mul.getLhs()), get(mul.getRhs()),
                               [](double a, double b) { return a * b; });
    } else if (auto add = dyn_cast<qnn::AddOp>(op)) {
      env[add] = evalBroadcast(get(add.getLhs()), get(add.getRhs()),
                               [](double a, double b) { return a + b; });
    } else if (auto ret = dyn_cast<func::ReturnOp>(op)) {
      for (Value v : ret.getOperands())
        results.push_back(get(v));
    } else {
      ADD_FAILURE() << "evaluator has no rule for "
                    << op.getName().getStringRef().str();
    }
  }
  return results;
}

/// max |a - b| / max |a|: the error relative to the output's scale (a
/// per-element ratio is meaningless where the output crosses zero).
double relativeError(const Tensor &ref, const Tensor &got) {
  EXPECT_EQ(ref.shape, got.shape);
  double maxDiff = 0, maxRef = 0;
  for (size_t i = 0; i < ref.data.size(); ++i) {
    maxDiff = std::max(maxDiff, std::abs(ref.data[i] - got.data[i]));
    maxRef = std::max(maxRef, std::abs(ref.data[i]));
  }
  return maxRef > 0 ? maxDiff / maxRef : maxDiff;
}

Tensor randomTensor(ArrayRef<int64_t> shape, std::mt19937 &rng, double lo,
                    double hi) {
  std::uniform_real_distribution<float> dist(lo, hi);
  Tensor t{SmallVector<int64_t>(shape.begin(), shape.end()), {}};
  for (int64_t i = 0, e = t.size(); i < e; ++i)
    t.data.push_back(dist(rng));
  return t;
}

class FoldBatchNormTest : public ::testing::Test {
protected:
  FoldBatchNormTest() {
    DialectRegistry registry;
    registerAllDialects(registry);
    context.appendDialectRegistry(registry);
    context.loadAllAvailableDialects();
  }

  /// An f32 constant; resource-backed when large, as the importer makes them.
  Value constant(OpBuilder &b, const Tensor &t) {
    auto type = RankedTensorType::get(t.shape, b.getF32Type());
    SmallVector<float> values(t.data.begin(), t.data.end());
    TypedAttr attr;
    if (t.size() > 8)
      attr = DenseResourceElementsAttr::get(
          type, "w",
          HeapAsmResourceBlob::allocateAndCopyInferAlign(
              ArrayRef<float>(values)));
    else
      attr = DenseElementsAttr::get(type, ArrayRef<float>(values));
    return arith::ConstantOp::create(b, b.getUnknownLoc(), type, attr);
  }

  /// Runs qnn-fold-batchnorm on `module`.
  void fold(ModuleOp module) {
    PassManager pm(&context);
    pm.addNestedPass<func::FuncOp>(quantization::createQNNFoldBatchNormPass());
    ASSERT_TRUE(succeeded(pm.run(module)));
  }

  MLIRContext context;
  std::mt19937 rng{42};
};

struct ConvCase {
  const char *name;
  int64_t n, c, h, w, o, kh, kw, groups, stride, pad, dilation;
  bool bias;
  float varianceLo; // smallest running variance (small = large fold factor)
};

TEST_F(FoldBatchNormTest, RandomConvs) {
  const ConvCase cases[] = {
      {"plain3x3", 2, 8, 9, 9, 16, 3, 3, 1, 1, 1, 1, true, 0.5f},
      {"grouped", 1, 8, 7, 7, 12, 3, 3, 4, 1, 1, 1, true, 0.5f},
      {"depthwise", 1, 16, 8, 8, 16, 3, 3, 16, 1, 1, 1, false, 1e-4f},
      {"strided_dilated", 1, 6, 11, 11, 10, 3, 3, 1, 2, 2, 2, false, 0.5f},
      {"depthwise_multiplier", 1, 4, 6, 6, 8, 5, 5, 4, 2, 2, 1, true, 0.1f},
      {"pointwise_no_bias", 1, 32, 5, 5, 24, 1, 1, 1, 1, 0, 1, false, 1e-3f},
  };
  for (const ConvCase &cc : cases) {
    SCOPED_TRACE(cc.name);
    OpBuilder b(&context);
    OwningOpRef<ModuleOp> module = ModuleOp::create(b.getUnknownLoc());
    b.setInsertionPointToEnd(module->getBody());
    int64_t oh =
        (cc.h + 2 * cc.pad - cc.dilation * (cc.kh - 1) - 1) / cc.stride + 1;
    int64_t ow =
        (cc.w + 2 * cc.pad - cc.dilation * (cc.kw - 1) - 1) / cc.stride + 1;
    auto inType =
        RankedTensorType::get({cc.n, cc.c, cc.h, cc.w}, b.getF32Type());
    auto outType = RankedTensorType::get({cc.n, cc.o, oh, ow}, b.getF32Type());
    auto func = func::FuncOp::create(b, b.getUnknownLoc(), "f",
                                     b.getFunctionType({inType}, {outType}));
    b.setInsertionPointToStart(func.addEntryBlock());
    Value w = constant(
        b, randomTensor({cc.o, cc.c / cc.groups, cc.kh, cc.kw}, rng, -1, 1));
    Value bias =
        cc.bias ? constant(b, randomTensor({cc.o}, rng, -1, 1)) : Value();
    Value conv = qnn::Conv2DOp::create(
        b, b.getUnknownLoc(), outType, func.getArgument(0), w, bias,
        /*residual=*/Value(), b.getDenseI64ArrayAttr({cc.stride, cc.stride}),
        b.getDenseI64ArrayAttr({cc.pad, cc.pad, cc.pad, cc.pad}),
        b.getDenseI64ArrayAttr({cc.dilation, cc.dilation}),
        b.getI64IntegerAttr(cc.groups), /*activation=*/nullptr);
    Value bn = qnn::BatchNormOp::create(
        b, b.getUnknownLoc(), outType, conv,
        constant(b, randomTensor({cc.o}, rng, -2, 2)),
        constant(b, randomTensor({cc.o}, rng, -1, 1)),
        constant(b, randomTensor({cc.o}, rng, -1, 1)),
        constant(b, randomTensor({cc.o}, rng, cc.varianceLo, 2)),
        b.getF32FloatAttr(1e-5f));
    func::ReturnOp::create(b, b.getUnknownLoc(), bn);
    ASSERT_TRUE(succeeded(verify(*module)));

    Tensor x = randomTensor(inType.getShape(), rng, -1, 1);
    Tensor before = evaluate(func, {x})[0];
    fold(*module);
    int bnCount = 0, convCount = 0;
    func.walk([&](Operation *op) {
      bnCount += isa<qnn::BatchNormOp, qnn::MulOp, qnn::AddOp>(op);
      convCount += isa<qnn::Conv2DOp>(op);
    });
    EXPECT_EQ(bnCount, 0) << "batch_norm was not folded";
    EXPECT_EQ(convCount, 1);
    Tensor after = evaluate(func, {x})[0];
    EXPECT_LT(relativeError(before, after), 1e-5);
  }
}

TEST_F(FoldBatchNormTest, FullyConnectedAndMulAddFallback) {
  // fc -> bn folds; the second bn (after an add) becomes mul + add.
  OpBuilder b(&context);
  OwningOpRef<ModuleOp> module = ModuleOp::create(b.getUnknownLoc());
  b.setInsertionPointToEnd(module->getBody());
  auto inType = RankedTensorType::get({3, 20}, b.getF32Type());
  auto outType = RankedTensorType::get({3, 10}, b.getF32Type());
  auto func = func::FuncOp::create(b, b.getUnknownLoc(), "f",
                                   b.getFunctionType({inType}, {outType}));
  b.setInsertionPointToStart(func.addEntryBlock());
  auto bnParams = [&](int64_t c) {
    return std::array<Value, 4>{constant(b, randomTensor({c}, rng, -2, 2)),
                                constant(b, randomTensor({c}, rng, -1, 1)),
                                constant(b, randomTensor({c}, rng, -1, 1)),
                                constant(b, randomTensor({c}, rng, 0.01, 2))};
  };
  Value fc = qnn::FullyConnectedOp::create(
      b, b.getUnknownLoc(), outType, func.getArgument(0),
      constant(b, randomTensor({10, 20}, rng, -1, 1)),
      /*bias=*/Value(), /*residual=*/Value(), /*activation=*/nullptr);
  auto p = bnParams(10);
  Value bn =
      qnn::BatchNormOp::create(b, b.getUnknownLoc(), outType, fc, p[0], p[1],
                               p[2], p[3], b.getF32FloatAttr(1e-3f));
  Value sum = qnn::AddOp::create(b, b.getUnknownLoc(), outType, bn, bn,
                                 /*activation=*/nullptr);
  auto q = bnParams(10);
  Value bn2 =
      qnn::BatchNormOp::create(b, b.getUnknownLoc(), outType, sum, q[0], q[1],
                               q[2], q[3], b.getF32FloatAttr(1e-5f));
  func::ReturnOp::create(b, b.getUnknownLoc(), bn2);
  ASSERT_TRUE(succeeded(verify(*module)));

  Tensor x = randomTensor(inType.getShape(), rng, -1, 1);
  Tensor before = evaluate(func, {x})[0];
  fold(*module);
  int bnCount = 0, mulCount = 0;
  func.walk([&](Operation *op) {
    bnCount += isa<qnn::BatchNormOp>(op);
    mulCount += isa<qnn::MulOp>(op);
  });
  EXPECT_EQ(bnCount, 0);
  EXPECT_EQ(mulCount, 1);
  Tensor after = evaluate(func, {x})[0];
  EXPECT_LT(relativeError(before, after), 1e-5);
}

/// Every conv -> batch_norm of mobilenet_v2 (exported with its BN nodes by
/// export_mobilenet_v2_with_bn.py): each pair, evaluated on a random input
/// of the conv's input shape, against the folded conv.
TEST_F(FoldBatchNormTest, MobileNetV2EveryConv) {
  std::string path = QMLIR_MOBILENET_V2_BN_DEFAULT;
  if (const char *env = std::getenv("QMLIR_MOBILENET_V2_BN"))
    path = env;
  auto buffer = llvm::MemoryBuffer::getFile(path);
  if (!buffer)
    GTEST_SKIP()
        << path << " not found; make it with "
        << "test/unit/passes/export_mobilenet_v2_with_bn.py (needs torch)";
  ONNXImportOptions options;
  options.sourceName = path;
  OwningOpRef<ModuleOp> module =
      importONNXModel((*buffer)->getBuffer(), &context, options);
  ASSERT_TRUE(module) << "import failed";

  // Tag each conv feeding a batch_norm and remember its unfolded result.
  struct Pair {
    Tensor input, reference;
    std::string name;
  };
  std::vector<Pair> pairs;
  auto idAttr = StringAttr::get(&context, "test.pair");
  module->walk([&](qnn::BatchNormOp bn) {
    auto conv = bn.getInput().getDefiningOp<qnn::Conv2DOp>();
    if (!conv)
      return;
    auto getConst = [](Value v) {
      return readConstant(v.getDefiningOp<arith::ConstantOp>().getValue());
    };
    Tensor bias;
    if (conv.getBias())
      bias = getConst(conv.getBias());
    Pair pair;
    pair.name = getNodeName(conv).str();
    pair.input = randomTensor(
        cast<RankedTensorType>(conv.getInput().getType()).getShape(), rng, -2,
        2);
    Tensor y = evalConv(conv, pair.input, getConst(conv.getWeight()),
                        conv.getBias() ? &bias : nullptr, nullptr);
    pair.reference =
        evalBatchNorm(bn, y, getConst(bn.getScale()), getConst(bn.getBias()),
                      getConst(bn.getMean()), getConst(bn.getVariance()));
    conv->setAttr(
        idAttr, IntegerAttr::get(IntegerType::get(&context, 64), pairs.size()));
    pairs.push_back(std::move(pair));
  });
  ASSERT_EQ(pairs.size(), 52u) << "mobilenet_v2 has 52 conv + BN pairs";

  fold(*module);
  int remaining = 0;
  module->walk([&](qnn::BatchNormOp) { ++remaining; });
  EXPECT_EQ(remaining, 0);

  double worst = 0;
  std::string worstName;
  size_t checked = 0;
  module->walk([&](qnn::Conv2DOp conv) {
    auto id = conv->getAttrOfType<IntegerAttr>(idAttr);
    if (!id)
      return;
    const Pair &pair = pairs[id.getInt()];
    auto getConst = [](Value v) {
      return readConstant(v.getDefiningOp<arith::ConstantOp>().getValue());
    };
    ASSERT_TRUE(conv.getBias()) << pair.name;
    Tensor bias = getConst(conv.getBias());
    Tensor y =
        evalConv(conv, pair.input, getConst(conv.getWeight()), &bias, nullptr);
    double err = relativeError(pair.reference, y);
    EXPECT_LT(err, 1e-5) << pair.name;
    if (err >= worst) {
      worst = err;
      worstName = pair.name;
    }
    ++checked;
  });
  EXPECT_EQ(checked, pairs.size());
  std::printf("mobilenet_v2: %zu conv+BN pairs folded, max relative error "
              "%.3g (%s)\n",
              checked, worst, worstName.c_str());
}

} // namespace

//===- FusionCapabilitiesTest.cpp - The qnn-fuse table per backend --------===//
//
// Checks the fusion table qnn-fuse builds from libquantrt's capability query
// and prints it (the per-backend summary in the qnn-fuse docs comes from
// here).
//
//===----------------------------------------------------------------------===//

#include "passes/Quantization/FusionCapabilities.h"
#include "quantrt/quantrt.h"

#include <gtest/gtest.h>

#include <cstdio>

using namespace qmlir::quantization;

namespace {

constexpr FusionProducer kProducers[] = {
    FusionProducer::Conv2D, FusionProducer::GroupedConv2D,
    FusionProducer::DepthwiseConv2D, FusionProducer::FullyConnected};
constexpr FusionActivation kFusable[] = {
    FusionActivation::Relu, FusionActivation::Relu6, FusionActivation::Clamp};

TEST(FusionCapabilities, UnknownBackend) {
  EXPECT_FALSE(FusionCapabilities::forBackend("tpu"));
  EXPECT_FALSE(FusionCapabilities::forBackend(""));
}

TEST(FusionCapabilities, LeakyReluNeverFuses) {
  for (llvm::StringRef name : FusionCapabilities::backendNames()) {
    auto caps = FusionCapabilities::forBackend(name);
    ASSERT_TRUE(caps) << name.str();
    std::printf("%s:\n%s", name.str().c_str(), caps->str().c_str());
    for (FusionProducer p : kProducers)
      for (bool residual : {false, true})
        EXPECT_FALSE(caps->canFuse(p, FusionActivation::LeakyRelu, residual));
  }
}

// ref runs every combination; onednn too, natively with VNNI or through
// its ref fallback without (so the answer does not depend on the host).
TEST(FusionCapabilities, RefAndOneDnnFuseEverything) {
  for (const char *name : {"ref", "onednn"}) {
    auto caps = FusionCapabilities::forBackend(name);
    ASSERT_TRUE(caps);
    for (FusionProducer p : kProducers) {
      EXPECT_TRUE(caps->canFuse(p, FusionActivation::None, true)) << name;
      for (FusionActivation a : kFusable)
        for (bool residual : {false, true})
          EXPECT_TRUE(caps->canFuse(p, a, residual)) << name;
    }
  }
}

TEST(FusionCapabilities, XnnpackHasNoResidual) {
  if (!qrt_backend_available(QRT_BACKEND_XNNPACK))
    GTEST_SKIP() << "xnnpack backend not built";
  auto caps = FusionCapabilities::forBackend("xnnpack");
  ASSERT_TRUE(caps);
  for (FusionProducer p : kProducers) {
    EXPECT_FALSE(caps->canFuse(p, FusionActivation::None, true));
    for (FusionActivation a : kFusable) {
      EXPECT_TRUE(caps->canFuse(p, a, false));
      EXPECT_FALSE(caps->canFuse(p, a, true));
    }
  }
}

// swish fuses on onednn and ref, never on xnnpack; into an int8 conv only
// without a residual (the int8 epilogue swishes the real conv output).
TEST(FusionCapabilities, SwishOnOnednnAndRef) {
  for (llvm::StringRef name : FusionCapabilities::backendNames()) {
    auto int8Caps = FusionCapabilities::forBackend(name);
    auto floatCaps = FusionCapabilities::forBackend(name, /*floatModel=*/true);
    ASSERT_TRUE(int8Caps && floatCaps) << name.str();
    std::printf("%s (float model):\n%s", name.str().c_str(),
                floatCaps->str().c_str());
    bool xnnpack =
        name == "xnnpack" && qrt_backend_available(QRT_BACKEND_XNNPACK);
    for (FusionProducer p : kProducers)
      for (bool residual : {false, true}) {
        EXPECT_EQ(int8Caps->canFuse(p, FusionActivation::Swish, residual),
                  !xnnpack && !residual)
            << name.str();
        EXPECT_EQ(floatCaps->canFuse(p, FusionActivation::Swish, residual),
                  !xnnpack)
            << name.str();
        for (FusionActivation a : kFusable)
          EXPECT_EQ(floatCaps->canFuse(p, a, residual),
                    int8Caps->canFuse(p, a, residual))
              << name.str();
      }
  }
}

} // namespace

//===- FusionCapabilities.h - What each backend runs fused ------*- C++ -*-===//
//
// The one table `qnn-fuse` (and later passes that need to agree with it)
// consult to decide whether an epilogue may fuse into a conv2d or
// fully_connected for a backend. It is built by asking libquantrt
// (`qrt_backend_supports`), so the compiler and the runtime cannot disagree.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_PASSES_QUANTIZATION_FUSIONCAPABILITIES_H
#define QMLIR_PASSES_QUANTIZATION_FUSIONCAPABILITIES_H

#include "dialects/QNN/QNNDialect.h"
#include "mlir/IR/Operation.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <array>
#include <optional>
#include <string>

namespace qmlir::quantization {

/// Shapes of fusable producer the runtime distinguishes.
enum class FusionProducer {
  Conv2D,
  GroupedConv2D,
  DepthwiseConv2D,
  FullyConnected
};
/// Epilogue activations; `None` means "residual only" or "nothing fused".
enum class FusionActivation { None, Relu, Relu6, Clamp, LeakyRelu, Swish };

/// Per backend: may a producer carry an activation and/or a residual?
///
/// An entry is true iff fusing does not cost a native kernel:
///  - the backend runs the fused combination natively, or
///  - the backend does not run even the unfused producer natively on this
///    host (the runtime will fall back to `ref` either way), and `ref` runs
///    the fused combination.
/// Queries use the backend's default int8 types: u8 activations x s8
/// per-channel weights -> u8 for onednn and ref, s8 x s8 per-channel -> s8
/// (XNNPACK qc8; it has no u8 x s8 path) for xnnpack; f32 throughout for a
/// model that stays float. leaky_relu has no runtime activation kind, so it
/// never fuses.
class FusionCapabilities {
public:
  /// The table of backend `name` (onednn, xnnpack, ref) for an int8 model,
  /// or for a float one with `floatModel`; nullopt for an unknown name.
  static std::optional<FusionCapabilities>
  forBackend(llvm::StringRef name, bool floatModel = false);
  /// Backend names forBackend accepts.
  static llvm::ArrayRef<llvm::StringRef> backendNames();

  bool canFuse(FusionProducer producer, FusionActivation activation,
               bool residual) const {
    return table[index(producer, activation, residual)];
  }
  /// Same, for an existing qnn.conv2d / qnn.fully_connected (false for other
  /// ops).
  bool canFuse(mlir::Operation *producer, FusionActivation activation,
               bool residual) const;

  /// Renders the table, one line per producer kind (for docs and debugging).
  std::string str() const;

private:
  static constexpr int kProducers = 4, kActivations = 6;
  static int index(FusionProducer p, FusionActivation a, bool residual) {
    return (static_cast<int>(p) * kActivations + static_cast<int>(a)) * 2 +
           residual;
  }
  std::array<bool, kProducers * kActivations * 2> table{};
};

/// The table key of a qnn activation attribute (clamp 0..6 is relu6).
FusionActivation getFusionActivation(qnn::ActivationAttr activation);

} // namespace qmlir::quantization

#endif // QMLIR_PASSES_QUANTIZATION_FUSIONCAPABILITIES_H

//===- KernelParams.h - qrt op attributes -> libquantrt params structs ----===//
//
// The compiler targets the host, so a kernel's params struct is built as the
// real C struct of include/quantrt/quantrt.h and emitted as bytes: a Blob is
// the struct's host bytes plus the pointer fields that must point at other
// globals (weights, per-channel scales, descriptor arrays, strings).
// convert-qrt-to-llvm turns each Blob into one LLVM global.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_PASSES_CONVERSION_QRTTOLLVM_KERNELPARAMS_H
#define QMLIR_PASSES_CONVERSION_QRTTOLLVM_KERNELPARAMS_H

#include "mlir/IR/Operation.h"
#include "mlir/IR/Value.h"
#include "mlir/Support/LLVM.h"
#include "llvm/ADT/SmallVector.h"

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace qmlir::conversion::qrt_to_llvm {

/// A pointer field of a Blob, at byte `offset`, holding the address of the
/// global `symbol`.
struct PointerPatch {
  uint64_t offset;
  std::string symbol;
};

/// Constant data with the host's layout: `bytes` verbatim except the
/// pointer fields listed in `patches` (left zero in `bytes`).
struct Blob {
  std::vector<uint8_t> bytes;
  std::vector<PointerPatch> patches;
  uint64_t alignment = 8;

  template <typename T>
  static Blob of(const T &value) {
    Blob blob;
    blob.bytes.resize(sizeof(T));
    std::memcpy(blob.bytes.data(), &value, sizeof(T));
    blob.alignment = alignof(T);
    return blob;
  }
  static Blob ofBytes(const void *data, size_t size, uint64_t alignment) {
    Blob blob;
    blob.bytes.assign(static_cast<const uint8_t *>(data),
                      static_cast<const uint8_t *>(data) + size);
    blob.alignment = alignment;
    return blob;
  }
  /// A NUL-terminated string.
  static Blob ofString(llvm::StringRef text) {
    Blob blob;
    blob.bytes.assign(text.begin(), text.end());
    blob.bytes.push_back(0);
    blob.alignment = 1;
    return blob;
  }
  /// Records that the pointer at `field` (inside the struct at `base`, whose
  /// bytes this blob holds) points at `symbol`.
  void patch(const void *base, const void *field, std::string symbol) {
    patches.push_back({static_cast<uint64_t>(static_cast<const char *>(field) -
                                             static_cast<const char *>(base)),
                       std::move(symbol)});
  }
};

/// Where the fillers put the data a params struct points at.
class GlobalSink {
public:
  virtual ~GlobalSink() = default;
  /// Emits `blob` as a private constant global; returns its symbol.
  virtual std::string addBlob(Blob blob, llvm::StringRef nameHint) = 0;
  /// The symbol of the constant global `buffer` reads (memref.get_global),
  /// or failure with a diagnostic on `user` (`role` names the operand).
  virtual mlir::FailureOr<std::string> constantSymbol(mlir::Operation *user,
                                                      mlir::Value buffer,
                                                      llvm::StringRef role) = 0;
};

/// One runtime kernel of a qrt op: how to create it and what it runs on.
struct KernelCall {
  /// qrt_<family>_create.
  std::string createFunction;
  /// The qrt_<family>_params struct.
  Blob params;
  /// qrt_backend.
  int32_t backend = 0;
  /// qrt_kernel_run's activation inputs, in the family's order.
  llvm::SmallVector<mlir::Value> runInputs;
  mlir::Value output;
};

/// Fills the params of a qrt kernel op; failure (with a diagnostic on `op`)
/// for ops it does not know or operands that cannot be lowered.
mlir::FailureOr<KernelCall> buildKernelCall(mlir::Operation *op,
                                            GlobalSink &sink);

/// The qrt_tensor_desc (plus per-channel scale patches) of an f32/int8
/// buffer type, e.g. for qrt_observer_update.
Blob buildTensorDescBlob(mlir::Type memrefType, GlobalSink &sink,
                         llvm::StringRef nameHint);

/// The qrt_dtype of an element type, or -1.
int32_t runtimeDType(mlir::Type elementType);

/// Element size in bytes (0 if not a byte-sized int/float).
int64_t elementBytes(mlir::Type elementType);

} // namespace qmlir::conversion::qrt_to_llvm

#endif // QMLIR_PASSES_CONVERSION_QRTTOLLVM_KERNELPARAMS_H

//===- Compiler.h - The stages of quant-compile as library calls -*- C++ -*-===//
//
// quant-compile is a thin command line over these functions: import an ONNX
// file, run the quantization pipelines, lower to the LLVM dialect through
// qrt (the same path for the observed, the int8 and the float model), and
// emit MLIR, LLVM IR, an object or a model .so next to its runtime.
// Every failure is an MLIR diagnostic plus failure(); nothing exits.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_LIB_COMPILER_COMPILER_H
#define QMLIR_LIB_COMPILER_COMPILER_H

#include "lib/Target/EmitSharedLibrary.h"
#include "quant-mlir/Import/ONNX.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "mlir/Support/LLVM.h"

#include <optional>
#include <string>
#include <vector>

namespace qmlir::compiler {

enum class EmitKind { MLIR, LLVM, Object, SharedLibrary };

/// "mlir", "llvm", "obj", "so".
std::optional<EmitKind> parseEmitKind(llvm::StringRef name);

/// Where libquantrt (the library every model links) lives.
struct RuntimeLocation {
  std::string libraryDir; ///< holds libquantrt.so
};

/// `explicitDir` if given; else the build tree's runtime directory (compiled
/// in); else `<dir of the running executable>/../lib`. An error names every
/// place tried.
mlir::FailureOr<RuntimeLocation> findRuntime(mlir::Location loc,
                                             llvm::StringRef explicitDir,
                                             const char *argv0);

/// The default backend: onednn where oneDNN is built and the CPU has VNNI,
/// else xnnpack where built, else ref.
std::string defaultBackend();

/// Reads and imports an ONNX file (binary or textual syntax).
mlir::OwningOpRef<mlir::ModuleOp>
importModelFile(mlir::MLIRContext &context, llvm::StringRef path,
                const ONNXImportOptions &options);

/// True if the model already carries quantization (QuantizeLinear /
/// DequantizeLinear / QLinear* nodes imported as quant.qcast / quant.dcast):
/// it compiles without calibration.
bool isPrequantized(mlir::ModuleOp module);

/// Runs a textual pass pipeline on the module ("canonicalize,func.func(...)"),
/// with the registered passes. `what` names the step in the error.
mlir::LogicalResult runPipeline(mlir::ModuleOp module, llvm::StringRef pipeline,
                                llvm::StringRef what);

/// One input or output of the compiled model, as its C API reports it.
struct TensorSignature {
  std::string name;
  std::string dtype; ///< "f32", "u8", "s8"
  std::vector<int64_t> shape;
  /// u8/s8 only (the `qrt.quant` boundary attribute; raw data: 1 and 0).
  double scale = 1.0;
  int32_t zeroPoint = 0;
};

struct ModelSignature {
  std::string name;
  std::string backend;
  std::string precision; ///< "int8", "float", "observed"
  std::vector<TensorSignature> inputs, outputs;
  int64_t arenaBytes = 0;
  int64_t numKernels = 0;
};

struct LoweringOptions {
  std::string backend = "onednn";
  std::string modelName = "model";
  std::string precision = "int8";
  /// convert-qnn-to-qrt's io: "float" (f32 I/O of a model quantized here)
  /// or "int8" (raw u8/s8 where a qcast/dcast sits at the boundary).
  std::string io = "float";
  /// Filled in (if not null) after qrt-plan-arena, before the LLVM lowering.
  ModelSignature *signature = nullptr;
};

/// convert-qnn-to-qrt{backend io}, qrt-plan-arena, convert-qrt-to-llvm: the
/// module ends in the LLVM dialect, exporting the qmodel_* API.
mlir::LogicalResult lowerToLLVM(mlir::ModuleOp module,
                                const LoweringOptions &options);

struct ArtifactOptions {
  EmitKind kind = EmitKind::SharedLibrary;
  std::string output;
  RuntimeLocation runtime;
  /// Copy libquantrt.so next to a .so output and link with $ORIGIN (the
  /// folder can be shipped and moved). Otherwise the run path is the
  /// runtime's directory.
  bool shipRuntime = true;
  target::TargetOptions target;
};

/// Writes the module (MLIR: any stage; llvm/obj/so: after lowerToLLVM).
mlir::LogicalResult emitArtifact(mlir::ModuleOp module,
                                 const ArtifactOptions &options);

/// The C header describing one compiled model: the qmodel API declarations
/// (self-contained, from include/quantrt/qmodel.h) plus the model's inputs
/// and outputs as comments and constants.
std::string generateModelHeader(const ModelSignature &signature);

/// Writes generateModelHeader(signature) to `path` (errors at `loc`).
mlir::LogicalResult writeModelHeader(mlir::Location loc, llvm::StringRef path,
                                     const ModelSignature &signature);

} // namespace qmlir::compiler

#endif // QMLIR_LIB_COMPILER_COMPILER_H

//===- EmitSharedLibrary.h - LLVM dialect -> LLVM IR -> .o -> .so ---------===//
//
// The target step of the AOT compiler: a module already lowered to the LLVM
// dialect becomes LLVM IR, is optimized for the host CPU, is compiled to an
// object file in process (TargetMachine), and is linked into a shared library
// by the system C compiler driver (`cc -shared ... -Wl,-z,defs`).
//
// Every failure is reported as an MLIR diagnostic (on the module's location,
// or on the location passed in) and returned as failure(): nothing here
// crashes or exits.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_LIB_TARGET_EMITSHAREDLIBRARY_H
#define QMLIR_LIB_TARGET_EMITSHAREDLIBRARY_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Location.h"
#include "mlir/Support/LLVM.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <memory>
#include <string>
#include <vector>

namespace llvm {
class LLVMContext;
class Module;
class TargetMachine;
class raw_ostream;
} // namespace llvm

namespace mlir {
class DialectRegistry;
} // namespace mlir

namespace qmlir::target {

enum class OptLevel { O0, O1, O2, O3 };

/// Code generation options. Empty strings mean "the host": the process
/// triple, llvm::sys::getHostCPUName() and llvm::sys::getHostCPUFeatures().
struct TargetOptions {
  OptLevel optLevel = OptLevel::O2;
  std::string triple;
  std::string cpu;
  /// Comma-separated "+feat,-feat" list. Only used verbatim when `cpu` is set
  /// too; with a host CPU, these are appended to the host's features.
  std::string features;
};

/// How the objects are linked into a shared library.
struct LinkOptions {
  /// The C compiler driver used as linker: a name looked up on PATH, or a
  /// path. `cc` by default.
  std::string linker = "cc";
  /// -L<dir> for each.
  std::vector<std::string> libraryPaths;
  /// -l<name> for each (e.g. "quantrt"), after the objects.
  std::vector<std::string> libraries;
  /// Adds -Wl,-rpath,$ORIGIN: libraries next to the .so are found at load
  /// time wherever the directory is moved (the way to ship libquantrt).
  bool rpathOrigin = false;
  /// Absolute (or $ORIGIN-relative) run paths, -Wl,-rpath,<dir> for each.
  std::vector<std::string> rpaths;
  /// Anything else, passed verbatim after the libraries.
  std::vector<std::string> extraArgs;
};

struct EmitOptions {
  TargetOptions target;
  LinkOptions link;
  /// Run LLVM's default per-module pipeline at target.optLevel before
  /// emitting (O0 skips it).
  bool optimize = true;
};

/// Registers the LLVM IR translation interfaces this step needs (builtin and
/// LLVM dialects) in `registry`.
void registerTranslations(mlir::DialectRegistry &registry);

/// Translates `module`, which must contain only LLVM dialect operations (and
/// builtin.module), to LLVM IR in `llvmContext`. Registers the builtin and
/// LLVM dialect translations in the module's context.
mlir::FailureOr<std::unique_ptr<llvm::Module>>
translateToLLVMIR(mlir::ModuleOp module, llvm::LLVMContext &llvmContext);

/// Creates a TargetMachine for `options` (host by default), position
/// independent code, at options.optLevel. Initializes the native target.
mlir::FailureOr<std::unique_ptr<llvm::TargetMachine>>
createHostTargetMachine(mlir::Location loc, const TargetOptions &options = {});

/// Sets `llvmModule`'s target triple and data layout from `targetMachine`.
void configureModuleForTarget(llvm::Module &llvmModule,
                              llvm::TargetMachine &targetMachine);

/// Runs LLVM's default module pipeline (O1..O3; O0 does nothing). The module
/// must have been configured for `targetMachine`.
mlir::LogicalResult optimizeModule(mlir::Location loc,
                                   llvm::Module &llvmModule,
                                   llvm::TargetMachine &targetMachine,
                                   OptLevel level);

/// Compiles `llvmModule` to an ELF object at `path` (written atomically: a
/// failed emission leaves no file behind).
mlir::LogicalResult emitObjectFile(mlir::Location loc,
                                   llvm::Module &llvmModule,
                                   llvm::TargetMachine &targetMachine,
                                   llvm::StringRef path);

/// Links `objects` into the shared library `output` with
///   <linker> -shared -o <output> <objects> -Wl,-z,defs -L.. -l.. -Wl,-rpath,..
/// On failure, the linker's output (e.g. the undefined symbols) is part of
/// the diagnostic.
mlir::LogicalResult linkSharedLibrary(mlir::Location loc,
                                      llvm::ArrayRef<std::string> objects,
                                      llvm::StringRef output,
                                      const LinkOptions &options = {});

/// --emit=llvm: the LLVM IR that would be compiled (configured for the
/// target and optimized as `options` say).
mlir::LogicalResult emitLLVMIR(mlir::ModuleOp module, llvm::raw_ostream &os,
                               const EmitOptions &options = {});

/// --emit=obj: the object file.
mlir::LogicalResult emitObject(mlir::ModuleOp module, llvm::StringRef path,
                               const EmitOptions &options = {});

/// --emit=so: translate, optimize, emit a temporary object, link `output`.
mlir::LogicalResult emitSharedLibrary(mlir::ModuleOp module,
                                      llvm::StringRef output,
                                      const EmitOptions &options = {});

} // namespace qmlir::target

#endif // QMLIR_LIB_TARGET_EMITSHAREDLIBRARY_H

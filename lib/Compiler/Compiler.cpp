//===- Compiler.cpp - The stages of quant-compile as library calls --------===//

#include "lib/Compiler/Compiler.h"

#include "dialects/QRT/QRTOps.h"
#include "quantrt/quantrt.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace qmlir;
using namespace qmlir::compiler;

std::optional<EmitKind> compiler::parseEmitKind(llvm::StringRef name) {
  return llvm::StringSwitch<std::optional<EmitKind>>(name)
      .Case("mlir", EmitKind::MLIR)
      .Case("llvm", EmitKind::LLVM)
      .Case("obj", EmitKind::Object)
      .Case("so", EmitKind::SharedLibrary)
      .Default(std::nullopt);
}

//===----------------------------------------------------------------------===//
// Runtime location and backend
//===----------------------------------------------------------------------===//

static bool hasRuntimeLibrary(llvm::StringRef dir) {
  llvm::SmallString<256> path(dir);
  llvm::sys::path::append(path, "libquantrt.so");
  return llvm::sys::fs::exists(path);
}

FailureOr<RuntimeLocation> compiler::findRuntime(Location loc,
                                                 llvm::StringRef explicitDir,
                                                 const char *argv0) {
  std::vector<std::string> tried;
  auto attempt = [&](llvm::StringRef dir) -> bool {
    if (dir.empty())
      return false;
    tried.push_back(dir.str());
    return hasRuntimeLibrary(dir);
  };
  if (!explicitDir.empty()) {
    if (attempt(explicitDir))
      return RuntimeLocation{explicitDir.str()};
    return emitError(loc) << "no libquantrt.so in --runtime-dir '"
                          << explicitDir << "'";
  }
  // Installed layout: <prefix>/bin/quant-compile, <prefix>/lib/libquantrt.so.
  std::string exe = llvm::sys::fs::getMainExecutable(
      argv0, reinterpret_cast<void *>(&compiler::findRuntime));
  if (!exe.empty()) {
    llvm::SmallString<256> dir(llvm::sys::path::parent_path(
        llvm::sys::path::parent_path(exe)));
    llvm::SmallString<256> lib(dir), runtime(dir);
    llvm::sys::path::append(lib, "lib");
    llvm::sys::path::append(runtime, "runtime"); // build tree: build/runtime
    if (attempt(runtime))
      return RuntimeLocation{runtime.str().str()};
    if (attempt(lib))
      return RuntimeLocation{lib.str().str()};
  }
#ifdef QMLIR_RUNTIME_BUILD_DIR
  if (attempt(QMLIR_RUNTIME_BUILD_DIR))
    return RuntimeLocation{QMLIR_RUNTIME_BUILD_DIR};
#endif
  InFlightDiagnostic diag = emitError(loc)
                            << "cannot find libquantrt.so (use --runtime-dir); "
                               "looked in:";
  for (const std::string &dir : tried)
    diag << " '" << dir << "'";
  return diag;
}

std::string compiler::defaultBackend() {
  if (qrt_backend_available(QRT_BACKEND_ONEDNN) && qrt_cpu_has_vnni())
    return "onednn";
  if (qrt_backend_available(QRT_BACKEND_XNNPACK))
    return "xnnpack";
  if (qrt_backend_available(QRT_BACKEND_ONEDNN))
    return "onednn";
  return "ref";
}

//===----------------------------------------------------------------------===//
// Import and pipelines
//===----------------------------------------------------------------------===//

OwningOpRef<ModuleOp>
compiler::importModelFile(MLIRContext &context, llvm::StringRef path,
                          const ONNXImportOptions &options) {
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!buffer) {
    emitError(FileLineColLoc::get(&context, path, 0, 0))
        << "cannot read '" << path << "': " << buffer.getError().message();
    return nullptr;
  }
  ONNXImportOptions opts = options;
  opts.sourceName = path.str();
  return importONNXModel((*buffer)->getBuffer(), &context, opts);
}

bool compiler::isPrequantized(ModuleOp module) {
  bool found = false;
  module.walk([&](Operation *op) {
    if (isa<quant::QuantizeCastOp, quant::DequantizeCastOp>(op)) {
      found = true;
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  return found;
}

LogicalResult compiler::runPipeline(ModuleOp module, llvm::StringRef pipeline,
                                    llvm::StringRef what) {
  PassManager pm(module->getName());
  std::string errors;
  llvm::raw_string_ostream errorStream(errors);
  if (failed(parsePassPipeline(pipeline, pm, errorStream)))
    return module.emitError("internal error: bad ")
           << what << " pipeline '" << pipeline << "': " << errors;
  if (failed(pm.run(module)))
    return module.emitError(what) << " failed";
  return success();
}

//===----------------------------------------------------------------------===//
// Lowering
//===----------------------------------------------------------------------===//

static std::string dtypeOf(Type t) {
  if (t.isF32())
    return "f32";
  if (t.isUnsignedInteger(8))
    return "u8";
  if (t.isSignedInteger(8) || t.isSignlessInteger(8))
    return "s8";
  std::string s;
  llvm::raw_string_ostream os(s);
  os << t;
  return s;
}

static void collectSignature(ModuleOp module, const LoweringOptions &options,
                             ModelSignature &sig) {
  sig.name = options.modelName;
  sig.backend = options.backend;
  sig.precision = options.precision;
  for (auto func : module.getOps<func::FuncOp>()) {
    if (func.isExternal())
      continue;
    auto addAll = [&](TypeRange types, bool results,
                      std::vector<TensorSignature> &into) {
      for (auto [i, type] : llvm::enumerate(types)) {
        TensorSignature t;
        auto name = results ? func.getResultAttrOfType<StringAttr>(i, "qnn.name")
                            : func.getArgAttrOfType<StringAttr>(i, "qnn.name");
        t.name = name ? name.str()
                      : (results ? "output" : "input") + std::to_string(i);
        if (auto shaped = dyn_cast<ShapedType>(type)) {
          t.dtype = dtypeOf(shaped.getElementType());
          t.shape.assign(shaped.getShape().begin(), shaped.getShape().end());
        }
        auto quant =
            results ? func.getResultAttrOfType<qrt::QuantAttr>(i, "qrt.quant")
                    : func.getArgAttrOfType<qrt::QuantAttr>(i, "qrt.quant");
        if (quant && !quant.isPerChannel()) {
          t.scale = quant.getScaleValue();
          t.zeroPoint = quant.getZeroPoint();
        }
        into.push_back(std::move(t));
      }
    };
    addAll(func.getArgumentTypes(), false, sig.inputs);
    addAll(func.getResultTypes(), true, sig.outputs);
    if (auto bytes = func->getAttrOfType<IntegerAttr>("qrt.arena_bytes"))
      sig.arenaBytes = bytes.getInt();
    func.walk([&](Operation *op) {
      if (op->getDialect() && op->getDialect()->getNamespace() == "qrt")
        ++sig.numKernels;
    });
    break;
  }
}

LogicalResult compiler::lowerToLLVM(ModuleOp module,
                                    const LoweringOptions &options) {
  Builder b(module.getContext());
  module->setAttr("qmodel.name", b.getStringAttr(options.modelName));
  module->setAttr("qmodel.backend", b.getStringAttr(options.backend));
  module->setAttr("qmodel.precision", b.getStringAttr(options.precision));
  if (failed(runPipeline(module,
                         "convert-qnn-to-qrt{backend=" + options.backend +
                             " io=" + options.io +
                             "},func.func(qrt-plan-arena)",
                         "kernel selection (convert-qnn-to-qrt)")))
    return failure();
  if (options.signature)
    collectSignature(module, options, *options.signature);
  return runPipeline(module, "convert-qrt-to-llvm",
                     "code generation (convert-qrt-to-llvm)");
}

//===----------------------------------------------------------------------===//
// Artifacts
//===----------------------------------------------------------------------===//

static LogicalResult writeText(Location loc, llvm::StringRef path,
                               llvm::function_ref<void(llvm::raw_ostream &)> write) {
  std::error_code ec;
  llvm::ToolOutputFile out(path, ec, llvm::sys::fs::OF_Text);
  if (ec)
    return emitError(loc) << "cannot write '" << path << "': " << ec.message();
  write(out.os());
  out.keep();
  return success();
}

static LogicalResult copyRuntimeNextTo(Location loc, llvm::StringRef output,
                                       const RuntimeLocation &runtime) {
  llvm::SmallString<256> src(runtime.libraryDir), dst;
  llvm::sys::path::append(src, "libquantrt.so");
  llvm::SmallString<256> outDir(llvm::sys::path::parent_path(output));
  if (outDir.empty())
    outDir = ".";
  dst = outDir;
  llvm::sys::path::append(dst, "libquantrt.so");
  llvm::SmallString<256> realSrc, realDst;
  if (!llvm::sys::fs::real_path(src, realSrc) &&
      !llvm::sys::fs::real_path(dst, realDst) && realSrc == realDst)
    return success(); // already there
  // Copy to a temporary name and rename, so a model already loaded from this
  // folder keeps its mapping intact.
  llvm::SmallString<256> tmp(dst);
  tmp += ".tmp";
  if (std::error_code ec = llvm::sys::fs::copy_file(src, tmp))
    return emitError(loc) << "cannot copy '" << src << "' to '" << tmp
                          << "': " << ec.message();
  if (std::error_code ec = llvm::sys::fs::rename(tmp, dst))
    return emitError(loc) << "cannot move '" << tmp << "' to '" << dst
                          << "': " << ec.message();
  return success();
}

LogicalResult compiler::emitArtifact(ModuleOp module,
                                     const ArtifactOptions &options) {
  Location loc = module.getLoc();
  target::EmitOptions emit;
  emit.target = options.target;
  switch (options.kind) {
  case EmitKind::MLIR:
    return writeText(loc, options.output, [&](llvm::raw_ostream &os) {
      module->print(os, OpPrintingFlags().enableDebugInfo(true, false));
      os << "\n";
    });
  case EmitKind::LLVM: {
    std::string text;
    llvm::raw_string_ostream os(text);
    if (failed(target::emitLLVMIR(module, os, emit)))
      return failure();
    return writeText(loc, options.output,
                     [&](llvm::raw_ostream &out) { out << text; });
  }
  case EmitKind::Object:
    return target::emitObject(module, options.output, emit);
  case EmitKind::SharedLibrary:
    break;
  }
  emit.link.libraryPaths.push_back(options.runtime.libraryDir);
  emit.link.libraries.push_back("quantrt");
  // The SONAME is the file name, so programs linked against the model record
  // "digits.so" (found through their run path), not the build directory.
  emit.link.extraArgs.push_back(
      ("-Wl,-soname," + llvm::sys::path::filename(options.output)).str());
  if (options.shipRuntime) {
    emit.link.rpathOrigin = true;
    if (failed(copyRuntimeNextTo(loc, options.output, options.runtime)))
      return failure();
  } else {
    emit.link.rpaths.push_back(options.runtime.libraryDir);
  }
  return target::emitSharedLibrary(module, options.output, emit);
}

//===----------------------------------------------------------------------===//
// The per-model header
//===----------------------------------------------------------------------===//

static const char kQModelHeader[] =
#include "QModelHeader.inc"
    ;

static std::string macroName(llvm::StringRef name) {
  std::string out;
  for (char c : name)
    out += llvm::isAlnum(c) ? llvm::toUpper(c) : '_';
  if (out.empty() || llvm::isDigit(out[0]))
    out = "_" + out;
  return out;
}

std::string compiler::generateModelHeader(const ModelSignature &sig) {
  std::string text;
  llvm::raw_string_ostream os(text);
  std::string guard = "QMODEL_" + macroName(sig.name) + "_H";
  os << "/* Generated by quant-compile: the C API of model '" << sig.name
     << "' (" << sig.precision << ", " << sig.backend << " kernels).\n"
     << " *\n";
  auto describe = [&](llvm::StringRef kind,
                      const std::vector<TensorSignature> &tensors) {
    for (auto [i, t] : llvm::enumerate(tensors)) {
      os << " *   " << kind << " " << i << ": '" << t.name << "' " << t.dtype
         << " [";
      llvm::interleave(t.shape, os, ", ");
      os << "]";
      if (t.dtype != "f32")
        os << " (scale " << llvm::format("%g", t.scale) << ", zero point "
           << t.zeroPoint << ")";
      os << "\n";
    }
  };
  describe("input ", sig.inputs);
  describe("output", sig.outputs);
  os << " *\n * Link with -l:<model>.so (or dlopen it); libquantrt.so must be "
        "found at load time\n * (quant-compile puts it next to the model). "
        "*/\n"
     << "#ifndef " << guard << "\n#define " << guard << "\n\n"
     << kQModelHeader << "\n";
  auto constants = [&](llvm::StringRef kind,
                       const std::vector<TensorSignature> &tensors) {
    os << "#define QMODEL_NUM_" << kind << "S " << tensors.size() << "\n";
    for (auto [i, t] : llvm::enumerate(tensors)) {
      std::string prefix = ("QMODEL_" + kind + "_" + llvm::Twine(i)).str();
      int64_t elements = 1;
      for (int64_t d : t.shape)
        elements *= d;
      os << "#define " << prefix << "_NAME \"" << t.name << "\"\n"
         << "#define " << prefix << "_DTYPE QMODEL_"
         << llvm::StringRef(t.dtype).upper() << "\n"
         << "#define " << prefix << "_RANK " << t.shape.size() << "\n"
         << "#define " << prefix << "_DIMS {";
      llvm::interleave(t.shape, os, ", ");
      os << "}\n#define " << prefix << "_ELEMENTS " << elements << "\n";
      if (t.dtype != "f32")
        os << "#define " << prefix << "_SCALE " << llvm::format("%.9gf", t.scale)
           << "\n#define " << prefix << "_ZERO_POINT " << t.zeroPoint << "\n";
    }
  };
  constants("INPUT", sig.inputs);
  constants("OUTPUT", sig.outputs);
  os << "\n#endif /* " << guard << " */\n";
  return text;
}

LogicalResult compiler::writeModelHeader(Location loc, llvm::StringRef path,
                                         const ModelSignature &signature) {
  return writeText(loc, path, [&](llvm::raw_ostream &os) {
    os << generateModelHeader(signature);
  });
}

//===- quant-compile.cpp - ONNX model + calibration data -> int8 model .so ===//
//
// `quant-compile model.onnx --calib DATA -o model.so`: import, prepare
// (fold BatchNorm, fuse, observers), compile the observed float model and run
// the calibration samples through it, assign scales, lower Q/DQ, select
// kernels, plan the arena, generate code, link. Also compiles QDQ models
// without calibration and float models (--no-quantize) through the same path.
//
//===----------------------------------------------------------------------===//

#include "lib/Compiler/Calibration.h"
#include "lib/Compiler/Compiler.h"
#include "lib/Support/Progress.h"

#include "dialects/QNN/QNNOps.h"
#include "quant-mlir/InitAll.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Support/Timing.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"

#include <chrono>

using namespace mlir;
using namespace qmlir;
namespace cl = llvm::cl;

static cl::OptionCategory category("quant-compile options");

static cl::opt<std::string> inputFile(cl::Positional, cl::Required,
                                      cl::desc("<model.onnx>"),
                                      cl::cat(category));
static cl::opt<std::string>
    outputFile("o", cl::Required,
               cl::desc("Output file (.so, .o, .ll or .mlir by --emit)"),
               cl::value_desc("file"), cl::cat(category));
static cl::opt<std::string> calibPath(
    "calib",
    cl::desc("Calibration samples: .npy/.npz (first axis = samples), a "
             "folder of .npy/.pb/image files, or ONNX test data sets"),
    cl::value_desc("path"), cl::cat(category));
static cl::opt<int64_t> calibLimit("calib-limit",
                                   cl::desc("Use at most N calibration samples"),
                                   cl::init(0), cl::value_desc("N"),
                                   cl::cat(category));
static cl::opt<std::string>
    backend("backend",
            cl::desc("Kernel library: onednn, xnnpack or ref (default: "
                     "onednn where the CPU has VNNI, else xnnpack)"),
            cl::cat(category));
static cl::opt<std::string>
    ioMode("io",
           cl::desc("Float inputs/outputs that are quantized at the model's "
                    "boundary: float (f32, quantized inside) or int8 (raw "
                    "u8/s8, scale and zero point in qmodel_info)"),
           cl::init("float"), cl::value_desc("float|int8"), cl::cat(category));
static cl::opt<std::string>
    method("method",
           cl::desc("Activation range estimator: minmax, percentile, "
                    "entropy, mse"),
           cl::init("minmax"), cl::cat(category));
static cl::opt<double> percentile("percentile",
                                  cl::desc("Percentile for --method=percentile"),
                                  cl::init(99.99), cl::cat(category));
static cl::opt<std::string> activationDtype(
    "activation-dtype",
    cl::desc("Default activation type, u8 or s8 (default: s8 for xnnpack, "
             "whose int8 kernels are s8, else u8); --qconfig overrides it"),
    cl::cat(category));
static cl::opt<std::string> qconfig("qconfig",
                                    cl::desc("Quantization config (JSON)"),
                                    cl::value_desc("file"), cl::cat(category));
static cl::opt<bool> noQuantize(
    "no-quantize",
    cl::desc("Compile the float model through the same path (no "
             "calibration)"),
    cl::cat(category));
static cl::opt<std::string>
    emitKind("emit",
             cl::desc("What to write: so (default), obj, llvm (LLVM IR), mlir "
                      "(the quantized model in the qnn dialect)"),
             cl::init("so"), cl::cat(category));
static cl::list<std::string>
    loadStats("load-stats",
              cl::desc("Merge calibration statistics saved by --save-stats "
                       "(repeatable: shards merge exactly)"),
              cl::value_desc("file"), cl::cat(category));
static cl::opt<std::string>
    saveStats("save-stats",
              cl::desc("Write the calibration statistics (after merging) to "
                       "a file"),
              cl::value_desc("file"), cl::cat(category));
/// Threads of the calibration runs. Registered in main(): libLLVM.so has a
/// global "threads" option that would clash at static initialization.
static int threads = 1;
static cl::list<std::string> inputShapes(
    "input-shape",
    cl::desc("Static shape of a graph input: name=1x3x224x224 (repeatable)"),
    cl::value_desc("name=DxDx..."), cl::cat(category));
static cl::opt<int> resize("resize",
                           cl::desc("Images: resize the shorter side to N "
                                    "pixels (default: just cover the crop)"),
                           cl::init(-1), cl::cat(category));
static cl::opt<std::string>
    crop("crop", cl::desc("Images: center crop HxW or N (default: the "
                          "model input's size)"),
         cl::cat(category));
static cl::opt<std::string>
    meanOpt("mean", cl::desc("Images: per-channel mean, comma-separated "
                             "(after scaling to [0, 1])"),
            cl::cat(category));
static cl::opt<std::string>
    stdOpt("std", cl::desc("Images: per-channel std, comma-separated"),
           cl::cat(category));
static cl::opt<std::string> modelName(
    "name", cl::desc("Model name reported by qmodel_info (default: file stem)"),
    cl::cat(category));
static cl::opt<bool> noHeader("no-header",
                              cl::desc("Do not write <output>.h beside a .so"),
                              cl::cat(category));
static cl::opt<std::string>
    runtimeDir("runtime-dir", cl::desc("Directory holding libquantrt.so"),
               cl::cat(category));
static cl::opt<bool> noShipRuntime(
    "no-ship-runtime",
    cl::desc("Do not copy libquantrt.so next to the output; use an absolute "
             "run path to the runtime instead"),
    cl::cat(category));
static cl::opt<std::string> reportFile(
    "report",
    cl::desc("Write the per-node int8/float report (qnn-report) to a file "
             "('-' for stdout)"),
    cl::value_desc("file"), cl::cat(category));
static cl::opt<std::string> progressMode(
    "progress", cl::desc("Calibration progress bar: auto, always, never"),
    cl::init("auto"), cl::cat(category));
static cl::opt<std::string> targetCpu(
    "mcpu", cl::desc("Target CPU for code generation (default: this host)"),
    cl::cat(category));
static cl::opt<std::string> targetFeatures(
    "mattr", cl::desc("Target features, e.g. +avx2,-avx512f"),
    cl::cat(category));
static cl::opt<bool> quiet("quiet", cl::desc("Print only errors"),
                           cl::cat(category));
static cl::opt<bool> showRemarks(
    "remarks",
    cl::desc("Print the passes' remarks: nodes left in float and why, "
             "kernels that fall back to ref, arena plans"),
    cl::cat(category));

namespace {

/// Prints what happens, with the time each step took, unless --quiet.
class StepLog {
public:
  void step(llvm::StringRef what) {
    finish();
    if (!quiet)
      llvm::errs() << what << "...";
    current = what.str();
    start = std::chrono::steady_clock::now();
  }
  void note(const llvm::Twine &text) {
    if (!quiet)
      llvm::errs() << " " << text;
  }
  void finish() {
    if (current.empty())
      return;
    if (!quiet)
      llvm::errs() << llvm::format(
          " %.2fs\n", std::chrono::duration<double>(
                          std::chrono::steady_clock::now() - start)
                          .count());
    current.clear();
  }
  /// Ends the current line so a progress bar or diagnostic starts fresh.
  void breakLine() {
    if (!quiet && !current.empty())
      llvm::errs() << "\n";
  }

private:
  std::string current;
  std::chrono::steady_clock::time_point start;
};

std::vector<float> parseFloats(llvm::StringRef text, bool &ok) {
  std::vector<float> values;
  ok = true;
  llvm::SmallVector<llvm::StringRef> parts;
  text.split(parts, ',', -1, false);
  for (llvm::StringRef p : parts) {
    double v;
    if (p.trim().getAsDouble(v)) {
      ok = false;
      return {};
    }
    values.push_back((float)v);
  }
  return values;
}

/// int8 share of the MACs, as qnn-report's last line.
void printMacShare(ModuleOp module) {
  qnn::MacShare share = qnn::MacShare::of(module);
  llvm::errs() << llvm::format(
      "  int8 MACs: %lld of %lld (%.2f%%); %lld of %lld nodes in int8\n",
      (long long)share.int8Macs, (long long)share.macs,
      share.macs ? 100.0 * share.int8Macs / share.macs : 0.0,
      (long long)share.int8Nodes, (long long)share.nodes);
}

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  if (cl::Option *llvmThreads = cl::getRegisteredOptions().lookup("threads"))
    llvmThreads->removeArgument();
  static cl::opt<int, true> threadsOpt(
      "threads", cl::desc("Threads for the calibration runs"),
      cl::location(threads), cl::init(1), cl::cat(category));
  cl::HideUnrelatedOptions(category);
  cl::ParseCommandLineOptions(
      argc, argv,
      "quant-compile: ONNX model + calibration samples -> int8 model .so\n\n"
      "  quant-compile model.onnx --calib samples.npy -o model.so\n"
      "  quant-compile model.onnx --no-quantize -o model_f32.so\n"
      "  quant-compile model_qdq.onnx -o model.so   (already quantized)\n");

  DialectRegistry registry;
  registerAllDialects(registry);
  registry.insert<LLVM::LLVMDialect>();
  target::registerTranslations(registry);
  registerAllPasses();
  MLIRContext context(registry);
  context.loadAllAvailableDialects();
  // A diagnostic names the node; the whole module dumped after it does not help.
  context.printOpOnDiagnostic(false);
  // Remarks are many (one per float node, fallback, arena); shown with
  // --remarks, else counted: kernels that fall back to ref are summarized.
  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler diagHandler(sourceMgr, &context);
  StepLog log;
  int64_t refFallbacks = 0, xnnpackFallbacks = 0;
  context.getDiagEngine().registerHandler([&](Diagnostic &diag) {
    if (diag.getSeverity() == DiagnosticSeverity::Remark) {
      std::string text = diag.str();
      if (llvm::StringRef(text).contains("runs on ref"))
        ++refFallbacks;
      else if (llvm::StringRef(text).contains("runs on xnnpack"))
        ++xnnpackFallbacks;
      if (!showRemarks || quiet)
        return success();
    }
    log.breakLine();
    return failure(); // fall through to the SourceMgr handler
  });
  Location loc = FileLineColLoc::get(&context, inputFile, 0, 0);

  auto fail = [&]() {
    log.breakLine();
    return 1;
  };

  std::optional<compiler::EmitKind> kind = compiler::parseEmitKind(emitKind);
  if (!kind) {
    emitError(loc) << "--emit must be so, obj, llvm or mlir, not '" << emitKind
                   << "'";
    return fail();
  }
  std::string backendName = backend.empty() ? compiler::defaultBackend()
                                             : backend.getValue();
  if (backendName != "onednn" && backendName != "xnnpack" &&
      backendName != "ref") {
    emitError(loc) << "--backend must be onednn, xnnpack or ref, not '"
                   << backendName << "'";
    return fail();
  }
  if (ioMode != "float" && ioMode != "int8") {
    emitError(loc) << "--io must be float or int8, not '" << ioMode << "'";
    return fail();
  }
  ProgressBar::Mode progress;
  if (progressMode == "auto")
    progress = ProgressBar::Mode::Auto;
  else if (progressMode == "always")
    progress = ProgressBar::Mode::Always;
  else if (progressMode == "never")
    progress = ProgressBar::Mode::Never;
  else {
    emitError(loc) << "--progress must be auto, always or never";
    return fail();
  }

  // Inputs and runtime first: a missing file should fail before minutes of
  // work.
  if (!llvm::sys::fs::exists(inputFile)) {
    emitError(loc) << "no such file";
    return fail();
  }
  if (!calibPath.empty() && !llvm::sys::fs::exists(calibPath)) {
    emitError(loc) << "--calib: no such file or directory '" << calibPath
                   << "'";
    return fail();
  }
  for (const std::string &file : loadStats)
    if (!llvm::sys::fs::exists(file)) {
      emitError(loc) << "--load-stats: no such file '" << file << "'";
      return fail();
    }
  compiler::RuntimeLocation runtime;
  if (*kind == compiler::EmitKind::SharedLibrary || !calibPath.empty()) {
    auto found = compiler::findRuntime(loc, runtimeDir, argv[0]);
    if (failed(found))
      return fail();
    runtime = *found;
  }

  target::TargetOptions targetOptions;
  targetOptions.cpu = targetCpu;
  targetOptions.features = targetFeatures;

  // Import.
  log.step("importing " + inputFile);
  ONNXImportOptions importOptions;
  for (const std::string &spec : inputShapes) {
    std::string error = parseInputShapeOption(spec, importOptions);
    if (!error.empty()) {
      emitError(loc) << error;
      return fail();
    }
  }
  OwningOpRef<ModuleOp> module =
      compiler::importModelFile(context, inputFile, importOptions);
  if (!module)
    return fail();

  std::string name = modelName.empty()
                         ? llvm::sys::path::stem(inputFile).str()
                         : modelName.getValue();
  std::string precision = "int8";
  bool prequantized = compiler::isPrequantized(*module);

  if (noQuantize) {
    precision = "float";
    log.step("preparing the float model");
    if (!calibPath.empty() || !loadStats.empty())
      emitWarning(loc) << "--no-quantize: calibration data is not used";
    if (failed(compiler::runPipeline(
            *module,
            "canonicalize,func.func(qnn-fold-batchnorm,qnn-fuse{backend=" +
                backendName + " float=true})",
            "preparing the float model")))
      return fail();
  } else if (prequantized) {
    log.step("lowering the model's Q/DQ (already quantized)");
    if (!calibPath.empty() || !loadStats.empty())
      emitWarning(loc) << "the model is already quantized (QDQ); "
                          "calibration data is not used";
    if (failed(compiler::runPipeline(*module,
                                     "func.func(qnn-fold-batchnorm,qnn-lower-"
                                     "qdq)",
                                     "lowering Q/DQ")))
      return fail();
  } else {
    if (calibPath.empty() && loadStats.empty()) {
      emitError(loc) << "a float model needs calibration data: --calib PATH "
                        "or --load-stats FILE (or --no-quantize for a float "
                        "build)";
      return fail();
    }
    log.step("preparing (fold BatchNorm, fuse, insert observers)");
    std::string prepare = "qnn-prepare{backend=" + backendName;
    if (!qconfig.empty())
      prepare += " config=" + qconfig;
    prepare += "}";
    if (failed(compiler::runPipeline(*module, prepare, "qnn-prepare")))
      return fail();

    if (!calibPath.empty()) {
      log.step("compiling the observed model");
      compiler::CalibrationOptions calib;
      calib.dataPath = calibPath;
      calib.limit = calibLimit;
      calib.threads = threads;
      calib.backend = backendName;
      calib.runtime = runtime;
      calib.progress = progress;
      calib.target = targetOptions;
      calib.modelName = name;
      calib.image.resizeShorter = resize;
      if (!crop.empty()) {
        llvm::StringRef cropText(crop);
        auto [h, w] = cropText.split('x');
        bool hasWidth = cropText.contains('x');
        int hv = 0, wv = 0;
        if (h.getAsInteger(10, hv) || hv <= 0 ||
            (hasWidth && (w.getAsInteger(10, wv) || wv <= 0))) {
          emitError(loc) << "--crop must be N or HxW, not '" << crop << "'";
          return fail();
        }
        calib.image.cropHeight = hv;
        calib.image.cropWidth = hasWidth ? wv : hv;
      }
      bool ok = true;
      if (!meanOpt.empty())
        calib.image.mean = parseFloats(meanOpt, ok);
      if (ok && !stdOpt.empty())
        calib.image.std = parseFloats(stdOpt, ok);
      if (!ok) {
        emitError(loc) << "--mean/--std take comma-separated numbers";
        return fail();
      }
      // The progress bar (and the summary below) report the calibration
      // itself; the step line ends with the observed model's compile time.
      calib.onCompiled = [&] { log.finish(); };
      FailureOr<compiler::CalibrationResult> result =
          compiler::calibrate(*module, calib);
      if (failed(result))
        return fail();
      if (!quiet)
        llvm::errs() << llvm::format(
            "calibrated: %lld samples, %lld observers, %.1f samples/s (%.2fs)\n",
            (long long)result->samples, (long long)result->observers,
            result->samplesPerSecond, result->seconds);
    }
    if (!loadStats.empty()) {
      log.step("merging statistics from " + llvm::join(loadStats, ", "));
      if (failed(compiler::runPipeline(
              *module, "qnn-merge-stats{stats=" + llvm::join(loadStats, ",") + "}",
              "merging statistics")))
        return fail();
    }
    if (!saveStats.empty()) {
      log.step("saving statistics to " + saveStats);
      if (failed(compiler::writeStatsFile(*module, saveStats)))
        return fail();
    }
    log.step("quantizing (method " + method + ")");
    std::string actDtype = !activationDtype.empty() ? activationDtype.getValue()
                           : backendName == "xnnpack"  ? "s8"
                                                       : "u8";
    std::string convert = "qnn-convert{method=" + method +
                          " percentile=" + std::to_string(percentile.getValue()) +
                          " activation-dtype=" + actDtype;
    if (!qconfig.empty())
      convert += " config=" + qconfig;
    convert += "}";
    if (failed(compiler::runPipeline(*module, convert, "qnn-convert")))
      return fail();
  }
  if (!reportFile.empty() &&
      failed(compiler::runPipeline(*module, "qnn-report{output=" + reportFile + "}",
                                   "qnn-report")))
    return fail();
  if (!quiet && !noQuantize) {
    log.finish();
    printMacShare(*module);
  }

  if (*kind == compiler::EmitKind::MLIR) {
    log.step("writing " + outputFile);
    compiler::ArtifactOptions artifact;
    artifact.kind = *kind;
    artifact.output = outputFile;
    if (failed(compiler::emitArtifact(*module, artifact)))
      return fail();
    log.finish();
    return 0;
  }

  log.step("generating code (" + backendName + ")");
  refFallbacks = xnnpackFallbacks = 0; // the final model's kernels only
  compiler::ModelSignature signature;
  compiler::LoweringOptions lowering;
  lowering.backend = backendName;
  lowering.modelName = name;
  lowering.precision = precision;
  lowering.io = ioMode;
  lowering.signature = &signature;
  if (failed(compiler::lowerToLLVM(*module, lowering)))
    return fail();
  log.note(llvm::formatv("({0} kernels, arena {1} bytes)", signature.numKernels,
                         signature.arenaBytes)
               .str());
  if ((refFallbacks > 0 || xnnpackFallbacks > 0) && backendName != "ref") {
    std::string where;
    if (xnnpackFallbacks > 0)
      where += llvm::formatv("{0} on xnnpack", xnnpackFallbacks).str();
    if (refFallbacks > 0)
      where += (where.empty() ? "" : ", ") +
               llvm::formatv("{0} on ref", refFallbacks).str();
    log.note(llvm::formatv("({0}: {1} cannot run them{2})", where, backendName,
                           showRemarks ? "" : "; --remarks lists them")
                 .str());
  }

  log.step("writing " + outputFile);
  compiler::ArtifactOptions artifact;
  artifact.kind = *kind;
  artifact.output = outputFile;
  artifact.runtime = runtime;
  artifact.shipRuntime = !noShipRuntime;
  artifact.target = targetOptions;
  if (failed(compiler::emitArtifact(*module, artifact)))
    return fail();
  if (*kind == compiler::EmitKind::SharedLibrary && !noHeader) {
    llvm::SmallString<256> header(outputFile);
    llvm::sys::path::replace_extension(header, ".h");
    if (failed(compiler::writeModelHeader(loc, header, signature)))
      return fail();
    log.note("(+ " + header.str() + ")");
  }
  log.finish();
  return 0;
}

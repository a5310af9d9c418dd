//===- EmitSharedLibrary.cpp - LLVM dialect -> LLVM IR -> .o -> .so -------===//

#include "lib/Target/EmitSharedLibrary.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "mlir/Target/LLVMIR/LLVMTranslationInterface.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/IR/DiagnosticHandler.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/DiagnosticPrinter.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Passes/OptimizationLevel.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/CodeGen.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Target/TargetOptions.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

using namespace mlir;
using namespace qmlir::target;

namespace {

/// Collects LLVM's own diagnostics (codegen errors would otherwise be printed
/// and end the process) for the duration of one step, then restores the
/// context's previous handler.
class ScopedLLVMDiagnostics {
public:
  explicit ScopedLLVMDiagnostics(llvm::LLVMContext &context)
      : context(context), previous(context.getDiagnosticHandler()) {
    context.setDiagnosticHandler(std::make_unique<Collector>(*this));
  }
  ~ScopedLLVMDiagnostics() { context.setDiagnosticHandler(std::move(previous)); }

  /// Reports what was collected at `loc`; failure() if there were errors.
  LogicalResult report(Location loc, StringRef what) {
    for (const std::string &warning : warnings)
      emitWarning(loc) << what << ": " << warning;
    if (errors.empty())
      return success();
    InFlightDiagnostic diag = emitError(loc) << what << " failed";
    for (const std::string &error : errors)
      diag.attachNote() << error;
    return failure();
  }

private:
  struct Collector : llvm::DiagnosticHandler {
    explicit Collector(ScopedLLVMDiagnostics &owner) : owner(owner) {}
    bool handleDiagnostics(const llvm::DiagnosticInfo &info) override {
      if (info.getSeverity() != llvm::DS_Error &&
          info.getSeverity() != llvm::DS_Warning)
        return true; // remarks and notes: not ours to print
      std::string message;
      llvm::raw_string_ostream os(message);
      llvm::DiagnosticPrinterRawOStream printer(os);
      info.print(printer);
      (info.getSeverity() == llvm::DS_Error ? owner.errors : owner.warnings)
          .push_back(std::move(message));
      return true;
    }
    ScopedLLVMDiagnostics &owner;
  };

  llvm::LLVMContext &context;
  std::unique_ptr<llvm::DiagnosticHandler> previous;
  std::vector<std::string> errors, warnings;
};

llvm::CodeGenOptLevel toCodeGenOptLevel(OptLevel level) {
  switch (level) {
  case OptLevel::O0:
    return llvm::CodeGenOptLevel::None;
  case OptLevel::O1:
    return llvm::CodeGenOptLevel::Less;
  case OptLevel::O2:
    return llvm::CodeGenOptLevel::Default;
  case OptLevel::O3:
    return llvm::CodeGenOptLevel::Aggressive;
  }
  llvm_unreachable("unknown OptLevel");
}

/// "+avx2,+fma,-amx-tile,..." for the host, sorted for reproducible output.
std::string hostFeatureString() {
  llvm::StringMap<bool> hostFeatures = llvm::sys::getHostCPUFeatures();
  std::vector<std::string> features;
  for (const auto &entry : hostFeatures)
    features.push_back((entry.getValue() ? "+" : "-") + entry.getKey().str());
  llvm::sort(features);
  return llvm::join(features, ",");
}

std::string quoteCommand(ArrayRef<StringRef> args) {
  std::string command;
  for (StringRef arg : args) {
    if (!command.empty())
      command += ' ';
    bool needsQuotes =
        arg.empty() || arg.find_first_of(" \t\"'$\\") != StringRef::npos;
    if (needsQuotes)
      command += "'" + arg.str() + "'";
    else
      command += arg.str();
  }
  return command;
}

} // namespace

void qmlir::target::registerTranslations(DialectRegistry &registry) {
  registry.insert<LLVM::LLVMDialect>();
  registerBuiltinDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
}

FailureOr<std::unique_ptr<llvm::Module>>
qmlir::target::translateToLLVMIR(ModuleOp module,
                                 llvm::LLVMContext &llvmContext) {
  MLIRContext *context = module->getContext();
  registerBuiltinDialectTranslation(*context);
  registerLLVMDialectTranslation(*context);

  // Report the first operation that has no LLVM IR translation with a hint
  // at what is missing, instead of the translator's generic message.
  Operation *untranslatable = nullptr;
  module.walk<WalkOrder::PreOrder>([&](Operation *op) {
    if (op == module.getOperation())
      return WalkResult::advance();
    Dialect *dialect = op->getDialect();
    if (dialect &&
        dialect->getRegisteredInterface<LLVMTranslationDialectInterface>())
      return WalkResult::advance();
    untranslatable = op;
    return WalkResult::interrupt();
  });
  if (untranslatable) {
    emitError(untranslatable->getLoc())
        << "cannot translate '" << untranslatable->getName()
        << "' to LLVM IR: the module must be lowered to the LLVM dialect first";
    return failure();
  }

  ScopedLLVMDiagnostics llvmDiagnostics(llvmContext);
  std::unique_ptr<llvm::Module> llvmModule =
      translateModuleToLLVMIR(module, llvmContext, "qmodel");
  if (failed(llvmDiagnostics.report(module.getLoc(),
                                    "translation to LLVM IR")))
    return failure();
  if (!llvmModule) {
    emitError(module.getLoc()) << "translation to LLVM IR failed";
    return failure();
  }
  return llvmModule;
}

FailureOr<std::unique_ptr<llvm::TargetMachine>>
qmlir::target::createHostTargetMachine(Location loc,
                                       const TargetOptions &options) {
  // Idempotent; the native target is all this step ever emits for.
  if (llvm::InitializeNativeTarget() || llvm::InitializeNativeTargetAsmPrinter()) {
    emitError(loc) << "LLVM has no native target for this host";
    return failure();
  }

  llvm::Triple triple(llvm::Triple::normalize(
      options.triple.empty() ? llvm::sys::getProcessTriple() : options.triple));
  std::string lookupError;
  const llvm::Target *target =
      llvm::TargetRegistry::lookupTarget(triple, lookupError);
  if (!target) {
    emitError(loc) << "no LLVM target for triple '" << triple.str()
                   << "': " << lookupError;
    return failure();
  }

  std::string cpu = options.cpu;
  std::string features = options.features;
  if (cpu.empty()) {
    cpu = llvm::sys::getHostCPUName().str();
    std::string host = hostFeatureString();
    features = features.empty() ? host : host + "," + features;
  }

  llvm::TargetOptions targetOptions;
  std::unique_ptr<llvm::TargetMachine> machine(target->createTargetMachine(
      triple, cpu, features, targetOptions, llvm::Reloc::PIC_,
      /*CM=*/std::nullopt, toCodeGenOptLevel(options.optLevel)));
  if (!machine) {
    emitError(loc) << "could not create a target machine for '"
                   << triple.str() << "' (cpu '" << cpu << "')";
    return failure();
  }
  return machine;
}

void qmlir::target::configureModuleForTarget(
    llvm::Module &llvmModule, llvm::TargetMachine &targetMachine) {
  llvmModule.setTargetTriple(targetMachine.getTargetTriple());
  llvmModule.setDataLayout(targetMachine.createDataLayout());
}

LogicalResult qmlir::target::optimizeModule(Location loc,
                                            llvm::Module &llvmModule,
                                            llvm::TargetMachine &targetMachine,
                                            OptLevel level) {
  if (level == OptLevel::O0)
    return success();
  llvm::OptimizationLevel pipelineLevel =
      level == OptLevel::O1   ? llvm::OptimizationLevel::O1
      : level == OptLevel::O2 ? llvm::OptimizationLevel::O2
                              : llvm::OptimizationLevel::O3;

  ScopedLLVMDiagnostics llvmDiagnostics(llvmModule.getContext());
  llvm::LoopAnalysisManager loopAM;
  llvm::FunctionAnalysisManager functionAM;
  llvm::CGSCCAnalysisManager cgsccAM;
  llvm::ModuleAnalysisManager moduleAM;
  llvm::PassBuilder builder(&targetMachine);
  builder.registerModuleAnalyses(moduleAM);
  builder.registerCGSCCAnalyses(cgsccAM);
  builder.registerFunctionAnalyses(functionAM);
  builder.registerLoopAnalyses(loopAM);
  builder.crossRegisterProxies(loopAM, functionAM, cgsccAM, moduleAM);
  llvm::ModulePassManager pipeline =
      builder.buildPerModuleDefaultPipeline(pipelineLevel);
  pipeline.run(llvmModule, moduleAM);
  return llvmDiagnostics.report(loc, "LLVM optimization");
}

LogicalResult qmlir::target::emitObjectFile(Location loc,
                                            llvm::Module &llvmModule,
                                            llvm::TargetMachine &targetMachine,
                                            StringRef path) {
  if (llvmModule.getTargetTriple() != targetMachine.getTargetTriple() ||
      llvmModule.getDataLayout() != targetMachine.createDataLayout())
    configureModuleForTarget(llvmModule, targetMachine);

  std::error_code ec;
  llvm::ToolOutputFile output(path, ec, llvm::sys::fs::OF_None);
  if (ec) {
    emitError(loc) << "cannot open object file '" << path
                   << "' for writing: " << ec.message();
    return failure();
  }

  ScopedLLVMDiagnostics llvmDiagnostics(llvmModule.getContext());
  llvm::legacy::PassManager codegen;
  if (targetMachine.addPassesToEmitFile(codegen, output.os(),
                                        /*DwoOut=*/nullptr,
                                        llvm::CodeGenFileType::ObjectFile)) {
    emitError(loc) << "target '" << targetMachine.getTargetTriple().str()
                   << "' cannot emit object files";
    return failure();
  }
  codegen.run(llvmModule);
  if (failed(llvmDiagnostics.report(loc, "object code generation")))
    return failure();

  output.os().close();
  if (output.os().has_error()) {
    emitError(loc) << "error writing object file '" << path
                   << "': " << output.os().error().message();
    output.os().clear_error(); // or raw_fd_ostream aborts on destruction
    return failure();
  }
  output.keep();
  return success();
}

LogicalResult qmlir::target::linkSharedLibrary(Location loc,
                                               ArrayRef<std::string> objects,
                                               StringRef output,
                                               const LinkOptions &options) {
  if (objects.empty()) {
    emitError(loc) << "no object files to link into '" << output << "'";
    return failure();
  }
  StringRef outputDir = llvm::sys::path::parent_path(output);
  if (!outputDir.empty() && !llvm::sys::fs::is_directory(outputDir)) {
    emitError(loc) << "cannot write '" << output << "': directory '"
                   << outputDir << "' does not exist";
    return failure();
  }

  std::string linker = options.linker.empty() ? "cc" : options.linker;
  if (!llvm::StringRef(linker).contains('/')) {
    llvm::ErrorOr<std::string> found = llvm::sys::findProgramByName(linker);
    if (!found) {
      emitError(loc) << "cannot link '" << output << "': '" << linker
                     << "' (the C compiler driver used as linker) is not on "
                        "PATH";
      return failure();
    }
    linker = *found;
  }

  std::vector<std::string> args = {linker, "-shared", "-o", output.str()};
  llvm::append_range(args, objects);
  args.push_back("-Wl,-z,defs");
  for (const std::string &dir : options.libraryPaths)
    args.push_back("-L" + dir);
  for (const std::string &lib : options.libraries)
    args.push_back("-l" + lib);
  if (options.rpathOrigin)
    args.push_back("-Wl,-rpath,$ORIGIN"); // no shell: no quoting needed
  for (const std::string &dir : options.rpaths)
    args.push_back("-Wl,-rpath," + dir);
  llvm::append_range(args, options.extraArgs);
  SmallVector<StringRef> argRefs(args.begin(), args.end());

  // The linker's stdout and stderr go to one log read back on failure.
  SmallString<128> logPath;
  if (std::error_code ec =
          llvm::sys::fs::createTemporaryFile("qmodel-link", "log", logPath)) {
    emitError(loc) << "cannot create a temporary file for the linker's "
                      "output: "
                   << ec.message();
    return failure();
  }
  llvm::FileRemover removeLog(logPath);
  std::optional<StringRef> redirects[] = {StringRef(""), StringRef(logPath),
                                          StringRef(logPath)};

  std::string execError;
  bool execFailed = false;
  int status = llvm::sys::ExecuteAndWait(
      linker, argRefs, /*Env=*/std::nullopt, redirects, /*SecondsToWait=*/0,
      /*MemoryLimit=*/0, &execError, &execFailed);
  if (status == 0)
    return success();

  std::string log;
  if (llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
          llvm::MemoryBuffer::getFile(logPath))
    log = (*buffer)->getBuffer().rtrim().str();

  InFlightDiagnostic diag = emitError(loc);
  diag << "linking '" << output << "' failed";
  if (execFailed)
    diag << ": cannot run '" << linker << "': " << execError;
  else if (status < 0)
    diag << ": '" << linker << "' crashed or was killed"
         << (execError.empty() ? "" : ": ") << execError;
  else
    diag << " ('" << llvm::sys::path::filename(linker) << "' exited with "
         << status << ")";
  if (!log.empty())
    diag << ":\n" << log;
  diag.attachNote() << "command: " << quoteCommand(argRefs);
  return failure();
}

namespace {

/// Translation, target configuration and optimization shared by the three
/// --emit kinds.
struct PreparedModule {
  std::unique_ptr<llvm::LLVMContext> context;
  std::unique_ptr<llvm::TargetMachine> machine;
  std::unique_ptr<llvm::Module> module;
};

FailureOr<PreparedModule> prepareModule(ModuleOp module,
                                        const EmitOptions &options) {
  PreparedModule prepared;
  prepared.context = std::make_unique<llvm::LLVMContext>();
  FailureOr<std::unique_ptr<llvm::Module>> llvmModule =
      translateToLLVMIR(module, *prepared.context);
  if (failed(llvmModule))
    return failure();
  prepared.module = std::move(*llvmModule);

  FailureOr<std::unique_ptr<llvm::TargetMachine>> machine =
      createHostTargetMachine(module.getLoc(), options.target);
  if (failed(machine))
    return failure();
  prepared.machine = std::move(*machine);
  configureModuleForTarget(*prepared.module, *prepared.machine);

  if (options.optimize &&
      failed(optimizeModule(module.getLoc(), *prepared.module,
                            *prepared.machine, options.target.optLevel)))
    return failure();
  return prepared;
}

} // namespace

LogicalResult qmlir::target::emitLLVMIR(ModuleOp module, llvm::raw_ostream &os,
                                        const EmitOptions &options) {
  FailureOr<PreparedModule> prepared = prepareModule(module, options);
  if (failed(prepared))
    return failure();
  prepared->module->print(os, /*AAW=*/nullptr);
  return success();
}

LogicalResult qmlir::target::emitObject(ModuleOp module, StringRef path,
                                        const EmitOptions &options) {
  FailureOr<PreparedModule> prepared = prepareModule(module, options);
  if (failed(prepared))
    return failure();
  return emitObjectFile(module.getLoc(), *prepared->module, *prepared->machine,
                        path);
}

LogicalResult qmlir::target::emitSharedLibrary(ModuleOp module,
                                               StringRef output,
                                               const EmitOptions &options) {
  FailureOr<PreparedModule> prepared = prepareModule(module, options);
  if (failed(prepared))
    return failure();

  SmallString<128> objectPath;
  if (std::error_code ec =
          llvm::sys::fs::createTemporaryFile("qmodel", "o", objectPath)) {
    emitError(module.getLoc())
        << "cannot create a temporary object file: " << ec.message();
    return failure();
  }
  llvm::FileRemover removeObject(objectPath);
  if (failed(emitObjectFile(module.getLoc(), *prepared->module,
                            *prepared->machine, objectPath)))
    return failure();
  return linkSharedLibrary(module.getLoc(), {std::string(objectPath)}, output,
                           options.link);
}

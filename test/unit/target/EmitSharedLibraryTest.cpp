//===- EmitSharedLibraryTest.cpp - LLVM dialect -> .so, dlopen, call ------===//
//
// Builds LLVM-dialect modules in memory, emits them as shared libraries with
// lib/Target, loads them with dlopen() and calls them; checks that every
// failure (unwritable output, a module not in the LLVM dialect, undefined
// symbols under -z defs, no linker) is a diagnostic, not a crash.
//
//===----------------------------------------------------------------------===//

#include "lib/Target/EmitSharedLibrary.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <dlfcn.h>

using namespace mlir;
namespace tgt = qmlir::target;

namespace {

/// int32_t qmodel_answer(int32_t x) { return x * 2 + 1; }
/// const int32_t qmodel_table[5] = {7, -3, 11, 0, 42};   (exported)
/// int32_t qmodel_table_at(int64_t i) { return qmodel_table[i]; }
/// built with OpBuilder, the way convert-qrt-to-llvm will build modules.
OwningOpRef<ModuleOp> buildAnswerModule(MLIRContext &context) {
  context.loadDialect<LLVM::LLVMDialect>();
  OpBuilder builder(&context);
  Location loc = builder.getUnknownLoc();
  OwningOpRef<ModuleOp> module = ModuleOp::create(loc);
  builder.setInsertionPointToEnd(module->getBody());

  Type i32 = builder.getI32Type(), i64 = builder.getI64Type();
  auto ptr = LLVM::LLVMPointerType::get(&context);

  auto answer = LLVM::LLVMFuncOp::create(
      builder, loc, "qmodel_answer", LLVM::LLVMFunctionType::get(i32, {i32}));
  {
    OpBuilder::InsertionGuard guard(builder);
    Block *entry = answer.addEntryBlock(builder);
    builder.setInsertionPointToStart(entry);
    Value two = LLVM::ConstantOp::create(builder, loc, i32,
                                         builder.getI32IntegerAttr(2));
    Value one = LLVM::ConstantOp::create(builder, loc, i32,
                                         builder.getI32IntegerAttr(1));
    Value doubled = LLVM::MulOp::create(builder, loc, entry->getArgument(0), two);
    Value result = LLVM::AddOp::create(builder, loc, doubled, one);
    LLVM::ReturnOp::create(builder, loc, ValueRange{result});
  }

  auto arrayType = LLVM::LLVMArrayType::get(i32, 5);
  auto values = DenseElementsAttr::get(
      RankedTensorType::get({5}, i32), ArrayRef<int32_t>{7, -3, 11, 0, 42});
  auto table = LLVM::GlobalOp::create(builder, loc, arrayType,
                                      /*isConstant=*/true,
                                      LLVM::Linkage::External, "qmodel_table",
                                      values);

  auto tableAt = LLVM::LLVMFuncOp::create(
      builder, loc, "qmodel_table_at", LLVM::LLVMFunctionType::get(i32, {i64}));
  {
    OpBuilder::InsertionGuard guard(builder);
    Block *entry = tableAt.addEntryBlock(builder);
    builder.setInsertionPointToStart(entry);
    Value base = LLVM::AddressOfOp::create(builder, loc, table);
    Value element = LLVM::GEPOp::create(
        builder, loc, ptr, arrayType, base,
        ArrayRef<LLVM::GEPArg>{0, entry->getArgument(0)},
        LLVM::GEPNoWrapFlags::inbounds);
    Value loaded = LLVM::LoadOp::create(builder, loc, i32, element);
    LLVM::ReturnOp::create(builder, loc, ValueRange{loaded});
  }
  return module;
}

OwningOpRef<ModuleOp> parse(MLIRContext &context, StringRef source) {
  context.loadDialect<LLVM::LLVMDialect, func::FuncDialect>();
  return parseSourceString<ModuleOp>(source, &context);
}

/// Collects every diagnostic (with its notes) emitted while alive.
class DiagnosticCollector {
public:
  explicit DiagnosticCollector(MLIRContext &context)
      : handler(&context, [this](Diagnostic &diag) {
          llvm::raw_string_ostream os(text);
          os << diag << "\n";
          for (Diagnostic &note : diag.getNotes())
            os << "note: " << note << "\n";
          return success();
        }) {}
  const std::string &str() const { return text; }

private:
  std::string text;
  ScopedDiagnosticHandler handler;
};

class TargetTest : public ::testing::Test {
protected:
  void SetUp() override {
    ASSERT_FALSE(
        llvm::sys::fs::createUniqueDirectory("qmlir-target-test", dir));
  }
  void TearDown() override {
    for (void *handle : handles)
      dlclose(handle);
    llvm::sys::fs::remove_directories(dir);
  }
  std::string path(StringRef name) const {
    SmallString<128> p(dir);
    llvm::sys::path::append(p, name);
    return std::string(p);
  }
  void *open(const std::string &so) {
    void *handle = dlopen(so.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle)
      handles.push_back(handle);
    return handle;
  }

  MLIRContext context;
  SmallString<128> dir;
  std::vector<void *> handles;
};

TEST_F(TargetTest, EmitsLoadableSharedLibrary) {
  OwningOpRef<ModuleOp> module = buildAnswerModule(context);
  ASSERT_TRUE(module);
  DiagnosticCollector diags(context);
  std::string so = path("libqmodel.so");
  ASSERT_TRUE(succeeded(tgt::emitSharedLibrary(*module, so))) << diags.str();
  EXPECT_TRUE(diags.str().empty()) << diags.str();

  void *handle = open(so);
  ASSERT_NE(handle, nullptr) << dlerror();
  auto answer = reinterpret_cast<int32_t (*)(int32_t)>(
      dlsym(handle, "qmodel_answer"));
  auto tableAt = reinterpret_cast<int32_t (*)(int64_t)>(
      dlsym(handle, "qmodel_table_at"));
  auto table = static_cast<const int32_t *>(dlsym(handle, "qmodel_table"));
  ASSERT_NE(answer, nullptr);
  ASSERT_NE(tableAt, nullptr);
  ASSERT_NE(table, nullptr);

  EXPECT_EQ(answer(0), 1);
  EXPECT_EQ(answer(20), 41);
  EXPECT_EQ(answer(-3), -5);
  EXPECT_EQ(answer(INT32_MAX), static_cast<int32_t>(0xFFFFFFFFu)); // wraps
  const int32_t expected[] = {7, -3, 11, 0, 42};
  for (int64_t i = 0; i < 5; ++i) {
    EXPECT_EQ(tableAt(i), expected[i]) << "index " << i;
    EXPECT_EQ(table[i], expected[i]) << "index " << i;
  }
}

TEST_F(TargetTest, EveryOptLevelWorks) {
  for (tgt::OptLevel level : {tgt::OptLevel::O0, tgt::OptLevel::O1,
                              tgt::OptLevel::O2, tgt::OptLevel::O3}) {
    MLIRContext local;
    OwningOpRef<ModuleOp> module = buildAnswerModule(local);
    DiagnosticCollector diags(local);
    tgt::EmitOptions options;
    options.target.optLevel = level;
    std::string so = path("libqmodel-O" +
                          std::to_string(static_cast<int>(level)) + ".so");
    ASSERT_TRUE(succeeded(tgt::emitSharedLibrary(*module, so, options)))
        << diags.str();
    void *handle = open(so);
    ASSERT_NE(handle, nullptr) << dlerror();
    auto answer = reinterpret_cast<int32_t (*)(int32_t)>(
        dlsym(handle, "qmodel_answer"));
    ASSERT_NE(answer, nullptr);
    EXPECT_EQ(answer(100), 201);
  }
}

TEST_F(TargetTest, EmitsObjectAndLLVMIR) {
  OwningOpRef<ModuleOp> module = buildAnswerModule(context);
  DiagnosticCollector diags(context);

  std::string object = path("qmodel.o");
  ASSERT_TRUE(succeeded(tgt::emitObject(*module, object))) << diags.str();
  auto buffer = llvm::MemoryBuffer::getFile(object);
  ASSERT_TRUE(bool(buffer));
  EXPECT_TRUE((*buffer)->getBuffer().starts_with("\x7f" "ELF"));

  // The object links on its own too.
  std::string so = path("libfromobj.so");
  ASSERT_TRUE(succeeded(tgt::linkSharedLibrary(
      module->getLoc(), {object}, so)))
      << diags.str();
  EXPECT_TRUE(llvm::sys::fs::exists(so));

  std::string ir;
  llvm::raw_string_ostream os(ir);
  ASSERT_TRUE(succeeded(tgt::emitLLVMIR(*module, os))) << diags.str();
  EXPECT_NE(ir.find("target triple = \""), std::string::npos) << ir;
  EXPECT_NE(ir.find("target datalayout = \""), std::string::npos) << ir;
  EXPECT_NE(ir.find("@qmodel_answer(i32"), std::string::npos) << ir;
  EXPECT_NE(ir.find("constant [5 x i32] [i32 7, i32 -3, i32 11, i32 0, i32 42]"),
            std::string::npos)
      << ir;
  // Optimized by default (x * 2 became a shift) ...
  EXPECT_NE(ir.find("shl i32"), std::string::npos) << ir;

  // ... and as translated with optimize = false.
  std::string plain;
  llvm::raw_string_ostream plainOs(plain);
  tgt::EmitOptions noOpt;
  noOpt.optimize = false;
  ASSERT_TRUE(succeeded(tgt::emitLLVMIR(*module, plainOs, noOpt)))
      << diags.str();
  EXPECT_NE(plain.find("mul i32"), std::string::npos) << plain;
  EXPECT_NE(plain.find("target triple = \""), std::string::npos) << plain;
}

TEST_F(TargetTest, HostTargetMachineConfiguresModule) {
  DiagnosticCollector diags(context);
  auto machine = tgt::createHostTargetMachine(UnknownLoc::get(&context));
  ASSERT_TRUE(succeeded(machine)) << diags.str();
  EXPECT_EQ((*machine)->getRelocationModel(), llvm::Reloc::PIC_);
  EXPECT_FALSE((*machine)->getTargetCPU().empty());
  EXPECT_EQ((*machine)->getOptLevel(), llvm::CodeGenOptLevel::Default);

  OwningOpRef<ModuleOp> module = buildAnswerModule(context);
  llvm::LLVMContext llvmContext;
  auto llvmModule = tgt::translateToLLVMIR(*module, llvmContext);
  ASSERT_TRUE(succeeded(llvmModule)) << diags.str();
  tgt::configureModuleForTarget(**llvmModule, **machine);
  EXPECT_EQ((*llvmModule)->getTargetTriple(), (*machine)->getTargetTriple());
  EXPECT_EQ((*llvmModule)->getDataLayout(), (*machine)->createDataLayout());

  tgt::TargetOptions o3;
  o3.optLevel = tgt::OptLevel::O3;
  auto aggressive =
      tgt::createHostTargetMachine(UnknownLoc::get(&context), o3);
  ASSERT_TRUE(succeeded(aggressive)) << diags.str();
  EXPECT_EQ((*aggressive)->getOptLevel(), llvm::CodeGenOptLevel::Aggressive);
}

TEST_F(TargetTest, LinksAgainstLibraryShippedNextToModel) {
  // A stand-in for libquantrt: another emitted library in the same folder.
  const char *helperSource = R"mlir(
    llvm.func @qhelper_scale(%x: i32) -> i32 {
      %c3 = llvm.mlir.constant(3 : i32) : i32
      %r = llvm.mul %x, %c3 : i32
      llvm.return %r : i32
    })mlir";
  const char *modelSource = R"mlir(
    llvm.func @qhelper_scale(i32) -> i32
    llvm.func @qmodel_use_helper(%x: i32) -> i32 {
      %s = llvm.call @qhelper_scale(%x) : (i32) -> i32
      %c1 = llvm.mlir.constant(1 : i32) : i32
      %r = llvm.add %s, %c1 : i32
      llvm.return %r : i32
    })mlir";
  DiagnosticCollector diags(context);
  OwningOpRef<ModuleOp> helper = parse(context, helperSource);
  ASSERT_TRUE(helper);
  ASSERT_TRUE(succeeded(
      tgt::emitSharedLibrary(*helper, path("libqhelper.so"))))
      << diags.str();

  OwningOpRef<ModuleOp> model = parse(context, modelSource);
  ASSERT_TRUE(model);
  tgt::EmitOptions options;
  options.link.libraryPaths = {std::string(dir)};
  options.link.libraries = {"qhelper"};

  // Without a run path the dependency is not found at load time ...
  std::string noRpath = path("libnorpath.so");
  ASSERT_TRUE(succeeded(tgt::emitSharedLibrary(*model, noRpath, options)))
      << diags.str();
  EXPECT_EQ(open(noRpath), nullptr);

  // ... with $ORIGIN it is, wherever the folder is.
  options.link.rpathOrigin = true;
  std::string so = path("libqmodel.so");
  ASSERT_TRUE(succeeded(tgt::emitSharedLibrary(*model, so, options)))
      << diags.str();
  void *handle = open(so);
  ASSERT_NE(handle, nullptr) << dlerror();
  auto useHelper = reinterpret_cast<int32_t (*)(int32_t)>(
      dlsym(handle, "qmodel_use_helper"));
  ASSERT_NE(useHelper, nullptr);
  EXPECT_EQ(useHelper(5), 16);
}

TEST_F(TargetTest, AbsoluteRpathIsRecorded) {
  OwningOpRef<ModuleOp> module = buildAnswerModule(context);
  DiagnosticCollector diags(context);
  tgt::EmitOptions options;
  options.link.rpathOrigin = true;
  options.link.rpaths = {"/opt/qmlir-test-rpath/lib"};
  std::string so = path("librpath.so");
  ASSERT_TRUE(succeeded(tgt::emitSharedLibrary(*module, so, options)))
      << diags.str();
  auto buffer = llvm::MemoryBuffer::getFile(so);
  ASSERT_TRUE(bool(buffer));
  // The dynamic string table holds "$ORIGIN:/opt/qmlir-test-rpath/lib".
  EXPECT_NE((*buffer)->getBuffer().find("$ORIGIN:/opt/qmlir-test-rpath/lib"),
            StringRef::npos);
}

//===----------------------------------------------------------------------===//
// Errors: diagnostics, no crash, no output left behind.
//===----------------------------------------------------------------------===//

TEST_F(TargetTest, MissingOutputDirectoryIsAnError) {
  OwningOpRef<ModuleOp> module = buildAnswerModule(context);
  DiagnosticCollector diags(context);
  std::string so = path("no-such-dir/libqmodel.so");
  EXPECT_TRUE(failed(tgt::emitSharedLibrary(*module, so)));
  EXPECT_NE(diags.str().find("does not exist"), std::string::npos)
      << diags.str();
  EXPECT_FALSE(llvm::sys::fs::exists(so));
}

TEST_F(TargetTest, UnwritableOutputIsAnError) {
  // /proc refuses new files even to root (chmod would not stop root).
  OwningOpRef<ModuleOp> module = buildAnswerModule(context);
  DiagnosticCollector diags(context);
  EXPECT_TRUE(failed(tgt::emitSharedLibrary(*module, "/proc/libqmodel.so")));
  EXPECT_NE(diags.str().find("linking '/proc/libqmodel.so' failed"),
            std::string::npos)
      << diags.str();
  // The linker's own explanation is part of the diagnostic.
  EXPECT_NE(diags.str().find("cannot open output file"), std::string::npos)
      << diags.str();

  std::string before = diags.str();
  EXPECT_TRUE(failed(tgt::emitObject(*module, "/proc/qmodel.o")));
  EXPECT_NE(diags.str().find("cannot open object file '/proc/qmodel.o'",
                             before.size()),
            std::string::npos)
      << diags.str();
}

TEST_F(TargetTest, ModuleNotInLLVMDialectIsAnError) {
  OwningOpRef<ModuleOp> module = parse(context, R"mlir(
    func.func @qmodel_answer(%x: i32) -> i32 {
      return %x : i32
    })mlir");
  ASSERT_TRUE(module);
  DiagnosticCollector diags(context);
  std::string so = path("libqmodel.so");
  EXPECT_TRUE(failed(tgt::emitSharedLibrary(*module, so)));
  EXPECT_NE(diags.str().find("cannot translate 'func.func' to LLVM IR: the "
                             "module must be lowered to the LLVM dialect"),
            std::string::npos)
      << diags.str();
  EXPECT_FALSE(llvm::sys::fs::exists(so));

  llvm::LLVMContext llvmContext;
  EXPECT_TRUE(failed(tgt::translateToLLVMIR(*module, llvmContext)));
  std::string ir;
  llvm::raw_string_ostream os(ir);
  EXPECT_TRUE(failed(tgt::emitLLVMIR(*module, os)));
  EXPECT_TRUE(ir.empty());
}

TEST_F(TargetTest, UndefinedSymbolFailsTheLink) {
  OwningOpRef<ModuleOp> module = parse(context, R"mlir(
    llvm.func @qrt_symbol_nobody_defines(i32) -> i32
    llvm.func @qmodel_run(%x: i32) -> i32 {
      %r = llvm.call @qrt_symbol_nobody_defines(%x) : (i32) -> i32
      llvm.return %r : i32
    })mlir");
  ASSERT_TRUE(module);
  DiagnosticCollector diags(context);
  std::string so = path("libqmodel.so");
  EXPECT_TRUE(failed(tgt::emitSharedLibrary(*module, so)));
  EXPECT_NE(diags.str().find("linking '" + so + "' failed"),
            std::string::npos)
      << diags.str();
  EXPECT_NE(diags.str().find("undefined reference to "
                             "`qrt_symbol_nobody_defines'"),
            std::string::npos)
      << diags.str();
  EXPECT_NE(diags.str().find("-Wl,-z,defs"), std::string::npos)
      << diags.str();
  EXPECT_FALSE(llvm::sys::fs::exists(so));
}

TEST_F(TargetTest, MissingLinkerIsAnError) {
  OwningOpRef<ModuleOp> module = buildAnswerModule(context);
  DiagnosticCollector diags(context);
  tgt::EmitOptions options;
  options.link.linker = "qmlir-no-such-cc";
  EXPECT_TRUE(failed(
      tgt::emitSharedLibrary(*module, path("libqmodel.so"), options)));
  EXPECT_NE(diags.str().find("'qmlir-no-such-cc' (the C compiler driver used "
                             "as linker) is not on PATH"),
            std::string::npos)
      << diags.str();

  std::string before = diags.str();
  options.link.linker = "/nonexistent/cc";
  EXPECT_TRUE(failed(
      tgt::emitSharedLibrary(*module, path("libqmodel.so"), options)));
  EXPECT_NE(diags.str().find("cannot run '/nonexistent/cc'", before.size()),
            std::string::npos)
      << diags.str();
}

TEST_F(TargetTest, UnknownTripleIsAnError) {
  DiagnosticCollector diags(context);
  tgt::TargetOptions options;
  options.triple = "nonsense-unknown-nowhere";
  EXPECT_TRUE(failed(
      tgt::createHostTargetMachine(UnknownLoc::get(&context), options)));
  EXPECT_NE(diags.str().find("no LLVM target for triple"), std::string::npos)
      << diags.str();
}

TEST_F(TargetTest, NoObjectsIsAnError) {
  DiagnosticCollector diags(context);
  EXPECT_TRUE(failed(tgt::linkSharedLibrary(UnknownLoc::get(&context), {},
                                            path("libempty.so"))));
  EXPECT_NE(diags.str().find("no object files"), std::string::npos)
      << diags.str();
}

} // namespace

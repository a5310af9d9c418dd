// RUN: quant-translate --mlir-to-llvmir %s --split-input-file --verify-diagnostics
// RUN: not quant-translate --mlir-to-llvmir %s --split-input-file 2>&1 | FileCheck %s --check-prefix=EXIT

// (--verify-diagnostics succeeds when exactly these errors occur; without it
// the tool fails.)
// EXIT: error: cannot translate 'func.func' to LLVM IR
// EXIT: error: cannot translate 'arith.constant' to LLVM IR

// A module that still holds func/arith ops is not ready for translation.
// expected-error @+1 {{cannot translate 'func.func' to LLVM IR: the module must be lowered to the LLVM dialect first}}
func.func @not_lowered(%x: i32) -> i32 {
  return %x : i32
}

// -----

llvm.func @ok() {
  // expected-error @+1 {{cannot translate 'arith.constant' to LLVM IR: the module must be lowered to the LLVM dialect first}}
  %c = arith.constant 1 : i32
  llvm.return
}

// RUN: quant-translate --mlir-to-llvmir %s | FileCheck %s

// The shape of what convert-qrt-to-llvm will produce: exported functions,
// constant tables as internal globals, external runtime entry points.

// CHECK: @qmodel_table = internal constant [4 x i32] [i32 3, i32 1, i32 4, i32 1]
llvm.mlir.global internal constant @qmodel_table(dense<[3, 1, 4, 1]> : tensor<4xi32>) : !llvm.array<4 x i32>

// CHECK: declare i32 @qrt_kernel_run(ptr)
llvm.func @qrt_kernel_run(!llvm.ptr) -> i32

// CHECK-LABEL: define i32 @qmodel_answer(i32 %0)
// CHECK-NEXT:    %[[MUL:.*]] = mul i32 %0, 2
// CHECK-NEXT:    %[[ADD:.*]] = add i32 %[[MUL]], 1
// CHECK-NEXT:    ret i32 %[[ADD]]
llvm.func @qmodel_answer(%x: i32) -> i32 {
  %c2 = llvm.mlir.constant(2 : i32) : i32
  %c1 = llvm.mlir.constant(1 : i32) : i32
  %m = llvm.mul %x, %c2 : i32
  %r = llvm.add %m, %c1 : i32
  llvm.return %r : i32
}

// CHECK-LABEL: define i32 @qmodel_table_at(i64 %0)
// CHECK:         getelementptr inbounds [4 x i32], ptr @qmodel_table, i32 0, i64 %0
// CHECK:         load i32, ptr
llvm.func @qmodel_table_at(%i: i64) -> i32 {
  %base = llvm.mlir.addressof @qmodel_table : !llvm.ptr
  %p = llvm.getelementptr inbounds %base[0, %i] : (!llvm.ptr, i64) -> !llvm.ptr, !llvm.array<4 x i32>
  %v = llvm.load %p : !llvm.ptr -> i32
  llvm.return %v : i32
}

// CHECK-LABEL: define i32 @qmodel_run(ptr %0)
// CHECK:         call i32 @qrt_kernel_run(ptr %0)
llvm.func @qmodel_run(%k: !llvm.ptr) -> i32 {
  %s = llvm.call @qrt_kernel_run(%k) : (!llvm.ptr) -> i32
  llvm.return %s : i32
}

// RUN: quant-opt %s --verify-diagnostics --qrt-plan-arena | FileCheck %s
// RUN: quant-opt %s --qrt-plan-arena=alignment=16 2>/dev/null | FileCheck %s --check-prefix=A16
// RUN: quant-opt %s --qrt-plan-arena=alignment=16 -o /dev/null 2>&1 | FileCheck %s --check-prefix=A16-REMARK
// RUN: not quant-opt %s --qrt-plan-arena=alignment=48 2>&1 | FileCheck %s --check-prefix=BAD

// Each buffer reserves alignTo(bytes + QRT_INPUT_PADDING_BYTES (16), alignment):
//   bytes        16   48   52   64  240
//   alignment 64 64   64  128  128  256   (48 + 16 fits 64 exactly)
//   alignment 16 32   64   80   80  256
// All five are live together (the concat reads them), so the arena is the
// sum; offsets follow the order largest first, then earliest first use.

// CHECK-LABEL: func.func @padding(
// CHECK-SAME:      attributes {qrt.arena_bytes = 640 : i64}
// CHECK:         memref.alloc() {alignment = 64 : i64} : memref<640xi8>
// CHECK-DAG:     %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG:     %[[C256:.*]] = arith.constant 256 : index
// CHECK-DAG:     %[[C384:.*]] = arith.constant 384 : index
// CHECK-DAG:     %[[C512:.*]] = arith.constant 512 : index
// CHECK-DAG:     %[[C576:.*]] = arith.constant 576 : index
// CHECK:         memref.view %{{.*}}[%[[C512]]][] : memref<640xi8> to memref<4xf32>
// CHECK:         memref.view %{{.*}}[%[[C576]]][] : memref<640xi8> to memref<12xf32>
// CHECK:         memref.view %{{.*}}[%[[C256]]][] : memref<640xi8> to memref<13xf32>
// CHECK:         memref.view %{{.*}}[%[[C384]]][] : memref<640xi8> to memref<16xf32>
// CHECK:         memref.view %{{.*}}[%[[C0]]][] : memref<640xi8> to memref<60xf32>

// A16-REMARK:  remark: arena: 512 bytes for 5 buffers (naive 512)
// A16-LABEL:   func.func @padding(
// A16-SAME:        attributes {qrt.arena_bytes = 512 : i64}
// A16:           memref.alloc() {alignment = 16 : i64} : memref<512xi8>
// A16-DAG:       %[[C0:.*]] = arith.constant 0 : index
// A16-DAG:       %[[C256:.*]] = arith.constant 256 : index
// A16-DAG:       %[[C336:.*]] = arith.constant 336 : index
// A16-DAG:       %[[C416:.*]] = arith.constant 416 : index
// A16-DAG:       %[[C480:.*]] = arith.constant 480 : index
// A16:           memref.view %{{.*}}[%[[C480]]][] : memref<512xi8> to memref<4xf32>
// A16:           memref.view %{{.*}}[%[[C416]]][] : memref<512xi8> to memref<12xf32>
// A16:           memref.view %{{.*}}[%[[C256]]][] : memref<512xi8> to memref<13xf32>
// A16:           memref.view %{{.*}}[%[[C336]]][] : memref<512xi8> to memref<16xf32>
// A16:           memref.view %{{.*}}[%[[C0]]][] : memref<512xi8> to memref<60xf32>

// BAD: error: qrt-plan-arena: alignment must be a power of two of at least 8, got 48

// expected-remark @+1 {{arena: 640 bytes for 5 buffers (naive 640)}}
func.func @padding(%x4: memref<4xf32>, %x12: memref<12xf32>, %x13: memref<13xf32>,
                   %x16: memref<16xf32>, %x60: memref<60xf32>, %out: memref<105xf32>) {
  %a4 = memref.alloc() : memref<4xf32>
  qrt.unary sigmoid ins(%x4 : memref<4xf32>) outs(%a4 : memref<4xf32>) {backend = #qrt.backend<ref>}
  %a12 = memref.alloc() : memref<12xf32>
  qrt.unary sigmoid ins(%x12 : memref<12xf32>) outs(%a12 : memref<12xf32>) {backend = #qrt.backend<ref>}
  %a13 = memref.alloc() : memref<13xf32>
  qrt.unary sigmoid ins(%x13 : memref<13xf32>) outs(%a13 : memref<13xf32>) {backend = #qrt.backend<ref>}
  %a16 = memref.alloc() : memref<16xf32>
  qrt.unary sigmoid ins(%x16 : memref<16xf32>) outs(%a16 : memref<16xf32>) {backend = #qrt.backend<ref>}
  %a60 = memref.alloc() : memref<60xf32>
  qrt.unary sigmoid ins(%x60 : memref<60xf32>) outs(%a60 : memref<60xf32>) {backend = #qrt.backend<ref>}
  qrt.concat ins(%a4, %a12, %a13, %a16, %a60 : memref<4xf32>, memref<12xf32>, memref<13xf32>, memref<16xf32>, memref<60xf32>) outs(%out : memref<105xf32>) {axis = 0 : i64, backend = #qrt.backend<ref>}
  return
}

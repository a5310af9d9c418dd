// RUN: quant-opt %s --split-input-file --convert-qnn-to-qrt=backend=ref | FileCheck %s
// RUN: quant-opt %s --split-input-file --convert-qnn-to-qrt=backend=ref --qrt-plan-arena=verify=true 2>/dev/null | FileCheck %s --check-prefix=ARENA

// qnn.observe becomes qrt.observe on its input's buffer (no copy): the
// users of the observed value read the same buffer. A 4-D value is observed
// in NHWC, so per-channel statistics are on axis 3; other ranks keep axis 1.
// CHECK-LABEL: func.func @observe(
// CHECK-SAME:      %[[ARG:.*]]: memref<1x3x4x4xf32>
// CHECK:         %[[X:.*]] = memref.alloc() : memref<1x4x4x3xf32>
// CHECK:         qrt.layout transpose ins(%[[ARG]] : memref<1x3x4x4xf32>) outs(%[[X]] : memref<1x4x4x3xf32>)
// CHECK-NEXT:    qrt.observe ins(%[[X]] : memref<1x4x4x3xf32>) {id = 0 : i64, kind = #qrt.observer<histogram>}
// CHECK-NEXT:    qrt.observe ins(%[[X]] : memref<1x4x4x3xf32>) {axis = 3 : i64, id = 1 : i64, kind = #qrt.observer<per_channel_minmax>}
// CHECK-NEXT:    %[[Y:.*]] = memref.alloc() : memref<1x4x4x3xf32>
// CHECK-NEXT:    qrt.unary sigmoid ins(%[[X]] : memref<1x4x4x3xf32>) outs(%[[Y]] : memref<1x4x4x3xf32>)
// CHECK-NEXT:    qrt.observe ins(%[[Y]] : memref<1x4x4x3xf32>) {id = 2 : i64, kind = #qrt.observer<minmax>}
// CHECK:         qrt.layout transpose ins(%[[Y]] : memref<1x4x4x3xf32>)
func.func @observe(%x: tensor<1x3x4x4xf32>) -> tensor<1x3x4x4xf32> {
  %a = qnn.observe %x {id = 0 : i64, observer = #qnn.observer<histogram>} : tensor<1x3x4x4xf32>
  %b = qnn.observe %a {id = 1 : i64, observer = #qnn.observer<per_channel_minmax>} : tensor<1x3x4x4xf32>
  %y = qnn.sigmoid %b : tensor<1x3x4x4xf32>
  %z = qnn.observe %y {id = 2 : i64, observer = #qnn.observer<minmax>} : tensor<1x3x4x4xf32>
  return %z : tensor<1x3x4x4xf32>
}

// -----

// CHECK-LABEL: func.func @observe_ranks(
// CHECK-SAME:      %[[A:.*]]: memref<2x5xf32>, %[[B:.*]]: memref<2x5x7xf32>) -> (memref<2x5xf32>, memref<2x5x7xf32>)
// CHECK:         qrt.observe ins(%[[A]] : memref<2x5xf32>) {axis = 1 : i64, id = 7 : i64, kind = #qrt.observer<per_channel_minmax>}
// CHECK:         qrt.observe ins(%[[B]] : memref<2x5x7xf32>) {axis = 1 : i64, id = 8 : i64, kind = #qrt.observer<per_channel_minmax>}
// CHECK:         return %[[A]], %[[B]]
func.func @observe_ranks(%a: tensor<2x5xf32>, %b: tensor<2x5x7xf32>) -> (tensor<2x5xf32>, tensor<2x5x7xf32>) {
  %x = qnn.observe %a {id = 7 : i64, observer = #qnn.observer<per_channel_minmax>} : tensor<2x5xf32>
  %y = qnn.observe %b {id = 8 : i64, observer = #qnn.observer<per_channel_minmax>} : tensor<2x5x7xf32>
  return %x, %y : tensor<2x5xf32>, tensor<2x5x7xf32>
}

// -----

// The arena planner counts an observe as a reader: %a stays live until its
// observer runs after the third sigmoid, so it cannot share bytes with %c
// (without the observe it would: 640 bytes). 3 buffers x alignTo(256 + 16, 64).
// ARENA-LABEL: func.func @observe_liveness(
// ARENA-SAME:      qrt.arena_bytes = 960 : i64
// ARENA:         %[[A:.*]] = memref.view %{{.*}}[%{{.*}}][] : memref<960xi8> to memref<1x64xf32>
// ARENA:         qrt.unary sigmoid ins(%{{.*}} : memref<1x64xf32>) outs(%[[A]] : memref<1x64xf32>)
// ARENA:         qrt.observe ins(%[[A]] : memref<1x64xf32>) {id = 0 : i64, kind = #qrt.observer<histogram>}
func.func @observe_liveness(%x: tensor<1x64xf32>) -> tensor<1x64xf32> {
  %a = qnn.sigmoid %x : tensor<1x64xf32>
  %b = qnn.sigmoid %a : tensor<1x64xf32>
  %c = qnn.sigmoid %b : tensor<1x64xf32>
  %oa = qnn.observe %a {id = 0 : i64, observer = #qnn.observer<histogram>} : tensor<1x64xf32>
  %d = qnn.sigmoid %c : tensor<1x64xf32>
  return %d : tensor<1x64xf32>
}


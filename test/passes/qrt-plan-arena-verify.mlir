// RUN: quant-opt %s --split-input-file --verify-diagnostics --qrt-plan-arena=verify=true | FileCheck %s

// verify=true re-derives offsets, sizes and live ranges from the rewritten IR
// and rejects overlaps. A fresh plan passes; hand-written plans (functions
// that already carry qrt.arena_bytes are not planned again) are checked too.

// CHECK-LABEL: func.func @fresh(
// CHECK-SAME:      attributes {qrt.arena_bytes = 1152 : i64}
// expected-remark @+1 {{arena: 1152 bytes for 4 buffers (naive 2304)}}
func.func @fresh(%x: memref<1x4x4x8xf32>, %w: memref<8x1x1x8xf32>, %out: memref<1x4x4x8xf32>) {
  %r = memref.alloc() : memref<1x4x4x8xf32>
  qrt.unary sigmoid ins(%x : memref<1x4x4x8xf32>) outs(%r : memref<1x4x4x8xf32>) {backend = #qrt.backend<ref>}
  %a = memref.alloc() : memref<1x4x4x8xf32>
  qrt.unary hard_swish ins(%x : memref<1x4x4x8xf32>) outs(%a : memref<1x4x4x8xf32>) {backend = #qrt.backend<ref>}
  %y = memref.alloc() : memref<1x4x4x8xf32>
  qrt.conv2d ins(%a, %w : memref<1x4x4x8xf32>, memref<8x1x1x8xf32>) residual(%r : memref<1x4x4x8xf32>) outs(%y : memref<1x4x4x8xf32>) {backend = #qrt.backend<ref>, dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
  %z = memref.alloc() : memref<1x4x4x8xf32>
  qrt.unary sigmoid ins(%y : memref<1x4x4x8xf32>) outs(%z : memref<1x4x4x8xf32>) {backend = #qrt.backend<ref>}
  qrt.unary sigmoid ins(%z : memref<1x4x4x8xf32>) outs(%out : memref<1x4x4x8xf32>) {backend = #qrt.backend<ref>}
  return
}

// -----

// A valid hand-written plan (residual and output at one offset, a buffer
// reusing a dead one's bytes) is accepted and left as it is.
// CHECK-LABEL: func.func @valid_by_hand(
// CHECK-SAME:      attributes {qrt.arena_bytes = 1152 : i64}
// CHECK:         memref.alloc() {alignment = 64 : i64} : memref<1152xi8>
// CHECK-COUNT-3: memref.view
func.func @valid_by_hand(%x: memref<1x4x4x8xf32>, %w: memref<8x1x1x8xf32>, %out: memref<1x4x4x8xf32>) attributes {qrt.arena_bytes = 1152 : i64} {
  %arena = memref.alloc() {alignment = 64 : i64} : memref<1152xi8>
  %c0 = arith.constant 0 : index
  %c576 = arith.constant 576 : index
  %r = memref.view %arena[%c0][] : memref<1152xi8> to memref<1x4x4x8xf32>
  qrt.unary sigmoid ins(%x : memref<1x4x4x8xf32>) outs(%r : memref<1x4x4x8xf32>) {backend = #qrt.backend<ref>}
  %a = memref.view %arena[%c576][] : memref<1152xi8> to memref<1x4x4x8xf32>
  qrt.unary hard_swish ins(%x : memref<1x4x4x8xf32>) outs(%a : memref<1x4x4x8xf32>) {backend = #qrt.backend<ref>}
  %y = memref.view %arena[%c0][] : memref<1152xi8> to memref<1x4x4x8xf32>
  qrt.conv2d ins(%a, %w : memref<1x4x4x8xf32>, memref<8x1x1x8xf32>) residual(%r : memref<1x4x4x8xf32>) outs(%y : memref<1x4x4x8xf32>) {backend = #qrt.backend<ref>, dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
  qrt.unary sigmoid ins(%y : memref<1x4x4x8xf32>) outs(%out : memref<1x4x4x8xf32>) {backend = #qrt.backend<ref>}
  return
}

// -----

// A kernel's input and output at one offset.
func.func @same_bytes(%x: memref<16xf32>, %out: memref<16xf32>) attributes {qrt.arena_bytes = 256 : i64} {
  %arena = memref.alloc() {alignment = 64 : i64} : memref<256xi8>
  %c0 = arith.constant 0 : index
  // expected-note @+1 {{the other buffer}}
  %a = memref.view %arena[%c0][] : memref<256xi8> to memref<16xf32>
  qrt.unary sigmoid ins(%x : memref<16xf32>) outs(%a : memref<16xf32>) {backend = #qrt.backend<ref>}
  // expected-error @+1 {{arena check: bytes [0, 64) overlap [0, 64) (padding included) while both are live}}
  %b = memref.view %arena[%c0][] : memref<256xi8> to memref<16xf32>
  qrt.unary sigmoid ins(%a : memref<16xf32>) outs(%b : memref<16xf32>) {backend = #qrt.backend<ref>}
  qrt.unary sigmoid ins(%b : memref<16xf32>) outs(%out : memref<16xf32>) {backend = #qrt.backend<ref>}
  return
}

// -----

// Adjacent without room for the 16 bytes XNNPACK may read past %a.
func.func @no_padding(%x: memref<16xf32>, %out: memref<16xf32>) attributes {qrt.arena_bytes = 256 : i64} {
  %arena = memref.alloc() {alignment = 64 : i64} : memref<256xi8>
  %c0 = arith.constant 0 : index
  %c64 = arith.constant 64 : index
  // expected-note @+1 {{the other buffer}}
  %a = memref.view %arena[%c0][] : memref<256xi8> to memref<16xf32>
  qrt.unary sigmoid ins(%x : memref<16xf32>) outs(%a : memref<16xf32>) {backend = #qrt.backend<ref>}
  // expected-error @+1 {{arena check: bytes [64, 128) overlap [0, 64) (padding included) while both are live}}
  %b = memref.view %arena[%c64][] : memref<256xi8> to memref<16xf32>
  qrt.unary sigmoid ins(%a : memref<16xf32>) outs(%b : memref<16xf32>) {backend = #qrt.backend<ref>}
  qrt.unary sigmoid ins(%b : memref<16xf32>) outs(%out : memref<16xf32>) {backend = #qrt.backend<ref>}
  return
}

// -----

// Misaligned, and the last buffer's padding past the arena's end.
func.func @bounds(%x: memref<16xf32>, %out: memref<16xf32>) attributes {qrt.arena_bytes = 192 : i64} {
  %arena = memref.alloc() {alignment = 64 : i64} : memref<192xi8>
  %c32 = arith.constant 32 : index
  %c128 = arith.constant 128 : index
  // expected-error @+1 {{arena check: offset 32 is not a multiple of 64}}
  %a = memref.view %arena[%c32][] : memref<192xi8> to memref<16xf32>
  qrt.unary sigmoid ins(%x : memref<16xf32>) outs(%a : memref<16xf32>) {backend = #qrt.backend<ref>}
  // expected-error @+1 {{arena check: bytes [128, 192) + 16 of padding do not fit in the arena of 192 bytes}}
  %b = memref.view %arena[%c128][] : memref<192xi8> to memref<16xf32>
  qrt.unary sigmoid ins(%a : memref<16xf32>) outs(%b : memref<16xf32>) {backend = #qrt.backend<ref>}
  qrt.unary sigmoid ins(%b : memref<16xf32>) outs(%out : memref<16xf32>) {backend = #qrt.backend<ref>}
  return
}

// -----

// Residual aliasing is only allowed when the residual is not the input too.
func.func @residual_is_input(%x: memref<1x4x4x8xf32>, %w: memref<8x1x1x8xf32>, %out: memref<1x4x4x8xf32>) attributes {qrt.arena_bytes = 576 : i64} {
  %arena = memref.alloc() {alignment = 64 : i64} : memref<576xi8>
  %c0 = arith.constant 0 : index
  // expected-note @+1 {{the other buffer}}
  %r = memref.view %arena[%c0][] : memref<576xi8> to memref<1x4x4x8xf32>
  qrt.unary sigmoid ins(%x : memref<1x4x4x8xf32>) outs(%r : memref<1x4x4x8xf32>) {backend = #qrt.backend<ref>}
  // expected-error @+1 {{arena check: bytes [0, 512) overlap [0, 512) (padding included) while both are live}}
  %y = memref.view %arena[%c0][] : memref<576xi8> to memref<1x4x4x8xf32>
  qrt.conv2d ins(%r, %w : memref<1x4x4x8xf32>, memref<8x1x1x8xf32>) residual(%r : memref<1x4x4x8xf32>) outs(%y : memref<1x4x4x8xf32>) {backend = #qrt.backend<ref>, dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
  qrt.unary sigmoid ins(%y : memref<1x4x4x8xf32>) outs(%out : memref<1x4x4x8xf32>) {backend = #qrt.backend<ref>}
  return
}

// -----

// ... nor when the residual is read after the op.
func.func @residual_read_later(%x: memref<1x4x4x8xf32>, %w: memref<8x1x1x8xf32>, %out: memref<1x4x4x8xf32>) attributes {qrt.arena_bytes = 576 : i64} {
  %arena = memref.alloc() {alignment = 64 : i64} : memref<576xi8>
  %c0 = arith.constant 0 : index
  // expected-note @+1 {{the other buffer}}
  %r = memref.view %arena[%c0][] : memref<576xi8> to memref<1x4x4x8xf32>
  qrt.unary sigmoid ins(%x : memref<1x4x4x8xf32>) outs(%r : memref<1x4x4x8xf32>) {backend = #qrt.backend<ref>}
  // expected-error @+1 {{arena check: bytes [0, 512) overlap [0, 512) (padding included) while both are live}}
  %y = memref.view %arena[%c0][] : memref<576xi8> to memref<1x4x4x8xf32>
  qrt.conv2d ins(%x, %w : memref<1x4x4x8xf32>, memref<8x1x1x8xf32>) residual(%r : memref<1x4x4x8xf32>) outs(%y : memref<1x4x4x8xf32>) {backend = #qrt.backend<ref>, dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
  qrt.binary add ins(%r, %y : memref<1x4x4x8xf32>, memref<1x4x4x8xf32>) outs(%out : memref<1x4x4x8xf32>) {backend = #qrt.backend<ref>}
  return
}

// -----

// expected-error @+1 {{arena check: qrt.arena_bytes is 128 but the arena has 256 bytes}}
func.func @size_mismatch(%x: memref<16xf32>, %out: memref<16xf32>) attributes {qrt.arena_bytes = 128 : i64} {
  %arena = memref.alloc() {alignment = 64 : i64} : memref<256xi8>
  %c0 = arith.constant 0 : index
  %a = memref.view %arena[%c0][] : memref<256xi8> to memref<16xf32>
  qrt.unary sigmoid ins(%x : memref<16xf32>) outs(%a : memref<16xf32>) {backend = #qrt.backend<ref>}
  qrt.unary sigmoid ins(%a : memref<16xf32>) outs(%out : memref<16xf32>) {backend = #qrt.backend<ref>}
  return
}

// -----

// expected-error @+1 {{arena check: qrt.arena_bytes is 256 but the function does not start with an i8 arena}}
func.func @no_arena(%x: memref<16xf32>, %out: memref<16xf32>) attributes {qrt.arena_bytes = 256 : i64} {
  qrt.unary sigmoid ins(%x : memref<16xf32>) outs(%out : memref<16xf32>) {backend = #qrt.backend<ref>}
  return
}

// -----

// The input's own view of an unplanned buffer is not part of the arena; the
// check looks at the arena's views only.
// CHECK-LABEL: func.func @foreign_view(
// CHECK-SAME:      attributes {qrt.arena_bytes = 128 : i64}
// CHECK:         memref.alloc() {alignment = 64 : i64} : memref<128xi8>
// CHECK:         %[[OWN:.*]] = memref.alloc() : memref<64xi8>
// CHECK:         memref.view %[[OWN]]
// expected-remark @+1 {{arena: 128 bytes for 1 buffers (naive 128)}}
func.func @foreign_view(%x: memref<16xf32>, %out: memref<16xf32>) {
  %c0 = arith.constant 0 : index
  // expected-remark @+1 {{arena: buffer not planned: used by 'memref.view', which the planner does not model}}
  %own = memref.alloc() : memref<64xi8>
  // expected-note @+1 {{used here}}
  %v = memref.view %own[%c0][] : memref<64xi8> to memref<16xf32>
  qrt.unary sigmoid ins(%x : memref<16xf32>) outs(%v : memref<16xf32>) {backend = #qrt.backend<ref>}
  %a = memref.alloc() : memref<16xf32>
  qrt.unary sigmoid ins(%v : memref<16xf32>) outs(%a : memref<16xf32>) {backend = #qrt.backend<ref>}
  qrt.unary sigmoid ins(%a : memref<16xf32>) outs(%out : memref<16xf32>) {backend = #qrt.backend<ref>}
  return
}

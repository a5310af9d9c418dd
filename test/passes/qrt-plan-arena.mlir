// RUN: quant-opt %s --split-input-file --verify-diagnostics --qrt-plan-arena | FileCheck %s
// RUN: quant-opt %s --split-input-file --qrt-plan-arena=alias-residual=false 2>/dev/null \
// RUN:   | FileCheck %s --check-prefix=NOALIAS

// Buffers become views of one arena at exact offsets. Each 64-byte buffer
// reserves alignTo(64 + 16, 64) = 128 bytes.

// A chain: each buffer dies where the next is written, so two slots suffice.
// CHECK-LABEL: func.func @chain(
// CHECK-SAME:      attributes {qrt.arena_bytes = 256 : i64}
// CHECK:         %[[ARENA:.*]] = memref.alloc() {alignment = 64 : i64} : memref<256xi8>
// CHECK-DAG:     %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG:     %[[C128:.*]] = arith.constant 128 : index
// CHECK:         %[[A:.*]] = memref.view %[[ARENA]][%[[C0]]][] : memref<256xi8> to memref<16xf32>
// CHECK:         qrt.unary sigmoid ins(%{{.*}} : memref<16xf32>) outs(%[[A]] : memref<16xf32>)
// CHECK:         %[[B:.*]] = memref.view %[[ARENA]][%[[C128]]][] : memref<256xi8> to memref<16xf32>
// CHECK:         qrt.unary sigmoid ins(%[[A]] : memref<16xf32>) outs(%[[B]] : memref<16xf32>)
// CHECK:         %[[C:.*]] = memref.view %[[ARENA]][%[[C0]]][]
// CHECK:         qrt.unary sigmoid ins(%[[B]] : memref<16xf32>) outs(%[[C]] : memref<16xf32>)
// CHECK:         %[[D:.*]] = memref.view %[[ARENA]][%[[C128]]][]
// CHECK:         qrt.unary sigmoid ins(%[[C]] : memref<16xf32>) outs(%[[D]] : memref<16xf32>)
// CHECK-NOT:     memref.alloc
// CHECK:         return
// expected-remark @+1 {{arena: 256 bytes for 4 buffers (naive 512)}}
func.func @chain(%x: memref<16xf32>, %out: memref<16xf32>) {
  %a = memref.alloc() : memref<16xf32>
  qrt.unary sigmoid ins(%x : memref<16xf32>) outs(%a : memref<16xf32>) {backend = #qrt.backend<ref>}
  %b = memref.alloc() : memref<16xf32>
  qrt.unary sigmoid ins(%a : memref<16xf32>) outs(%b : memref<16xf32>) {backend = #qrt.backend<ref>}
  %c = memref.alloc() : memref<16xf32>
  qrt.unary sigmoid ins(%b : memref<16xf32>) outs(%c : memref<16xf32>) {backend = #qrt.backend<ref>}
  %d = memref.alloc() : memref<16xf32>
  qrt.unary sigmoid ins(%c : memref<16xf32>) outs(%d : memref<16xf32>) {backend = #qrt.backend<ref>}
  qrt.unary sigmoid ins(%d : memref<16xf32>) outs(%out : memref<16xf32>) {backend = #qrt.backend<ref>}
  return
}

// -----

// A diamond: %a feeds two branches, so %a, %b and %c are live together when
// %c is written; %d then reuses %a's bytes.
// CHECK-LABEL: func.func @diamond(
// CHECK-SAME:      attributes {qrt.arena_bytes = 384 : i64}
// CHECK:         %[[ARENA:.*]] = memref.alloc() {alignment = 64 : i64} : memref<384xi8>
// CHECK-DAG:     %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG:     %[[C128:.*]] = arith.constant 128 : index
// CHECK-DAG:     %[[C256:.*]] = arith.constant 256 : index
// CHECK:         %[[A:.*]] = memref.view %[[ARENA]][%[[C0]]][]
// CHECK:         %[[B:.*]] = memref.view %[[ARENA]][%[[C128]]][]
// CHECK:         %[[C:.*]] = memref.view %[[ARENA]][%[[C256]]][]
// CHECK:         %[[D:.*]] = memref.view %[[ARENA]][%[[C0]]][]
// CHECK:         qrt.binary add ins(%[[B]], %[[C]] : memref<16xf32>, memref<16xf32>) outs(%[[D]] : memref<16xf32>)
// expected-remark @+1 {{arena: 384 bytes for 4 buffers (naive 512)}}
func.func @diamond(%x: memref<16xf32>, %out: memref<16xf32>) {
  %a = memref.alloc() : memref<16xf32>
  qrt.unary sigmoid ins(%x : memref<16xf32>) outs(%a : memref<16xf32>) {backend = #qrt.backend<ref>}
  %b = memref.alloc() : memref<16xf32>
  qrt.unary sigmoid ins(%a : memref<16xf32>) outs(%b : memref<16xf32>) {backend = #qrt.backend<ref>}
  %c = memref.alloc() : memref<16xf32>
  qrt.unary hard_swish ins(%a : memref<16xf32>) outs(%c : memref<16xf32>) {backend = #qrt.backend<ref>}
  %d = memref.alloc() : memref<16xf32>
  qrt.binary add ins(%b, %c : memref<16xf32>, memref<16xf32>) outs(%d : memref<16xf32>) {backend = #qrt.backend<ref>}
  qrt.unary sigmoid ins(%d : memref<16xf32>) outs(%out : memref<16xf32>) {backend = #qrt.backend<ref>}
  return
}

// -----

// Best fit, largest first: %a (256 B reserved) at 0, then the 128-byte
// buffers by first use: %q, %c and %s stack up above %a; %n is live only
// with %q and %s and takes the smallest gap that fits, [384, 512), not the
// lowest one, [0, 256).
// CHECK-LABEL: func.func @best_fit(
// CHECK-SAME:      attributes {qrt.arena_bytes = 640 : i64}
// CHECK-DAG:     %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG:     %[[C256:.*]] = arith.constant 256 : index
// CHECK-DAG:     %[[C384:.*]] = arith.constant 384 : index
// CHECK-DAG:     %[[C512:.*]] = arith.constant 512 : index
// CHECK:         memref.view %{{.*}}[%[[C0]]][] : memref<640xi8> to memref<60xf32>
// CHECK:         memref.view %{{.*}}[%[[C256]]][] : memref<640xi8> to memref<16xf32>
// CHECK:         memref.view %{{.*}}[%[[C384]]][] : memref<640xi8> to memref<16xf32>
// CHECK:         memref.view %{{.*}}[%[[C512]]][] : memref<640xi8> to memref<16xf32>
// CHECK:         %[[N:.*]] = memref.view %{{.*}}[%[[C384]]][] : memref<640xi8> to memref<16xf32>
// CHECK:         qrt.binary add ins(%{{.*}}, %{{.*}} : memref<16xf32>, memref<16xf32>) outs(%[[N]] : memref<16xf32>)
// expected-remark @+1 {{arena: 640 bytes for 5 buffers (naive 768)}}
func.func @best_fit(%x: memref<16xf32>, %y: memref<60xf32>, %out: memref<16xf32>, %out2: memref<60xf32>) {
  %a = memref.alloc() : memref<60xf32>
  qrt.unary sigmoid ins(%y : memref<60xf32>) outs(%a : memref<60xf32>) {backend = #qrt.backend<ref>}
  %q = memref.alloc() : memref<16xf32>
  qrt.unary sigmoid ins(%x : memref<16xf32>) outs(%q : memref<16xf32>) {backend = #qrt.backend<ref>}
  %c = memref.alloc() : memref<16xf32>
  qrt.unary sigmoid ins(%x : memref<16xf32>) outs(%c : memref<16xf32>) {backend = #qrt.backend<ref>}
  %s = memref.alloc() : memref<16xf32>
  qrt.unary sigmoid ins(%x : memref<16xf32>) outs(%s : memref<16xf32>) {backend = #qrt.backend<ref>}
  qrt.binary add ins(%c, %s : memref<16xf32>, memref<16xf32>) outs(%out : memref<16xf32>) {backend = #qrt.backend<ref>}
  qrt.unary sigmoid ins(%a : memref<60xf32>) outs(%out2 : memref<60xf32>) {backend = #qrt.backend<ref>}
  %n = memref.alloc() : memref<16xf32>
  qrt.binary add ins(%q, %s : memref<16xf32>, memref<16xf32>) outs(%n : memref<16xf32>) {backend = #qrt.backend<ref>}
  qrt.unary sigmoid ins(%n : memref<16xf32>) outs(%out : memref<16xf32>) {backend = #qrt.backend<ref>}
  return
}

// -----

// A residual that dies at its conv shares the output's bytes (the runtime
// allows residual == output); without the option all three are live there.
// CHECK-LABEL: func.func @residual(
// CHECK-SAME:      attributes {qrt.arena_bytes = 1152 : i64}
// CHECK-DAG:     %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG:     %[[C576:.*]] = arith.constant 576 : index
// CHECK:         %[[R:.*]] = memref.view %{{.*}}[%[[C0]]][]
// CHECK:         %[[A:.*]] = memref.view %{{.*}}[%[[C576]]][]
// CHECK:         %[[Y:.*]] = memref.view %{{.*}}[%[[C0]]][]
// CHECK:         qrt.conv2d ins(%[[A]], %{{.*}} : {{.*}}) residual(%[[R]] : memref<1x4x4x8xf32>) outs(%[[Y]] : memref<1x4x4x8xf32>)
// NOALIAS-LABEL: func.func @residual(
// NOALIAS-SAME:      attributes {qrt.arena_bytes = 1728 : i64}
// expected-remark @+1 {{arena: 1152 bytes for 3 buffers (naive 1728)}}
func.func @residual(%x: memref<1x4x4x8xf32>, %w: memref<8x1x1x8xf32>, %out: memref<1x4x4x8xf32>) {
  %r = memref.alloc() : memref<1x4x4x8xf32>
  qrt.unary sigmoid ins(%x : memref<1x4x4x8xf32>) outs(%r : memref<1x4x4x8xf32>) {backend = #qrt.backend<ref>}
  %a = memref.alloc() : memref<1x4x4x8xf32>
  qrt.unary hard_swish ins(%x : memref<1x4x4x8xf32>) outs(%a : memref<1x4x4x8xf32>) {backend = #qrt.backend<ref>}
  %y = memref.alloc() : memref<1x4x4x8xf32>
  qrt.conv2d ins(%a, %w : memref<1x4x4x8xf32>, memref<8x1x1x8xf32>) residual(%r : memref<1x4x4x8xf32>) outs(%y : memref<1x4x4x8xf32>) {backend = #qrt.backend<ref>, dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
  qrt.unary sigmoid ins(%y : memref<1x4x4x8xf32>) outs(%out : memref<1x4x4x8xf32>) {backend = #qrt.backend<ref>}
  return
}

// -----

// No aliasing when the residual is also the conv's input (the kernel reads
// it while writing the output, as in examples/digits_cnn.onnx) or is read
// after the conv.
// CHECK-LABEL: func.func @residual_no_alias(
// CHECK-SAME:      attributes {qrt.arena_bytes = 1152 : i64}
// CHECK-DAG:     %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG:     %[[C576:.*]] = arith.constant 576 : index
// CHECK:         %[[R:.*]] = memref.view %{{.*}}[%[[C0]]][]
// CHECK:         %[[Y:.*]] = memref.view %{{.*}}[%[[C576]]][]
// CHECK:         qrt.conv2d ins(%[[R]], %{{.*}} : {{.*}}) residual(%[[R]] : {{.*}}) outs(%[[Y]] :
// CHECK:         %[[Z:.*]] = memref.view %{{.*}}[%[[C0]]][]
// CHECK:         qrt.conv2d ins(%{{.*}}, %{{.*}} : {{.*}}) residual(%[[Y]] : {{.*}}) outs(%[[Z]] :
// CHECK:         qrt.binary add ins(%[[Y]], %[[Z]] :
// expected-remark @+1 {{arena: 1152 bytes for 3 buffers (naive 1728)}}
func.func @residual_no_alias(%x: memref<1x4x4x8xf32>, %w: memref<8x1x1x8xf32>, %out: memref<1x4x4x8xf32>) {
  %r = memref.alloc() : memref<1x4x4x8xf32>
  qrt.unary sigmoid ins(%x : memref<1x4x4x8xf32>) outs(%r : memref<1x4x4x8xf32>) {backend = #qrt.backend<ref>}
  %y = memref.alloc() : memref<1x4x4x8xf32>
  qrt.conv2d ins(%r, %w : memref<1x4x4x8xf32>, memref<8x1x1x8xf32>) residual(%r : memref<1x4x4x8xf32>) outs(%y : memref<1x4x4x8xf32>) {backend = #qrt.backend<ref>, dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
  %z = memref.alloc() : memref<1x4x4x8xf32>
  qrt.conv2d ins(%x, %w : memref<1x4x4x8xf32>, memref<8x1x1x8xf32>) residual(%y : memref<1x4x4x8xf32>) outs(%z : memref<1x4x4x8xf32>) {backend = #qrt.backend<ref>, dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
  qrt.binary add ins(%y, %z : memref<1x4x4x8xf32>, memref<1x4x4x8xf32>) outs(%out : memref<1x4x4x8xf32>) {backend = #qrt.backend<ref>}
  return
}

// -----

// A chain of fully_connected residuals collapses into one slot: the output
// of each is the residual of the next, which dies there.
// CHECK-LABEL: func.func @residual_fc_chain(
// CHECK-SAME:      attributes {qrt.arena_bytes = 128 : i64}
// CHECK:         %[[F:.*]] = memref.view %{{.*}}[%[[C0:.*]]][] : memref<128xi8> to memref<2x8xf32>
// CHECK:         %[[G:.*]] = memref.view %{{.*}}[%[[C0]]][] : memref<128xi8> to memref<2x8xf32>
// CHECK:         qrt.fully_connected ins({{.*}}) residual(%[[F]] : {{.*}}) outs(%[[G]] :
// CHECK:         %[[H:.*]] = memref.view %{{.*}}[%[[C0]]][] : memref<128xi8> to memref<2x8xf32>
// CHECK:         qrt.fully_connected ins({{.*}}) residual(%[[G]] : {{.*}}) outs(%[[H]] :
// NOALIAS-LABEL: func.func @residual_fc_chain(
// NOALIAS-SAME:      attributes {qrt.arena_bytes = 256 : i64}
// expected-remark @+1 {{arena: 128 bytes for 3 buffers (naive 384)}}
func.func @residual_fc_chain(%v: memref<2x8xf32>, %fw: memref<8x8xf32>, %out: memref<2x8xf32>) {
  %f = memref.alloc() : memref<2x8xf32>
  qrt.unary sigmoid ins(%v : memref<2x8xf32>) outs(%f : memref<2x8xf32>) {backend = #qrt.backend<ref>}
  %g = memref.alloc() : memref<2x8xf32>
  qrt.fully_connected ins(%v, %fw : memref<2x8xf32>, memref<8x8xf32>) residual(%f : memref<2x8xf32>) outs(%g : memref<2x8xf32>) {backend = #qrt.backend<ref>}
  %h = memref.alloc() : memref<2x8xf32>
  qrt.fully_connected ins(%v, %fw : memref<2x8xf32>, memref<8x8xf32>) residual(%g : memref<2x8xf32>) outs(%h : memref<2x8xf32>) {backend = #qrt.backend<ref>}
  qrt.unary sigmoid ins(%h : memref<2x8xf32>) outs(%out : memref<2x8xf32>) {backend = #qrt.backend<ref>}
  return
}

// -----

// The model's output stays its own allocation (the caller's buffer at the
// ABI boundary); buffers that escape or meet ops the planner does not model
// are left alone, each with a remark.
// CHECK-LABEL: func.func @not_planned(
// CHECK-SAME:      attributes {qrt.arena_bytes = 128 : i64}
// CHECK:         %[[ARENA:.*]] = memref.alloc() {alignment = 64 : i64} : memref<128xi8>
// CHECK:         %[[A:.*]] = memref.view %[[ARENA]]
// CHECK:         %[[COPIED:.*]] = memref.alloc() : memref<16xf32>
// CHECK:         memref.copy %[[COPIED]], %{{.*}}
// CHECK:         %[[CALLED:.*]] = memref.alloc() : memref<16xf32>
// CHECK:         call @consume(%[[CALLED]])
// CHECK:         memref.alloc(%{{.*}}) : memref<?xf32>
// CHECK:         %[[RESULT:.*]] = memref.alloc() : memref<16xf32>
// CHECK:         qrt.unary sigmoid ins(%[[A]] : memref<16xf32>) outs(%[[RESULT]] : memref<16xf32>)
// CHECK:         return %[[RESULT]]
func.func private @consume(memref<16xf32>)
// expected-remark @+1 {{arena: 128 bytes for 1 buffers (naive 128)}}
func.func @not_planned(%x: memref<16xf32>, %out: memref<16xf32>, %n: index) -> memref<16xf32> {
  %a = memref.alloc() : memref<16xf32>
  qrt.unary sigmoid ins(%x : memref<16xf32>) outs(%a : memref<16xf32>) {backend = #qrt.backend<ref>}
  // expected-remark @+1 {{arena: buffer not planned: used by 'memref.copy', which the planner does not model}}
  %copied = memref.alloc() : memref<16xf32>
  qrt.unary sigmoid ins(%a : memref<16xf32>) outs(%copied : memref<16xf32>) {backend = #qrt.backend<ref>}
  // expected-note @+1 {{used here}}
  memref.copy %copied, %out : memref<16xf32> to memref<16xf32>
  // expected-remark @+1 {{arena: buffer not planned: passed to a call ('func.call')}}
  %called = memref.alloc() : memref<16xf32>
  qrt.unary sigmoid ins(%a : memref<16xf32>) outs(%called : memref<16xf32>) {backend = #qrt.backend<ref>}
  // expected-note @+1 {{used here}}
  call @consume(%called) : (memref<16xf32>) -> ()
  // expected-remark @+1 {{arena: buffer not planned: dynamic shape}}
  %dyn = memref.alloc(%n) : memref<?xf32>
  // expected-remark @+1 {{arena: buffer not planned: returned from the function; the caller owns it}}
  %result = memref.alloc() : memref<16xf32>
  qrt.unary sigmoid ins(%a : memref<16xf32>) outs(%result : memref<16xf32>) {backend = #qrt.backend<ref>}
  // expected-note @+1 {{used here}}
  return %result : memref<16xf32>
}

// -----

// Deallocs of planned buffers go; the arena is freed before the return
// instead. A buffer no kernel uses is dead and gets no bytes.
// CHECK-LABEL: func.func @deallocs(
// CHECK-SAME:      attributes {qrt.arena_bytes = 256 : i64}
// CHECK:         %[[ARENA:.*]] = memref.alloc() {alignment = 64 : i64} : memref<256xi8>
// CHECK-NOT:     memref.alloc
// CHECK-NOT:     memref.dealloc
// CHECK:         memref.dealloc %[[ARENA]] : memref<256xi8>
// CHECK-NEXT:    return
// expected-remark @+1 {{arena: 256 bytes for 2 buffers (naive 256)}}
func.func @deallocs(%x: memref<16xf32>, %out: memref<16xf32>) {
  %unused = memref.alloc() : memref<64xf32>
  %a = memref.alloc() : memref<16xf32>
  qrt.unary sigmoid ins(%x : memref<16xf32>) outs(%a : memref<16xf32>) {backend = #qrt.backend<ref>}
  %b = memref.alloc() : memref<16xf32>
  qrt.unary sigmoid ins(%a : memref<16xf32>) outs(%b : memref<16xf32>) {backend = #qrt.backend<ref>}
  memref.dealloc %a : memref<16xf32>
  qrt.unary sigmoid ins(%b : memref<16xf32>) outs(%out : memref<16xf32>) {backend = #qrt.backend<ref>}
  memref.dealloc %b : memref<16xf32>
  memref.dealloc %unused : memref<64xf32>
  return
}

// -----

// Nothing to plan: no arena, zero bytes.
// CHECK-LABEL: func.func @empty(
// CHECK-SAME:      attributes {qrt.arena_bytes = 0 : i64}
// CHECK-NOT:     memref.alloc
// expected-remark @+1 {{arena: 0 bytes for 0 buffers (naive 0)}}
func.func @empty(%x: memref<16xf32>, %out: memref<16xf32>) {
  qrt.unary sigmoid ins(%x : memref<16xf32>) outs(%out : memref<16xf32>) {backend = #qrt.backend<ref>}
  return
}

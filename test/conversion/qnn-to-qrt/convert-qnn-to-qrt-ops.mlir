// RUN: quant-opt %s --split-input-file --convert-qnn-to-qrt=backend=ref | FileCheck %s
// RUN: quant-opt %s --split-input-file --convert-qnn-to-qrt=backend=onednn 2>&1 >/dev/null | FileCheck %s --check-prefix=REMARK

// The kernels added to the runtime for the float path (sub, div, tanh, relu,
// clamp, leaky_relu, hard_sigmoid, pad, slice, reduce_mean): ref only, so
// another backend falls back to ref with a remark.
// REMARK: remark: {{.*}}node 'sub0' (qnn.sub) runs on ref: onednn cannot run it (no onednn kernel for this op
// REMARK: remark: {{.*}}node 'pad0' (qnn.pad) runs on ref: onednn cannot run it

// f32 binary and unary kinds; the parameters of clamp, leaky_relu and
// hard_sigmoid carry over.
// CHECK-LABEL: func.func @float_elementwise(
// CHECK:         qrt.binary sub ins(%[[A:.*]], %[[B:.*]] : memref<1x4x4x3xf32>, memref<1x4x4x3xf32>) outs(%[[S:.*]] : memref<1x4x4x3xf32>) {backend = #qrt.backend<ref>}
// CHECK:         qrt.binary div ins(%[[S]], %[[B]] : {{.*}}) outs(%[[D:.*]] : memref<1x4x4x3xf32>) {activation = #qrt.activation<relu>, backend = #qrt.backend<ref>}
// CHECK:         qrt.unary tanh ins(%[[D]] : memref<1x4x4x3xf32>) outs(%[[T:.*]] : memref<1x4x4x3xf32>) {backend = #qrt.backend<ref>}
// CHECK:         qrt.unary relu ins(%[[T]] : {{.*}}) outs(%[[R:.*]] : {{.*}}) {backend = #qrt.backend<ref>}
// CHECK:         qrt.unary clamp ins(%[[R]] : {{.*}}) outs(%[[C:.*]] : {{.*}}) {backend = #qrt.backend<ref>, max = 2.000000e+00 : f32, min = -1.000000e+00 : f32}
// CHECK:         qrt.unary leaky_relu ins(%[[C]] : {{.*}}) outs(%[[L:.*]] : {{.*}}) {alpha = 1.000000e-01 : f32, backend = #qrt.backend<ref>}
// CHECK:         qrt.unary hard_sigmoid ins(%[[L]] : {{.*}}) outs(%{{.*}} : {{.*}}) {alpha = 2.000000e-01 : f32, backend = #qrt.backend<ref>, beta = 5.000000e-01 : f32}
func.func @float_elementwise(%x: tensor<1x3x4x4xf32>, %b: tensor<1x3x4x4xf32>) -> tensor<1x3x4x4xf32> {
  %s = qnn.sub %x, %b : tensor<1x3x4x4xf32>, tensor<1x3x4x4xf32> -> tensor<1x3x4x4xf32> loc("sub0")
  %d = qnn.div %s, %b {activation = #qnn.activation<relu>} : tensor<1x3x4x4xf32>, tensor<1x3x4x4xf32> -> tensor<1x3x4x4xf32>
  %t = qnn.tanh %d : tensor<1x3x4x4xf32>
  %r = qnn.relu %t : tensor<1x3x4x4xf32>
  %c = qnn.clamp %r {min = -1.0 : f32, max = 2.0 : f32} : tensor<1x3x4x4xf32>
  %l = qnn.leaky_relu %c {alpha = 0.1 : f32} : tensor<1x3x4x4xf32>
  %h = qnn.hard_sigmoid %l {alpha = 0.2 : f32, beta = 0.5 : f32} : tensor<1x3x4x4xf32>
  return %h : tensor<1x3x4x4xf32>
}

// -----

// int8: each operand keeps its own descriptor; a lower-rank operand of sub
// against a 4-D value is a constant brought to NHWC like add's (its W
// extent 2 lands on NHWC axis 2).
// CHECK-LABEL: func.func @int8_elementwise(
// CHECK:         memref.get_global @__constant : memref<1x1x2x1xsi8>
// CHECK:         qrt.binary sub ins(%{{.*}}, %{{.*}} : memref<1x2x2x2xsi8>, memref<1x1x2x1xsi8>) outs(%{{.*}} : memref<1x2x2x2xsi8>) {backend = #qrt.backend<ref>, lhs_quant = #qrt.quant<scale = 1.000000e-01, zero_point = 0>, output_quant = #qrt.quant<scale = 2.000000e-01, zero_point = 1>, rhs_quant = #qrt.quant<scale = 5.000000e-02, zero_point = 0>}
// CHECK:         qrt.unary tanh ins(%{{.*}} : memref<1x2x2x2xsi8>) outs(%{{.*}} : memref<1x2x2x2xsi8>) {backend = #qrt.backend<ref>, input_quant = #qrt.quant<scale = 2.000000e-01, zero_point = 1>, output_quant = #qrt.quant<scale = 7.812500e-03, zero_point = 0>}
// CHECK:         qrt.unary hard_sigmoid ins(%{{.*}} : memref<1x2x2x2xsi8>) outs(%{{.*}} : memref<1x2x2x2xsi8>) {alpha = 2.000000e-01 : f32, backend = #qrt.backend<ref>, beta = 5.000000e-01 : f32, input_quant = #qrt.quant<scale = 7.812500e-03, zero_point = 0>, output_quant = #qrt.quant<scale = 3.906250e-03, zero_point = -128>}
// An int8 swish is a sigmoid to the fixed scale 1/256 and a mul, on every
// backend (faster than one table lookup on ref; the numbers of the pair).
// CHECK:         qrt.unary sigmoid ins(%[[H:.*]] : memref<1x2x2x2xsi8>) outs(%[[G:.*]] : memref<1x2x2x2xsi8>) {backend = #qrt.backend<ref>, input_quant = #qrt.quant<scale = 3.906250e-03, zero_point = -128>, output_quant = #qrt.quant<scale = 3.906250e-03, zero_point = -128>}
// CHECK:         qrt.binary mul ins(%[[H]], %[[G]] : {{.*}}) outs(%{{.*}} : memref<1x2x2x2xsi8>) {backend = #qrt.backend<ref>
func.func @int8_elementwise(%x: tensor<1x2x2x2x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x2x2x2x!quant.uniform<i8:f32, 0.00390625:-128>> {
  %c = arith.constant dense<[3, -4]> : tensor<2xi8>
  %cq = quant.scast %c : tensor<2xi8> to tensor<2x!quant.uniform<i8:f32, 0.05>>
  %s = qnn.sub %x, %cq : tensor<1x2x2x2x!quant.uniform<i8:f32, 0.1>>, tensor<2x!quant.uniform<i8:f32, 0.05>> -> tensor<1x2x2x2x!quant.uniform<i8:f32, 0.2:1>>
  %t = qnn.tanh %s : tensor<1x2x2x2x!quant.uniform<i8:f32, 0.2:1>> -> tensor<1x2x2x2x!quant.uniform<i8:f32, 0.0078125>>
  %h = qnn.hard_sigmoid %t {alpha = 0.2 : f32, beta = 0.5 : f32} : tensor<1x2x2x2x!quant.uniform<i8:f32, 0.0078125>> -> tensor<1x2x2x2x!quant.uniform<i8:f32, 0.00390625:-128>>
  %w = qnn.swish %h : tensor<1x2x2x2x!quant.uniform<i8:f32, 0.00390625:-128>>
  return %w : tensor<1x2x2x2x!quant.uniform<i8:f32, 0.00390625:-128>>
}

// -----

// pad and slice of a 4-D value work on its NHWC buffer: the per-dimension
// parameters are permuted (N, C, H, W -> N, H, W, C), pads as all begins
// then all ends. A constant's value stays; reflect/edge carry none.
// CHECK-LABEL: func.func @pad_slice_nhwc(
// CHECK:         qrt.pad reflect ins(%[[X:.*]] : memref<1x4x4x3xf32>) outs(%{{.*}} : memref<1x6x5x3xf32>) {backend = #qrt.backend<ref>, pads = array<i64: 0, 1, 0, 0, 0, 1, 1, 0>}
// CHECK:         qrt.pad constant ins(%[[X]] : memref<1x4x4x3xf32>) outs(%{{.*}} : memref<1x4x4x5xf32>) {backend = #qrt.backend<ref>, pads = array<i64: 0, 0, 0, 2, 0, 0, 0, 0>, value = -1.000000e+00 : f32}
// CHECK:         qrt.slice ins(%[[X]] : memref<1x4x4x3xf32>) outs(%{{.*}} : memref<1x2x4x2xf32>) {backend = #qrt.backend<ref>, ends = array<i64: 1, 4, 4, 3>, starts = array<i64: 0, 0, 0, 1>, steps = array<i64: 1, 2, 1, 1>}
// CHECK:         qrt.slice ins(%[[X]] : memref<1x4x4x3xf32>) outs(%{{.*}} : memref<1x4x4x3xf32>) {backend = #qrt.backend<ref>, ends = array<i64: 1, -1, 4, -1>, starts = array<i64: 0, 3, 0, 2>, steps = array<i64: 1, -1, 1, -1>}
func.func @pad_slice_nhwc(%x: tensor<1x3x4x4xf32>) -> (tensor<1x3x6x5xf32>, tensor<1x5x4x4xf32>, tensor<1x2x2x4xf32>, tensor<1x3x4x4xf32>) {
  %p = qnn.pad %x {mode = #qnn.pad_mode<reflect>, pads = array<i64: 0, 0, 1, 0, 0, 0, 1, 1>, value = 0.0 : f32} : (tensor<1x3x4x4xf32>) -> tensor<1x3x6x5xf32> loc("pad0")
  %c = qnn.pad %x {mode = #qnn.pad_mode<constant>, pads = array<i64: 0, 2, 0, 0, 0, 0, 0, 0>, value = -1.0 : f32} : (tensor<1x3x4x4xf32>) -> tensor<1x5x4x4xf32>
  %s = qnn.slice %x {starts = array<i64: 0, 1, 0, 0>, ends = array<i64: 1, 3, 4, 4>, steps = array<i64: 1, 1, 2, 1>} : (tensor<1x3x4x4xf32>) -> tensor<1x2x2x4xf32>
  %r = qnn.slice %x {starts = array<i64: 0, 2, 3, 0>, ends = array<i64: 1, -1, -1, 4>, steps = array<i64: 1, -1, -1, 1>} : (tensor<1x3x4x4xf32>) -> tensor<1x3x4x4xf32>
  return %p, %c, %s, %r : tensor<1x3x6x5xf32>, tensor<1x5x4x4xf32>, tensor<1x2x2x4xf32>, tensor<1x3x4x4xf32>
}

// -----

// int8 pad and slice are copies with the input's descriptor on both sides;
// other ranks keep their order.
// CHECK-LABEL: func.func @pad_slice_int8(
// CHECK:         qrt.pad edge ins(%{{.*}} : memref<2x3xui8>) outs(%{{.*}} : memref<2x6xui8>) {backend = #qrt.backend<ref>, input_quant = #qrt.quant<scale = 1.000000e-01, zero_point = 3>, output_quant = #qrt.quant<scale = 1.000000e-01, zero_point = 3>, pads = array<i64: 0, 1, 0, 2>}
// CHECK:         qrt.slice ins(%{{.*}} : memref<2x6xui8>) outs(%{{.*}} : memref<1x2xui8>) {backend = #qrt.backend<ref>, ends = array<i64: 2, 6>, input_quant = #qrt.quant<scale = 1.000000e-01, zero_point = 3>, output_quant = #qrt.quant<scale = 1.000000e-01, zero_point = 3>, starts = array<i64: 1, 0>, steps = array<i64: 1, 3>}
func.func @pad_slice_int8(%x: tensor<2x3x!quant.uniform<u8:f32, 0.1:3>>) -> tensor<1x2x!quant.uniform<u8:f32, 0.1:3>> {
  %p = qnn.pad %x {mode = #qnn.pad_mode<edge>, pads = array<i64: 0, 1, 0, 2>, value = 0.0 : f32} : (tensor<2x3x!quant.uniform<u8:f32, 0.1:3>>) -> tensor<2x6x!quant.uniform<u8:f32, 0.1:3>>
  %s = qnn.slice %p {starts = array<i64: 1, 0>, ends = array<i64: 2, 6>, steps = array<i64: 1, 3>} : (tensor<2x6x!quant.uniform<u8:f32, 0.1:3>>) -> tensor<1x2x!quant.uniform<u8:f32, 0.1:3>>
  return %s : tensor<1x2x!quant.uniform<u8:f32, 0.1:3>>
}

// -----

// reduce_mean of a 4-D value: with keepdims the result is NHWC and the axes
// are remapped (H, W -> 1, 2); without, the NHWC input is reduced directly
// when the kept dims come out in NCHW order (H, W -> [N, C]; N, C ->
// [H, W]), else the input goes through NCHW first (W alone: NHWC would give
// [N, H, C], the graph wants [N, C, H]).
// CHECK-LABEL: func.func @reduce_mean_nhwc(
// CHECK:         %[[X:.*]] = memref.alloc() : memref<1x4x5x3xf32>
// CHECK:         qrt.reduce mean ins(%[[X]] : memref<1x4x5x3xf32>) outs(%{{.*}} : memref<1x1x1x3xf32>) {axes = array<i64: 1, 2>, backend = #qrt.backend<ref>, keepdims}
// CHECK:         qrt.reduce mean ins(%[[X]] : memref<1x4x5x3xf32>) outs(%{{.*}} : memref<1x3xf32>) {axes = array<i64: 1, 2>, backend = #qrt.backend<ref>}
// CHECK:         qrt.reduce mean ins(%[[X]] : memref<1x4x5x3xf32>) outs(%{{.*}} : memref<4x5xf32>) {axes = array<i64: 0, 3>, backend = #qrt.backend<ref>}
// CHECK:         qrt.layout transpose ins(%[[X]] : memref<1x4x5x3xf32>) outs(%[[L:.*]] : memref<1x3x4x5xf32>)
// CHECK:         qrt.reduce mean ins(%[[L]] : memref<1x3x4x5xf32>) outs(%{{.*}} : memref<1x3x4xf32>) {axes = array<i64: 3>, backend = #qrt.backend<ref>}
// CHECK:         qrt.reduce mean ins(%[[X]] : memref<1x4x5x3xf32>) outs(%{{.*}} : memref<1x4x5x3xf32>) {axes = array<i64>, backend = #qrt.backend<ref>}
func.func @reduce_mean_nhwc(%x: tensor<1x3x4x5xf32>) -> (tensor<1x3x1x1xf32>, tensor<1x3xf32>, tensor<4x5xf32>, tensor<1x3x4xf32>, tensor<1x3x4x5xf32>) {
  %a = qnn.reduce_mean %x {axes = array<i64: 2, 3>, keepdims = true} : (tensor<1x3x4x5xf32>) -> tensor<1x3x1x1xf32>
  %b = qnn.reduce_mean %x {axes = array<i64: 2, 3>, keepdims = false} : (tensor<1x3x4x5xf32>) -> tensor<1x3xf32>
  %c = qnn.reduce_mean %x {axes = array<i64: 0, 1>, keepdims = false} : (tensor<1x3x4x5xf32>) -> tensor<4x5xf32>
  %d = qnn.reduce_mean %x {axes = array<i64: 3>, keepdims = false} : (tensor<1x3x4x5xf32>) -> tensor<1x3x4xf32>
  %e = qnn.reduce_mean %x {axes = array<i64>, keepdims = false} : (tensor<1x3x4x5xf32>) -> tensor<1x3x4x5xf32>
  return %a, %b, %c, %d, %e : tensor<1x3x1x1xf32>, tensor<1x3xf32>, tensor<4x5xf32>, tensor<1x3x4xf32>, tensor<1x3x4x5xf32>
}

// -----

// int8 reduce_mean: own descriptors on input and output.
// CHECK-LABEL: func.func @reduce_mean_int8(
// CHECK:         qrt.reduce mean ins(%{{.*}} : memref<2x8xsi8>) outs(%{{.*}} : memref<2x1xsi8>) {axes = array<i64: 1>, backend = #qrt.backend<ref>, input_quant = #qrt.quant<scale = 1.000000e-01, zero_point = 0>, keepdims, output_quant = #qrt.quant<scale = 5.000000e-02, zero_point = 2>}
func.func @reduce_mean_int8(%x: tensor<2x8x!quant.uniform<i8:f32, 0.1>>) -> tensor<2x1x!quant.uniform<i8:f32, 0.05:2>> {
  %y = qnn.reduce_mean %x {axes = array<i64: 1>, keepdims = true} : (tensor<2x8x!quant.uniform<i8:f32, 0.1>>) -> tensor<2x1x!quant.uniform<i8:f32, 0.05:2>>
  return %y : tensor<2x1x!quant.uniform<i8:f32, 0.05:2>>
}

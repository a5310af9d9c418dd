// RUN: quant-opt %s -qnn-lower-qdq --split-input-file -verify-diagnostics | FileCheck %s
// Idempotent: a second run finds nothing left to do.
// RUN: quant-opt %s -qnn-lower-qdq -qnn-lower-qdq --split-input-file -verify-diagnostics | FileCheck %s

// The forms already-quantized (QDQ) models add to the lowering table: a
// relu/clamp between the op and its qcast, a float bias, a transposed
// quantized weight, and float ops whose dequantized constants become f32
// constants.

// relu between conv and qcast: the fused activation (always exact).
// CHECK-LABEL: func.func @conv_relu(
// CHECK-SAME:      %[[X:.*]]: tensor<1x1x2x2x!quant.uniform<u8:f32, 5.000000e-01:128>>)
// CHECK:         %[[Y:.*]] = qnn.conv2d %[[X]], %{{.*}}, %{{.*}} {activation = #qnn.activation<relu>, {{.*}}} : {{.*}} -> tensor<1x2x2x2x!quant.uniform<u8:f32, 1.000000e-01>>
// CHECK-NOT:     qnn.relu
// CHECK-NEXT:    return %[[Y]]
func.func @conv_relu(%x: tensor<1x1x2x2x!quant.uniform<u8:f32, 0.5:128>>) -> tensor<1x2x2x2x!quant.uniform<u8:f32, 0.1>> {
  %xd = quant.dcast %x : tensor<1x1x2x2x!quant.uniform<u8:f32, 0.5:128>> to tensor<1x1x2x2xf32>
  %w = arith.constant dense<1> : tensor<2x1x1x1xi8>
  %wq = quant.scast %w : tensor<2x1x1x1xi8> to tensor<2x1x1x1x!quant.uniform<i8:f32, 0.25>>
  %wd = quant.dcast %wq : tensor<2x1x1x1x!quant.uniform<i8:f32, 0.25>> to tensor<2x1x1x1xf32>
  %b = arith.constant dense<[5, 6]> : tensor<2xi32>
  %bq = quant.scast %b : tensor<2xi32> to tensor<2x!quant.uniform<i32:f32, 0.125>>
  %bd = quant.dcast %bq : tensor<2x!quant.uniform<i32:f32, 0.125>> to tensor<2xf32>
  %y = qnn.conv2d %xd, %wd, %bd {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %r = qnn.relu %y : tensor<1x2x2x2xf32>
  %rq = quant.qcast %r : tensor<1x2x2x2xf32> to tensor<1x2x2x2x!quant.uniform<u8:f32, 0.1>>
  return %rq : tensor<1x2x2x2x!quant.uniform<u8:f32, 0.1>>
}

// -----

// A float bias is quantized at scale sx*sw[c] (0.5 * {0.25, 0.125}), half to
// even: 1.0 / 0.125 = 8, -0.5625 / 0.0625 = -9; clip(0, 6) is exact when 6 is
// a storage value (6 / 0.1 = 60) or beyond the range (0 is the zero point).
// CHECK-LABEL: func.func @fc_float_bias_clamp(
// CHECK:         %[[B:.*]] = arith.constant dense<[8, -9]> : tensor<2xi32>
// CHECK:         qnn.fully_connected %{{.*}}, %{{.*}}, %[[B]] {activation = #qnn.activation<clamp, min = 0.000000e+00, max = 6.000000e+00>}
// CHECK-SAME:      -> tensor<1x2x!quant.uniform<u8:f32, 1.000000e-01>>
// CHECK:         qnn.fully_connected {{.*}}activation = #qnn.activation<clamp, min = 0.000000e+00, max = 6.000000e+00>
// CHECK-SAME:      -> tensor<1x2x!quant.uniform<u8:f32, 1.000000e-02>>
// CHECK-NOT:     qnn.clamp
func.func @fc_float_bias_clamp(%x: tensor<1x3x!quant.uniform<u8:f32, 0.5>>) -> (tensor<1x2x!quant.uniform<u8:f32, 0.1>>, tensor<1x2x!quant.uniform<u8:f32, 0.01>>) {
  %xd = quant.dcast %x : tensor<1x3x!quant.uniform<u8:f32, 0.5>> to tensor<1x3xf32>
  %w = arith.constant dense<1> : tensor<2x3xi8>
  %wq = quant.scast %w : tensor<2x3xi8> to tensor<2x3x!quant.uniform<i8:f32:0, {0.25, 0.125}>>
  %wd = quant.dcast %wq : tensor<2x3x!quant.uniform<i8:f32:0, {0.25, 0.125}>> to tensor<2x3xf32>
  %b = arith.constant dense<[1.0, -0.5625]> : tensor<2xf32>
  %y = qnn.fully_connected %xd, %wd, %b : (tensor<1x3xf32>, tensor<2x3xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  %c = qnn.clamp %y {min = 0.0 : f32, max = 6.0 : f32} : tensor<1x2xf32>
  %cq = quant.qcast %c : tensor<1x2xf32> to tensor<1x2x!quant.uniform<u8:f32, 0.1>>
  %y2 = qnn.fully_connected %xd, %wd, %b : (tensor<1x3xf32>, tensor<2x3xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  %c2 = qnn.clamp %y2 {min = 0.0 : f32, max = 6.0 : f32} : tensor<1x2xf32>
  %c2q = quant.qcast %c2 : tensor<1x2xf32> to tensor<1x2x!quant.uniform<u8:f32, 0.01>>
  return %cq, %c2q : tensor<1x2x!quant.uniform<u8:f32, 0.1>>, tensor<1x2x!quant.uniform<u8:f32, 0.01>>
}

// -----

// Add of two Q/DQ'd tensors with a relu before its qcast.
// CHECK-LABEL: func.func @add_relu(
// CHECK-SAME:      %[[A:[^:]*]]: tensor<1x3x!quant.uniform<u8:f32, 2.500000e-01:10>>, %[[B:[^:]*]]:
// CHECK-NEXT:    %[[S:.*]] = qnn.add %[[A]], %[[B]] {activation = #qnn.activation<relu>}
// CHECK-SAME:      -> tensor<1x3x!quant.uniform<u8:f32, 5.000000e-01>>
// CHECK-NEXT:    return %[[S]]
func.func @add_relu(%a: tensor<1x3x!quant.uniform<u8:f32, 0.25:10>>, %b: tensor<1x3x!quant.uniform<i8:f32, 0.125>>) -> tensor<1x3x!quant.uniform<u8:f32, 0.5>> {
  %ad = quant.dcast %a : tensor<1x3x!quant.uniform<u8:f32, 0.25:10>> to tensor<1x3xf32>
  %bd = quant.dcast %b : tensor<1x3x!quant.uniform<i8:f32, 0.125>> to tensor<1x3xf32>
  %s = qnn.add %ad, %bd : tensor<1x3xf32>, tensor<1x3xf32> -> tensor<1x3xf32>
  %r = qnn.relu %s : tensor<1x3xf32>
  %rq = quant.qcast %r : tensor<1x3xf32> to tensor<1x3x!quant.uniform<u8:f32, 0.5>>
  return %rq : tensor<1x3x!quant.uniform<u8:f32, 0.5>>
}

// -----

// A transposed quantized constant (MatMul's [K, N] weight, per column) is
// transposed on the host; the per-axis type follows to axis 0.
// CHECK-LABEL: func.func @matmul_weight_transposed(
// CHECK:         %[[W:.*]] = arith.constant dense<{{\[}}[1, 3, 5], [2, 4, 6]]> : tensor<2x3xi8>
// CHECK-NEXT:    %[[WQ:.*]] = quant.scast %[[W]] : tensor<2x3xi8> to tensor<2x3x!quant.uniform<i8:f32:0, {5.000000e-01,2.500000e-01}>>
// CHECK-NEXT:    qnn.fully_connected %{{.*}}, %[[WQ]] :
// CHECK-NOT:     qnn.transpose
func.func @matmul_weight_transposed(%x: tensor<1x3x!quant.uniform<u8:f32, 0.5>>) -> tensor<1x2x!quant.uniform<u8:f32, 0.1>> {
  %xd = quant.dcast %x : tensor<1x3x!quant.uniform<u8:f32, 0.5>> to tensor<1x3xf32>
  %w = arith.constant dense<[[1, 2], [3, 4], [5, 6]]> : tensor<3x2xi8>
  %wq = quant.scast %w : tensor<3x2xi8> to tensor<3x2x!quant.uniform<i8:f32:1, {0.5, 0.25}>>
  %wd = quant.dcast %wq : tensor<3x2x!quant.uniform<i8:f32:1, {0.5, 0.25}>> to tensor<3x2xf32>
  %wt = qnn.transpose %wd {perm = array<i64: 1, 0>} : (tensor<3x2xf32>) -> tensor<2x3xf32>
  %y = qnn.fully_connected %xd, %wt : (tensor<1x3xf32>, tensor<2x3xf32>) -> tensor<1x2xf32>
  %yq = quant.qcast %y : tensor<1x2xf32> to tensor<1x2x!quant.uniform<u8:f32, 0.1>>
  return %yq : tensor<1x2x!quant.uniform<u8:f32, 0.1>>
}

// -----

// A clamp bound inside the range that is no storage value (1 / 0.3 = 3.33):
// fusing would round it, so the conv and the clamp stay float; the
// dequantized weight and bias become f32 constants ((q - z) * s per channel).
// CHECK-LABEL: func.func @clamp_inexact(
// CHECK-DAG:     %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}2.500000e-01]]], {{\[\[\[}}-1.250000e-01]]]]> : tensor<2x1x1x1xf32>
// CHECK-DAG:     %[[B:.*]] = arith.constant dense<[6.250000e-01, -7.500000e-01]> : tensor<2xf32>
// CHECK:         %[[Y:.*]] = qnn.conv2d %{{.*}}, %[[W]], %[[B]] {{{.*}}qnn.float_reason = "the result goes through qnn.clamp, whose bound 1 is not exactly representable in the result's quantization (it would be 3.333333 in storage units)"{{.*}}}
// CHECK-NEXT:    qnn.clamp %[[Y]] {{.*}}qnn.float_reason = "input #0 is not dequantized"
func.func @clamp_inexact(%x: tensor<1x1x2x2x!quant.uniform<u8:f32, 0.5:128>>) -> tensor<1x2x2x2x!quant.uniform<u8:f32, 0.3>> {
  %xd = quant.dcast %x : tensor<1x1x2x2x!quant.uniform<u8:f32, 0.5:128>> to tensor<1x1x2x2xf32>
  %w = arith.constant dense<[[[[1]]], [[[-1]]]]> : tensor<2x1x1x1xi8>
  %wq = quant.scast %w : tensor<2x1x1x1xi8> to tensor<2x1x1x1x!quant.uniform<i8:f32:0, {0.25, 0.125}>>
  %wd = quant.dcast %wq : tensor<2x1x1x1x!quant.uniform<i8:f32:0, {0.25, 0.125}>> to tensor<2x1x1x1xf32>
  %b = arith.constant dense<[5, -12]> : tensor<2xi32>
  %bq = quant.scast %b : tensor<2xi32> to tensor<2x!quant.uniform<i32:f32:0, {0.125, 0.0625}>>
  %bd = quant.dcast %bq : tensor<2x!quant.uniform<i32:f32:0, {0.125, 0.0625}>> to tensor<2xf32>
  // expected-remark @below {{qnn.conv2d stays in float: the result goes through qnn.clamp, whose bound 1 is not exactly representable}}
  %y = qnn.conv2d %xd, %wd, %bd {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  // expected-remark @below {{qnn.clamp stays in float: input #0 is not dequantized}}
  %c = qnn.clamp %y {min = -1.0 : f32, max = 1.0 : f32} : tensor<1x2x2x2xf32>
  %cq = quant.qcast %c : tensor<1x2x2x2xf32> to tensor<1x2x2x2x!quant.uniform<u8:f32, 0.3>>
  return %cq : tensor<1x2x2x2x!quant.uniform<u8:f32, 0.3>>
}

// -----

// Negative: the relu's result is also returned in float, so it cannot be
// folded; an op that already has an activation; a float bias that does not
// fit i32 at sx*sw.
// CHECK-LABEL: func.func @epilogue_negative(
// CHECK:         qnn.fully_connected {{.*}}qnn.float_reason = "the result goes through qnn.relu, and the result is used by func.return, not only by quant.qcast"
// CHECK:         qnn.fully_connected {{.*}}qnn.float_reason = "the result goes through qnn.relu after the op's own fused activation"
// CHECK:         qnn.fully_connected {{.*}}qnn.float_reason = "the float bias 1e+10 of channel 0 does not fit i32 at scale sx*sw = 0.125"
func.func @epilogue_negative(%x: tensor<1x3x!quant.uniform<u8:f32, 0.5>>) -> (tensor<1x2x!quant.uniform<u8:f32, 0.1>>, tensor<1x2xf32>, tensor<1x2x!quant.uniform<u8:f32, 0.1>>, tensor<1x2x!quant.uniform<u8:f32, 0.1>>) {
  %xd = quant.dcast %x : tensor<1x3x!quant.uniform<u8:f32, 0.5>> to tensor<1x3xf32>
  %w = arith.constant dense<1> : tensor<2x3xi8>
  %wq = quant.scast %w : tensor<2x3xi8> to tensor<2x3x!quant.uniform<i8:f32, 0.25>>
  %wd = quant.dcast %wq : tensor<2x3x!quant.uniform<i8:f32, 0.25>> to tensor<2x3xf32>
  // expected-remark @below {{qnn.fully_connected stays in float: the result goes through qnn.relu, and the result is used by func.return}}
  %y = qnn.fully_connected %xd, %wd : (tensor<1x3xf32>, tensor<2x3xf32>) -> tensor<1x2xf32>
  // expected-remark @below {{qnn.relu stays in float: input #0 is not dequantized}}
  %r = qnn.relu %y : tensor<1x2xf32>
  %rq = quant.qcast %r : tensor<1x2xf32> to tensor<1x2x!quant.uniform<u8:f32, 0.1>>
  // expected-remark @below {{qnn.fully_connected stays in float: the result goes through qnn.relu after the op's own fused activation}}
  %y2 = qnn.fully_connected %xd, %wd {activation = #qnn.activation<clamp, min = -1.0, max = 1.0>} : (tensor<1x3xf32>, tensor<2x3xf32>) -> tensor<1x2xf32>
  // expected-remark @below {{qnn.relu stays in float: input #0 is not dequantized}}
  %r2 = qnn.relu %y2 : tensor<1x2xf32>
  %r2q = quant.qcast %r2 : tensor<1x2xf32> to tensor<1x2x!quant.uniform<u8:f32, 0.1>>
  %b = arith.constant dense<[1.0e10, 1.0]> : tensor<2xf32>
  // expected-remark @below {{qnn.fully_connected stays in float: the float bias 1e+10 of channel 0 does not fit i32}}
  %y3 = qnn.fully_connected %xd, %wd, %b : (tensor<1x3xf32>, tensor<2x3xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  %y3q = quant.qcast %y3 : tensor<1x2xf32> to tensor<1x2x!quant.uniform<u8:f32, 0.1>>
  return %rq, %r, %r2q, %y3q : tensor<1x2x!quant.uniform<u8:f32, 0.1>>, tensor<1x2xf32>, tensor<1x2x!quant.uniform<u8:f32, 0.1>>, tensor<1x2x!quant.uniform<u8:f32, 0.1>>
}

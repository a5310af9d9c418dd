// RUN: quant-opt %s -qnn-lower-qdq --split-input-file -verify-diagnostics | FileCheck %s

// Negative cases: the op stays float between its casts, with the reason in
// `qnn.float_reason` and a remark.

// Bias scale differs from sx*sw (0.05 * 0.25 = 0.0125). The float conv
// reads its dequantized weight and bias as f32 constants.
// CHECK-LABEL: func.func @bias_scale_mismatch
// CHECK:         %[[XD:.*]] = quant.dcast
// CHECK:         %[[BD:.*]] = arith.constant dense<[0.061499998, 0.0737999975]> : tensor<2xf32>
// CHECK-NEXT:    %[[Y:.*]] = qnn.conv2d %[[XD]], %{{.*}}, %[[BD]] {{{.*}}qnn.float_reason = "bias scale 0.0123 does not match sx*sw = 0.0125"{{.*}}} : {{.*}} -> tensor<1x2x2x2xf32>
// CHECK-NEXT:    quant.qcast %[[Y]]
func.func @bias_scale_mismatch(%x: tensor<1x1x2x2x!quant.uniform<u8:f32, 0.05:128>>) -> tensor<1x2x2x2x!quant.uniform<u8:f32, 0.1>> {
  %xd = quant.dcast %x : tensor<1x1x2x2x!quant.uniform<u8:f32, 0.05:128>> to tensor<1x1x2x2xf32>
  %w = arith.constant dense<1> : tensor<2x1x1x1xi8>
  %wq = quant.scast %w : tensor<2x1x1x1xi8> to tensor<2x1x1x1x!quant.uniform<i8:f32, 0.25>>
  %wd = quant.dcast %wq : tensor<2x1x1x1x!quant.uniform<i8:f32, 0.25>> to tensor<2x1x1x1xf32>
  %b = arith.constant dense<[5, 6]> : tensor<2xi32>
  %bq = quant.scast %b : tensor<2xi32> to tensor<2x!quant.uniform<i32:f32, 0.0123>>
  %bd = quant.dcast %bq : tensor<2x!quant.uniform<i32:f32, 0.0123>> to tensor<2xf32>
  // expected-remark @below {{qnn.conv2d stays in float: bias scale 0.0123 does not match sx*sw = 0.0125}}
  %y = qnn.conv2d %xd, %wd, %bd {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %yq = quant.qcast %y : tensor<1x2x2x2xf32> to tensor<1x2x2x2x!quant.uniform<u8:f32, 0.1>>
  return %yq : tensor<1x2x2x2x!quant.uniform<u8:f32, 0.1>>
}

// -----

// Per-channel: channel 1's bias scale is off (0.05 * 0.02 = 0.001).
// CHECK-LABEL: func.func @bias_scale_mismatch_per_axis
// CHECK:         qnn.fully_connected {{.*}}qnn.float_reason = "bias scale 0.0011 of channel 1 does not match sx*sw[1] = 0.001"
func.func @bias_scale_mismatch_per_axis(%x: tensor<1x3x!quant.uniform<u8:f32, 0.05>>) -> tensor<1x2x!quant.uniform<u8:f32, 0.1>> {
  %xd = quant.dcast %x : tensor<1x3x!quant.uniform<u8:f32, 0.05>> to tensor<1x3xf32>
  %w = arith.constant dense<1> : tensor<2x3xi8>
  %wq = quant.scast %w : tensor<2x3xi8> to tensor<2x3x!quant.uniform<i8:f32:0, {0.01, 0.02}>>
  %wd = quant.dcast %wq : tensor<2x3x!quant.uniform<i8:f32:0, {0.01, 0.02}>> to tensor<2x3xf32>
  %b = arith.constant dense<[5, 6]> : tensor<2xi32>
  %bq = quant.scast %b : tensor<2xi32> to tensor<2x!quant.uniform<i32:f32:0, {5.0e-4, 1.1e-3}>>
  %bd = quant.dcast %bq : tensor<2x!quant.uniform<i32:f32:0, {5.0e-4, 1.1e-3}>> to tensor<2xf32>
  // expected-remark @below {{qnn.fully_connected stays in float: bias scale 0.0011 of channel 1 does not match sx*sw[1] = 0.001}}
  %y = qnn.fully_connected %xd, %wd, %bd : (tensor<1x3xf32>, tensor<2x3xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  %yq = quant.qcast %y : tensor<1x2xf32> to tensor<1x2x!quant.uniform<u8:f32, 0.1>>
  return %yq : tensor<1x2x!quant.uniform<u8:f32, 0.1>>
}

// -----

// The bias must have zero point 0 and i32 storage.
// CHECK-LABEL: func.func @bias_zero_point
// CHECK:         qnn.fully_connected {{.*}}qnn.float_reason = "the bias zero point is 3, not 0"
func.func @bias_zero_point(%x: tensor<1x3x!quant.uniform<u8:f32, 0.5>>) -> tensor<1x2x!quant.uniform<u8:f32, 0.1>> {
  %xd = quant.dcast %x : tensor<1x3x!quant.uniform<u8:f32, 0.5>> to tensor<1x3xf32>
  %w = arith.constant dense<1> : tensor<2x3xi8>
  %wq = quant.scast %w : tensor<2x3xi8> to tensor<2x3x!quant.uniform<i8:f32, 0.5>>
  %wd = quant.dcast %wq : tensor<2x3x!quant.uniform<i8:f32, 0.5>> to tensor<2x3xf32>
  %b = arith.constant dense<[5, 6]> : tensor<2xi32>
  %bq = quant.scast %b : tensor<2xi32> to tensor<2x!quant.uniform<i32:f32, 0.25:3>>
  %bd = quant.dcast %bq : tensor<2x!quant.uniform<i32:f32, 0.25:3>> to tensor<2xf32>
  // expected-remark @below {{qnn.fully_connected stays in float: the bias zero point is 3, not 0}}
  %y = qnn.fully_connected %xd, %wd, %bd : (tensor<1x3xf32>, tensor<2x3xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  %yq = quant.qcast %y : tensor<1x2xf32> to tensor<1x2x!quant.uniform<u8:f32, 0.1>>
  return %yq : tensor<1x2x!quant.uniform<u8:f32, 0.1>>
}

// -----

// A computed float bias (neither dequantized nor a constant to quantize).
// CHECK-LABEL: func.func @bias_float
// CHECK:         qnn.fully_connected {{.*}}qnn.float_reason = "input #2 (bias) is not dequantized"
func.func @bias_float(%x: tensor<1x3x!quant.uniform<u8:f32, 0.5>>, %b: tensor<2xf32>) -> tensor<1x2x!quant.uniform<u8:f32, 0.1>> {
  %xd = quant.dcast %x : tensor<1x3x!quant.uniform<u8:f32, 0.5>> to tensor<1x3xf32>
  %w = arith.constant dense<1> : tensor<2x3xi8>
  %wq = quant.scast %w : tensor<2x3xi8> to tensor<2x3x!quant.uniform<i8:f32, 0.5>>
  %wd = quant.dcast %wq : tensor<2x3x!quant.uniform<i8:f32, 0.5>> to tensor<2x3xf32>
  // expected-remark @below {{qnn.fully_connected stays in float: input #2 (bias) is not dequantized}}
  %y = qnn.fully_connected %xd, %wd, %b : (tensor<1x3xf32>, tensor<2x3xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  %yq = quant.qcast %y : tensor<1x2xf32> to tensor<1x2x!quant.uniform<u8:f32, 0.1>>
  return %yq : tensor<1x2x!quant.uniform<u8:f32, 0.1>>
}

// -----

// An input that is not dequantized: a float activation, a float weight.
// CHECK-LABEL: func.func @input_not_dequantized
// CHECK:         qnn.add %{{.*}}, %{{.*}} {qnn.float_reason = "input #1 is not dequantized"}
// CHECK:         qnn.fully_connected {{.*}}qnn.float_reason = "input #1 (weight) is not dequantized"
// CHECK:         qnn.fully_connected {{.*}}qnn.float_reason = "input #0 is not dequantized"
func.func @input_not_dequantized(%a: tensor<1x3x!quant.uniform<u8:f32, 0.5>>, %f: tensor<1x3xf32>) -> (tensor<1x3x!quant.uniform<u8:f32, 0.5>>, tensor<1x2x!quant.uniform<u8:f32, 0.1>>, tensor<1x2x!quant.uniform<u8:f32, 0.1>>) {
  %ad = quant.dcast %a : tensor<1x3x!quant.uniform<u8:f32, 0.5>> to tensor<1x3xf32>
  // expected-remark @below {{qnn.add stays in float: input #1 is not dequantized}}
  %s = qnn.add %ad, %f : tensor<1x3xf32>, tensor<1x3xf32> -> tensor<1x3xf32>
  %sq = quant.qcast %s : tensor<1x3xf32> to tensor<1x3x!quant.uniform<u8:f32, 0.5>>
  %w = arith.constant dense<1.0> : tensor<2x3xf32>
  // expected-remark @below {{qnn.fully_connected stays in float: input #1 (weight) is not dequantized}}
  %y = qnn.fully_connected %ad, %w : (tensor<1x3xf32>, tensor<2x3xf32>) -> tensor<1x2xf32>
  %yq = quant.qcast %y : tensor<1x2xf32> to tensor<1x2x!quant.uniform<u8:f32, 0.1>>
  // expected-remark @below {{qnn.fully_connected stays in float: input #0 is not dequantized}}
  %y2 = qnn.fully_connected %f, %w : (tensor<1x3xf32>, tensor<2x3xf32>) -> tensor<1x2xf32>
  %y2q = quant.qcast %y2 : tensor<1x2xf32> to tensor<1x2x!quant.uniform<u8:f32, 0.1>>
  return %sq, %yq, %y2q : tensor<1x3x!quant.uniform<u8:f32, 0.5>>, tensor<1x2x!quant.uniform<u8:f32, 0.1>>, tensor<1x2x!quant.uniform<u8:f32, 0.1>>
}

// -----

// A weight that is dequantized but not a constant (QLinearMatMul with a
// computed B), and one quantized per axis along axis 1.
// CHECK-LABEL: func.func @weight_not_constant
// CHECK:         qnn.fully_connected {{.*}}qnn.float_reason = "the weight is not a quantized constant (quant.dcast of quant.scast of an integer constant)"
// CHECK:         qnn.fully_connected {{.*}}qnn.float_reason = "the weight is quantized per axis along axis 1; per tensor or along axis 0 is needed"
func.func @weight_not_constant(%x: tensor<1x3x!quant.uniform<u8:f32, 0.5>>, %b: tensor<2x3x!quant.uniform<i8:f32, 0.5>>) -> (tensor<1x2x!quant.uniform<u8:f32, 0.1>>, tensor<1x2x!quant.uniform<u8:f32, 0.1>>) {
  %xd = quant.dcast %x : tensor<1x3x!quant.uniform<u8:f32, 0.5>> to tensor<1x3xf32>
  %bd = quant.dcast %b : tensor<2x3x!quant.uniform<i8:f32, 0.5>> to tensor<2x3xf32>
  // expected-remark @below {{qnn.fully_connected stays in float: the weight is not a quantized constant}}
  %y = qnn.fully_connected %xd, %bd : (tensor<1x3xf32>, tensor<2x3xf32>) -> tensor<1x2xf32>
  %yq = quant.qcast %y : tensor<1x2xf32> to tensor<1x2x!quant.uniform<u8:f32, 0.1>>
  %w = arith.constant dense<1> : tensor<2x3xi8>
  %wq = quant.scast %w : tensor<2x3xi8> to tensor<2x3x!quant.uniform<i8:f32:1, {0.5, 0.25, 0.125}>>
  %wd = quant.dcast %wq : tensor<2x3x!quant.uniform<i8:f32:1, {0.5, 0.25, 0.125}>> to tensor<2x3xf32>
  // expected-remark @below {{qnn.fully_connected stays in float: the weight is quantized per axis along axis 1; per tensor or along axis 0 is needed}}
  %y2 = qnn.fully_connected %xd, %wd : (tensor<1x3xf32>, tensor<2x3xf32>) -> tensor<1x2xf32>
  %y2q = quant.qcast %y2 : tensor<1x2xf32> to tensor<1x2x!quant.uniform<u8:f32, 0.1>>
  return %yq, %y2q : tensor<1x2x!quant.uniform<u8:f32, 0.1>>, tensor<1x2x!quant.uniform<u8:f32, 0.1>>
}

// -----

// The result feeds a float op (which has no lowering itself), is quantized
// to two types, or is quantized to i32 (ConvInteger's accumulator).
// CHECK-LABEL: func.func @result_users
// CHECK:         %[[R:.*]] = qnn.relu %{{.*}} {qnn.float_reason = "the result is used by qnn.div, not only by quant.qcast"}
// CHECK-NEXT:    %[[Q:.*]] = quant.qcast %[[R]]
// CHECK-NEXT:    qnn.div %[[R]], %[[R]] {qnn.float_reason = "no lowering for qnn.div"}
// CHECK:         qnn.sigmoid %{{.*}} {qnn.float_reason = "the result is quantized to two types, !quant.uniform<u8:f32, 5.000000e-01> and !quant.uniform<u8:f32, 2.500000e-01>"}
// CHECK:         qnn.tanh %{{.*}} {qnn.float_reason = "the result has 32-bit storage; activations must be 8-bit (u8 or s8)"}
func.func @result_users(%x: tensor<1x3x!quant.uniform<u8:f32, 0.5>>) -> (tensor<1x3x!quant.uniform<u8:f32, 0.5>>, tensor<1x3xf32>, tensor<1x3x!quant.uniform<u8:f32, 0.5>>, tensor<1x3x!quant.uniform<u8:f32, 0.25>>, tensor<1x3x!quant.uniform<i32:f32, 1.0>>) {
  %xd = quant.dcast %x : tensor<1x3x!quant.uniform<u8:f32, 0.5>> to tensor<1x3xf32>
  // expected-remark @below {{qnn.relu stays in float: the result is used by qnn.div, not only by quant.qcast}}
  %r = qnn.relu %xd : tensor<1x3xf32>
  %rq = quant.qcast %r : tensor<1x3xf32> to tensor<1x3x!quant.uniform<u8:f32, 0.5>>
  // expected-remark @below {{qnn.div stays in float: no lowering for qnn.div}}
  %d = qnn.div %r, %r : tensor<1x3xf32>, tensor<1x3xf32> -> tensor<1x3xf32>
  // expected-remark @below {{qnn.sigmoid stays in float: the result is quantized to two types}}
  %s = qnn.sigmoid %xd : tensor<1x3xf32>
  %s1 = quant.qcast %s : tensor<1x3xf32> to tensor<1x3x!quant.uniform<u8:f32, 0.5>>
  %s2 = quant.qcast %s : tensor<1x3xf32> to tensor<1x3x!quant.uniform<u8:f32, 0.25>>
  // expected-remark @below {{qnn.tanh stays in float: the result has 32-bit storage; activations must be 8-bit (u8 or s8)}}
  %t = qnn.tanh %xd : tensor<1x3xf32>
  %tq = quant.qcast %t : tensor<1x3xf32> to tensor<1x3x!quant.uniform<i32:f32, 1.0>>
  return %rq, %d, %s1, %s2, %tq : tensor<1x3x!quant.uniform<u8:f32, 0.5>>, tensor<1x3xf32>, tensor<1x3x!quant.uniform<u8:f32, 0.5>>, tensor<1x3x!quant.uniform<u8:f32, 0.25>>, tensor<1x3x!quant.uniform<i32:f32, 1.0>>
}

// -----

// Ops with no table entry stay float even between dcast and qcast.
// CHECK-LABEL: func.func @no_table_entry
// CHECK:         qnn.sub %{{.*}}, %{{.*}} {qnn.float_reason = "no lowering for qnn.sub"}
// CHECK:         qnn.hard_sigmoid %{{.*}} {alpha = {{.*}}, beta = {{.*}}, qnn.float_reason = "no lowering for qnn.hard_sigmoid"}
func.func @no_table_entry(%x: tensor<1x3x!quant.uniform<u8:f32, 0.5>>) -> (tensor<1x3x!quant.uniform<u8:f32, 0.5>>, tensor<1x3x!quant.uniform<u8:f32, 0.5>>) {
  %xd = quant.dcast %x : tensor<1x3x!quant.uniform<u8:f32, 0.5>> to tensor<1x3xf32>
  // expected-remark @below {{qnn.sub stays in float: no lowering for qnn.sub}}
  %s = qnn.sub %xd, %xd : tensor<1x3xf32>, tensor<1x3xf32> -> tensor<1x3xf32>
  %sq = quant.qcast %s : tensor<1x3xf32> to tensor<1x3x!quant.uniform<u8:f32, 0.5>>
  // expected-remark @below {{qnn.hard_sigmoid stays in float: no lowering for qnn.hard_sigmoid}}
  %h = qnn.hard_sigmoid %xd {alpha = 0.2 : f32, beta = 0.5 : f32} : tensor<1x3xf32>
  %hq = quant.qcast %h : tensor<1x3xf32> to tensor<1x3x!quant.uniform<u8:f32, 0.5>>
  return %sq, %hq : tensor<1x3x!quant.uniform<u8:f32, 0.5>>, tensor<1x3x!quant.uniform<u8:f32, 0.5>>
}

// -----

// Activations must be 8-bit per tensor.
// CHECK-LABEL: func.func @activation_types
// CHECK:         qnn.relu %{{.*}} {qnn.float_reason = "input #0 is quantized per axis; activations must be per tensor"}
// CHECK:         qnn.relu %{{.*}} {qnn.float_reason = "input #0 has 16-bit storage; activations must be 8-bit (u8 or s8)"}
func.func @activation_types(%x: tensor<1x2x!quant.uniform<u8:f32:1, {0.5, 0.25}>>, %y: tensor<1x2x!quant.uniform<i16:f32, 0.5>>) -> (tensor<1x2x!quant.uniform<u8:f32, 0.5>>, tensor<1x2x!quant.uniform<u8:f32, 0.5>>) {
  %xd = quant.dcast %x : tensor<1x2x!quant.uniform<u8:f32:1, {0.5, 0.25}>> to tensor<1x2xf32>
  // expected-remark @below {{qnn.relu stays in float: input #0 is quantized per axis; activations must be per tensor}}
  %r = qnn.relu %xd : tensor<1x2xf32>
  %rq = quant.qcast %r : tensor<1x2xf32> to tensor<1x2x!quant.uniform<u8:f32, 0.5>>
  %yd = quant.dcast %y : tensor<1x2x!quant.uniform<i16:f32, 0.5>> to tensor<1x2xf32>
  // expected-remark @below {{qnn.relu stays in float: input #0 has 16-bit storage; activations must be 8-bit (u8 or s8)}}
  %r2 = qnn.relu %yd : tensor<1x2xf32>
  %r2q = quant.qcast %r2 : tensor<1x2xf32> to tensor<1x2x!quant.uniform<u8:f32, 0.5>>
  return %rq, %r2q : tensor<1x2x!quant.uniform<u8:f32, 0.5>>, tensor<1x2x!quant.uniform<u8:f32, 0.5>>
}

// -----

// Concat inputs that were not unified to one type are not requantized here.
// CHECK-LABEL: func.func @concat_mixed
// CHECK:         qnn.concat {{.*}}qnn.float_reason = "inputs have different quantization (input #0 is !quant.uniform<u8:f32, 5.000000e-01>, input #1 is !quant.uniform<u8:f32, 2.500000e-01>)"
func.func @concat_mixed(%a: tensor<1x2x!quant.uniform<u8:f32, 0.5>>, %b: tensor<1x2x!quant.uniform<u8:f32, 0.25>>) -> tensor<1x4x!quant.uniform<u8:f32, 0.5>> {
  %ad = quant.dcast %a : tensor<1x2x!quant.uniform<u8:f32, 0.5>> to tensor<1x2xf32>
  %bd = quant.dcast %b : tensor<1x2x!quant.uniform<u8:f32, 0.25>> to tensor<1x2xf32>
  // expected-remark @below {{qnn.concat stays in float: inputs have different quantization}}
  %c = qnn.concat %ad, %bd {axis = 1 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x4xf32>
  %cq = quant.qcast %c : tensor<1x4xf32> to tensor<1x4x!quant.uniform<u8:f32, 0.5>>
  return %cq : tensor<1x4x!quant.uniform<u8:f32, 0.5>>
}

// -----

// A constant pad value that the input's type cannot represent exactly.
// CHECK-LABEL: func.func @pad_value
// CHECK:         qnn.pad {{.*}}qnn.float_reason = "pad value 0.3 is not exactly representable in the input's quantization (it would be 10.6 in storage units)"
func.func @pad_value(%x: tensor<1x2x!quant.uniform<u8:f32, 0.5:10>>) -> tensor<1x4x!quant.uniform<u8:f32, 0.5:10>> {
  %xd = quant.dcast %x : tensor<1x2x!quant.uniform<u8:f32, 0.5:10>> to tensor<1x2xf32>
  // expected-remark @below {{qnn.pad stays in float: pad value 0.3 is not exactly representable}}
  %p = qnn.pad %xd {mode = #qnn.pad_mode<constant>, pads = array<i64: 0, 1, 0, 1>, value = 0.3 : f32} : (tensor<1x2xf32>) -> tensor<1x4xf32>
  %pq = quant.qcast %p : tensor<1x4xf32> to tensor<1x4x!quant.uniform<u8:f32, 0.5:10>>
  return %pq : tensor<1x4x!quant.uniform<u8:f32, 0.5:10>>
}

// -----

// A node an earlier pass kept in float keeps its reason, gets no second
// remark, and is not lowered. An op outside any Q/DQ island gets a reason.
// CHECK-LABEL: func.func @already_explained
// CHECK:         qnn.relu %{{.*}} {qnn.float_reason = "config: null"} : tensor<1x2xf32>
// CHECK:         qnn.relu %{{.*}} {qnn.float_reason = "input #0 is not dequantized"} : tensor<1x2xf32>
func.func @already_explained(%x: tensor<1x2x!quant.uniform<u8:f32, 0.5>>, %f: tensor<1x2xf32>) -> (tensor<1x2x!quant.uniform<u8:f32, 0.5>>, tensor<1x2xf32>) {
  %xd = quant.dcast %x : tensor<1x2x!quant.uniform<u8:f32, 0.5>> to tensor<1x2xf32>
  %r = qnn.relu %xd {qnn.float_reason = "config: null"} : tensor<1x2xf32>
  %rq = quant.qcast %r : tensor<1x2xf32> to tensor<1x2x!quant.uniform<u8:f32, 0.5>>
  // expected-remark @below {{qnn.relu stays in float: input #0 is not dequantized}}
  %r2 = qnn.relu %f : tensor<1x2xf32>
  return %rq, %r2 : tensor<1x2x!quant.uniform<u8:f32, 0.5>>, tensor<1x2xf32>
}

// Config precedence, global < op_type < node_name_regex < node_name. Every
// config below keeps exactly conv2 float, each by a different rule; conv1,
// add1, flatten1 and fc1 stay quantized.

// op_type conv2d is null, node_name conv1 sets it back.
// RUN: quant-opt %s -qnn-insert-observers=config=%S/Inputs/qconfig-op-type-null-node-back.json -verify-diagnostics \
// RUN:   | FileCheck %s -DREASON="op_type 'conv2d'"
// The ONNX op type spelling is accepted for op_type.
// RUN: quant-opt %s -qnn-insert-observers=config=%S/Inputs/qconfig-onnx-op-type.json -verify-diagnostics \
// RUN:   | FileCheck %s -DREASON="op_type 'Conv'"
// A null regex, overridden by node_name conv1.
// RUN: quant-opt %s -qnn-insert-observers=config=%S/Inputs/qconfig-regex-null-node-back.json -verify-diagnostics \
// RUN:   | FileCheck %s -DREASON="node_name_regex 'conv.*'"
// The first matching regex in file order wins ("conv1" before "conv.*"), and
// a regex overrides op_type (conv2d null).
// RUN: quant-opt %s -qnn-insert-observers=config=%S/Inputs/qconfig-regex-first-wins.json -verify-diagnostics \
// RUN:   | FileCheck %s -DREASON="node_name_regex 'conv.*'"

// CHECK-LABEL: func.func @net
// CHECK-SAME:    (%[[X:.*]]: tensor<1x2x4x4xf32>)
// CHECK:         %[[XO:.*]] = qnn.observe %[[X]] {id = 0 : i64
// CHECK:         %[[Y:.*]] = qnn.conv2d %[[XO]], %{{.*}} {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
// CHECK-NEXT:    %[[YO:.*]] = qnn.observe %[[Y]] {id = 1 : i64
// CHECK-NEXT:    %[[Y2:.*]] = qnn.conv2d %[[YO]], %{{.*}} {{{.*}}qnn.float_reason = "the quantization config ([[REASON]]) sets it to null"
// CHECK-NEXT:    %[[Y2O:.*]] = qnn.observe %[[Y2]] {id = 2 : i64
// CHECK-NEXT:    %[[A:.*]] = qnn.add %[[Y2O]], %[[YO]] :
// CHECK-NEXT:    %[[AO:.*]] = qnn.observe %[[A]] {id = 3 : i64
// CHECK-NEXT:    %[[F:.*]] = qnn.flatten %[[AO]] {axis = 1 : i64} :
// CHECK-NEXT:    %[[W:.*]] = arith.constant
// CHECK-NEXT:    %[[Z:.*]] = qnn.fully_connected %[[F]], %[[W]] :
// CHECK-NEXT:    %[[ZO:.*]] = qnn.observe %[[Z]] {id = 4 : i64
// CHECK-NEXT:    return %[[ZO]]
func.func @net(%x: tensor<1x2x4x4xf32>) -> tensor<1x3xf32> {
  %w = arith.constant dense<1.0> : tensor<2x2x1x1xf32>
  %y = qnn.conv2d %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32> loc("conv1")
  // expected-remark@unknown {{node 'conv2' (qnn.conv2d) stays float: the quantization config (}}
  %y2 = qnn.conv2d %y, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32> loc("conv2")
  %a = qnn.add %y2, %y : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32> -> tensor<1x2x4x4xf32> loc("add1")
  %f = qnn.flatten %a {axis = 1 : i64} : (tensor<1x2x4x4xf32>) -> tensor<1x32xf32> loc("flatten1")
  %wf = arith.constant dense<0.5> : tensor<3x32xf32>
  %z = qnn.fully_connected %f, %wf : (tensor<1x32xf32>, tensor<3x32xf32>) -> tensor<1x3xf32> loc("fc1")
  return %z : tensor<1x3xf32>
}

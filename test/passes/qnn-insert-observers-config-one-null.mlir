// RUN: quant-opt %s -qnn-insert-observers=config=%S/Inputs/qconfig-one-node-null.json -verify-diagnostics | FileCheck %s

// A config with a single `"fc1": null`: exactly fc1 stays float, with a
// remark naming it; every other node is quantized as without a config, and
// fc1's output gets no observer (nothing quantized reads it).

// CHECK-LABEL: func.func @net
// CHECK-SAME:    (%[[X:.*]]: tensor<1x2x4x4xf32>)
// CHECK:         %[[XO:.*]] = qnn.observe %[[X]] {id = 0 : i64
// CHECK:         %[[Y:.*]] = qnn.conv2d %[[XO]], %{{.*}} {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
// CHECK-NEXT:    %[[YO:.*]] = qnn.observe %[[Y]] {id = 1 : i64
// CHECK-NEXT:    %[[Y2:.*]] = qnn.conv2d %[[YO]], %{{.*}} {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
// CHECK-NEXT:    %[[Y2O:.*]] = qnn.observe %[[Y2]] {id = 2 : i64
// CHECK-NEXT:    %[[A:.*]] = qnn.add %[[Y2O]], %[[YO]] :
// CHECK-NEXT:    %[[AO:.*]] = qnn.observe %[[A]] {id = 3 : i64
// CHECK-NEXT:    %[[F:.*]] = qnn.flatten %[[AO]] {axis = 1 : i64} :
// CHECK-NEXT:    %[[W:.*]] = arith.constant
// CHECK-NEXT:    %[[Z:.*]] = qnn.fully_connected %[[F]], %[[W]] {qnn.float_reason = "the quantization config (node_name 'fc1') sets it to null"}
// CHECK-NEXT:    return %[[Z]]
func.func @net(%x: tensor<1x2x4x4xf32>) -> tensor<1x3xf32> {
  %w = arith.constant dense<1.0> : tensor<2x2x1x1xf32>
  %y = qnn.conv2d %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32> loc("conv1")
  %y2 = qnn.conv2d %y, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32> loc("conv2")
  %a = qnn.add %y2, %y : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32> -> tensor<1x2x4x4xf32> loc("add1")
  %f = qnn.flatten %a {axis = 1 : i64} : (tensor<1x2x4x4xf32>) -> tensor<1x32xf32> loc("flatten1")
  %wf = arith.constant dense<0.5> : tensor<3x32xf32>
  // expected-remark@unknown {{node 'fc1' (qnn.fully_connected) stays float: the quantization config (node_name 'fc1') sets it to null}}
  %z = qnn.fully_connected %f, %wf : (tensor<1x32xf32>, tensor<3x32xf32>) -> tensor<1x3xf32> loc("fc1")
  return %z : tensor<1x3xf32>
}

// RUN: quant-opt %s -qnn-fuse=backend=xnnpack -split-input-file | FileCheck %s

// XNNPACK convolutions take a fused activation but no residual
// (qrt_backend_supports refuses QRT_CAP_RESIDUAL for them).

// CHECK-LABEL: func.func @conv_relu
// CHECK: %[[Y:.*]] = qnn.conv2d {{.*}}activation = #qnn.activation<relu>
// CHECK-NOT: qnn.relu
// CHECK: return %[[Y]]
func.func @conv_relu(%x: tensor<1x2x4x4xf32>, %w: tensor<3x2x1x1xf32>) -> tensor<1x3x4x4xf32> {
  %y = qnn.conv2d %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<3x2x1x1xf32>) -> tensor<1x3x4x4xf32>
  %r = qnn.relu %y : tensor<1x3x4x4xf32>
  return %r : tensor<1x3x4x4xf32>
}

// -----

// CHECK-LABEL: func.func @fc_relu6
// CHECK: %[[Y:.*]] = qnn.fully_connected {{.*}}activation = #qnn.activation<clamp, min = 0.000000e+00, max = 6.000000e+00>
// CHECK: return %[[Y]]
func.func @fc_relu6(%x: tensor<2x8xf32>, %w: tensor<4x8xf32>) -> tensor<2x4xf32> {
  %y = qnn.fully_connected %x, %w : (tensor<2x8xf32>, tensor<4x8xf32>) -> tensor<2x4xf32>
  %r = qnn.clamp %y {max = 6.0 : f32, min = 0.0 : f32} : tensor<2x4xf32>
  return %r : tensor<2x4xf32>
}

// -----

// No residual: the add stays, and the relu after it becomes the add's
// activation (every backend's binary kernel clamps).
// CHECK-LABEL: func.func @residual_relu_not_fused
// CHECK: %[[Y:.*]] = qnn.conv2d
// CHECK-NOT: residual
// CHECK: %[[S:.*]] = qnn.add %[[Y]], %{{.*}} {activation = #qnn.activation<relu>}
// CHECK-NOT: qnn.relu
// CHECK: return %[[S]]
func.func @residual_relu_not_fused(%x: tensor<1x2x4x4xf32>, %w: tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32> {
  %y = qnn.conv2d %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %s = qnn.add %y, %x : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32> -> tensor<1x2x4x4xf32>
  %r = qnn.relu %s : tensor<1x2x4x4xf32>
  return %r : tensor<1x2x4x4xf32>
}

// -----

// CHECK-LABEL: func.func @leaky_relu_not_fused
// CHECK: %[[Y:.*]] = qnn.conv2d
// CHECK-NOT: activation
// CHECK: qnn.leaky_relu %[[Y]]
func.func @leaky_relu_not_fused(%x: tensor<1x2x4x4xf32>, %w: tensor<3x2x1x1xf32>) -> tensor<1x3x4x4xf32> {
  %y = qnn.conv2d %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<3x2x1x1xf32>) -> tensor<1x3x4x4xf32>
  %r = qnn.leaky_relu %y {alpha = 0.1 : f32} : tensor<1x3x4x4xf32>
  return %r : tensor<1x3x4x4xf32>
}

// RUN: quant-opt %s -qnn-fuse -split-input-file | FileCheck %s
// RUN: quant-opt %s -qnn-fuse=backend=onednn -split-input-file | FileCheck %s
// RUN: quant-opt %s -qnn-fuse=backend=ref -split-input-file | FileCheck %s

// onednn (the default) and ref fuse every activation the runtime has a kind
// for, and residual adds. See qnn-fuse-xnnpack.mlir for a narrower backend.

// CHECK-LABEL: func.func @conv_relu
// CHECK: %[[Y:.*]] = qnn.conv2d %{{.*}}, %{{.*}}, %{{.*}} {activation = #qnn.activation<relu>, dilations
// CHECK-NOT: qnn.relu
// CHECK: return %[[Y]]
func.func @conv_relu(%x: tensor<1x2x4x4xf32>, %w: tensor<3x2x1x1xf32>, %b: tensor<3xf32>) -> tensor<1x3x4x4xf32> {
  %y = qnn.conv2d %x, %w, %b {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<3x2x1x1xf32>, tensor<3xf32>) -> tensor<1x3x4x4xf32>
  %r = qnn.relu %y : tensor<1x3x4x4xf32>
  return %r : tensor<1x3x4x4xf32>
}

// -----

// relu6 on a depthwise conv.
// CHECK-LABEL: func.func @depthwise_relu6
// CHECK: %[[Y:.*]] = qnn.conv2d {{.*}}activation = #qnn.activation<clamp, min = 0.000000e+00, max = 6.000000e+00>{{.*}}groups = 2
// CHECK-NOT: qnn.clamp
// CHECK: return %[[Y]]
func.func @depthwise_relu6(%x: tensor<1x2x4x4xf32>, %w: tensor<2x1x3x3xf32>) -> tensor<1x2x2x2xf32> {
  %y = qnn.conv2d %x, %w {dilations = array<i64: 1, 1>, groups = 2 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x1x3x3xf32>) -> tensor<1x2x2x2xf32>
  %r = qnn.clamp %y {max = 6.0 : f32, min = 0.0 : f32} : tensor<1x2x2x2xf32>
  return %r : tensor<1x2x2x2xf32>
}

// -----

// A general clamp on a grouped conv.
// CHECK-LABEL: func.func @grouped_clamp
// CHECK: %[[Y:.*]] = qnn.conv2d {{.*}}activation = #qnn.activation<clamp, min = -1.000000e+00, max = 1.000000e+00>{{.*}}groups = 2
// CHECK-NOT: qnn.clamp
// CHECK: return %[[Y]]
func.func @grouped_clamp(%x: tensor<1x4x4x4xf32>, %w: tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32> {
  %y = qnn.conv2d %x, %w {dilations = array<i64: 1, 1>, groups = 2 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x4x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %r = qnn.clamp %y {max = 1.0 : f32, min = -1.0 : f32} : tensor<1x2x4x4xf32>
  return %r : tensor<1x2x4x4xf32>
}

// -----

// CHECK-LABEL: func.func @fc_relu
// CHECK: %[[Y:.*]] = qnn.fully_connected %{{.*}}, %{{.*}} {activation = #qnn.activation<relu>}
// CHECK-NOT: qnn.relu
// CHECK: return %[[Y]]
func.func @fc_relu(%x: tensor<2x8xf32>, %w: tensor<4x8xf32>) -> tensor<2x4xf32> {
  %y = qnn.fully_connected %x, %w : (tensor<2x8xf32>, tensor<4x8xf32>) -> tensor<2x4xf32>
  %r = qnn.relu %y : tensor<2x4xf32>
  return %r : tensor<2x4xf32>
}

// -----

// The runtime has no leaky_relu activation: it stays a separate op.
// CHECK-LABEL: func.func @leaky_relu_not_fused
// CHECK: %[[Y:.*]] = qnn.conv2d
// CHECK-NOT: activation
// CHECK: %[[R:.*]] = qnn.leaky_relu %[[Y]] {alpha = 1.000000e-01 : f32}
// CHECK: return %[[R]]
func.func @leaky_relu_not_fused(%x: tensor<1x2x4x4xf32>, %w: tensor<3x2x1x1xf32>) -> tensor<1x3x4x4xf32> {
  %y = qnn.conv2d %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<3x2x1x1xf32>) -> tensor<1x3x4x4xf32>
  %r = qnn.leaky_relu %y {alpha = 0.1 : f32} : tensor<1x3x4x4xf32>
  return %r : tensor<1x3x4x4xf32>
}

// -----

// Residual with the conv on the left, then on the right.
// CHECK-LABEL: func.func @residual_lhs
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x4x4xf32>, %[[W:.*]]: tensor<2x2x1x1xf32>)
// CHECK: %[[Y:.*]] = qnn.conv2d %[[X]], %[[W]] residual %[[X]] {
// CHECK-NOT: qnn.add
// CHECK: return %[[Y]]
func.func @residual_lhs(%x: tensor<1x2x4x4xf32>, %w: tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32> {
  %y = qnn.conv2d %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %s = qnn.add %y, %x : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32> -> tensor<1x2x4x4xf32>
  return %s : tensor<1x2x4x4xf32>
}

// CHECK-LABEL: func.func @residual_rhs
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x4x4xf32>, %[[W:.*]]: tensor<2x2x1x1xf32>, %[[SKIP:.*]]: tensor<1x2x4x4xf32>)
// CHECK: %[[Y:.*]] = qnn.conv2d %[[X]], %[[W]] residual %[[SKIP]] {
// CHECK-NOT: qnn.add
// CHECK: return %[[Y]]
func.func @residual_rhs(%x: tensor<1x2x4x4xf32>, %w: tensor<2x2x1x1xf32>, %skip: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %y = qnn.conv2d %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %s = qnn.add %skip, %y : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32> -> tensor<1x2x4x4xf32>
  return %s : tensor<1x2x4x4xf32>
}

// -----

// conv + add + relu: y = relu(conv + b + residual) in one op. The residual
// is computed after the conv, so the fused op goes where the add was.
// CHECK-LABEL: func.func @residual_relu
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x4x4xf32>, %[[W:.*]]: tensor<2x2x1x1xf32>, %[[B:.*]]: tensor<2xf32>)
// CHECK: %[[SKIP:.*]] = qnn.relu %[[X]]
// CHECK: %[[Y:.*]] = qnn.conv2d %[[X]], %[[W]], %[[B]] residual %[[SKIP]] {activation = #qnn.activation<relu>,
// CHECK-NOT: qnn.add
// CHECK-NOT: qnn.relu
// CHECK: return %[[Y]]
func.func @residual_relu(%x: tensor<1x2x4x4xf32>, %w: tensor<2x2x1x1xf32>, %b: tensor<2xf32>) -> tensor<1x2x4x4xf32> {
  %y = qnn.conv2d %x, %w, %b {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %skip = qnn.relu %x : tensor<1x2x4x4xf32>
  %s = qnn.add %y, %skip : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32> -> tensor<1x2x4x4xf32>
  %r = qnn.relu %s : tensor<1x2x4x4xf32>
  return %r : tensor<1x2x4x4xf32>
}

// -----

// An activation already on the add comes along with the residual.
// CHECK-LABEL: func.func @residual_add_activation
// CHECK: %[[Y:.*]] = qnn.fully_connected %{{.*}}, %{{.*}} residual %{{.*}} {activation = #qnn.activation<clamp, min = 0.000000e+00, max = 6.000000e+00>}
// CHECK-NOT: qnn.add
// CHECK: return %[[Y]]
func.func @residual_add_activation(%x: tensor<2x4xf32>, %w: tensor<4x4xf32>) -> tensor<2x4xf32> {
  %y = qnn.fully_connected %x, %w : (tensor<2x4xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
  %s = qnn.add %y, %x {activation = #qnn.activation<clamp, min = 0.0, max = 6.0>} : tensor<2x4xf32>, tensor<2x4xf32> -> tensor<2x4xf32>
  return %s : tensor<2x4xf32>
}

// -----

// relu(conv) + skip: the activation comes before the add, so the add cannot
// become a residual (that would compute relu(conv + skip)).
// CHECK-LABEL: func.func @activation_then_add
// CHECK: %[[Y:.*]] = qnn.conv2d %{{.*}}, %{{.*}} {activation = #qnn.activation<relu>,
// CHECK: %[[S:.*]] = qnn.add %[[Y]], %{{.*}}
// CHECK: return %[[S]]
func.func @activation_then_add(%x: tensor<1x2x4x4xf32>, %w: tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32> {
  %y = qnn.conv2d %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %r = qnn.relu %y : tensor<1x2x4x4xf32>
  %s = qnn.add %r, %x : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32> -> tensor<1x2x4x4xf32>
  return %s : tensor<1x2x4x4xf32>
}

// -----

// The conv result is also returned: fusing would lose the unactivated value.
// CHECK-LABEL: func.func @multi_use
// CHECK: %[[Y:.*]] = qnn.conv2d
// CHECK-NOT: activation
// CHECK: %[[R:.*]] = qnn.relu %[[Y]]
// CHECK: %[[S:.*]] = qnn.add %[[Y]], %{{.*}}
// CHECK: return %[[R]], %[[S]]
func.func @multi_use(%x: tensor<1x2x4x4xf32>, %w: tensor<2x2x1x1xf32>) -> (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) {
  %y = qnn.conv2d %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %r = qnn.relu %y : tensor<1x2x4x4xf32>
  %s = qnn.add %y, %x : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32> -> tensor<1x2x4x4xf32>
  return %r, %s : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>
}

// -----

// A broadcasting add is not a residual.
// CHECK-LABEL: func.func @broadcast_add
// CHECK: %[[Y:.*]] = qnn.conv2d
// CHECK-NOT: residual
// CHECK: qnn.add %[[Y]], %{{.*}} : tensor<1x2x4x4xf32>, tensor<1x2x1x1xf32>
func.func @broadcast_add(%x: tensor<1x2x4x4xf32>, %w: tensor<2x2x1x1xf32>, %c: tensor<1x2x1x1xf32>) -> tensor<1x2x4x4xf32> {
  %y = qnn.conv2d %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %s = qnn.add %y, %c : tensor<1x2x4x4xf32>, tensor<1x2x1x1xf32> -> tensor<1x2x4x4xf32>
  return %s : tensor<1x2x4x4xf32>
}

// -----

// Two convs into one add: the first becomes the op, the second its residual.
// CHECK-LABEL: func.func @two_convs
// CHECK: %[[B:.*]] = qnn.conv2d %{{.*}}, %{{.*}} {
// CHECK: %[[A:.*]] = qnn.conv2d %{{.*}}, %{{.*}} residual %[[B]] {
// CHECK-NOT: qnn.add
// CHECK: return %[[A]]
func.func @two_convs(%x: tensor<1x2x4x4xf32>, %w: tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32> {
  %a = qnn.conv2d %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %b = qnn.conv2d %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %s = qnn.add %a, %b : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32> -> tensor<1x2x4x4xf32>
  return %s : tensor<1x2x4x4xf32>
}

// -----

// relu / clamp after a binary op that does not become a residual join the
// binary op itself: a broadcast add, a mul, a sub.
// CHECK-LABEL: func.func @binary_activation
// CHECK: %[[A:.*]] = qnn.add %{{.*}}, %{{.*}} {activation = #qnn.activation<relu>} : tensor<1x2x4x4xf32>, tensor<1x2x1x1xf32>
// CHECK: %[[M:.*]] = qnn.mul %[[A]], %{{.*}} {activation = #qnn.activation<clamp, min = 0.000000e+00, max = 6.000000e+00>}
// CHECK: %[[S:.*]] = qnn.sub %[[M]], %{{.*}} {activation = #qnn.activation<relu>}
// CHECK-NOT: qnn.relu
// CHECK-NOT: qnn.clamp
// CHECK: return %[[S]]
func.func @binary_activation(%x: tensor<1x2x4x4xf32>, %c: tensor<1x2x1x1xf32>) -> tensor<1x2x4x4xf32> {
  %a = qnn.add %x, %c : tensor<1x2x4x4xf32>, tensor<1x2x1x1xf32> -> tensor<1x2x4x4xf32>
  %r = qnn.relu %a : tensor<1x2x4x4xf32>
  %m = qnn.mul %r, %c : tensor<1x2x4x4xf32>, tensor<1x2x1x1xf32> -> tensor<1x2x4x4xf32>
  %k = qnn.clamp %m {max = 6.0 : f32, min = 0.0 : f32} : tensor<1x2x4x4xf32>
  %s = qnn.sub %k, %c : tensor<1x2x4x4xf32>, tensor<1x2x1x1xf32> -> tensor<1x2x4x4xf32>
  %t = qnn.relu %s : tensor<1x2x4x4xf32>
  return %t : tensor<1x2x4x4xf32>
}

// -----

// Not when the binary result has another user, nor for leaky_relu, nor when
// the binary op already has an activation.
// CHECK-LABEL: func.func @binary_activation_not_fused
// CHECK: %[[A:.*]] = qnn.add
// CHECK-NOT: activation
// CHECK: qnn.relu %[[A]]
// CHECK: %[[M:.*]] = qnn.mul
// CHECK: qnn.leaky_relu %[[M]]
// CHECK: %[[S:.*]] = qnn.sub %{{.*}} {activation = #qnn.activation<relu>}
// CHECK: qnn.clamp %[[S]]
func.func @binary_activation_not_fused(%x: tensor<1x2x4x4xf32>, %c: tensor<1x2x1x1xf32>) -> (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) {
  %a = qnn.add %x, %c : tensor<1x2x4x4xf32>, tensor<1x2x1x1xf32> -> tensor<1x2x4x4xf32>
  %r = qnn.relu %a : tensor<1x2x4x4xf32>
  %m = qnn.mul %x, %c : tensor<1x2x4x4xf32>, tensor<1x2x1x1xf32> -> tensor<1x2x4x4xf32>
  %l = qnn.leaky_relu %m {alpha = 0.1 : f32} : tensor<1x2x4x4xf32>
  %s = qnn.sub %x, %c {activation = #qnn.activation<relu>} : tensor<1x2x4x4xf32>, tensor<1x2x1x1xf32> -> tensor<1x2x4x4xf32>
  %k = qnn.clamp %s {max = 6.0 : f32, min = 0.0 : f32} : tensor<1x2x4x4xf32>
  return %a, %r, %l, %k : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>
}

// RUN: quant-opt %s -qnn-fold-batchnorm -split-input-file | FileCheck %s

// Plain conv with bias. var + eps = [4, 16] -> k = scale / sqrt = [0.5, 1.0]:
//   w' = [2 * 0.5, 3 * 1.0] = [1, 3]
//   b' = (b - mean) * k + shift = [(1 - 1) * 0.5 + 0.5, (-1 - 2) * 1 + 0] = [0.5, -3]
// CHECK-LABEL: func.func @conv
// CHECK-SAME: (%[[X:.*]]: tensor<1x1x2x2xf32>)
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}1.000000e+00]]], {{\[\[\[}}3.000000e+00]]]]> : tensor<2x1x1x1xf32>
// CHECK-DAG: %[[B:.*]] = arith.constant dense<[5.000000e-01, -3.000000e+00]> : tensor<2xf32>
// CHECK: %[[Y:.*]] = qnn.conv2d %[[X]], %[[W]], %[[B]] {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
// CHECK-NOT: qnn.batch_norm
// CHECK: return %[[Y]]
func.func @conv(%x: tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = arith.constant dense<[[[[2.0]]], [[[3.0]]]]> : tensor<2x1x1x1xf32>
  %b = arith.constant dense<[1.0, -1.0]> : tensor<2xf32>
  %s = arith.constant dense<[1.0, 4.0]> : tensor<2xf32>
  %t = arith.constant dense<[0.5, 0.0]> : tensor<2xf32>
  %m = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %v = arith.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %y = qnn.conv2d %x, %w, %b {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %z = qnn.batch_norm %y, %s, %t, %m, %v {epsilon = 1.0 : f32} : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  return %z : tensor<1x2x2x2xf32>
}

// -----

// Strided grouped conv (groups = 2, 4 outputs), no bias: the bias is created.
// var = 0 (a dead channel), eps = 0.25 -> sqrt = 0.5, k = scale * 2 = [2, 4, 0, -2]:
//   w' = [1 * 2, 1 * 4, 1 * 0, 1 * -2] (each of the 2 input taps)
//   b' = -mean * k + shift = [-1 * 2 + 0, 0 + 1, -3 * 0 + 2, 0.5 * -2 + 0] = [-2, 1, 2, -1]
// CHECK-LABEL: func.func @grouped_no_bias
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}2.000000e+00]], {{\[\[}}2.000000e+00]]], {{\[\[\[}}4.000000e+00]], {{\[\[}}4.000000e+00]]], {{\[\[\[}}0.000000e+00]], {{\[\[}}0.000000e+00]]], {{\[\[\[}}-2.000000e+00]], {{\[\[}}-2.000000e+00]]]]> : tensor<4x2x1x1xf32>
// CHECK-DAG: %[[B:.*]] = arith.constant dense<[-2.000000e+00, 1.000000e+00, 2.000000e+00, -1.000000e+00]> : tensor<4xf32>
// CHECK: qnn.conv2d %{{.*}}, %[[W]], %[[B]] {{{.*}}groups = 2 : i64{{.*}}strides = array<i64: 2, 2>}
// CHECK-NOT: qnn.batch_norm
func.func @grouped_no_bias(%x: tensor<1x4x4x4xf32>) -> tensor<1x4x2x2xf32> {
  %w = arith.constant dense<1.0> : tensor<4x2x1x1xf32>
  %s = arith.constant dense<[1.0, 2.0, 0.0, -1.0]> : tensor<4xf32>
  %t = arith.constant dense<[0.0, 1.0, 2.0, 0.0]> : tensor<4xf32>
  %m = arith.constant dense<[1.0, 0.0, 3.0, -0.5]> : tensor<4xf32>
  %v = arith.constant dense<0.0> : tensor<4xf32>
  %y = qnn.conv2d %x, %w {dilations = array<i64: 1, 1>, groups = 2 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x4x4x4xf32>, tensor<4x2x1x1xf32>) -> tensor<1x4x2x2xf32>
  %z = qnn.batch_norm %y, %s, %t, %m, %v {epsilon = 0.25 : f32} : (tensor<1x4x2x2xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x2x2xf32>
  return %z : tensor<1x4x2x2xf32>
}

// -----

// Depthwise conv with a resource-backed weight (as the importer emits for
// tensors > 8 elements); the folded weight is a resource too.
// w = [-8 .. 9], k = [1/2, 4/2] = [0.5, 2]; no bias: b' = -mean * k + shift =
// [-2 * 0.5 + 0, 1 * 2 + 1] = [-1, 3].
// CHECK-LABEL: func.func @depthwise_resource
// CHECK-DAG: %[[W:.*]] = arith.constant dense_resource<[[WNAME:.*]]> : tensor<2x1x3x3xf32>
// CHECK-DAG: %[[B:.*]] = arith.constant dense<[-1.000000e+00, 3.000000e+00]> : tensor<2xf32>
// CHECK: qnn.conv2d %{{.*}}, %[[W]], %[[B]] {{{.*}}groups = 2 : i64
// CHECK-NOT: qnn.batch_norm
// CHECK: [[WNAME]]: "0x04000000000080C0000060C0000040C0000020C0000000C00000C0BF000080BF000000BF0000000000000040000080400000C040000000410000204100004041000060410000804100009041"
func.func @depthwise_resource(%x: tensor<1x2x5x5xf32>) -> tensor<1x2x5x5xf32> {
  %w = arith.constant dense_resource<dw_weight> : tensor<2x1x3x3xf32>
  %s = arith.constant dense<[1.0, 4.0]> : tensor<2xf32>
  %t = arith.constant dense<[0.0, 1.0]> : tensor<2xf32>
  %m = arith.constant dense<[2.0, -1.0]> : tensor<2xf32>
  %v = arith.constant dense<[3.0, 3.0]> : tensor<2xf32>
  %y = qnn.conv2d %x, %w {dilations = array<i64: 1, 1>, groups = 2 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x2x5x5xf32>, tensor<2x1x3x3xf32>) -> tensor<1x2x5x5xf32>
  %z = qnn.batch_norm %y, %s, %t, %m, %v {epsilon = 1.0 : f32} : (tensor<1x2x5x5xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x5x5xf32>
  return %z : tensor<1x2x5x5xf32>
}

{-#
  dialect_resources: {
    builtin: {
      dw_weight: "0x04000000000000C10000E0C00000C0C00000A0C0000080C0000040C0000000C0000080BF000000000000803F0000004000004040000080400000A0400000C0400000E0400000004100001041"
    }
  }
#-}

// -----

// fully_connected without bias, batch_norm on [N, C]. Zero variance, eps 0.25:
// k = scale / 0.5 = [4, 2]; w' = [[1, 2] * 4, [3, 4] * 2]; b' = [-0.5 * 4 + 1, 1 * 2 + 1].
// CHECK-LABEL: func.func @fully_connected
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[\[}}4.000000e+00, 8.000000e+00], [6.000000e+00, 8.000000e+00]]> : tensor<2x2xf32>
// CHECK-DAG: %[[B:.*]] = arith.constant dense<[-1.000000e+00, 3.000000e+00]> : tensor<2xf32>
// CHECK: qnn.fully_connected %{{.*}}, %[[W]], %[[B]] :
// CHECK-NOT: qnn.batch_norm
func.func @fully_connected(%x: tensor<3x2xf32>) -> tensor<3x2xf32> {
  %w = arith.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %s = arith.constant dense<[2.0, 1.0]> : tensor<2xf32>
  %t = arith.constant dense<[1.0, 1.0]> : tensor<2xf32>
  %m = arith.constant dense<[0.5, -1.0]> : tensor<2xf32>
  %v = arith.constant dense<0.0> : tensor<2xf32>
  %y = qnn.fully_connected %x, %w : (tensor<3x2xf32>, tensor<2x2xf32>) -> tensor<3x2xf32>
  %z = qnn.batch_norm %y, %s, %t, %m, %v {epsilon = 0.25 : f32} : (tensor<3x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<3x2xf32>
  return %z : tensor<3x2xf32>
}

// -----

// Two batch_norms in a row fold one after the other: k = 1 / 2, then
// k = 8 / 2: w' = 3 * 0.5 * 4 = 6, b' = 1 * 0.5 * 4 = 2.
// CHECK-LABEL: func.func @chain
// CHECK-DAG: %[[W:.*]] = arith.constant dense<6.000000e+00> : tensor<1x1x1x1xf32>
// CHECK-DAG: %[[B:.*]] = arith.constant dense<2.000000e+00> : tensor<1xf32>
// CHECK: %[[Y:.*]] = qnn.conv2d %{{.*}}, %[[W]], %[[B]]
// CHECK-NOT: qnn.batch_norm
// CHECK: return %[[Y]]
func.func @chain(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %w = arith.constant dense<3.0> : tensor<1x1x1x1xf32>
  %b = arith.constant dense<1.0> : tensor<1xf32>
  %zero = arith.constant dense<0.0> : tensor<1xf32>
  %one = arith.constant dense<1.0> : tensor<1xf32>
  %four = arith.constant dense<4.0> : tensor<1xf32>
  %eight = arith.constant dense<8.0> : tensor<1xf32>
  %y = qnn.conv2d %x, %w, %b {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>, tensor<1xf32>) -> tensor<1x1x2x2xf32>
  %z1 = qnn.batch_norm %y, %one, %zero, %zero, %four {epsilon = 0.0 : f32} : (tensor<1x1x2x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x2x2xf32>
  %z2 = qnn.batch_norm %z1, %eight, %zero, %zero, %four {epsilon = 0.0 : f32} : (tensor<1x1x2x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x2x2xf32>
  return %z2 : tensor<1x1x2x2xf32>
}

// -----

// After an add there is nothing to fold into: per-channel mul + add with
// [1, C, 1, 1] constants. k = [1 / 2, 3 / 1] = [0.5, 3];
// add = shift - mean * k = [1 - 2 * 0.5, 0 - 1 * 3] = [0, -3].
// CHECK-LABEL: func.func @after_add
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x2x2xf32>
// CHECK-DAG: %[[K:.*]] = arith.constant dense<{{\[\[\[\[}}5.000000e-01]], {{\[\[}}3.000000e+00]]]]> : tensor<1x2x1x1xf32>
// CHECK-DAG: %[[C:.*]] = arith.constant dense<{{\[\[\[\[}}0.000000e+00]], {{\[\[}}-3.000000e+00]]]]> : tensor<1x2x1x1xf32>
// CHECK: %[[S:.*]] = qnn.add %[[X]], %[[X]]
// CHECK: %[[M:.*]] = qnn.mul %[[S]], %[[K]] : tensor<1x2x2x2xf32>, tensor<1x2x1x1xf32> -> tensor<1x2x2x2xf32>
// CHECK: %[[A:.*]] = qnn.add %[[M]], %[[C]] : tensor<1x2x2x2xf32>, tensor<1x2x1x1xf32> -> tensor<1x2x2x2xf32>
// CHECK-NOT: qnn.batch_norm
// CHECK: return %[[A]]
func.func @after_add(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %s = arith.constant dense<[1.0, 3.0]> : tensor<2xf32>
  %t = arith.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %m = arith.constant dense<[2.0, 1.0]> : tensor<2xf32>
  %v = arith.constant dense<[4.0, 1.0]> : tensor<2xf32>
  %a = qnn.add %x, %x : tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32> -> tensor<1x2x2x2xf32>
  %z = qnn.batch_norm %a, %s, %t, %m, %v {epsilon = 0.0 : f32} : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  return %z : tensor<1x2x2x2xf32>
}

// -----

// The conv's result has another user: folding would change it, so mul + add.
// CHECK-LABEL: func.func @multi_use_producer
// CHECK: %[[Y:.*]] = qnn.conv2d %{{.*}}, %{{.*}}, %{{.*}} {
// CHECK: %[[M:.*]] = qnn.mul %[[Y]], %{{.*}} : tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>
// CHECK: %[[A:.*]] = qnn.add %[[M]], %{{.*}} : tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>
// CHECK: return %[[A]], %[[Y]]
func.func @multi_use_producer(%x: tensor<1x1x2x2xf32>) -> (tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>) {
  %w = arith.constant dense<3.0> : tensor<1x1x1x1xf32>
  %b = arith.constant dense<1.0> : tensor<1xf32>
  %p = arith.constant dense<1.0> : tensor<1xf32>
  %y = qnn.conv2d %x, %w, %b {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>, tensor<1xf32>) -> tensor<1x1x2x2xf32>
  %z = qnn.batch_norm %y, %p, %p, %p, %p {epsilon = 0.0 : f32} : (tensor<1x1x2x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x2x2xf32>
  return %z, %y : tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>
}

// -----

// A fused activation applies before the batch_norm: no fold.
// CHECK-LABEL: func.func @activated_producer
// CHECK: %[[Y:.*]] = qnn.conv2d {{.*}}activation = #qnn.activation<relu>
// CHECK: %[[M:.*]] = qnn.mul %[[Y]]
// CHECK: qnn.add %[[M]]
func.func @activated_producer(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %w = arith.constant dense<3.0> : tensor<1x1x1x1xf32>
  %p = arith.constant dense<1.0> : tensor<1xf32>
  %y = qnn.conv2d %x, %w {activation = #qnn.activation<relu>, dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  %z = qnn.batch_norm %y, %p, %p, %p, %p {epsilon = 0.0 : f32} : (tensor<1x1x2x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x2x2xf32>
  return %z : tensor<1x1x2x2xf32>
}

// -----

// So does a fused residual.
// CHECK-LABEL: func.func @residual_producer
// CHECK: %[[Y:.*]] = qnn.conv2d {{.*}} residual
// CHECK: %[[M:.*]] = qnn.mul %[[Y]]
// CHECK: qnn.add %[[M]]
func.func @residual_producer(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %w = arith.constant dense<3.0> : tensor<1x1x1x1xf32>
  %p = arith.constant dense<1.0> : tensor<1xf32>
  %y = qnn.conv2d %x, %w residual %x {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>, tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32>
  %z = qnn.batch_norm %y, %p, %p, %p, %p {epsilon = 0.0 : f32} : (tensor<1x1x2x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x2x2xf32>
  return %z : tensor<1x1x2x2xf32>
}

// -----

// Non-constant weights cannot fold: mul + add.
// CHECK-LABEL: func.func @dynamic_weight
// CHECK: %[[Y:.*]] = qnn.conv2d
// CHECK: qnn.mul %[[Y]]
func.func @dynamic_weight(%x: tensor<1x1x2x2xf32>, %w: tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32> {
  %p = arith.constant dense<1.0> : tensor<1xf32>
  %y = qnn.conv2d %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  %z = qnn.batch_norm %y, %p, %p, %p, %p {epsilon = 0.0 : f32} : (tensor<1x1x2x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x2x2xf32>
  return %z : tensor<1x1x2x2xf32>
}

// -----

// fully_connected on rank 3: batch_norm's axis 1 is not the feature axis.
// CHECK-LABEL: func.func @fully_connected_rank3
// CHECK: %[[Y:.*]] = qnn.fully_connected
// CHECK: qnn.mul %[[Y]], %{{.*}} : tensor<1x3x2xf32>, tensor<1x3x1xf32>
func.func @fully_connected_rank3(%x: tensor<1x3x2xf32>) -> tensor<1x3x2xf32> {
  %w = arith.constant dense<1.0> : tensor<2x2xf32>
  %p = arith.constant dense<1.0> : tensor<3xf32>
  %y = qnn.fully_connected %x, %w : (tensor<1x3x2xf32>, tensor<2x2xf32>) -> tensor<1x3x2xf32>
  %z = qnn.batch_norm %y, %p, %p, %p, %p {epsilon = 0.0 : f32} : (tensor<1x3x2xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x3x2xf32>
  return %z : tensor<1x3x2xf32>
}

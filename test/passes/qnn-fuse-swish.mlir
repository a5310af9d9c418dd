// RUN: quant-opt %s -qnn-fuse='backend=onednn float=true' -split-input-file | FileCheck %s --check-prefixes=CHECK,FUSED,RES-FUSED
// RUN: quant-opt %s -qnn-fuse='backend=ref float=true' -split-input-file | FileCheck %s --check-prefixes=CHECK,FUSED,RES-FUSED
// RUN: quant-opt %s -qnn-fuse='backend=xnnpack float=true' -split-input-file | FileCheck %s --check-prefixes=CHECK,SEPARATE,RES-SEPARATE
// RUN: quant-opt %s -qnn-fuse=backend=onednn -split-input-file | FileCheck %s --check-prefixes=CHECK,FUSED,RES-SEPARATE
// RUN: quant-opt %s -qnn-fuse=backend=ref -split-input-file | FileCheck %s --check-prefixes=CHECK,FUSED,RES-SEPARATE
// RUN: quant-opt %s -qnn-fuse=backend=xnnpack -split-input-file | FileCheck %s --check-prefixes=CHECK,SEPARATE,RES-SEPARATE

// swish fuses into conv2d / fully_connected where the backend's kernel has
// the epilogue: onednn (eltwise_swish post-op) and ref, f32 and int8 (for a
// model to be quantized, no `float=true`, the int8 kernel applies the swish
// to the real conv output before quantizing it). XNNPACK has none. An int8
// swish takes no residual.

// CHECK-LABEL: func.func @conv_swish
// FUSED: %[[Y:.*]] = qnn.conv2d {{.*}}activation = #qnn.activation<swish>
// FUSED-NOT: qnn.swish
// FUSED: return %[[Y]]
// SEPARATE: %[[Y:.*]] = qnn.conv2d
// SEPARATE-NOT: activation
// SEPARATE: %[[S:.*]] = qnn.swish %[[Y]]
// SEPARATE: return %[[S]]
func.func @conv_swish(%x: tensor<1x2x4x4xf32>, %w: tensor<3x2x1x1xf32>, %b: tensor<3xf32>) -> tensor<1x3x4x4xf32> {
  %y = qnn.conv2d %x, %w, %b {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<3x2x1x1xf32>, tensor<3xf32>) -> tensor<1x3x4x4xf32>
  %s = qnn.swish %y : tensor<1x3x4x4xf32>
  return %s : tensor<1x3x4x4xf32>
}

// -----

// Depthwise, as in EfficientNet's MBConv blocks.
// CHECK-LABEL: func.func @depthwise_swish
// FUSED: qnn.conv2d {{.*}}activation = #qnn.activation<swish>
// SEPARATE: qnn.swish
func.func @depthwise_swish(%x: tensor<1x4x6x6xf32>, %w: tensor<4x1x3x3xf32>) -> tensor<1x4x6x6xf32> {
  %y = qnn.conv2d %x, %w {dilations = array<i64: 1, 1>, groups = 4 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x4x6x6xf32>, tensor<4x1x3x3xf32>) -> tensor<1x4x6x6xf32>
  %s = qnn.swish %y : tensor<1x4x6x6xf32>
  return %s : tensor<1x4x6x6xf32>
}

// -----

// CHECK-LABEL: func.func @fc_swish
// FUSED: qnn.fully_connected {{.*}}activation = #qnn.activation<swish>
// SEPARATE: qnn.swish
func.func @fc_swish(%x: tensor<2x8xf32>, %w: tensor<4x8xf32>) -> tensor<2x4xf32> {
  %y = qnn.fully_connected %x, %w : (tensor<2x8xf32>, tensor<4x8xf32>) -> tensor<2x4xf32>
  %s = qnn.swish %y : tensor<2x4xf32>
  return %s : tensor<2x4xf32>
}

// -----

// The conv result has another user: it must stay unactivated.
// CHECK-LABEL: func.func @conv_swish_multi_use
// CHECK: %[[Y:.*]] = qnn.conv2d
// CHECK-NOT: activation
// CHECK: %[[S:.*]] = qnn.swish %[[Y]]
// CHECK: return %[[S]], %[[Y]]
func.func @conv_swish_multi_use(%x: tensor<1x2x4x4xf32>, %w: tensor<3x2x1x1xf32>) -> (tensor<1x3x4x4xf32>, tensor<1x3x4x4xf32>) {
  %y = qnn.conv2d %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<3x2x1x1xf32>) -> tensor<1x3x4x4xf32>
  %s = qnn.swish %y : tensor<1x3x4x4xf32>
  return %s, %y : tensor<1x3x4x4xf32>, tensor<1x3x4x4xf32>
}

// -----

// A swish is not a binary op's activation: no binary kernel has it.
// CHECK-LABEL: func.func @add_swish
// CHECK: %[[A:.*]] = qnn.add
// CHECK-NOT: activation
// CHECK: qnn.swish %[[A]]
func.func @add_swish(%a: tensor<1x8xf32>, %b: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %s = qnn.add %a, %b : tensor<1x8xf32>, tensor<1x8xf32> -> tensor<1x8xf32>
  %r = qnn.swish %s : tensor<1x8xf32>
  return %r : tensor<1x8xf32>
}

// -----

// After a residual: f32 kernels add the residual before the swish; int8
// ones have no such epilogue.
// CHECK-LABEL: func.func @conv_residual_swish
// CHECK: qnn.conv2d
// RES-FUSED-SAME: residual %{{.*}} {activation = #qnn.activation<swish>
// RES-FUSED-NOT: qnn.swish
// RES-SEPARATE-NOT: activation
// RES-SEPARATE: qnn.swish
func.func @conv_residual_swish(%x: tensor<1x2x4x4xf32>, %w: tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32> {
  %y = qnn.conv2d %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %a = qnn.add %y, %x : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32> -> tensor<1x2x4x4xf32>
  %s = qnn.swish %a : tensor<1x2x4x4xf32>
  return %s : tensor<1x2x4x4xf32>
}

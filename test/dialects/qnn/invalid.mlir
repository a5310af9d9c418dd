// RUN: quant-opt %s -split-input-file -verify-diagnostics

// Every diagnostic of the qnn verifiers, shape functions and attribute
// parsers, one case per split.

//===----------------------------------------------------------------------===//
// Numeric kinds: all-float or all-quantized, i32 only as a quantized bias
//===----------------------------------------------------------------------===//

func.func @conv2d_i32_bias_on_float(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x1x1xf32>, %b: tensor<4xi32>) -> tensor<1x4x8x8xf32> {
  // expected-error@+1 {{'qnn.conv2d' op operand #2 is an i32 bias, which needs a quantized result}}
  %0 = qnn.conv2d %x, %w, %b {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
       : (tensor<1x3x8x8xf32>, tensor<4x3x1x1xf32>, tensor<4xi32>) -> tensor<1x4x8x8xf32>
  return %0 : tensor<1x4x8x8xf32>
}

// -----

func.func @fully_connected_i32_bias_on_float(%x: tensor<1x16xf32>, %w: tensor<4x16xf32>, %b: tensor<4xi32>) -> tensor<1x4xf32> {
  // expected-error@+1 {{operand #2 is an i32 bias, which needs a quantized result}}
  %0 = qnn.fully_connected %x, %w, %b : (tensor<1x16xf32>, tensor<4x16xf32>, tensor<4xi32>) -> tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}

// -----

!act = !quant.uniform<u8:f32, 0.05:128>
func.func @add_float_operand_quant_result(%a: tensor<4x!act>, %b: tensor<4xf32>) -> tensor<4x!act> {
  // expected-error@+1 {{'qnn.add' op operand #1 is float but the result is quantized; an op is all-float or all-quantized}}
  %0 = qnn.add %a, %b : tensor<4x!act>, tensor<4xf32> -> tensor<4x!act>
  return %0 : tensor<4x!act>
}

// -----

!act = !quant.uniform<u8:f32, 0.05:128>
func.func @relu_quant_operand_float_result(%x: tensor<4x!act>) -> tensor<4xf32> {
  // expected-error@+1 {{'qnn.relu' op operand #0 is quantized but the result is float; an op is all-float or all-quantized}}
  %0 = qnn.relu %x : tensor<4x!act> -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

!act = !quant.uniform<u8:f32, 0.05:128>
!w = !quant.uniform<i8<-127:127>:f32:0, {0.1, 0.2, 0.3, 0.4}>
func.func @conv2d_float_bias_on_quant(%x: tensor<1x3x8x8x!act>, %w: tensor<4x3x1x1x!w>, %b: tensor<4xf32>) -> tensor<1x4x8x8x!act> {
  // expected-error@+1 {{operand #2 is float but the result is quantized}}
  %0 = qnn.conv2d %x, %w, %b {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
       : (tensor<1x3x8x8x!act>, tensor<4x3x1x1x!w>, tensor<4xf32>) -> tensor<1x4x8x8x!act>
  return %0 : tensor<1x4x8x8x!act>
}

// -----

!act = !quant.uniform<u8:f32, 0.05:128>
!w = !quant.uniform<i8<-127:127>:f32:0, {0.1, 0.2, 0.3, 0.4}>
func.func @conv2d_float_weight_on_quant(%x: tensor<1x3x8x8x!act>, %w: tensor<4x3x1x1xf32>) -> tensor<1x4x8x8x!act> {
  // expected-error@+1 {{operand #1 is float but the result is quantized}}
  %0 = qnn.conv2d %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
       : (tensor<1x3x8x8x!act>, tensor<4x3x1x1xf32>) -> tensor<1x4x8x8x!act>
  return %0 : tensor<1x4x8x8x!act>
}

// -----

!act = !quant.uniform<u8:f32, 0.05:128>
!w = !quant.uniform<i8<-127:127>:f32:0, {0.1, 0.2, 0.3, 0.4}>
func.func @conv2d_float_residual_on_quant(%x: tensor<1x3x8x8x!act>, %w: tensor<4x3x1x1x!w>, %b: tensor<4xi32>, %r: tensor<1x4x8x8xf32>) -> tensor<1x4x8x8x!act> {
  // expected-error@+1 {{operand #3 is float but the result is quantized}}
  %0 = qnn.conv2d %x, %w, %b residual %r {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
       : (tensor<1x3x8x8x!act>, tensor<4x3x1x1x!w>, tensor<4xi32>, tensor<1x4x8x8xf32>) -> tensor<1x4x8x8x!act>
  return %0 : tensor<1x4x8x8x!act>
}

// -----

!act = !quant.uniform<u8:f32, 0.05:128>
func.func @concat_mixed(%a: tensor<2x4x!act>, %b: tensor<2x4xf32>) -> tensor<4x4xf32> {
  // expected-error@+1 {{operand #0 is quantized but the result is float}}
  %0 = qnn.concat %a, %b {axis = 0 : i64} : (tensor<2x4x!act>, tensor<2x4xf32>) -> tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}

// -----

func.func @i32_activation(%x: tensor<4xi32>) -> tensor<4xi32> {
  // expected-error@+1 {{'qnn.relu' op operand #0 must be statically shaped tensor of 32-bit float or uniform quantized type values, but got 'tensor<4xi32>'}}
  %0 = qnn.relu %x : tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

!act = !quant.uniform<u8:f32, 0.05:128>
func.func @batch_norm_quant(%x: tensor<1x4x!act>, %p: tensor<4xf32>) -> tensor<1x4x!act> {
  // expected-error@+1 {{'qnn.batch_norm' op operand #0 must be statically shaped tensor of 32-bit float values}}
  %0 = qnn.batch_norm %x, %p, %p, %p, %p {epsilon = 1.0e-5 : f32}
       : (tensor<1x4x!act>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x!act>
  return %0 : tensor<1x4x!act>
}

// -----

//===----------------------------------------------------------------------===//
// conv2d
//===----------------------------------------------------------------------===//

func.func @conv2d_result_shape(%x: tensor<1x3x8x8xf32>, %w: tensor<16x3x3x3xf32>) -> tensor<1x16x7x7xf32> {
  // expected-error@+1 {{'qnn.conv2d' op result shape 'tensor<1x16x7x7xf32>' does not match the inferred shape 1x16x8x8}}
  %0 = qnn.conv2d %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>}
       : (tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32>) -> tensor<1x16x7x7xf32>
  return %0 : tensor<1x16x7x7xf32>
}

// -----

func.func @conv2d_input_rank(%x: tensor<3x8x8xf32>, %w: tensor<16x3x3x3xf32>) -> tensor<1x16x6x6xf32> {
  // expected-error@+1 {{expected 4-D input (NCHW) and weight (OIHW), got [3, 8, 8] and [16, 3, 3, 3]}}
  %0 = qnn.conv2d %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
       : (tensor<3x8x8xf32>, tensor<16x3x3x3xf32>) -> tensor<1x16x6x6xf32>
  return %0 : tensor<1x16x6x6xf32>
}

// -----

func.func @conv2d_weight_rank(%x: tensor<1x3x8x8xf32>, %w: tensor<16x3x3xf32>) -> tensor<1x16x6x6xf32> {
  // expected-error@+1 {{expected 4-D input (NCHW) and weight (OIHW), got [1, 3, 8, 8] and [16, 3, 3]}}
  %0 = qnn.conv2d %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
       : (tensor<1x3x8x8xf32>, tensor<16x3x3xf32>) -> tensor<1x16x6x6xf32>
  return %0 : tensor<1x16x6x6xf32>
}

// -----

func.func @conv2d_strides_length(%x: tensor<1x3x8x8xf32>, %w: tensor<16x3x3x3xf32>) -> tensor<1x16x6x6xf32> {
  // expected-error@+1 {{expected 2 values in 'strides', got 1}}
  %0 = qnn.conv2d %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1>}
       : (tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32>) -> tensor<1x16x6x6xf32>
  return %0 : tensor<1x16x6x6xf32>
}

// -----

func.func @conv2d_pads_length(%x: tensor<1x3x8x8xf32>, %w: tensor<16x3x3x3xf32>) -> tensor<1x16x6x6xf32> {
  // expected-error@+1 {{expected 4 values in 'pads', got 2}}
  %0 = qnn.conv2d %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 1, 1>, strides = array<i64: 1, 1>}
       : (tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32>) -> tensor<1x16x6x6xf32>
  return %0 : tensor<1x16x6x6xf32>
}

// -----

func.func @conv2d_dilations_length(%x: tensor<1x3x8x8xf32>, %w: tensor<16x3x3x3xf32>) -> tensor<1x16x6x6xf32> {
  // expected-error@+1 {{expected 2 values in 'dilations', got 3}}
  %0 = qnn.conv2d %x, %w {dilations = array<i64: 1, 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
       : (tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32>) -> tensor<1x16x6x6xf32>
  return %0 : tensor<1x16x6x6xf32>
}

// -----

func.func @conv2d_zero_stride(%x: tensor<1x3x8x8xf32>, %w: tensor<16x3x3x3xf32>) -> tensor<1x16x6x6xf32> {
  // expected-error@+1 {{'strides' must be positive, got [1, 0]}}
  %0 = qnn.conv2d %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 0>}
       : (tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32>) -> tensor<1x16x6x6xf32>
  return %0 : tensor<1x16x6x6xf32>
}

// -----

func.func @conv2d_negative_dilation(%x: tensor<1x3x8x8xf32>, %w: tensor<16x3x3x3xf32>) -> tensor<1x16x6x6xf32> {
  // expected-error@+1 {{'dilations' must be positive, got [-1, 1]}}
  %0 = qnn.conv2d %x, %w {dilations = array<i64: -1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
       : (tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32>) -> tensor<1x16x6x6xf32>
  return %0 : tensor<1x16x6x6xf32>
}

// -----

func.func @conv2d_negative_pad(%x: tensor<1x3x8x8xf32>, %w: tensor<16x3x3x3xf32>) -> tensor<1x16x6x6xf32> {
  // expected-error@+1 {{'pads' must be non-negative, got [0, -1, 0, 0]}}
  %0 = qnn.conv2d %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, -1, 0, 0>, strides = array<i64: 1, 1>}
       : (tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32>) -> tensor<1x16x6x6xf32>
  return %0 : tensor<1x16x6x6xf32>
}

// -----

func.func @conv2d_zero_groups(%x: tensor<1x3x8x8xf32>, %w: tensor<16x3x3x3xf32>) -> tensor<1x16x6x6xf32> {
  // expected-error@+1 {{'groups' must be positive, got 0}}
  %0 = qnn.conv2d %x, %w {dilations = array<i64: 1, 1>, groups = 0 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
       : (tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32>) -> tensor<1x16x6x6xf32>
  return %0 : tensor<1x16x6x6xf32>
}

// -----

func.func @conv2d_channel_mismatch(%x: tensor<1x3x8x8xf32>, %w: tensor<16x4x3x3xf32>) -> tensor<1x16x6x6xf32> {
  // expected-error@+1 {{input channels (3) must equal weight input channels (4) times groups (1)}}
  %0 = qnn.conv2d %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
       : (tensor<1x3x8x8xf32>, tensor<16x4x3x3xf32>) -> tensor<1x16x6x6xf32>
  return %0 : tensor<1x16x6x6xf32>
}

// -----

func.func @conv2d_group_channel_mismatch(%x: tensor<1x8x8x8xf32>, %w: tensor<16x8x3x3xf32>) -> tensor<1x16x6x6xf32> {
  // expected-error@+1 {{input channels (8) must equal weight input channels (8) times groups (2)}}
  %0 = qnn.conv2d %x, %w {dilations = array<i64: 1, 1>, groups = 2 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
       : (tensor<1x8x8x8xf32>, tensor<16x8x3x3xf32>) -> tensor<1x16x6x6xf32>
  return %0 : tensor<1x16x6x6xf32>
}

// -----

func.func @conv2d_groups_output_channels(%x: tensor<1x8x8x8xf32>, %w: tensor<6x2x3x3xf32>) -> tensor<1x6x6x6xf32> {
  // expected-error@+1 {{output channels (6) must be a multiple of groups (4)}}
  %0 = qnn.conv2d %x, %w {dilations = array<i64: 1, 1>, groups = 4 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
       : (tensor<1x8x8x8xf32>, tensor<6x2x3x3xf32>) -> tensor<1x6x6x6xf32>
  return %0 : tensor<1x6x6x6xf32>
}

// -----

func.func @conv2d_window_too_large(%x: tensor<1x3x4x4xf32>, %w: tensor<16x3x3x3xf32>) -> tensor<1x16x1x1xf32> {
  // expected-error@+1 {{window of effective size 5 does not fit the padded input of size 4}}
  %0 = qnn.conv2d %x, %w {dilations = array<i64: 2, 2>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
       : (tensor<1x3x4x4xf32>, tensor<16x3x3x3xf32>) -> tensor<1x16x1x1xf32>
  return %0 : tensor<1x16x1x1xf32>
}

// -----

!act = !quant.uniform<u8:f32, 0.05:128>
!w = !quant.uniform<i8<-127:127>:f32:1, {0.1, 0.2, 0.3}>
func.func @conv2d_weight_axis(%x: tensor<1x3x8x8x!act>, %w: tensor<4x3x1x1x!w>) -> tensor<1x4x8x8x!act> {
  // expected-error@+1 {{'qnn.conv2d' op per-axis weight quantization must be on axis 0, got axis 1}}
  %0 = qnn.conv2d %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
       : (tensor<1x3x8x8x!act>, tensor<4x3x1x1x!w>) -> tensor<1x4x8x8x!act>
  return %0 : tensor<1x4x8x8x!act>
}

// -----

func.func @conv2d_bias_shape(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x1x1xf32>, %b: tensor<5xf32>) -> tensor<1x4x8x8xf32> {
  // expected-error@+1 {{'qnn.conv2d' op bias must have shape [4], got 'tensor<5xf32>'}}
  %0 = qnn.conv2d %x, %w, %b {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
       : (tensor<1x3x8x8xf32>, tensor<4x3x1x1xf32>, tensor<5xf32>) -> tensor<1x4x8x8xf32>
  return %0 : tensor<1x4x8x8xf32>
}

// -----

func.func @conv2d_bias_rank(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x1x1xf32>, %b: tensor<1x4xf32>) -> tensor<1x4x8x8xf32> {
  // expected-error@+1 {{bias must have shape [4], got 'tensor<1x4xf32>'}}
  %0 = qnn.conv2d %x, %w, %b {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
       : (tensor<1x3x8x8xf32>, tensor<4x3x1x1xf32>, tensor<1x4xf32>) -> tensor<1x4x8x8xf32>
  return %0 : tensor<1x4x8x8xf32>
}

// -----

func.func @conv2d_residual_shape(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x1x1xf32>, %r: tensor<1x4x4x4xf32>) -> tensor<1x4x8x8xf32> {
  // expected-error@+1 {{'qnn.conv2d' op residual 'tensor<1x4x4x4xf32>' must have the result's shape}}
  %0 = qnn.conv2d %x, %w residual %r {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
       : (tensor<1x3x8x8xf32>, tensor<4x3x1x1xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x8x8xf32>
  return %0 : tensor<1x4x8x8xf32>
}

// -----

//===----------------------------------------------------------------------===//
// fully_connected
//===----------------------------------------------------------------------===//

func.func @fully_connected_result_shape(%x: tensor<2x5x16xf32>, %w: tensor<10x16xf32>) -> tensor<10x10xf32> {
  // expected-error@+1 {{'qnn.fully_connected' op result shape 'tensor<10x10xf32>' does not match the inferred shape 2x5x10}}
  %0 = qnn.fully_connected %x, %w : (tensor<2x5x16xf32>, tensor<10x16xf32>) -> tensor<10x10xf32>
  return %0 : tensor<10x10xf32>
}

// -----

func.func @fully_connected_input_rank(%x: tensor<16xf32>, %w: tensor<10x16xf32>) -> tensor<10xf32> {
  // expected-error@+1 {{expected input of rank >= 2 and a 2-D weight, got [16] and [10, 16]}}
  %0 = qnn.fully_connected %x, %w : (tensor<16xf32>, tensor<10x16xf32>) -> tensor<10xf32>
  return %0 : tensor<10xf32>
}

// -----

func.func @fully_connected_weight_rank(%x: tensor<2x16xf32>, %w: tensor<10x16x1xf32>) -> tensor<2x10xf32> {
  // expected-error@+1 {{expected input of rank >= 2 and a 2-D weight, got [2, 16] and [10, 16, 1]}}
  %0 = qnn.fully_connected %x, %w : (tensor<2x16xf32>, tensor<10x16x1xf32>) -> tensor<2x10xf32>
  return %0 : tensor<2x10xf32>
}

// -----

func.func @fully_connected_features(%x: tensor<2x16xf32>, %w: tensor<10x8xf32>) -> tensor<2x10xf32> {
  // expected-error@+1 {{input features (16) must equal weight columns (8)}}
  %0 = qnn.fully_connected %x, %w : (tensor<2x16xf32>, tensor<10x8xf32>) -> tensor<2x10xf32>
  return %0 : tensor<2x10xf32>
}

// -----

!act = !quant.uniform<u8:f32, 0.05:128>
!w = !quant.uniform<i8<-127:127>:f32:1, {0.1, 0.2, 0.3, 0.4, 0.1, 0.2, 0.3, 0.4, 0.1, 0.2, 0.3, 0.4, 0.1, 0.2, 0.3, 0.4}>
func.func @fully_connected_weight_axis(%x: tensor<2x16x!act>, %w: tensor<4x16x!w>) -> tensor<2x4x!act> {
  // expected-error@+1 {{'qnn.fully_connected' op per-axis weight quantization must be on axis 0, got axis 1}}
  %0 = qnn.fully_connected %x, %w : (tensor<2x16x!act>, tensor<4x16x!w>) -> tensor<2x4x!act>
  return %0 : tensor<2x4x!act>
}

// -----

func.func @fully_connected_bias_shape(%x: tensor<2x16xf32>, %w: tensor<10x16xf32>, %b: tensor<16xf32>) -> tensor<2x10xf32> {
  // expected-error@+1 {{'qnn.fully_connected' op bias must have shape [10], got 'tensor<16xf32>'}}
  %0 = qnn.fully_connected %x, %w, %b : (tensor<2x16xf32>, tensor<10x16xf32>, tensor<16xf32>) -> tensor<2x10xf32>
  return %0 : tensor<2x10xf32>
}

// -----

func.func @fully_connected_residual_shape(%x: tensor<2x16xf32>, %w: tensor<10x16xf32>, %r: tensor<1x10xf32>) -> tensor<2x10xf32> {
  // expected-error@+1 {{'qnn.fully_connected' op residual 'tensor<1x10xf32>' must have the result's shape}}
  %0 = qnn.fully_connected %x, %w residual %r : (tensor<2x16xf32>, tensor<10x16xf32>, tensor<1x10xf32>) -> tensor<2x10xf32>
  return %0 : tensor<2x10xf32>
}

// -----

func.func @fully_connected_reversed_clamp(%x: tensor<2x16xf32>, %w: tensor<10x16xf32>) -> tensor<2x10xf32> {
  // expected-error@+1 {{clamp bounds are reversed: min 6.000000e+00 > max 0.000000e+00}}
  %0 = qnn.fully_connected %x, %w {activation = #qnn.activation<clamp, min = 6.0, max = 0.0>} : (tensor<2x16xf32>, tensor<10x16xf32>) -> tensor<2x10xf32>
  return %0 : tensor<2x10xf32>
}

// -----

//===----------------------------------------------------------------------===//
// batch_norm
//===----------------------------------------------------------------------===//

func.func @batch_norm_input_rank(%x: tensor<4xf32>, %s: tensor<4xf32>, %b: tensor<4xf32>, %m: tensor<4xf32>, %v: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error@+1 {{'qnn.batch_norm' op expected an input of rank >= 2, got 'tensor<4xf32>'}}
  %0 = qnn.batch_norm %x, %s, %b, %m, %v {epsilon = 1.0e-5 : f32}
       : (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @batch_norm_scale_shape(%x: tensor<1x4x8x8xf32>, %s: tensor<3xf32>, %b: tensor<4xf32>, %m: tensor<4xf32>, %v: tensor<4xf32>) -> tensor<1x4x8x8xf32> {
  // expected-error@+1 {{'qnn.batch_norm' op parameters must have shape [4] (the channel count), got 'tensor<3xf32>'}}
  %0 = qnn.batch_norm %x, %s, %b, %m, %v {epsilon = 1.0e-5 : f32}
       : (tensor<1x4x8x8xf32>, tensor<3xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32>
  return %0 : tensor<1x4x8x8xf32>
}

// -----

func.func @batch_norm_variance_shape(%x: tensor<1x4x8x8xf32>, %s: tensor<4xf32>, %b: tensor<4xf32>, %m: tensor<4xf32>, %v: tensor<1x4xf32>) -> tensor<1x4x8x8xf32> {
  // expected-error@+1 {{parameters must have shape [4] (the channel count), got 'tensor<1x4xf32>'}}
  %0 = qnn.batch_norm %x, %s, %b, %m, %v {epsilon = 1.0e-5 : f32}
       : (tensor<1x4x8x8xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<1x4xf32>) -> tensor<1x4x8x8xf32>
  return %0 : tensor<1x4x8x8xf32>
}

// -----

func.func @batch_norm_epsilon(%x: tensor<1x4x8x8xf32>, %s: tensor<4xf32>, %b: tensor<4xf32>, %m: tensor<4xf32>, %v: tensor<4xf32>) -> tensor<1x4x8x8xf32> {
  // expected-error@+1 {{'qnn.batch_norm' op epsilon must be non-negative}}
  %0 = qnn.batch_norm %x, %s, %b, %m, %v {epsilon = -1.0e-5 : f32}
       : (tensor<1x4x8x8xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32>
  return %0 : tensor<1x4x8x8xf32>
}

// -----

func.func @batch_norm_result_shape(%x: tensor<1x4x8x8xf32>, %s: tensor<4xf32>, %b: tensor<4xf32>, %m: tensor<4xf32>, %v: tensor<4xf32>) -> tensor<1x4x8x9xf32> {
  // expected-error@+1 {{'qnn.batch_norm' op result shape must match the input shape}}
  %0 = qnn.batch_norm %x, %s, %b, %m, %v {epsilon = 1.0e-5 : f32}
       : (tensor<1x4x8x8xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x8x9xf32>
  return %0 : tensor<1x4x8x9xf32>
}

// -----

//===----------------------------------------------------------------------===//
// Elementwise unary
//===----------------------------------------------------------------------===//

func.func @relu_result_shape(%x: tensor<2x8xf32>) -> tensor<8x2xf32> {
  // expected-error@+1 {{'qnn.relu' op result shape must match the input shape}}
  %0 = qnn.relu %x : tensor<2x8xf32> -> tensor<8x2xf32>
  return %0 : tensor<8x2xf32>
}

// -----

func.func @clamp_result_shape(%x: tensor<2x8xf32>) -> tensor<8x2xf32> {
  // expected-error@+1 {{'qnn.clamp' op result shape must match the input shape}}
  %0 = qnn.clamp %x {min = 0.0 : f32, max = 6.0 : f32} : tensor<2x8xf32> -> tensor<8x2xf32>
  return %0 : tensor<8x2xf32>
}

// -----

func.func @leaky_relu_result_shape(%x: tensor<2x8xf32>) -> tensor<8x2xf32> {
  // expected-error@+1 {{'qnn.leaky_relu' op result shape must match the input shape}}
  %0 = qnn.leaky_relu %x {alpha = 0.1 : f32} : tensor<2x8xf32> -> tensor<8x2xf32>
  return %0 : tensor<8x2xf32>
}

// -----

func.func @sigmoid_result_shape(%x: tensor<2x8xf32>) -> tensor<8x2xf32> {
  // expected-error@+1 {{'qnn.sigmoid' op result shape must match the input shape}}
  %0 = qnn.sigmoid %x : tensor<2x8xf32> -> tensor<8x2xf32>
  return %0 : tensor<8x2xf32>
}

// -----

func.func @hard_sigmoid_result_shape(%x: tensor<2x8xf32>) -> tensor<8x2xf32> {
  // expected-error@+1 {{'qnn.hard_sigmoid' op result shape must match the input shape}}
  %0 = qnn.hard_sigmoid %x {alpha = 0.2 : f32, beta = 0.5 : f32} : tensor<2x8xf32> -> tensor<8x2xf32>
  return %0 : tensor<8x2xf32>
}

// -----

func.func @hard_swish_result_shape(%x: tensor<2x8xf32>) -> tensor<8x2xf32> {
  // expected-error@+1 {{'qnn.hard_swish' op result shape must match the input shape}}
  %0 = qnn.hard_swish %x : tensor<2x8xf32> -> tensor<8x2xf32>
  return %0 : tensor<8x2xf32>
}

// -----

func.func @swish_result_shape(%x: tensor<2x8xf32>) -> tensor<8x2xf32> {
  // expected-error@+1 {{'qnn.swish' op result shape must match the input shape}}
  %0 = qnn.swish %x : tensor<2x8xf32> -> tensor<8x2xf32>
  return %0 : tensor<8x2xf32>
}

// -----

func.func @tanh_result_shape(%x: tensor<2x8xf32>) -> tensor<8x2xf32> {
  // expected-error@+1 {{'qnn.tanh' op result shape must match the input shape}}
  %0 = qnn.tanh %x : tensor<2x8xf32> -> tensor<8x2xf32>
  return %0 : tensor<8x2xf32>
}

// -----

func.func @softmax_result_shape(%x: tensor<2x8xf32>) -> tensor<8x2xf32> {
  // expected-error@+1 {{'qnn.softmax' op result shape must match the input shape}}
  %0 = qnn.softmax %x {axis = 1 : i64} : tensor<2x8xf32> -> tensor<8x2xf32>
  return %0 : tensor<8x2xf32>
}

// -----

func.func @clamp_min_above_max(%x: tensor<2x8xf32>) -> tensor<2x8xf32> {
  // expected-error@+1 {{'qnn.clamp' op min (6.000000e+00) must not exceed max (0.000000e+00)}}
  %0 = qnn.clamp %x {min = 6.0 : f32, max = 0.0 : f32} : tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}

// -----

func.func @softmax_axis_too_large(%x: tensor<2x8xf32>) -> tensor<2x8xf32> {
  // expected-error@+1 {{'qnn.softmax' op axis 2 is out of range for rank 2}}
  %0 = qnn.softmax %x {axis = 2 : i64} : tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}

// -----

// Axes are normalized at import: no negative axes.
func.func @softmax_negative_axis(%x: tensor<2x8xf32>) -> tensor<2x8xf32> {
  // expected-error@+1 {{'qnn.softmax' op axis -1 is out of range for rank 2}}
  %0 = qnn.softmax %x {axis = -1 : i64} : tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}

// -----

//===----------------------------------------------------------------------===//
// #qnn.activation
//===----------------------------------------------------------------------===//

func.func @activation_reversed_clamp(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error@+1 {{clamp bounds are reversed: min 6.000000e+00 > max 0.000000e+00}}
  %0 = qnn.add %a, %a {activation = #qnn.activation<clamp, min = 6.0, max = 0.0>} : tensor<4xf32>, tensor<4xf32> -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @activation_nan_clamp(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error@+1 {{clamp bounds must not be NaN}}
  %0 = qnn.add %a, %a {activation = #qnn.activation<clamp, min = 0x7FF8000000000000, max = 6.0>} : tensor<4xf32>, tensor<4xf32> -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @activation_unknown_kind(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error@+1 {{unknown activation 'gelu', expected relu, clamp, leaky_relu or swish}}
  %0 = qnn.add %a, %a {activation = #qnn.activation<gelu>} : tensor<4xf32>, tensor<4xf32> -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @activation_missing_alpha(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error@+1 {{expected ','}}
  %0 = qnn.add %a, %a {activation = #qnn.activation<leaky_relu>} : tensor<4xf32>, tensor<4xf32> -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @activation_clamp_missing_max(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error@+1 {{expected ','}}
  %0 = qnn.add %a, %a {activation = #qnn.activation<clamp, min = 0.0>} : tensor<4xf32>, tensor<4xf32> -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

//===----------------------------------------------------------------------===//
// Elementwise binary
//===----------------------------------------------------------------------===//

func.func @add_no_broadcast(%a: tensor<2x3xf32>, %b: tensor<4x3xf32>) -> tensor<4x3xf32> {
  // expected-error@+1 {{'qnn.add' op shapes [2, 3] and [4, 3] do not broadcast}}
  %0 = qnn.add %a, %b : tensor<2x3xf32>, tensor<4x3xf32> -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

func.func @mul_no_broadcast_rank(%a: tensor<2x3xf32>, %b: tensor<2x1x2xf32>) -> tensor<2x2x3xf32> {
  // expected-error@+1 {{'qnn.mul' op shapes [2, 3] and [2, 1, 2] do not broadcast}}
  %0 = qnn.mul %a, %b : tensor<2x3xf32>, tensor<2x1x2xf32> -> tensor<2x2x3xf32>
  return %0 : tensor<2x2x3xf32>
}

// -----

func.func @add_result_shape(%a: tensor<1x4x8x8xf32>, %b: tensor<4x1x1xf32>) -> tensor<4x8x8xf32> {
  // expected-error@+1 {{'qnn.add' op result shape 'tensor<4x8x8xf32>' does not match the inferred shape 1x4x8x8}}
  %0 = qnn.add %a, %b : tensor<1x4x8x8xf32>, tensor<4x1x1xf32> -> tensor<4x8x8xf32>
  return %0 : tensor<4x8x8xf32>
}

// -----

func.func @sub_result_shape(%a: tensor<2x1x3xf32>, %b: tensor<4x1xf32>) -> tensor<2x1x3xf32> {
  // expected-error@+1 {{'qnn.sub' op result shape 'tensor<2x1x3xf32>' does not match the inferred shape 2x4x3}}
  %0 = qnn.sub %a, %b : tensor<2x1x3xf32>, tensor<4x1xf32> -> tensor<2x1x3xf32>
  return %0 : tensor<2x1x3xf32>
}

// -----

func.func @mul_result_shape(%a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<1x4xf32> {
  // expected-error@+1 {{'qnn.mul' op result shape 'tensor<1x4xf32>' does not match the inferred shape 4}}
  %0 = qnn.mul %a, %b : tensor<4xf32>, tensor<4xf32> -> tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}

// -----

func.func @div_result_shape(%a: tensor<2x3xf32>, %b: tensor<f32>) -> tensor<1x1xf32> {
  // expected-error@+1 {{'qnn.div' op result shape 'tensor<1x1xf32>' does not match the inferred shape 2x3}}
  %0 = qnn.div %a, %b : tensor<2x3xf32>, tensor<f32> -> tensor<1x1xf32>
  return %0 : tensor<1x1xf32>
}

// -----

//===----------------------------------------------------------------------===//
// Pooling and reductions
//===----------------------------------------------------------------------===//

func.func @max_pool_result_shape(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x5x5xf32> {
  // expected-error@+1 {{'qnn.max_pool' op result shape 'tensor<1x4x5x5xf32>' does not match the inferred shape 1x4x4x4}}
  %0 = qnn.max_pool %x {ceil_mode = false, dilations = array<i64: 1, 1>, kernel = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x4x8x8xf32>) -> tensor<1x4x5x5xf32>
  return %0 : tensor<1x4x5x5xf32>
}

// -----

func.func @max_pool_input_rank(%x: tensor<4x8x8xf32>) -> tensor<4x4x4xf32> {
  // expected-error@+1 {{'qnn.max_pool' op expected a 4-D input (NCHW), got [4, 8, 8]}}
  %0 = qnn.max_pool %x {ceil_mode = false, dilations = array<i64: 1, 1>, kernel = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<4x8x8xf32>) -> tensor<4x4x4xf32>
  return %0 : tensor<4x4x4xf32>
}

// -----

func.func @max_pool_kernel_length(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x4x4xf32> {
  // expected-error@+1 {{expected 2 values in 'kernel', got 1}}
  %0 = qnn.max_pool %x {ceil_mode = false, dilations = array<i64: 1, 1>, kernel = array<i64: 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x4x8x8xf32>) -> tensor<1x4x4x4xf32>
  return %0 : tensor<1x4x4x4xf32>
}

// -----

func.func @max_pool_strides_length(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x4x4xf32> {
  // expected-error@+1 {{expected 2 values in 'strides', got 3}}
  %0 = qnn.max_pool %x {ceil_mode = false, dilations = array<i64: 1, 1>, kernel = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2, 2>} : (tensor<1x4x8x8xf32>) -> tensor<1x4x4x4xf32>
  return %0 : tensor<1x4x4x4xf32>
}

// -----

func.func @max_pool_pads_length(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x4x4xf32> {
  // expected-error@+1 {{expected 4 values in 'pads', got 2}}
  %0 = qnn.max_pool %x {ceil_mode = false, dilations = array<i64: 1, 1>, kernel = array<i64: 2, 2>, pads = array<i64: 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x4x8x8xf32>) -> tensor<1x4x4x4xf32>
  return %0 : tensor<1x4x4x4xf32>
}

// -----

func.func @max_pool_zero_kernel(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x4x4xf32> {
  // expected-error@+1 {{'kernel' must be positive, got [0, 2]}}
  %0 = qnn.max_pool %x {ceil_mode = false, dilations = array<i64: 1, 1>, kernel = array<i64: 0, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x4x8x8xf32>) -> tensor<1x4x4x4xf32>
  return %0 : tensor<1x4x4x4xf32>
}

// -----

func.func @max_pool_zero_stride(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x4x4xf32> {
  // expected-error@+1 {{'strides' must be positive, got [2, 0]}}
  %0 = qnn.max_pool %x {ceil_mode = false, dilations = array<i64: 1, 1>, kernel = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 0>} : (tensor<1x4x8x8xf32>) -> tensor<1x4x4x4xf32>
  return %0 : tensor<1x4x4x4xf32>
}

// -----

func.func @max_pool_negative_pad(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x4x4xf32> {
  // expected-error@+1 {{'pads' must be non-negative, got [0, 0, -1, 0]}}
  %0 = qnn.max_pool %x {ceil_mode = false, dilations = array<i64: 1, 1>, kernel = array<i64: 2, 2>, pads = array<i64: 0, 0, -1, 0>, strides = array<i64: 2, 2>} : (tensor<1x4x8x8xf32>) -> tensor<1x4x4x4xf32>
  return %0 : tensor<1x4x4x4xf32>
}

// -----

func.func @max_pool_pad_not_below_kernel(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x5x5xf32> {
  // expected-error@+1 {{pads [1, 1, 2, 1] must be smaller than the kernel [2, 2]}}
  %0 = qnn.max_pool %x {ceil_mode = false, dilations = array<i64: 1, 1>, kernel = array<i64: 2, 2>, pads = array<i64: 1, 1, 2, 1>, strides = array<i64: 2, 2>} : (tensor<1x4x8x8xf32>) -> tensor<1x4x5x5xf32>
  return %0 : tensor<1x4x5x5xf32>
}

// -----

func.func @max_pool_window_too_large(%x: tensor<1x4x2x2xf32>) -> tensor<1x4x1x1xf32> {
  // expected-error@+1 {{window of effective size 3 does not fit the padded input of size 2}}
  %0 = qnn.max_pool %x {ceil_mode = false, dilations = array<i64: 1, 1>, kernel = array<i64: 3, 3>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x4x2x2xf32>) -> tensor<1x4x1x1xf32>
  return %0 : tensor<1x4x1x1xf32>
}

// -----

func.func @avg_pool_result_shape(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x5x5xf32> {
  // expected-error@+1 {{'qnn.avg_pool' op result shape 'tensor<1x4x5x5xf32>' does not match the inferred shape 1x4x4x4}}
  %0 = qnn.avg_pool %x {ceil_mode = false, count_include_pad = false, kernel = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x4x8x8xf32>) -> tensor<1x4x5x5xf32>
  return %0 : tensor<1x4x5x5xf32>
}

// -----

func.func @avg_pool_input_rank(%x: tensor<4x8x8xf32>) -> tensor<4x4x4xf32> {
  // expected-error@+1 {{'qnn.avg_pool' op expected a 4-D input (NCHW), got [4, 8, 8]}}
  %0 = qnn.avg_pool %x {ceil_mode = false, count_include_pad = false, kernel = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<4x8x8xf32>) -> tensor<4x4x4xf32>
  return %0 : tensor<4x4x4xf32>
}

// -----

func.func @avg_pool_kernel_length(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x4x4xf32> {
  // expected-error@+1 {{expected 2 values in 'kernel', got 1}}
  %0 = qnn.avg_pool %x {ceil_mode = false, count_include_pad = false, kernel = array<i64: 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x4x8x8xf32>) -> tensor<1x4x4x4xf32>
  return %0 : tensor<1x4x4x4xf32>
}

// -----

func.func @avg_pool_strides_length(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x4x4xf32> {
  // expected-error@+1 {{expected 2 values in 'strides', got 3}}
  %0 = qnn.avg_pool %x {ceil_mode = false, count_include_pad = false, kernel = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2, 2>} : (tensor<1x4x8x8xf32>) -> tensor<1x4x4x4xf32>
  return %0 : tensor<1x4x4x4xf32>
}

// -----

func.func @avg_pool_pads_length(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x4x4xf32> {
  // expected-error@+1 {{expected 4 values in 'pads', got 2}}
  %0 = qnn.avg_pool %x {ceil_mode = false, count_include_pad = false, kernel = array<i64: 2, 2>, pads = array<i64: 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x4x8x8xf32>) -> tensor<1x4x4x4xf32>
  return %0 : tensor<1x4x4x4xf32>
}

// -----

func.func @avg_pool_zero_kernel(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x4x4xf32> {
  // expected-error@+1 {{'kernel' must be positive, got [0, 2]}}
  %0 = qnn.avg_pool %x {ceil_mode = false, count_include_pad = false, kernel = array<i64: 0, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x4x8x8xf32>) -> tensor<1x4x4x4xf32>
  return %0 : tensor<1x4x4x4xf32>
}

// -----

func.func @avg_pool_zero_stride(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x4x4xf32> {
  // expected-error@+1 {{'strides' must be positive, got [2, 0]}}
  %0 = qnn.avg_pool %x {ceil_mode = false, count_include_pad = false, kernel = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 0>} : (tensor<1x4x8x8xf32>) -> tensor<1x4x4x4xf32>
  return %0 : tensor<1x4x4x4xf32>
}

// -----

func.func @avg_pool_negative_pad(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x4x4xf32> {
  // expected-error@+1 {{'pads' must be non-negative, got [0, 0, -1, 0]}}
  %0 = qnn.avg_pool %x {ceil_mode = false, count_include_pad = false, kernel = array<i64: 2, 2>, pads = array<i64: 0, 0, -1, 0>, strides = array<i64: 2, 2>} : (tensor<1x4x8x8xf32>) -> tensor<1x4x4x4xf32>
  return %0 : tensor<1x4x4x4xf32>
}

// -----

func.func @avg_pool_pad_not_below_kernel(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x5x5xf32> {
  // expected-error@+1 {{pads [1, 1, 2, 1] must be smaller than the kernel [2, 2]}}
  %0 = qnn.avg_pool %x {ceil_mode = false, count_include_pad = false, kernel = array<i64: 2, 2>, pads = array<i64: 1, 1, 2, 1>, strides = array<i64: 2, 2>} : (tensor<1x4x8x8xf32>) -> tensor<1x4x5x5xf32>
  return %0 : tensor<1x4x5x5xf32>
}

// -----

func.func @avg_pool_window_too_large(%x: tensor<1x4x2x2xf32>) -> tensor<1x4x1x1xf32> {
  // expected-error@+1 {{window of effective size 3 does not fit the padded input of size 2}}
  %0 = qnn.avg_pool %x {ceil_mode = false, count_include_pad = false, kernel = array<i64: 3, 3>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x4x2x2xf32>) -> tensor<1x4x1x1xf32>
  return %0 : tensor<1x4x1x1xf32>
}

// -----

func.func @max_pool_dilations_length(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x4x4xf32> {
  // expected-error@+1 {{expected 2 values in 'dilations', got 1}}
  %0 = qnn.max_pool %x {ceil_mode = false, dilations = array<i64: 1>, kernel = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x4x8x8xf32>) -> tensor<1x4x4x4xf32>
  return %0 : tensor<1x4x4x4xf32>
}

// -----

func.func @max_pool_zero_dilation(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x4x4xf32> {
  // expected-error@+1 {{'dilations' must be positive, got [0, 1]}}
  %0 = qnn.max_pool %x {ceil_mode = false, dilations = array<i64: 0, 1>, kernel = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x4x8x8xf32>) -> tensor<1x4x4x4xf32>
  return %0 : tensor<1x4x4x4xf32>
}

// -----

func.func @max_pool_dilated_window_too_large(%x: tensor<1x4x4x4xf32>) -> tensor<1x4x1x1xf32> {
  // expected-error@+1 {{window of effective size 7 does not fit the padded input of size 5}}
  %0 = qnn.max_pool %x {ceil_mode = false, dilations = array<i64: 3, 1>, kernel = array<i64: 3, 3>, pads = array<i64: 1, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x4x4x4xf32>) -> tensor<1x4x1x1xf32>
  return %0 : tensor<1x4x1x1xf32>
}

// -----

func.func @global_avg_pool_input_rank(%x: tensor<4x8x8xf32>) -> tensor<4x1x1xf32> {
  // expected-error@+1 {{'qnn.global_avg_pool' op expected a 4-D input (NCHW), got 'tensor<4x8x8xf32>'}}
  %0 = qnn.global_avg_pool %x : (tensor<4x8x8xf32>) -> tensor<4x1x1xf32>
  return %0 : tensor<4x1x1xf32>
}

// -----

func.func @global_avg_pool_result_shape(%x: tensor<1x4x8x8xf32>) -> tensor<1x4xf32> {
  // expected-error@+1 {{'qnn.global_avg_pool' op result shape 'tensor<1x4xf32>' does not match the inferred shape 1x4x1x1}}
  %0 = qnn.global_avg_pool %x : (tensor<1x4x8x8xf32>) -> tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}

// -----

func.func @reduce_mean_axis_too_large(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x1x1xf32> {
  // expected-error@+1 {{'qnn.reduce_mean' op axis 4 is out of range for rank 4}}
  %0 = qnn.reduce_mean %x {axes = array<i64: 2, 4>, keepdims = true} : (tensor<1x4x8x8xf32>) -> tensor<1x4x1x1xf32>
  return %0 : tensor<1x4x1x1xf32>
}

// -----

func.func @reduce_mean_negative_axis(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x8x1xf32> {
  // expected-error@+1 {{'qnn.reduce_mean' op axis -1 is out of range for rank 4}}
  %0 = qnn.reduce_mean %x {axes = array<i64: -1>, keepdims = true} : (tensor<1x4x8x8xf32>) -> tensor<1x4x8x1xf32>
  return %0 : tensor<1x4x8x1xf32>
}

// -----

func.func @reduce_mean_unsorted_axes(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x1x1xf32> {
  // expected-error@+1 {{'qnn.reduce_mean' op 'axes' must be sorted and unique, got [3, 2]}}
  %0 = qnn.reduce_mean %x {axes = array<i64: 3, 2>, keepdims = true} : (tensor<1x4x8x8xf32>) -> tensor<1x4x1x1xf32>
  return %0 : tensor<1x4x1x1xf32>
}

// -----

func.func @reduce_mean_duplicate_axes(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x1x8xf32> {
  // expected-error@+1 {{'axes' must be sorted and unique, got [2, 2]}}
  %0 = qnn.reduce_mean %x {axes = array<i64: 2, 2>, keepdims = true} : (tensor<1x4x8x8xf32>) -> tensor<1x4x1x8xf32>
  return %0 : tensor<1x4x1x8xf32>
}

// -----

func.func @reduce_mean_keepdims_result(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x1x1xf32> {
  // expected-error@+1 {{'qnn.reduce_mean' op result shape 'tensor<1x4x1x1xf32>' does not match the inferred shape 1x4}}
  %0 = qnn.reduce_mean %x {axes = array<i64: 2, 3>, keepdims = false} : (tensor<1x4x8x8xf32>) -> tensor<1x4x1x1xf32>
  return %0 : tensor<1x4x1x1xf32>
}

// -----

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

func.func @concat_no_inputs() -> tensor<1xf32> {
  // expected-error@+1 {{'qnn.concat' op expected at least one input}}
  %0 = qnn.concat {axis = 0 : i64} : () -> tensor<1xf32>
  return %0 : tensor<1xf32>
}

// -----

func.func @concat_axis_too_large(%a: tensor<1x2x8x8xf32>, %b: tensor<1x3x8x8xf32>) -> tensor<1x5x8x8xf32> {
  // expected-error@+1 {{'qnn.concat' op axis 4 is out of range for rank 4}}
  %0 = qnn.concat %a, %b {axis = 4 : i64} : (tensor<1x2x8x8xf32>, tensor<1x3x8x8xf32>) -> tensor<1x5x8x8xf32>
  return %0 : tensor<1x5x8x8xf32>
}

// -----

func.func @concat_negative_axis(%a: tensor<1x2x8x8xf32>, %b: tensor<1x3x8x8xf32>) -> tensor<1x5x8x8xf32> {
  // expected-error@+1 {{'qnn.concat' op axis -3 is out of range for rank 4}}
  %0 = qnn.concat %a, %b {axis = -3 : i64} : (tensor<1x2x8x8xf32>, tensor<1x3x8x8xf32>) -> tensor<1x5x8x8xf32>
  return %0 : tensor<1x5x8x8xf32>
}

// -----

func.func @concat_rank_mismatch(%a: tensor<1x2x8x8xf32>, %b: tensor<1x3x8xf32>) -> tensor<1x5x8x8xf32> {
  // expected-error@+1 {{'qnn.concat' op all inputs must have rank 4, got [1, 3, 8]}}
  %0 = qnn.concat %a, %b {axis = 1 : i64} : (tensor<1x2x8x8xf32>, tensor<1x3x8xf32>) -> tensor<1x5x8x8xf32>
  return %0 : tensor<1x5x8x8xf32>
}

// -----

func.func @concat_shape_mismatch(%a: tensor<1x2x8x8xf32>, %b: tensor<1x3x4x8xf32>) -> tensor<1x5x8x8xf32> {
  // expected-error@+1 {{'qnn.concat' op input shapes [1, 2, 8, 8] and [1, 3, 4, 8] differ outside axis 1}}
  %0 = qnn.concat %a, %b {axis = 1 : i64} : (tensor<1x2x8x8xf32>, tensor<1x3x4x8xf32>) -> tensor<1x5x8x8xf32>
  return %0 : tensor<1x5x8x8xf32>
}

// -----

func.func @concat_result_shape(%a: tensor<1x2x8x8xf32>, %b: tensor<1x3x8x8xf32>) -> tensor<1x6x8x8xf32> {
  // expected-error@+1 {{'qnn.concat' op result shape 'tensor<1x6x8x8xf32>' does not match the inferred shape 1x5x8x8}}
  %0 = qnn.concat %a, %b {axis = 1 : i64} : (tensor<1x2x8x8xf32>, tensor<1x3x8x8xf32>) -> tensor<1x6x8x8xf32>
  return %0 : tensor<1x6x8x8xf32>
}

// -----

func.func @reshape_element_count(%x: tensor<1x4x2x2xf32>) -> tensor<1x15xf32> {
  // expected-error@+1 {{'qnn.reshape' op cannot reshape 'tensor<1x4x2x2xf32>' (16 elements) to 'tensor<1x15xf32>' (15 elements)}}
  %0 = qnn.reshape %x : (tensor<1x4x2x2xf32>) -> tensor<1x15xf32>
  return %0 : tensor<1x15xf32>
}

// -----

func.func @flatten_axis_too_large(%x: tensor<2x4x3x3xf32>) -> tensor<72x1xf32> {
  // expected-error@+1 {{'qnn.flatten' op axis 5 is out of range for rank 4}}
  %0 = qnn.flatten %x {axis = 5 : i64} : (tensor<2x4x3x3xf32>) -> tensor<72x1xf32>
  return %0 : tensor<72x1xf32>
}

// -----

func.func @flatten_negative_axis(%x: tensor<2x4x3x3xf32>) -> tensor<24x3xf32> {
  // expected-error@+1 {{'qnn.flatten' op axis -1 is out of range for rank 4}}
  %0 = qnn.flatten %x {axis = -1 : i64} : (tensor<2x4x3x3xf32>) -> tensor<24x3xf32>
  return %0 : tensor<24x3xf32>
}

// -----

func.func @flatten_result_shape(%x: tensor<2x4x3x3xf32>) -> tensor<2x36xf32> {
  // expected-error@+1 {{'qnn.flatten' op result shape 'tensor<2x36xf32>' does not match the inferred shape 8x9}}
  %0 = qnn.flatten %x {axis = 2 : i64} : (tensor<2x4x3x3xf32>) -> tensor<2x36xf32>
  return %0 : tensor<2x36xf32>
}

// -----

func.func @transpose_perm_length(%x: tensor<1x4x8x6xf32>) -> tensor<4x1x8x6xf32> {
  // expected-error@+1 {{'qnn.transpose' op permutation [1, 0] does not match rank 4}}
  %0 = qnn.transpose %x {perm = array<i64: 1, 0>} : (tensor<1x4x8x6xf32>) -> tensor<4x1x8x6xf32>
  return %0 : tensor<4x1x8x6xf32>
}

// -----

func.func @transpose_perm_out_of_range(%x: tensor<1x4x8x6xf32>) -> tensor<1x4x8x6xf32> {
  // expected-error@+1 {{'qnn.transpose' op 'perm' [0, 1, 2, 4] is not a permutation}}
  %0 = qnn.transpose %x {perm = array<i64: 0, 1, 2, 4>} : (tensor<1x4x8x6xf32>) -> tensor<1x4x8x6xf32>
  return %0 : tensor<1x4x8x6xf32>
}

// -----

func.func @transpose_perm_negative(%x: tensor<1x4x8x6xf32>) -> tensor<1x4x8x6xf32> {
  // expected-error@+1 {{'qnn.transpose' op 'perm' [0, -1, 2, 3] is not a permutation}}
  %0 = qnn.transpose %x {perm = array<i64: 0, -1, 2, 3>} : (tensor<1x4x8x6xf32>) -> tensor<1x4x8x6xf32>
  return %0 : tensor<1x4x8x6xf32>
}

// -----

func.func @transpose_perm_duplicate(%x: tensor<1x4x8x6xf32>) -> tensor<1x4x4x8xf32> {
  // expected-error@+1 {{'qnn.transpose' op 'perm' [0, 1, 1, 2] is not a permutation}}
  %0 = qnn.transpose %x {perm = array<i64: 0, 1, 1, 2>} : (tensor<1x4x8x6xf32>) -> tensor<1x4x4x8xf32>
  return %0 : tensor<1x4x4x8xf32>
}

// -----

func.func @transpose_result_shape(%x: tensor<1x4x8x6xf32>) -> tensor<1x6x8x4xf32> {
  // expected-error@+1 {{'qnn.transpose' op result shape 'tensor<1x6x8x4xf32>' does not match the inferred shape 1x8x6x4}}
  %0 = qnn.transpose %x {perm = array<i64: 0, 2, 3, 1>} : (tensor<1x4x8x6xf32>) -> tensor<1x6x8x4xf32>
  return %0 : tensor<1x6x8x4xf32>
}

// -----

func.func @pad_length(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x10x10xf32> {
  // expected-error@+1 {{'qnn.pad' op expected 8 values in 'pads', got 4}}
  %0 = qnn.pad %x {mode = #qnn.pad_mode<constant>, pads = array<i64: 0, 0, 1, 1>, value = 0.0 : f32}
       : (tensor<1x4x8x8xf32>) -> tensor<1x4x10x10xf32>
  return %0 : tensor<1x4x10x10xf32>
}

// -----

func.func @pad_length_reflect(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x10x10xf32> {
  // expected-error@+1 {{'qnn.pad' op expected 8 values in 'pads', got 4}}
  %0 = qnn.pad %x {mode = #qnn.pad_mode<reflect>, pads = array<i64: 0, 0, 1, 1>, value = 0.0 : f32}
       : (tensor<1x4x8x8xf32>) -> tensor<1x4x10x10xf32>
  return %0 : tensor<1x4x10x10xf32>
}

// -----

func.func @pad_negative(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32> {
  // expected-error@+1 {{'qnn.pad' op 'pads' must be non-negative, got [0, 0, -1, 0, 0, 0, 1, 0]}}
  %0 = qnn.pad %x {mode = #qnn.pad_mode<constant>, pads = array<i64: 0, 0, -1, 0, 0, 0, 1, 0>, value = 0.0 : f32}
       : (tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
  return %0 : tensor<1x4x8x8xf32>
}

// -----

func.func @pad_negative_edge(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x8x7xf32> {
  // expected-error@+1 {{'qnn.pad' op 'pads' must be non-negative, got [0, 0, 0, 0, 0, 0, 0, -1]}}
  %0 = qnn.pad %x {mode = #qnn.pad_mode<edge>, pads = array<i64: 0, 0, 0, 0, 0, 0, 0, -1>, value = 0.0 : f32}
       : (tensor<1x4x8x8xf32>) -> tensor<1x4x8x7xf32>
  return %0 : tensor<1x4x8x7xf32>
}

// -----

func.func @pad_reflect_too_large(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x16x8xf32> {
  // expected-error@+1 {{'qnn.pad' op pads of dimension 2 exceed what reflect mode can fill from an extent of 8}}
  %0 = qnn.pad %x {mode = #qnn.pad_mode<reflect>, pads = array<i64: 0, 0, 8, 0, 0, 0, 0, 0>, value = 0.0 : f32}
       : (tensor<1x4x8x8xf32>) -> tensor<1x4x16x8xf32>
  return %0 : tensor<1x4x16x8xf32>
}

// -----

func.func @pad_reflect_end_too_large(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x8x16xf32> {
  // expected-error@+1 {{'qnn.pad' op pads of dimension 3 exceed what reflect mode can fill from an extent of 8}}
  %0 = qnn.pad %x {mode = #qnn.pad_mode<reflect>, pads = array<i64: 0, 0, 0, 0, 0, 0, 0, 8>, value = 0.0 : f32}
       : (tensor<1x4x8x8xf32>) -> tensor<1x4x8x16xf32>
  return %0 : tensor<1x4x8x16xf32>
}

// -----

func.func @pad_reflect_unit_dim(%x: tensor<1x4x8x8xf32>) -> tensor<2x4x8x8xf32> {
  // expected-error@+1 {{'qnn.pad' op pads of dimension 0 exceed what reflect mode can fill from an extent of 1}}
  %0 = qnn.pad %x {mode = #qnn.pad_mode<reflect>, pads = array<i64: 1, 0, 0, 0, 0, 0, 0, 0>, value = 0.0 : f32}
       : (tensor<1x4x8x8xf32>) -> tensor<2x4x8x8xf32>
  return %0 : tensor<2x4x8x8xf32>
}

// -----

func.func @pad_edge_too_large(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x17x8xf32> {
  // expected-error@+1 {{'qnn.pad' op pads of dimension 2 exceed what edge mode can fill from an extent of 8}}
  %0 = qnn.pad %x {mode = #qnn.pad_mode<edge>, pads = array<i64: 0, 0, 9, 0, 0, 0, 0, 0>, value = 0.0 : f32}
       : (tensor<1x4x8x8xf32>) -> tensor<1x4x17x8xf32>
  return %0 : tensor<1x4x17x8xf32>
}

// -----

func.func @pad_edge_empty_dim(%x: tensor<1x0x8x8xf32>) -> tensor<1x1x8x8xf32> {
  // expected-error@+1 {{'qnn.pad' op pads of dimension 1 exceed what edge mode can fill from an extent of 0}}
  %0 = qnn.pad %x {mode = #qnn.pad_mode<edge>, pads = array<i64: 0, 1, 0, 0, 0, 0, 0, 0>, value = 0.0 : f32}
       : (tensor<1x0x8x8xf32>) -> tensor<1x1x8x8xf32>
  return %0 : tensor<1x1x8x8xf32>
}

// -----

func.func @pad_result_shape(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x9x9xf32> {
  // expected-error@+1 {{'qnn.pad' op result shape 'tensor<1x4x9x9xf32>' does not match the inferred shape 1x4x10x10}}
  %0 = qnn.pad %x {mode = #qnn.pad_mode<constant>, pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, value = 0.0 : f32}
       : (tensor<1x4x8x8xf32>) -> tensor<1x4x9x9xf32>
  return %0 : tensor<1x4x9x9xf32>
}

// -----

func.func @pad_unknown_mode(%x: tensor<4xf32>) -> tensor<6xf32> {
  // expected-error@+2 {{expected ::qmlir::qnn::PadMode to be one of: constant, reflect, edge}}
  // expected-error@+1 {{failed to parse QNN_PadModeAttr parameter 'value'}}
  %0 = qnn.pad %x {mode = #qnn.pad_mode<wrap>, pads = array<i64: 1, 1>, value = 0.0 : f32}
       : (tensor<4xf32>) -> tensor<6xf32>
  return %0 : tensor<6xf32>
}

// -----

func.func @slice_starts_length(%x: tensor<4x6xf32>) -> tensor<4x6xf32> {
  // expected-error@+1 {{'qnn.slice' op expected 2 values in 'starts', got 1}}
  %0 = qnn.slice %x {starts = array<i64: 0>, ends = array<i64: 4, 6>, steps = array<i64: 1, 1>}
       : (tensor<4x6xf32>) -> tensor<4x6xf32>
  return %0 : tensor<4x6xf32>
}

// -----

func.func @slice_ends_length(%x: tensor<4x6xf32>) -> tensor<4x6xf32> {
  // expected-error@+1 {{'qnn.slice' op expected 2 values in 'ends', got 3}}
  %0 = qnn.slice %x {starts = array<i64: 0, 0>, ends = array<i64: 4, 6, 1>, steps = array<i64: 1, 1>}
       : (tensor<4x6xf32>) -> tensor<4x6xf32>
  return %0 : tensor<4x6xf32>
}

// -----

func.func @slice_steps_length(%x: tensor<4x6xf32>) -> tensor<4x6xf32> {
  // expected-error@+1 {{'qnn.slice' op expected 2 values in 'steps', got 1}}
  %0 = qnn.slice %x {starts = array<i64: 0, 0>, ends = array<i64: 4, 6>, steps = array<i64: 1>}
       : (tensor<4x6xf32>) -> tensor<4x6xf32>
  return %0 : tensor<4x6xf32>
}

// -----

func.func @slice_zero_step(%x: tensor<4x6xf32>) -> tensor<4x6xf32> {
  // expected-error@+1 {{'qnn.slice' op 'steps' must be non-zero}}
  %0 = qnn.slice %x {starts = array<i64: 0, 0>, ends = array<i64: 4, 6>, steps = array<i64: 1, 0>}
       : (tensor<4x6xf32>) -> tensor<4x6xf32>
  return %0 : tensor<4x6xf32>
}

// -----

func.func @slice_negative_start(%x: tensor<4x6xf32>) -> tensor<4x6xf32> {
  // expected-error@+1 {{'qnn.slice' op slice [-1, 4) of dimension 0 (size 4) is not normalized}}
  %0 = qnn.slice %x {starts = array<i64: -1, 0>, ends = array<i64: 4, 6>, steps = array<i64: 1, 1>}
       : (tensor<4x6xf32>) -> tensor<4x6xf32>
  return %0 : tensor<4x6xf32>
}

// -----

func.func @slice_start_past_end(%x: tensor<4x6xf32>) -> tensor<4x0xf32> {
  // expected-error@+1 {{'qnn.slice' op slice [7, 6) of dimension 1 (size 6) is not normalized}}
  %0 = qnn.slice %x {starts = array<i64: 0, 7>, ends = array<i64: 4, 6>, steps = array<i64: 1, 1>}
       : (tensor<4x6xf32>) -> tensor<4x0xf32>
  return %0 : tensor<4x0xf32>
}

// -----

func.func @slice_end_below_minus_one(%x: tensor<4x6xf32>) -> tensor<4x6xf32> {
  // expected-error@+1 {{'qnn.slice' op slice [3, -2) of dimension 0 (size 4) is not normalized}}
  %0 = qnn.slice %x {starts = array<i64: 3, 0>, ends = array<i64: -2, 6>, steps = array<i64: -1, 1>}
       : (tensor<4x6xf32>) -> tensor<4x6xf32>
  return %0 : tensor<4x6xf32>
}

// -----

func.func @slice_end_past_extent(%x: tensor<4x6xf32>) -> tensor<4x7xf32> {
  // expected-error@+1 {{'qnn.slice' op slice [0, 7) of dimension 1 (size 6) is not normalized}}
  %0 = qnn.slice %x {starts = array<i64: 0, 0>, ends = array<i64: 4, 7>, steps = array<i64: 1, 1>}
       : (tensor<4x6xf32>) -> tensor<4x7xf32>
  return %0 : tensor<4x7xf32>
}

// -----

func.func @slice_negative_step_from_extent(%x: tensor<4x6xf32>) -> tensor<5x6xf32> {
  // expected-error@+1 {{'qnn.slice' op slice [4, -1) of dimension 0 (size 4) is not normalized}}
  %0 = qnn.slice %x {starts = array<i64: 4, 0>, ends = array<i64: -1, 6>, steps = array<i64: -1, 1>}
       : (tensor<4x6xf32>) -> tensor<5x6xf32>
  return %0 : tensor<5x6xf32>
}

// -----

func.func @slice_result_shape(%x: tensor<4x6xf32>) -> tensor<2x1xf32> {
  // expected-error@+1 {{'qnn.slice' op result shape 'tensor<2x1xf32>' does not match the inferred shape 2x2}}
  %0 = qnn.slice %x {starts = array<i64: 3, 0>, ends = array<i64: -1, 6>, steps = array<i64: -2, 4>}
       : (tensor<4x6xf32>) -> tensor<2x1xf32>
  return %0 : tensor<2x1xf32>
}

// -----

func.func @resize_result_rank(%x: tensor<1x4x8x8xf32>) -> tensor<4x16x16xf32> {
  // expected-error@+1 {{'qnn.resize' op result rank 3 must equal the input rank 4}}
  %0 = qnn.resize %x {coordinate_transform = #qnn.coordinate_transform<asymmetric>, mode = #qnn.resize_mode<nearest>, nearest_mode = #qnn.nearest_mode<floor>, scales = array<f32: 1.0, 2.0, 2.0>}
       : (tensor<1x4x8x8xf32>) -> tensor<4x16x16xf32>
  return %0 : tensor<4x16x16xf32>
}

// -----

func.func @resize_scales_length(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x16x16xf32> {
  // expected-error@+1 {{'qnn.resize' op expected one scale per dimension (4), got 2}}
  %0 = qnn.resize %x {coordinate_transform = #qnn.coordinate_transform<asymmetric>, mode = #qnn.resize_mode<nearest>, nearest_mode = #qnn.nearest_mode<floor>, scales = array<f32: 2.0, 2.0>}
       : (tensor<1x4x8x8xf32>) -> tensor<1x4x16x16xf32>
  return %0 : tensor<1x4x16x16xf32>
}

// -----

func.func @resize_zero_scale(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x16x16xf32> {
  // expected-error@+1 {{'qnn.resize' op scales must be positive, got 0.000000e+00}}
  %0 = qnn.resize %x {coordinate_transform = #qnn.coordinate_transform<asymmetric>, mode = #qnn.resize_mode<nearest>, nearest_mode = #qnn.nearest_mode<floor>, scales = array<f32: 1.0, 1.0, 0.0, 2.0>}
       : (tensor<1x4x8x8xf32>) -> tensor<1x4x16x16xf32>
  return %0 : tensor<1x4x16x16xf32>
}

// -----

func.func @resize_negative_scale(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x16x16xf32> {
  // expected-error@+1 {{'qnn.resize' op scales must be positive, got -2.000000e+00}}
  %0 = qnn.resize %x {coordinate_transform = #qnn.coordinate_transform<asymmetric>, mode = #qnn.resize_mode<nearest>, nearest_mode = #qnn.nearest_mode<floor>, scales = array<f32: 1.0, 1.0, 2.0, -2.0>}
       : (tensor<1x4x8x8xf32>) -> tensor<1x4x16x16xf32>
  return %0 : tensor<1x4x16x16xf32>
}

// -----

func.func @resize_empty_result(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x0x16xf32> {
  // expected-error@+1 {{'qnn.resize' op result dimensions must be positive}}
  %0 = qnn.resize %x {coordinate_transform = #qnn.coordinate_transform<asymmetric>, mode = #qnn.resize_mode<nearest>, nearest_mode = #qnn.nearest_mode<floor>, scales = array<f32: 1.0, 1.0, 2.0, 2.0>}
       : (tensor<1x4x8x8xf32>) -> tensor<1x4x0x16xf32>
  return %0 : tensor<1x4x0x16xf32>
}

// -----

//===----------------------------------------------------------------------===//
// Calibration
//===----------------------------------------------------------------------===//

!act = !quant.uniform<u8:f32, 0.05:128>
func.func @observe_quant(%x: tensor<4x!act>) -> tensor<4x!act> {
  // expected-error@+1 {{'qnn.observe' op operand #0 must be statically shaped tensor of 32-bit float values, but got 'tensor<4x!quant.uniform<u8:f32, 5.000000e-02:128>>'}}
  %0 = qnn.observe %x {id = 0 : i64, observer = #qnn.observer<minmax>} : tensor<4x!act>
  return %0 : tensor<4x!act>
}

// -----

// Shapes are static: the arena is planned at compile time.
func.func @dynamic_shape(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  // expected-error@+1 {{'qnn.relu' op operand #0 must be statically shaped tensor}}
  %0 = qnn.relu %x : tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

func.func @per_axis_scale_count(%x: tensor<1x3x4x4x!quant.uniform<u8:f32, 0.05:128>>,
                                %w: tensor<4x3x1x1x!quant.uniform<i8<-127:127>:f32:0, {0.1, 0.2, 0.3}>>)
    -> tensor<1x4x4x4x!quant.uniform<u8:f32, 0.1:128>> {
  // expected-error@+1 {{'qnn.conv2d' op per-axis quantization has 3 scales for axis 0 of extent 4}}
  %0 = qnn.conv2d %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
       : (tensor<1x3x4x4x!quant.uniform<u8:f32, 0.05:128>>, tensor<4x3x1x1x!quant.uniform<i8<-127:127>:f32:0, {0.1, 0.2, 0.3}>>)
       -> tensor<1x4x4x4x!quant.uniform<u8:f32, 0.1:128>>
  return %0 : tensor<1x4x4x4x!quant.uniform<u8:f32, 0.1:128>>
}

// -----

func.func @clamp_nan(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error@+1 {{'qnn.clamp' op bounds must not be NaN}}
  %0 = qnn.clamp %x {min = 0x7FC00000 : f32, max = 6.0 : f32} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

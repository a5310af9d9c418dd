// RUN: quant-opt %s --split-input-file --verify-diagnostics

func.func @conv_shape(%x: memref<1x8x8x3xf32>, %w: memref<4x3x3x3xf32>, %y: memref<1x8x8x4xf32>) {
  // expected-error @+1 {{expected NHWC output shape [1, 6, 6, 4], got [1, 8, 8, 4]}}
  qrt.conv2d ins(%x, %w : memref<1x8x8x3xf32>, memref<4x3x3x3xf32>) outs(%y : memref<1x8x8x4xf32>) {backend = #qrt.backend<ref>, dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
  return
}

// -----

func.func @conv_channels(%x: memref<1x8x8x3xf32>, %w: memref<4x3x3x2xf32>, %y: memref<1x8x8x4xf32>) {
  // expected-error @+1 {{input channels (3) must equal weight input channels (2) times groups (1)}}
  qrt.conv2d ins(%x, %w : memref<1x8x8x3xf32>, memref<4x3x3x2xf32>) outs(%y : memref<1x8x8x4xf32>) {backend = #qrt.backend<ref>, dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>}
  return
}

// -----

func.func @conv_mixed(%x: memref<1x8x8x3xui8>, %w: memref<4x3x3x3xf32>, %y: memref<1x8x8x4xui8>) {
  // expected-error @+1 {{an int8 input needs an si8 filter, an si32 bias and a ui8/si8 output}}
  qrt.conv2d ins(%x, %w : memref<1x8x8x3xui8>, memref<4x3x3x3xf32>) outs(%y : memref<1x8x8x4xui8>) {backend = #qrt.backend<ref>, dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>}
  return
}

// -----

func.func @conv_missing_quant(%x: memref<1x8x8x3xui8>, %w: memref<4x3x3x3xsi8>, %y: memref<1x8x8x4xui8>) {
  // expected-error @+1 {{'input' is 'ui8' and needs a 'input_quant' descriptor}}
  qrt.conv2d ins(%x, %w : memref<1x8x8x3xui8>, memref<4x3x3x3xsi8>) outs(%y : memref<1x8x8x4xui8>) {backend = #qrt.backend<ref>, dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>, filter_quant = #qrt.quant<scale = 0.1, zero_point = 0>, output_quant = #qrt.quant<scale = 0.1, zero_point = 0>}
  return
}

// -----

func.func @conv_filter_scales(%x: memref<1x8x8x3xui8>, %w: memref<4x3x3x3xsi8>, %y: memref<1x8x8x4xui8>) {
  // expected-error @+1 {{'filter_quant' has 2 scales for 4 channels}}
  qrt.conv2d ins(%x, %w : memref<1x8x8x3xui8>, memref<4x3x3x3xsi8>) outs(%y : memref<1x8x8x4xui8>) {backend = #qrt.backend<ref>, dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>, input_quant = #qrt.quant<scale = 0.1, zero_point = 0>, filter_quant = #qrt.quant<scales = [0.1, 0.2], axis = 0>, output_quant = #qrt.quant<scale = 0.1, zero_point = 0>}
  return
}

// -----

func.func @fc_f32_quant(%x: memref<2x4xf32>, %w: memref<3x4xf32>, %y: memref<2x3xf32>) {
  // expected-error @+1 {{'input' is 'f32' and takes no 'input_quant' descriptor}}
  qrt.fully_connected ins(%x, %w : memref<2x4xf32>, memref<3x4xf32>) outs(%y : memref<2x3xf32>) {backend = #qrt.backend<ref>, input_quant = #qrt.quant<scale = 0.1, zero_point = 0>}
  return
}

// -----

func.func @fc_bias(%x: memref<2x4xf32>, %w: memref<3x4xf32>, %b: memref<4xf32>, %y: memref<2x3xf32>) {
  // expected-error @+1 {{expected bias shape [3], got [4]}}
  qrt.fully_connected ins(%x, %w, %b : memref<2x4xf32>, memref<3x4xf32>, memref<4xf32>) outs(%y : memref<2x3xf32>) {backend = #qrt.backend<ref>}
  return
}

// -----

func.func @binary_dtypes(%a: memref<4xf32>, %b: memref<4xui8>, %y: memref<4xf32>) {
  // expected-error @+1 {{buffers must share one element type, got 'f32' and 'ui8'}}
  qrt.binary add ins(%a, %b : memref<4xf32>, memref<4xui8>) outs(%y : memref<4xf32>) {backend = #qrt.backend<ref>}
  return
}

// -----

func.func @max_pool_quant(%x: memref<1x8x8x4xui8>, %y: memref<1x4x4x4xui8>) {
  // expected-error @+1 {{max pooling keeps the input's quantization}}
  qrt.pool2d max ins(%x : memref<1x8x8x4xui8>) outs(%y : memref<1x4x4x4xui8>) {backend = #qrt.backend<ref>, kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, input_quant = #qrt.quant<scale = 0.1, zero_point = 7>, output_quant = #qrt.quant<scale = 0.2, zero_point = 7>}
  return
}

// -----

func.func @global_pool_shape(%x: memref<1x8x8x4xf32>, %y: memref<1x4x1x1xf32>) {
  // expected-error @+1 {{expected NHWC output shape [1, 1, 1, 4], got [1, 4, 1, 1]}}
  qrt.pool2d global_avg ins(%x : memref<1x8x8x4xf32>) outs(%y : memref<1x4x1x1xf32>) {backend = #qrt.backend<ref>}
  return
}

// -----

func.func @pool_missing_kernel(%x: memref<1x8x8x4xf32>, %y: memref<1x4x4x4xf32>) {
  // expected-error @+1 {{max and avg pooling need kernel, strides and pads}}
  qrt.pool2d avg ins(%x : memref<1x8x8x4xf32>) outs(%y : memref<1x4x4x4xf32>) {backend = #qrt.backend<ref>}
  return
}

// -----

func.func @concat_quants(%a: memref<1x2xui8>, %b: memref<1x3xui8>, %y: memref<1x5xui8>) {
  // expected-error @+1 {{needs one 'input_quants' descriptor per input}}
  qrt.concat ins(%a, %b : memref<1x2xui8>, memref<1x3xui8>) outs(%y : memref<1x5xui8>) {axis = 1 : i64, backend = #qrt.backend<ref>, input_quants = [#qrt.quant<scale = 0.1, zero_point = 0>], output_quant = #qrt.quant<scale = 0.1, zero_point = 0>}
  return
}

// -----

func.func @resize_channels(%x: memref<1x4x4x3xf32>, %y: memref<1x8x8x4xf32>) {
  // expected-error @+1 {{resize changes only H and W of NHWC}}
  qrt.resize nearest asymmetric ins(%x : memref<1x4x4x3xf32>) outs(%y : memref<1x8x8x4xf32>) {backend = #qrt.backend<ref>}
  return
}

// -----

func.func @convert_kind(%x: memref<4xf32>, %y: memref<4xf32>) {
  // expected-error @+1 {{'dequantize' does not convert 'f32' to 'f32'}}
  qrt.convert dequantize ins(%x : memref<4xf32>) outs(%y : memref<4xf32>) {backend = #qrt.backend<ref>}
  return
}

// -----

func.func @zero_point_range(%x: memref<4xf32>, %y: memref<4xsi8>) {
  // expected-error @+1 {{'output_quant' zero point 200 is outside the range of 'si8'}}
  qrt.convert quantize ins(%x : memref<4xf32>) outs(%y : memref<4xsi8>) {backend = #qrt.backend<ref>, output_quant = #qrt.quant<scale = 0.1, zero_point = 200>}
  return
}

// -----

func.func @transpose_perm(%x: memref<1x3x8x8xf32>, %y: memref<1x8x3x8xf32>) {
  // expected-error @+1 {{expected output shape [1, 8, 8, 3], got [1, 8, 3, 8]}}
  qrt.layout transpose ins(%x : memref<1x3x8x8xf32>) outs(%y : memref<1x8x3x8xf32>) {backend = #qrt.backend<ref>, perm = array<i64: 0, 2, 3, 1>}
  return
}

// -----

func.func @reshape_count(%x: memref<2x3xf32>, %y: memref<7xf32>) {
  // expected-error @+1 {{reshape must keep the element count, got [2, 3] -> [7]}}
  qrt.layout reshape ins(%x : memref<2x3xf32>) outs(%y : memref<7xf32>) {backend = #qrt.backend<ref>}
  return
}

// -----

func.func @strided_buffer(%x: memref<4xf32, strided<[2]>>, %y: memref<4xf32>) {
  // expected-error @+1 {{buffers must have the identity layout}}
  qrt.unary sigmoid ins(%x : memref<4xf32, strided<[2]>>) outs(%y : memref<4xf32>) {backend = #qrt.backend<ref>}
  return
}

// -----

// expected-error @+1 {{scale must be positive and finite}}
func.func @bad_scale() attributes {q = #qrt.quant<scale = -1.0, zero_point = 0>} {
  return
}

// -----

// expected-error @+1 {{clamp bounds are reversed}}
func.func @bad_clamp() attributes {a = #qrt.activation<clamp, min = 2.0, max = 1.0>} {
  return
}

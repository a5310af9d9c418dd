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

// -----

func.func @observe_int8(%x: memref<1x4xui8>) {
  // expected-error @+1 {{operand #0 must be statically shaped memref of 32-bit float values}}
  qrt.observe ins(%x : memref<1x4xui8>) {id = 0 : i64, kind = #qrt.observer<minmax>}
  return
}

// -----

func.func @observe_dynamic(%x: memref<?x4xf32>) {
  // expected-error @+1 {{operand #0 must be statically shaped memref of 32-bit float values}}
  qrt.observe ins(%x : memref<?x4xf32>) {id = 0 : i64, kind = #qrt.observer<minmax>}
  return
}

// -----

func.func @observe_strided(%x: memref<4xf32, strided<[2]>>) {
  // expected-error @+1 {{buffers must have the identity layout}}
  qrt.observe ins(%x : memref<4xf32, strided<[2]>>) {id = 0 : i64, kind = #qrt.observer<minmax>}
  return
}

// -----

func.func @observe_missing_axis(%x: memref<1x4x4x8xf32>) {
  // expected-error @+1 {{a per_channel_minmax observer needs an 'axis'}}
  qrt.observe ins(%x : memref<1x4x4x8xf32>) {id = 0 : i64, kind = #qrt.observer<per_channel_minmax>}
  return
}

// -----

func.func @observe_axis_not_per_channel(%x: memref<1x4x4x8xf32>) {
  // expected-error @+1 {{only a per_channel_minmax observer takes an 'axis'}}
  qrt.observe ins(%x : memref<1x4x4x8xf32>) {id = 0 : i64, kind = #qrt.observer<histogram>, axis = 3 : i64}
  return
}

// -----

func.func @observe_axis_range(%x: memref<1x4x4x8xf32>) {
  // expected-error @+1 {{axis 4 is out of range for rank 4}}
  qrt.observe ins(%x : memref<1x4x4x8xf32>) {id = 0 : i64, kind = #qrt.observer<per_channel_minmax>, axis = 4 : i64}
  return
}

// -----

func.func @observe_axis_negative(%x: memref<1x4x4x8xf32>) {
  // expected-error @+1 {{axis -1 is out of range for rank 4}}
  qrt.observe ins(%x : memref<1x4x4x8xf32>) {id = 0 : i64, kind = #qrt.observer<per_channel_minmax>, axis = -1 : i64}
  return
}


// -----

func.func @unary_missing_alpha(%x: memref<4xf32>, %y: memref<4xf32>) {
  // expected-error @+1 {{'leaky_relu' needs 'alpha'}}
  qrt.unary leaky_relu ins(%x : memref<4xf32>) outs(%y : memref<4xf32>) {backend = #qrt.backend<ref>}
  return
}

// -----

func.func @unary_missing_beta(%x: memref<4xf32>, %y: memref<4xf32>) {
  // expected-error @+1 {{'hard_sigmoid' needs 'beta'}}
  qrt.unary hard_sigmoid ins(%x : memref<4xf32>) outs(%y : memref<4xf32>) {backend = #qrt.backend<ref>, alpha = 0.2 : f32}
  return
}

// -----

func.func @unary_extra_param(%x: memref<4xf32>, %y: memref<4xf32>) {
  // expected-error @+1 {{'tanh' takes no 'alpha'}}
  qrt.unary tanh ins(%x : memref<4xf32>) outs(%y : memref<4xf32>) {backend = #qrt.backend<ref>, alpha = 0.2 : f32}
  return
}

// -----

func.func @unary_clamp_bounds(%x: memref<4xf32>, %y: memref<4xf32>) {
  // expected-error @+1 {{'clamp' needs 'max'}}
  qrt.unary clamp ins(%x : memref<4xf32>) outs(%y : memref<4xf32>) {backend = #qrt.backend<ref>, min = 0.0 : f32}
  return
}

// -----

func.func @unary_clamp_reversed(%x: memref<4xf32>, %y: memref<4xf32>) {
  // expected-error @+1 {{clamp needs min <= max (and no NaN), got 2.000000e+00 and 1.000000e+00}}
  qrt.unary clamp ins(%x : memref<4xf32>) outs(%y : memref<4xf32>) {backend = #qrt.backend<ref>, min = 2.0 : f32, max = 1.0 : f32}
  return
}

// -----

func.func @unary_clamp_nan(%x: memref<4xf32>, %y: memref<4xf32>) {
  // expected-error @+1 {{clamp needs min <= max (and no NaN)}}
  qrt.unary clamp ins(%x : memref<4xf32>) outs(%y : memref<4xf32>) {backend = #qrt.backend<ref>, min = 0x7FC00000 : f32, max = 1.0 : f32}
  return
}

// -----

func.func @unary_alpha_inf(%x: memref<4xf32>, %y: memref<4xf32>) {
  // expected-error @+1 {{'alpha' and 'beta' must be finite}}
  qrt.unary leaky_relu ins(%x : memref<4xf32>) outs(%y : memref<4xf32>) {backend = #qrt.backend<ref>, alpha = 0x7F800000 : f32}
  return
}

// -----

func.func @binary_sub_quant(%a: memref<4xsi8>, %y: memref<4xsi8>) {
  // expected-error @+1 {{'rhs' is 'si8' and needs a 'rhs_quant' descriptor}}
  qrt.binary sub ins(%a, %a : memref<4xsi8>, memref<4xsi8>) outs(%y : memref<4xsi8>) {backend = #qrt.backend<ref>, lhs_quant = #qrt.quant<scale = 0.1, zero_point = 0>, output_quant = #qrt.quant<scale = 0.1, zero_point = 0>}
  return
}

// -----

func.func @binary_div_shape(%a: memref<4x3xf32>, %b: memref<2xf32>, %y: memref<4x3xf32>) {
  // expected-error @+1 {{shapes [4, 3] and [2] do not broadcast}}
  qrt.binary div ins(%a, %b : memref<4x3xf32>, memref<2xf32>) outs(%y : memref<4x3xf32>) {backend = #qrt.backend<ref>}
  return
}

// -----

func.func @pad_shape(%x: memref<1x4x4x3xf32>, %y: memref<1x6x6x3xf32>) {
  // expected-error @+1 {{expected output shape [1, 6, 5, 3], got [1, 6, 6, 3]}}
  qrt.pad constant ins(%x : memref<1x4x4x3xf32>) outs(%y : memref<1x6x6x3xf32>) {backend = #qrt.backend<ref>, pads = array<i64: 0, 1, 0, 0, 0, 1, 1, 0>, value = 0.0 : f32}
  return
}

// -----

func.func @pad_length(%x: memref<2x3xf32>, %y: memref<4x3xf32>) {
  // expected-error @+1 {{expected 4 values in 'pads', got 2}}
  qrt.pad constant ins(%x : memref<2x3xf32>) outs(%y : memref<4x3xf32>) {backend = #qrt.backend<ref>, pads = array<i64: 1, 1>, value = 0.0 : f32}
  return
}

// -----

func.func @pad_negative(%x: memref<4xf32>, %y: memref<3xf32>) {
  // expected-error @+1 {{'pads' must be non-negative}}
  qrt.pad constant ins(%x : memref<4xf32>) outs(%y : memref<3xf32>) {backend = #qrt.backend<ref>, pads = array<i64: -1, 0>, value = 0.0 : f32}
  return
}

// -----

func.func @pad_value_missing(%x: memref<4xf32>, %y: memref<6xf32>) {
  // expected-error @+1 {{constant padding needs a 'value'}}
  qrt.pad constant ins(%x : memref<4xf32>) outs(%y : memref<6xf32>) {backend = #qrt.backend<ref>, pads = array<i64: 1, 1>}
  return
}

// -----

func.func @pad_value_reflect(%x: memref<4xf32>, %y: memref<6xf32>) {
  // expected-error @+1 {{only constant padding takes a 'value'}}
  qrt.pad reflect ins(%x : memref<4xf32>) outs(%y : memref<6xf32>) {backend = #qrt.backend<ref>, pads = array<i64: 1, 1>, value = 0.0 : f32}
  return
}

// -----

func.func @pad_reflect_limit(%x: memref<4xf32>, %y: memref<8xf32>) {
  // expected-error @+1 {{pads [4, 0] of dimension 0 exceed what reflect padding can fill from an extent of 4}}
  qrt.pad reflect ins(%x : memref<4xf32>) outs(%y : memref<8xf32>) {backend = #qrt.backend<ref>, pads = array<i64: 4, 0>}
  return
}

// -----

func.func @pad_edge_empty(%x: memref<0xf32>, %y: memref<1xf32>) {
  // expected-error @+1 {{pads [1, 0] of dimension 0 exceed what edge padding can fill from an extent of 0}}
  qrt.pad edge ins(%x : memref<0xf32>) outs(%y : memref<1xf32>) {backend = #qrt.backend<ref>, pads = array<i64: 1, 0>}
  return
}

// -----

func.func @pad_quant(%x: memref<4xui8>, %y: memref<6xui8>) {
  // expected-error @+1 {{copies keep the input's quantization: 'output_quant' must equal 'input_quant'}}
  qrt.pad constant ins(%x : memref<4xui8>) outs(%y : memref<6xui8>) {backend = #qrt.backend<ref>, pads = array<i64: 1, 1>, value = 0.0 : f32, input_quant = #qrt.quant<scale = 0.1, zero_point = 3>, output_quant = #qrt.quant<scale = 0.2, zero_point = 3>}
  return
}

// -----

func.func @pad_nan_int8(%x: memref<4xui8>, %y: memref<6xui8>) {
  // expected-error @+1 {{a NaN pad value has no quantized form}}
  qrt.pad constant ins(%x : memref<4xui8>) outs(%y : memref<6xui8>) {backend = #qrt.backend<ref>, pads = array<i64: 1, 1>, value = 0x7FC00000 : f32, input_quant = #qrt.quant<scale = 0.1, zero_point = 3>, output_quant = #qrt.quant<scale = 0.1, zero_point = 3>}
  return
}

// -----

func.func @pad_dtype(%x: memref<4xui8>, %y: memref<6xf32>) {
  // expected-error @+1 {{buffers must share one element type, got 'ui8' and 'f32'}}
  qrt.pad constant ins(%x : memref<4xui8>) outs(%y : memref<6xf32>) {backend = #qrt.backend<ref>, pads = array<i64: 1, 1>, value = 0.0 : f32, input_quant = #qrt.quant<scale = 0.1, zero_point = 3>}
  return
}

// -----

func.func @pad_rank(%x: memref<1x1x1x1x1x1x1x1x1xf32>, %y: memref<1x1x1x1x1x1x1x1x1xf32>) {
  // expected-error @+1 {{the runtime takes buffers of rank 8 at most, got 9}}
  qrt.pad constant ins(%x : memref<1x1x1x1x1x1x1x1x1xf32>) outs(%y : memref<1x1x1x1x1x1x1x1x1xf32>) {backend = #qrt.backend<ref>, pads = array<i64: 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0>, value = 0.0 : f32}
  return
}

// -----

func.func @slice_shape(%x: memref<8xf32>, %y: memref<3xf32>) {
  // expected-error @+1 {{expected output shape [4], got [3]}}
  qrt.slice ins(%x : memref<8xf32>) outs(%y : memref<3xf32>) {backend = #qrt.backend<ref>, starts = array<i64: 0>, ends = array<i64: 8>, steps = array<i64: 2>}
  return
}

// -----

func.func @slice_step(%x: memref<8xf32>, %y: memref<3xf32>) {
  // expected-error @+1 {{'steps' must be non-zero}}
  qrt.slice ins(%x : memref<8xf32>) outs(%y : memref<3xf32>) {backend = #qrt.backend<ref>, starts = array<i64: 0>, ends = array<i64: 8>, steps = array<i64: 0>}
  return
}

// -----

func.func @slice_normalized(%x: memref<8xf32>, %y: memref<3xf32>) {
  // expected-error @+1 {{slice [-1, 8) of dimension 0 (size 8) is not normalized}}
  qrt.slice ins(%x : memref<8xf32>) outs(%y : memref<3xf32>) {backend = #qrt.backend<ref>, starts = array<i64: -1>, ends = array<i64: 8>, steps = array<i64: 1>}
  return
}

// -----

func.func @slice_length(%x: memref<8x2xf32>, %y: memref<8x2xf32>) {
  // expected-error @+1 {{expected 2 values in 'starts', got 1}}
  qrt.slice ins(%x : memref<8x2xf32>) outs(%y : memref<8x2xf32>) {backend = #qrt.backend<ref>, starts = array<i64: 0>, ends = array<i64: 8, 2>, steps = array<i64: 1, 1>}
  return
}

// -----

func.func @slice_quant(%x: memref<8xsi8>, %y: memref<8xsi8>) {
  // expected-error @+1 {{copies keep the input's quantization}}
  qrt.slice ins(%x : memref<8xsi8>) outs(%y : memref<8xsi8>) {backend = #qrt.backend<ref>, starts = array<i64: 0>, ends = array<i64: 8>, steps = array<i64: 1>, input_quant = #qrt.quant<scale = 0.1, zero_point = 0>, output_quant = #qrt.quant<scale = 0.1, zero_point = 1>}
  return
}

// -----

func.func @reduce_shape(%x: memref<1x4x4x3xf32>, %y: memref<1x3xf32>) {
  // expected-error @+1 {{expected output shape [1, 1, 1, 3], got [1, 3]}}
  qrt.reduce mean ins(%x : memref<1x4x4x3xf32>) outs(%y : memref<1x3xf32>) {backend = #qrt.backend<ref>, axes = array<i64: 1, 2>, keepdims}
  return
}

// -----

func.func @reduce_axes_order(%x: memref<1x4x4x3xf32>, %y: memref<1x3xf32>) {
  // expected-error @+1 {{'axes' must be sorted and unique, got [2, 1]}}
  qrt.reduce mean ins(%x : memref<1x4x4x3xf32>) outs(%y : memref<1x3xf32>) {backend = #qrt.backend<ref>, axes = array<i64: 2, 1>}
  return
}

// -----

func.func @reduce_axis_range(%x: memref<1x4xf32>, %y: memref<1xf32>) {
  // expected-error @+1 {{axis 2 is out of range for rank 2}}
  qrt.reduce mean ins(%x : memref<1x4xf32>) outs(%y : memref<1xf32>) {backend = #qrt.backend<ref>, axes = array<i64: 2>}
  return
}

// -----

func.func @reduce_per_channel(%x: memref<2x4xui8>, %y: memref<2xui8>) {
  // expected-error @+1 {{'input_quant' must be per-tensor for this op}}
  qrt.reduce mean ins(%x : memref<2x4xui8>) outs(%y : memref<2xui8>) {backend = #qrt.backend<ref>, axes = array<i64: 1>, input_quant = #qrt.quant<scales = [0.1, 0.2], axis = 0>, output_quant = #qrt.quant<scale = 0.1, zero_point = 0>}
  return
}

// -----

func.func @conv_int8_swish_residual(%x: memref<1x8x8x3xui8>, %w: memref<4x3x3x3xsi8>, %r: memref<1x6x6x4xui8>, %y: memref<1x6x6x4xui8>) {
  // expected-error @+1 {{the swish activation of an int8 kernel takes no residual}}
  qrt.conv2d ins(%x, %w : memref<1x8x8x3xui8>, memref<4x3x3x3xsi8>) residual(%r : memref<1x6x6x4xui8>) outs(%y : memref<1x6x6x4xui8>) {activation = #qrt.activation<swish>, backend = #qrt.backend<ref>, dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, input_quant = #qrt.quant<scale = 0.5, zero_point = 128>, filter_quant = #qrt.quant<scale = 0.01, zero_point = 0>, output_quant = #qrt.quant<scale = 0.1, zero_point = 0>, residual_quant = #qrt.quant<scale = 0.25, zero_point = 3>}
  return
}

// -----

func.func @binary_swish(%a: memref<4x8xf32>, %y: memref<4x8xf32>) {
  // expected-error @+1 {{the swish activation exists only on conv2d and fully_connected}}
  qrt.binary add ins(%a, %a : memref<4x8xf32>, memref<4x8xf32>) outs(%y : memref<4x8xf32>) {activation = #qrt.activation<swish>, backend = #qrt.backend<ref>}
  return
}

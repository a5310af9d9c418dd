// RUN: quant-opt %s --split-input-file --convert-qnn-to-qrt=backend=ref --verify-diagnostics

func.func @batch_norm(%x: tensor<1x2x2x2xf32>, %s: tensor<2xf32>) -> tensor<1x2x2x2xf32> {
  // expected-error@unknown {{node 'bn0' (qnn.batch_norm) has no runtime kernel: no qrt kernel family implements it}}
  %y = qnn.batch_norm %x, %s, %s, %s, %s {epsilon = 1.0e-5 : f32} : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32> loc("bn0")
  return %y : tensor<1x2x2x2xf32>
}

// -----

func.func @leaky(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %w = arith.constant dense<1.0> : tensor<1x1x1x1xf32>
  // expected-error@unknown {{node 'conv' (qnn.conv2d) has no runtime kernel: the runtime has no fused leaky_relu}}
  %y = qnn.conv2d %x, %w {activation = #qnn.activation<leaky_relu, alpha = 0.1>, dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32> loc("conv")
  return %y : tensor<1x1x2x2xf32>
}

// -----

// No int8 swish epilogue with a residual (qnn-fuse does not build one).
func.func @int8_conv_residual_swish(%x: tensor<1x1x2x2x!quant.uniform<u8:f32, 0.05:128>>, %r: tensor<1x1x2x2x!quant.uniform<u8:f32, 0.1>>) -> tensor<1x1x2x2x!quant.uniform<u8:f32, 0.1>> {
  %w = arith.constant dense<1> : tensor<1x1x1x1xi8>
  %wq = quant.scast %w : tensor<1x1x1x1xi8> to tensor<1x1x1x1x!quant.uniform<i8<-127:127>:f32:0, {0.01}>>
  // expected-error@unknown {{node 'conv' (qnn.conv2d) has no runtime kernel: int8 conv2d / fully_connected have no swish activation with a residual}}
  %y = qnn.conv2d %x, %wq residual %r {activation = #qnn.activation<swish>, dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x2x2x!quant.uniform<u8:f32, 0.05:128>>, tensor<1x1x1x1x!quant.uniform<i8<-127:127>:f32:0, {0.01}>>, tensor<1x1x2x2x!quant.uniform<u8:f32, 0.1>>) -> tensor<1x1x2x2x!quant.uniform<u8:f32, 0.1>> loc("conv")
  return %y : tensor<1x1x2x2x!quant.uniform<u8:f32, 0.1>>
}

// -----

func.func @add_swish(%a: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  // expected-error@unknown {{node 'add' (qnn.add) has no runtime kernel: the swish activation fuses only into conv2d / fully_connected}}
  %y = qnn.add %a, %a {activation = #qnn.activation<swish>} : tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32> -> tensor<1x2x2x2xf32> loc("add")
  return %y : tensor<1x2x2x2xf32>
}

// -----

func.func @ceil_mode(%x: tensor<1x1x5x5xf32>) -> tensor<1x1x3x3xf32> {
  // expected-error@unknown {{node 'pool' (qnn.max_pool) has no runtime kernel: ceil_mode changes the output shape}}
  %y = qnn.max_pool %x {ceil_mode = true, dilations = array<i64: 1, 1>, kernel = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x1x5x5xf32>) -> tensor<1x1x3x3xf32> loc("pool")
  return %y : tensor<1x1x3x3xf32>
}

// -----

func.func @u8_weights(%x: tensor<2x3x!quant.uniform<u8:f32, 0.5:128>>) -> tensor<2x4x!quant.uniform<u8:f32, 1.0:5>> {
  %w = arith.constant dense<3> : tensor<4x3xi8>
  %wq = quant.scast %w : tensor<4x3xi8> to tensor<4x3x!quant.uniform<u8:f32, 0.1:120>>
  // expected-error@unknown {{node 'fc' (qnn.fully_connected) has no runtime kernel: weights must be s8}}
  %y = qnn.fully_connected %x, %wq : (tensor<2x3x!quant.uniform<u8:f32, 0.5:128>>, tensor<4x3x!quant.uniform<u8:f32, 0.1:120>>) -> tensor<2x4x!quant.uniform<u8:f32, 1.0:5>> loc("fc")
  return %y : tensor<2x4x!quant.uniform<u8:f32, 1.0:5>>
}

// -----

func.func @softmax_axis(%x: tensor<2x5xf32>) -> tensor<2x5xf32> {
  // expected-error@unknown {{node 'sm' (qnn.softmax) has no runtime kernel: softmax runs over the innermost axis only}}
  %y = qnn.softmax %x {axis = 0 : i64} : tensor<2x5xf32> loc("sm")
  return %y : tensor<2x5xf32>
}

// -----

func.func @resize_round(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xf32> {
  // expected-error@unknown {{node 'rs' (qnn.resize) has no runtime kernel: nearest resize rounds down only (nearest_mode = floor), got round_prefer_floor}}
  %y = qnn.resize %x {coordinate_transform = #qnn.coordinate_transform<asymmetric>, mode = #qnn.resize_mode<nearest>, nearest_mode = #qnn.nearest_mode<round_prefer_floor>, scales = array<f32: 1.0, 1.0, 2.0, 2.0>} : (tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xf32> loc("rs")
  return %y : tensor<1x1x4x4xf32>
}

// -----

func.func @observe_rank1(%a: tensor<5xf32>) -> tensor<5xf32> {
  // expected-error@unknown {{node 'obs' (qnn.observe): a per_channel_minmax observer needs a tensor of rank 2 or more (channels on axis 1), got rank 1}}
  %x = qnn.observe %a {id = 0 : i64, observer = #qnn.observer<per_channel_minmax>} : tensor<5xf32> loc("obs")
  return %x : tensor<5xf32>
}

// -----

func.func @pad_requant(%x: tensor<1x4x!quant.uniform<u8:f32, 0.1:3>>) -> tensor<1x6x!quant.uniform<u8:f32, 0.2:3>> {
  // expected-error@unknown {{node 'pad0' (qnn.pad) has no runtime kernel: the runtime's pad is a copy: the output's quantization must equal the input's}}
  %y = qnn.pad %x {mode = #qnn.pad_mode<constant>, pads = array<i64: 0, 1, 0, 1>, value = 0.0 : f32} : (tensor<1x4x!quant.uniform<u8:f32, 0.1:3>>) -> tensor<1x6x!quant.uniform<u8:f32, 0.2:3>> loc("pad0")
  return %y : tensor<1x6x!quant.uniform<u8:f32, 0.2:3>>
}

// -----

// ConvInteger / MatMulInteger results are int32: the model API has none.
func.func @int32_output(%x: tensor<2x3xf32>) -> (tensor<2x4xi32> {qnn.name = "mi"}) {
  %w = arith.constant dense<1.0> : tensor<4x3xf32>
  // expected-error@unknown {{output 'mi' is int32 (node 'MatMulInteger_0', qnn.fully_connected): compiled models take and return f32, u8 and s8 tensors only (ConvInteger and MatMulInteger give int32)}}
  %y = qnn.fully_connected %x, %w : (tensor<2x3xf32>, tensor<4x3xf32>) -> tensor<2x4xf32> loc("MatMulInteger_0")
  %q = quant.qcast %y : tensor<2x4xf32> to tensor<2x4x!quant.uniform<i32:f32, 1.0>>
  %s = quant.scast %q : tensor<2x4x!quant.uniform<i32:f32, 1.0>> to tensor<2x4xi32>
  return %s : tensor<2x4xi32>
}

// -----

// expected-error@below {{input 'x' is int32: compiled models take and return f32, u8 and s8 tensors only}}
func.func @int32_input(%x: tensor<2x3xi32> {qnn.name = "x"}, %y: tensor<2xf32>) -> tensor<2xf32> {
  return %y : tensor<2xf32>
}

// RUN: quant-opt %s --split-input-file --convert-qnn-to-qrt=backend=onednn --verify-diagnostics | FileCheck %s

// qnn.swish is the runtime's unary swish (QRT_OP_SWISH); a conv's swish
// activation the conv epilogue (QRT_ACT_SWISH, oneDNN's eltwise_swish
// post-op), f32 or int8.

// CHECK-LABEL: func.func @swish_f32(
// CHECK:         qrt.unary swish ins(%{{.*}} : memref<1x4x4x3xf32>) outs(%{{.*}} : memref<1x4x4x3xf32>) {backend = #qrt.backend<onednn>}
func.func @swish_f32(%x: tensor<1x3x4x4xf32>) -> tensor<1x3x4x4xf32> {
  %y = qnn.swish %x : tensor<1x3x4x4xf32>
  return %y : tensor<1x3x4x4xf32>
}

// -----

// int8: the gate in sigmoid's fixed encoding, then the mul to the swish's
// type (faster than ref's one-step table), on XNNPACK's kernels since
// oneDNN has no int8 sigmoid or mul.
// CHECK-LABEL: func.func @swish_u8(
// CHECK:         qrt.unary sigmoid ins(%[[X:.*]] : memref<1x2x2x2xui8>) outs(%[[G:.*]] : memref<1x2x2x2xui8>) {backend = #qrt.backend<xnnpack>, input_quant = #qrt.quant<scale = 5.000000e-02, zero_point = 128>, output_quant = #qrt.quant<scale = 3.906250e-03, zero_point = 0>}
// CHECK:         qrt.binary mul ins(%[[X]], %[[G]] : memref<1x2x2x2xui8>, memref<1x2x2x2xui8>) outs(%{{.*}} : memref<1x2x2x2xui8>) {backend = #qrt.backend<xnnpack>, lhs_quant = #qrt.quant<scale = 5.000000e-02, zero_point = 128>, output_quant = #qrt.quant<scale = 2.500000e-02, zero_point = 12>, rhs_quant = #qrt.quant<scale = 3.906250e-03, zero_point = 0>}
func.func @swish_u8(%x: tensor<1x2x2x2x!quant.uniform<u8:f32, 0.05:128>>) -> tensor<1x2x2x2x!quant.uniform<u8:f32, 0.025:12>> {
  // expected-remark@unknown {{node 'swish1' (qnn.swish) runs as sigmoid and mul on xnnpack: int8, the gate at scale 1/256}}
  %y = qnn.swish %x : tensor<1x2x2x2x!quant.uniform<u8:f32, 0.05:128>> -> tensor<1x2x2x2x!quant.uniform<u8:f32, 0.025:12>> loc("swish1")
  return %y : tensor<1x2x2x2x!quant.uniform<u8:f32, 0.025:12>>
}

// -----

// CHECK-LABEL: func.func @conv_swish(
// CHECK:         qrt.conv2d {{.*}}{activation = #qrt.activation<swish>, backend = #qrt.backend<onednn>
func.func @conv_swish(%x: tensor<1x2x4x4xf32>) -> tensor<1x3x4x4xf32> {
  %w = arith.constant dense<0.5> : tensor<3x2x1x1xf32>
  %b = arith.constant dense<0.25> : tensor<3xf32>
  %y = qnn.conv2d %x, %w, %b {activation = #qnn.activation<swish>, dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<3x2x1x1xf32>, tensor<3xf32>) -> tensor<1x3x4x4xf32>
  return %y : tensor<1x3x4x4xf32>
}

// -----

// CHECK-LABEL: func.func @fc_swish(
// CHECK:         qrt.fully_connected {{.*}}{activation = #qrt.activation<swish>, backend = #qrt.backend<onednn>
func.func @fc_swish(%x: tensor<2x8xf32>) -> tensor<2x4xf32> {
  %w = arith.constant dense<0.5> : tensor<4x8xf32>
  %y = qnn.fully_connected %x, %w {activation = #qnn.activation<swish>} : (tensor<2x8xf32>, tensor<4x8xf32>) -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}

// -----

// int8: the activation comes along; the kernel swishes the real conv output
// and quantizes it once to the output's parameters.
// CHECK-LABEL: func.func @conv_swish_u8(
// CHECK:         qrt.conv2d ins(%{{.*}}, %{{.*}} : memref<1x2x2x1xui8>, memref<1x1x1x1xsi8>) outs(%{{.*}} : memref<1x2x2x1xui8>) {activation = #qrt.activation<swish>, backend = #qrt.backend<onednn>
// CHECK-SAME:      output_quant = #qrt.quant<scale = 2.000000e-02, zero_point = 14>
func.func @conv_swish_u8(%x: tensor<1x1x2x2x!quant.uniform<u8:f32, 0.05:128>>) -> tensor<1x1x2x2x!quant.uniform<u8:f32, 0.02:14>> {
  %w = arith.constant dense<1> : tensor<1x1x1x1xi8>
  %wq = quant.scast %w : tensor<1x1x1x1xi8> to tensor<1x1x1x1x!quant.uniform<i8<-127:127>:f32:0, {0.01}>>
  %y = qnn.conv2d %x, %wq {activation = #qnn.activation<swish>, dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x2x2x!quant.uniform<u8:f32, 0.05:128>>, tensor<1x1x1x1x!quant.uniform<i8<-127:127>:f32:0, {0.01}>>) -> tensor<1x1x2x2x!quant.uniform<u8:f32, 0.02:14>>
  return %y : tensor<1x1x2x2x!quant.uniform<u8:f32, 0.02:14>>
}

// -----

// CHECK-LABEL: func.func @fc_swish_u8(
// CHECK:         qrt.fully_connected {{.*}}{activation = #qrt.activation<swish>, backend = #qrt.backend<onednn>
func.func @fc_swish_u8(%x: tensor<2x8x!quant.uniform<u8:f32, 0.05:128>>) -> tensor<2x4x!quant.uniform<u8:f32, 0.02:14>> {
  %w = arith.constant dense<1> : tensor<4x8xi8>
  %wq = quant.scast %w : tensor<4x8xi8> to tensor<4x8x!quant.uniform<i8<-127:127>:f32:0, {0.01, 0.02, 0.03, 0.04}>>
  %y = qnn.fully_connected %x, %wq {activation = #qnn.activation<swish>} : (tensor<2x8x!quant.uniform<u8:f32, 0.05:128>>, tensor<4x8x!quant.uniform<i8<-127:127>:f32:0, {0.01, 0.02, 0.03, 0.04}>>) -> tensor<2x4x!quant.uniform<u8:f32, 0.02:14>>
  return %y : tensor<2x4x!quant.uniform<u8:f32, 0.02:14>>
}

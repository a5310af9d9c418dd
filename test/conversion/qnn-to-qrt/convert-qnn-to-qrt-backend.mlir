// RUN: quant-opt %s --split-input-file --convert-qnn-to-qrt=backend=xnnpack --verify-diagnostics | FileCheck %s

// XNNPACK has no u8 x s8 convolution: the conv falls back to ref with a
// remark naming the node; the quantize around it stays on xnnpack.
// CHECK-LABEL: func.func @xnnpack_u8_conv_falls_back(
// CHECK:         qrt.convert quantize {{.*}}backend = #qrt.backend<xnnpack>
// CHECK:         qrt.conv2d {{.*}}backend = #qrt.backend<ref>
func.func @xnnpack_u8_conv_falls_back(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2x!quant.uniform<u8:f32, 0.1>> {
  %xq = quant.qcast %x : tensor<1x1x2x2xf32> to tensor<1x1x2x2x!quant.uniform<u8:f32, 0.05:128>>
  %w = arith.constant dense<1> : tensor<1x1x1x1xi8>
  %wq = quant.scast %w : tensor<1x1x1x1xi8> to tensor<1x1x1x1x!quant.uniform<i8<-127:127>:f32:0, {0.01}>>
  // expected-remark@unknown {{node 'conv1' (qnn.conv2d) runs on ref: xnnpack cannot run it (XNNPACK conv needs f32, s8 x s8 -> s8 (qs8/qc8) or u8 x u8 -> u8 (qu8); u8 activations with s8 weights are not available)}}
  %y = qnn.conv2d %xq, %wq {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x2x2x!quant.uniform<u8:f32, 0.05:128>>, tensor<1x1x1x1x!quant.uniform<i8<-127:127>:f32:0, {0.01}>>) -> tensor<1x1x2x2x!quant.uniform<u8:f32, 0.1>> loc("conv1")
  return %y : tensor<1x1x2x2x!quant.uniform<u8:f32, 0.1>>
}

// -----

// The signed path (s8 x s8 -> s8, per-channel: XNNPACK qc8) runs natively.
// CHECK-LABEL: func.func @xnnpack_s8_conv(
// CHECK:         qrt.conv2d {{.*}}backend = #qrt.backend<xnnpack>
func.func @xnnpack_s8_conv(%x: tensor<1x1x2x2x!quant.uniform<i8:f32, 0.05:-1>>) -> tensor<1x1x2x2x!quant.uniform<i8:f32, 0.1>> {
  %w = arith.constant dense<1> : tensor<1x1x1x1xi8>
  %wq = quant.scast %w : tensor<1x1x1x1xi8> to tensor<1x1x1x1x!quant.uniform<i8<-127:127>:f32:0, {0.01}>>
  %y = qnn.conv2d %x, %wq {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x2x2x!quant.uniform<i8:f32, 0.05:-1>>, tensor<1x1x1x1x!quant.uniform<i8<-127:127>:f32:0, {0.01}>>) -> tensor<1x1x2x2x!quant.uniform<i8:f32, 0.1>>
  return %y : tensor<1x1x2x2x!quant.uniform<i8:f32, 0.1>>
}

// -----

// XNNPACK has no transpose: the boundary transposes run on ref (no remark:
// layout kernels are the compiler's own, not graph nodes); its requantize
// falls back with a remark.
// CHECK-LABEL: func.func @xnnpack_requantize(
// CHECK:         qrt.layout transpose {{.*}}backend = #qrt.backend<ref>
// CHECK:         qrt.convert requantize {{.*}}backend = #qrt.backend<ref>
func.func @xnnpack_requantize(%x: tensor<1x2x2x2x!quant.uniform<u8:f32, 0.05:128>>) -> tensor<1x2x2x2x!quant.uniform<i8:f32, 0.1>> {
  %d = quant.dcast %x : tensor<1x2x2x2x!quant.uniform<u8:f32, 0.05:128>> to tensor<1x2x2x2xf32>
  // expected-remark@unknown {{node 'rq' (quant.qcast) runs on ref: xnnpack cannot run it (XNNPACK (2022-02) has no int8 -> int8 requantize operator)}}
  %q = quant.qcast %d : tensor<1x2x2x2xf32> to tensor<1x2x2x2x!quant.uniform<i8:f32, 0.1>> loc("rq")
  return %q : tensor<1x2x2x2x!quant.uniform<i8:f32, 0.1>>
}

// -----

// XNNPACK (2022-02) has no swish, unary or fused. A conv with a swish
// activation runs on ref; a swish becomes XNNPACK's sigmoid and mul (faster
// than ref), in int8 (as on every backend) with the gate in sigmoid's fixed
// encoding.
// CHECK-LABEL: func.func @xnnpack_swish(
// CHECK:         qrt.conv2d ins({{.*}}) outs(%[[Y:.*]] : memref<1x4x4x3xf32>) {activation = #qrt.activation<swish>, backend = #qrt.backend<ref>
// CHECK:         qrt.unary sigmoid ins(%[[Y]] : memref<1x4x4x3xf32>) outs(%[[G:.*]] : memref<1x4x4x3xf32>) {backend = #qrt.backend<xnnpack>}
// CHECK:         qrt.binary mul ins(%[[Y]], %[[G]] : memref<1x4x4x3xf32>, memref<1x4x4x3xf32>) outs(%{{.*}} : memref<1x4x4x3xf32>) {backend = #qrt.backend<xnnpack>}
// CHECK:         qrt.unary sigmoid {{.*}}backend = #qrt.backend<xnnpack>, input_quant = #qrt.quant<scale = 5.000000e-02, zero_point = -1>, output_quant = #qrt.quant<scale = 3.906250e-03, zero_point = -128>}
// CHECK:         qrt.binary mul {{.*}}backend = #qrt.backend<xnnpack>, lhs_quant = #qrt.quant<scale = 5.000000e-02, zero_point = -1>, output_quant = #qrt.quant<scale = 2.000000e-02, zero_point = -100>, rhs_quant = #qrt.quant<scale = 3.906250e-03, zero_point = -128>}
func.func @xnnpack_swish(%x: tensor<1x2x4x4xf32>, %q: tensor<1x2x2x2x!quant.uniform<i8:f32, 0.05:-1>>) -> (tensor<1x3x4x4xf32>, tensor<1x2x2x2x!quant.uniform<i8:f32, 0.02:-100>>) {
  %w = arith.constant dense<0.5> : tensor<3x2x1x1xf32>
  // expected-remark@unknown {{node 'conv_swish' (qnn.conv2d) runs on ref: xnnpack cannot run it (XNNPACK (2022-02) convolutions have no fused swish)}}
  %y = qnn.conv2d %x, %w {activation = #qnn.activation<swish>, dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<3x2x1x1xf32>) -> tensor<1x3x4x4xf32> loc("conv_swish")
  // expected-remark@unknown {{node 'swish' (qnn.swish) runs as sigmoid and mul on xnnpack: xnnpack has no native swish}}
  %s = qnn.swish %y : tensor<1x3x4x4xf32> loc("swish")
  // expected-remark@unknown {{node 'swish_s8' (qnn.swish) runs as sigmoid and mul on xnnpack: int8, the gate at scale 1/256}}
  %t = qnn.swish %q : tensor<1x2x2x2x!quant.uniform<i8:f32, 0.05:-1>> -> tensor<1x2x2x2x!quant.uniform<i8:f32, 0.02:-100>> loc("swish_s8")
  return %s, %t : tensor<1x3x4x4xf32>, tensor<1x2x2x2x!quant.uniform<i8:f32, 0.02:-100>>
}

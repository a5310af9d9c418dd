// RUN: quant-opt %s --split-input-file --convert-qnn-to-qrt=backend=ref | FileCheck %s

// Boundary: NCHW memrefs in and out, one transpose after the 4-D argument
// and one before the 4-D result; int8 conv with its OIHW weight transposed
// to OHWI at compile time (2x2x1x2 -> 2x1x2x2: w[o][h][w][i] = w[o][i][h][w]).
// CHECK: memref.global "private" constant @__constant_nhwc : memref<2x1x2x2xsi8> = dense<{{\[\[\[\[}}1, 3], [2, 4]]], {{\[\[\[}}5, 7], [6, 8]]]]>
// CHECK: memref.global "private" constant @__constant : memref<2xsi32> = dense<[10, -20]>
// CHECK-LABEL: func.func @conv_int8(
// CHECK-SAME:      %[[ARG:.*]]: memref<1x2x3x3xf32>) -> memref<1x2x3x2xf32>
// CHECK:         %[[X:.*]] = memref.alloc() : memref<1x3x3x2xf32>
// CHECK:         qrt.layout transpose ins(%[[ARG]] : memref<1x2x3x3xf32>) outs(%[[X]] : memref<1x3x3x2xf32>) {backend = #qrt.backend<ref>, perm = array<i64: 0, 2, 3, 1>}
// CHECK:         %[[XQ:.*]] = memref.alloc() : memref<1x3x3x2xui8>
// CHECK:         qrt.convert quantize ins(%[[X]] : {{.*}}) outs(%[[XQ]] : {{.*}}) {backend = #qrt.backend<ref>, output_quant = #qrt.quant<scale = 5.000000e-02, zero_point = 128>}
// CHECK:         %[[W:.*]] = memref.get_global @__constant_nhwc : memref<2x1x2x2xsi8>
// CHECK:         %[[B:.*]] = memref.get_global @__constant : memref<2xsi32>
// CHECK:         %[[Y:.*]] = memref.alloc() : memref<1x3x2x2xui8>
// CHECK:         qrt.conv2d ins(%[[XQ]], %[[W]], %[[B]] : memref<1x3x3x2xui8>, memref<2x1x2x2xsi8>, memref<2xsi32>) outs(%[[Y]] : memref<1x3x2x2xui8>)
// CHECK-SAME:      activation = #qrt.activation<relu>, backend = #qrt.backend<ref>
// CHECK-SAME:      filter_quant = #qrt.quant<scales = [1.000000e-02, 2.000000e-02], axis = 0>
// CHECK-SAME:      input_quant = #qrt.quant<scale = 5.000000e-02, zero_point = 128>
// CHECK-SAME:      output_quant = #qrt.quant<scale = 1.000000e-01, zero_point = 3>
// CHECK:         %[[YF:.*]] = memref.alloc() : memref<1x3x2x2xf32>
// CHECK:         qrt.convert dequantize ins(%[[Y]] : {{.*}}) outs(%[[YF]] : {{.*}}) {backend = #qrt.backend<ref>, input_quant = #qrt.quant<scale = 1.000000e-01, zero_point = 3>}
// CHECK:         %[[OUT:.*]] = memref.alloc() : memref<1x2x3x2xf32>
// CHECK:         qrt.layout transpose ins(%[[YF]] : memref<1x3x2x2xf32>) outs(%[[OUT]] : memref<1x2x3x2xf32>) {backend = #qrt.backend<ref>, perm = array<i64: 0, 3, 1, 2>}
// CHECK:         return %[[OUT]] : memref<1x2x3x2xf32>
func.func @conv_int8(%x: tensor<1x2x3x3xf32>) -> tensor<1x2x3x2xf32> {
  %xq = quant.qcast %x : tensor<1x2x3x3xf32> to tensor<1x2x3x3x!quant.uniform<u8:f32, 0.05:128>>
  %w = arith.constant dense<[[[[1, 2]], [[3, 4]]], [[[5, 6]], [[7, 8]]]]> : tensor<2x2x1x2xi8>
  %wq = quant.scast %w : tensor<2x2x1x2xi8> to tensor<2x2x1x2x!quant.uniform<i8<-127:127>:f32:0, {0.01, 0.02}>>
  %b = arith.constant dense<[10, -20]> : tensor<2xi32>
  %y = qnn.conv2d %xq, %wq, %b {activation = #qnn.activation<relu>, dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x3x3x!quant.uniform<u8:f32, 0.05:128>>, tensor<2x2x1x2x!quant.uniform<i8<-127:127>:f32:0, {0.01, 0.02}>>, tensor<2xi32>) -> tensor<1x2x3x2x!quant.uniform<u8:f32, 0.1:3>>
  %yf = quant.dcast %y : tensor<1x2x3x2x!quant.uniform<u8:f32, 0.1:3>> to tensor<1x2x3x2xf32>
  return %yf : tensor<1x2x3x2xf32>
}

// -----

// f32 leftovers: the same kernels on f32 buffers without descriptors; the
// OIHW f32 weight is transposed too, a fused clamp 0..6 is relu6.
// CHECK-LABEL: func.func @conv_f32(
// CHECK:         qrt.conv2d ins(%{{.*}}, %{{.*}} : memref<1x4x4x1xf32>, memref<1x1x1x1xf32>) outs(%{{.*}} : memref<1x4x4x1xf32>) {activation = #qrt.activation<relu6>, backend = #qrt.backend<ref>, dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
func.func @conv_f32(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x4x4xf32> {
  %w = arith.constant dense<2.0> : tensor<1x1x1x1xf32>
  %y = qnn.conv2d %x, %w {activation = #qnn.activation<clamp, min = 0.0, max = 6.0>, dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32>
  return %y : tensor<1x1x4x4xf32>
}

// -----

// Quantized boundary: quantized arguments become ui8/si8 memrefs; pooling,
// a flatten whose NHWC buffer already has NCHW byte order (a plain reshape),
// fully_connected, and a dcast -> qcast pair as one requantize.
// CHECK-LABEL: func.func @pool_flatten_fc(
// CHECK-SAME:      %[[ARG:.*]]: memref<1x4x2x2xui8> {qrt.quant = #qrt.quant<scale = 1.000000e-01, zero_point = 5>}) -> (memref<1x3xsi8> {qrt.quant = #qrt.quant<scale = 4.000000e-01, zero_point = 0>})
// CHECK:         qrt.layout transpose ins(%[[ARG]]
// CHECK:         qrt.pool2d max ins(%{{.*}} : memref<1x2x2x4xui8>) outs(%{{.*}} : memref<1x1x1x4xui8>) {backend = #qrt.backend<ref>, input_quant = #qrt.quant<scale = 1.000000e-01, zero_point = 5>, kernel = array<i64: 2, 2>, output_quant = #qrt.quant<scale = 1.000000e-01, zero_point = 5>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>}
// CHECK:         qrt.pool2d global_avg ins(%{{.*}} : memref<1x2x2x4xui8>) outs(%{{.*}} : memref<1x1x1x4xui8>)
// CHECK:         qrt.layout reshape ins(%{{.*}} : memref<1x1x1x4xui8>) outs(%[[FLAT:.*]] : memref<1x4xui8>) {backend = #qrt.backend<ref>}
// CHECK:         qrt.fully_connected ins(%[[FLAT]], %{{.*}} : memref<1x4xui8>, memref<3x4xsi8>) outs(%[[FC:.*]] : memref<1x3xui8>)
// CHECK:         qrt.convert requantize ins(%[[FC]] : memref<1x3xui8>) outs(%[[R:.*]] : memref<1x3xsi8>) {backend = #qrt.backend<ref>, input_quant = #qrt.quant<scale = 2.000000e-01, zero_point = 7>, output_quant = #qrt.quant<scale = 4.000000e-01, zero_point = 0>}
// CHECK:         return %[[R]] : memref<1x3xsi8>
func.func @pool_flatten_fc(%x: tensor<1x4x2x2x!quant.uniform<u8:f32, 0.1:5>>) -> tensor<1x3x!quant.uniform<i8:f32, 0.4>> {
  %p = qnn.max_pool %x {ceil_mode = false, dilations = array<i64: 1, 1>, kernel = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x4x2x2x!quant.uniform<u8:f32, 0.1:5>>) -> tensor<1x4x1x1x!quant.uniform<u8:f32, 0.1:5>>
  %g = qnn.global_avg_pool %x : (tensor<1x4x2x2x!quant.uniform<u8:f32, 0.1:5>>) -> tensor<1x4x1x1x!quant.uniform<u8:f32, 0.1:5>>
  %f = qnn.flatten %g {axis = 1 : i64} : (tensor<1x4x1x1x!quant.uniform<u8:f32, 0.1:5>>) -> tensor<1x4x!quant.uniform<u8:f32, 0.1:5>>
  %w = arith.constant dense<1> : tensor<3x4xi8>
  %wq = quant.scast %w : tensor<3x4xi8> to tensor<3x4x!quant.uniform<i8:f32, 0.5>>
  %y = qnn.fully_connected %f, %wq : (tensor<1x4x!quant.uniform<u8:f32, 0.1:5>>, tensor<3x4x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x3x!quant.uniform<u8:f32, 0.2:7>>
  %yd = quant.dcast %y : tensor<1x3x!quant.uniform<u8:f32, 0.2:7>> to tensor<1x3xf32>
  %yq = quant.qcast %yd : tensor<1x3xf32> to tensor<1x3x!quant.uniform<i8:f32, 0.4>>
  return %yq : tensor<1x3x!quant.uniform<i8:f32, 0.4>>
}

// -----

// Binary ops with a per-channel [C,1,1] constant (broadcast: brought to 4-D
// and NHWC at compile time), concat along channels (axis 3 in NHWC),
// sigmoid, and a reshape that needs NCHW order (transposes around it).
// CHECK: memref.global "private" constant @__constant : memref<1x1x1x2xf32> = dense<{{\[\[\[\[}}1.000000e+00, 2.000000e+00]]]]>
// CHECK-LABEL: func.func @elementwise(
// CHECK:         %[[C:.*]] = memref.get_global @__constant : memref<1x1x1x2xf32>
// CHECK:         qrt.binary mul ins(%[[X:.*]], %[[C]] : memref<1x2x2x2xf32>, memref<1x1x1x2xf32>) outs(%[[M:.*]] : memref<1x2x2x2xf32>) {backend = #qrt.backend<ref>}
// CHECK:         qrt.binary add ins(%[[M]], %[[X]] : {{.*}}) outs(%[[A:.*]] : memref<1x2x2x2xf32>) {activation = #qrt.activation<relu>, backend = #qrt.backend<ref>}
// CHECK:         qrt.concat ins(%[[M]], %[[A]] : memref<1x2x2x2xf32>, memref<1x2x2x2xf32>) outs(%[[CAT:.*]] : memref<1x2x2x4xf32>) {axis = 3 : i64, backend = #qrt.backend<ref>}
// CHECK:         qrt.unary sigmoid ins(%[[CAT]] : memref<1x2x2x4xf32>) outs(%[[S:.*]] : memref<1x2x2x4xf32>) {backend = #qrt.backend<ref>}
// CHECK:         qrt.layout transpose ins(%[[S]] : memref<1x2x2x4xf32>) outs(%[[L:.*]] : memref<1x4x2x2xf32>) {backend = #qrt.backend<ref>, perm = array<i64: 0, 3, 1, 2>}
// CHECK:         qrt.layout reshape ins(%[[L]] : memref<1x4x2x2xf32>) outs(%{{.*}} : memref<1x16xf32>)
func.func @elementwise(%x: tensor<1x2x2x2xf32>) -> tensor<1x16xf32> {
  %c = arith.constant dense<[[[1.0]], [[2.0]]]> : tensor<2x1x1xf32>
  %m = qnn.mul %x, %c : tensor<1x2x2x2xf32>, tensor<2x1x1xf32> -> tensor<1x2x2x2xf32>
  %a = qnn.add %m, %x {activation = #qnn.activation<relu>} : tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32> -> tensor<1x2x2x2xf32>
  %cat = qnn.concat %m, %a {axis = 1 : i64} : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x4x2x2xf32>
  %s = qnn.sigmoid %cat : tensor<1x4x2x2xf32>
  %r = qnn.reshape %s : (tensor<1x4x2x2xf32>) -> tensor<1x16xf32>
  return %r : tensor<1x16xf32>
}

// -----

// Softmax over the channels of a 2-D tensor, a transpose inside the graph
// (its perm moved into NHWC), and a resize.
// CHECK-LABEL: func.func @softmax_transpose_resize(
// CHECK:         qrt.unary softmax ins(%{{.*}} : memref<2x5xf32>) outs(%{{.*}} : memref<2x5xf32>) {backend = #qrt.backend<ref>}
// CHECK:         qrt.layout transpose ins(%{{.*}} : memref<1x4x5x3xf32>) outs(%{{.*}} : memref<1x4x3x5xf32>) {backend = #qrt.backend<ref>, perm = array<i64: 0, 1, 3, 2>}
// CHECK:         qrt.resize nearest asymmetric ins(%{{.*}} : memref<1x4x3x5xf32>) outs(%{{.*}} : memref<1x8x6x5xf32>) {backend = #qrt.backend<ref>}
func.func @softmax_transpose_resize(%s: tensor<2x5xf32>, %x: tensor<1x3x4x5xf32>) -> (tensor<2x5xf32>, tensor<1x5x8x6xf32>) {
  %y = qnn.softmax %s {axis = 1 : i64} : tensor<2x5xf32>
  %t = qnn.transpose %x {perm = array<i64: 0, 3, 2, 1>} : (tensor<1x3x4x5xf32>) -> tensor<1x5x4x3xf32>
  %r = qnn.resize %t {coordinate_transform = #qnn.coordinate_transform<asymmetric>, mode = #qnn.resize_mode<nearest>, nearest_mode = #qnn.nearest_mode<floor>, scales = array<f32: 1.0, 1.0, 2.0, 2.0>} : (tensor<1x5x4x3xf32>) -> tensor<1x5x8x6xf32>
  return %y, %r : tensor<2x5xf32>, tensor<1x5x8x6xf32>
}

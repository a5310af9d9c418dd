// RUN: quant-opt %s | quant-opt | FileCheck %s
// RUN: quant-opt %s --mlir-print-op-generic | quant-opt | FileCheck %s

// Every qrt op and attribute form parses, verifies and prints back.

// CHECK-LABEL: func.func @conv2d_int8(
// CHECK:         qrt.conv2d ins(%{{.*}}, %{{.*}}, %{{.*}} : memref<1x8x8x3xui8>, memref<4x3x3x3xsi8>, memref<4xsi32>) residual(%{{.*}} : memref<1x8x8x4xui8>) outs(%{{.*}} : memref<1x8x8x4xui8>)
// CHECK-SAME:      activation = #qrt.activation<relu6>
// CHECK-SAME:      backend = #qrt.backend<onednn>
// CHECK-SAME:      filter_quant = #qrt.quant<scales = [1.000000e-02, 2.000000e-02, 3.000000e-02, 4.000000e-02], axis = 0>
// CHECK-SAME:      input_quant = #qrt.quant<scale = 5.000000e-01, zero_point = 128>
// CHECK-SAME:      residual_quant = #qrt.quant<scale = 2.500000e-01, zero_point = 3>
func.func @conv2d_int8(%x: memref<1x8x8x3xui8>, %w: memref<4x3x3x3xsi8>, %b: memref<4xsi32>, %r: memref<1x8x8x4xui8>, %y: memref<1x8x8x4xui8>) {
  qrt.conv2d ins(%x, %w, %b : memref<1x8x8x3xui8>, memref<4x3x3x3xsi8>, memref<4xsi32>) residual(%r : memref<1x8x8x4xui8>) outs(%y : memref<1x8x8x4xui8>) {activation = #qrt.activation<relu6>, backend = #qrt.backend<onednn>, dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>, input_quant = #qrt.quant<scale = 0.5, zero_point = 128>, filter_quant = #qrt.quant<scales = [0.01, 0.02, 0.03, 0.04], axis = 0>, output_quant = #qrt.quant<scale = 0.1, zero_point = 0>, residual_quant = #qrt.quant<scale = 0.25, zero_point = 3>}
  return
}

// CHECK-LABEL: func.func @conv2d_f32_depthwise(
// CHECK:         qrt.conv2d ins(%{{.*}}, %{{.*}} : memref<1x9x9x8xf32>, memref<8x3x3x1xf32>) outs(%{{.*}} : memref<1x4x4x8xf32>)
// CHECK-SAME:      activation = #qrt.activation<clamp, min = -1.000000e+00, max = 1.000000e+00>
// CHECK-SAME:      backend = #qrt.backend<xnnpack>
func.func @conv2d_f32_depthwise(%x: memref<1x9x9x8xf32>, %w: memref<8x3x3x1xf32>, %y: memref<1x4x4x8xf32>) {
  qrt.conv2d ins(%x, %w : memref<1x9x9x8xf32>, memref<8x3x3x1xf32>) outs(%y : memref<1x4x4x8xf32>) {activation = #qrt.activation<clamp, min = -1.0, max = 1.0>, backend = #qrt.backend<xnnpack>, dilations = array<i64: 1, 1>, groups = 8 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>}
  return
}

// CHECK-LABEL: func.func @conv2d_f32_swish(
// CHECK:         qrt.conv2d {{.*}}activation = #qrt.activation<swish>
func.func @conv2d_f32_swish(%x: memref<1x9x9x8xf32>, %w: memref<8x3x3x1xf32>, %y: memref<1x4x4x8xf32>) {
  qrt.conv2d ins(%x, %w : memref<1x9x9x8xf32>, memref<8x3x3x1xf32>) outs(%y : memref<1x4x4x8xf32>) {activation = #qrt.activation<swish>, backend = #qrt.backend<onednn>, dilations = array<i64: 1, 1>, groups = 8 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>}
  return
}

// CHECK-LABEL: func.func @conv2d_int8_swish(
// CHECK:         qrt.conv2d {{.*}}activation = #qrt.activation<swish>
func.func @conv2d_int8_swish(%x: memref<1x8x8x3xui8>, %w: memref<4x3x3x3xsi8>, %y: memref<1x6x6x4xui8>) {
  qrt.conv2d ins(%x, %w : memref<1x8x8x3xui8>, memref<4x3x3x3xsi8>) outs(%y : memref<1x6x6x4xui8>) {activation = #qrt.activation<swish>, backend = #qrt.backend<onednn>, dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, input_quant = #qrt.quant<scale = 0.5, zero_point = 128>, filter_quant = #qrt.quant<scale = 0.01, zero_point = 0>, output_quant = #qrt.quant<scale = 0.1, zero_point = 0>}
  return
}

// CHECK-LABEL: func.func @fully_connected(
// CHECK:         qrt.fully_connected ins(%{{.*}}, %{{.*}}, %{{.*}} : memref<2x32xsi8>, memref<10x32xsi8>, memref<10xsi32>) outs(%{{.*}} : memref<2x10xsi8>)
// CHECK-SAME:      backend = #qrt.backend<ref>
// CHECK-SAME:      filter_quant = #qrt.quant<scale = 2.000000e-02, zero_point = 0>
func.func @fully_connected(%x: memref<2x32xsi8>, %w: memref<10x32xsi8>, %b: memref<10xsi32>, %y: memref<2x10xsi8>) {
  qrt.fully_connected ins(%x, %w, %b : memref<2x32xsi8>, memref<10x32xsi8>, memref<10xsi32>) outs(%y : memref<2x10xsi8>) {backend = #qrt.backend<ref>, input_quant = #qrt.quant<scale = 0.1, zero_point = -3>, filter_quant = #qrt.quant<scale = 0.02, zero_point = 0>, output_quant = #qrt.quant<scale = 0.3, zero_point = 1>}
  return
}

// CHECK-LABEL: func.func @binary(
// CHECK:         qrt.binary add ins(%{{.*}}, %{{.*}} : memref<1x4x4x8xui8>, memref<1x1x1x8xui8>) outs(%{{.*}} : memref<1x4x4x8xui8>)
// CHECK-SAME:      activation = #qrt.activation<relu>
// CHECK:         qrt.binary mul ins(%{{.*}}, %{{.*}} : memref<4x8xf32>, memref<8xf32>) outs(%{{.*}} : memref<4x8xf32>) {backend = #qrt.backend<auto>}
func.func @binary(%a: memref<1x4x4x8xui8>, %b: memref<1x1x1x8xui8>, %y: memref<1x4x4x8xui8>, %c: memref<4x8xf32>, %d: memref<8xf32>, %z: memref<4x8xf32>) {
  qrt.binary add ins(%a, %b : memref<1x4x4x8xui8>, memref<1x1x1x8xui8>) outs(%y : memref<1x4x4x8xui8>) {activation = #qrt.activation<relu>, backend = #qrt.backend<xnnpack>, lhs_quant = #qrt.quant<scale = 0.1, zero_point = 1>, rhs_quant = #qrt.quant<scale = 0.2, zero_point = 2>, output_quant = #qrt.quant<scale = 0.3, zero_point = 3>}
  qrt.binary mul ins(%c, %d : memref<4x8xf32>, memref<8xf32>) outs(%z : memref<4x8xf32>) {backend = #qrt.backend<auto>}
  return
}

// CHECK-LABEL: func.func @pool2d(
// CHECK:         qrt.pool2d max ins(%{{.*}} : memref<1x8x8x4xui8>) outs(%{{.*}} : memref<1x4x4x4xui8>)
// CHECK:         qrt.pool2d avg ins(%{{.*}} : memref<1x8x8x4xf32>) outs(%{{.*}} : memref<1x8x8x4xf32>)
// CHECK-SAME:      count_include_pad
// CHECK:         qrt.pool2d global_avg ins(%{{.*}} : memref<1x8x8x4xf32>) outs(%{{.*}} : memref<1x1x1x4xf32>) {backend = #qrt.backend<onednn>}
func.func @pool2d(%x: memref<1x8x8x4xui8>, %y: memref<1x4x4x4xui8>, %f: memref<1x8x8x4xf32>, %g: memref<1x8x8x4xf32>, %h: memref<1x1x1x4xf32>) {
  qrt.pool2d max ins(%x : memref<1x8x8x4xui8>) outs(%y : memref<1x4x4x4xui8>) {backend = #qrt.backend<onednn>, kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, input_quant = #qrt.quant<scale = 0.1, zero_point = 7>, output_quant = #qrt.quant<scale = 0.1, zero_point = 7>}
  qrt.pool2d avg ins(%f : memref<1x8x8x4xf32>) outs(%g : memref<1x8x8x4xf32>) {backend = #qrt.backend<ref>, kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, count_include_pad}
  qrt.pool2d global_avg ins(%f : memref<1x8x8x4xf32>) outs(%h : memref<1x1x1x4xf32>) {backend = #qrt.backend<onednn>}
  return
}

// CHECK-LABEL: func.func @concat_resize_unary(
// CHECK:         qrt.concat ins(%{{.*}}, %{{.*}} : memref<1x4x4x2xui8>, memref<1x4x4x3xui8>) outs(%{{.*}} : memref<1x4x4x5xui8>)
// CHECK-SAME:      axis = 3 : i64
// CHECK-SAME:      input_quants = [#qrt.quant<scale = 1.000000e-01, zero_point = 0>, #qrt.quant<scale = 2.000000e-01, zero_point = 0>]
// CHECK:         qrt.resize nearest asymmetric ins(%{{.*}} : memref<1x4x4x5xui8>) outs(%{{.*}} : memref<1x8x8x5xui8>)
// CHECK:         qrt.resize bilinear align_corners ins(
// CHECK:         qrt.unary sigmoid ins(%{{.*}} : memref<1x8x8x5xui8>)
// CHECK:         qrt.unary hard_swish ins(
// CHECK:         qrt.unary softmax ins(%{{.*}} : memref<1x10xf32>) outs(%{{.*}} : memref<1x10xf32>)
// CHECK:         qrt.unary swish ins(%{{.*}} : memref<1x10xf32>) outs(%{{.*}} : memref<1x10xf32>) {backend = #qrt.backend<onednn>}
func.func @concat_resize_unary(%a: memref<1x4x4x2xui8>, %b: memref<1x4x4x3xui8>, %c: memref<1x4x4x5xui8>, %d: memref<1x8x8x5xui8>, %e: memref<1x8x8x5xui8>, %s: memref<1x10xf32>, %t: memref<1x10xf32>) {
  qrt.concat ins(%a, %b : memref<1x4x4x2xui8>, memref<1x4x4x3xui8>) outs(%c : memref<1x4x4x5xui8>) {axis = 3 : i64, backend = #qrt.backend<onednn>, input_quants = [#qrt.quant<scale = 0.1, zero_point = 0>, #qrt.quant<scale = 0.2, zero_point = 0>], output_quant = #qrt.quant<scale = 0.2, zero_point = 0>}
  qrt.resize nearest asymmetric ins(%c : memref<1x4x4x5xui8>) outs(%d : memref<1x8x8x5xui8>) {backend = #qrt.backend<ref>, input_quant = #qrt.quant<scale = 0.2, zero_point = 0>, output_quant = #qrt.quant<scale = 0.2, zero_point = 0>}
  qrt.resize bilinear align_corners ins(%c : memref<1x4x4x5xui8>) outs(%d : memref<1x8x8x5xui8>) {backend = #qrt.backend<xnnpack>, input_quant = #qrt.quant<scale = 0.2, zero_point = 0>, output_quant = #qrt.quant<scale = 0.2, zero_point = 0>}
  qrt.unary sigmoid ins(%d : memref<1x8x8x5xui8>) outs(%e : memref<1x8x8x5xui8>) {backend = #qrt.backend<xnnpack>, input_quant = #qrt.quant<scale = 0.2, zero_point = 0>, output_quant = #qrt.quant<scale = 0.00390625, zero_point = 0>}
  qrt.unary hard_swish ins(%d : memref<1x8x8x5xui8>) outs(%e : memref<1x8x8x5xui8>) {backend = #qrt.backend<ref>, input_quant = #qrt.quant<scale = 0.2, zero_point = 0>, output_quant = #qrt.quant<scale = 0.2, zero_point = 10>}
  qrt.unary softmax ins(%s : memref<1x10xf32>) outs(%t : memref<1x10xf32>) {backend = #qrt.backend<ref>}
  qrt.unary swish ins(%s : memref<1x10xf32>) outs(%t : memref<1x10xf32>) {backend = #qrt.backend<onednn>}
  return
}

// CHECK-LABEL: func.func @convert_layout(
// CHECK:         qrt.convert quantize ins(%{{.*}} : memref<1x3x8x8xf32>) outs(%{{.*}} : memref<1x3x8x8xui8>) {backend = #qrt.backend<ref>, output_quant = #qrt.quant<scale = 1.000000e-01, zero_point = 128>}
// CHECK:         qrt.convert dequantize ins(%{{.*}} : memref<4x2xsi8>) outs(%{{.*}} : memref<4x2xf32>) {backend = #qrt.backend<ref>, input_quant = #qrt.quant<scales = [1.000000e-01, 2.000000e-01], axis = 1, zero_point = -1>}
// CHECK:         qrt.convert requantize ins(
// CHECK:         qrt.layout transpose ins(%{{.*}} : memref<1x3x8x8xf32>) outs(%{{.*}} : memref<1x8x8x3xf32>) {backend = #qrt.backend<ref>, perm = array<i64: 0, 2, 3, 1>}
// CHECK:         qrt.layout reshape ins(%{{.*}} : memref<1x3x8x8xf32>) outs(%{{.*}} : memref<3x64xf32>) {backend = #qrt.backend<onednn>}
func.func @convert_layout(%x: memref<1x3x8x8xf32>, %q: memref<1x3x8x8xui8>, %p: memref<4x2xsi8>, %f: memref<4x2xf32>, %r: memref<1x3x8x8xsi8>, %t: memref<1x8x8x3xf32>, %s: memref<3x64xf32>) {
  qrt.convert quantize ins(%x : memref<1x3x8x8xf32>) outs(%q : memref<1x3x8x8xui8>) {backend = #qrt.backend<ref>, output_quant = #qrt.quant<scale = 0.1, zero_point = 128>}
  qrt.convert dequantize ins(%p : memref<4x2xsi8>) outs(%f : memref<4x2xf32>) {backend = #qrt.backend<ref>, input_quant = #qrt.quant<scales = [0.1, 0.2], axis = 1, zero_point = -1>}
  qrt.convert requantize ins(%q : memref<1x3x8x8xui8>) outs(%r : memref<1x3x8x8xsi8>) {backend = #qrt.backend<ref>, input_quant = #qrt.quant<scale = 0.1, zero_point = 128>, output_quant = #qrt.quant<scale = 0.05, zero_point = 0>}
  qrt.layout transpose ins(%x : memref<1x3x8x8xf32>) outs(%t : memref<1x8x8x3xf32>) {backend = #qrt.backend<ref>, perm = array<i64: 0, 2, 3, 1>}
  qrt.layout reshape ins(%x : memref<1x3x8x8xf32>) outs(%s : memref<3x64xf32>) {backend = #qrt.backend<onednn>}
  return
}

// CHECK-LABEL: func.func @observe(
// CHECK:         qrt.observe ins(%{{.*}} : memref<1x8x8x16xf32>) {id = 0 : i64, kind = #qrt.observer<histogram>}
// CHECK:         qrt.observe ins(%{{.*}} : memref<1x8x8x16xf32>) {id = 1 : i64, kind = #qrt.observer<minmax>}
// CHECK:         qrt.observe ins(%{{.*}} : memref<1x8x8x16xf32>) {axis = 3 : i64, id = 2 : i64, kind = #qrt.observer<per_channel_minmax>}
// CHECK:         qrt.observe ins(%{{.*}} : memref<f32>) {id = 3 : i64, kind = #qrt.observer<minmax>}
func.func @observe(%x: memref<1x8x8x16xf32>, %s: memref<f32>) {
  qrt.observe ins(%x : memref<1x8x8x16xf32>) {id = 0 : i64, kind = #qrt.observer<histogram>}
  qrt.observe ins(%x : memref<1x8x8x16xf32>) {id = 1 : i64, kind = #qrt.observer<minmax>}
  qrt.observe ins(%x : memref<1x8x8x16xf32>) {id = 2 : i64, kind = #qrt.observer<per_channel_minmax>, axis = 3 : i64}
  qrt.observe ins(%s : memref<f32>) {id = 3 : i64, kind = #qrt.observer<minmax>}
  return
}

// CHECK-LABEL: func.func @new_binary_unary(
// CHECK:         qrt.binary sub ins(
// CHECK:         qrt.binary div ins(%{{.*}}, %{{.*}} : memref<4x8xf32>, memref<8xf32>) outs(%{{.*}} : memref<4x8xf32>) {activation = #qrt.activation<relu>, backend = #qrt.backend<ref>}
// CHECK:         qrt.unary tanh ins(%{{.*}} : memref<1x8x8x5xui8>)
// CHECK:         qrt.unary relu ins(
// CHECK:         qrt.unary clamp ins(%{{.*}} : memref<4x8xf32>) outs(%{{.*}} : memref<4x8xf32>) {backend = #qrt.backend<ref>, max = 6.000000e+00 : f32, min = -1.000000e+00 : f32}
// CHECK:         qrt.unary leaky_relu ins(%{{.*}} : memref<4x8xf32>) outs(%{{.*}} : memref<4x8xf32>) {alpha = 1.000000e-01 : f32, backend = #qrt.backend<ref>}
// CHECK:         qrt.unary hard_sigmoid ins(%{{.*}} : memref<4x8xf32>) outs(%{{.*}} : memref<4x8xf32>) {alpha = 2.000000e-01 : f32, backend = #qrt.backend<ref>, beta = 5.000000e-01 : f32}
func.func @new_binary_unary(%a: memref<1x8x8x5xui8>, %b: memref<1x8x8x5xui8>, %c: memref<4x8xf32>, %d: memref<8xf32>, %z: memref<4x8xf32>) {
  qrt.binary sub ins(%a, %a : memref<1x8x8x5xui8>, memref<1x8x8x5xui8>) outs(%b : memref<1x8x8x5xui8>) {backend = #qrt.backend<ref>, lhs_quant = #qrt.quant<scale = 0.1, zero_point = 1>, rhs_quant = #qrt.quant<scale = 0.2, zero_point = 2>, output_quant = #qrt.quant<scale = 0.3, zero_point = 3>}
  qrt.binary div ins(%c, %d : memref<4x8xf32>, memref<8xf32>) outs(%z : memref<4x8xf32>) {activation = #qrt.activation<relu>, backend = #qrt.backend<ref>}
  qrt.unary tanh ins(%a : memref<1x8x8x5xui8>) outs(%b : memref<1x8x8x5xui8>) {backend = #qrt.backend<ref>, input_quant = #qrt.quant<scale = 0.2, zero_point = 0>, output_quant = #qrt.quant<scale = 0.0078125, zero_point = 128>}
  qrt.unary relu ins(%c : memref<4x8xf32>) outs(%z : memref<4x8xf32>) {backend = #qrt.backend<ref>}
  qrt.unary clamp ins(%c : memref<4x8xf32>) outs(%z : memref<4x8xf32>) {backend = #qrt.backend<ref>, min = -1.0 : f32, max = 6.0 : f32}
  qrt.unary leaky_relu ins(%c : memref<4x8xf32>) outs(%z : memref<4x8xf32>) {backend = #qrt.backend<ref>, alpha = 0.1 : f32}
  qrt.unary hard_sigmoid ins(%c : memref<4x8xf32>) outs(%z : memref<4x8xf32>) {backend = #qrt.backend<ref>, alpha = 0.2 : f32, beta = 0.5 : f32}
  return
}

// CHECK-LABEL: func.func @pad_slice_reduce(
// CHECK:         qrt.pad constant ins(%{{.*}} : memref<1x4x4x3xf32>) outs(%{{.*}} : memref<1x6x6x3xf32>) {backend = #qrt.backend<ref>, pads = array<i64: 0, 1, 1, 0, 0, 1, 1, 0>, value = 0.000000e+00 : f32}
// CHECK:         qrt.pad reflect ins(%{{.*}} : memref<1x4x4x3xsi8>) outs(%{{.*}} : memref<1x6x6x3xsi8>) {backend = #qrt.backend<ref>, input_quant = #qrt.quant<scale = 1.000000e-01, zero_point = -3>, output_quant = #qrt.quant<scale = 1.000000e-01, zero_point = -3>, pads = array<i64: 0, 1, 1, 0, 0, 1, 1, 0>}
// CHECK:         qrt.pad edge ins(
// CHECK:         qrt.slice ins(%{{.*}} : memref<1x4x4x3xf32>) outs(%{{.*}} : memref<1x2x4x2xf32>) {backend = #qrt.backend<ref>, ends = array<i64: 1, 4, 4, 3>, starts = array<i64: 0, 0, 0, 1>, steps = array<i64: 1, 2, 1, 1>}
// CHECK:         qrt.slice ins(%{{.*}} : memref<6xf32>) outs(%{{.*}} : memref<3xf32>) {backend = #qrt.backend<ref>, ends = array<i64: -1>, starts = array<i64: 5>, steps = array<i64: -2>}
// CHECK:         qrt.reduce mean ins(%{{.*}} : memref<1x4x4x3xf32>) outs(%{{.*}} : memref<1x3xf32>) {axes = array<i64: 1, 2>, backend = #qrt.backend<ref>}
// CHECK:         qrt.reduce mean ins(%{{.*}} : memref<1x4x4x3xui8>) outs(%{{.*}} : memref<1x1x1x3xui8>) {axes = array<i64: 1, 2>, backend = #qrt.backend<ref>, input_quant = #qrt.quant<scale = 1.000000e-01, zero_point = 3>, keepdims, output_quant = #qrt.quant<scale = 5.000000e-02, zero_point = 7>}
func.func @pad_slice_reduce(%x: memref<1x4x4x3xf32>, %y: memref<1x6x6x3xf32>, %q: memref<1x4x4x3xsi8>, %r: memref<1x6x6x3xsi8>, %s: memref<1x2x4x2xf32>, %v: memref<6xf32>, %w: memref<3xf32>, %m: memref<1x3xf32>, %u: memref<1x4x4x3xui8>, %k: memref<1x1x1x3xui8>) {
  qrt.pad constant ins(%x : memref<1x4x4x3xf32>) outs(%y : memref<1x6x6x3xf32>) {backend = #qrt.backend<ref>, pads = array<i64: 0, 1, 1, 0, 0, 1, 1, 0>, value = 0.0 : f32}
  qrt.pad reflect ins(%q : memref<1x4x4x3xsi8>) outs(%r : memref<1x6x6x3xsi8>) {backend = #qrt.backend<ref>, pads = array<i64: 0, 1, 1, 0, 0, 1, 1, 0>, input_quant = #qrt.quant<scale = 0.1, zero_point = -3>, output_quant = #qrt.quant<scale = 0.1, zero_point = -3>}
  qrt.pad edge ins(%x : memref<1x4x4x3xf32>) outs(%y : memref<1x6x6x3xf32>) {backend = #qrt.backend<ref>, pads = array<i64: 0, 1, 1, 0, 0, 1, 1, 0>}
  qrt.slice ins(%x : memref<1x4x4x3xf32>) outs(%s : memref<1x2x4x2xf32>) {backend = #qrt.backend<ref>, starts = array<i64: 0, 0, 0, 1>, ends = array<i64: 1, 4, 4, 3>, steps = array<i64: 1, 2, 1, 1>}
  qrt.slice ins(%v : memref<6xf32>) outs(%w : memref<3xf32>) {backend = #qrt.backend<ref>, starts = array<i64: 5>, ends = array<i64: -1>, steps = array<i64: -2>}
  qrt.reduce mean ins(%x : memref<1x4x4x3xf32>) outs(%m : memref<1x3xf32>) {backend = #qrt.backend<ref>, axes = array<i64: 1, 2>}
  qrt.reduce mean ins(%u : memref<1x4x4x3xui8>) outs(%k : memref<1x1x1x3xui8>) {backend = #qrt.backend<ref>, axes = array<i64: 1, 2>, keepdims, input_quant = #qrt.quant<scale = 0.1, zero_point = 3>, output_quant = #qrt.quant<scale = 0.05, zero_point = 7>}
  return
}

// RUN: quant-opt %s --split-input-file --convert-qnn-to-qrt=backend=ref | FileCheck %s

// Integer graph inputs and outputs of an already-quantized model: the
// importer's signless i8 argument behind quant.scast becomes a ui8/si8
// memref (signedness from qnn.onnx_type) carrying its scale and zero point
// as `qrt.quant`; the scast is no kernel. 4-D ones are transposed like f32.
// The QLinearConv import: convert-qnn-to-qrt-qlinearconv.test; compiled
// and run: test/tools/quant-compile/qlinearconv.test.

// CHECK-LABEL: func.func @dequantize_s8(
// CHECK-SAME:      %[[X:.*]]: memref<2x3xsi8> {qnn.onnx_type = "INT8", qrt.quant = #qrt.quant<scale = 2.500000e-01, zero_point = -3>}) -> memref<2x3xf32>
// CHECK-NEXT:    %[[Y:.*]] = memref.alloc() : memref<2x3xf32>
// CHECK-NEXT:    qrt.convert dequantize ins(%[[X]] : memref<2x3xsi8>) outs(%[[Y]] : memref<2x3xf32>) {backend = #qrt.backend<ref>, input_quant = #qrt.quant<scale = 2.500000e-01, zero_point = -3>}
// CHECK-NEXT:    return %[[Y]]
func.func @dequantize_s8(%x: tensor<2x3xi8> {qnn.onnx_type = "INT8"}) -> tensor<2x3xf32> {
  %q = quant.scast %x : tensor<2x3xi8> to tensor<2x3x!quant.uniform<i8:f32, 0.25:-3>>
  %f = quant.dcast %q : tensor<2x3x!quant.uniform<i8:f32, 0.25:-3>> to tensor<2x3xf32>
  return %f : tensor<2x3xf32>
}

// -----

// A quantized output leaves as its storage: the transpose back to NCHW
// runs on ui8.
// CHECK-LABEL: func.func @quantize_u8(
// CHECK-SAME:      %[[X:.*]]: memref<1x2x2x2xf32>) -> (memref<1x2x2x2xui8> {qnn.onnx_type = "UINT8", qrt.quant = #qrt.quant<scale = 5.000000e-01, zero_point = 128>})
// CHECK:         qrt.convert quantize ins(%{{.*}} : memref<1x2x2x2xf32>) outs(%[[Q:.*]] : memref<1x2x2x2xui8>)
// CHECK:         %[[OUT:.*]] = memref.alloc() : memref<1x2x2x2xui8>
// CHECK-NEXT:    qrt.layout transpose ins(%[[Q]] : memref<1x2x2x2xui8>) outs(%[[OUT]] : memref<1x2x2x2xui8>) {backend = #qrt.backend<ref>, perm = array<i64: 0, 3, 1, 2>}
// CHECK-NEXT:    return %[[OUT]]
func.func @quantize_u8(%x: tensor<1x2x2x2xf32>) -> (tensor<1x2x2x2xi8> {qnn.onnx_type = "UINT8"}) {
  %q = quant.qcast %x : tensor<1x2x2x2xf32> to tensor<1x2x2x2x!quant.uniform<u8:f32, 0.5:128>>
  %s = quant.scast %q : tensor<1x2x2x2x!quant.uniform<u8:f32, 0.5:128>> to tensor<1x2x2x2xi8>
  return %s : tensor<1x2x2x2xi8>
}

// -----

// An int8 conv between integer boundaries: no quantize or dequantize kernel.
// CHECK-LABEL: func.func @conv_u8_io(
// CHECK-SAME:      %[[X:.*]]: memref<1x1x2x2xui8> {qnn.onnx_type = "UINT8", qrt.quant = #qrt.quant<scale = 5.000000e-01, zero_point = 120>})
// CHECK-SAME:      -> (memref<1x1x2x2xui8> {qnn.onnx_type = "UINT8", qrt.quant = #qrt.quant<scale = 2.500000e-01, zero_point = 10>})
// CHECK-NOT:     qrt.convert
// CHECK:         qrt.layout transpose ins(%[[X]] : memref<1x1x2x2xui8>)
// CHECK:         qrt.conv2d
// CHECK-NOT:     qrt.convert
// CHECK:         return
func.func @conv_u8_io(%x: tensor<1x1x2x2xi8> {qnn.onnx_type = "UINT8"}) -> (tensor<1x1x2x2xi8> {qnn.onnx_type = "UINT8"}) {
  %xq = quant.scast %x : tensor<1x1x2x2xi8> to tensor<1x1x2x2x!quant.uniform<u8:f32, 0.5:120>>
  %w = arith.constant dense<2> : tensor<1x1x1x1xi8>
  %wq = quant.scast %w : tensor<1x1x1x1xi8> to tensor<1x1x1x1x!quant.uniform<i8:f32, 0.5>>
  %y = qnn.conv2d %xq, %wq {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x2x2x!quant.uniform<u8:f32, 0.5:120>>, tensor<1x1x1x1x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x1x2x2x!quant.uniform<u8:f32, 0.25:10>>
  %ys = quant.scast %y : tensor<1x1x2x2x!quant.uniform<u8:f32, 0.25:10>> to tensor<1x1x2x2xi8>
  return %ys : tensor<1x1x2x2xi8>
}

// -----

// Data that is not one per-tensor quantity (per-axis; read as two types;
// returned as is) is raw integers: scale 1, zero point 0.
// CHECK-LABEL: func.func @per_axis(
// CHECK-SAME:      memref<1x2x2x2xui8> {qnn.onnx_type = "UINT8", qrt.quant = #qrt.quant<scale = 1.000000e+00, zero_point = 0>}
// CHECK:         qrt.convert dequantize {{.*}} input_quant = #qrt.quant<scales = [5.000000e-01, 2.500000e-01], axis = 3, zero_point = 1>
func.func @per_axis(%x: tensor<1x2x2x2xi8> {qnn.onnx_type = "UINT8"}) -> tensor<1x2x2x2xf32> {
  %q = quant.scast %x : tensor<1x2x2x2xi8> to tensor<1x2x2x2x!quant.uniform<u8:f32:1, {0.5:1, 0.25:1}>>
  %f = quant.dcast %q : tensor<1x2x2x2x!quant.uniform<u8:f32:1, {0.5:1, 0.25:1}>> to tensor<1x2x2x2xf32>
  return %f : tensor<1x2x2x2xf32>
}

// CHECK-LABEL: func.func @two_types(
// CHECK-SAME:      %[[X:.*]]: memref<2x3xui8> {qnn.onnx_type = "UINT8", qrt.quant = #qrt.quant<scale = 1.000000e+00, zero_point = 0>})
// CHECK-SAME:      -> (memref<2x3xf32>, memref<2x3xf32>, memref<2x3xui8> {qnn.onnx_type = "UINT8", qrt.quant = #qrt.quant<scale = 1.000000e+00, zero_point = 0>})
// CHECK:         qrt.convert dequantize ins(%[[X]] : {{.*}}) {{.*}} input_quant = #qrt.quant<scale = 1.000000e+00, zero_point = 128>
// CHECK:         qrt.convert dequantize ins(%[[X]] : {{.*}}) {{.*}} input_quant = #qrt.quant<scale = 1.000000e+00, zero_point = 0>
// CHECK:         return %{{.*}}, %{{.*}}, %[[X]] :
func.func @two_types(%x: tensor<2x3xi8> {qnn.onnx_type = "UINT8"}) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xi8> {qnn.onnx_type = "UINT8"}) {
  %a = quant.scast %x : tensor<2x3xi8> to tensor<2x3x!quant.uniform<u8:f32, 1.0:128>>
  %b = quant.scast %x : tensor<2x3xi8> to tensor<2x3x!quant.uniform<u8:f32, 1.0>>
  %fa = quant.dcast %a : tensor<2x3x!quant.uniform<u8:f32, 1.0:128>> to tensor<2x3xf32>
  %fb = quant.dcast %b : tensor<2x3x!quant.uniform<u8:f32, 1.0>> to tensor<2x3xf32>
  return %fa, %fb, %x : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xi8>
}

// -----

// A node left in float in a QDQ model reads its weight and bias through
// dcast: dequantized at compile time into f32 globals, no kernel.
// CHECK: memref.global "private" constant @__constant_f32 : memref<2x3xf32> = dense<{{\[\[}}5.000000e-01, -1.000000e+00, 1.500000e+00], [-5.000000e-01, 0.000000e+00, 2.500000e-01]]>
// CHECK: memref.global "private" constant @__constant_f32_0 : memref<2xf32> = dense<[2.500000e+00, -1.250000e+00]>
// CHECK-LABEL: func.func @float_fc(
// CHECK-NOT:     qrt.convert
// CHECK:         qrt.fully_connected ins(%{{.*}}, %{{.*}}, %{{.*}} : memref<1x3xf32>, memref<2x3xf32>, memref<2xf32>)
func.func @float_fc(%x: tensor<1x3xf32>) -> tensor<1x2xf32> {
  %w = arith.constant dense<[[1, -2, 3], [-2, 0, 1]]> : tensor<2x3xi8>
  %wq = quant.scast %w : tensor<2x3xi8> to tensor<2x3x!quant.uniform<i8:f32:0, {0.5, 0.25}>>
  %wf = quant.dcast %wq : tensor<2x3x!quant.uniform<i8:f32:0, {0.5, 0.25}>> to tensor<2x3xf32>
  %b = arith.constant dense<[10, -5]> : tensor<2xi32>
  %bq = quant.scast %b : tensor<2xi32> to tensor<2x!quant.uniform<i32:f32, 0.25>>
  %bf = quant.dcast %bq : tensor<2x!quant.uniform<i32:f32, 0.25>> to tensor<2xf32>
  %y = qnn.fully_connected %x, %wf, %bf : (tensor<1x3xf32>, tensor<2x3xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// RUN: quant-opt %s --split-input-file --convert-qnn-to-qrt="backend=ref io=int8" | FileCheck %s
// RUN: quant-opt %s --split-input-file --convert-qnn-to-qrt="backend=ref io=float" | FileCheck %s --check-prefix=FLOAT
// RUN: not quant-opt %s --split-input-file --convert-qnn-to-qrt="io=f16" 2>&1 | FileCheck %s --check-prefix=BAD

// io=int8: the argument's qcast and the result's dcast leave the model; the
// caller exchanges the int8 data, described by `qrt.quant`.
// CHECK-LABEL: func.func @fc(
// CHECK-SAME:      %[[X:.*]]: memref<2x3xui8> {qnn.name = "x", qrt.quant = #qrt.quant<scale = 5.000000e-02, zero_point = 128>})
// CHECK-SAME:      -> (memref<2x4xsi8> {qnn.name = "y", qrt.quant = #qrt.quant<scale = 1.000000e-01, zero_point = -5>})
// CHECK-NOT:     qrt.convert
// CHECK:         qrt.fully_connected ins(%[[X]], %{{.*}} : memref<2x3xui8>, memref<4x3xsi8>) outs(%[[Y:.*]] : memref<2x4xsi8>)
// CHECK-NOT:     qrt.convert
// CHECK:         return %[[Y]] : memref<2x4xsi8>
// FLOAT-LABEL: func.func @fc(
// FLOAT-SAME:      memref<2x3xf32> {qnn.name = "x"}) -> (memref<2x4xf32> {qnn.name = "y"})
// FLOAT:         qrt.convert quantize
// FLOAT:         qrt.convert dequantize
// BAD: error: unknown io 'f16' (expected float or int8)
func.func @fc(%x: tensor<2x3xf32> {qnn.name = "x"}) -> (tensor<2x4xf32> {qnn.name = "y"}) {
  %xq = quant.qcast %x : tensor<2x3xf32> to tensor<2x3x!quant.uniform<u8:f32, 0.05:128>>
  %w = arith.constant dense<1> : tensor<4x3xi8>
  %wq = quant.scast %w : tensor<4x3xi8> to tensor<4x3x!quant.uniform<i8:f32, 0.01>>
  %y = qnn.fully_connected %xq, %wq : (tensor<2x3x!quant.uniform<u8:f32, 0.05:128>>, tensor<4x3x!quant.uniform<i8:f32, 0.01>>) -> tensor<2x4x!quant.uniform<i8:f32, 0.1:-5>>
  %yf = quant.dcast %y : tensor<2x4x!quant.uniform<i8:f32, 0.1:-5>> to tensor<2x4xf32>
  return %yf : tensor<2x4xf32>
}

// -----

// 4-D: the boundary transposes run on ui8. A dcast that also feeds a float
// op keeps its dequantize kernel for that op; the result is still int8.
// CHECK-LABEL: func.func @nchw(
// CHECK-SAME:      %[[X:.*]]: memref<1x2x2x2xui8> {qrt.quant = #qrt.quant<scale = 5.000000e-02, zero_point = 128>})
// CHECK-SAME:      -> (memref<1x2x2x2xui8> {qrt.quant = #qrt.quant<scale = 5.000000e-02, zero_point = 128>}, memref<1x2x2x2xf32>)
// CHECK:         qrt.layout transpose ins(%[[X]] : memref<1x2x2x2xui8>) outs(%[[XT:.*]] : memref<1x2x2x2xui8>)
// CHECK:         qrt.pool2d max ins(%[[XT]] : {{.*}}) outs(%[[P:.*]] : memref<1x2x2x2xui8>)
// CHECK:         qrt.convert dequantize ins(%[[P]] : {{.*}}) outs(%[[PF:.*]] : memref<1x2x2x2xf32>)
// CHECK:         qrt.unary relu ins(%[[PF]] :
// CHECK:         qrt.layout transpose ins(%[[P]] : memref<1x2x2x2xui8>) outs(%[[OUT:.*]] : memref<1x2x2x2xui8>)
// CHECK:         return %[[OUT]], %{{.*}} : memref<1x2x2x2xui8>, memref<1x2x2x2xf32>
func.func @nchw(%x: tensor<1x2x2x2xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) {
  %xq = quant.qcast %x : tensor<1x2x2x2xf32> to tensor<1x2x2x2x!quant.uniform<u8:f32, 0.05:128>>
  %p = qnn.max_pool %xq {ceil_mode = false, dilations = array<i64: 1, 1>, kernel = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x2x2x!quant.uniform<u8:f32, 0.05:128>>) -> tensor<1x2x2x2x!quant.uniform<u8:f32, 0.05:128>>
  %pf = quant.dcast %p : tensor<1x2x2x2x!quant.uniform<u8:f32, 0.05:128>> to tensor<1x2x2x2xf32>
  %r = qnn.relu %pf : tensor<1x2x2x2xf32>
  return %pf, %r : tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>
}

// -----

// An argument that a float op also reads stays f32 (and keeps its
// quantize); so does a result that is not a dcast.
// CHECK-LABEL: func.func @stays_float(
// CHECK-SAME:      memref<4xf32>) -> memref<4xf32>
// CHECK:         qrt.convert quantize
func.func @stays_float(%x: tensor<4xf32>) -> tensor<4xf32> {
  %xq = quant.qcast %x : tensor<4xf32> to tensor<4x!quant.uniform<u8:f32, 0.05:128>>
  %r = qnn.relu %x : tensor<4xf32>
  %xf = quant.dcast %xq : tensor<4x!quant.uniform<u8:f32, 0.05:128>> to tensor<4xf32>
  %s = qnn.add %r, %xf : tensor<4xf32>, tensor<4xf32> -> tensor<4xf32>
  return %s : tensor<4xf32>
}

// A QDQ model as exporters write it (Inputs/qdq-exported.onnxtxt): every op
// with an int8 kernel becomes integer, relu folds into conv and add, the
// float bias is quantized at sx*sw[c] (0.5 * {0.5, 0.25, 0.125}: 4, -16,
// 4.8 -> 5), the Gemm's i32 bias is the fully_connected's, the MatMul weight
// is transposed on the host; LeakyRelu after a conv and Sub stay float, the
// float conv on f32 constants.
// RUN: quant-translate --import-onnx --mlir-print-debuginfo %S/Inputs/qdq-exported.onnxtxt \
// RUN:   | quant-opt -qnn-lower-qdq 2>%t.remarks | FileCheck %s
// RUN: FileCheck %s --check-prefix=REMARK < %t.remarks

// CHECK-LABEL: func.func @main(
// CHECK:         %[[XQ:.*]] = quant.qcast %arg0
// CHECK:         %[[B1:.*]] = arith.constant dense<[100, -200, 300]> : tensor<3xi32>
// CHECK:         %[[C1:.*]] = qnn.conv2d %[[XQ]], %{{.*}}, %[[B1]] {activation = #qnn.activation<relu>, {{.*}}} : {{.*}} -> tensor<1x3x4x4x!quant.uniform<u8:f32, 2.500000e-01>>
// CHECK:         %[[B2:.*]] = arith.constant dense<[4, -16, 5]> : tensor<3xi32>
// CHECK:         %[[C2:.*]] = qnn.conv2d %[[XQ]], %{{.*}}, %[[B2]] {{.*}} -> tensor<1x3x4x4x!quant.uniform<u8:f32, 1.250000e-01:100>>
// CHECK:         %[[S:.*]] = qnn.add %[[C1]], %[[C2]] {activation = #qnn.activation<relu>} : {{.*}} -> tensor<1x3x4x4x!quant.uniform<u8:f32, 5.000000e-01>>
// CHECK:         %[[VQ:.*]] = quant.qcast %arg1
// CHECK:         %[[GB:.*]] = arith.constant dense<[7, -8, 9]> : tensor<3xi32>
// CHECK:         qnn.fully_connected %[[VQ]], %{{.*}}, %[[GB]] : {{.*}} -> tensor<1x3x!quant.uniform<i8:f32, 0.10000000149011612>>
// CHECK:         %[[MW:.*]] = arith.constant dense_resource<mw_t> : tensor<3x4xi8>
// CHECK:         %[[MWQ:.*]] = quant.scast %[[MW]] : tensor<3x4xi8> to tensor<3x4x!quant.uniform<i8:f32:0, {5.000000e-01,2.500000e-01,1.000000e+00}>>
// CHECK:         qnn.fully_connected %[[VQ]], %[[MWQ]] :
// CHECK:         %[[L:.*]] = qnn.conv2d %{{.*}}, %cst{{.*}} {{{.*}}qnn.float_reason = "the result is used by qnn.leaky_relu, not only by quant.qcast"{{.*}}} : (tensor<1x2x4x4xf32>, tensor<3x2x1x1xf32>) -> tensor<1x3x4x4xf32>
// CHECK:         qnn.leaky_relu %[[L]]
// CHECK:         qnn.sub {{.*}}qnn.float_reason = "no lowering for qnn.sub"
// CHECK-NOT:     qnn.transpose
// CHECK:         mw_t: "0x010000000104070A0205080B0306090C"

// REMARK:     remark: 'Conv_26' (qnn.conv2d) stays in float: the result is used by qnn.leaky_relu, not only by quant.qcast
// REMARK:     remark: 'LeakyRelu_27' (qnn.leaky_relu) stays in float: input #0 is not dequantized
// REMARK:     remark: 'Sub_30' (qnn.sub) stays in float: no lowering for qnn.sub
// REMARK-NOT: remark:

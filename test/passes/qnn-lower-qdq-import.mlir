// An already-quantized ONNX model takes the same path as one quantized by
// quant-mlir: QLinearConv imports as dcast -> float conv -> qcast (with the
// i32 bias behind dcast(scast)), and qnn-lower-qdq turns it back into one
// integer conv. The second conv reads the first directly, the MaxPool keeps
// its input's type, and the float Relu keeps a dcast and says why, by its
// ONNX node name (the importer's locations survive with debug info).
// RUN: quant-translate --import-onnx --mlir-print-debuginfo %S/Inputs/qlinearconv.onnxtxt \
// RUN:   | quant-opt -qnn-lower-qdq 2>%t.remarks | FileCheck %s
// RUN: FileCheck %s --check-prefix=REMARK < %t.remarks

// CHECK-LABEL: func.func @main(
// CHECK-SAME:      %[[X:[^:]*]]: tensor<1x2x4x4xi8>
// CHECK-NEXT:    %[[XQ:.*]] = quant.scast %[[X]] : tensor<1x2x4x4xi8> to tensor<1x2x4x4x!quant.uniform<u8:f32, 5.000000e-01:120>>
// CHECK-NEXT:    %[[W:.*]] = arith.constant dense_resource<w> : tensor<3x2x3x3xi8>
// CHECK-NEXT:    %[[WQ:.*]] = quant.scast %[[W]] : tensor<3x2x3x3xi8> to tensor<3x2x3x3x!quant.uniform<i8:f32:0, {5.000000e-01,2.500000e-01,1.250000e-01}>>
// CHECK-NEXT:    %[[B:.*]] = arith.constant dense<[1000, -2000, 3000]> : tensor<3xi32>
// CHECK-NEXT:    %[[Y1:.*]] = qnn.conv2d %[[XQ]], %[[WQ]], %[[B]] {{{.*}}pads = array<i64: 1, 1, 1, 1>{{.*}}} : (tensor<1x2x4x4x!quant.uniform<u8:f32, 5.000000e-01:120>>, tensor<3x2x3x3x!quant.uniform<i8:f32:0, {5.000000e-01,2.500000e-01,1.250000e-01}>>, tensor<3xi32>) -> tensor<1x3x4x4x!quant.uniform<u8:f32, 2.500000e-01:10>>
// CHECK-NEXT:    %[[W2:.*]] = arith.constant dense_resource<w2> : tensor<3x3x1x1xi8>
// CHECK-NEXT:    %[[W2Q:.*]] = quant.scast %[[W2]] : tensor<3x3x1x1xi8> to tensor<3x3x1x1x!quant.uniform<i8:f32, 1.250000e-01>>
// CHECK-NEXT:    %[[Y2:.*]] = qnn.conv2d %[[Y1]], %[[W2Q]] {{.*}} : (tensor<1x3x4x4x!quant.uniform<u8:f32, 2.500000e-01:10>>, tensor<3x3x1x1x!quant.uniform<i8:f32, 1.250000e-01>>) -> tensor<1x3x4x4x!quant.uniform<u8:f32, 5.000000e-01:3>>
// CHECK-NEXT:    %[[D:.*]] = quant.dcast %[[Y2]] : tensor<1x3x4x4x!quant.uniform<u8:f32, 5.000000e-01:3>> to tensor<1x3x4x4xf32>
// CHECK-NEXT:    %[[P:.*]] = qnn.max_pool %[[Y2]] {{.*}} : (tensor<1x3x4x4x!quant.uniform<u8:f32, 5.000000e-01:3>>) -> tensor<1x3x2x2x!quant.uniform<u8:f32, 5.000000e-01:3>>
// CHECK-NEXT:    %[[F:.*]] = qnn.relu %[[D]] {qnn.float_reason = "the result is used by func.return, not only by quant.qcast"} : tensor<1x3x4x4xf32>
// CHECK-NEXT:    %[[PS:.*]] = quant.scast %[[P]] : {{.*}} to tensor<1x3x2x2xi8>
// CHECK-NEXT:    return %[[PS]], %[[F]]

// REMARK:     qlinearconv.onnxtxt:0:0: remark: 'Relu_5' (qnn.relu) stays in float: the result is used by func.return, not only by quant.qcast
// REMARK-NOT: remark:

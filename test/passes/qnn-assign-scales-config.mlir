// Activation and weight settings from the quantization config. Statistics:
// input [-1, 3], output [-2, 2].

// RUN: quant-opt %s -qnn-assign-scales=config=%S/Inputs/qconfig-s8.json | FileCheck %s --check-prefix=S8
// s8 [-128, 127]: same scale 4/255, zero points round(-128 + 1/s) = -64 and
// round(-128 + 2/s) = -1.
// S8-LABEL: func.func @fc
// S8:         quant.qcast %{{.*}} to tensor<1x3x!quant.uniform<i8:f32, 0.015686275437474251:-64>>
// S8:         quant.scast %{{.*}} to tensor<2x3x!quant.uniform<i8<-127:127>:f32:0, {0.0078740157186985015,0.015748031437397003}>>
// S8:         quant.qcast %{{.*}} to tensor<1x2x!quant.uniform<i8:f32, 0.015686275437474251:-1>>

// RUN: quant-opt %s -qnn-assign-scales=config=%S/Inputs/qconfig-symmetric.json | FileCheck %s --check-prefix=SYM
// Symmetric u8: scale max|x| / 127.5 (3/127.5, 2/127.5), zero point 128; the
// bias scales follow the input scale (sx * sw[c]).
// SYM-LABEL: func.func @fc
// SYM:         quant.qcast %{{.*}} to tensor<1x3x!quant.uniform<u8:f32, 0.023529412224888802:128>>
// SYM:         quant.scast %{{.*}} to tensor<2x!quant.uniform<i32:f32:0, {1.8527096171051111E-4,3.7054192342102221E-4}>>
// SYM:         quant.qcast %{{.*}} to tensor<1x2x!quant.uniform<u8:f32, 0.015686275437474251:128>>

// RUN: quant-opt %s -qnn-assign-scales=config=%S/Inputs/qconfig-per-tensor-weights.json | FileCheck %s --check-prefix=PT
// per_channel false (op_type given as ONNX's Gemm): one scale max|w|/127 =
// 2/127 for the whole weight, and a per-tensor bias of scale sx * sw.
// PT-LABEL: func.func @fc
// PT:         %[[W:.*]] = arith.constant dense<{{\[}}[64, -38, 13], [-127, 32, 57]]> : tensor<2x3xi8>
// PT-NEXT:    quant.scast %[[W]] : tensor<2x3xi8> to tensor<2x3x!quant.uniform<i8<-127:127>:f32, 0.015748031437397003>>
// PT:         %[[B:.*]] = arith.constant dense<[405, -810]> : tensor<2xi32>
// PT-NEXT:    quant.scast %[[B]] : tensor<2xi32> to tensor<2x!quant.uniform<i32:f32, 2.4702795872501293E-4>>

// RUN: quant-opt %s -qnn-assign-scales=config=%S/Inputs/qconfig-fc1-s8-symmetric.json | FileCheck %s --check-prefix=PREC
// global s8 < op_type fully_connected u8 < node_name fc1 symmetric: u8
// symmetric for fc1's output and, as its only reader, for the graph input.
// PREC-LABEL: func.func @fc
// PREC:         quant.qcast %{{.*}} to tensor<1x3x!quant.uniform<u8:f32, 0.023529412224888802:128>>
// PREC:         quant.qcast %{{.*}} to tensor<1x2x!quant.uniform<u8:f32, 0.015686275437474251:128>>

func.func @fc(%x: tensor<1x3xf32>) -> tensor<1x2xf32> {
  %xo = qnn.observe %x {id = 0 : i64, observer = #qnn.observer<minmax>, stats = #qnn.stats<min = -1.0, max = 3.0, count = 16>} : tensor<1x3xf32>
  %w = arith.constant dense<[[1.0, -0.6, 0.2], [-2.0, 0.5, 0.9]]> : tensor<2x3xf32>
  %b = arith.constant dense<[0.1, -0.2]> : tensor<2xf32>
  %y = qnn.fully_connected %xo, %w, %b : (tensor<1x3xf32>, tensor<2x3xf32>, tensor<2xf32>) -> tensor<1x2xf32> loc("fc1")
  %yo = qnn.observe %y {id = 1 : i64, observer = #qnn.observer<minmax>, stats = #qnn.stats<min = -2.0, max = 2.0, count = 8>} : tensor<1x2xf32>
  return %yo : tensor<1x2xf32>
}

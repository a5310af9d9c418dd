// The qnn-prepare and qnn-convert pipelines and their options.

// prepare = fold-batchnorm, fuse (backend ref: residual and activation fuse),
// insert-observers (config).
// RUN: quant-opt %s '--qnn-prepare=backend=ref config=%S/Inputs/qconfig-pipeline.json' \
// RUN:   | FileCheck %s --check-prefix=PREPARE

// convert = assign-scales (method, config) + lower-qdq: integer ops only.
// RUN: quant-opt %s '--qnn-prepare=backend=ref config=%S/Inputs/qconfig-pipeline.json' \
// RUN:   --qnn-test-synthesize-stats '--qnn-convert=method=mse config=%S/Inputs/qconfig-pipeline.json' \
// RUN:   | FileCheck %s --check-prefixes=CONVERT,MSE
// The same with the default method, minmax: only the scales differ.
// RUN: quant-opt %s '--qnn-prepare=backend=ref config=%S/Inputs/qconfig-pipeline.json' \
// RUN:   --qnn-test-synthesize-stats '--qnn-convert=config=%S/Inputs/qconfig-pipeline.json' \
// RUN:   | FileCheck %s --check-prefixes=CONVERT,MINMAX
// No qnn op is left with a float result.
// RUN: quant-opt %s '--qnn-prepare=backend=ref config=%S/Inputs/qconfig-pipeline.json' \
// RUN:   --qnn-test-synthesize-stats '--qnn-convert=method=mse config=%S/Inputs/qconfig-pipeline.json' \
// RUN:   | FileCheck %s --check-prefix=NOFLOAT

// xnnpack fuses no residual: the add stays, the relu after it cannot fuse
// and runs as its own int8 kernel (ref): it is observed like the add.
// RUN: quant-opt %s --qnn-prepare=backend=xnnpack 2>&1 | FileCheck %s --check-prefix=XNN

// Options reach the passes: a bad backend, config or method is an error.
// RUN: not quant-opt %s --qnn-prepare=backend=tpu 2>&1 | FileCheck %s --check-prefix=BAD-BACKEND
// RUN: not quant-opt %s --qnn-prepare=config=%S/Inputs/qconfig-bad-dtype.json 2>&1 | FileCheck %s --check-prefix=BAD-CONFIG
// RUN: not quant-opt %s --qnn-prepare --qnn-test-synthesize-stats --qnn-convert=method=kl 2>&1 | FileCheck %s --check-prefix=BAD-METHOD

// The bundled example converts completely.
// RUN: quant-translate --import-onnx %qmlir_src_root/examples/digits_cnn.onnx --mlir-print-debuginfo \
// RUN:   | quant-opt --qnn-prepare --qnn-test-synthesize-stats --qnn-convert --qnn-report -o /dev/null \
// RUN:   | FileCheck %s --check-prefix=DIGITS

// BatchNorm folded into the weights (channel 1: k = 2 / sqrt(0.25) = 4) and
// bias ((0 - 1) * 4 - 0.5 = -4.5); add and relu fused.
// PREPARE-LABEL: func.func @net
// PREPARE-SAME:    (%[[X:.*]]: tensor<1x2x4x4xf32>)
// PREPARE:         %[[XO:.*]] = qnn.observe %[[X]] {id = 0 : i64
// PREPARE-DAG:     %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}5.000000e-01]], {{\[\[}}-2.500000e-01]]], {{\[\[\[}}5.000000e-01]], {{\[\[}}4.000000e+00]]]]> : tensor<2x2x1x1xf32>
// PREPARE-DAG:     %[[B:.*]] = arith.constant dense<[5.000000e-01, -4.500000e+00]> : tensor<2xf32>
// PREPARE:         %[[Y:.*]] = qnn.conv2d %[[XO]], %[[W]], %[[B]] residual %[[XO]] {activation = #qnn.activation<relu>
// PREPARE-NEXT:    %[[YO:.*]] = qnn.observe %[[Y]] {id = 1 : i64
// PREPARE-NEXT:    %[[P:.*]] = qnn.max_pool %[[YO]]
// PREPARE-NEXT:    %[[F:.*]] = qnn.flatten %[[P]]
// PREPARE-NEXT:    %[[Z:.*]] = qnn.fully_connected %[[F]]
// PREPARE-NEXT:    %[[ZO:.*]] = qnn.observe %[[Z]] {id = 2 : i64
// PREPARE-NEXT:    return %[[ZO]]

// Input: synthetic N(0, 0.5^2). conv1's output (fused relu, non-negative):
// minmax 0.015485, mse 0.015456. fc1's weights per tensor (config).
// CONVERT-LABEL:  func.func @net
// CONVERT-SAME:     (%[[X:.*]]: tensor<1x2x4x4xf32>)
// CONVERT:          %[[XQ:.*]] = quant.qcast %[[X]] : tensor<1x2x4x4xf32> to tensor<1x2x4x4x!quant.uniform<u8:f32, 0.014357129111886024:117>>
// CONVERT:          %[[W:.*]] = quant.scast %{{.*}} : tensor<2x2x1x1xi8> to tensor<2x2x1x1x!quant.uniform<i8<-127:127>:f32:0, {0.0039370078593492508,0.031496062874794006}>>
// CONVERT:          %[[B:.*]] = arith.constant dense<{{\[}}{{-?[0-9]+}}, {{-?[0-9]+}}]> : tensor<2xi32>
// CONVERT-NEXT:     %[[Y:.*]] = qnn.conv2d %[[XQ]], %[[W]], %[[B]] residual %[[XQ]] {activation = #qnn.activation<relu>
// MINMAX-SAME:      -> tensor<1x2x4x4x!quant.uniform<u8:f32, 0.015484887175261974>>
// MSE-SAME:         -> tensor<1x2x4x4x!quant.uniform<u8:f32, 0.015456494875252247>>
// CONVERT-NEXT:     %[[P:.*]] = qnn.max_pool %[[Y]]
// CONVERT-NEXT:     %[[F:.*]] = qnn.flatten %[[P]]
// CONVERT:          %[[WF:.*]] = quant.scast %{{.*}} : tensor<3x8xi8> to tensor<3x8x!quant.uniform<i8<-127:127>:f32, 0.0019685039296746254>>
// CONVERT:          %[[Z:.*]] = qnn.fully_connected %[[F]], %[[WF]], %{{.*}} :
// CONVERT-SAME:       tensor<3xi32>) -> tensor<1x3x!quant.uniform<u8:f32, {{.*}}>>
// CONVERT-NEXT:     %[[ZD:.*]] = quant.dcast %[[Z]]
// CONVERT-NEXT:     return %[[ZD]]

// NOFLOAT-NOT: = qnn.{{.*}}xf32>{{$}}

// XNN-NOT:     stays float
// XNN-LABEL:   func.func @net
// XNN:         %[[Y:.*]] = qnn.conv2d
// XNN-NEXT:    %[[YO:.*]] = qnn.observe %[[Y]]
// XNN-NEXT:    %[[A:.*]] = qnn.add %[[YO]], %{{.*}} {activation = #qnn.activation<relu>}
// XNN-NEXT:    qnn.observe %[[A]]
// XNN-NOT:     qnn.relu

// BAD-BACKEND: unknown backend 'tpu'
// BAD-CONFIG:  qconfig-bad-dtype.json:4:7: error: activation dtype must be "u8" or "s8"
// BAD-METHOD:  error: unknown calibration method 'kl'

// DIGITS: int8 MACs: 451904 of 451904 (100.00%); 7 of 7 compute nodes in int8

func.func @net(%x: tensor<1x2x4x4xf32>) -> tensor<1x3xf32> {
  %w = arith.constant dense<[[[[0.5]], [[-0.25]]], [[[0.125]], [[1.0]]]]> : tensor<2x2x1x1xf32>
  %y = qnn.conv2d %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32> loc("conv1")
  %s = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %b = arith.constant dense<[0.5, -0.5]> : tensor<2xf32>
  %m = arith.constant dense<[0.0, 1.0]> : tensor<2xf32>
  %v = arith.constant dense<[1.0, 0.25]> : tensor<2xf32>
  %n = qnn.batch_norm %y, %s, %b, %m, %v {epsilon = 0.0 : f32} : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32> loc("bn1")
  %a = qnn.add %n, %x : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32> -> tensor<1x2x4x4xf32> loc("add1")
  %r = qnn.relu %a : tensor<1x2x4x4xf32> loc("relu1")
  %p = qnn.max_pool %r {ceil_mode = false, dilations = array<i64: 1, 1>, kernel = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32> loc("pool1")
  %f = qnn.flatten %p {axis = 1 : i64} : (tensor<1x2x2x2xf32>) -> tensor<1x8xf32> loc("flatten1")
  %wf = arith.constant dense<0.25> : tensor<3x8xf32>
  %bf = arith.constant dense<[0.1, 0.2, 0.3]> : tensor<3xf32>
  %z = qnn.fully_connected %f, %wf, %bf : (tensor<1x8xf32>, tensor<3x8xf32>, tensor<3xf32>) -> tensor<1x3xf32> loc("fc1")
  return %z : tensor<1x3xf32>
}

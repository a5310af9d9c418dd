// A small model quantized end to end, with fc2 kept float by the config.
// RUN: quant-opt %s -verify-diagnostics -o /dev/null \
// RUN:   --qnn-prepare=config=%S/Inputs/qconfig-report-fc2-null.json \
// RUN:   --qnn-test-synthesize-stats --qnn-convert --qnn-report \
// RUN:   | FileCheck %s

// Nothing quantized: every node is float, and since no pass recorded why, the
// report says so and emits the remark itself. The report goes to `output`.
// RUN: quant-opt %s --qnn-report=output=%t -o /dev/null 2>&1 | FileCheck %s --check-prefix=REMARK
// RUN: FileCheck %s --check-prefix=FLOAT < %t

// FileCheck folds runs of spaces, so the columns are matched with one.
// MACs: conv1 1x4x8x8 outputs x 3x3 taps = 2304, fc1 64x10 = 640, fc2
// 10x4 = 40; int8 2944 of 2984 = 98.66%. The relu is fused into conv1.
// CHECK:      {{^}}node op mode MACs reason
// CHECK-NEXT: {{^}}conv1 qnn.conv2d int8 2304{{ *$}}
// CHECK-NEXT: {{^}}pool1 qnn.max_pool int8 0{{ *$}}
// CHECK-NEXT: {{^}}flatten1 qnn.flatten int8 0{{ *$}}
// CHECK-NEXT: {{^}}fc1 qnn.fully_connected int8 640{{ *$}}
// CHECK-NEXT: {{^}}fc2 qnn.fully_connected float 40 the quantization config (node_name 'fc2') sets it to null
// CHECK-NEXT: {{^}}softmax1 qnn.softmax int8 0{{ *$}}
// CHECK-NEXT: {{^}}int8 MACs: 2944 of 2984 (98.66%); 5 of 6 compute nodes in int8

// REMARK-DAG: remark: {{.*}}node 'conv1' (qnn.conv2d) stays float: no pass quantized it (no statistics or no Q/DQ pattern)
// REMARK-DAG: remark: {{.*}}node 'softmax1' (qnn.softmax) stays float: no pass quantized it

// FLOAT:      {{^}}conv1 qnn.conv2d float 2304 no pass quantized it (no statistics or no Q/DQ pattern)
// FLOAT-NEXT: {{^}}relu1 qnn.relu float 0 no pass quantized it
// FLOAT:      {{^}}int8 MACs: 0 of 2984 (0.00%); 0 of 7 compute nodes in int8

func.func @net(%x: tensor<1x1x8x8xf32>) -> tensor<1x4xf32> {
  %w = arith.constant dense<0.1> : tensor<4x1x3x3xf32>
  %b = arith.constant dense<0.01> : tensor<4xf32>
  %y = qnn.conv2d %x, %w, %b {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x1x8x8xf32>, tensor<4x1x3x3xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32> loc("conv1")
  %r = qnn.relu %y : tensor<1x4x8x8xf32> loc("relu1")
  %p = qnn.max_pool %r {ceil_mode = false, dilations = array<i64: 1, 1>, kernel = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x4x8x8xf32>) -> tensor<1x4x4x4xf32> loc("pool1")
  %f = qnn.flatten %p {axis = 1 : i64} : (tensor<1x4x4x4xf32>) -> tensor<1x64xf32> loc("flatten1")
  %w1 = arith.constant dense<0.05> : tensor<10x64xf32>
  %z1 = qnn.fully_connected %f, %w1 : (tensor<1x64xf32>, tensor<10x64xf32>) -> tensor<1x10xf32> loc("fc1")
  %w2 = arith.constant dense<-0.05> : tensor<4x10xf32>
  // expected-remark@unknown {{node 'fc2' (qnn.fully_connected) stays float: the quantization config (node_name 'fc2') sets it to null}}
  %z2 = qnn.fully_connected %z1, %w2 : (tensor<1x10xf32>, tensor<4x10xf32>) -> tensor<1x4xf32> loc("fc2")
  %s = qnn.softmax %z2 {axis = 1 : i64} : tensor<1x4xf32> loc("softmax1")
  return %s : tensor<1x4xf32>
}

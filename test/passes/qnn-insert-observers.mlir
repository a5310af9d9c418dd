// RUN: quant-opt %s -qnn-insert-observers -split-input-file -verify-diagnostics | FileCheck %s

// Default config: every node with an int8 kernel is quantized. Node names come
// from the NameLocs written below (the importer's ONNX names).

// Observers on the input and output of conv2d and fully_connected; none
// between the conv and its fused relu (there is no such tensor); none after
// the same-scale max_pool and flatten, which take their input's parameters;
// none after softmax, whose output range is fixed. Ids count up from 0.
// CHECK-LABEL: func.func @conv_pool_fc
// CHECK-SAME:    (%[[X:.*]]: tensor<1x2x4x4xf32>)
// CHECK:         %[[XO:.*]] = qnn.observe %[[X]] {id = 0 : i64, observer = #qnn.observer<histogram>}
// CHECK:         %[[Y:.*]] = qnn.conv2d %[[XO]], %{{.*}} {activation = #qnn.activation<relu>
// CHECK-NEXT:    %[[YO:.*]] = qnn.observe %[[Y]] {id = 1 : i64
// CHECK-NEXT:    %[[P:.*]] = qnn.max_pool %[[YO]]
// CHECK-NEXT:    %[[F:.*]] = qnn.flatten %[[P]]
// CHECK-NEXT:    %[[W:.*]] = arith.constant
// CHECK-NEXT:    %[[Z:.*]] = qnn.fully_connected %[[F]], %[[W]]
// CHECK-NEXT:    %[[ZO:.*]] = qnn.observe %[[Z]] {id = 2 : i64
// CHECK-NEXT:    %[[S:.*]] = qnn.softmax %[[ZO]]
// CHECK-NEXT:    return %[[S]]
func.func @conv_pool_fc(%x: tensor<1x2x4x4xf32>) -> tensor<1x3xf32> {
  %w = arith.constant dense<1.0> : tensor<4x2x1x1xf32>
  %y = qnn.conv2d %x, %w {activation = #qnn.activation<relu>, dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<4x2x1x1xf32>) -> tensor<1x4x4x4xf32> loc("conv1")
  %p = qnn.max_pool %y {ceil_mode = false, dilations = array<i64: 1, 1>, kernel = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x4x4x4xf32>) -> tensor<1x4x2x2xf32> loc("pool1")
  %f = qnn.flatten %p {axis = 1 : i64} : (tensor<1x4x2x2xf32>) -> tensor<1x16xf32> loc("flatten1")
  %wf = arith.constant dense<0.5> : tensor<3x16xf32>
  %z = qnn.fully_connected %f, %wf : (tensor<1x16xf32>, tensor<3x16xf32>) -> tensor<1x3xf32> loc("fc1")
  %s = qnn.softmax %z {axis = 1 : i64} : tensor<1x3xf32> loc("softmax1")
  return %s : tensor<1x3xf32>
}

// -----

// add: both inputs and the output observed. A tensor with several consumers
// (the conv result, read by both adds, and %x) gets one observer.
// CHECK-LABEL: func.func @shared_tensor
// CHECK-SAME:    (%[[X:.*]]: tensor<1x2x4x4xf32>)
// CHECK:         %[[XO:.*]] = qnn.observe %[[X]] {id = 0 : i64
// CHECK:         %[[Y:.*]] = qnn.conv2d %[[XO]]
// CHECK-NEXT:    %[[YO:.*]] = qnn.observe %[[Y]] {id = 1 : i64
// CHECK-NEXT:    %[[A:.*]] = qnn.add %[[YO]], %[[XO]]
// CHECK-NEXT:    %[[AO:.*]] = qnn.observe %[[A]] {id = 2 : i64
// CHECK-NEXT:    %[[B:.*]] = qnn.add %[[AO]], %[[YO]]
// CHECK-NEXT:    %[[BO:.*]] = qnn.observe %[[B]] {id = 3 : i64
// CHECK-NEXT:    return %[[BO]]
func.func @shared_tensor(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = arith.constant dense<1.0> : tensor<2x2x1x1xf32>
  %y = qnn.conv2d %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32> loc("conv1")
  %a = qnn.add %y, %x : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32> -> tensor<1x2x4x4xf32> loc("add1")
  %b = qnn.add %a, %y : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32> -> tensor<1x2x4x4xf32> loc("add2")
  return %b : tensor<1x2x4x4xf32>
}

// -----

// Existing observers are kept as they are, and new ids continue after the
// largest one.
// CHECK-LABEL: func.func @existing_observer
// CHECK:         %[[XO:.*]] = qnn.observe %{{.*}} {id = 7 : i64
// CHECK:         %[[Z:.*]] = qnn.fully_connected %[[XO]]
// CHECK-NEXT:    %[[ZO:.*]] = qnn.observe %[[Z]] {id = 8 : i64
// CHECK:         %[[Z2:.*]] = qnn.fully_connected %[[ZO]]
// CHECK-NEXT:    qnn.observe %[[Z2]] {id = 9 : i64
func.func @existing_observer(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %w = arith.constant dense<1.0> : tensor<4x4xf32>
  %xo = qnn.observe %x {id = 7 : i64, observer = #qnn.observer<minmax>} : tensor<1x4xf32>
  %z = qnn.fully_connected %xo, %w : (tensor<1x4xf32>, tensor<4x4xf32>) -> tensor<1x4xf32> loc("fc1")
  %z2 = qnn.fully_connected %z, %w : (tensor<1x4xf32>, tensor<4x4xf32>) -> tensor<1x4xf32> loc("fc2")
  return %z2 : tensor<1x4xf32>
}

// -----

// sigmoid's output range is fixed: the fully_connected reading it needs no
// observer there. A constant operand of mul is quantized from its value,
// not observed. div and hard_sigmoid have int8 kernels (ref) and are
// observed like any other op; tanh's range is fixed, so its output is not.
// CHECK-LABEL: func.func @fixed_range_and_float
// CHECK-SAME:    (%[[X:.*]]: tensor<1x4xf32>)
// CHECK:         %[[XO:.*]] = qnn.observe %[[X]] {id = 0 : i64
// CHECK:         %[[S:.*]] = qnn.sigmoid %[[XO]]
// CHECK-NEXT:    %[[Z:.*]] = qnn.fully_connected %[[S]]
// CHECK-NEXT:    %[[ZO:.*]] = qnn.observe %[[Z]] {id = 1 : i64
// CHECK-NEXT:    %[[C:.*]] = arith.constant dense<2.0
// CHECK-NEXT:    %[[M:.*]] = qnn.mul %[[ZO]], %[[C]]
// CHECK-NEXT:    %[[MO:.*]] = qnn.observe %[[M]] {id = 2 : i64
// CHECK-NEXT:    %[[D:.*]] = qnn.div %[[MO]], %[[C]] :
// CHECK-NEXT:    %[[DO:.*]] = qnn.observe %[[D]] {id = 3 : i64
// CHECK-NEXT:    %[[H:.*]] = qnn.hard_sigmoid %[[DO]] {alpha = {{.*}}, beta = {{.*}}} :
// CHECK-NEXT:    %[[HO:.*]] = qnn.observe %[[H]] {id = 4 : i64
// CHECK-NEXT:    %[[T:.*]] = qnn.tanh %[[HO]] :
// CHECK-NEXT:    return %[[T]]
func.func @fixed_range_and_float(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %w = arith.constant dense<1.0> : tensor<4x4xf32>
  %s = qnn.sigmoid %x : tensor<1x4xf32> loc("sig1")
  %z = qnn.fully_connected %s, %w : (tensor<1x4xf32>, tensor<4x4xf32>) -> tensor<1x4xf32> loc("fc1")
  %c = arith.constant dense<2.0> : tensor<1x4xf32>
  %m = qnn.mul %z, %c : tensor<1x4xf32>, tensor<1x4xf32> -> tensor<1x4xf32> loc("mul1")
  %d = qnn.div %m, %c : tensor<1x4xf32>, tensor<1x4xf32> -> tensor<1x4xf32> loc("div1")
  %h = qnn.hard_sigmoid %d {alpha = 0.2 : f32, beta = 0.5 : f32} : tensor<1x4xf32> loc("hs1")
  %t = qnn.tanh %h : tensor<1x4xf32> loc("tanh1")
  return %t : tensor<1x4xf32>
}

// -----

// A batch_norm that fold-batchnorm could not remove stays float: its input
// is not observed for it. The conv producing it still is quantized.
// CHECK-LABEL: func.func @batch_norm_float
// CHECK:         %[[Y:.*]] = qnn.conv2d
// CHECK-NEXT:    %[[YO:.*]] = qnn.observe %[[Y]] {id = 1 : i64
// CHECK-NEXT:    %[[B:.*]] = qnn.batch_norm %[[YO]], {{.*}}qnn.float_reason = "the runtime has no int8 kernel for qnn.batch_norm"
// CHECK-NEXT:    return %[[B]]
func.func @batch_norm_float(%x: tensor<1x2x4x4xf32>, %s: tensor<2xf32>, %b: tensor<2xf32>, %m: tensor<2xf32>, %v: tensor<2xf32>) -> tensor<1x2x4x4xf32> {
  %w = arith.constant dense<1.0> : tensor<2x2x1x1xf32>
  %y = qnn.conv2d %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32> loc("conv1")
  // expected-remark@unknown {{node 'bn1' (qnn.batch_norm) stays float: the runtime has no int8 kernel for qnn.batch_norm}}
  %z = qnn.batch_norm %y, %s, %b, %m, %v {epsilon = 1.0e-5 : f32} : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32> loc("bn1")
  return %z : tensor<1x2x4x4xf32>
}

// -----

// swish is not fixed-range (unlike sigmoid): its output has an observer of
// its own, and so has the conv feeding it (an int8 model fuses no swish).
// CHECK-LABEL: func.func @conv_swish
// CHECK:         %[[Y:.*]] = qnn.conv2d
// CHECK-NEXT:    %[[YO:.*]] = qnn.observe %[[Y]]
// CHECK-NEXT:    %[[S:.*]] = qnn.swish %[[YO]]
// CHECK-NEXT:    %[[SO:.*]] = qnn.observe %[[S]]
// CHECK-NEXT:    return %[[SO]]
func.func @conv_swish(%x: tensor<1x2x4x4xf32>) -> tensor<1x4x4x4xf32> {
  %w = arith.constant dense<1.0> : tensor<4x2x1x1xf32>
  %y = qnn.conv2d %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<4x2x1x1xf32>) -> tensor<1x4x4x4xf32> loc("conv_s")
  %s = qnn.swish %y : tensor<1x4x4x4xf32> loc("swish_s")
  return %s : tensor<1x4x4x4xf32>
}

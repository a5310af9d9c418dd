// RUN: quant-opt %s -qnn-assign-scales -split-input-file -verify-diagnostics | FileCheck %s

// Default config, method minmax: u8 asymmetric activations, s8 symmetric
// per-channel weights, i32 biases. Expected values by hand (f32 scales):
//   activation [-1, 3]: scale = 4/255 = 0.015686275437474251,
//                       zero point = round(0 - (-1) / scale) = 64;
//   activation [-2, 2]: same scale, zero point = round(2 / scale) = 127.

// Weights [[1, -0.6, 0.2], [-2, 0.5, 0.9]]: per-channel scales max|w|/127 =
// 1/127, 2/127; values round(w / s) = [127, -76, 25], [-127, 32, 57].
// Bias [0.1, -0.2]: scales sx * sw[c] = 1.2351e-4, 2.4703e-4; values
// round(0.1 / 1.2351e-4) = 810 and round(-0.2 / 2.4703e-4) = -810.
// CHECK-LABEL: func.func @fc_minmax
// CHECK-SAME:    (%[[X:.*]]: tensor<1x3xf32>)
// CHECK:         %[[XQ:.*]] = quant.qcast %[[X]] : tensor<1x3xf32> to tensor<1x3x!quant.uniform<u8:f32, 0.015686275437474251:64>>
// CHECK-NEXT:    %[[XD:.*]] = quant.dcast %[[XQ]]
// CHECK-NEXT:    %[[W:.*]] = arith.constant dense<{{\[}}[127, -76, 25], [-127, 32, 57]]> : tensor<2x3xi8>
// CHECK-NEXT:    %[[WQ:.*]] = quant.scast %[[W]] : tensor<2x3xi8> to tensor<2x3x!quant.uniform<i8<-127:127>:f32:0, {0.0078740157186985015,0.015748031437397003}>>
// CHECK-NEXT:    %[[WD:.*]] = quant.dcast %[[WQ]] : {{.*}} to tensor<2x3xf32>
// CHECK-NEXT:    %[[B:.*]] = arith.constant dense<[810, -810]> : tensor<2xi32>
// CHECK-NEXT:    %[[BQ:.*]] = quant.scast %[[B]] : tensor<2xi32> to tensor<2x!quant.uniform<i32:f32:0, {1.2351397936250647E-4,2.4702795872501293E-4}>>
// CHECK-NEXT:    %[[BD:.*]] = quant.dcast %[[BQ]] : {{.*}} to tensor<2xf32>
// CHECK-NEXT:    %[[Y:.*]] = qnn.fully_connected %[[XD]], %[[WD]], %[[BD]]
// CHECK-NEXT:    %[[YQ:.*]] = quant.qcast %[[Y]] : tensor<1x2xf32> to tensor<1x2x!quant.uniform<u8:f32, 0.015686275437474251:127>>
// CHECK-NEXT:    %[[YD:.*]] = quant.dcast %[[YQ]]
// CHECK-NEXT:    return %[[YD]]
func.func @fc_minmax(%x: tensor<1x3xf32>) -> tensor<1x2xf32> {
  %xo = qnn.observe %x {id = 0 : i64, observer = #qnn.observer<minmax>, stats = #qnn.stats<min = -1.0, max = 3.0, count = 16>} : tensor<1x3xf32>
  %w = arith.constant dense<[[1.0, -0.6, 0.2], [-2.0, 0.5, 0.9]]> : tensor<2x3xf32>
  %b = arith.constant dense<[0.1, -0.2]> : tensor<2xf32>
  %y = qnn.fully_connected %xo, %w, %b : (tensor<1x3xf32>, tensor<2x3xf32>, tensor<2xf32>) -> tensor<1x2xf32> loc("fc1")
  %yo = qnn.observe %y {id = 1 : i64, observer = #qnn.observer<minmax>, stats = #qnn.stats<min = -2.0, max = 2.0, count = 8>} : tensor<1x2xf32>
  return %yo : tensor<1x2xf32>
}

// -----

// Input [0, 1]: scale 1/255, zero point 0. Conv output [-0.25, 0.5]: scale
// 0.75/255, zero point round(0.25 / scale) = 85. Weights 0.5 and -0.25 per
// channel: scales 0.5/127 and 0.25/127, values 127 and -127.
// max_pool (same-scale) keeps the conv output's type; sigmoid's output is
// fixed to [0, 1]: scale 1/256, zero point 0.
// CHECK-LABEL: func.func @conv_pool_sigmoid
// CHECK-SAME:    (%[[X:.*]]: tensor<1x1x4x4xf32>)
// CHECK:         quant.qcast %[[X]] : tensor<1x1x4x4xf32> to tensor<1x1x4x4x!quant.uniform<u8:f32, 0.0039215688593685627>>
// CHECK:         %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}127]]], {{\[\[\[}}-127]]]]> : tensor<2x1x1x1xi8>
// CHECK-NEXT:    quant.scast %[[W]] : tensor<2x1x1x1xi8> to tensor<2x1x1x1x!quant.uniform<i8<-127:127>:f32:0, {0.0039370078593492508,0.0019685039296746254}>>
// CHECK:         %[[Y:.*]] = qnn.conv2d
// CHECK-NEXT:    %[[YQ:.*]] = quant.qcast %[[Y]] : tensor<1x2x4x4xf32> to tensor<1x2x4x4x!quant.uniform<u8:f32, 0.0029411765281111002:85>>
// CHECK-NEXT:    %[[YD:.*]] = quant.dcast %[[YQ]]
// CHECK-NEXT:    %[[P:.*]] = qnn.max_pool %[[YD]]
// CHECK-NEXT:    %[[PQ:.*]] = quant.qcast %[[P]] : tensor<1x2x2x2xf32> to tensor<1x2x2x2x!quant.uniform<u8:f32, 0.0029411765281111002:85>>
// CHECK-NEXT:    %[[PD:.*]] = quant.dcast %[[PQ]]
// CHECK-NEXT:    %[[S:.*]] = qnn.sigmoid %[[YD]]
// CHECK-NEXT:    %[[SQ:.*]] = quant.qcast %[[S]] : tensor<1x2x4x4xf32> to tensor<1x2x4x4x!quant.uniform<u8:f32, 3.906250e-03>>
// CHECK-NEXT:    %[[SD:.*]] = quant.dcast %[[SQ]]
// CHECK-NEXT:    return %[[PD]], %[[SD]]
func.func @conv_pool_sigmoid(%x: tensor<1x1x4x4xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x2x4x4xf32>) {
  %xo = qnn.observe %x {id = 0 : i64, observer = #qnn.observer<minmax>, stats = #qnn.stats<min = 0.0, max = 1.0, count = 16>} : tensor<1x1x4x4xf32>
  %w = arith.constant dense<[[[[0.5]]], [[[-0.25]]]]> : tensor<2x1x1x1xf32>
  %y = qnn.conv2d %xo, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x4x4xf32> loc("conv1")
  %yo = qnn.observe %y {id = 1 : i64, observer = #qnn.observer<minmax>, stats = #qnn.stats<min = -0.25, max = 0.5, count = 32>} : tensor<1x2x4x4xf32>
  %p = qnn.max_pool %yo {ceil_mode = false, dilations = array<i64: 1, 1>, kernel = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32> loc("pool1")
  %s = qnn.sigmoid %yo : tensor<1x2x4x4xf32> loc("sig1")
  return %p, %s : tensor<1x2x2x2xf32>, tensor<1x2x4x4xf32>
}

// -----

// softmax's output is fixed to [0, 1] like sigmoid's, here read by a
// fully_connected without an observer in between. The same-scale flatten
// output takes its input's type.
// CHECK-LABEL: func.func @softmax_flatten
// CHECK:         %[[S:.*]] = qnn.softmax
// CHECK-NEXT:    %[[SQ:.*]] = quant.qcast %[[S]] : tensor<1x4xf32> to tensor<1x4x!quant.uniform<u8:f32, 3.906250e-03>>
// CHECK-NEXT:    %[[SD:.*]] = quant.dcast %[[SQ]]
// CHECK-NEXT:    %[[F:.*]] = qnn.flatten %[[SD]]
// CHECK-NEXT:    %[[FQ:.*]] = quant.qcast %[[F]] : tensor<1x4xf32> to tensor<1x4x!quant.uniform<u8:f32, 3.906250e-03>>
// CHECK-NEXT:    %[[FD:.*]] = quant.dcast %[[FQ]]
// CHECK:         qnn.fully_connected %[[FD]]
func.func @softmax_flatten(%x: tensor<1x4xf32>) -> tensor<1x2xf32> {
  %xo = qnn.observe %x {id = 0 : i64, observer = #qnn.observer<minmax>, stats = #qnn.stats<min = -1.0, max = 3.0, count = 4>} : tensor<1x4xf32>
  %s = qnn.softmax %xo {axis = 1 : i64} : tensor<1x4xf32> loc("softmax1")
  %f = qnn.flatten %s {axis = 1 : i64} : (tensor<1x4xf32>) -> tensor<1x4xf32> loc("flatten1")
  %w = arith.constant dense<1.0> : tensor<2x4xf32>
  %y = qnn.fully_connected %f, %w : (tensor<1x4xf32>, tensor<2x4xf32>) -> tensor<1x2xf32> loc("fc1")
  %yo = qnn.observe %y {id = 1 : i64, observer = #qnn.observer<minmax>, stats = #qnn.stats<min = -2.0, max = 2.0, count = 2>} : tensor<1x2xf32>
  return %yo : tensor<1x2xf32>
}

// -----

// concat inputs are unified to the output's type: %a already has it, %b
// ([0, 2]: scale 2/255, zero point 0) is requantized by a qcast of its
// dcast. tanh reads the dcast; its output range is fixed to [-1, 1]
// (scale 1/128, zero point 128).
// CHECK-LABEL: func.func @concat
// CHECK-SAME:    (%[[A:.*]]: tensor<1x2xf32>, %[[B:.*]]: tensor<1x2xf32>)
// CHECK:         %[[AQ:.*]] = quant.qcast %[[A]] : tensor<1x2xf32> to tensor<1x2x!quant.uniform<u8:f32, 0.015686275437474251:64>>
// CHECK-NEXT:    %[[AD:.*]] = quant.dcast %[[AQ]]
// CHECK-NEXT:    %[[BQ:.*]] = quant.qcast %[[B]] : tensor<1x2xf32> to tensor<1x2x!quant.uniform<u8:f32, 0.0078431377187371254>>
// CHECK-NEXT:    %[[BD:.*]] = quant.dcast %[[BQ]]
// CHECK-NEXT:    %[[BR:.*]] = quant.qcast %[[BD]] : tensor<1x2xf32> to tensor<1x2x!quant.uniform<u8:f32, 0.015686275437474251:64>>
// CHECK-NEXT:    %[[BRD:.*]] = quant.dcast %[[BR]]
// CHECK-NEXT:    %[[C:.*]] = qnn.concat %[[AD]], %[[BRD]]
// CHECK-NEXT:    %[[CQ:.*]] = quant.qcast %[[C]] : tensor<1x4xf32> to tensor<1x4x!quant.uniform<u8:f32, 0.015686275437474251:64>>
// CHECK-NEXT:    %[[CD:.*]] = quant.dcast %[[CQ]]
// CHECK-NEXT:    %[[T:.*]] = qnn.tanh %[[CD]] :
// CHECK-NEXT:    %[[TQ:.*]] = quant.qcast %[[T]] : tensor<1x4xf32> to tensor<1x4x!quant.uniform<u8:f32, 7.812500e-03:128>>
// CHECK-NEXT:    %[[TD:.*]] = quant.dcast %[[TQ]]
// CHECK-NEXT:    return %[[TD]]
func.func @concat(%a: tensor<1x2xf32>, %b: tensor<1x2xf32>) -> tensor<1x4xf32> {
  %ao = qnn.observe %a {id = 0 : i64, observer = #qnn.observer<minmax>, stats = #qnn.stats<min = -1.0, max = 3.0, count = 2>} : tensor<1x2xf32>
  %bo = qnn.observe %b {id = 1 : i64, observer = #qnn.observer<minmax>, stats = #qnn.stats<min = 0.0, max = 2.0, count = 2>} : tensor<1x2xf32>
  %c = qnn.concat %ao, %bo {axis = 1 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x4xf32> loc("cat1")
  %co = qnn.observe %c {id = 2 : i64, observer = #qnn.observer<minmax>, stats = #qnn.stats<min = -1.0, max = 3.0, count = 4>} : tensor<1x4xf32>
  %t = qnn.tanh %co : tensor<1x4xf32> loc("tanh1")
  return %t : tensor<1x4xf32>
}

// -----

// A constant operand of mul is quantized from its values ([0, 2] with 0
// included: scale 2/255, and 2.0 is q = 255, stored as the i8 bit pattern -1).
// CHECK-LABEL: func.func @mul_constant
// CHECK:         %[[C:.*]] = arith.constant dense<-1> : tensor<1x4xi8>
// CHECK-NEXT:    %[[CQ:.*]] = quant.scast %[[C]] : tensor<1x4xi8> to tensor<1x4x!quant.uniform<u8:f32, 0.0078431377187371254>>
// CHECK-NEXT:    %[[CD:.*]] = quant.dcast %[[CQ]]
// CHECK-NEXT:    qnn.mul %{{.*}}, %[[CD]]
func.func @mul_constant(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %xo = qnn.observe %x {id = 0 : i64, observer = #qnn.observer<minmax>, stats = #qnn.stats<min = -1.0, max = 3.0, count = 4>} : tensor<1x4xf32>
  %c = arith.constant dense<2.0> : tensor<1x4xf32>
  %m = qnn.mul %xo, %c : tensor<1x4xf32>, tensor<1x4xf32> -> tensor<1x4xf32> loc("mul1")
  %mo = qnn.observe %m {id = 1 : i64, observer = #qnn.observer<minmax>, stats = #qnn.stats<min = -2.0, max = 6.0, count = 4>} : tensor<1x4xf32>
  return %mo : tensor<1x4xf32>
}

// -----

func.func @no_stats(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  // expected-error@+1 {{observer 3 has no statistics: run calibration, or merge saved statistics with qnn-merge-stats}}
  %0 = qnn.observe %x {id = 3 : i64, observer = #qnn.observer<histogram>} : tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}

// -----

// The calibration library's histograms have 2048 bins; others are rejected.
func.func @bad_histogram(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  // expected-error@+1 {{histogram has 16 bins; calibration statistics have 2048}}
  %0 = qnn.observe %x {id = 0 : i64, observer = #qnn.observer<histogram>, stats = #qnn.stats<min = -1.0, max = 1.0, count = 16, range = 2.0, histogram = dense<1> : tensor<16xi64>>} : tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}

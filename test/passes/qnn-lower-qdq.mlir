// RUN: quant-opt %s -qnn-lower-qdq --split-input-file | FileCheck %s
// Lowering is idempotent: a second run finds nothing left to do.
// RUN: quant-opt %s -qnn-lower-qdq -qnn-lower-qdq --split-input-file | FileCheck %s

// Positive cases, one or more per entry of the lowering table: the qnn op is
// rebuilt on the quantized values, the bias becomes the plain i32 constant,
// and the casts around it disappear.

// Per-axis s8 weights, u8 activations, bias of scale sx*sw[c].
// CHECK-LABEL: func.func @conv_per_axis_u8_bias(
// CHECK-SAME:      %[[X:.*]]: tensor<1x3x4x4x!quant.uniform<u8:f32, 5.000000e-02:128>>)
// CHECK-NEXT:    %[[W:.*]] = arith.constant dense<1> : tensor<2x3x1x1xi8>
// CHECK-NEXT:    %[[WQ:.*]] = quant.scast %[[W]] : tensor<2x3x1x1xi8> to tensor<2x3x1x1x!quant.uniform<i8<-127:127>:f32:0, {1.000000e-02,2.000000e-02}>>
// CHECK-NEXT:    %[[B:.*]] = arith.constant dense<[10, -20]> : tensor<2xi32>
// CHECK-NEXT:    %[[Y:.*]] = qnn.conv2d %[[X]], %[[WQ]], %[[B]] {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
// CHECK-SAME:      : (tensor<1x3x4x4x!quant.uniform<u8:f32, 5.000000e-02:128>>, tensor<2x3x1x1x!quant.uniform<i8<-127:127>:f32:0, {1.000000e-02,2.000000e-02}>>, tensor<2xi32>)
// CHECK-SAME:      -> tensor<1x2x4x4x!quant.uniform<u8:f32, 1.000000e-01:3>>
// CHECK-NEXT:    return %[[Y]]
func.func @conv_per_axis_u8_bias(%x: tensor<1x3x4x4x!quant.uniform<u8:f32, 0.05:128>>) -> tensor<1x2x4x4x!quant.uniform<u8:f32, 0.1:3>> {
  %xd = quant.dcast %x : tensor<1x3x4x4x!quant.uniform<u8:f32, 0.05:128>> to tensor<1x3x4x4xf32>
  %w = arith.constant dense<1> : tensor<2x3x1x1xi8>
  %wq = quant.scast %w : tensor<2x3x1x1xi8> to tensor<2x3x1x1x!quant.uniform<i8<-127:127>:f32:0, {0.01, 0.02}>>
  %wd = quant.dcast %wq : tensor<2x3x1x1x!quant.uniform<i8<-127:127>:f32:0, {0.01, 0.02}>> to tensor<2x3x1x1xf32>
  %b = arith.constant dense<[10, -20]> : tensor<2xi32>
  %bq = quant.scast %b : tensor<2xi32> to tensor<2x!quant.uniform<i32:f32:0, {5.0e-4, 1.0e-3}>>
  %bd = quant.dcast %bq : tensor<2x!quant.uniform<i32:f32:0, {5.0e-4, 1.0e-3}>> to tensor<2xf32>
  %y = qnn.conv2d %xd, %wd, %bd {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x3x4x4xf32>, tensor<2x3x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %yq = quant.qcast %y : tensor<1x2x4x4xf32> to tensor<1x2x4x4x!quant.uniform<u8:f32, 0.1:3>>
  return %yq : tensor<1x2x4x4x!quant.uniform<u8:f32, 0.1:3>>
}

// -----

// Per-tensor weights, s8 activations, no bias.
// CHECK-LABEL: func.func @conv_per_tensor_s8_no_bias(
// CHECK-SAME:      %[[X:.*]]: tensor<1x2x3x3x!quant.uniform<i8:f32, 2.000000e-02:-5>>)
// CHECK-NEXT:    %[[W:.*]] = arith.constant dense<3> : tensor<4x2x3x3xi8>
// CHECK-NEXT:    %[[WQ:.*]] = quant.scast %[[W]]
// CHECK-NEXT:    %[[Y:.*]] = qnn.conv2d %[[X]], %[[WQ]] {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>}
// CHECK-SAME:      : (tensor<1x2x3x3x!quant.uniform<i8:f32, 2.000000e-02:-5>>, tensor<4x2x3x3x!quant.uniform<i8:f32, 3.000000e-03>>)
// CHECK-SAME:      -> tensor<1x4x3x3x!quant.uniform<i8:f32, 4.000000e-02:7>>
// CHECK-NEXT:    return %[[Y]]
func.func @conv_per_tensor_s8_no_bias(%x: tensor<1x2x3x3x!quant.uniform<i8:f32, 0.02:-5>>) -> tensor<1x4x3x3x!quant.uniform<i8:f32, 0.04:7>> {
  %xd = quant.dcast %x : tensor<1x2x3x3x!quant.uniform<i8:f32, 0.02:-5>> to tensor<1x2x3x3xf32>
  %w = arith.constant dense<3> : tensor<4x2x3x3xi8>
  %wq = quant.scast %w : tensor<4x2x3x3xi8> to tensor<4x2x3x3x!quant.uniform<i8:f32, 0.003>>
  %wd = quant.dcast %wq : tensor<4x2x3x3x!quant.uniform<i8:f32, 0.003>> to tensor<4x2x3x3xf32>
  %y = qnn.conv2d %xd, %wd {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x2x3x3xf32>, tensor<4x2x3x3xf32>) -> tensor<1x4x3x3xf32>
  %yq = quant.qcast %y : tensor<1x4x3x3xf32> to tensor<1x4x3x3x!quant.uniform<i8:f32, 0.04:7>>
  return %yq : tensor<1x4x3x3x!quant.uniform<i8:f32, 0.04:7>>
}

// -----

// Depthwise, per-tensor weights with a per-tensor bias, fused residual and
// relu: the residual becomes the quantized value behind its dcast.
// CHECK-LABEL: func.func @conv_residual_relu(
// CHECK-SAME:      %[[X:[^:]*]]: tensor<1x2x4x4x!quant.uniform<u8:f32, 1.000000e-01:100>>,
// CHECK-SAME:      %[[R:[^:]*]]: tensor<1x2x4x4x!quant.uniform<u8:f32, 2.000000e-01:50>>)
// CHECK-NEXT:    %[[W:.*]] = arith.constant
// CHECK-NEXT:    %[[WQ:.*]] = quant.scast %[[W]]
// CHECK-NEXT:    %[[B:.*]] = arith.constant dense<[7, 8]> : tensor<2xi32>
// CHECK-NEXT:    %[[Y:.*]] = qnn.conv2d %[[X]], %[[WQ]], %[[B]] residual %[[R]] {activation = #qnn.activation<relu>, dilations = array<i64: 1, 1>, groups = 2 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>}
// CHECK-SAME:      : (tensor<1x2x4x4x!quant.uniform<u8:f32, 1.000000e-01:100>>, tensor<2x1x3x3x!quant.uniform<i8:f32, 5.000000e-01>>, tensor<2xi32>, tensor<1x2x4x4x!quant.uniform<u8:f32, 2.000000e-01:50>>)
// CHECK-SAME:      -> tensor<1x2x4x4x!quant.uniform<u8:f32, 2.500000e-01>>
// CHECK-NEXT:    return %[[Y]]
func.func @conv_residual_relu(%x: tensor<1x2x4x4x!quant.uniform<u8:f32, 0.1:100>>, %r: tensor<1x2x4x4x!quant.uniform<u8:f32, 0.2:50>>) -> tensor<1x2x4x4x!quant.uniform<u8:f32, 0.25>> {
  %xd = quant.dcast %x : tensor<1x2x4x4x!quant.uniform<u8:f32, 0.1:100>> to tensor<1x2x4x4xf32>
  %rd = quant.dcast %r : tensor<1x2x4x4x!quant.uniform<u8:f32, 0.2:50>> to tensor<1x2x4x4xf32>
  %w = arith.constant dense<[[[[1, 2, 3], [4, 5, 6], [7, 8, 9]]], [[[-1, -2, -3], [-4, -5, -6], [-7, -8, -9]]]]> : tensor<2x1x3x3xi8>
  %wq = quant.scast %w : tensor<2x1x3x3xi8> to tensor<2x1x3x3x!quant.uniform<i8:f32, 0.5>>
  %wd = quant.dcast %wq : tensor<2x1x3x3x!quant.uniform<i8:f32, 0.5>> to tensor<2x1x3x3xf32>
  %b = arith.constant dense<[7, 8]> : tensor<2xi32>
  %bq = quant.scast %b : tensor<2xi32> to tensor<2x!quant.uniform<i32:f32, 0.05>>
  %bd = quant.dcast %bq : tensor<2x!quant.uniform<i32:f32, 0.05>> to tensor<2xf32>
  %y = qnn.conv2d %xd, %wd, %bd residual %rd {activation = #qnn.activation<relu>, dilations = array<i64: 1, 1>, groups = 2 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x1x3x3xf32>, tensor<2xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %yq = quant.qcast %y : tensor<1x2x4x4xf32> to tensor<1x2x4x4x!quant.uniform<u8:f32, 0.25>>
  return %yq : tensor<1x2x4x4x!quant.uniform<u8:f32, 0.25>>
}

// -----

// Per-axis weights with a per-tensor bias whose scale matches every channel,
// and a residual without bias on a fully_connected with clamp.
// CHECK-LABEL: func.func @fully_connected(
// CHECK-SAME:      %[[X:[^:]*]]: tensor<2x3x!quant.uniform<u8:f32, 5.000000e-01:128>>,
// CHECK-SAME:      %[[R:[^:]*]]: tensor<2x4x!quant.uniform<i8:f32, 1.250000e-01>>)
// CHECK-NEXT:    %[[W:.*]] = arith.constant dense<2> : tensor<4x3xi8>
// CHECK-NEXT:    %[[WQ:.*]] = quant.scast %[[W]] : tensor<4x3xi8> to tensor<4x3x!quant.uniform<i8:f32:0, {2.500000e-01,2.500000e-01,2.500000e-01,2.500000e-01}>>
// CHECK-NEXT:    %[[B:.*]] = arith.constant dense<[1, 2, 3, 4]> : tensor<4xi32>
// CHECK-NEXT:    %[[Y:.*]] = qnn.fully_connected %[[X]], %[[WQ]], %[[B]] : (tensor<2x3x!quant.uniform<u8:f32, 5.000000e-01:128>>, tensor<4x3x!quant.uniform<i8:f32:0, {{.*}}>>, tensor<4xi32>) -> tensor<2x4x!quant.uniform<u8:f32, 1.000000e+00:5>>
// CHECK-NEXT:    %[[W2:.*]] = arith.constant dense<-3> : tensor<4x3xi8>
// CHECK-NEXT:    %[[W2Q:.*]] = quant.scast %[[W2]] : tensor<4x3xi8> to tensor<4x3x!quant.uniform<i8:f32, 1.000000e-01>>
// CHECK-NEXT:    %[[Y2:.*]] = qnn.fully_connected %[[X]], %[[W2Q]] residual %[[R]] {activation = #qnn.activation<clamp, min = 0.000000e+00, max = 6.000000e+00>}
// CHECK-SAME:      -> tensor<2x4x!quant.uniform<i8:f32, 5.000000e-02>>
// CHECK-NEXT:    return %[[Y]], %[[Y2]]
func.func @fully_connected(%x: tensor<2x3x!quant.uniform<u8:f32, 0.5:128>>, %r: tensor<2x4x!quant.uniform<i8:f32, 0.125>>) -> (tensor<2x4x!quant.uniform<u8:f32, 1.0:5>>, tensor<2x4x!quant.uniform<i8:f32, 0.05>>) {
  %xd = quant.dcast %x : tensor<2x3x!quant.uniform<u8:f32, 0.5:128>> to tensor<2x3xf32>
  %w = arith.constant dense<2> : tensor<4x3xi8>
  %wq = quant.scast %w : tensor<4x3xi8> to tensor<4x3x!quant.uniform<i8:f32:0, {0.25, 0.25, 0.25, 0.25}>>
  %wd = quant.dcast %wq : tensor<4x3x!quant.uniform<i8:f32:0, {0.25, 0.25, 0.25, 0.25}>> to tensor<4x3xf32>
  %b = arith.constant dense<[1, 2, 3, 4]> : tensor<4xi32>
  %bq = quant.scast %b : tensor<4xi32> to tensor<4x!quant.uniform<i32:f32, 0.125>>
  %bd = quant.dcast %bq : tensor<4x!quant.uniform<i32:f32, 0.125>> to tensor<4xf32>
  %y = qnn.fully_connected %xd, %wd, %bd : (tensor<2x3xf32>, tensor<4x3xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  %yq = quant.qcast %y : tensor<2x4xf32> to tensor<2x4x!quant.uniform<u8:f32, 1.0:5>>
  // Per-tensor s8 weights (u8 ones stay float: the kernels take s8),
  // residual, clamp.
  %w2 = arith.constant dense<-3> : tensor<4x3xi8>
  %w2q = quant.scast %w2 : tensor<4x3xi8> to tensor<4x3x!quant.uniform<i8:f32, 0.1>>
  %w2d = quant.dcast %w2q : tensor<4x3x!quant.uniform<i8:f32, 0.1>> to tensor<4x3xf32>
  %rd = quant.dcast %r : tensor<2x4x!quant.uniform<i8:f32, 0.125>> to tensor<2x4xf32>
  %y2 = qnn.fully_connected %xd, %w2d residual %rd {activation = #qnn.activation<clamp, min = 0.0, max = 6.0>} : (tensor<2x3xf32>, tensor<4x3xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  %y2q = quant.qcast %y2 : tensor<2x4xf32> to tensor<2x4x!quant.uniform<i8:f32, 0.05>>
  return %yq, %y2q : tensor<2x4x!quant.uniform<u8:f32, 1.0:5>>, tensor<2x4x!quant.uniform<i8:f32, 0.05>>
}

// -----

// Binary ops: each input keeps its own parameters, the result takes the
// qcast's.
// CHECK-LABEL: func.func @binary(
// CHECK-SAME:      %[[A:[^:]*]]: tensor<1x4x!quant.uniform<u8:f32, 1.000000e-01:10>>,
// CHECK-SAME:      %[[B:[^:]*]]: tensor<1x4x!quant.uniform<u8:f32, 3.000000e-01:20>>)
// CHECK-NEXT:    %[[ADD:.*]] = qnn.add %[[A]], %[[B]] {activation = #qnn.activation<relu>} : tensor<1x4x!quant.uniform<u8:f32, 1.000000e-01:10>>, tensor<1x4x!quant.uniform<u8:f32, 3.000000e-01:20>> -> tensor<1x4x!quant.uniform<u8:f32, 2.000000e-01>>
// CHECK-NEXT:    %[[MUL:.*]] = qnn.mul %[[A]], %[[B]] : tensor<1x4x!quant.uniform<u8:f32, 1.000000e-01:10>>, tensor<1x4x!quant.uniform<u8:f32, 3.000000e-01:20>> -> tensor<1x4x!quant.uniform<i8:f32, 5.000000e-02:-3>>
// CHECK-NEXT:    return %[[ADD]], %[[MUL]]
func.func @binary(%a: tensor<1x4x!quant.uniform<u8:f32, 0.1:10>>, %b: tensor<1x4x!quant.uniform<u8:f32, 0.3:20>>) -> (tensor<1x4x!quant.uniform<u8:f32, 0.2>>, tensor<1x4x!quant.uniform<i8:f32, 0.05:-3>>) {
  %ad = quant.dcast %a : tensor<1x4x!quant.uniform<u8:f32, 0.1:10>> to tensor<1x4xf32>
  %bd = quant.dcast %b : tensor<1x4x!quant.uniform<u8:f32, 0.3:20>> to tensor<1x4xf32>
  %s = qnn.add %ad, %bd {activation = #qnn.activation<relu>} : tensor<1x4xf32>, tensor<1x4xf32> -> tensor<1x4xf32>
  %sq = quant.qcast %s : tensor<1x4xf32> to tensor<1x4x!quant.uniform<u8:f32, 0.2>>
  %p = qnn.mul %ad, %bd : tensor<1x4xf32>, tensor<1x4xf32> -> tensor<1x4xf32>
  %pq = quant.qcast %p : tensor<1x4xf32> to tensor<1x4x!quant.uniform<i8:f32, 0.05:-3>>
  return %sq, %pq : tensor<1x4x!quant.uniform<u8:f32, 0.2>>, tensor<1x4x!quant.uniform<i8:f32, 0.05:-3>>
}

// -----

// Averaging ops requantize to the qcast's type.
// CHECK-LABEL: func.func @averaging(
// CHECK-SAME:      %[[X:.*]]: tensor<1x2x4x4x!quant.uniform<u8:f32, 1.000000e-01:10>>)
// CHECK-NEXT:    %[[AP:.*]] = qnn.avg_pool %[[X]] {ceil_mode = false, count_include_pad = false, kernel = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x2x4x4x!quant.uniform<u8:f32, 1.000000e-01:10>>) -> tensor<1x2x2x2x!quant.uniform<u8:f32, 5.000000e-02:1>>
// CHECK-NEXT:    %[[GP:.*]] = qnn.global_avg_pool %[[X]] : (tensor<1x2x4x4x!quant.uniform<u8:f32, 1.000000e-01:10>>) -> tensor<1x2x1x1x!quant.uniform<u8:f32, 5.000000e-02:2>>
// CHECK-NEXT:    %[[RM:.*]] = qnn.reduce_mean %[[X]] {axes = array<i64: 3>, keepdims = false} : (tensor<1x2x4x4x!quant.uniform<u8:f32, 1.000000e-01:10>>) -> tensor<1x2x4x!quant.uniform<u8:f32, 5.000000e-02:3>>
// CHECK-NEXT:    return %[[AP]], %[[GP]], %[[RM]]
func.func @averaging(%x: tensor<1x2x4x4x!quant.uniform<u8:f32, 0.1:10>>) -> (tensor<1x2x2x2x!quant.uniform<u8:f32, 0.05:1>>, tensor<1x2x1x1x!quant.uniform<u8:f32, 0.05:2>>, tensor<1x2x4x!quant.uniform<u8:f32, 0.05:3>>) {
  %xd = quant.dcast %x : tensor<1x2x4x4x!quant.uniform<u8:f32, 0.1:10>> to tensor<1x2x4x4xf32>
  %ap = qnn.avg_pool %xd {ceil_mode = false, count_include_pad = false, kernel = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32>
  %apq = quant.qcast %ap : tensor<1x2x2x2xf32> to tensor<1x2x2x2x!quant.uniform<u8:f32, 0.05:1>>
  %gp = qnn.global_avg_pool %xd : (tensor<1x2x4x4xf32>) -> tensor<1x2x1x1xf32>
  %gpq = quant.qcast %gp : tensor<1x2x1x1xf32> to tensor<1x2x1x1x!quant.uniform<u8:f32, 0.05:2>>
  %rm = qnn.reduce_mean %xd {axes = array<i64: 3>, keepdims = false} : (tensor<1x2x4x4xf32>) -> tensor<1x2x4xf32>
  %rmq = quant.qcast %rm : tensor<1x2x4xf32> to tensor<1x2x4x!quant.uniform<u8:f32, 0.05:3>>
  return %apq, %gpq, %rmq : tensor<1x2x2x2x!quant.uniform<u8:f32, 0.05:1>>, tensor<1x2x1x1x!quant.uniform<u8:f32, 0.05:2>>, tensor<1x2x4x!quant.uniform<u8:f32, 0.05:3>>
}

// -----

// Unary ops and resize: quantized input type -> quantized result type.
// CHECK-LABEL: func.func @unary(
// CHECK-SAME:      %[[X:.*]]: tensor<1x2x2x2x!quant.uniform<i8:f32, 6.250000e-02>>)
// CHECK-NEXT:    %[[SIG:.*]] = qnn.sigmoid %[[X]] : tensor<1x2x2x2x!quant.uniform<i8:f32, 6.250000e-02>> -> tensor<1x2x2x2x!quant.uniform<u8:f32, 3.906250e-03>>
// CHECK-NEXT:    %[[TANH:.*]] = qnn.tanh %[[X]] : tensor<1x2x2x2x!quant.uniform<i8:f32, 6.250000e-02>> -> tensor<1x2x2x2x!quant.uniform<i8:f32, 7.812500e-03>>
// CHECK-NEXT:    %[[SM:.*]] = qnn.softmax %[[X]] {axis = 1 : i64} : tensor<1x2x2x2x!quant.uniform<i8:f32, 6.250000e-02>> -> tensor<1x2x2x2x!quant.uniform<u8:f32, 3.906250e-03>>
// CHECK-NEXT:    %[[HS:.*]] = qnn.hard_swish %[[X]] : tensor<1x2x2x2x!quant.uniform<i8:f32, 6.250000e-02>> -> tensor<1x2x2x2x!quant.uniform<u8:f32, 1.000000e-01:30>>
// Same input and result type: the printer omits the arrow.
// CHECK-NEXT:    %[[RELU:.*]] = qnn.relu %[[X]] : tensor<1x2x2x2x!quant.uniform<i8:f32, 6.250000e-02>>{{$}}
// CHECK-NEXT:    %[[CL:.*]] = qnn.clamp %[[X]] {max = 6.000000e+00 : f32, min = 0.000000e+00 : f32} : tensor<1x2x2x2x!quant.uniform<i8:f32, 6.250000e-02>> -> tensor<1x2x2x2x!quant.uniform<u8:f32, 2.500000e-02>>
// CHECK-NEXT:    %[[LR:.*]] = qnn.leaky_relu %[[X]] {alpha = 1.000000e-01 : f32} : tensor<1x2x2x2x!quant.uniform<i8:f32, 6.250000e-02>> -> tensor<1x2x2x2x!quant.uniform<i8:f32, 5.000000e-02:10>>
// CHECK-NEXT:    %[[RS:.*]] = qnn.resize %[[X]] {coordinate_transform = #qnn.coordinate_transform<half_pixel>, mode = #qnn.resize_mode<linear>, nearest_mode = #qnn.nearest_mode<floor>, scales = array<f32: 1.000000e+00, 1.000000e+00, 2.000000e+00, 2.000000e+00>} : (tensor<1x2x2x2x!quant.uniform<i8:f32, 6.250000e-02>>) -> tensor<1x2x4x4x!quant.uniform<i8:f32, 6.000000e-02>>
// CHECK-NEXT:    return %[[SIG]], %[[TANH]], %[[SM]], %[[HS]], %[[RELU]], %[[CL]], %[[LR]], %[[RS]]
!qx = !quant.uniform<i8:f32, 0.0625>
!q01 = !quant.uniform<u8:f32, 0.00390625>
!qt = !quant.uniform<i8:f32, 0.0078125>
!qhs = !quant.uniform<u8:f32, 0.1:30>
!qcl = !quant.uniform<u8:f32, 0.025>
!qlr = !quant.uniform<i8:f32, 0.05:10>
!qrs = !quant.uniform<i8:f32, 0.06>
func.func @unary(%x: tensor<1x2x2x2x!qx>) -> (tensor<1x2x2x2x!q01>, tensor<1x2x2x2x!qt>, tensor<1x2x2x2x!q01>, tensor<1x2x2x2x!qhs>, tensor<1x2x2x2x!qx>, tensor<1x2x2x2x!qcl>, tensor<1x2x2x2x!qlr>, tensor<1x2x4x4x!qrs>) {
  %xd = quant.dcast %x : tensor<1x2x2x2x!qx> to tensor<1x2x2x2xf32>
  %0 = qnn.sigmoid %xd : tensor<1x2x2x2xf32>
  %q0 = quant.qcast %0 : tensor<1x2x2x2xf32> to tensor<1x2x2x2x!q01>
  %1 = qnn.tanh %xd : tensor<1x2x2x2xf32>
  %q1 = quant.qcast %1 : tensor<1x2x2x2xf32> to tensor<1x2x2x2x!qt>
  %2 = qnn.softmax %xd {axis = 1 : i64} : tensor<1x2x2x2xf32>
  %q2 = quant.qcast %2 : tensor<1x2x2x2xf32> to tensor<1x2x2x2x!q01>
  %3 = qnn.hard_swish %xd : tensor<1x2x2x2xf32>
  %q3 = quant.qcast %3 : tensor<1x2x2x2xf32> to tensor<1x2x2x2x!qhs>
  %4 = qnn.relu %xd : tensor<1x2x2x2xf32>
  %q4 = quant.qcast %4 : tensor<1x2x2x2xf32> to tensor<1x2x2x2x!qx>
  %5 = qnn.clamp %xd {min = 0.0 : f32, max = 6.0 : f32} : tensor<1x2x2x2xf32>
  %q5 = quant.qcast %5 : tensor<1x2x2x2xf32> to tensor<1x2x2x2x!qcl>
  %6 = qnn.leaky_relu %xd {alpha = 0.1 : f32} : tensor<1x2x2x2xf32>
  %q6 = quant.qcast %6 : tensor<1x2x2x2xf32> to tensor<1x2x2x2x!qlr>
  %7 = qnn.resize %xd {coordinate_transform = #qnn.coordinate_transform<half_pixel>, mode = #qnn.resize_mode<linear>, nearest_mode = #qnn.nearest_mode<floor>, scales = array<f32: 1.0, 1.0, 2.0, 2.0>} : (tensor<1x2x2x2xf32>) -> tensor<1x2x4x4xf32>
  %q7 = quant.qcast %7 : tensor<1x2x4x4xf32> to tensor<1x2x4x4x!qrs>
  return %q0, %q1, %q2, %q3, %q4, %q5, %q6, %q7 : tensor<1x2x2x2x!q01>, tensor<1x2x2x2x!qt>, tensor<1x2x2x2x!q01>, tensor<1x2x2x2x!qhs>, tensor<1x2x2x2x!qx>, tensor<1x2x2x2x!qcl>, tensor<1x2x2x2x!qlr>, tensor<1x2x4x4x!qrs>
}

// -----

// Same-scale ops keep the input's type; a chain of them lowers through, and
// the final qcast to the same type disappears.
// CHECK-LABEL: func.func @same_scale_chain(
// CHECK-SAME:      %[[X:.*]]: tensor<1x2x4x4x!quant.uniform<u8:f32, 1.000000e-01:10>>)
// CHECK-NEXT:    %[[MP:.*]] = qnn.max_pool %[[X]] {{.*}} : (tensor<1x2x4x4x!quant.uniform<u8:f32, 1.000000e-01:10>>) -> tensor<1x2x2x2x!quant.uniform<u8:f32, 1.000000e-01:10>>
// CHECK-NEXT:    %[[PAD:.*]] = qnn.pad %[[MP]] {mode = #qnn.pad_mode<constant>, pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, value = 0.000000e+00 : f32} : (tensor<1x2x2x2x!quant.uniform<u8:f32, 1.000000e-01:10>>) -> tensor<1x2x4x4x!quant.uniform<u8:f32, 1.000000e-01:10>>
// CHECK-NEXT:    %[[SL:.*]] = qnn.slice %[[PAD]] {{.*}} : (tensor<1x2x4x4x!quant.uniform<u8:f32, 1.000000e-01:10>>) -> tensor<1x2x2x4x!quant.uniform<u8:f32, 1.000000e-01:10>>
// CHECK-NEXT:    %[[TR:.*]] = qnn.transpose %[[SL]] {perm = array<i64: 0, 1, 3, 2>} : (tensor<1x2x2x4x!quant.uniform<u8:f32, 1.000000e-01:10>>) -> tensor<1x2x4x2x!quant.uniform<u8:f32, 1.000000e-01:10>>
// CHECK-NEXT:    %[[FL:.*]] = qnn.flatten %[[TR]] {axis = 1 : i64} : (tensor<1x2x4x2x!quant.uniform<u8:f32, 1.000000e-01:10>>) -> tensor<1x16x!quant.uniform<u8:f32, 1.000000e-01:10>>
// CHECK-NEXT:    %[[RS:.*]] = qnn.reshape %[[FL]] : (tensor<1x16x!quant.uniform<u8:f32, 1.000000e-01:10>>) -> tensor<4x4x!quant.uniform<u8:f32, 1.000000e-01:10>>
// CHECK-NEXT:    return %[[RS]]
!q = !quant.uniform<u8:f32, 0.1:10>
func.func @same_scale_chain(%x: tensor<1x2x4x4x!q>) -> tensor<4x4x!q> {
  %xd = quant.dcast %x : tensor<1x2x4x4x!q> to tensor<1x2x4x4xf32>
  %0 = qnn.max_pool %xd {ceil_mode = false, dilations = array<i64: 1, 1>, kernel = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32>
  %1 = qnn.pad %0 {mode = #qnn.pad_mode<constant>, pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, value = 0.0 : f32} : (tensor<1x2x2x2xf32>) -> tensor<1x2x4x4xf32>
  %2 = qnn.slice %1 {starts = array<i64: 0, 0, 1, 0>, ends = array<i64: 1, 2, 3, 4>, steps = array<i64: 1, 1, 1, 1>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x2x4xf32>
  %3 = qnn.transpose %2 {perm = array<i64: 0, 1, 3, 2>} : (tensor<1x2x2x4xf32>) -> tensor<1x2x4x2xf32>
  %4 = qnn.flatten %3 {axis = 1 : i64} : (tensor<1x2x4x2xf32>) -> tensor<1x16xf32>
  %5 = qnn.reshape %4 : (tensor<1x16xf32>) -> tensor<4x4xf32>
  %q5 = quant.qcast %5 : tensor<4x4xf32> to tensor<4x4x!q>
  return %q5 : tensor<4x4x!q>
}

// -----

// A same-scale op whose qcast has other parameters stays on its input's
// type; the change of parameters is left as a dcast -> qcast pair (a
// requantization). Float users read a dcast of the lowered op.
// CHECK-LABEL: func.func @same_scale_requantize(
// CHECK-SAME:      %[[X:.*]]: tensor<1x8x!quant.uniform<u8:f32, 1.000000e-01:10>>)
// CHECK-NEXT:    %[[RS:.*]] = qnn.reshape %[[X]] : (tensor<1x8x!quant.uniform<u8:f32, 1.000000e-01:10>>) -> tensor<2x4x!quant.uniform<u8:f32, 1.000000e-01:10>>
// CHECK-NEXT:    %[[D:.*]] = quant.dcast %[[RS]] : tensor<2x4x!quant.uniform<u8:f32, 1.000000e-01:10>> to tensor<2x4xf32>
// CHECK-NEXT:    %[[Q:.*]] = quant.qcast %[[D]] : tensor<2x4xf32> to tensor<2x4x!quant.uniform<u8:f32, 2.000000e-01:20>>
// CHECK-NEXT:    return %[[Q]], %[[D]]
func.func @same_scale_requantize(%x: tensor<1x8x!quant.uniform<u8:f32, 0.1:10>>) -> (tensor<2x4x!quant.uniform<u8:f32, 0.2:20>>, tensor<2x4xf32>) {
  %xd = quant.dcast %x : tensor<1x8x!quant.uniform<u8:f32, 0.1:10>> to tensor<1x8xf32>
  %r = qnn.reshape %xd : (tensor<1x8xf32>) -> tensor<2x4xf32>
  %rq = quant.qcast %r : tensor<2x4xf32> to tensor<2x4x!quant.uniform<u8:f32, 0.2:20>>
  return %rq, %r : tensor<2x4x!quant.uniform<u8:f32, 0.2:20>>, tensor<2x4xf32>
}

// -----

// Concat of inputs that share one type (as qnn-assign-scales leaves them).
// CHECK-LABEL: func.func @concat(
// CHECK-SAME:      %[[A:[^:]*]]: tensor<1x2x!quant.uniform<i8:f32, 5.000000e-02:-1>>,
// CHECK-SAME:      %[[B:[^:]*]]: tensor<1x3x!quant.uniform<i8:f32, 5.000000e-02:-1>>)
// CHECK-NEXT:    %[[C:.*]] = qnn.concat %[[A]], %[[B]] {axis = 1 : i64} : (tensor<1x2x!quant.uniform<i8:f32, 5.000000e-02:-1>>, tensor<1x3x!quant.uniform<i8:f32, 5.000000e-02:-1>>) -> tensor<1x5x!quant.uniform<i8:f32, 5.000000e-02:-1>>
// CHECK-NEXT:    return %[[C]]
!q = !quant.uniform<i8:f32, 0.05:-1>
func.func @concat(%a: tensor<1x2x!q>, %b: tensor<1x3x!q>) -> tensor<1x5x!q> {
  %ad = quant.dcast %a : tensor<1x2x!q> to tensor<1x2xf32>
  %bd = quant.dcast %b : tensor<1x3x!q> to tensor<1x3xf32>
  %c = qnn.concat %ad, %bd {axis = 1 : i64} : (tensor<1x2xf32>, tensor<1x3xf32>) -> tensor<1x5xf32>
  %cq = quant.qcast %c : tensor<1x5xf32> to tensor<1x5x!q>
  return %cq : tensor<1x5x!q>
}

// -----

// Two quantized convs: the qcast -> dcast between them becomes a direct use.
// CHECK-LABEL: func.func @conv_chain(
// CHECK-SAME:      %[[X:.*]]: tensor<1x1x4x4x!quant.uniform<u8:f32, 1.000000e-01:128>>)
// CHECK-NEXT:    %[[W:.*]] = arith.constant dense<1> : tensor<1x1x1x1xi8>
// CHECK-NEXT:    %[[WQ:.*]] = quant.scast %[[W]]
// CHECK-NEXT:    %[[Y1:.*]] = qnn.conv2d %[[X]], %[[WQ]] {{.*}} -> tensor<1x1x4x4x!quant.uniform<u8:f32, 2.000000e-01:5>>
// CHECK-NEXT:    %[[Y2:.*]] = qnn.conv2d %[[Y1]], %[[WQ]] {{.*}} -> tensor<1x1x4x4x!quant.uniform<u8:f32, 4.000000e-01:6>>
// CHECK-NEXT:    return %[[Y2]]
!qx = !quant.uniform<u8:f32, 0.1:128>
!qw = !quant.uniform<i8:f32, 0.5>
!qy1 = !quant.uniform<u8:f32, 0.2:5>
!qy2 = !quant.uniform<u8:f32, 0.4:6>
func.func @conv_chain(%x: tensor<1x1x4x4x!qx>) -> tensor<1x1x4x4x!qy2> {
  %xd = quant.dcast %x : tensor<1x1x4x4x!qx> to tensor<1x1x4x4xf32>
  %w = arith.constant dense<1> : tensor<1x1x1x1xi8>
  %wq = quant.scast %w : tensor<1x1x1x1xi8> to tensor<1x1x1x1x!qw>
  %wd = quant.dcast %wq : tensor<1x1x1x1x!qw> to tensor<1x1x1x1xf32>
  %y1 = qnn.conv2d %xd, %wd {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32>
  %y1q = quant.qcast %y1 : tensor<1x1x4x4xf32> to tensor<1x1x4x4x!qy1>
  %y1d = quant.dcast %y1q : tensor<1x1x4x4x!qy1> to tensor<1x1x4x4xf32>
  %y2 = qnn.conv2d %y1d, %wd {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32>
  %y2q = quant.qcast %y2 : tensor<1x1x4x4xf32> to tensor<1x1x4x4x!qy2>
  return %y2q : tensor<1x1x4x4x!qy2>
}

// -----

// qcast(dcast(x)) to x's own type is x; to another type it is a
// requantization and stays. A fake-quant dcast(qcast(x)) of a float value
// stays too: removing it would change the numbers.
// CHECK-LABEL: func.func @casts(
// CHECK-SAME:      %[[X:[^:]*]]: tensor<4x!quant.uniform<u8:f32, 1.000000e-01>>,
// CHECK-SAME:      %[[F:[^:]*]]: tensor<4xf32>)
// CHECK-NEXT:    %[[D:.*]] = quant.dcast %[[X]]
// CHECK-NEXT:    %[[R:.*]] = quant.qcast %[[D]] : tensor<4xf32> to tensor<4x!quant.uniform<u8:f32, 2.000000e-01>>
// CHECK-NEXT:    %[[FQ:.*]] = quant.qcast %[[F]]
// CHECK-NEXT:    %[[FD:.*]] = quant.dcast %[[FQ]]
// CHECK-NEXT:    return %[[X]], %[[R]], %[[FD]]
func.func @casts(%x: tensor<4x!quant.uniform<u8:f32, 0.1>>, %f: tensor<4xf32>) -> (tensor<4x!quant.uniform<u8:f32, 0.1>>, tensor<4x!quant.uniform<u8:f32, 0.2>>, tensor<4xf32>) {
  %d = quant.dcast %x : tensor<4x!quant.uniform<u8:f32, 0.1>> to tensor<4xf32>
  %same = quant.qcast %d : tensor<4xf32> to tensor<4x!quant.uniform<u8:f32, 0.1>>
  %other = quant.qcast %d : tensor<4xf32> to tensor<4x!quant.uniform<u8:f32, 0.2>>
  %fq = quant.qcast %f : tensor<4xf32> to tensor<4x!quant.uniform<u8:f32, 0.1>>
  %fd = quant.dcast %fq : tensor<4x!quant.uniform<u8:f32, 0.1>> to tensor<4xf32>
  return %same, %other, %fd : tensor<4x!quant.uniform<u8:f32, 0.1>>, tensor<4x!quant.uniform<u8:f32, 0.2>>, tensor<4xf32>
}

// -----

// swish takes the qcast's type like the other requantizing unary ops (ref
// runs it through its 256-entry table).
// CHECK-LABEL: func.func @swish(
// CHECK-SAME:      %[[X:.*]]: tensor<1x2x2x2x!quant.uniform<u8:f32, 5.000000e-02:100>>)
// CHECK-NEXT:    %[[S:.*]] = qnn.swish %[[X]] : tensor<1x2x2x2x!quant.uniform<u8:f32, 5.000000e-02:100>> -> tensor<1x2x2x2x!quant.uniform<u8:f32, 2.000000e-02:14>>
// CHECK-NEXT:    return %[[S]]
func.func @swish(%x: tensor<1x2x2x2x!quant.uniform<u8:f32, 0.05:100>>) -> tensor<1x2x2x2x!quant.uniform<u8:f32, 0.02:14>> {
  %xd = quant.dcast %x : tensor<1x2x2x2x!quant.uniform<u8:f32, 0.05:100>> to tensor<1x2x2x2xf32>
  %s = qnn.swish %xd : tensor<1x2x2x2xf32>
  %q = quant.qcast %s : tensor<1x2x2x2xf32> to tensor<1x2x2x2x!quant.uniform<u8:f32, 0.02:14>>
  return %q : tensor<1x2x2x2x!quant.uniform<u8:f32, 0.02:14>>
}

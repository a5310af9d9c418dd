// RUN: quant-opt %s | quant-opt | FileCheck %s

// Round-trip of every qnn op, on f32 and on !quant.uniform element types.

// Per-tensor u8 activations, per-axis s8 weights on axis 0, i32 biases.
!act = !quant.uniform<u8:f32, 0.05:128>
!act2 = !quant.uniform<u8:f32, 0.1:0>
!act3 = !quant.uniform<u8:f32, 0.025:100>
!w4 = !quant.uniform<i8<-127:127>:f32:0, {0.1, 0.2, 0.3, 0.4}>
!w8 = !quant.uniform<i8<-127:127>:f32:0, {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8}>
!wt = !quant.uniform<i8<-127:127>:f32, 0.02>

//===----------------------------------------------------------------------===//
// conv2d
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @conv2d
// CHECK-SAME: (%[[X:.*]]: tensor<1x3x8x8xf32>, %[[W:.*]]: tensor<16x3x3x3xf32>, %[[B:.*]]: tensor<16xf32>)
func.func @conv2d(%x: tensor<1x3x8x8xf32>, %w: tensor<16x3x3x3xf32>,
                  %b: tensor<16xf32>) -> tensor<1x16x8x8xf32> {
  // CHECK: %[[Y:.*]] = qnn.conv2d %[[X]], %[[W]], %[[B]] {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32>, tensor<16xf32>) -> tensor<1x16x8x8xf32>
  %0 = qnn.conv2d %x, %w, %b {dilations = array<i64: 1, 1>, groups = 1 : i64,
           pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>}
       : (tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32>, tensor<16xf32>)
       -> tensor<1x16x8x8xf32>
  // CHECK: return %[[Y]]
  return %0 : tensor<1x16x8x8xf32>
}

// CHECK-LABEL: func.func @conv2d_no_bias
// CHECK-SAME: (%[[X:.*]]: tensor<1x3x8x8xf32>, %[[W:.*]]: tensor<8x3x1x1xf32>)
func.func @conv2d_no_bias(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x1x1xf32>)
    -> tensor<1x8x8x8xf32> {
  // CHECK: qnn.conv2d %[[X]], %[[W]] {{{.*}}} : (tensor<1x3x8x8xf32>, tensor<8x3x1x1xf32>) -> tensor<1x8x8x8xf32>
  %0 = qnn.conv2d %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64,
           pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
       : (tensor<1x3x8x8xf32>, tensor<8x3x1x1xf32>) -> tensor<1x8x8x8xf32>
  return %0 : tensor<1x8x8x8xf32>
}

// Asymmetric pads [top, left, bottom, right] with stride 2:
// H_out = (8 + 0 + 1 - 3) / 2 + 1 = 4.
// CHECK-LABEL: func.func @conv2d_strided
// CHECK: qnn.conv2d {{.*}}pads = array<i64: 0, 0, 1, 1>, strides = array<i64: 2, 2>} {{.*}} -> tensor<1x16x4x4xf32>
func.func @conv2d_strided(%x: tensor<1x3x8x8xf32>, %w: tensor<16x3x3x3xf32>,
                          %b: tensor<16xf32>) -> tensor<1x16x4x4xf32> {
  %0 = qnn.conv2d %x, %w, %b {dilations = array<i64: 1, 1>, groups = 1 : i64,
           pads = array<i64: 0, 0, 1, 1>, strides = array<i64: 2, 2>}
       : (tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32>, tensor<16xf32>)
       -> tensor<1x16x4x4xf32>
  return %0 : tensor<1x16x4x4xf32>
}

// Effective kernel 5: H_out = (8 + 2 + 2 - 5) / 1 + 1 = 8; W_out = (8 - 3) + 1.
// CHECK-LABEL: func.func @conv2d_dilated
// CHECK: qnn.conv2d {{.*}}{dilations = array<i64: 2, 1>, groups = 1 : i64, pads = array<i64: 2, 0, 2, 0>, {{.*}} -> tensor<1x16x8x6xf32>
func.func @conv2d_dilated(%x: tensor<1x3x8x8xf32>, %w: tensor<16x3x3x3xf32>)
    -> tensor<1x16x8x6xf32> {
  %0 = qnn.conv2d %x, %w {dilations = array<i64: 2, 1>, groups = 1 : i64,
           pads = array<i64: 2, 0, 2, 0>, strides = array<i64: 1, 1>}
       : (tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32>) -> tensor<1x16x8x6xf32>
  return %0 : tensor<1x16x8x6xf32>
}

// CHECK-LABEL: func.func @conv2d_grouped
// CHECK: qnn.conv2d {{.*}}groups = 2 : i64{{.*}} : (tensor<1x8x8x8xf32>, tensor<16x4x3x3xf32>, tensor<16xf32>) -> tensor<1x16x8x8xf32>
func.func @conv2d_grouped(%x: tensor<1x8x8x8xf32>, %w: tensor<16x4x3x3xf32>,
                          %b: tensor<16xf32>) -> tensor<1x16x8x8xf32> {
  %0 = qnn.conv2d %x, %w, %b {dilations = array<i64: 1, 1>, groups = 2 : i64,
           pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>}
       : (tensor<1x8x8x8xf32>, tensor<16x4x3x3xf32>, tensor<16xf32>)
       -> tensor<1x16x8x8xf32>
  return %0 : tensor<1x16x8x8xf32>
}

// CHECK-LABEL: func.func @conv2d_depthwise
// CHECK: qnn.conv2d {{.*}}groups = 8 : i64{{.*}} : (tensor<1x8x8x8xf32>, tensor<8x1x3x3xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
func.func @conv2d_depthwise(%x: tensor<1x8x8x8xf32>, %w: tensor<8x1x3x3xf32>,
                            %b: tensor<8xf32>) -> tensor<1x8x4x4xf32> {
  %0 = qnn.conv2d %x, %w, %b {dilations = array<i64: 1, 1>, groups = 8 : i64,
           pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>}
       : (tensor<1x8x8x8xf32>, tensor<8x1x3x3xf32>, tensor<8xf32>)
       -> tensor<1x8x4x4xf32>
  return %0 : tensor<1x8x4x4xf32>
}

// CHECK-LABEL: func.func @conv2d_residual_relu
// CHECK-SAME: (%[[X:.*]]: tensor<1x3x8x8xf32>, %[[W:.*]]: tensor<4x3x3x3xf32>, %[[B:.*]]: tensor<4xf32>, %[[R:.*]]: tensor<1x4x8x8xf32>)
func.func @conv2d_residual_relu(%x: tensor<1x3x8x8xf32>,
                                %w: tensor<4x3x3x3xf32>, %b: tensor<4xf32>,
                                %r: tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32> {
  // CHECK: qnn.conv2d %[[X]], %[[W]], %[[B]] residual %[[R]] {activation = #qnn.activation<relu>, dilations
  // CHECK-SAME: : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>, tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
  %0 = qnn.conv2d %x, %w, %b residual %r {
           activation = #qnn.activation<relu>, dilations = array<i64: 1, 1>,
           groups = 1 : i64, pads = array<i64: 1, 1, 1, 1>,
           strides = array<i64: 1, 1>}
       : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>,
          tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
  return %0 : tensor<1x4x8x8xf32>
}

// A residual without a bias.
// CHECK-LABEL: func.func @conv2d_residual_no_bias
// CHECK-SAME: (%[[X:.*]]: tensor<1x3x8x8xf32>, %[[W:.*]]: tensor<4x3x3x3xf32>, %[[R:.*]]: tensor<1x4x8x8xf32>)
func.func @conv2d_residual_no_bias(%x: tensor<1x3x8x8xf32>,
                                   %w: tensor<4x3x3x3xf32>,
                                   %r: tensor<1x4x8x8xf32>)
    -> tensor<1x4x8x8xf32> {
  // CHECK: qnn.conv2d %[[X]], %[[W]] residual %[[R]] {activation = #qnn.activation<clamp, min = 0.000000e+00, max = 6.000000e+00>
  // CHECK-SAME: : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
  %0 = qnn.conv2d %x, %w residual %r {
           activation = #qnn.activation<clamp, min = 0.0, max = 6.0>,
           dilations = array<i64: 1, 1>, groups = 1 : i64,
           pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>}
       : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<1x4x8x8xf32>)
       -> tensor<1x4x8x8xf32>
  return %0 : tensor<1x4x8x8xf32>
}

// CHECK-LABEL: func.func @conv2d_leaky_relu
// CHECK: qnn.conv2d {{.*}}{activation = #qnn.activation<leaky_relu, alpha = 1.000000e-01>
func.func @conv2d_leaky_relu(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>)
    -> tensor<1x4x6x6xf32> {
  %0 = qnn.conv2d %x, %w {activation = #qnn.activation<leaky_relu, alpha = 0.1>,
           dilations = array<i64: 1, 1>, groups = 1 : i64,
           pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
       : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}

// CHECK-LABEL: func.func @conv2d_swish
// CHECK: qnn.conv2d {{.*}}{activation = #qnn.activation<swish>
func.func @conv2d_swish(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>)
    -> tensor<1x4x6x6xf32> {
  %0 = qnn.conv2d %x, %w {activation = #qnn.activation<swish>,
           dilations = array<i64: 1, 1>, groups = 1 : i64,
           pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
       : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}

// u8 activations, per-axis s8 weights, i32 bias, a residual of its own scale
// and a clamp in the result's quantized domain.
// CHECK-LABEL: func.func @conv2d_quant
// CHECK-SAME: (%[[X:.*]]: tensor<1x3x8x8x!quant.uniform<u8:f32, 5.000000e-02:128>>, %[[W:.*]]: tensor<4x3x3x3x!quant.uniform<i8<-127:127>:f32:0, {1.000000e-01,2.000000e-01,3.000000e-01,4.000000e-01}>>, %[[B:.*]]: tensor<4xi32>, %[[R:.*]]: tensor<1x4x8x8x!quant.uniform<u8:f32, 2.500000e-02:100>>)
func.func @conv2d_quant(%x: tensor<1x3x8x8x!act>, %w: tensor<4x3x3x3x!w4>,
                        %b: tensor<4xi32>, %r: tensor<1x4x8x8x!act3>)
    -> tensor<1x4x8x8x!act2> {
  // CHECK: %[[Y:.*]] = qnn.conv2d %[[X]], %[[W]], %[[B]] residual %[[R]] {activation = #qnn.activation<clamp, min = 0.000000e+00, max = 6.000000e+00>
  // CHECK-SAME: -> tensor<1x4x8x8x!quant.uniform<u8:f32, 1.000000e-01>>
  %0 = qnn.conv2d %x, %w, %b residual %r {
           activation = #qnn.activation<clamp, min = 0.0, max = 6.0>,
           dilations = array<i64: 1, 1>, groups = 1 : i64,
           pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>}
       : (tensor<1x3x8x8x!act>, tensor<4x3x3x3x!w4>, tensor<4xi32>,
          tensor<1x4x8x8x!act3>) -> tensor<1x4x8x8x!act2>
  // CHECK: return %[[Y]]
  return %0 : tensor<1x4x8x8x!act2>
}

// CHECK-LABEL: func.func @conv2d_quant_depthwise
// CHECK: qnn.conv2d {{.*}}groups = 8 : i64{{.*}} : (tensor<1x8x8x8x!quant.uniform<u8:f32, 5.000000e-02:128>>, tensor<8x1x3x3x!quant.uniform<i8<-127:127>:f32:0, {{.*}}>>, tensor<8xi32>) -> tensor<1x8x8x8x!quant.uniform<u8:f32, 5.000000e-02:128>>
func.func @conv2d_quant_depthwise(%x: tensor<1x8x8x8x!act>,
                                  %w: tensor<8x1x3x3x!w8>, %b: tensor<8xi32>)
    -> tensor<1x8x8x8x!act> {
  %0 = qnn.conv2d %x, %w, %b {activation = #qnn.activation<relu>,
           dilations = array<i64: 1, 1>, groups = 8 : i64,
           pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>}
       : (tensor<1x8x8x8x!act>, tensor<8x1x3x3x!w8>, tensor<8xi32>)
       -> tensor<1x8x8x8x!act>
  return %0 : tensor<1x8x8x8x!act>
}

// A per-tensor weight and no bias.
// CHECK-LABEL: func.func @conv2d_quant_per_tensor
// CHECK: qnn.conv2d {{.*}} : (tensor<1x3x8x8x!quant.uniform<u8:f32, 5.000000e-02:128>>, tensor<4x3x3x3x!quant.uniform<i8<-127:127>:f32, 2.000000e-02>>) -> tensor<1x4x4x4x!quant.uniform<u8:f32, 1.000000e-01>>
func.func @conv2d_quant_per_tensor(%x: tensor<1x3x8x8x!act>,
                                   %w: tensor<4x3x3x3x!wt>)
    -> tensor<1x4x4x4x!act2> {
  %0 = qnn.conv2d %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64,
           pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>}
       : (tensor<1x3x8x8x!act>, tensor<4x3x3x3x!wt>) -> tensor<1x4x4x4x!act2>
  return %0 : tensor<1x4x4x4x!act2>
}

//===----------------------------------------------------------------------===//
// fully_connected
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @fully_connected
// CHECK-SAME: (%[[X:.*]]: tensor<2x16xf32>, %[[W:.*]]: tensor<10x16xf32>, %[[B:.*]]: tensor<10xf32>)
func.func @fully_connected(%x: tensor<2x16xf32>, %w: tensor<10x16xf32>,
                           %b: tensor<10xf32>) -> tensor<2x10xf32> {
  // CHECK: %[[Y:.*]] = qnn.fully_connected %[[X]], %[[W]], %[[B]] : (tensor<2x16xf32>, tensor<10x16xf32>, tensor<10xf32>) -> tensor<2x10xf32>
  %0 = qnn.fully_connected %x, %w, %b
       : (tensor<2x16xf32>, tensor<10x16xf32>, tensor<10xf32>) -> tensor<2x10xf32>
  // CHECK: return %[[Y]]
  return %0 : tensor<2x10xf32>
}

// CHECK-LABEL: func.func @fully_connected_rank3
// CHECK-SAME: (%[[X:.*]]: tensor<2x5x16xf32>, %[[W:.*]]: tensor<10x16xf32>, %[[R:.*]]: tensor<2x5x10xf32>)
func.func @fully_connected_rank3(%x: tensor<2x5x16xf32>, %w: tensor<10x16xf32>,
                                 %r: tensor<2x5x10xf32>) -> tensor<2x5x10xf32> {
  // CHECK: qnn.fully_connected %[[X]], %[[W]] residual %[[R]] {activation = #qnn.activation<relu>} : (tensor<2x5x16xf32>, tensor<10x16xf32>, tensor<2x5x10xf32>) -> tensor<2x5x10xf32>
  %0 = qnn.fully_connected %x, %w residual %r
           {activation = #qnn.activation<relu>}
       : (tensor<2x5x16xf32>, tensor<10x16xf32>, tensor<2x5x10xf32>)
       -> tensor<2x5x10xf32>
  return %0 : tensor<2x5x10xf32>
}

// CHECK-LABEL: func.func @fully_connected_quant
// CHECK-SAME: (%[[X:.*]]: tensor<1x16x!quant.uniform<u8:f32, 5.000000e-02:128>>, %[[W:.*]]: tensor<4x16x!quant.uniform<i8<-127:127>:f32:0, {{.*}}>>, %[[B:.*]]: tensor<4xi32>)
func.func @fully_connected_quant(%x: tensor<1x16x!act>, %w: tensor<4x16x!w4>,
                                 %b: tensor<4xi32>) -> tensor<1x4x!act2> {
  // CHECK: qnn.fully_connected %[[X]], %[[W]], %[[B]] {activation = #qnn.activation<relu>}
  // CHECK-SAME: -> tensor<1x4x!quant.uniform<u8:f32, 1.000000e-01>>
  %0 = qnn.fully_connected %x, %w, %b {activation = #qnn.activation<relu>}
       : (tensor<1x16x!act>, tensor<4x16x!w4>, tensor<4xi32>) -> tensor<1x4x!act2>
  return %0 : tensor<1x4x!act2>
}

//===----------------------------------------------------------------------===//
// batch_norm
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @batch_norm
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x8x8xf32>, %[[S:.*]]: tensor<4xf32>, %[[B:.*]]: tensor<4xf32>, %[[M:.*]]: tensor<4xf32>, %[[V:.*]]: tensor<4xf32>)
func.func @batch_norm(%x: tensor<1x4x8x8xf32>, %s: tensor<4xf32>,
                      %b: tensor<4xf32>, %m: tensor<4xf32>, %v: tensor<4xf32>)
    -> tensor<1x4x8x8xf32> {
  // CHECK: qnn.batch_norm %[[X]], %[[S]], %[[B]], %[[M]], %[[V]] {epsilon = 9.99999974E-6 : f32} : (tensor<1x4x8x8xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32>
  %0 = qnn.batch_norm %x, %s, %b, %m, %v {epsilon = 1.0e-5 : f32}
       : (tensor<1x4x8x8xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>,
          tensor<4xf32>) -> tensor<1x4x8x8xf32>
  return %0 : tensor<1x4x8x8xf32>
}

// CHECK-LABEL: func.func @batch_norm_rank2
// CHECK: qnn.batch_norm {{.*}} -> tensor<2x4xf32>
func.func @batch_norm_rank2(%x: tensor<2x4xf32>, %p: tensor<4xf32>)
    -> tensor<2x4xf32> {
  %0 = qnn.batch_norm %x, %p, %p, %p, %p {epsilon = 0.0 : f32}
       : (tensor<2x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>,
          tensor<4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

//===----------------------------------------------------------------------===//
// Elementwise unary
//===----------------------------------------------------------------------===//

// The short type form is used when the input and result types agree.
// CHECK-LABEL: func.func @unary_f32
// CHECK-SAME: (%[[X:.*]]: tensor<2x8xf32>)
func.func @unary_f32(%x: tensor<2x8xf32>) -> tensor<2x8xf32> {
  // CHECK: %[[R:.*]] = qnn.relu %[[X]] : tensor<2x8xf32>
  %0 = qnn.relu %x : tensor<2x8xf32>
  // CHECK: %[[C:.*]] = qnn.clamp %[[R]] {max = 6.000000e+00 : f32, min = 0.000000e+00 : f32} : tensor<2x8xf32>
  %1 = qnn.clamp %0 {min = 0.0 : f32, max = 6.0 : f32} : tensor<2x8xf32>
  // CHECK: %[[L:.*]] = qnn.leaky_relu %[[C]] {alpha = 0.00999999977 : f32} : tensor<2x8xf32>
  %2 = qnn.leaky_relu %1 {alpha = 0.01 : f32} : tensor<2x8xf32>
  // CHECK: %[[S:.*]] = qnn.sigmoid %[[L]] : tensor<2x8xf32>
  %3 = qnn.sigmoid %2 : tensor<2x8xf32>
  // CHECK: %[[HS:.*]] = qnn.hard_sigmoid %[[S]] {alpha = 0.166666672 : f32, beta = 5.000000e-01 : f32} : tensor<2x8xf32>
  %4 = qnn.hard_sigmoid %3 {alpha = 0.16666667 : f32, beta = 0.5 : f32}
       : tensor<2x8xf32>
  // CHECK: %[[HW:.*]] = qnn.hard_swish %[[HS]] : tensor<2x8xf32>
  %5 = qnn.hard_swish %4 : tensor<2x8xf32>
  // CHECK: %[[SW:.*]] = qnn.swish %[[HW]] : tensor<2x8xf32>
  %sw = qnn.swish %5 : tensor<2x8xf32>
  // CHECK: %[[T:.*]] = qnn.tanh %[[SW]] : tensor<2x8xf32>
  %6 = qnn.tanh %sw : tensor<2x8xf32>
  // CHECK: %[[SM:.*]] = qnn.softmax %[[T]] {axis = 1 : i64} : tensor<2x8xf32>
  %7 = qnn.softmax %6 {axis = 1 : i64} : tensor<2x8xf32>
  // CHECK: return %[[SM]]
  return %7 : tensor<2x8xf32>
}

// Quantized unary ops that keep their quantization print one type.
// CHECK-LABEL: func.func @unary_quant_same_type
func.func @unary_quant_same_type(%x: tensor<2x8x!act>) -> tensor<2x8x!act> {
  // CHECK: qnn.relu %{{.*}} : tensor<2x8x!quant.uniform<u8:f32, 5.000000e-02:128>>{{$}}
  %0 = qnn.relu %x : tensor<2x8x!act>
  // CHECK: qnn.clamp %{{.*}} : tensor<2x8x!quant.uniform<u8:f32, 5.000000e-02:128>>{{$}}
  %1 = qnn.clamp %0 {min = 0.0 : f32, max = 6.0 : f32} : tensor<2x8x!act>
  return %1 : tensor<2x8x!act>
}

// The `a -> b` form: every unary op may requantize to a different type.
// CHECK-LABEL: func.func @unary_quant
// CHECK-SAME: (%[[X:.*]]: tensor<2x8x!quant.uniform<u8:f32, 5.000000e-02:128>>)
func.func @unary_quant(%x: tensor<2x8x!act>) -> tensor<2x8x!act> {
  // CHECK: %[[R:.*]] = qnn.relu %[[X]] : tensor<2x8x!quant.uniform<u8:f32, 5.000000e-02:128>> -> tensor<2x8x!quant.uniform<u8:f32, 1.000000e-01>>
  %0 = qnn.relu %x : tensor<2x8x!act> -> tensor<2x8x!act2>
  // CHECK: %[[C:.*]] = qnn.clamp %[[R]] {max = 6.000000e+00 : f32, min = 0.000000e+00 : f32} : tensor<2x8x!quant.uniform<u8:f32, 1.000000e-01>> -> tensor<2x8x!quant.uniform<u8:f32, 5.000000e-02:128>>
  %1 = qnn.clamp %0 {min = 0.0 : f32, max = 6.0 : f32}
       : tensor<2x8x!act2> -> tensor<2x8x!act>
  // CHECK: %[[L:.*]] = qnn.leaky_relu %[[C]] {{.*}} -> tensor<2x8x!quant.uniform<u8:f32, 2.500000e-02:100>>
  %2 = qnn.leaky_relu %1 {alpha = 0.1 : f32}
       : tensor<2x8x!act> -> tensor<2x8x!act3>
  // CHECK: %[[S:.*]] = qnn.sigmoid %[[L]] : tensor<2x8x!quant.uniform<u8:f32, 2.500000e-02:100>> -> tensor<2x8x!quant.uniform<u8:f32, 3.906250e-03>>
  %3 = qnn.sigmoid %2 : tensor<2x8x!act3> -> tensor<2x8x!quant.uniform<u8:f32, 0.00390625>>
  // CHECK: %[[HS:.*]] = qnn.hard_sigmoid %[[S]] {{.*}} -> tensor<2x8x!quant.uniform<u8:f32, 5.000000e-02:128>>
  %4 = qnn.hard_sigmoid %3 {alpha = 0.2 : f32, beta = 0.5 : f32}
       : tensor<2x8x!quant.uniform<u8:f32, 0.00390625>> -> tensor<2x8x!act>
  // CHECK: %[[HW:.*]] = qnn.hard_swish %[[HS]] : {{.*}} -> tensor<2x8x!quant.uniform<u8:f32, 1.000000e-01>>
  %5 = qnn.hard_swish %4 : tensor<2x8x!act> -> tensor<2x8x!act2>
  // CHECK: %[[SW:.*]] = qnn.swish %[[HW]] : {{.*}} -> tensor<2x8x!quant.uniform<u8:f32, 5.000000e-02:128>>
  %sw = qnn.swish %5 : tensor<2x8x!act2> -> tensor<2x8x!act>
  // CHECK: %[[T:.*]] = qnn.tanh %[[SW]] : {{.*}} -> tensor<2x8x!quant.uniform<i8:f32, 7.812500e-03>>
  %6 = qnn.tanh %sw : tensor<2x8x!act> -> tensor<2x8x!quant.uniform<i8:f32, 0.0078125>>
  // CHECK: %[[SM:.*]] = qnn.softmax %[[T]] {axis = 1 : i64} : {{.*}} -> tensor<2x8x!quant.uniform<u8:f32, 5.000000e-02:128>>
  %7 = qnn.softmax %6 {axis = 1 : i64}
       : tensor<2x8x!quant.uniform<i8:f32, 0.0078125>> -> tensor<2x8x!act>
  // CHECK: return %[[SM]]
  return %7 : tensor<2x8x!act>
}

//===----------------------------------------------------------------------===//
// Elementwise binary
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @binary_f32
// CHECK-SAME: (%[[A:.*]]: tensor<1x4x8x8xf32>, %[[B:.*]]: tensor<4x1x1xf32>, %[[S:.*]]: tensor<f32>)
func.func @binary_f32(%a: tensor<1x4x8x8xf32>, %b: tensor<4x1x1xf32>,
                      %s: tensor<f32>) -> tensor<1x4x8x8xf32> {
  // CHECK: %[[ADD:.*]] = qnn.add %[[A]], %[[B]] : tensor<1x4x8x8xf32>, tensor<4x1x1xf32> -> tensor<1x4x8x8xf32>
  %0 = qnn.add %a, %b : tensor<1x4x8x8xf32>, tensor<4x1x1xf32> -> tensor<1x4x8x8xf32>
  // CHECK: %[[SUB:.*]] = qnn.sub %[[S]], %[[ADD]] {activation = #qnn.activation<relu>} : tensor<f32>, tensor<1x4x8x8xf32> -> tensor<1x4x8x8xf32>
  %1 = qnn.sub %s, %0 {activation = #qnn.activation<relu>}
       : tensor<f32>, tensor<1x4x8x8xf32> -> tensor<1x4x8x8xf32>
  // CHECK: %[[MUL:.*]] = qnn.mul %[[SUB]], %[[S]] {activation = #qnn.activation<clamp, min = -1.000000e+00, max = 1.000000e+00>} : tensor<1x4x8x8xf32>, tensor<f32> -> tensor<1x4x8x8xf32>
  %2 = qnn.mul %1, %s {activation = #qnn.activation<clamp, min = -1.0, max = 1.0>}
       : tensor<1x4x8x8xf32>, tensor<f32> -> tensor<1x4x8x8xf32>
  // CHECK: %[[DIV:.*]] = qnn.div %[[MUL]], %[[B]] {activation = #qnn.activation<leaky_relu, alpha = 2.000000e-01>} : tensor<1x4x8x8xf32>, tensor<4x1x1xf32> -> tensor<1x4x8x8xf32>
  %3 = qnn.div %2, %b {activation = #qnn.activation<leaky_relu, alpha = 0.2>}
       : tensor<1x4x8x8xf32>, tensor<4x1x1xf32> -> tensor<1x4x8x8xf32>
  // CHECK: return %[[DIV]]
  return %3 : tensor<1x4x8x8xf32>
}

// Both operands broadcast: [2, 1, 3] and [4, 1] give [2, 4, 3].
// CHECK-LABEL: func.func @binary_broadcast_both
// CHECK: qnn.mul %{{.*}}, %{{.*}} : tensor<2x1x3xf32>, tensor<4x1xf32> -> tensor<2x4x3xf32>
func.func @binary_broadcast_both(%a: tensor<2x1x3xf32>, %b: tensor<4x1xf32>)
    -> tensor<2x4x3xf32> {
  %0 = qnn.mul %a, %b : tensor<2x1x3xf32>, tensor<4x1xf32> -> tensor<2x4x3xf32>
  return %0 : tensor<2x4x3xf32>
}

// Each operand and the result have their own quantization.
// CHECK-LABEL: func.func @binary_quant
// CHECK-SAME: (%[[A:.*]]: tensor<1x4x8x8x!quant.uniform<u8:f32, 5.000000e-02:128>>, %[[B:.*]]: tensor<1x4x1x1x!quant.uniform<u8:f32, 1.000000e-01>>)
func.func @binary_quant(%a: tensor<1x4x8x8x!act>, %b: tensor<1x4x1x1x!act2>)
    -> tensor<1x4x8x8x!act3> {
  // CHECK: %[[ADD:.*]] = qnn.add %[[A]], %[[B]] {activation = #qnn.activation<relu>} : tensor<1x4x8x8x!quant.uniform<u8:f32, 5.000000e-02:128>>, tensor<1x4x1x1x!quant.uniform<u8:f32, 1.000000e-01>> -> tensor<1x4x8x8x!quant.uniform<u8:f32, 2.500000e-02:100>>
  %0 = qnn.add %a, %b {activation = #qnn.activation<relu>}
       : tensor<1x4x8x8x!act>, tensor<1x4x1x1x!act2> -> tensor<1x4x8x8x!act3>
  // CHECK: %[[SUB:.*]] = qnn.sub %[[ADD]], %[[B]]
  %1 = qnn.sub %0, %b
       : tensor<1x4x8x8x!act3>, tensor<1x4x1x1x!act2> -> tensor<1x4x8x8x!act3>
  // CHECK: %[[MUL:.*]] = qnn.mul %[[SUB]], %[[A]] {activation = #qnn.activation<clamp
  %2 = qnn.mul %1, %a {activation = #qnn.activation<clamp, min = 0.0, max = 6.0>}
       : tensor<1x4x8x8x!act3>, tensor<1x4x8x8x!act> -> tensor<1x4x8x8x!act3>
  // CHECK: %[[DIV:.*]] = qnn.div %[[MUL]], %[[B]]
  %3 = qnn.div %2, %b
       : tensor<1x4x8x8x!act3>, tensor<1x4x1x1x!act2> -> tensor<1x4x8x8x!act3>
  // CHECK: return %[[DIV]]
  return %3 : tensor<1x4x8x8x!act3>
}

//===----------------------------------------------------------------------===//
// Pooling and reductions
//===----------------------------------------------------------------------===//

// With ceil_mode: H_out = ceil((8 + 1 + 1 - 3) / 2) + 1 = 5 (floor gives 4).
// CHECK-LABEL: func.func @max_pool_ceil
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x8x8xf32>)
func.func @max_pool_ceil(%x: tensor<1x4x8x8xf32>)
    -> (tensor<1x4x5x5xf32>, tensor<1x4x4x4xf32>) {
  // CHECK: qnn.max_pool %[[X]] {ceil_mode = true, dilations = array<i64: 1, 1>, kernel = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x4x8x8xf32>) -> tensor<1x4x5x5xf32>
  %0 = qnn.max_pool %x {ceil_mode = true, dilations = array<i64: 1, 1>,
           kernel = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>,
           strides = array<i64: 2, 2>}
       : (tensor<1x4x8x8xf32>) -> tensor<1x4x5x5xf32>
  // CHECK: qnn.max_pool %[[X]] {ceil_mode = false, {{.*}} -> tensor<1x4x4x4xf32>
  %1 = qnn.max_pool %x {ceil_mode = false, dilations = array<i64: 1, 1>,
           kernel = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>,
           strides = array<i64: 2, 2>}
       : (tensor<1x4x8x8xf32>) -> tensor<1x4x4x4xf32>
  return %0, %1 : tensor<1x4x5x5xf32>, tensor<1x4x4x4xf32>
}

// Effective window 3 (kernel 2, dilation 2): H_out = 8 - 3 + 1.
// CHECK-LABEL: func.func @max_pool_dilated_quant
// CHECK: qnn.max_pool %{{.*}} {ceil_mode = false, dilations = array<i64: 2, 2>, {{.*}} : (tensor<1x4x8x8x!quant.uniform<u8:f32, 5.000000e-02:128>>) -> tensor<1x4x6x6x!quant.uniform<u8:f32, 5.000000e-02:128>>
func.func @max_pool_dilated_quant(%x: tensor<1x4x8x8x!act>)
    -> tensor<1x4x6x6x!act> {
  %0 = qnn.max_pool %x {ceil_mode = false, dilations = array<i64: 2, 2>,
           kernel = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>,
           strides = array<i64: 1, 1>}
       : (tensor<1x4x8x8x!act>) -> tensor<1x4x6x6x!act>
  return %0 : tensor<1x4x6x6x!act>
}

// CHECK-LABEL: func.func @avg_pool
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x8x8xf32>)
func.func @avg_pool(%x: tensor<1x4x8x8xf32>)
    -> (tensor<1x4x8x8xf32>, tensor<1x4x4x4xf32>) {
  // CHECK: qnn.avg_pool %[[X]] {ceil_mode = false, count_include_pad = true, kernel = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
  %0 = qnn.avg_pool %x {ceil_mode = false, count_include_pad = true,
           kernel = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>,
           strides = array<i64: 1, 1>}
       : (tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
  // CHECK: qnn.avg_pool %[[X]] {ceil_mode = true, count_include_pad = false, {{.*}} -> tensor<1x4x4x4xf32>
  %1 = qnn.avg_pool %x {ceil_mode = true, count_include_pad = false,
           kernel = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>,
           strides = array<i64: 2, 2>}
       : (tensor<1x4x8x8xf32>) -> tensor<1x4x4x4xf32>
  return %0, %1 : tensor<1x4x8x8xf32>, tensor<1x4x4x4xf32>
}

// CHECK-LABEL: func.func @avg_pool_quant
// CHECK: qnn.avg_pool {{.*}} : (tensor<1x4x8x8x!quant.uniform<u8:f32, 5.000000e-02:128>>) -> tensor<1x4x4x4x!quant.uniform<u8:f32, 1.000000e-01>>
func.func @avg_pool_quant(%x: tensor<1x4x8x8x!act>) -> tensor<1x4x4x4x!act2> {
  %0 = qnn.avg_pool %x {ceil_mode = false, count_include_pad = false,
           kernel = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>,
           strides = array<i64: 2, 2>}
       : (tensor<1x4x8x8x!act>) -> tensor<1x4x4x4x!act2>
  return %0 : tensor<1x4x4x4x!act2>
}

// CHECK-LABEL: func.func @global_avg_pool
// CHECK-SAME: (%[[X:.*]]: tensor<2x4x7x7xf32>, %[[Q:.*]]: tensor<1x4x8x8x!quant.uniform<u8:f32, 5.000000e-02:128>>)
func.func @global_avg_pool(%x: tensor<2x4x7x7xf32>, %q: tensor<1x4x8x8x!act>)
    -> (tensor<2x4x1x1xf32>, tensor<1x4x1x1x!act2>) {
  // CHECK: qnn.global_avg_pool %[[X]] : (tensor<2x4x7x7xf32>) -> tensor<2x4x1x1xf32>
  %0 = qnn.global_avg_pool %x : (tensor<2x4x7x7xf32>) -> tensor<2x4x1x1xf32>
  // CHECK: qnn.global_avg_pool %[[Q]] : (tensor<1x4x8x8x!quant.uniform<u8:f32, 5.000000e-02:128>>) -> tensor<1x4x1x1x!quant.uniform<u8:f32, 1.000000e-01>>
  %1 = qnn.global_avg_pool %q : (tensor<1x4x8x8x!act>) -> tensor<1x4x1x1x!act2>
  return %0, %1 : tensor<2x4x1x1xf32>, tensor<1x4x1x1x!act2>
}

// CHECK-LABEL: func.func @reduce_mean
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x8x8xf32>, %[[Q:.*]]: tensor<2x5x3x!quant.uniform<u8:f32, 5.000000e-02:128>>)
func.func @reduce_mean(%x: tensor<1x4x8x8xf32>, %q: tensor<2x5x3x!act>)
    -> (tensor<1x4x1x1xf32>, tensor<1x4xf32>, tensor<5x!act>) {
  // CHECK: qnn.reduce_mean %[[X]] {axes = array<i64: 2, 3>, keepdims = true} : (tensor<1x4x8x8xf32>) -> tensor<1x4x1x1xf32>
  %0 = qnn.reduce_mean %x {axes = array<i64: 2, 3>, keepdims = true}
       : (tensor<1x4x8x8xf32>) -> tensor<1x4x1x1xf32>
  // CHECK: qnn.reduce_mean %[[X]] {axes = array<i64: 2, 3>, keepdims = false} : (tensor<1x4x8x8xf32>) -> tensor<1x4xf32>
  %1 = qnn.reduce_mean %x {axes = array<i64: 2, 3>, keepdims = false}
       : (tensor<1x4x8x8xf32>) -> tensor<1x4xf32>
  // CHECK: qnn.reduce_mean %[[Q]] {axes = array<i64: 0, 2>, keepdims = false} : (tensor<2x5x3x!quant.uniform<u8:f32, 5.000000e-02:128>>) -> tensor<5x!quant.uniform<u8:f32, 5.000000e-02:128>>
  %2 = qnn.reduce_mean %q {axes = array<i64: 0, 2>, keepdims = false}
       : (tensor<2x5x3x!act>) -> tensor<5x!act>
  return %0, %1, %2 : tensor<1x4x1x1xf32>, tensor<1x4xf32>, tensor<5x!act>
}

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @concat
// CHECK-SAME: (%[[A:.*]]: tensor<1x2x8x8xf32>, %[[B:.*]]: tensor<1x3x8x8xf32>)
func.func @concat(%a: tensor<1x2x8x8xf32>, %b: tensor<1x3x8x8xf32>)
    -> (tensor<1x7x8x8xf32>, tensor<1x2x8x8xf32>) {
  // CHECK: qnn.concat %[[A]], %[[B]], %[[A]] {axis = 1 : i64} : (tensor<1x2x8x8xf32>, tensor<1x3x8x8xf32>, tensor<1x2x8x8xf32>) -> tensor<1x7x8x8xf32>
  %0 = qnn.concat %a, %b, %a {axis = 1 : i64}
       : (tensor<1x2x8x8xf32>, tensor<1x3x8x8xf32>, tensor<1x2x8x8xf32>)
       -> tensor<1x7x8x8xf32>
  // A single input is a copy.
  // CHECK: qnn.concat %[[A]] {axis = 3 : i64} : (tensor<1x2x8x8xf32>) -> tensor<1x2x8x8xf32>
  %1 = qnn.concat %a {axis = 3 : i64} : (tensor<1x2x8x8xf32>) -> tensor<1x2x8x8xf32>
  return %0, %1 : tensor<1x7x8x8xf32>, tensor<1x2x8x8xf32>
}

// Inputs with different parameters are requantized to the result's.
// CHECK-LABEL: func.func @concat_quant
// CHECK: qnn.concat %{{.*}}, %{{.*}} {axis = 0 : i64} : (tensor<2x4x!quant.uniform<u8:f32, 5.000000e-02:128>>, tensor<3x4x!quant.uniform<u8:f32, 1.000000e-01>>) -> tensor<5x4x!quant.uniform<u8:f32, 1.000000e-01>>
func.func @concat_quant(%a: tensor<2x4x!act>, %b: tensor<3x4x!act2>)
    -> tensor<5x4x!act2> {
  %0 = qnn.concat %a, %b {axis = 0 : i64}
       : (tensor<2x4x!act>, tensor<3x4x!act2>) -> tensor<5x4x!act2>
  return %0 : tensor<5x4x!act2>
}

// CHECK-LABEL: func.func @reshape
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x2x2xf32>, %[[Q:.*]]: tensor<2x6x!quant.uniform<u8:f32, 5.000000e-02:128>>)
func.func @reshape(%x: tensor<1x4x2x2xf32>, %q: tensor<2x6x!act>)
    -> (tensor<1x16xf32>, tensor<3x2x2x!act>) {
  // CHECK: qnn.reshape %[[X]] : (tensor<1x4x2x2xf32>) -> tensor<1x16xf32>
  %0 = qnn.reshape %x : (tensor<1x4x2x2xf32>) -> tensor<1x16xf32>
  // CHECK: qnn.reshape %[[Q]] : (tensor<2x6x!quant.uniform<u8:f32, 5.000000e-02:128>>) -> tensor<3x2x2x!quant.uniform<u8:f32, 5.000000e-02:128>>
  %1 = qnn.reshape %q : (tensor<2x6x!act>) -> tensor<3x2x2x!act>
  return %0, %1 : tensor<1x16xf32>, tensor<3x2x2x!act>
}

// CHECK-LABEL: func.func @flatten
// CHECK-SAME: (%[[X:.*]]: tensor<2x4x3x3xf32>, %[[Q:.*]]: tensor<1x4x2x2x!quant.uniform<u8:f32, 5.000000e-02:128>>)
func.func @flatten(%x: tensor<2x4x3x3xf32>, %q: tensor<1x4x2x2x!act>)
    -> (tensor<2x36xf32>, tensor<1x72xf32>, tensor<72x1xf32>,
        tensor<1x16x!act>) {
  // CHECK: qnn.flatten %[[X]] {axis = 1 : i64} : (tensor<2x4x3x3xf32>) -> tensor<2x36xf32>
  %0 = qnn.flatten %x {axis = 1 : i64} : (tensor<2x4x3x3xf32>) -> tensor<2x36xf32>
  // CHECK: qnn.flatten %[[X]] {axis = 0 : i64} : (tensor<2x4x3x3xf32>) -> tensor<1x72xf32>
  %1 = qnn.flatten %x {axis = 0 : i64} : (tensor<2x4x3x3xf32>) -> tensor<1x72xf32>
  // CHECK: qnn.flatten %[[X]] {axis = 4 : i64} : (tensor<2x4x3x3xf32>) -> tensor<72x1xf32>
  %2 = qnn.flatten %x {axis = 4 : i64} : (tensor<2x4x3x3xf32>) -> tensor<72x1xf32>
  // CHECK: qnn.flatten %[[Q]] {axis = 1 : i64} : (tensor<1x4x2x2x!quant.uniform<u8:f32, 5.000000e-02:128>>) -> tensor<1x16x!quant.uniform<u8:f32, 5.000000e-02:128>>
  %3 = qnn.flatten %q {axis = 1 : i64} : (tensor<1x4x2x2x!act>) -> tensor<1x16x!act>
  return %0, %1, %2, %3
      : tensor<2x36xf32>, tensor<1x72xf32>, tensor<72x1xf32>, tensor<1x16x!act>
}

// CHECK-LABEL: func.func @transpose
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x8x6xf32>, %[[Q:.*]]: tensor<2x3x!quant.uniform<u8:f32, 5.000000e-02:128>>)
func.func @transpose(%x: tensor<1x4x8x6xf32>, %q: tensor<2x3x!act>)
    -> (tensor<1x8x6x4xf32>, tensor<3x2x!act>) {
  // CHECK: qnn.transpose %[[X]] {perm = array<i64: 0, 2, 3, 1>} : (tensor<1x4x8x6xf32>) -> tensor<1x8x6x4xf32>
  %0 = qnn.transpose %x {perm = array<i64: 0, 2, 3, 1>}
       : (tensor<1x4x8x6xf32>) -> tensor<1x8x6x4xf32>
  // CHECK: qnn.transpose %[[Q]] {perm = array<i64: 1, 0>} : (tensor<2x3x!quant.uniform<u8:f32, 5.000000e-02:128>>) -> tensor<3x2x!quant.uniform<u8:f32, 5.000000e-02:128>>
  %1 = qnn.transpose %q {perm = array<i64: 1, 0>}
       : (tensor<2x3x!act>) -> tensor<3x2x!act>
  return %0, %1 : tensor<1x8x6x4xf32>, tensor<3x2x!act>
}

// `pads` is all begins, then all ends.
// CHECK-LABEL: func.func @pad
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x8x8xf32>)
func.func @pad(%x: tensor<1x4x8x8xf32>)
    -> (tensor<1x4x11x9xf32>, tensor<1x4x10x15xf32>, tensor<1x12x8x10xf32>) {
  // CHECK: qnn.pad %[[X]] {mode = #qnn.pad_mode<constant>, pads = array<i64: 0, 0, 1, 0, 0, 0, 2, 1>, value = 5.000000e-01 : f32} : (tensor<1x4x8x8xf32>) -> tensor<1x4x11x9xf32>
  %0 = qnn.pad %x {mode = #qnn.pad_mode<constant>,
           pads = array<i64: 0, 0, 1, 0, 0, 0, 2, 1>, value = 0.5 : f32}
       : (tensor<1x4x8x8xf32>) -> tensor<1x4x11x9xf32>
  // Reflect adds at most dim - 1 on each side.
  // CHECK: qnn.pad %[[X]] {mode = #qnn.pad_mode<reflect>, pads = array<i64: 0, 0, 1, 7, 0, 0, 1, 0>, value = 0.000000e+00 : f32} : (tensor<1x4x8x8xf32>) -> tensor<1x4x10x15xf32>
  %1 = qnn.pad %x {mode = #qnn.pad_mode<reflect>,
           pads = array<i64: 0, 0, 1, 7, 0, 0, 1, 0>, value = 0.0 : f32}
       : (tensor<1x4x8x8xf32>) -> tensor<1x4x10x15xf32>
  // Edge adds at most dim on each side.
  // CHECK: qnn.pad %[[X]] {mode = #qnn.pad_mode<edge>, pads = array<i64: 0, 4, 0, 1, 0, 4, 0, 1>, value = 0.000000e+00 : f32} : (tensor<1x4x8x8xf32>) -> tensor<1x12x8x10xf32>
  %2 = qnn.pad %x {mode = #qnn.pad_mode<edge>,
           pads = array<i64: 0, 4, 0, 1, 0, 4, 0, 1>, value = 0.0 : f32}
       : (tensor<1x4x8x8xf32>) -> tensor<1x12x8x10xf32>
  return %0, %1, %2
      : tensor<1x4x11x9xf32>, tensor<1x4x10x15xf32>, tensor<1x12x8x10xf32>
}

// CHECK-LABEL: func.func @pad_quant
// CHECK: qnn.pad %{{.*}} {mode = #qnn.pad_mode<constant>, {{.*}} : (tensor<1x4x8x8x!quant.uniform<u8:f32, 5.000000e-02:128>>) -> tensor<1x4x10x10x!quant.uniform<u8:f32, 5.000000e-02:128>>
// CHECK: qnn.pad %{{.*}} {mode = #qnn.pad_mode<reflect>, {{.*}} : (tensor<1x4x8x8x!quant.uniform<u8:f32, 5.000000e-02:128>>) -> tensor<1x4x10x10x!quant.uniform<u8:f32, 5.000000e-02:128>>
// CHECK: qnn.pad %{{.*}} {mode = #qnn.pad_mode<edge>, {{.*}} : (tensor<1x4x8x8x!quant.uniform<u8:f32, 5.000000e-02:128>>) -> tensor<1x4x10x10x!quant.uniform<u8:f32, 5.000000e-02:128>>
func.func @pad_quant(%x: tensor<1x4x8x8x!act>)
    -> (tensor<1x4x10x10x!act>, tensor<1x4x10x10x!act>,
        tensor<1x4x10x10x!act>) {
  %0 = qnn.pad %x {mode = #qnn.pad_mode<constant>,
           pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, value = 0.0 : f32}
       : (tensor<1x4x8x8x!act>) -> tensor<1x4x10x10x!act>
  %1 = qnn.pad %x {mode = #qnn.pad_mode<reflect>,
           pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, value = 0.0 : f32}
       : (tensor<1x4x8x8x!act>) -> tensor<1x4x10x10x!act>
  %2 = qnn.pad %x {mode = #qnn.pad_mode<edge>,
           pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, value = 0.0 : f32}
       : (tensor<1x4x8x8x!act>) -> tensor<1x4x10x10x!act>
  return %0, %1, %2
      : tensor<1x4x10x10x!act>, tensor<1x4x10x10x!act>, tensor<1x4x10x10x!act>
}

// Normalized slices: dim 0 whole, dim 1 every other from 1, dim 2 reversed
// (end -1 reads through index 0), dim 3 every third element reversed.
// CHECK-LABEL: func.func @slice
// CHECK-SAME: (%[[X:.*]]: tensor<2x8x5x7xf32>)
func.func @slice(%x: tensor<2x8x5x7xf32>)
    -> (tensor<2x4x5x3xf32>, tensor<0x8x5x7xf32>) {
  // CHECK: qnn.slice %[[X]] {ends = array<i64: 2, 8, -1, -1>, starts = array<i64: 0, 1, 4, 6>, steps = array<i64: 1, 2, -1, -3>} : (tensor<2x8x5x7xf32>) -> tensor<2x4x5x3xf32>
  %0 = qnn.slice %x {starts = array<i64: 0, 1, 4, 6>,
           ends = array<i64: 2, 8, -1, -1>, steps = array<i64: 1, 2, -1, -3>}
       : (tensor<2x8x5x7xf32>) -> tensor<2x4x5x3xf32>
  // An empty slice may start at the extent.
  // CHECK: qnn.slice %[[X]] {ends = array<i64: 2, 8, 5, 7>, starts = array<i64: 2, 0, 0, 0>, steps = array<i64: 1, 1, 1, 1>} : (tensor<2x8x5x7xf32>) -> tensor<0x8x5x7xf32>
  %1 = qnn.slice %x {starts = array<i64: 2, 0, 0, 0>,
           ends = array<i64: 2, 8, 5, 7>, steps = array<i64: 1, 1, 1, 1>}
       : (tensor<2x8x5x7xf32>) -> tensor<0x8x5x7xf32>
  return %0, %1 : tensor<2x4x5x3xf32>, tensor<0x8x5x7xf32>
}

// CHECK-LABEL: func.func @slice_quant
// CHECK: qnn.slice %{{.*}} {ends = array<i64: 0, 2>, starts = array<i64: 3, 0>, steps = array<i64: -1, 1>} : (tensor<4x4x!quant.uniform<u8:f32, 5.000000e-02:128>>) -> tensor<3x2x!quant.uniform<u8:f32, 5.000000e-02:128>>
func.func @slice_quant(%x: tensor<4x4x!act>) -> tensor<3x2x!act> {
  %0 = qnn.slice %x {starts = array<i64: 3, 0>, ends = array<i64: 0, 2>,
           steps = array<i64: -1, 1>}
       : (tensor<4x4x!act>) -> tensor<3x2x!act>
  return %0 : tensor<3x2x!act>
}

// CHECK-LABEL: func.func @resize
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x8x8xf32>)
func.func @resize(%x: tensor<1x4x8x8xf32>)
    -> (tensor<1x4x16x16xf32>, tensor<1x4x12x4xf32>) {
  // CHECK: qnn.resize %[[X]] {coordinate_transform = #qnn.coordinate_transform<asymmetric>, mode = #qnn.resize_mode<nearest>, nearest_mode = #qnn.nearest_mode<floor>, scales = array<f32: 1.000000e+00, 1.000000e+00, 2.000000e+00, 2.000000e+00>} : (tensor<1x4x8x8xf32>) -> tensor<1x4x16x16xf32>
  %0 = qnn.resize %x {coordinate_transform = #qnn.coordinate_transform<asymmetric>,
           mode = #qnn.resize_mode<nearest>,
           nearest_mode = #qnn.nearest_mode<floor>,
           scales = array<f32: 1.0, 1.0, 2.0, 2.0>}
       : (tensor<1x4x8x8xf32>) -> tensor<1x4x16x16xf32>
  // CHECK: qnn.resize %[[X]] {coordinate_transform = #qnn.coordinate_transform<half_pixel>, mode = #qnn.resize_mode<linear>, nearest_mode = #qnn.nearest_mode<round_prefer_floor>, scales = array<f32: 1.000000e+00, 1.000000e+00, 1.500000e+00, 5.000000e-01>} : (tensor<1x4x8x8xf32>) -> tensor<1x4x12x4xf32>
  %1 = qnn.resize %x {coordinate_transform = #qnn.coordinate_transform<half_pixel>,
           mode = #qnn.resize_mode<linear>,
           nearest_mode = #qnn.nearest_mode<round_prefer_floor>,
           scales = array<f32: 1.0, 1.0, 1.5, 0.5>}
       : (tensor<1x4x8x8xf32>) -> tensor<1x4x12x4xf32>
  return %0, %1 : tensor<1x4x16x16xf32>, tensor<1x4x12x4xf32>
}

// CHECK-LABEL: func.func @resize_quant
// CHECK: qnn.resize %{{.*}} {coordinate_transform = #qnn.coordinate_transform<align_corners>, mode = #qnn.resize_mode<linear>, nearest_mode = #qnn.nearest_mode<round_prefer_ceil>, {{.*}} : (tensor<1x4x8x8x!quant.uniform<u8:f32, 5.000000e-02:128>>) -> tensor<1x4x16x16x!quant.uniform<u8:f32, 5.000000e-02:128>>
// CHECK: qnn.resize %{{.*}} {coordinate_transform = #qnn.coordinate_transform<pytorch_half_pixel>, mode = #qnn.resize_mode<nearest>, nearest_mode = #qnn.nearest_mode<ceil>, {{.*}} -> tensor<1x4x16x16x!quant.uniform<u8:f32, 5.000000e-02:128>>
func.func @resize_quant(%x: tensor<1x4x8x8x!act>)
    -> (tensor<1x4x16x16x!act>, tensor<1x4x16x16x!act>) {
  %0 = qnn.resize %x {coordinate_transform = #qnn.coordinate_transform<align_corners>,
           mode = #qnn.resize_mode<linear>,
           nearest_mode = #qnn.nearest_mode<round_prefer_ceil>,
           scales = array<f32: 1.0, 1.0, 2.0, 2.0>}
       : (tensor<1x4x8x8x!act>) -> tensor<1x4x16x16x!act>
  %1 = qnn.resize %x {coordinate_transform = #qnn.coordinate_transform<pytorch_half_pixel>,
           mode = #qnn.resize_mode<nearest>,
           nearest_mode = #qnn.nearest_mode<ceil>,
           scales = array<f32: 1.0, 1.0, 2.0, 2.0>}
       : (tensor<1x4x8x8x!act>) -> tensor<1x4x16x16x!act>
  return %0, %1 : tensor<1x4x16x16x!act>, tensor<1x4x16x16x!act>
}

//===----------------------------------------------------------------------===//
// Calibration
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @observe
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x8x8xf32>)
func.func @observe(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32> {
  // CHECK: %[[A:.*]] = qnn.observe %[[X]] {id = 0 : i64, observer = #qnn.observer<minmax>} : tensor<1x4x8x8xf32>
  %0 = qnn.observe %x {id = 0 : i64, observer = #qnn.observer<minmax>}
       : tensor<1x4x8x8xf32>
  // CHECK: %[[B:.*]] = qnn.observe %[[A]] {id = 1 : i64, observer = #qnn.observer<histogram>} : tensor<1x4x8x8xf32>
  %1 = qnn.observe %0 {id = 1 : i64, observer = #qnn.observer<histogram>}
       : tensor<1x4x8x8xf32>
  // CHECK: %[[C:.*]] = qnn.observe %[[B]] {id = 2 : i64, observer = #qnn.observer<per_channel_minmax>} : tensor<1x4x8x8xf32>
  %2 = qnn.observe %1 {id = 2 : i64, observer = #qnn.observer<per_channel_minmax>}
       : tensor<1x4x8x8xf32>
  // CHECK: return %[[C]]
  return %2 : tensor<1x4x8x8xf32>
}

// With ceil_mode, a last window lying entirely in the trailing padding is
// dropped (PyTorch / ONNX Runtime): 6x6, kernel 2, stride 2, pads 0,0,1,1
// gives 3x3, not 4x4.
// CHECK-LABEL: func @max_pool_ceil_drops_padding_window
func.func @max_pool_ceil_drops_padding_window(%x: tensor<1x1x6x6xf32>) -> tensor<1x1x3x3xf32> {
  // CHECK: qnn.max_pool {{.*}} -> tensor<1x1x3x3xf32>
  %0 = qnn.max_pool %x {ceil_mode = true, dilations = array<i64: 1, 1>, kernel = array<i64: 2, 2>, pads = array<i64: 0, 0, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x1x6x6xf32>) -> tensor<1x1x3x3xf32>
  return %0 : tensor<1x1x3x3xf32>
}

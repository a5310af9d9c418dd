// RUN: quant-opt %s -qnn-fold-batchnorm -split-input-file -verify-diagnostics | FileCheck %s

// Parameters that are not constants: neither fold nor mul/add is possible.
// CHECK-LABEL: func.func @dynamic_params
// CHECK: qnn.batch_norm
func.func @dynamic_params(%x: tensor<1x2x2x2xf32>, %s: tensor<2xf32>) -> tensor<1x2x2x2xf32> {
  %p = arith.constant dense<1.0> : tensor<2xf32>
  // expected-warning@+1 {{batch_norm left unfolded: its scale, bias, mean and variance are not all constants}}
  %z = qnn.batch_norm %x, %s, %p, %p, %p {epsilon = 0.0 : f32} : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  return %z : tensor<1x2x2x2xf32>
}

// -----

// Zero variance and zero epsilon divide by zero: the batch_norm stays, even
// after a foldable conv.
// CHECK-LABEL: func.func @zero_variance_zero_epsilon
// CHECK: %[[Y:.*]] = qnn.conv2d
// CHECK: qnn.batch_norm %[[Y]]
func.func @zero_variance_zero_epsilon(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = arith.constant dense<1.0> : tensor<2x2x1x1xf32>
  %p = arith.constant dense<1.0> : tensor<2xf32>
  %v = arith.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %y = qnn.conv2d %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x2x2xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x2x2xf32>
  // expected-warning@+1 {{batch_norm left unfolded: variance + epsilon of channel 1 is not positive}}
  %z = qnn.batch_norm %y, %p, %p, %p, %v {epsilon = 0.0 : f32} : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  return %z : tensor<1x2x2x2xf32>
}

// -----

// A negative variance (a corrupt model) is refused the same way.
func.func @negative_variance(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %p = arith.constant dense<1.0> : tensor<1xf32>
  %v = arith.constant dense<-2.0> : tensor<1xf32>
  // expected-warning@+1 {{variance + epsilon of channel 0 is not positive}}
  %z = qnn.batch_norm %x, %p, %p, %p, %v {epsilon = 1.0 : f32} : (tensor<1x1x2x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x2x2xf32>
  return %z : tensor<1x1x2x2xf32>
}

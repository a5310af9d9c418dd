// RUN: quant-opt %s --canonicalize | FileCheck %s

// The folders of qnn.reshape and qnn.transpose, and the canonicalization
// patterns of qnn.mul.

!act = !quant.uniform<u8:f32, 0.05:128>
!act2 = !quant.uniform<u8:f32, 0.1:0>
!act3 = !quant.uniform<u8:f32, 0.025:100>

// CHECK-LABEL: func.func @reshape_same_type
// CHECK-SAME: (%[[X:.*]]: tensor<2x8xf32>)
// CHECK-NOT: qnn.reshape
// CHECK: return %[[X]]
func.func @reshape_same_type(%x: tensor<2x8xf32>) -> tensor<2x8xf32> {
  %0 = qnn.reshape %x : (tensor<2x8xf32>) -> tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}

// CHECK-LABEL: func.func @reshape_reshape
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x2x2xf32>)
// CHECK-NEXT: %[[Y:.*]] = qnn.reshape %[[X]] : (tensor<1x4x2x2xf32>) -> tensor<4x4xf32>
// CHECK-NEXT: return %[[Y]]
func.func @reshape_reshape(%x: tensor<1x4x2x2xf32>) -> tensor<4x4xf32> {
  %0 = qnn.reshape %x : (tensor<1x4x2x2xf32>) -> tensor<1x16xf32>
  %1 = qnn.reshape %0 : (tensor<1x16xf32>) -> tensor<4x4xf32>
  return %1 : tensor<4x4xf32>
}

// Collapsed, the chain reshapes back to the input's type and folds away.
// CHECK-LABEL: func.func @reshape_reshape_roundtrip
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x2x2x!quant.uniform<u8:f32, 5.000000e-02:128>>)
// CHECK-NOT: qnn.reshape
// CHECK: return %[[X]]
func.func @reshape_reshape_roundtrip(%x: tensor<1x4x2x2x!act>)
    -> tensor<1x4x2x2x!act> {
  %0 = qnn.reshape %x : (tensor<1x4x2x2x!act>) -> tensor<16x!act>
  %1 = qnn.reshape %0 : (tensor<16x!act>) -> tensor<1x4x2x2x!act>
  return %1 : tensor<1x4x2x2x!act>
}

// Only one of the two reshapes requantizes: they still collapse.
// CHECK-LABEL: func.func @reshape_reshape_one_requantize
// CHECK-SAME: (%[[X:.*]]: tensor<1x16x!quant.uniform<u8:f32, 5.000000e-02:128>>)
// CHECK-NEXT: %[[Y:.*]] = qnn.reshape %[[X]] : (tensor<1x16x!quant.uniform<u8:f32, 5.000000e-02:128>>) -> tensor<4x4x!quant.uniform<u8:f32, 1.000000e-01>>
// CHECK-NEXT: return %[[Y]]
func.func @reshape_reshape_one_requantize(%x: tensor<1x16x!act>)
    -> tensor<4x4x!act2> {
  %0 = qnn.reshape %x : (tensor<1x16x!act>) -> tensor<16x!act2>
  %1 = qnn.reshape %0 : (tensor<16x!act2>) -> tensor<4x4x!act2>
  return %1 : tensor<4x4x!act2>
}

// Both requantize: two roundings are not one, so the chain stays.
// CHECK-LABEL: func.func @reshape_reshape_two_requantizes
// CHECK: %[[A:.*]] = qnn.reshape %{{.*}} -> tensor<16x!quant.uniform<u8:f32, 1.000000e-01>>
// CHECK: %[[B:.*]] = qnn.reshape %[[A]] {{.*}} -> tensor<4x4x!quant.uniform<u8:f32, 2.500000e-02:100>>
// CHECK: return %[[B]]
func.func @reshape_reshape_two_requantizes(%x: tensor<1x16x!act>)
    -> tensor<4x4x!act3> {
  %0 = qnn.reshape %x : (tensor<1x16x!act>) -> tensor<16x!act2>
  %1 = qnn.reshape %0 : (tensor<16x!act2>) -> tensor<4x4x!act3>
  return %1 : tensor<4x4x!act3>
}

// CHECK-LABEL: func.func @transpose_identity
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x8x6xf32>)
// CHECK-NOT: qnn.transpose
// CHECK: return %[[X]]
func.func @transpose_identity(%x: tensor<1x4x8x6xf32>) -> tensor<1x4x8x6xf32> {
  %0 = qnn.transpose %x {perm = array<i64: 0, 1, 2, 3>}
       : (tensor<1x4x8x6xf32>) -> tensor<1x4x8x6xf32>
  return %0 : tensor<1x4x8x6xf32>
}

// An identity permutation that requantizes is not a no-op.
// CHECK-LABEL: func.func @transpose_identity_requantize
// CHECK: %[[Y:.*]] = qnn.transpose %{{.*}} {perm = array<i64: 0, 1>}
// CHECK: return %[[Y]]
func.func @transpose_identity_requantize(%x: tensor<2x3x!act>)
    -> tensor<2x3x!act2> {
  %0 = qnn.transpose %x {perm = array<i64: 0, 1>}
       : (tensor<2x3x!act>) -> tensor<2x3x!act2>
  return %0 : tensor<2x3x!act2>
}

// Even a permutation that keeps the shape moves data.
// CHECK-LABEL: func.func @transpose_non_identity
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x4xf32>)
// CHECK-NEXT: %[[Y:.*]] = qnn.transpose %[[X]] {perm = array<i64: 0, 2, 1>} : (tensor<1x4x4xf32>) -> tensor<1x4x4xf32>
// CHECK-NEXT: return %[[Y]]
func.func @transpose_non_identity(%x: tensor<1x4x4xf32>) -> tensor<1x4x4xf32> {
  %0 = qnn.transpose %x {perm = array<i64: 0, 2, 1>}
       : (tensor<1x4x4xf32>) -> tensor<1x4x4xf32>
  return %0 : tensor<1x4x4xf32>
}

// mul(x, hard_sigmoid(x; 1/6, 0.5)) is hard_swish(x), in either operand
// order (PyTorch's Hardswish before opset 14).
// CHECK-LABEL: func.func @hard_swish_rhs
// CHECK-SAME: (%[[X:.*]]: tensor<1x8xf32>)
// CHECK-NEXT: %[[Y:.*]] = qnn.hard_swish %[[X]] : tensor<1x8xf32>
// CHECK-NEXT: return %[[Y]]
func.func @hard_swish_rhs(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %0 = qnn.hard_sigmoid %x {alpha = 0.166666672 : f32, beta = 5.000000e-01 : f32} : tensor<1x8xf32>
  %1 = qnn.mul %x, %0 : tensor<1x8xf32>, tensor<1x8xf32> -> tensor<1x8xf32>
  return %1 : tensor<1x8xf32>
}

// CHECK-LABEL: func.func @hard_swish_lhs
// CHECK-SAME: (%[[X:.*]]: tensor<1x8xf32>)
// CHECK-NEXT: %[[Y:.*]] = qnn.hard_swish %[[X]] : tensor<1x8xf32>
// CHECK-NEXT: return %[[Y]]
func.func @hard_swish_lhs(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %0 = qnn.hard_sigmoid %x {alpha = 0.166666672 : f32, beta = 5.000000e-01 : f32} : tensor<1x8xf32>
  %1 = qnn.mul %0, %x : tensor<1x8xf32>, tensor<1x8xf32> -> tensor<1x8xf32>
  return %1 : tensor<1x8xf32>
}

// ONNX's default HardSigmoid (alpha = 0.2) is not the hard swish gate.
// CHECK-LABEL: func.func @hard_swish_alpha_mismatch
// CHECK-NOT: qnn.hard_swish
// CHECK: qnn.hard_sigmoid
// CHECK: qnn.mul
func.func @hard_swish_alpha_mismatch(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %0 = qnn.hard_sigmoid %x {alpha = 2.000000e-01 : f32, beta = 5.000000e-01 : f32} : tensor<1x8xf32>
  %1 = qnn.mul %x, %0 : tensor<1x8xf32>, tensor<1x8xf32> -> tensor<1x8xf32>
  return %1 : tensor<1x8xf32>
}

// The hard_sigmoid has another user: rewriting would keep it and add an op.
// CHECK-LABEL: func.func @hard_swish_multi_use
// CHECK-NOT: qnn.hard_swish
// CHECK: %[[G:.*]] = qnn.hard_sigmoid
// CHECK: %[[M:.*]] = qnn.mul %{{.*}}, %[[G]]
// CHECK: return %[[M]], %[[G]]
func.func @hard_swish_multi_use(%x: tensor<1x8xf32>)
    -> (tensor<1x8xf32>, tensor<1x8xf32>) {
  %0 = qnn.hard_sigmoid %x {alpha = 0.166666672 : f32, beta = 5.000000e-01 : f32} : tensor<1x8xf32>
  %1 = qnn.mul %x, %0 : tensor<1x8xf32>, tensor<1x8xf32> -> tensor<1x8xf32>
  return %1, %0 : tensor<1x8xf32>, tensor<1x8xf32>
}

// A gate computed from another tensor (squeeze-and-excitation) stays.
// CHECK-LABEL: func.func @hard_swish_other_operand
// CHECK-NOT: qnn.hard_swish
// CHECK: qnn.hard_sigmoid
// CHECK: qnn.mul
func.func @hard_swish_other_operand(%x: tensor<1x8xf32>, %s: tensor<1x8xf32>)
    -> tensor<1x8xf32> {
  %0 = qnn.hard_sigmoid %s {alpha = 0.166666672 : f32, beta = 5.000000e-01 : f32} : tensor<1x8xf32>
  %1 = qnn.mul %x, %0 : tensor<1x8xf32>, tensor<1x8xf32> -> tensor<1x8xf32>
  return %1 : tensor<1x8xf32>
}

// mul(x, sigmoid(x)) is swish(x), in either operand order (PyTorch's SiLU).
// CHECK-LABEL: func.func @swish_rhs
// CHECK-SAME: (%[[X:.*]]: tensor<1x8x4x4xf32>)
// CHECK-NEXT: %[[Y:.*]] = qnn.swish %[[X]] : tensor<1x8x4x4xf32>
// CHECK-NEXT: return %[[Y]]
func.func @swish_rhs(%x: tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32> {
  %0 = qnn.sigmoid %x : tensor<1x8x4x4xf32>
  %1 = qnn.mul %x, %0 : tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32> -> tensor<1x8x4x4xf32>
  return %1 : tensor<1x8x4x4xf32>
}

// CHECK-LABEL: func.func @swish_lhs
// CHECK-SAME: (%[[X:.*]]: tensor<1x8xf32>)
// CHECK-NEXT: %[[Y:.*]] = qnn.swish %[[X]] : tensor<1x8xf32>
// CHECK-NEXT: return %[[Y]]
func.func @swish_lhs(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %0 = qnn.sigmoid %x : tensor<1x8xf32>
  %1 = qnn.mul %0, %x : tensor<1x8xf32>, tensor<1x8xf32> -> tensor<1x8xf32>
  return %1 : tensor<1x8xf32>
}

// The sigmoid has another user: it stays, and so does the mul (a swish
// would save no kernel).
// CHECK-LABEL: func.func @swish_multi_use
// CHECK-NOT: qnn.swish
// CHECK: %[[G:.*]] = qnn.sigmoid
// CHECK: %[[M:.*]] = qnn.mul %{{.*}}, %[[G]]
// CHECK: return %[[M]], %[[G]]
func.func @swish_multi_use(%x: tensor<1x8xf32>)
    -> (tensor<1x8xf32>, tensor<1x8xf32>) {
  %0 = qnn.sigmoid %x : tensor<1x8xf32>
  %1 = qnn.mul %x, %0 : tensor<1x8xf32>, tensor<1x8xf32> -> tensor<1x8xf32>
  return %1, %0 : tensor<1x8xf32>, tensor<1x8xf32>
}

// A squeeze-and-excitation gate: sigmoid of another tensor, broadcast.
// CHECK-LABEL: func.func @swish_other_operand
// CHECK-NOT: qnn.swish
// CHECK: qnn.sigmoid
// CHECK: qnn.mul
func.func @swish_other_operand(%x: tensor<1x8x4x4xf32>, %s: tensor<1x8x1x1xf32>)
    -> tensor<1x8x4x4xf32> {
  %0 = qnn.sigmoid %s : tensor<1x8x1x1xf32>
  %1 = qnn.mul %x, %0 : tensor<1x8x4x4xf32>, tensor<1x8x1x1xf32> -> tensor<1x8x4x4xf32>
  return %1 : tensor<1x8x4x4xf32>
}

// On quantized operands the pair rounds twice; rewriting would change the
// numbers of an already-quantized model.
// CHECK-LABEL: func.func @swish_quantized
// CHECK-NOT: qnn.swish
// CHECK: qnn.sigmoid
// CHECK: qnn.mul
func.func @swish_quantized(%x: tensor<1x8x!act>) -> tensor<1x8x!act> {
  %0 = qnn.sigmoid %x : tensor<1x8x!act> -> tensor<1x8x!act>
  %1 = qnn.mul %x, %0 : tensor<1x8x!act>, tensor<1x8x!act> -> tensor<1x8x!act>
  return %1 : tensor<1x8x!act>
}

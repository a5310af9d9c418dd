// RUN: quant-opt %s -qnn-fold-batchnorm -split-input-file -mlir-print-debuginfo | FileCheck %s
// RUN: quant-opt %s -qnn-fold-batchnorm -split-input-file 2>&1 >/dev/null | FileCheck %s --check-prefix=WARN

// The folded conv keeps the conv's name first (getNodeName still names it)
// and records the batch_norm's.
// CHECK-LABEL: func.func @named
// CHECK: qnn.conv2d {{.*}} loc(#[[FUSED:.*]])
// CHECK: #[[CONV:.*]] = loc("conv1")
// CHECK: #[[BN:.*]] = loc("bn1")
// CHECK: #[[FUSED]] = loc(fused[#[[CONV]], #[[BN]]])
func.func @named(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %w = arith.constant dense<3.0> : tensor<1x1x1x1xf32>
  %p = arith.constant dense<1.0> : tensor<1xf32>
  %y = qnn.conv2d %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32> loc("conv1")
  %z = qnn.batch_norm %y, %p, %p, %p, %p {epsilon = 0.0 : f32} : (tensor<1x1x2x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x2x2xf32> loc("bn1")
  return %z : tensor<1x1x2x2xf32>
}

// -----

// The warning names the ONNX node.
// WARN: warning: {{.*}}batch_norm 'bn_dynamic' left unfolded: its scale, bias, mean and variance are not all constants
func.func @named_warning(%x: tensor<1x1x2x2xf32>, %s: tensor<1xf32>) -> tensor<1x1x2x2xf32> {
  %p = arith.constant dense<1.0> : tensor<1xf32>
  %z = qnn.batch_norm %x, %s, %p, %p, %p {epsilon = 0.0 : f32} : (tensor<1x1x2x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x2x2xf32> loc("bn_dynamic")
  return %z : tensor<1x1x2x2xf32>
}

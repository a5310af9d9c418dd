// Errors in the quantization config are located in the JSON file, at the
// offending key.

// RUN: not quant-opt %s -qnn-insert-observers=config=%S/Inputs/qconfig-bad-top-level-key.json 2>&1 | FileCheck %s --check-prefix=TOP
// TOP: qconfig-bad-top-level-key.json:3:3: error: unknown key 'op_types' (expected global, op_type, node_name_regex, node_name)

// RUN: not quant-opt %s -qnn-insert-observers=config=%S/Inputs/qconfig-bad-activation-key.json 2>&1 | FileCheck %s --check-prefix=ACT
// ACT: qconfig-bad-activation-key.json:6:9: error: unknown key 'bits' in activation (expected dtype, symmetric, method, percentile)

// RUN: not quant-opt %s -qnn-insert-observers=config=%S/Inputs/qconfig-bad-weight-key.json 2>&1 | FileCheck %s --check-prefix=WEIGHT
// WEIGHT: qconfig-bad-weight-key.json:7:24: error: unknown key 'axis' in weight (expected dtype, per_channel, symmetric)

// RUN: not quant-opt %s -qnn-insert-observers=config=%S/Inputs/qconfig-bad-dtype.json 2>&1 | FileCheck %s --check-prefix=DTYPE
// DTYPE: qconfig-bad-dtype.json:4:7: error: activation dtype must be "u8" or "s8"

// RUN: not quant-opt %s -qnn-insert-observers=config=%S/Inputs/qconfig-bad-method.json 2>&1 | FileCheck %s --check-prefix=METHOD
// METHOD: qconfig-bad-method.json:4:22: error: method must be one of minmax, percentile, entropy, mse

// The key "percentile", not the earlier value "percentile" of "method".
// RUN: not quant-opt %s -qnn-insert-observers=config=%S/Inputs/qconfig-bad-percentile.json 2>&1 | FileCheck %s --check-prefix=PERCENTILE
// PERCENTILE: qconfig-bad-percentile.json:5:7: error: percentile must be a number in (0, 100]

// RUN: not quant-opt %s -qnn-insert-observers=config=%S/Inputs/qconfig-asymmetric-weights.json 2>&1 | FileCheck %s --check-prefix=ASYM
// ASYM: qconfig-asymmetric-weights.json:5:9: error: weights are always symmetric (zero point 0 in [-127, 127]); only true is accepted

// RUN: not quant-opt %s -qnn-insert-observers=config=%S/Inputs/qconfig-bad-op-type.json 2>&1 | FileCheck %s --check-prefix=OPTYPE
// OPTYPE: qconfig-bad-op-type.json:4:5: error: unknown op type 'Convolution' (use a qnn op such as conv2d or an ONNX op type such as Conv)

// The pattern is found in the file as JSON escapes it ("block\\.(1").
// RUN: not quant-opt %s -qnn-insert-observers=config=%S/Inputs/qconfig-bad-regex.json 2>&1 | FileCheck %s --check-prefix=REGEX
// REGEX: qconfig-bad-regex.json:4:5: error: invalid regular expression 'block\.(1': parentheses not balanced

// RUN: not quant-opt %s -qnn-insert-observers=config=%S/Inputs/qconfig-bad-json.json 2>&1 | FileCheck %s --check-prefix=JSON
// JSON: qconfig-bad-json.json:0:0: error: invalid JSON: [4:3, byte=41]: Expected object key

// RUN: not quant-opt %s -qnn-insert-observers=config=%S/Inputs/does-not-exist.json 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: does-not-exist.json:0:0: error: cannot read quantization config: No such file or directory

// assign-scales reads the same config, with the same errors.
// RUN: not quant-opt %s -qnn-assign-scales=config=%S/Inputs/qconfig-bad-dtype.json 2>&1 | FileCheck %s --check-prefix=DTYPE

// Names and patterns that match no node are warnings; the pass goes on.
// RUN: quant-opt %s -qnn-insert-observers=config=%S/Inputs/qconfig-unmatched.json -o /dev/null 2>&1 | FileCheck %s --check-prefix=UNMATCHED
// UNMATCHED-DAG: qconfig-unmatched.json:0:0: warning: op_type 'div' matches no node
// UNMATCHED-DAG: qconfig-unmatched.json:0:0: warning: node_name_regex 'layer4\..*' matches no node
// UNMATCHED-DAG: qconfig-unmatched.json:0:0: warning: node_name 'conv9' matches no node
// UNMATCHED-NOT: conv1' matches no node

// Pattern order is the file's: "conv.*" comes first and takes conv1 too, so
// the later "conv1" matches nothing.
// RUN: quant-opt %s -qnn-insert-observers=config=%S/Inputs/qconfig-regex-first-wins-reversed.json 2>&1 | FileCheck %s --check-prefix=REVERSED
// REVERSED-DAG: node 'conv1' (qnn.conv2d) stays float: the quantization config (node_name_regex 'conv.*') sets it to null
// REVERSED-DAG: node 'conv2' (qnn.conv2d) stays float: the quantization config (node_name_regex 'conv.*') sets it to null
// REVERSED-DAG: qconfig-regex-first-wins-reversed.json:0:0: warning: node_name_regex 'conv1' matches no node
// REVERSED-NOT: node 'fc1'{{.*}}stays float

func.func @net(%x: tensor<1x2x4x4xf32>) -> tensor<1x3xf32> {
  %w = arith.constant dense<1.0> : tensor<2x2x1x1xf32>
  %y = qnn.conv2d %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32> loc("conv1")
  %y2 = qnn.conv2d %y, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32> loc("conv2")
  %f = qnn.flatten %y2 {axis = 1 : i64} : (tensor<1x2x4x4xf32>) -> tensor<1x32xf32> loc("flatten1")
  %wf = arith.constant dense<0.5> : tensor<3x32xf32>
  %z = qnn.fully_connected %f, %wf : (tensor<1x32xf32>, tensor<3x32xf32>) -> tensor<1x3xf32> loc("fc1")
  return %z : tensor<1x3xf32>
}

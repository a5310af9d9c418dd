//===- Passes.td - Quantization passes over qnn ------------*- tablegen -*-===//
//
// The passes that turn a float qnn graph into an integer one. Each runs
// alone in quant-opt; `qnn-prepare` and `qnn-convert` (Pipelines.cpp) chain
// them.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_PASSES_QUANTIZATION_PASSES_TD
#define QMLIR_PASSES_QUANTIZATION_PASSES_TD

include "mlir/Pass/PassBase.td"

def QNNFoldBatchNormPass : Pass<"qnn-fold-batchnorm", "::mlir::func::FuncOp"> {
  let summary = "Fold inference batch_norm into the producing conv2d / fully_connected";
  let description = [{
    A `qnn.batch_norm` whose input is produced by a `qnn.conv2d` (plain,
    grouped, depthwise, with or without bias) or a rank-2
    `qnn.fully_connected` with constant weights (inline or `dense_resource`),
    and which is that producer's only user, folds into new constant weights
    and bias (a bias is created when there was none):

    ```
    k[o]  = scale[o] / sqrt(var[o] + epsilon)
    w'[o] = w[o] * k[o]
    b'[o] = (b[o] - mean[o]) * k[o] + shift[o]      (b = 0 without bias)
    ```

    The math runs in double and is stored as f32; folded constants of more
    than 8 elements are `dense_resource` blobs, like the importer's. The
    folded op's location is `fused[producer, batch_norm]`, so the node keeps
    the producer's ONNX name. A producer with a fused residual or activation
    does not fold (the batch_norm applies after them).

    Folding runs to a fixpoint first; then every remaining batch_norm becomes
    a per-channel multiply and add (`qnn.mul`, `qnn.add` with constant
    `[1, C, 1, ...]` operands), which quantize like any other mul/add. A
    batch_norm whose parameters are not constant, or where `var + epsilon`
    is not positive for some channel, stays as it is with a warning naming
    the node.

    Input:
    ```mlir
    %y = qnn.conv2d %x, %w {...} : (...) -> tensor<1x16x8x8xf32>
    %z = qnn.batch_norm %y, %s, %b, %m, %v {epsilon = 1.0e-05 : f32} : ...
    ```
    Output:
    ```mlir
    %z = qnn.conv2d %x, %w_folded, %b_folded {...} : (...) -> tensor<1x16x8x8xf32>
    ```
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect"];
}

def QNNFusePass : Pass<"qnn-fuse", "::mlir::func::FuncOp"> {
  let summary = "Fuse activations and residual adds into conv2d / fully_connected";
  let description = [{
    Folds into the producing `qnn.conv2d` / `qnn.fully_connected`:
    `qnn.relu`, `qnn.clamp` (relu6 is clamp 0..6), `qnn.leaky_relu`,
    `qnn.swish` (as the op's `activation` attribute), and a following
    `qnn.add` of a tensor of the result's shape (as the `residual` operand),
    optionally followed by an activation. Only a producer whose result has
    no other user fuses; an activation fuses only into a producer without
    one, and a residual only into a producer with neither
    (`y = act(conv + b + residual)` is the one order the ops can express).
    The residual operand must have exactly the result's type (no
    broadcasting); the fused op is placed where the add was, so the residual
    may be computed after the producer.

    What fuses depends on the backend, read from one table
    (`FusionCapabilities`, passes/Quantization/FusionCapabilities.h) that
    asks libquantrt's `qrt_backend_supports` about each (op: conv2d, grouped
    conv2d, depthwise conv2d, fully_connected; activation: relu, relu6 =
    clamp 0..6, clamp, swish; residual) for the backend's default int8 types (u8
    activations x s8 per-channel weights for onednn and ref; s8 x s8
    per-channel, XNNPACK's qc8 path, for xnnpack), or with `float=true`
    (a model that stays float, `quant-compile --no-quantize`) for f32. A
    combination fuses if the backend runs it natively, or if the backend
    cannot run even the plain op on this host (no VNNI for onednn, backend
    not built), in which case the runtime uses `ref` either way and `ref`'s
    answer applies. With the current runtime: onednn and ref fuse relu,
    relu6, clamp, swish and residuals (an int8 swish with no residual: the
    int8 kernel applies it to the real conv output before quantizing it);
    xnnpack fuses relu, relu6 and clamp but no residual and no swish
    (XNNPACK has none). The fusion runs before `qnn-insert-observers`, so a
    fused op's output observer sees the post-activation tensor, whose scale
    the fused kernel quantizes to.
    `leaky_relu` has no runtime activation kind and never fuses. An unknown
    `backend` is an error.

    Independently of the backend, `qnn.relu` / `qnn.clamp` after a
    `qnn.add`, `qnn.sub` or `qnn.mul` (sole user, same type) becomes that
    op's `activation`: every backend's binary kernel clamps its output. So
    where an add cannot become a conv residual (xnnpack) the activation
    still costs no kernel of its own.

    ```mlir
    %y = qnn.conv2d %x, %w, %b {...} : ...
    %s = qnn.add %y, %skip : ...
    %r = qnn.relu %s : ...
    // becomes
    %r = qnn.conv2d %x, %w, %b residual %skip {..., activation = #qnn.activation<relu>} : ...
    ```
  }];
  let options = [
    Option<"backend", "backend", "std::string", /*default=*/"\"onednn\"",
           "Target backend whose fusion capabilities apply (onednn, xnnpack, ref)">,
    Option<"floatModel", "float", "bool", /*default=*/"false",
           "The model stays float: ask about f32 kernels, not int8 ones">
  ];
}

def QNNInsertObserversPass : Pass<"qnn-insert-observers", "::mlir::ModuleOp"> {
  let summary = "Insert qnn.observe on activations to quantize, per a config";
  let description = [{
    Places a `qnn.observe` (unique `id`) on every activation tensor a
    quantized op will read or produce, as selected by the quantization
    config (JSON, PyTorch QConfigMapping priority:
    `global` < `op_type` < `node_name_regex` < `node_name`; an entry of
    `null` keeps the node float). No observer sits between ops that fused;
    same-scale ops (max_pool, reshape, flatten, transpose, pad, slice) share
    their input's observer; fixed-range outputs (sigmoid, softmax, tanh) get
    none (their parameters are fixed); concat's output is observed and
    qnn-assign-scales unifies its inputs to it. Nodes kept in float
    carry a `qnn.float_reason` attribute and get a remark.

    Without a config: u8 asymmetric histogram-observed activations, s8
    symmetric per-channel weights.
  }];
  let options = [
    Option<"configFile", "config", "std::string", /*default=*/"\"\"",
           "Quantization config (JSON); empty for the defaults">
  ];
}

def QNNMergeStatsPass : Pass<"qnn-merge-stats", "::mlir::ModuleOp"> {
  let summary = "Merge calibration statistics of other shards into this module";
  let description = [{
    Reads each file in `stats` (IR with `qnn.observe` ops carrying `stats`,
    e.g. from `quant-compile --save-stats`) and merges its statistics into
    the observer with the same `id` here: extremes and per-channel extremes
    combine, counts add, histograms re-bin to the larger power-of-two range
    and add (exact and associative, so shards merge in any order).
  }];
  let options = [
    ListOption<"statsFiles", "stats", "std::string",
               "Files whose observer statistics to merge in">
  ];
}

def QNNAssignScalesPass : Pass<"qnn-assign-scales", "::mlir::ModuleOp"> {
  let summary = "Turn observed statistics into quantize/dequantize pairs";
  let description = [{
    Each `qnn.observe` with `stats` becomes `quant.qcast` + `quant.dcast`
    with a `!quant.uniform` type whose range comes from `method`:
    `minmax`, `percentile` (clip at `percentile` of the histogram),
    `entropy` (TensorRT's KL-divergence calibration) or `mse` (the clipping
    threshold minimizing expected quantization error). Weights of quantized
    conv2d / fully_connected become s8 constants (symmetric, per output
    channel on axis 0 by default, range [-127, 127]) behind `quant.scast` +
    `quant.dcast`; biases become i32 with scale `sx * sw[c]`, zero point 0.
    Concat inputs are unified to one type; sigmoid and softmax outputs get
    fixed [0, 1] parameters, tanh [-1, 1].
  }];
  let options = [
    Option<"method", "method", "std::string", /*default=*/"\"minmax\"",
           "Range estimator: minmax, percentile, entropy, mse">,
    Option<"percentile", "percentile", "double", /*default=*/"99.99",
           "Percentile for method=percentile">,
    Option<"configFile", "config", "std::string", /*default=*/"\"\"",
           "Quantization config (JSON) for per-node methods and weight options">,
    Option<"activationDtype", "activation-dtype", "std::string",
           /*default=*/"\"u8\"",
           "Default activation type, u8 or s8 (XNNPACK runs s8 natively); "
           "the config's activation dtype overrides it">
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::quant::QuantDialect"];
}

def QNNLowerQDQPass : Pass<"qnn-lower-qdq", "::mlir::func::FuncOp"> {
  let summary = "Rewrite dcast -> qnn op -> qcast into the qnn op on quantized types";
  let description = [{
    Driven by a table of (selector, action) entries: where every float input
    of a qnn op comes from `quant.dcast` and its result goes only to a
    `quant.qcast`, the op is rebuilt on the `!quant.uniform` types (integer
    semantics, i32 bias), and the casts disappear. Already-quantized QDQ
    models imported from ONNX take the same path.

    - `conv2d`, `fully_connected`: 8-bit per-tensor input (and residual);
      weight `dcast(scast(constant))`, 8-bit, per tensor or per axis 0;
      bias `dcast(scast(i32 constant))` with zero point 0 and scale
      `sx * sw[c]` (relative tolerance 1e-5), replaced by the i32 constant.
    - `add`, `mul`, `avg_pool`, `global_avg_pool`, `reduce_mean`, `sigmoid`,
      `tanh`, `softmax`, `hard_swish`, `swish`, `relu`, `clamp`,
      `leaky_relu`, `resize`: every input dequantized, result type from the
      qcast.
    - Same-scale `max_pool`, `reshape`, `flatten`, `transpose`, `pad`,
      `slice`, and `concat` of inputs sharing one type: the result takes the
      input's type whatever the users are. A qcast to that type is replaced;
      a qcast to other parameters is left as a `dcast -> qcast`
      requantization, and float users read a `dcast`. A constant pad value
      must be exactly representable.

    Activations are 8-bit (u8 or s8) per tensor. Whatever does not match
    stays float between dcast/qcast, with a `qnn.float_reason` attribute
    and a remark naming the ONNX node; nodes that already carry a reason are
    left alone. `qcast(dcast(x))` to the type of `x` folds to `x`; a
    float `dcast(qcast(x))` is kept (the pass does not run upstream folders,
    which would remove it).

    ```mlir
    %xd = quant.dcast %xq : ... to tensor<1x3x8x8xf32>
    %wd = quant.dcast %wq : ...
    %y  = qnn.conv2d %xd, %wd, %bd {...} : ... -> tensor<1x16x8x8xf32>
    %yq = quant.qcast %y : ... to tensor<1x16x8x8x!quant.uniform<u8:f32, 0.02:0>>
    // becomes
    %yq = qnn.conv2d %xq, %wq, %b32 {...} : ... -> tensor<1x16x8x8x!quant.uniform<u8:f32, 0.02:0>>
    ```
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::quant::QuantDialect"];
}

def QNNReportPass : Pass<"qnn-report", "::mlir::ModuleOp"> {
  let summary = "Report, per node, whether it runs in int8 and why not";
  let description = [{
    Prints one line per compute node: its ONNX name, op, int8 or float, and
    for float nodes the reason recorded by earlier passes (`qnn.float_reason`:
    config set it to null, the backend cannot run it quantized, no pattern
    matched, ...), then the share of multiply-accumulates that run in int8.
    The passes that keep a node float emit a remark when they decide; the
    report adds one for float nodes that no pass explained.

    ```
    node     op                   mode   MACs       reason
    conv1    qnn.conv2d           int8   118013952
    fc       qnn.fully_connected  float  512000     the quantization config (node_name 'fc') sets it to null
    int8 MACs: 1813049344 of 1813561344 (99.97%); 20 of 21 compute nodes in int8
    ```
  }];
  let options = [
    Option<"outputFile", "output", "std::string", /*default=*/"\"-\"",
           "Where to print the report ('-' for stdout)">
  ];
}

def QNNTestSynthesizeStatsPass
    : Pass<"qnn-test-synthesize-stats", "::mlir::ModuleOp"> {
  let summary = "Testing only: attach synthetic statistics to every observer";
  let description = [{
    Gives each `qnn.observe` without `stats` deterministic statistics of
    4096 pseudo-random samples (seeded by the observer id): Gaussian with a
    standard deviation that varies with the id, folded to non-negative values
    when the observed tensor comes out of a ReLU-like op (relu, clamp with
    min >= 0, a fused relu/clamp activation, sigmoid). Lets lit tests and the
    model tests exercise scale assignment without running calibration.
  }];
  let options = [
    Option<"seed", "seed", "unsigned", /*default=*/"0",
           "Added to every observer's seed">
  ];
}

#endif // QMLIR_PASSES_QUANTIZATION_PASSES_TD

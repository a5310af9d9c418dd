//===- QRTOps.td - qrt operations --------------------------*- tablegen -*-===//
//
// One op per libquantrt create entry. Each op fixes the argument ABI of its
// kernel family: which buffers it reads and writes, in which layout and with
// which element types, and which params it passes to create.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_DIALECTS_QRT_QRTOPS_TD
#define QMLIR_DIALECTS_QRT_QRTOPS_TD

include "dialects/QRT/QRTAttrs.td"
include "mlir/IR/OpBase.td"
include "mlir/IR/CommonAttrConstraints.td"
include "mlir/IR/CommonTypeConstraints.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

//===----------------------------------------------------------------------===//
// Buffer constraints
//===----------------------------------------------------------------------===//

// Static shapes: buffers are planned ahead of time. The identity layout
// (dense, row-major) is checked by the verifiers.

/// An activation: f32, or u8/s8 with a #qrt.quant descriptor.
def QRT_ActivationBuffer : StaticShapeMemRefOf<[F32, UI8, SI8]>;
/// A conv/fc weight: f32 or s8 (the runtime has no u8 weights).
def QRT_WeightBuffer : StaticShapeMemRefOf<[F32, SI8]>;
/// A bias: f32 for f32 kernels, s32 (scale sx * sw[c], zero point 0) for int8.
def QRT_BiasBuffer : StaticShapeMemRefOf<[F32, SI32]>;

def QRT_QuantArrayAttr : TypedArrayAttrBase<QRT_QuantAttr,
                                            "array of #qrt.quant">;

class QRT_Op<string mnemonic, list<Trait> traits = []>
    : Op<QRT_Dialect, mnemonic, traits> {
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// conv2d, fully_connected
//===----------------------------------------------------------------------===//

def QRT_Conv2DOp : QRT_Op<"conv2d", [AttrSizedOperandSegments]> {
  let summary = "qrt_conv2d_create: 2-D convolution on NHWC with an OHWI filter";
  let description = [{
    Calls `qrt_conv2d_create` (params `qrt_conv2d_params`) and runs the
    kernel on `{input}` or `{input, residual}` into `output`. The math is
    `qnn.conv2d`'s, in the runtime's layout:

    ```
    input [N, H, W, C], filter [O, KH, KW, C/groups], bias [O],
    output [N, OH, OW, O], residual like output
    output = activation(conv(input, filter) + bias + residual)
    ```

    `pads` are `[top, left, bottom, right]`. Numerics: all buffers `f32`
    (f32 bias), or int8: input and output `ui8`/`si8` per-tensor, filter `si8`
    per-tensor or per-channel on axis 0 with zero point 0, bias `si32` (scale
    `sx * sw[o]`, no descriptor), residual with the output's element type and
    its own descriptor. The residual buffer may alias the output.

    ```mlir
    qrt.conv2d ins(%x, %w, %b : memref<1x8x8x3xui8>, memref<16x3x3x3xsi8>, memref<16xsi32>)
        outs(%y : memref<1x8x8x16xui8>)
        {backend = #qrt.backend<onednn>, dilations = array<i64: 1, 1>,
         groups = 1 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>,
         activation = #qrt.activation<relu>,
         input_quant = #qrt.quant<scale = 0.5, zero_point = 128>,
         filter_quant = #qrt.quant<scales = [...], axis = 0>,
         output_quant = #qrt.quant<scale = 0.25, zero_point = 0>}
    ```
  }];
  let arguments = (ins
    Arg<QRT_ActivationBuffer, "NHWC input", [MemRead]>:$input,
    Arg<QRT_WeightBuffer, "OHWI filter", [MemRead]>:$filter,
    Arg<Optional<QRT_BiasBuffer>, "bias", [MemRead]>:$bias,
    Arg<Optional<QRT_ActivationBuffer>, "residual", [MemRead]>:$residual,
    Arg<QRT_ActivationBuffer, "NHWC output", [MemWrite]>:$output,
    QRT_BackendAttr:$backend,
    DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$pads,
    DenseI64ArrayAttr:$dilations, I64Attr:$groups,
    OptionalAttr<QRT_ActivationAttr>:$activation,
    OptionalAttr<QRT_QuantAttr>:$input_quant,
    OptionalAttr<QRT_QuantAttr>:$filter_quant,
    OptionalAttr<QRT_QuantAttr>:$output_quant,
    OptionalAttr<QRT_QuantAttr>:$residual_quant);
  let assemblyFormat = [{
    `ins` `(` $input `,` $filter (`,` $bias^)? `:` type($input) `,`
        type($filter) (`,` type($bias)^)? `)`
    (`residual` `(` $residual^ `:` type($residual) `)`)?
    `outs` `(` $output `:` type($output) `)` attr-dict
  }];
}

def QRT_FullyConnectedOp : QRT_Op<"fully_connected",
                                  [AttrSizedOperandSegments]> {
  let summary = "qrt_fc_create: matrix product with an [N, K] weight";
  let description = [{
    Calls `qrt_fc_create` (params `qrt_fc_params`); the math is
    `qnn.fully_connected`'s:

    ```
    input [..., K], filter [N, K], bias [N], output [..., N]
    output = activation(input x filter^T + bias + residual)
    ```

    Dtype rules and the residual are as for `qrt.conv2d` (per-channel
    filter descriptors on axis 0).

    ```mlir
    qrt.fully_connected ins(%x, %w, %b : memref<1x32xui8>, memref<10x32xsi8>, memref<10xsi32>)
        outs(%y : memref<1x10xui8>) {backend = #qrt.backend<ref>, ...}
    ```
  }];
  let arguments = (ins
    Arg<QRT_ActivationBuffer, "input", [MemRead]>:$input,
    Arg<QRT_WeightBuffer, "[N, K] filter", [MemRead]>:$filter,
    Arg<Optional<QRT_BiasBuffer>, "bias", [MemRead]>:$bias,
    Arg<Optional<QRT_ActivationBuffer>, "residual", [MemRead]>:$residual,
    Arg<QRT_ActivationBuffer, "output", [MemWrite]>:$output,
    QRT_BackendAttr:$backend,
    OptionalAttr<QRT_ActivationAttr>:$activation,
    OptionalAttr<QRT_QuantAttr>:$input_quant,
    OptionalAttr<QRT_QuantAttr>:$filter_quant,
    OptionalAttr<QRT_QuantAttr>:$output_quant,
    OptionalAttr<QRT_QuantAttr>:$residual_quant);
  let assemblyFormat = [{
    `ins` `(` $input `,` $filter (`,` $bias^)? `:` type($input) `,`
        type($filter) (`,` type($bias)^)? `)`
    (`residual` `(` $residual^ `:` type($residual) `)`)?
    `outs` `(` $output `:` type($output) `)` attr-dict
  }];
}

//===----------------------------------------------------------------------===//
// binary, pool2d, concat, resize, unary
//===----------------------------------------------------------------------===//

def QRT_BinaryOp : QRT_Op<"binary"> {
  let summary = "qrt_binary_create: broadcasting add, mul, sub or div";
  let description = [{
    Calls `qrt_binary_create` (params `qrt_binary_params`, `op` =
    `QRT_OP_ADD`/`MUL`/`SUB`/`DIV`); the math is `qnn.add`'s, `qnn.mul`'s,
    `qnn.sub`'s or `qnn.div`'s, numpy broadcasting with ranks aligned to the
    right, then the activation. All three buffers share one element type;
    int8 inputs each have their own descriptor. f32 division follows IEEE;
    an int8 division by a zero-valued divisor saturates to the output range.

    ```mlir
    qrt.binary add ins(%a, %b : memref<1x4x4x8xui8>, memref<1x4x4x8xui8>)
        outs(%y : memref<1x4x4x8xui8>) {backend = #qrt.backend<xnnpack>,
        lhs_quant = ..., rhs_quant = ..., output_quant = ...}
    ```
  }];
  let arguments = (ins QRT_BinaryKind:$kind,
    Arg<QRT_ActivationBuffer, "lhs", [MemRead]>:$lhs,
    Arg<QRT_ActivationBuffer, "rhs", [MemRead]>:$rhs,
    Arg<QRT_ActivationBuffer, "output", [MemWrite]>:$output,
    QRT_BackendAttr:$backend,
    OptionalAttr<QRT_ActivationAttr>:$activation,
    OptionalAttr<QRT_QuantAttr>:$lhs_quant,
    OptionalAttr<QRT_QuantAttr>:$rhs_quant,
    OptionalAttr<QRT_QuantAttr>:$output_quant);
  let assemblyFormat = [{
    $kind `ins` `(` $lhs `,` $rhs `:` type($lhs) `,` type($rhs) `)`
    `outs` `(` $output `:` type($output) `)` attr-dict
  }];
}

def QRT_Pool2DOp : QRT_Op<"pool2d"> {
  let summary = "qrt_pool2d_create: max, average or global-average pooling on NHWC";
  let description = [{
    Calls `qrt_pool2d_create` (params `qrt_pool2d_params`); the math is
    `qnn.max_pool`'s, `qnn.avg_pool`'s (`count_include_pad`) or
    `qnn.global_avg_pool`'s on `[N, H, W, C]`, without dilation or ceil
    mode:

    ```
    OH = (H + pad_top + pad_bottom - KH) / stride_h + 1     (likewise OW)
    global_avg: output [N, 1, 1, C]; kernel, strides and pads are absent
    ```

    `max` requires the output descriptor to equal the input's.

    ```mlir
    qrt.pool2d max ins(%x : memref<1x8x8x32xui8>) outs(%y : memref<1x4x4x32xui8>)
        {backend = #qrt.backend<onednn>, kernel = array<i64: 2, 2>,
         pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>, ...}
    ```
  }];
  let arguments = (ins QRT_PoolKind:$kind,
    Arg<QRT_ActivationBuffer, "NHWC input", [MemRead]>:$input,
    Arg<QRT_ActivationBuffer, "NHWC output", [MemWrite]>:$output,
    QRT_BackendAttr:$backend,
    OptionalAttr<DenseI64ArrayAttr>:$kernel,
    OptionalAttr<DenseI64ArrayAttr>:$strides,
    OptionalAttr<DenseI64ArrayAttr>:$pads,
    UnitAttr:$count_include_pad,
    OptionalAttr<QRT_QuantAttr>:$input_quant,
    OptionalAttr<QRT_QuantAttr>:$output_quant);
  let assemblyFormat = [{
    $kind `ins` `(` $input `:` type($input) `)`
    `outs` `(` $output `:` type($output) `)` attr-dict
  }];
}

def QRT_ConcatOp : QRT_Op<"concat"> {
  let summary = "qrt_concat_create: concatenation along one axis";
  let description = [{
    Calls `qrt_concat_create` (params `qrt_concat_params`); the math is
    `qnn.concat`'s along `axis` of the buffers as laid out (axis 3 is the
    channels of an NHWC buffer). All buffers share one element type; int8
    inputs carry one descriptor each in `input_quants` and are requantized to
    `output_quant` where they differ.

    ```mlir
    qrt.concat ins(%a, %b : memref<1x4x4x8xf32>, memref<1x4x4x8xf32>)
        outs(%y : memref<1x4x4x16xf32>) {axis = 3 : i64, backend = #qrt.backend<ref>}
    ```
  }];
  let arguments = (ins
    Arg<Variadic<QRT_ActivationBuffer>, "inputs", [MemRead]>:$inputs,
    Arg<QRT_ActivationBuffer, "output", [MemWrite]>:$output,
    QRT_BackendAttr:$backend, I64Attr:$axis,
    OptionalAttr<QRT_QuantArrayAttr>:$input_quants,
    OptionalAttr<QRT_QuantAttr>:$output_quant);
  let assemblyFormat = [{
    `ins` `(` $inputs `:` type($inputs) `)`
    `outs` `(` $output `:` type($output) `)` attr-dict
  }];
}

def QRT_ResizeOp : QRT_Op<"resize"> {
  let summary = "qrt_resize_create: nearest or bilinear resize of H and W";
  let description = [{
    Calls `qrt_resize_create` (params `qrt_resize_params`); the math is
    `qnn.resize`'s on `[N, H, W, C]` with N and C unchanged, the scale of
    each resized axis being `out / in`, `nearest` rounding down (ONNX
    `nearest_mode = floor`) and `bilinear` clamping at the edge. `coord` is
    the coordinate transform (`half_pixel`, `align_corners`, `asymmetric`).

    ```mlir
    qrt.resize nearest asymmetric ins(%x : memref<1x4x4x8xui8>)
        outs(%y : memref<1x8x8x8xui8>) {backend = #qrt.backend<ref>, ...}
    ```
  }];
  let arguments = (ins QRT_ResizeMode:$mode, QRT_ResizeCoord:$coord,
    Arg<QRT_ActivationBuffer, "NHWC input", [MemRead]>:$input,
    Arg<QRT_ActivationBuffer, "NHWC output", [MemWrite]>:$output,
    QRT_BackendAttr:$backend,
    OptionalAttr<QRT_QuantAttr>:$input_quant,
    OptionalAttr<QRT_QuantAttr>:$output_quant);
  let assemblyFormat = [{
    $mode $coord `ins` `(` $input `:` type($input) `)`
    `outs` `(` $output `:` type($output) `)` attr-dict
  }];
}

def QRT_UnaryOp : QRT_Op<"unary"> {
  let summary = "qrt_unary_create: elementwise functions and softmax";
  let description = [{
    Calls `qrt_unary_create` (params `qrt_unary_params`); the math is the
    qnn op's of the same name, softmax over the last axis of the buffer:

    ```
    sigmoid:      y = 1 / (1 + exp(-x))
    hard_swish:   y = x * relu6(x + 3) / 6
    softmax:      y = exp(x) / sum(exp(x))          (innermost axis)
    tanh:         y = tanh(x)
    relu:         y = max(x, 0)
    clamp:        y = min(max(x, min), max)          (min, max)
    leaky_relu:   y = x >= 0 ? x : alpha * x         (alpha)
    hard_sigmoid: y = max(0, min(1, alpha * x + beta)) (alpha, beta)
    swish:        y = x * sigmoid(x)
    ```

    Exactly the parameters a kind uses are present: `alpha` (leaky_relu,
    hard_sigmoid), `beta` (hard_sigmoid), both finite; `min` and `max`
    (clamp), not NaN, `min <= max`. Input and output have one shape and
    element type; int8 computes in f32 between a dequantize and a quantize.

    ```mlir
    qrt.unary softmax ins(%x : memref<1x10xf32>) outs(%y : memref<1x10xf32>)
        {backend = #qrt.backend<ref>}
    qrt.unary leaky_relu ins(%x : memref<1x8x8x4xf32>) outs(%y : memref<1x8x8x4xf32>)
        {alpha = 1.000000e-01 : f32, backend = #qrt.backend<ref>}
    ```
  }];
  let arguments = (ins QRT_UnaryKind:$kind,
    Arg<QRT_ActivationBuffer, "input", [MemRead]>:$input,
    Arg<QRT_ActivationBuffer, "output", [MemWrite]>:$output,
    QRT_BackendAttr:$backend,
    OptionalAttr<QRT_QuantAttr>:$input_quant,
    OptionalAttr<QRT_QuantAttr>:$output_quant,
    OptionalAttr<F32Attr>:$alpha, OptionalAttr<F32Attr>:$beta,
    OptionalAttr<F32Attr>:$min, OptionalAttr<F32Attr>:$max);
  let assemblyFormat = [{
    $kind `ins` `(` $input `:` type($input) `)`
    `outs` `(` $output `:` type($output) `)` attr-dict
  }];
}

//===----------------------------------------------------------------------===//
// convert, layout
//===----------------------------------------------------------------------===//

def QRT_ConvertOp : QRT_Op<"convert"> {
  let summary = "qrt_convert_create: quantize, dequantize, requantize";
  let description = [{
    Calls `qrt_convert_create` (params `qrt_convert_params`). `quantize` is
    `quant.qcast` (f32 -> `ui8`/`si8`, `q = sat(rne(x / s) + z)`),
    `dequantize` is `quant.dcast` (`x = (q - z) * s`), `requantize` is a
    `quant.dcast` followed by a `quant.qcast` (int8 -> int8 with other
    params). Shapes are equal; the quantized side may be per-channel for
    quantize and dequantize.

    ```mlir
    qrt.convert quantize ins(%x : memref<1x8x8x1xf32>) outs(%y : memref<1x8x8x1xui8>)
        {backend = #qrt.backend<ref>, output_quant = #qrt.quant<scale = 0.0143, zero_point = 117>}
    ```
  }];
  let arguments = (ins QRT_ConvertKind:$kind,
    Arg<QRT_ActivationBuffer, "input", [MemRead]>:$input,
    Arg<QRT_ActivationBuffer, "output", [MemWrite]>:$output,
    QRT_BackendAttr:$backend,
    OptionalAttr<QRT_QuantAttr>:$input_quant,
    OptionalAttr<QRT_QuantAttr>:$output_quant);
  let assemblyFormat = [{
    $kind `ins` `(` $input `:` type($input) `)`
    `outs` `(` $output `:` type($output) `)` attr-dict
  }];
}

def QRT_LayoutOp : QRT_Op<"layout"> {
  let summary = "qrt_layout_create: reshape (copy) or transpose";
  let description = [{
    Calls `qrt_layout_create` (params `qrt_layout_params`). `reshape` is
    `qnn.reshape`'s row-major copy (equal element counts); `transpose` is
    `qnn.transpose`'s permutation, `dim(output, i) = dim(input, perm[i])`.
    The element type passes through unchanged (so do quantization
    parameters, which is why the op carries no descriptor). The conversion
    from qnn uses transposes to move between the graph's NCHW and the
    kernels' NHWC.

    ```mlir
    qrt.layout transpose ins(%x : memref<1x3x8x8xf32>) outs(%y : memref<1x8x8x3xf32>)
        {backend = #qrt.backend<ref>, perm = array<i64: 0, 2, 3, 1>}
    ```
  }];
  let arguments = (ins QRT_LayoutKind:$kind,
    Arg<QRT_ActivationBuffer, "input", [MemRead]>:$input,
    Arg<QRT_ActivationBuffer, "output", [MemWrite]>:$output,
    QRT_BackendAttr:$backend,
    OptionalAttr<DenseI64ArrayAttr>:$perm);
  let assemblyFormat = [{
    $kind `ins` `(` $input `:` type($input) `)`
    `outs` `(` $output `:` type($output) `)` attr-dict
  }];
}

//===----------------------------------------------------------------------===//
// pad, slice, reduce
//===----------------------------------------------------------------------===//

def QRT_PadOp : QRT_Op<"pad"> {
  let summary = "qrt_pad_create: constant, reflect or edge padding";
  let description = [{
    Calls `qrt_pad_create` (params `qrt_pad_params`); the math is
    `qnn.pad`'s on the buffer as laid out. `pads` holds `2 * rank`
    non-negative counts, all begins then all ends, in the buffer's dimension
    order (an NHWC buffer pads `[N, H, W, C]`):

    ```
    dim(output, i) = dim(input, i) + pads[i] + pads[rank + i]
    constant: the border is `value` (int8: quantized to the input's params)
    reflect:  mirror without repeating the edge (pads <= dim - 1)
    edge:     replicate the edge element (dim > 0 where padded)
    ```

    `value` is present exactly in constant mode (not NaN on int8). Input and
    output have one element type and, on int8, equal descriptors (a copy).

    ```mlir
    qrt.pad constant ins(%x : memref<1x4x4x3xf32>) outs(%y : memref<1x6x6x3xf32>)
        {backend = #qrt.backend<ref>, pads = array<i64: 0, 1, 1, 0, 0, 1, 1, 0>,
         value = 0.000000e+00 : f32}
    ```
  }];
  let arguments = (ins QRT_PadMode:$mode,
    Arg<QRT_ActivationBuffer, "input", [MemRead]>:$input,
    Arg<QRT_ActivationBuffer, "output", [MemWrite]>:$output,
    QRT_BackendAttr:$backend, DenseI64ArrayAttr:$pads,
    OptionalAttr<F32Attr>:$value,
    OptionalAttr<QRT_QuantAttr>:$input_quant,
    OptionalAttr<QRT_QuantAttr>:$output_quant);
  let assemblyFormat = [{
    $mode `ins` `(` $input `:` type($input) `)`
    `outs` `(` $output `:` type($output) `)` attr-dict
  }];
}

def QRT_SliceOp : QRT_Op<"slice"> {
  let summary = "qrt_slice_create: strided slice";
  let description = [{
    Calls `qrt_slice_create` (params `qrt_slice_params`); the math is
    `qnn.slice`'s on the buffer as laid out, one normalized start, end and
    step per dimension of the buffer:

    ```
    step != 0, 0 <= start <= dim, -1 <= end <= dim, start < dim unless empty
    dim(output, i) = max(0, ceil((ends[i] - starts[i]) / steps[i]))
    output[j...] = input[starts + j * steps ...]
    ```

    Input and output have one element type and, on int8, equal descriptors
    (a copy).

    ```mlir
    qrt.slice ins(%x : memref<1x8x8x4xf32>) outs(%y : memref<1x4x8x2xf32>)
        {backend = #qrt.backend<ref>, starts = array<i64: 0, 0, 0, 2>,
         ends = array<i64: 1, 8, 8, 4>, steps = array<i64: 1, 2, 1, 1>}
    ```
  }];
  let arguments = (ins
    Arg<QRT_ActivationBuffer, "input", [MemRead]>:$input,
    Arg<QRT_ActivationBuffer, "output", [MemWrite]>:$output,
    QRT_BackendAttr:$backend, DenseI64ArrayAttr:$starts,
    DenseI64ArrayAttr:$ends, DenseI64ArrayAttr:$steps,
    OptionalAttr<QRT_QuantAttr>:$input_quant,
    OptionalAttr<QRT_QuantAttr>:$output_quant);
  let assemblyFormat = [{
    `ins` `(` $input `:` type($input) `)`
    `outs` `(` $output `:` type($output) `)` attr-dict
  }];
}

def QRT_ReduceOp : QRT_Op<"reduce"> {
  let summary = "qrt_reduce_create: mean over axes";
  let description = [{
    Calls `qrt_reduce_create` (params `qrt_reduce_params`); the math is
    `qnn.reduce_mean`'s over `axes` of the buffer as laid out (sorted,
    unique, in range; empty is a copy). With `keepdims` the reduced axes
    stay with extent 1, otherwise they are removed:

    ```
    output[i...] = sum over axes of input / prod_{a in axes} dim(input, a)
    f32: summed in double; int8: sum(q - zx) in int64, then requantized
    ```

    Input and output share one element type; int8 buffers have their own
    per-tensor descriptors.

    ```mlir
    qrt.reduce mean ins(%x : memref<1x8x8x16xf32>) outs(%y : memref<1x16xf32>)
        {axes = array<i64: 1, 2>, backend = #qrt.backend<ref>}
    ```
  }];
  let arguments = (ins QRT_ReduceKind:$kind,
    Arg<QRT_ActivationBuffer, "input", [MemRead]>:$input,
    Arg<QRT_ActivationBuffer, "output", [MemWrite]>:$output,
    QRT_BackendAttr:$backend, DenseI64ArrayAttr:$axes,
    UnitAttr:$keepdims,
    OptionalAttr<QRT_QuantAttr>:$input_quant,
    OptionalAttr<QRT_QuantAttr>:$output_quant);
  let assemblyFormat = [{
    $kind `ins` `(` $input `:` type($input) `)`
    `outs` `(` $output `:` type($output) `)` attr-dict
  }];
}

//===----------------------------------------------------------------------===//
// observe
//===----------------------------------------------------------------------===//

/// The runtime's observer state (statistics kept per observer, outside any
/// buffer). qrt.observe writes it, which keeps the op alive although it
/// writes no buffer.
def QRT_ObserverState : Resource<"::qmlir::qrt::ObserverStateResource">;

def QRT_ObserveOp : QRT_Op<"observe",
    [MemoryEffects<[MemWrite<QRT_ObserverState>]>]> {
  let summary = "qrt_observer_update: calibration statistics of an f32 buffer";
  let description = [{
    Feeds the f32 buffer `input` to the calibration observer `id` (the id of
    the `qnn.observe` it comes from) with `qrt_observer_update`; the buffer
    is only read. `kind` is the `qrt_observer_kind`:

    ```
    minmax:             min, max over all finite elements (NaNs counted)
    histogram:          minmax + a 2048-bin power-of-two histogram
    per_channel_minmax: min, max per index of dimension `axis`;
                        channel count = dim(input, axis)
    ```

    `axis` is in the buffer's layout (3 for the channels of an NHWC buffer)
    and present exactly for `per_channel_minmax`. Observers are created once
    per model (`qrt_observer_create(kind, axis, channels)`) and read back
    after the calibration samples have run.

    ```mlir
    qrt.observe ins(%x : memref<1x8x8x16xf32>)
        {id = 3 : i64, kind = #qrt.observer<per_channel_minmax>, axis = 3 : i64}
    ```
  }];
  let arguments = (ins
    Arg<StaticShapeMemRefOf<[F32]>, "observed buffer", [MemRead]>:$input,
    I64Attr:$id, QRT_ObserverKindAttr:$kind, OptionalAttr<I64Attr>:$axis);
  let assemblyFormat = [{
    `ins` `(` $input `:` type($input) `)` attr-dict
  }];
}

#endif // QMLIR_DIALECTS_QRT_QRTOPS_TD

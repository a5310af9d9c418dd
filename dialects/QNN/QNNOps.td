//===- QNNOps.td - qnn operations --------------------------*- tablegen -*-===//
//
// The operations of the qnn dialect. Each op states its float math; on
// !quant.uniform operands the same math runs on dequantized values and the
// result is requantized to the result type (see docs/numerics.md).
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_DIALECTS_QNN_QNNOPS_TD
#define QMLIR_DIALECTS_QNN_QNNOPS_TD

include "dialects/QNN/QNNAttrs.td"
include "mlir/IR/OpBase.td"
include "mlir/IR/CommonAttrConstraints.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

//===----------------------------------------------------------------------===//
// Type constraints and traits
//===----------------------------------------------------------------------===//

def QNN_QuantizedType : Type<
    CPred<"::llvm::isa<::mlir::quant::UniformQuantizedType, "
          "::mlir::quant::UniformQuantizedPerAxisType>($_self)">,
    "uniform quantized type">;

// Shapes are static: the compiler plans one activation arena ahead of time
// and the importer pins symbolic dimensions (--input-shape).

/// An activation or weight tensor: f32 or !quant.uniform elements.
def QNN_Tensor : StaticShapeTensorOf<[F32, QNN_QuantizedType]>;
/// A float-only tensor (parameters of ops that only exist before quantization).
def QNN_FloatTensor : StaticShapeTensorOf<[F32]>;
/// A bias: f32 in float ops, i32 in quantized ops.
def QNN_BiasTensor : StaticShapeTensorOf<[F32, I32]>;

/// All tensors of the op are float, or all are quantized (with i32 biases).
def QNN_ConsistentNumerics : NativeOpTrait<"ConsistentNumerics"> {
  let cppNamespace = "::qmlir::qnn::OpTrait";
}

class QNN_Op<string mnemonic, list<Trait> traits = []>
    : Op<QNN_Dialect, mnemonic, !listconcat([Pure], traits)>;

//===----------------------------------------------------------------------===//
// Convolution and fully connected
//===----------------------------------------------------------------------===//

def QNN_Conv2DOp : QNN_Op<"conv2d", [AttrSizedOperandSegments,
                                     QNN_ConsistentNumerics]> {
  let summary = "2-D convolution (grouped, depthwise) with fused epilogue";
  let description = [{
    Input `NxCxHxW`, weight `OxC/GxKhxKw` (`G` = `groups`), optional bias `O`,
    optional residual shaped like the result. `pads` are
    `[top, left, bottom, right]`.

    ```
    g = o / (O / G)
    y[n,o,h,w] = bias[o] + sum_{c < C/G, i, j}
        x[n, g*C/G + c, h*sh - pt + i*dh, w*sw - pl + j*dw] * wt[o,c,i,j]
        (x outside the input reads 0)
    y = activation(y + residual)
    H_out = floor((H + pt + pb - dh*(Kh-1) - 1) / sh) + 1   (likewise W_out)
    ```

    On quantized operands the sum runs over `(xq - zx) * (wq - zw)` in i32
    with an i32 bias of scale `sx * sw[o]`, and the accumulator is
    requantized to the result type; the activation is a clamp in the result's
    quantized domain. Weights may be per-axis quantized on axis 0.

    ```mlir
    %y = qnn.conv2d %x, %w, %b {dilations = array<i64: 1, 1>, groups = 1 : i64,
             pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>}
         : (tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32>, tensor<16xf32>)
         -> tensor<1x16x8x8xf32>
    ```
  }];
  let arguments = (ins QNN_Tensor:$input, QNN_Tensor:$weight,
                       Optional<QNN_BiasTensor>:$bias,
                       Optional<QNN_Tensor>:$residual,
                       DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$pads,
                       DenseI64ArrayAttr:$dilations, I64Attr:$groups,
                       OptionalAttr<QNN_ActivationAttr>:$activation);
  let results = (outs QNN_Tensor:$output);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? (`residual` $residual^)? attr-dict `:`
    functional-type(operands, results)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// Multiply-accumulates per inference.
    int64_t getMacCount();
    bool isDepthwise();
  }];
}

def QNN_FullyConnectedOp : QNN_Op<"fully_connected", [AttrSizedOperandSegments,
                                                     QNN_ConsistentNumerics]> {
  let summary = "Matrix product with a weight of shape [N, K], fused epilogue";
  let description = [{
    Input `...xK`, weight `NxK` (PyTorch's Linear layout; ONNX Gemm/MatMul
    are normalized to it at import: transposes, `alpha` and `beta` folded),
    optional bias `N`, optional residual shaped like the result `...xN`.

    ```
    y[..., n] = bias[n] + sum_k x[..., k] * w[n, k]
    y = activation(y + residual)
    ```

    On quantized operands: integer accumulation as in `qnn.conv2d`, weights
    per-tensor or per-axis on axis 0.
  }];
  let arguments = (ins QNN_Tensor:$input, QNN_Tensor:$weight,
                       Optional<QNN_BiasTensor>:$bias,
                       Optional<QNN_Tensor>:$residual,
                       OptionalAttr<QNN_ActivationAttr>:$activation);
  let results = (outs QNN_Tensor:$output);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? (`residual` $residual^)? attr-dict `:`
    functional-type(operands, results)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// Multiply-accumulates per inference.
    int64_t getMacCount();
  }];
}

def QNN_BatchNormOp : QNN_Op<"batch_norm", [QNN_ConsistentNumerics]> {
  let summary = "Inference batch normalization over axis 1";
  let description = [{
    Input `NxCx...`; `scale`, `bias`, `mean`, `variance` have shape `C`.

    ```
    y[n,c,...] = (x[n,c,...] - mean[c]) / sqrt(variance[c] + epsilon)
                 * scale[c] + bias[c]
    ```

    Float only: `qnn-fold-batchnorm` removes it before quantization.
  }];
  let arguments = (ins QNN_FloatTensor:$input, QNN_FloatTensor:$scale,
                       QNN_FloatTensor:$bias, QNN_FloatTensor:$mean,
                       QNN_FloatTensor:$variance, F32Attr:$epsilon);
  let results = (outs QNN_FloatTensor:$output);
  let assemblyFormat = [{
    $input `,` $scale `,` $bias `,` $mean `,` $variance attr-dict `:`
    functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Elementwise unary
//===----------------------------------------------------------------------===//

class QNN_UnaryOp<string mnemonic, string math, list<Trait> traits = []>
    : QNN_Op<mnemonic, !listconcat([QNN_ConsistentNumerics], traits)> {
  let description = [{
    Elementwise, result shaped like the input:

    ```
  }] # math # [{

    ```

    On quantized operands the function is applied to the dequantized input
    and the result is quantized to the result type (a lookup table or a
    clamp, chosen at lowering).
  }];
  let results = (outs QNN_Tensor:$output);
  let hasVerifier = 1;
  let assemblyFormat = [{
    $input attr-dict `:` custom<UnaryTypes>(type($input), type($output))
  }];
}

def QNN_ReluOp : QNN_UnaryOp<"relu", "y = max(x, 0)"> {
  let summary = "Rectified linear unit";
  let arguments = (ins QNN_Tensor:$input);
}

def QNN_ClampOp : QNN_UnaryOp<"clamp", "y = min(max(x, min), max)"> {
  let summary = "Clamp to [min, max] (relu6 is clamp 0..6)";
  let arguments = (ins QNN_Tensor:$input, F32Attr:$min, F32Attr:$max);
}

def QNN_LeakyReluOp : QNN_UnaryOp<"leaky_relu", "y = x >= 0 ? x : alpha * x"> {
  let summary = "Leaky rectified linear unit";
  let arguments = (ins QNN_Tensor:$input, F32Attr:$alpha);
}

def QNN_SigmoidOp : QNN_UnaryOp<"sigmoid", "y = 1 / (1 + exp(-x))"> {
  let summary = "Logistic sigmoid; quantized output range is fixed to [0, 1]";
  let arguments = (ins QNN_Tensor:$input);
}

def QNN_HardSigmoidOp : QNN_UnaryOp<"hard_sigmoid",
    "y = max(0, min(1, alpha * x + beta))"> {
  let summary = "Hard sigmoid (ONNX HardSigmoid)";
  let arguments = (ins QNN_Tensor:$input, F32Attr:$alpha, F32Attr:$beta);
}

def QNN_HardSwishOp : QNN_UnaryOp<"hard_swish",
    "y = x * max(0, min(1, x / 6 + 1 / 2))"> {
  let summary = "Hard swish (ONNX HardSwish, MobileNetV3)";
  let arguments = (ins QNN_Tensor:$input);
}

def QNN_SwishOp : QNN_UnaryOp<"swish", "y = x * sigmoid(x) = x / (1 + exp(-x))"> {
  let summary = "Swish / SiLU (EfficientNet); unlike sigmoid, not fixed-range";
  let arguments = (ins QNN_Tensor:$input);
}

def QNN_TanhOp : QNN_UnaryOp<"tanh", "y = tanh(x)"> {
  let summary = "Hyperbolic tangent; quantized output range is fixed to [-1, 1]";
  let arguments = (ins QNN_Tensor:$input);
}

def QNN_SoftmaxOp : QNN_UnaryOp<"softmax",
    "y[..., i, ...] = exp(x[..., i, ...]) / sum_j exp(x[..., j, ...])   (over `axis`)"> {
  let summary = "Softmax over one axis; quantized output range is [0, 1]";
  let arguments = (ins QNN_Tensor:$input, I64Attr:$axis);
}

//===----------------------------------------------------------------------===//
// Elementwise binary
//===----------------------------------------------------------------------===//

class QNN_BinaryOp<string mnemonic, string math>
    : QNN_Op<mnemonic, [QNN_ConsistentNumerics]> {
  let description = [{
    Elementwise with numpy (ONNX multidirectional) broadcasting, then the
    optional fused activation:

    ```
  }] # math # [{

    ```

    On quantized operands each input may have its own scale and zero point;
    the result is requantized to the result type.
  }];
  let arguments = (ins QNN_Tensor:$lhs, QNN_Tensor:$rhs,
                       OptionalAttr<QNN_ActivationAttr>:$activation);
  let results = (outs QNN_Tensor:$output);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` type($lhs) `,` type($rhs) `->` type($output)
  }];
  let hasVerifier = 1;
}

def QNN_AddOp : QNN_BinaryOp<"add", "y = activation(lhs + rhs)"> {
  let summary = "Broadcasting addition";
}
def QNN_SubOp : QNN_BinaryOp<"sub", "y = activation(lhs - rhs)"> {
  let summary = "Broadcasting subtraction";
}
def QNN_MulOp : QNN_BinaryOp<"mul", "y = activation(lhs * rhs)"> {
  let summary = "Broadcasting multiplication";
  // mul(x, hard_sigmoid(x; 1/6, 0.5)) -> hard_swish(x): how exporters spell
  // HardSwish before opset 14; mul(x, sigmoid(x)) -> swish(x): how PyTorch
  // exports SiLU.
  let hasCanonicalizer = 1;
}
def QNN_DivOp : QNN_BinaryOp<"div", "y = activation(lhs / rhs)"> {
  let summary = "Broadcasting division";
}

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

def QNN_MaxPoolOp : QNN_Op<"max_pool", [QNN_ConsistentNumerics]> {
  let summary = "2-D max pooling over NCHW";
  let description = [{
    ```
    y[n,c,h,w] = max_{i < Kh, j < Kw} x[n, c, h*sh - pt + i*dh, w*sw - pl + j*dw]
                 (positions outside the input are skipped)
    H_out = round((H + pt + pb - dh*(Kh-1) - 1) / sh) + 1
    ```
    where `round` is `floor`, or `ceil` with `ceil_mode`; with `ceil_mode` a
    last window that would start past `H + pt` is dropped (PyTorch's and
    ONNX Runtime's rule). On quantized
    operands the result has the input's quantization parameters.
  }];
  let arguments = (ins QNN_Tensor:$input, DenseI64ArrayAttr:$kernel,
                       DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$pads,
                       DenseI64ArrayAttr:$dilations, BoolAttr:$ceil_mode);
  let results = (outs QNN_Tensor:$output);
  let assemblyFormat = [{
    $input attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def QNN_AvgPoolOp : QNN_Op<"avg_pool", [QNN_ConsistentNumerics]> {
  let summary = "2-D average pooling over NCHW";
  let description = [{
    ```
    y[n,c,h,w] = sum_{(i,j) in window} x[n, c, h*sh - pt + i, w*sw - pl + j] / count
    ```
    `count` is `Kh*Kw` with `count_include_pad` (positions in the padding
    count as zeros; positions past the padding, which `ceil_mode` can create,
    are not counted), otherwise the number of window positions inside the
    input. Output size as `qnn.max_pool` (no dilation).
  }];
  let arguments = (ins QNN_Tensor:$input, DenseI64ArrayAttr:$kernel,
                       DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$pads,
                       BoolAttr:$ceil_mode, BoolAttr:$count_include_pad);
  let results = (outs QNN_Tensor:$output);
  let assemblyFormat = [{
    $input attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def QNN_GlobalAvgPoolOp : QNN_Op<"global_avg_pool", [QNN_ConsistentNumerics]> {
  let summary = "Mean over all spatial positions: NxCxHxW -> NxCx1x1";
  let description = [{
    ```
    y[n,c,0,0] = sum_{h,w} x[n,c,h,w] / (H*W)
    ```
  }];
  let arguments = (ins QNN_Tensor:$input);
  let results = (outs QNN_Tensor:$output);
  let assemblyFormat = [{
    $input attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def QNN_ReduceMeanOp : QNN_Op<"reduce_mean", [QNN_ConsistentNumerics]> {
  let summary = "Mean over the given axes";
  let description = [{
    `axes` are non-negative, sorted and unique. With `keepdims` the reduced
    axes stay with extent 1, otherwise they are removed.

    ```
    y[i...] = sum_{j in axes} x[...] / prod_{a in axes} dim(x, a)
    ```
  }];
  let arguments = (ins QNN_Tensor:$input, DenseI64ArrayAttr:$axes,
                       BoolAttr:$keepdims);
  let results = (outs QNN_Tensor:$output);
  let assemblyFormat = [{
    $input attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Data movement (same-scale on quantized operands)
//===----------------------------------------------------------------------===//

def QNN_ConcatOp : QNN_Op<"concat", [QNN_ConsistentNumerics]> {
  let summary = "Concatenation along one axis";
  let description = [{
    All inputs agree on every dimension but `axis` (non-negative); the result
    extent along `axis` is the sum of the inputs'. On quantized operands the
    inputs are requantized to the result type where their parameters differ
    (`qnn-assign-scales` unifies them).
  }];
  let arguments = (ins Variadic<QNN_Tensor>:$inputs, I64Attr:$axis);
  let results = (outs QNN_Tensor:$output);
  let assemblyFormat = [{
    $inputs attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def QNN_ReshapeOp : QNN_Op<"reshape", [QNN_ConsistentNumerics]> {
  let summary = "Reshape to the static result shape (same element count)";
  let description = [{
    Row-major reinterpretation: the result holds the input's elements in the
    same order. The target shape is the result type; ONNX's shape operand is
    folded at import.
  }];
  let arguments = (ins QNN_Tensor:$input);
  let results = (outs QNN_Tensor:$output);
  let assemblyFormat = [{
    $input attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
}

def QNN_FlattenOp : QNN_Op<"flatten", [QNN_ConsistentNumerics]> {
  let summary = "Flatten to 2-D around `axis` (ONNX Flatten)";
  let description = [{
    ```
    result shape = [prod(dims[0:axis]), prod(dims[axis:])]
    ```
    The elements keep their row-major order.
  }];
  let arguments = (ins QNN_Tensor:$input, I64Attr:$axis);
  let results = (outs QNN_Tensor:$output);
  let assemblyFormat = [{
    $input attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def QNN_TransposeOp : QNN_Op<"transpose", [QNN_ConsistentNumerics]> {
  let summary = "Permute dimensions";
  let description = [{
    ```
    dim(y, k) = dim(x, perm[k])
    y[j_0, ..., j_(r-1)] = x[i]   where i[perm[k]] = j_k
    ```
  }];
  let arguments = (ins QNN_Tensor:$input, DenseI64ArrayAttr:$perm);
  let results = (outs QNN_Tensor:$output);
  let assemblyFormat = [{
    $input attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
}

def QNN_PadOp : QNN_Op<"pad", [QNN_ConsistentNumerics]> {
  let summary = "Pad with a constant, by reflection, or by edge replication";
  let description = [{
    `pads` holds `2 * rank` non-negative counts, all begins then all ends
    (ONNX order). `value` fills the border in `constant` mode; on quantized
    operands it is quantized to the input's parameters.

    ```
    dim(y, i) = dim(x, i) + pads[i] + pads[rank + i]
    ```
  }];
  let arguments = (ins QNN_Tensor:$input, DenseI64ArrayAttr:$pads,
                       QNN_PadModeAttr:$mode, F32Attr:$value);
  let results = (outs QNN_Tensor:$output);
  let assemblyFormat = [{
    $input attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def QNN_SliceOp : QNN_Op<"slice", [QNN_ConsistentNumerics]> {
  let summary = "Strided slice with one start/end/step per dimension";
  let description = [{
    `starts`, `ends`, `steps` have one entry per dimension, already
    normalized: `0 <= start < dim` (or the slice is empty), `end` clamped to
    `[-1, dim]`, `step != 0`.

    ```
    dim(y, i) = max(0, ceil((ends[i] - starts[i]) / steps[i]))
    y[j...] = x[starts + j * steps ...]
    ```
  }];
  let arguments = (ins QNN_Tensor:$input, DenseI64ArrayAttr:$starts,
                       DenseI64ArrayAttr:$ends, DenseI64ArrayAttr:$steps);
  let results = (outs QNN_Tensor:$output);
  let assemblyFormat = [{
    $input attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def QNN_ResizeOp : QNN_Op<"resize", [QNN_ConsistentNumerics]> {
  let summary = "Nearest or (bi)linear resize (ONNX Resize)";
  let description = [{
    The output shape is the result type; `scales` (one per dimension) feed
    the coordinate transform, as in ONNX:

    ```
    half_pixel:          x_in = (x_out + 0.5) / scale - 0.5
    pytorch_half_pixel:  x_in = out_len > 1 ? (x_out + 0.5) / scale - 0.5 : 0
    align_corners:       x_in = x_out * (in_len - 1) / (out_len - 1)
    asymmetric:          x_in = x_out / scale
    ```

    `nearest` rounds `x_in` by `nearest_mode`; `linear` interpolates between
    the two neighbours along each resized axis, clamping at the border.
  }];
  let arguments = (ins QNN_Tensor:$input, QNN_ResizeModeAttr:$mode,
                       QNN_CoordinateTransformAttr:$coordinate_transform,
                       QNN_NearestModeAttr:$nearest_mode,
                       DenseF32ArrayAttr:$scales);
  let results = (outs QNN_Tensor:$output);
  let assemblyFormat = [{
    $input attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Calibration
//===----------------------------------------------------------------------===//

// Not Pure: recording statistics is the point, so an observe whose result is
// unused must not be erased.
def QNN_ObserveOp : Op<QNN_Dialect, "observe",
                       [AllTypesMatch<["input", "output"]>]> {
  let summary = "Identity that records calibration statistics of its input";
  let description = [{
    `y = x`. During calibration the compiled model reports the statistics
    named by `observer` for the tensor flowing through, keyed by `id`
    (unique in the module); the statistics come back as the `stats`
    attribute. Scale assignment replaces it by a `quant.qcast`/`quant.dcast`
    pair.

    ```mlir
    %y = qnn.observe %x {id = 0 : i64, observer = #qnn.observer<histogram>}
         : tensor<1x16x8x8xf32>
    ```
  }];
  let arguments = (ins QNN_FloatTensor:$input, I64Attr:$id,
                       QNN_ObserverKindAttr:$observer,
                       OptionalAttr<QNN_StatsAttr>:$stats);
  let results = (outs QNN_FloatTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let hasVerifier = 1;
}

#endif // QMLIR_DIALECTS_QNN_QNNOPS_TD

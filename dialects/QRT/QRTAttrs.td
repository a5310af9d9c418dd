//===- QRTAttrs.td - qrt attributes and enums --------------*- tablegen -*-===//
//
// The enums and attributes of the qrt dialect. Each mirrors a C type of
// include/quantrt/quantrt.h, so lowering to the runtime's params structs is
// a field-by-field copy.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_DIALECTS_QRT_QRTATTRS_TD
#define QMLIR_DIALECTS_QRT_QRTATTRS_TD

include "dialects/QRT/QRTDialect.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

class QRT_Attr<string name, string attrMnemonic, list<Trait> traits = []>
    : AttrDef<QRT_Dialect, name, traits> {
  let mnemonic = attrMnemonic;
}

class QRT_Enum<string name, string summary, list<I32EnumAttrCase> cases>
    : I32EnumAttr<name, summary, cases> {
  let cppNamespace = "::qmlir::qrt";
  let genSpecializedAttr = 0;
}

/// An op-kind enum, printed bare as the op's first word (`qrt.binary add`),
/// as arith.cmpi prints its predicate.
class QRT_KindEnum<string name, string summary, list<I32EnumAttrCase> cases>
    : I32EnumAttr<name, summary, cases> {
  let cppNamespace = "::qmlir::qrt";
}

//===----------------------------------------------------------------------===//
// Enums (values follow the C enums)
//===----------------------------------------------------------------------===//

def QRT_Backend : QRT_Enum<"Backend", "qrt_backend: the kernel library", [
    I32EnumAttrCase<"Auto", 0, "auto">,
    I32EnumAttrCase<"Ref", 1, "ref">,
    I32EnumAttrCase<"OneDNN", 2, "onednn">,
    I32EnumAttrCase<"XNNPack", 3, "xnnpack">]>;
def QRT_BackendAttr : EnumAttr<QRT_Dialect, QRT_Backend, "backend"> {
  let assemblyFormat = "`<` $value `>`";
}

def QRT_ActivationKind : QRT_Enum<"ActivationKind",
    "qrt_activation_kind: a fused activation", [
    I32EnumAttrCase<"None", 0, "none">,
    I32EnumAttrCase<"Relu", 1, "relu">,
    I32EnumAttrCase<"Relu6", 2, "relu6">,
    I32EnumAttrCase<"Clamp", 3, "clamp">,
    I32EnumAttrCase<"Swish", 4, "swish">]>;

def QRT_BinaryKind : QRT_KindEnum<"BinaryKind", "qrt.binary operation", [
    I32EnumAttrCase<"Add", 2, "add">,
    I32EnumAttrCase<"Mul", 3, "mul">,
    I32EnumAttrCase<"Sub", 17, "sub">,
    I32EnumAttrCase<"Div", 18, "div">]>;

def QRT_PoolKind : QRT_KindEnum<"PoolKind", "qrt.pool2d operation", [
    I32EnumAttrCase<"Max", 4, "max">,
    I32EnumAttrCase<"Avg", 5, "avg">,
    I32EnumAttrCase<"GlobalAvg", 6, "global_avg">]>;

def QRT_UnaryKind : QRT_KindEnum<"UnaryKind", "qrt.unary operation", [
    I32EnumAttrCase<"Sigmoid", 9, "sigmoid">,
    I32EnumAttrCase<"HardSwish", 10, "hard_swish">,
    I32EnumAttrCase<"Softmax", 11, "softmax">,
    I32EnumAttrCase<"Tanh", 19, "tanh">,
    I32EnumAttrCase<"LeakyRelu", 20, "leaky_relu">,
    I32EnumAttrCase<"HardSigmoid", 21, "hard_sigmoid">,
    I32EnumAttrCase<"Relu", 22, "relu">,
    I32EnumAttrCase<"Clamp", 23, "clamp">,
    I32EnumAttrCase<"Swish", 27, "swish">]>;

def QRT_ConvertKind : QRT_KindEnum<"ConvertKind", "qrt.convert operation", [
    I32EnumAttrCase<"Quantize", 12, "quantize">,
    I32EnumAttrCase<"Dequantize", 13, "dequantize">,
    I32EnumAttrCase<"Requantize", 14, "requantize">]>;

def QRT_LayoutKind : QRT_KindEnum<"LayoutKind", "qrt.layout operation", [
    I32EnumAttrCase<"Reshape", 15, "reshape">,
    I32EnumAttrCase<"Transpose", 16, "transpose">]>;

def QRT_PadMode : QRT_KindEnum<"PadMode", "qrt_pad_mode: how qrt.pad fills the border", [
    I32EnumAttrCase<"Constant", 0, "constant">,
    I32EnumAttrCase<"Reflect", 1, "reflect">,
    I32EnumAttrCase<"Edge", 2, "edge">]>;

def QRT_ReduceKind : QRT_KindEnum<"ReduceKind", "qrt.reduce operation", [
    I32EnumAttrCase<"Mean", 26, "mean">]>;

def QRT_ObserverKind : QRT_Enum<"ObserverKind",
    "qrt_observer_kind: the statistics a calibration observer collects", [
    I32EnumAttrCase<"MinMax", 0, "minmax">,
    I32EnumAttrCase<"Histogram", 1, "histogram">,
    I32EnumAttrCase<"PerChannelMinMax", 2, "per_channel_minmax">]>;
def QRT_ObserverKindAttr : EnumAttr<QRT_Dialect, QRT_ObserverKind, "observer"> {
  let assemblyFormat = "`<` $value `>`";
}

def QRT_ResizeMode : QRT_KindEnum<"ResizeMode", "qrt_resize_mode", [
    I32EnumAttrCase<"Nearest", 0, "nearest">,
    I32EnumAttrCase<"Bilinear", 1, "bilinear">]>;

def QRT_ResizeCoord : QRT_KindEnum<"ResizeCoord", "qrt_resize_coord", [
    I32EnumAttrCase<"HalfPixel", 0, "half_pixel">,
    I32EnumAttrCase<"AlignCorners", 1, "align_corners">,
    I32EnumAttrCase<"Asymmetric", 2, "asymmetric">]>;

//===----------------------------------------------------------------------===//
// Quantization descriptor
//===----------------------------------------------------------------------===//

def QRT_QuantAttr : QRT_Attr<"Quant", "quant"> {
  let summary = "Affine quantization of one operand (the C qrt_quant)";
  let description = [{
    `real = (q - zero_point) * scale`. Per-tensor:

    ```mlir
    #qrt.quant<scale = 0.0186, zero_point = 114>
    ```

    Per-channel along dimension `axis` of the operand (in the runtime's
    layout), one scale per index, one zero point for every channel (printed
    only when it is not 0):

    ```mlir
    #qrt.quant<scales = [0.01, 0.02], axis = 0>
    ```
  }];
  let parameters = (ins
    APFloatParameter<"per-tensor scale (0 when per-channel)">:$scale,
    "int32_t":$zeroPoint,
    "int32_t":$axis,
    OptionalParameter<"::mlir::DenseF64ArrayAttr", "per-channel scales">:$scales);
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
  let builders = [
    AttrBuilder<(ins "double":$scale, "int32_t":$zeroPoint), [{
      return $_get($_ctxt, ::llvm::APFloat(scale), zeroPoint, -1,
                   ::mlir::DenseF64ArrayAttr());
    }]>,
    AttrBuilder<(ins "::llvm::ArrayRef<double>":$scales, "int32_t":$axis,
                     CArg<"int32_t", "0">:$zeroPoint), [{
      return $_get($_ctxt, ::llvm::APFloat(0.0), zeroPoint, axis,
                   ::mlir::DenseF64ArrayAttr::get($_ctxt, scales));
    }]>];
  let extraClassDeclaration = [{
    bool isPerChannel() const { return getAxis() >= 0; }
    double getScaleValue() const { return getScale().convertToDouble(); }
    /// The per-channel scales (empty when per-tensor).
    ::llvm::ArrayRef<double> getScaleValues() const {
      return getScales() ? getScales().asArrayRef() : ::llvm::ArrayRef<double>();
    }
  }];
}

//===----------------------------------------------------------------------===//
// Fused activation
//===----------------------------------------------------------------------===//

def QRT_ActivationAttr : QRT_Attr<"Activation", "activation"> {
  let summary = "A fused activation (the C qrt_activation)";
  let description = [{
    Applied to the op's result after bias and residual; on quantized outputs
    a clamp in the output's quantized domain (see quantrt.h). `swish`
    (`x * sigmoid(x)`) exists only on conv2d / fully_connected; on int8 ones
    it applies to the real (dequantized) accumulator before the output is
    quantized, and takes no residual:

    ```mlir
    #qrt.activation<relu>                      // [0, +inf)
    #qrt.activation<relu6>                     // [0, 6]
    #qrt.activation<clamp, min = -1.0, max = 1.0>
    #qrt.activation<swish>                     // x * sigmoid(x)
    ```

    `none` is spelled by leaving the attribute out.
  }];
  let parameters = (ins EnumParameter<QRT_ActivationKind>:$kind,
                        APFloatParameter<"lower bound (clamp)">:$min,
                        APFloatParameter<"upper bound (clamp)">:$max);
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
  let builders = [
    AttrBuilder<(ins "ActivationKind":$kind, CArg<"double", "0.0">:$min,
                     CArg<"double", "0.0">:$max), [{
      return $_get($_ctxt, kind, ::llvm::APFloat(min), ::llvm::APFloat(max));
    }]>];
}

#endif // QMLIR_DIALECTS_QRT_QRTATTRS_TD

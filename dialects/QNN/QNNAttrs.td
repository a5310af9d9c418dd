//===- QNNAttrs.td - qnn attributes and enums --------------*- tablegen -*-===//
//
// Enums and attributes of the qnn dialect: fused activations, padding and
// resize modes, observer kinds.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_DIALECTS_QNN_QNNATTRS_TD
#define QMLIR_DIALECTS_QNN_QNNATTRS_TD

include "dialects/QNN/QNNDialect.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

class QNN_Attr<string name, string attrMnemonic, list<Trait> traits = []>
    : AttrDef<QNN_Dialect, name, traits> {
  let mnemonic = attrMnemonic;
}

//===----------------------------------------------------------------------===//
// Enums
//===----------------------------------------------------------------------===//

def QNN_ActivationKind : I32EnumAttr<"ActivationKind",
    "activation fused into a producing op", [
      I32EnumAttrCase<"Relu", 0, "relu">,
      I32EnumAttrCase<"Clamp", 1, "clamp">,
      I32EnumAttrCase<"LeakyRelu", 2, "leaky_relu">,
      I32EnumAttrCase<"Swish", 3, "swish">]> {
  let cppNamespace = "::qmlir::qnn";
  let genSpecializedAttr = 0;
}

def QNN_PadMode : I32EnumAttr<"PadMode", "how qnn.pad fills the border", [
      I32EnumAttrCase<"Constant", 0, "constant">,
      I32EnumAttrCase<"Reflect", 1, "reflect">,
      I32EnumAttrCase<"Edge", 2, "edge">]> {
  let cppNamespace = "::qmlir::qnn";
  let genSpecializedAttr = 0;
}
def QNN_PadModeAttr : EnumAttr<QNN_Dialect, QNN_PadMode, "pad_mode"> {
  let assemblyFormat = "`<` $value `>`";
}

def QNN_ResizeMode : I32EnumAttr<"ResizeMode", "qnn.resize interpolation", [
      I32EnumAttrCase<"Nearest", 0, "nearest">,
      I32EnumAttrCase<"Linear", 1, "linear">]> {
  let cppNamespace = "::qmlir::qnn";
  let genSpecializedAttr = 0;
}
def QNN_ResizeModeAttr : EnumAttr<QNN_Dialect, QNN_ResizeMode, "resize_mode"> {
  let assemblyFormat = "`<` $value `>`";
}

def QNN_CoordinateTransform : I32EnumAttr<"CoordinateTransform",
    "how qnn.resize maps an output coordinate to an input coordinate", [
      I32EnumAttrCase<"HalfPixel", 0, "half_pixel">,
      I32EnumAttrCase<"PytorchHalfPixel", 1, "pytorch_half_pixel">,
      I32EnumAttrCase<"AlignCorners", 2, "align_corners">,
      I32EnumAttrCase<"Asymmetric", 3, "asymmetric">]> {
  let cppNamespace = "::qmlir::qnn";
  let genSpecializedAttr = 0;
}
def QNN_CoordinateTransformAttr
    : EnumAttr<QNN_Dialect, QNN_CoordinateTransform, "coordinate_transform"> {
  let assemblyFormat = "`<` $value `>`";
}

def QNN_NearestMode : I32EnumAttr<"NearestMode",
    "how qnn.resize rounds a coordinate in nearest mode", [
      I32EnumAttrCase<"RoundPreferFloor", 0, "round_prefer_floor">,
      I32EnumAttrCase<"RoundPreferCeil", 1, "round_prefer_ceil">,
      I32EnumAttrCase<"Floor", 2, "floor">,
      I32EnumAttrCase<"Ceil", 3, "ceil">]> {
  let cppNamespace = "::qmlir::qnn";
  let genSpecializedAttr = 0;
}
def QNN_NearestModeAttr : EnumAttr<QNN_Dialect, QNN_NearestMode, "nearest_mode"> {
  let assemblyFormat = "`<` $value `>`";
}

def QNN_ObserverKind : I32EnumAttr<"ObserverKind",
    "statistics a qnn.observe collects during calibration", [
      I32EnumAttrCase<"MinMax", 0, "minmax">,
      I32EnumAttrCase<"Histogram", 1, "histogram">,
      I32EnumAttrCase<"PerChannelMinMax", 2, "per_channel_minmax">]> {
  let cppNamespace = "::qmlir::qnn";
  let genSpecializedAttr = 0;
}
def QNN_ObserverKindAttr : EnumAttr<QNN_Dialect, QNN_ObserverKind, "observer"> {
  let assemblyFormat = "`<` $value `>`";
}

//===----------------------------------------------------------------------===//
// Fused activation
//===----------------------------------------------------------------------===//

def QNN_ActivationAttr : QNN_Attr<"Activation", "activation"> {
  let summary = "An activation fused into the op that produces its input";
  let description = [{
    Applied to the op's result after bias and residual:

    ```
    relu:        y = max(x, 0)
    clamp:       y = min(max(x, min), max)      // relu6 is clamp 0..6
    leaky_relu:  y = x >= 0 ? x : alpha * x
    swish:       y = x * sigmoid(x)
    ```

    On quantized ops `relu` and `clamp` become a clamp in the quantized domain
    of the result type; `swish` applies to the real conv / fully_connected
    output before it is quantized (one rounding, docs/runtime.md). Syntax:

    ```mlir
    #qnn.activation<relu>
    #qnn.activation<clamp, min = 0.0, max = 6.0>
    #qnn.activation<leaky_relu, alpha = 0.1>
    #qnn.activation<swish>
    ```
  }];
  let parameters = (ins
    EnumParameter<QNN_ActivationKind>:$kind,
    APFloatParameter<"lower bound (clamp)">:$min,
    APFloatParameter<"upper bound (clamp)">:$max,
    APFloatParameter<"negative slope (leaky_relu)">:$alpha);
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
  let builders = [
    AttrBuilder<(ins "ActivationKind":$kind, CArg<"double", "0.0">:$min,
                     CArg<"double", "0.0">:$max, CArg<"double", "0.0">:$alpha), [{
      return $_get($_ctxt, kind, ::llvm::APFloat(min), ::llvm::APFloat(max),
                   ::llvm::APFloat(alpha));
    }]>];
  let extraClassDeclaration = [{
    static ActivationAttr getRelu(::mlir::MLIRContext *ctx) {
      return get(ctx, ActivationKind::Relu);
    }
    static ActivationAttr getClamp(::mlir::MLIRContext *ctx, double lo, double hi) {
      return get(ctx, ActivationKind::Clamp, lo, hi);
    }
    static ActivationAttr getLeakyRelu(::mlir::MLIRContext *ctx, double alpha) {
      return get(ctx, ActivationKind::LeakyRelu, 0.0, 0.0, alpha);
    }
    static ActivationAttr getSwish(::mlir::MLIRContext *ctx) {
      return get(ctx, ActivationKind::Swish);
    }
    /// Applies the activation to a float value.
    double apply(double x) const;
  }];
}

//===----------------------------------------------------------------------===//
// Calibration statistics
//===----------------------------------------------------------------------===//

def QNN_StatsAttr : QNN_Attr<"Stats", "stats"> {
  let summary = "Calibration statistics of one observed tensor";
  let description = [{
    What a `qnn.observe` saw during calibration: the extremes, the number of
    values observed, and optionally a histogram of 2048 equal bins over
    `[-range, range]` (`range` a power of two, see docs/calibration.md) and
    per-channel extremes. Statistics are plain IR so that calibration can run
    in shards and be merged (`qnn-merge-stats`); merging is associative and
    exact.

    ```mlir
    #qnn.stats<min = -2.5, max = 3.0, count = 32>
    #qnn.stats<min = 0.0, max = 3.0, count = 32, range = 4.0,
               histogram = dense<...> : tensor<2048xi64>>
    #qnn.stats<min = -1.0, max = 1.0, count = 8,
               channel_min = dense<[...]> : tensor<16xf32>,
               channel_max = dense<[...]> : tensor<16xf32>>
    ```
  }];
  let parameters = (ins
    APFloatParameter<"smallest value seen">:$min,
    APFloatParameter<"largest value seen">:$max,
    "int64_t":$count,
    APFloatParameter<"histogram half-range (0 without histogram)">:$range,
    OptionalParameter<"::mlir::DenseIntElementsAttr">:$histogram,
    OptionalParameter<"::mlir::DenseFPElementsAttr">:$channel_min,
    OptionalParameter<"::mlir::DenseFPElementsAttr">:$channel_max);
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
}

#endif // QMLIR_DIALECTS_QNN_QNNATTRS_TD

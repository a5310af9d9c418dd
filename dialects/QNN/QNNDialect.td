//===- QNNDialect.td - The qnn dialect declaration ---------*- tablegen -*-===//
//
// The dialect of graph-level neural-network ops whose meaning follows their
// operand types: f32 tensors compute in float, !quant.uniform tensors compute
// with integer semantics and requantize to their result type.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_DIALECTS_QNN_QNNDIALECT_TD
#define QMLIR_DIALECTS_QNN_QNNDIALECT_TD

include "mlir/IR/OpBase.td"

def QNN_Dialect : Dialect {
  let name = "qnn";
  let cppNamespace = "::qmlir::qnn";
  let summary = "Graph-level neural-network ops for post-training quantization";
  let description = [{
    `qnn` holds the ops of a neural-network graph between import and kernel
    selection. Every op works on ranked tensors whose element type is either
    `f32` or an upstream `!quant.uniform` type (per-tensor or per-axis). The
    op's meaning follows its operand types, as in TFLite: `qnn.conv2d` on
    `f32` is a float convolution; on quantized types it is an integer
    convolution whose accumulator is requantized to the result type. Bias
    operands are `f32` in float ops and `i32` (scale `sx * sw[c]`, zero point
    0) in quantized ops.

    Layouts follow ONNX: activations NCHW, convolution weights OIHW. The
    kernel layout (NHWC) is chosen later, by the conversion to `qrt`.
  }];
  let dependentDialects = ["::mlir::quant::QuantDialect"];
  let useDefaultAttributePrinterParser = 1;
}

#endif // QMLIR_DIALECTS_QNN_QNNDIALECT_TD

//===- QRTDialect.td - The qrt dialect declaration ---------*- tablegen -*-===//
//
// The dialect of libquantrt kernel calls: one op per runtime create entry,
// on memrefs in the runtime's layouts (NHWC activations, OHWI filters).
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_DIALECTS_QRT_QRTDIALECT_TD
#define QMLIR_DIALECTS_QRT_QRTDIALECT_TD

include "mlir/IR/OpBase.td"

def QRT_Dialect : Dialect {
  let name = "qrt";
  let cppNamespace = "::qmlir::qrt";
  let summary = "Calls of libquantrt kernels on buffers";
  let description = [{
    `qrt` is the contract between code generation and the runtime
    (include/quantrt/quantrt.h). Each op names one runtime kernel family (one
    `qrt_<family>_create` entry) and fixes its argument ABI, as IREE's
    `iree_codegen.ukernel.*` ops do for microkernels: operands are memrefs in
    the runtime's layouts (activations NHWC, conv filters OHWI,
    fully-connected weights `[N, K]`), in destination-passing style (the
    output buffers are operands, the ops have no results). Element types
    carry signedness as the runtime's dtypes do: `f32`, `ui8`, `si8`, and
    `si32` for biases.

    Attributes mirror the create params: the backend (`#qrt.backend`), one
    quantization descriptor (`#qrt.quant`, the C `qrt_quant`) per quantized
    operand, a fused activation (`#qrt.activation`, the C `qrt_activation`),
    and the op's parameters. The math of every op is the one of the `qnn` op
    it comes from, in the runtime's layout.
  }];
  let dependentDialects = ["::mlir::memref::MemRefDialect"];
  let useDefaultAttributePrinterParser = 1;
}

#endif // QMLIR_DIALECTS_QRT_QRTDIALECT_TD

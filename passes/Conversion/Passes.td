//===- Passes.td - Conversions between dialects ------------*- tablegen -*-===//
//
// Each conversion lives in its own folder (QNNToQRT/, later QRTToLLVM/).
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_PASSES_CONVERSION_PASSES_TD
#define QMLIR_PASSES_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertQNNToQRTPass : Pass<"convert-qnn-to-qrt", "::mlir::ModuleOp"> {
  let summary = "Lower qnn graphs on tensors to qrt kernel calls on memrefs";
  let description = [{
    Turns every function of a qnn graph into a sequence of libquantrt kernel
    calls (`qrt` ops) on buffers, choosing the backend of each call.

    Input invariant: functions of one block holding qnn ops after
    `qnn-lower-qdq` (quantized qnn ops on `!quant.uniform` tensors, i32
    biases, constant weights as `arith.constant` behind `quant.scast`),
    `quant.qcast` / `quant.dcast` at the quantization boundaries, and float
    qnn ops where nodes stayed float. All shapes are static.

    Output IR:
    - Each function takes and returns memrefs in the graph's own (NCHW)
      layout: `tensor<...xf32>` becomes `memref<...xf32>`, a
      `!quant.uniform<u8/i8>` tensor becomes `memref<...xui8/si8>`.
    - Inside, every 4-D value lives in NHWC, the runtime's layout: one
      `qrt.layout transpose` after each 4-D argument and one back before
      each 4-D result, nowhere else. Reshapes/flattens and float-layout
      ops that need NCHW order get transposes around them only where the
      permutation actually moves data.
    - Constant operands become `memref.global` constants read with
      `memref.get_global`; 4-D constants are transposed at compile time
      (conv weights OIHW -> OHWI, which is the same permutation as
      NCHW -> NHWC). `dense_resource` data stays `dense_resource` (a new
      blob when transposed), inline data stays inline. Weights and biases
      take the runtime's dtypes (`si8`, `si32`).
    - qnn ops become the matching qrt op with `#qrt.quant` descriptors built
      from the `!quant.uniform` types (per-axis axes moved to NHWC);
      `quant.qcast` becomes `qrt.convert quantize`, `quant.dcast` becomes
      `qrt.convert dequantize`, and a dcast whose result feeds a qcast
      becomes one `qrt.convert requantize`.
    - Every intermediate buffer is a `memref.alloc` for now; the arena
      planner (a later pass) replaces them with views of one arena.

    The backend of each call is the `backend` option where libquantrt's
    `qrt_backend_supports` says the backend runs that combination natively,
    else `ref`, with a remark naming the node and the backend's reason. A
    node the runtime has no kernel for (e.g. `qnn.sub`, a `leaky_relu`
    activation, `ceil_mode` pooling that changes the shape, u8 weights) is an
    error naming the node.

    Implementation choice: a direct walk over the single block with a
    tensor-to-buffer map, not the dialect-conversion framework. Which buffer
    stands for a value depends on state a local pattern cannot see (whether
    a dcast's only users are qcasts, a weight behind its scast, the NHWC
    placement of 4-D values), and a single-block graph needs no
    materializations. A `TypeConverter` still defines the boundary types
    (function signature), as StripFuncQuantTypes does.

    Example (the conv of examples/digits_cnn.onnx):
    ```mlir
    %2 = qnn.conv2d %0, %1, %cst_0 {activation = #qnn.activation<relu>, ...}
         : (tensor<1x1x8x8x!quant.uniform<u8:f32, 0.0143:117>>, ...)
         -> tensor<1x16x8x8x!quant.uniform<u8:f32, 0.0154>>
    ```
    becomes
    ```mlir
    %w = memref.get_global @_conv1_Conv.weight_q_ohwi : memref<16x3x3x1xsi8>
    %b = memref.get_global @_conv1_Conv.bias_q : memref<16xsi32>
    %y = memref.alloc() : memref<1x8x8x16xui8>
    qrt.conv2d ins(%x, %w, %b : ...) outs(%y : memref<1x8x8x16xui8>)
        {activation = #qrt.activation<relu>, backend = #qrt.backend<onednn>, ...}
    ```
  }];
  let options = [
    Option<"backend", "backend", "std::string", /*default=*/"\"onednn\"",
           "Preferred backend of every kernel (onednn, xnnpack, ref)">
  ];
  let dependentDialects = ["::qmlir::qrt::QRTDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::func::FuncDialect"];
}

#endif // QMLIR_PASSES_CONVERSION_PASSES_TD

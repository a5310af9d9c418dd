//===- Passes.td - Conversions between dialects ------------*- tablegen -*-===//
//
// Each conversion lives in its own folder (QNNToQRT/, QRTToLLVM/).
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
    - Integer boundaries (an already-quantized model's u8/s8 graph inputs
      and outputs, imported as `tensor<...xi8>` with a `qnn.onnx_type`
      attribute behind `quant.scast`) become `memref<...xui8>` /
      `memref<...xsi8>` (signedness from `qnn.onnx_type`, else from the
      scast's storage type); the scast is no kernel. The argument or result
      gets a `qrt.quant = #qrt.quant<scale = S, zero_point = Z>` attribute
      (what convert-qrt-to-llvm reports in the model's tensor info): the
      scast's per-tensor type, or scale 1 / zero point 0 when the data is
      not one per-tensor quantity (per-axis, or scasts of several types).
      int32 inputs and outputs (ConvInteger, MatMulInteger) are an error:
      the model API has f32, u8 and s8 tensors only.
    - With `io=int8`, float boundaries become int8 too where that removes a
      kernel: an f32 argument whose only users are `quant.qcast`s to one
      per-tensor 8-bit type becomes a buffer of that type (no quantize
      kernel), and an f32 result produced by a `quant.dcast` of such a type
      returns the dcast's int8 input (no dequantize kernel, unless the
      dcast has other float users). Both get `qrt.quant`. Other float
      boundaries stay f32.
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
    `qrt_backend_supports` says the backend runs that combination natively;
    for `onednn` else `xnnpack` where that runs it natively (int8 add/mul,
    sigmoid, ...); else `ref`; each fallback with a remark naming the node
    and the backend's reason. A node the runtime has no kernel for (e.g. a
    `leaky_relu` activation, `ceil_mode` pooling that changes the shape, u8
    weights) is an error naming the node.

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
           "Preferred backend of every kernel (onednn, xnnpack, ref)">,
    Option<"io", "io", "std::string", /*default=*/"\"float\"",
           "Boundary of float models quantized by quant-mlir: float (f32 "
           "inputs and outputs, quantize/dequantize inside) or int8 (raw "
           "u8/s8 where a qcast/dcast sits at the boundary)">
  ];
  let dependentDialects = ["::qmlir::qrt::QRTDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::func::FuncDialect"];
}

def ConvertQRTToLLVMPass : Pass<"convert-qrt-to-llvm", "::mlir::ModuleOp"> {
  let summary = "Lower a planned qrt model to the LLVM dialect module of a "
                "model .so (the qmodel.h API)";
  let description = [{
    Turns the module's one function of qrt kernel calls into the functions
    every compiled model exports (include/quantrt/qmodel.h): `qmodel_info`,
    `qmodel_create`, `qmodel_run`, `qmodel_destroy`, `qmodel_last_error`,
    `qmodel_observer` and `qmodel_profile`. Everything else it emits has
    internal linkage, so the linked `.so` exports exactly these seven
    symbols.

    Input invariant: the output of `convert-qnn-to-qrt` (optionally after
    `qrt-plan-arena`): one `func.func` with a single block holding qrt ops
    (including `qrt.observe`), `memref.alloc`/`view`/`get_global`/`dealloc`
    and index `arith.constant`s; memref arguments and results with static
    shapes and identity layouts; constant `memref.global`s (dense or
    dense_resource) for weights. Anything else is an error on the
    offending op.

    Output IR (LLVM dialect only):
    - Each weight global becomes an internal `llvm.mlir.global` byte array
      of the same name, 64-byte aligned and padded with
      `QRT_INPUT_PADDING_BYTES` zero bytes (XNNPACK over-reads inputs).
    - Each kernel's params struct (`qrt_conv2d_params`, ...) is the host C
      struct, filled from the op's attributes and buffer types, emitted as
      an internal global of a packed struct of byte chunks and `ptr`
      fields; the pointer fields (filter/bias data, per-channel scales,
      concat's descriptor array) hold `llvm.mlir.addressof` other globals.
      `qmodel_info_t` and its tensor-info arrays are built the same way.
    - `qmodel_create` calls `qrt_model_alloc` (libquantrt: context,
      workspace, slots), then one `qrt_<family>_create` per kernel and one
      `qrt_observer_create` per `qrt.observe`, in program order, each
      followed by a branch to `qrt_model_create_failed(out, status, what)`
      where `what` names the kernel, its node (the op's `NameLoc`s) and
      backend.
    - `qmodel_run` calls `qrt_model_run_begin` (which times the run when
      the model was created with `QMODEL_OPTION_PROFILE`) and
      `qrt_model_check_io`, then one `qrt_kernel_run` (and
      `qrt_observer_update`) per op in program order, and
      `qrt_model_run_end` before it returns 0. Buffers become
      pointers: a function argument is the caller's `inputs[i].data`, a
      returned `memref.alloc` the caller's `outputs[i].data`, any other
      allocation (the arena) and its `memref.view`s the model's workspace
      plus a constant offset, `memref.get_global` the global's address.
      Run inputs are the activation operands only (conv2d/fully_connected:
      input and residual; binary: both; concat: all).
    - A function argument (or returned buffer) read by an `xnnpack`/`auto`
      kernel is copied into padded workspace first (or written there and
      copied out at the end): the caller's buffers have no readable slack.
    - `qmodel_profile` forwards to `qrt_model_profile` with a constant
      array of the kernels' node names (their `NameLoc`s joined by `+`,
      "" without one).

    ```mlir
    qrt.conv2d ins(%x, %w, %b : ...) outs(%y : ...) {backend = #qrt.backend<onednn>, ...}
    ```
    becomes, in `qmodel_create`,
    ```mlir
    %st = llvm.call @qrt_conv2d_create(%ctx, %c2, %params, %slot)
    llvm.cond_br %failed, ^fail(%st, %what : i32, !llvm.ptr), ^next
    ```
    and, in `qmodel_run`, stores of the input/output pointers and
    `llvm.call @qrt_kernel_run(%kernel, %ins, %c1, %outs, %c1)`.

    Module attributes `qmodel.name`, `qmodel.backend`, `qmodel.precision`
    (strings) set the info's labels (defaults: "model"; the most common
    non-ref backend of the kernels, else "ref"; "observed" with observers,
    else "int8" with any int8 buffer, else "float"); `qrt.arena_bytes` on
    the function is the info's `arena_bytes`. Argument/result attributes
    `qnn.name` name the tensors, `qrt.quant` gives int8 I/O its scale and
    zero point (an int8 argument or result without it reports scale 1,
    zero point 0).
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

#endif // QMLIR_PASSES_CONVERSION_PASSES_TD

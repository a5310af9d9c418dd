//===- Passes.td - Passes on qrt kernel calls --------------*- tablegen -*-===//
//
// Passes that transform functions of qrt kernel calls on buffers, between
// convert-qnn-to-qrt and the lowering to LLVM.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_PASSES_QRT_PASSES_TD
#define QMLIR_PASSES_QRT_PASSES_TD

include "mlir/Pass/PassBase.td"

def QRTPlanArenaPass : Pass<"qrt-plan-arena", "::mlir::func::FuncOp"> {
  let summary = "Place every intermediate buffer in one arena planned from liveness";
  let description = [{
    Replaces the `memref.alloc`s of a function of qrt kernel calls with views
    of one arena, so a compiled model allocates its activations once, with
    the smallest footprint the greedy plan finds.

    Input invariant: a function of one block, straight-line, as
    `convert-qnn-to-qrt` produces it: static-shape `memref.alloc`s, qrt ops
    reading and writing them (destination-passing style), maybe
    `memref.dealloc`s. A function of several blocks is left alone (remark).

    Liveness: a buffer is live from its first use (normally the qrt op that
    writes it as `outs`) to its last use (the last op that reads it), both
    inclusive, counted in op positions of the block. So the input and the
    output of one kernel never share bytes.

    Planned: a `memref.alloc` in the function's block with a static shape,
    identity layout, default memory space and int/float elements whose
    every user is a qrt op in the same block (or a `memref.dealloc`). Not
    planned, with a remark naming the reason: a buffer returned from the
    function (the model's output: it stays its own `memref.alloc`, the
    caller's output buffer at the ABI boundary), one passed to a call or used
    by any other op (views, copies, loads, ops in nested regions), dynamic
    shapes or other layouts. Function arguments are never in the arena.

    Sizes and offsets: each buffer reserves
    `alignTo(bytes + QRT_INPUT_PADDING_BYTES, alignment)` bytes, so an
    XNNPACK kernel may read 16 bytes past any input without touching memory
    outside the buffer's reservation (or past the arena). Buffers are
    placed largest first (ties: earlier first use, then program order); each
    takes the smallest gap, among the buffers already placed whose live
    ranges overlap its own, that fits it (best fit, lowest offset on ties),
    else the end of the highest of them. Every offset is a multiple of
    `alignment`.

    Residual aliasing (`alias-residual`, on by default): the runtime lets the
    residual buffer of `qrt.conv2d` / `qrt.fully_connected` be the output
    buffer. When a residual's last use is that op, the output's first use is
    that op, and the residual is not also the op's input, filter or bias, the
    two are planned as one buffer (same offset, element for element).

    Output IR: one `memref.alloc() {alignment = A} : memref<Nxi8>` at the top
    of the function, each planned buffer a `memref.view` of it at a constant
    byte offset, the deallocs of planned buffers removed (if there were any,
    the arena is deallocated before the return instead). The function gets
    `qrt.arena_bytes = N : i64` (0 when nothing is planned), and a remark
    `arena: N bytes for K buffers (naive M)` where M is the sum of the
    reservations, i.e. the bytes without any reuse. A function that already
    carries `qrt.arena_bytes` is not planned again.

    `verify=true` re-checks the arena of every function from the rewritten IR
    alone (views, their constant offsets and users), independently of the
    planner's data: every offset aligned, every buffer plus its padding inside
    the arena, and no two buffers whose live ranges overlap sharing a byte,
    except a residual and its output at the same offset as allowed above.
    A violation is an error and fails the pass. It also checks functions
    that were planned before (hand-written plans included).

    Example:
    ```mlir
    %y = memref.alloc() : memref<1x8x8x16xui8>
    qrt.conv2d ins(%x, %w, %bias : ...) outs(%y : memref<1x8x8x16xui8>) {...}
    %p = memref.alloc() : memref<1x4x4x16xui8>
    qrt.pool2d max ins(%y : memref<1x8x8x16xui8>) outs(%p : memref<1x4x4x16xui8>) {...}
    ```
    becomes (1024 + 16 bytes reserve 1088, 256 + 16 reserve 320)
    ```mlir
    func.func @f(...) attributes {qrt.arena_bytes = 1408 : i64} {
      %arena = memref.alloc() {alignment = 64 : i64} : memref<1408xi8>
      %c0 = arith.constant 0 : index
      %c1088 = arith.constant 1088 : index
      %y = memref.view %arena[%c0][] : memref<1408xi8> to memref<1x8x8x16xui8>
      qrt.conv2d ins(%x, %w, %bias : ...) outs(%y : memref<1x8x8x16xui8>) {...}
      %p = memref.view %arena[%c1088][] : memref<1408xi8> to memref<1x4x4x16xui8>
      qrt.pool2d max ins(%y : ...) outs(%p : ...) {...}
    ```
  }];
  let options = [
    Option<"alignment", "alignment", "int64_t", /*default=*/"64",
           "Alignment of the arena and of every buffer in it, in bytes "
           "(a power of two, at least 8)">,
    Option<"aliasResidual", "alias-residual", "bool", /*default=*/"true",
           "Let a conv2d/fully_connected residual that dies at the op share "
           "the output's bytes">,
    Option<"verify", "verify", "bool", /*default=*/"false",
           "Re-check the plan from the rewritten IR and fail on any overlap">
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::memref::MemRefDialect"];
}

#endif // QMLIR_PASSES_QRT_PASSES_TD

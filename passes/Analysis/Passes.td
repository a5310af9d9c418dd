//===- Passes.td - Analysis passes over qnn ----------------*- tablegen -*-===//
//
// Passes that inspect a qnn module and report on it without changing it.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_PASSES_ANALYSIS_PASSES_TD
#define QMLIR_PASSES_ANALYSIS_PASSES_TD

include "mlir/Pass/PassBase.td"

def QNNPrintSummaryPass : Pass<"qnn-print-summary", "::mlir::ModuleOp"> {
  let summary = "Print the model's ops, parameters and multiply-accumulates";
  let description = [{
    Prints, for every function, the graph inputs and outputs, a count of each
    op kind, the number of parameters (elements of the constants feeding
    qnn ops, split into float and quantized), and the multiply-accumulates of
    one inference (conv2d and fully_connected), with the share that runs on
    quantized operands. The IR is left unchanged.

    ```
    $ quant-translate --import-onnx examples/digits_cnn.onnx | quant-opt --qnn-print-summary -o /dev/null
    model summary: @main
      inputs:  input tensor<1x1x8x8xf32>
      outputs: logits tensor<1x10xf32>
      ops:     qnn.conv2d 3, qnn.batch_norm 3, qnn.relu 3, ...
      params:  15178 (15178 float, 0 quantized)
      MACs:    254464 (0.0% int8)
    ```
  }];
  let options = [
    Option<"outputFile", "output", "std::string", /*default=*/"\"-\"",
           "Where to print the summary ('-' for stdout)">
  ];
}

#endif // QMLIR_PASSES_ANALYSIS_PASSES_TD

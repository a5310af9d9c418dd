// A min/max-only observer (shard a, id 0) and a histogram observer of the
// same tensor do not merge: the merged histogram would miss values.
// RUN: not quant-opt %s -qnn-merge-stats=stats=%S/Inputs/qnn-merge-stats-shard-a.mlir \
// RUN:   -o /dev/null 2>&1 | FileCheck %s

// CHECK: error: observer 0: '{{.*}}qnn-merge-stats-shard-a.mlir' and this module disagree on whether it keeps a histogram
func.func @kinds(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %0 = qnn.observe %x {id = 0 : i64, observer = #qnn.observer<histogram>, stats = #qnn.stats<min = -1.0, max = 1.0, count = 4, range = 2.0, histogram = dense<0> : tensor<2048xi64>>} : tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}

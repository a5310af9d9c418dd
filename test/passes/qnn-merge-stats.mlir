// Shards merge in any order with the same result.
// Histograms are printed as lists, not hex, to check their bins.
// RUN: quant-opt %s -split-input-file --mlir-print-elementsattrs-with-hex-if-larger=-1 \
// RUN:   -qnn-merge-stats=stats=%S/Inputs/qnn-merge-stats-shard-a.mlir,%S/Inputs/qnn-merge-stats-shard-b.mlir \
// RUN:   2>/dev/null | FileCheck %s
// RUN: quant-opt %s -split-input-file --mlir-print-elementsattrs-with-hex-if-larger=-1 \
// RUN:   -qnn-merge-stats=stats=%S/Inputs/qnn-merge-stats-shard-b.mlir,%S/Inputs/qnn-merge-stats-shard-a.mlir \
// RUN:   2>/dev/null | FileCheck %s

// Shard B's observer 9 has no counterpart here: a warning in the shard file.
// RUN: quant-opt %s -split-input-file \
// RUN:   -qnn-merge-stats=stats=%S/Inputs/qnn-merge-stats-shard-b.mlir -o /dev/null 2>&1 \
// RUN:   | FileCheck %s --check-prefix=WARN
// WARN: qnn-merge-stats-shard-b.mlir:9:8: warning: observer 9 of '{{.*}}qnn-merge-stats-shard-b.mlir' has no counterpart in this module; ignored

// Into a module without statistics. Observer 0: extremes and per-channel
// extremes combine, counts add (4 + 6). Observer 1: shard A's histogram over
// [-2, 2) is re-binned to B's [-4, 4) -- old bins 2j-1024 and 2j-1023 add
// into new bin j, so A's 2048 ones become twos in the middle half, bins 512
// to 1535 -- and B's ones are added: 512 x 1, 1024 x 3, 512 x 1. Observer 2
// has statistics in B only.
// CHECK-LABEL: func.func @without_stats
// CHECK:       qnn.observe %{{.*}} {id = 0 : i64, observer = #qnn.observer<minmax>, stats = #qnn.stats<min = -3.000000e+00, max = 2.000000e+00, count = 10,
// CHECK-SAME:    channel_min = dense<[-1.000000e+00, -3.000000e+00, 0.000000e+00, 0.000000e+00]> : tensor<4xf32>,
// CHECK-SAME:    channel_max = dense<[1.000000e+00, 2.000000e+00, 0.000000e+00, 1.000000e+00]> : tensor<4xf32>>}
// CHECK:       qnn.observe %{{.*}} {id = 1 : i64, observer = #qnn.observer<histogram>, stats = #qnn.stats<min = -3.000000e+00, max = 3.500000e+00, count = 4096, range = 4.000000e+00,
// CHECK-SAME:    histogram = dense<[{{((1, ){128}){4}((3, ){128}){8}((1, ){73}){7}1}}]> : tensor<2048xi64>>}
// CHECK:       qnn.observe %{{.*}} {id = 2 : i64, observer = #qnn.observer<histogram>, stats = #qnn.stats<min = 0.000000e+00, max = 0.000000e+00, count = 3, range = 5.4210108624275222E-20, histogram = dense<0> : tensor<2048xi64>>}
func.func @without_stats(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %0 = qnn.observe %x {id = 0 : i64, observer = #qnn.observer<minmax>} : tensor<1x4xf32>
  %1 = qnn.observe %0 {id = 1 : i64, observer = #qnn.observer<histogram>} : tensor<1x4xf32>
  %2 = qnn.observe %1 {id = 2 : i64, observer = #qnn.observer<histogram>} : tensor<1x4xf32>
  return %2 : tensor<1x4xf32>
}

// -----

// Into a module with statistics of its own. Observer 1's histogram over
// [-1, 1) grows twice to [-4, 4): its ones become fours in bins 768 to 1279,
// on top of A's twos (512 to 1535) and B's ones.
// CHECK-LABEL: func.func @with_stats
// CHECK:       qnn.observe %{{.*}} {id = 0 : i64, observer = #qnn.observer<minmax>, stats = #qnn.stats<min = -3.000000e+00, max = 5.000000e+00, count = 20,
// CHECK-SAME:    channel_min = dense<[-1.000000e+00, -3.000000e+00, -2.000000e+00, 0.000000e+00]> : tensor<4xf32>,
// CHECK-SAME:    channel_max = dense<[1.000000e+00, 2.000000e+00, 0.000000e+00, 5.000000e+00]> : tensor<4xf32>>}
// CHECK:       qnn.observe %{{.*}} {id = 1 : i64, observer = #qnn.observer<histogram>, stats = #qnn.stats<min = -3.000000e+00, max = 3.500000e+00, count = 6144, range = 4.000000e+00,
// CHECK-SAME:    histogram = dense<[{{((1, ){128}){4}((3, ){128}){2}((7, ){128}){4}((3, ){128}){2}((1, ){73}){7}1}}]> : tensor<2048xi64>>}
func.func @with_stats(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %0 = qnn.observe %x {id = 0 : i64, observer = #qnn.observer<minmax>, stats = #qnn.stats<min = -0.5, max = 5.0, count = 10, channel_min = dense<[0.0, 0.0, -2.0, 0.0]> : tensor<4xf32>, channel_max = dense<[0.0, 0.0, 0.0, 5.0]> : tensor<4xf32>>} : tensor<1x4xf32>
  %1 = qnn.observe %0 {id = 1 : i64, observer = #qnn.observer<histogram>, stats = #qnn.stats<min = -0.75, max = 0.75, count = 2048, range = 1.0, histogram = dense<1> : tensor<2048xi64>>} : tensor<1x4xf32>
  return %1 : tensor<1x4xf32>
}

// RUN: quant-opt %s -split-input-file -verify-diagnostics \
// RUN:   -qnn-merge-stats=stats=%S/Inputs/qnn-merge-stats-shard-other-model.mlir
// RUN: not quant-opt %s \
// RUN:   -qnn-merge-stats=stats=%S/Inputs/does-not-exist.mlir 2>&1 | FileCheck %s --check-prefix=MISSING

// MISSING: error: could not open input file {{.*}}does-not-exist.mlir
// MISSING: error: cannot read statistics from '{{.*}}does-not-exist.mlir'

// The shard's observer 0 watches a tensor<1x8xf32>: another model.
func.func @other_model(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  // expected-error@+1 {{observer 0 watches 'tensor<1x4xf32>' but '}}
  %0 = qnn.observe %x {id = 0 : i64, observer = #qnn.observer<minmax>} : tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}

// -----

// The calibration library's histograms have 2048 bins; others are rejected
// before any arithmetic.
func.func @bad_histogram(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  // expected-error@+1 {{histogram has 16 bins; calibration statistics have 2048}}
  %0 = qnn.observe %x {id = 0 : i64, observer = #qnn.observer<histogram>, stats = #qnn.stats<min = -1.0, max = 1.0, count = 16, range = 2.0, histogram = dense<1> : tensor<16xi64>>} : tensor<1x8xf32>
  return %0 : tensor<1x8xf32>
}


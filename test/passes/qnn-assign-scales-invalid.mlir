// RUN: quant-opt %s -qnn-assign-scales=method=kl -verify-diagnostics
// RUN: not quant-opt %s '-qnn-assign-scales=method=percentile percentile=0' 2>&1 | FileCheck %s --check-prefix=PERCENTILE

// PERCENTILE: error: percentile must be in (0, 100], got 0.000000e+00

// expected-error@+1 {{unknown calibration method 'kl' (expected minmax, percentile, entropy, mse)}}
module {
  func.func @f(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
    %0 = qnn.observe %x {id = 0 : i64, observer = #qnn.observer<minmax>, stats = #qnn.stats<min = -1.0, max = 1.0, count = 4>} : tensor<1x4xf32>
    return %0 : tensor<1x4xf32>
  }
}

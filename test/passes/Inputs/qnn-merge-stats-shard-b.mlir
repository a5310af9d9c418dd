// Calibration shard B for qnn-merge-stats.mlir.
func.func @shard(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %0 = qnn.observe %x {id = 0 : i64, observer = #qnn.observer<minmax>, stats = #qnn.stats<min = -3.0, max = 1.0, count = 6, channel_min = dense<[0.0, -3.0, 0.0, 0.0]> : tensor<4xf32>, channel_max = dense<[1.0, 0.0, 0.0, 0.0]> : tensor<4xf32>>} : tensor<1x4xf32>
  // A histogram over [-4, 4): one count per bin.
  %1 = qnn.observe %0 {id = 1 : i64, observer = #qnn.observer<histogram>, stats = #qnn.stats<min = -3.0, max = 3.5, count = 2048, range = 4.0, histogram = dense<1> : tensor<2048xi64>>} : tensor<1x4xf32>
  // Observer 2 saw only zeros: the smallest range.
  %2 = qnn.observe %1 {id = 2 : i64, observer = #qnn.observer<histogram>, stats = #qnn.stats<min = 0.0, max = 0.0, count = 3, range = 5.421010862427522E-20, histogram = dense<0> : tensor<2048xi64>>} : tensor<1x4xf32>
  // No observer 9 in the module.
  %3 = qnn.observe %2 {id = 9 : i64, observer = #qnn.observer<minmax>, stats = #qnn.stats<min = 0.0, max = 1.0, count = 1>} : tensor<1x4xf32>
  return %3 : tensor<1x4xf32>
}

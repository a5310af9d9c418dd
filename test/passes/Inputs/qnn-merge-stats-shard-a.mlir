// Calibration shard A for qnn-merge-stats.mlir.
func.func @shard(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  // min/max only, with per-channel extremes.
  %0 = qnn.observe %x {id = 0 : i64, observer = #qnn.observer<minmax>, stats = #qnn.stats<min = -1.0, max = 2.0, count = 4, channel_min = dense<[-1.0, 0.0, 0.0, 0.0]> : tensor<4xf32>, channel_max = dense<[0.0, 2.0, 0.0, 1.0]> : tensor<4xf32>>} : tensor<1x4xf32>
  // A histogram over [-2, 2): one count per bin.
  %1 = qnn.observe %0 {id = 1 : i64, observer = #qnn.observer<histogram>, stats = #qnn.stats<min = -1.5, max = 1.5, count = 2048, range = 2.0, histogram = dense<1> : tensor<2048xi64>>} : tensor<1x4xf32>
  // An observer without statistics contributes nothing.
  %2 = qnn.observe %1 {id = 2 : i64, observer = #qnn.observer<histogram>} : tensor<1x4xf32>
  return %2 : tensor<1x4xf32>
}

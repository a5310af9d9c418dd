// A shard of another model: observer 0 watches a tensor of another type.
func.func @shard(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %0 = qnn.observe %x {id = 0 : i64, observer = #qnn.observer<minmax>, stats = #qnn.stats<min = -1.0, max = 1.0, count = 8>} : tensor<1x8xf32>
  return %0 : tensor<1x8xf32>
}

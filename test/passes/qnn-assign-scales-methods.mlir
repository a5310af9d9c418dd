// Range estimators on a realistic histogram: qnn-test-synthesize-stats gives
// observer 4 a 2048-bin histogram of 4096 samples of N(0, 2.5^2) (min -9.03,
// max 8.52 with libstdc++'s std::normal_distribution). Each method clips the
// tails minmax keeps, so its scale is smaller than minmax's 17.55/255:
//   minmax     0.06881  [-9.03, 8.52]
//   percentile 0.06879  (99.99%: within half a sample of the extremes)
//   percentile 0.05894  (99.9%)
//   mse        0.06801
//   entropy    0.06605  (symmetric threshold 8.42, zero point 128)

// RUN: quant-opt %s -qnn-test-synthesize-stats -qnn-assign-scales | FileCheck %s --check-prefix=MINMAX
// RUN: quant-opt %s -qnn-test-synthesize-stats -qnn-assign-scales=method=minmax | FileCheck %s --check-prefix=MINMAX
// RUN: quant-opt %s -qnn-test-synthesize-stats -qnn-assign-scales=method=percentile | FileCheck %s --check-prefix=P9999
// RUN: quant-opt %s -qnn-test-synthesize-stats '-qnn-assign-scales=method=percentile percentile=99.9' | FileCheck %s --check-prefix=P999
// RUN: quant-opt %s -qnn-test-synthesize-stats -qnn-assign-scales=method=mse | FileCheck %s --check-prefix=MSE
// RUN: quant-opt %s -qnn-test-synthesize-stats -qnn-assign-scales=method=entropy | FileCheck %s --check-prefix=ENTROPY

// MINMAX:  quant.qcast %{{.*}} to tensor<1x64x!quant.uniform<u8:f32, 0.068811960518360138:131>>
// P9999:   quant.qcast %{{.*}} to tensor<1x64x!quant.uniform<u8:f32, 0.068788416683673859:131>>
// P999:    quant.qcast %{{.*}} to tensor<1x64x!quant.uniform<u8:f32, 0.058937255293130875:127>>
// MSE:     quant.qcast %{{.*}} to tensor<1x64x!quant.uniform<u8:f32, 0.068014703691005707:131>>
// ENTROPY: quant.qcast %{{.*}} to tensor<1x64x!quant.uniform<u8:f32, 0.066053919494152069:128>>

func.func @gaussian(%x: tensor<1x64xf32>) -> tensor<1x64xf32> {
  %xo = qnn.observe %x {id = 4 : i64, observer = #qnn.observer<histogram>} : tensor<1x64xf32>
  return %xo : tensor<1x64xf32>
}

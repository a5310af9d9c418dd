// RUN: quant-opt %s -qnn-fuse=backend=tpu -verify-diagnostics

// expected-error@+1 {{qnn-fuse: unknown backend 'tpu'; expected one of: onednn, xnnpack, ref}}
func.func @f(%x: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %r = qnn.relu %x : tensor<1x2xf32>
  return %r : tensor<1x2xf32>
}

// RUN: quant-opt %s --split-input-file --convert-qnn-to-qrt=backend=onednn --verify-diagnostics | FileCheck %s

// oneDNN 2.6 has no int8 binary ops (no source zero points): an int8 add on
// --backend onednn runs on XNNPACK's native qu8 add before falling back to
// ref, with a remark naming the node.
// CHECK-LABEL: func.func @onednn_int8_add_on_xnnpack(
// CHECK:         qrt.binary add {{.*}}backend = #qrt.backend<xnnpack>
func.func @onednn_int8_add_on_xnnpack(%a: tensor<1x2x2x2x!quant.uniform<u8:f32, 0.05:128>>, %b: tensor<1x2x2x2x!quant.uniform<u8:f32, 0.1:120>>) -> tensor<1x2x2x2x!quant.uniform<u8:f32, 0.2:100>> {
  // expected-remark@unknown {{node 'add1' (qnn.add) runs on xnnpack: onednn cannot run it (oneDNN 2.6 binary ops have no source zero points}}
  %y = qnn.add %a, %b {activation = #qnn.activation<relu>} : tensor<1x2x2x2x!quant.uniform<u8:f32, 0.05:128>>, tensor<1x2x2x2x!quant.uniform<u8:f32, 0.1:120>> -> tensor<1x2x2x2x!quant.uniform<u8:f32, 0.2:100>> loc("add1")
  return %y : tensor<1x2x2x2x!quant.uniform<u8:f32, 0.2:100>>
}

// -----

// What neither runs natively (int8 sub) goes to ref.
// CHECK-LABEL: func.func @onednn_int8_sub_on_ref(
// CHECK:         qrt.binary sub {{.*}}backend = #qrt.backend<ref>
func.func @onednn_int8_sub_on_ref(%a: tensor<1x2x2x2x!quant.uniform<u8:f32, 0.05:128>>, %b: tensor<1x2x2x2x!quant.uniform<u8:f32, 0.1:120>>) -> tensor<1x2x2x2x!quant.uniform<u8:f32, 0.2:100>> {
  // expected-remark@unknown {{node 'sub1' (qnn.sub) runs on ref: onednn cannot run it}}
  %y = qnn.sub %a, %b : tensor<1x2x2x2x!quant.uniform<u8:f32, 0.05:128>>, tensor<1x2x2x2x!quant.uniform<u8:f32, 0.1:120>> -> tensor<1x2x2x2x!quant.uniform<u8:f32, 0.2:100>> loc("sub1")
  return %y : tensor<1x2x2x2x!quant.uniform<u8:f32, 0.2:100>>
}

// -----

// f32 add runs on oneDNN itself.
// CHECK-LABEL: func.func @onednn_f32_add(
// CHECK:         qrt.binary add {{.*}}backend = #qrt.backend<onednn>
func.func @onednn_f32_add(%a: tensor<1x2x2x2xf32>, %b: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %y = qnn.add %a, %b : tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32> -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}

// RUN: quant-opt %s --split-input-file --convert-qrt-to-llvm --verify-diagnostics

func.func @unsupported_op(%x: memref<4xf32>) -> memref<4xf32> {
  %y = memref.alloc() : memref<4xf32>
  // expected-error@+1 {{'memref.copy' op is not supported by convert-qrt-to-llvm}}
  memref.copy %x, %y : memref<4xf32> to memref<4xf32>
  return %y : memref<4xf32>
}

// -----

// expected-error@+1 {{'func.func' op argument 0 has a dynamic shape ('memref<?x4xf32>'); models are compiled for static shapes}}
func.func @dynamic(%x: memref<?x4xf32>) {
  return
}

// -----

// A view of the caller's buffer is not model memory.
func.func @unknown_origin(%raw: memref<64xi8>) -> memref<1x4xf32> {
  %c0 = arith.constant 0 : index
  // expected-error@+1 {{'memref.view' op has an unknown buffer origin: only views of a model-owned allocation (the arena) can be lowered}}
  %v = memref.view %raw[%c0][] : memref<64xi8> to memref<1x4xf32>
  %y = memref.alloc() : memref<1x4xf32>
  qrt.layout reshape ins(%v : memref<1x4xf32>) outs(%y : memref<1x4xf32>) {backend = #qrt.backend<ref>}
  return %y : memref<1x4xf32>
}

// -----

func.func @view_out_of_range() -> memref<1x4xf32> {
  %arena = memref.alloc() : memref<32xi8>
  %c32 = arith.constant 32 : index
  // expected-error@+1 {{'memref.view' op bytes [32, 48) lie outside the 32-byte allocation}}
  %v = memref.view %arena[%c32][] : memref<32xi8> to memref<1x4xf32>
  %y = memref.alloc() : memref<1x4xf32>
  qrt.layout reshape ins(%v : memref<1x4xf32>) outs(%y : memref<1x4xf32>) {backend = #qrt.backend<ref>}
  return %y : memref<1x4xf32>
}

// -----

func.func @writes_input(%x: memref<1x4xf32>, %z: memref<1x4xf32>) {
  // expected-error@+1 {{'qrt.layout' op writes a function argument (the caller's input)}}
  qrt.layout reshape ins(%x : memref<1x4xf32>) outs(%z : memref<1x4xf32>) {backend = #qrt.backend<ref>}
  return
}

// -----

// Filters are create-time data: they must be constants.
func.func @filter_not_constant(%x: memref<1x8xf32>, %w: memref<3x8xf32>) -> memref<1x3xf32> {
  %y = memref.alloc() : memref<1x3xf32>
  // expected-error@+1 {{'qrt.fully_connected' op 'filter' must be a constant global (memref.get_global): it is create-time data the kernel packs once}}
  qrt.fully_connected ins(%x, %w : memref<1x8xf32>, memref<3x8xf32>) outs(%y : memref<1x3xf32>) {backend = #qrt.backend<ref>}
  return %y : memref<1x3xf32>
}

// -----

// expected-error@+1 {{'memref.global' op must be a constant with an initial value: a compiled model has no mutable globals}}
memref.global "private" @state : memref<4xf32> = dense<0.0>
func.func @main() {
  return
}

// -----

// expected-note@+1 {{first function here}}
func.func @first() {
  return
}
// expected-error@+1 {{'func.func' op is a second function: a model has exactly one (its entry point)}}
func.func @second() {
  return
}

// -----

// expected-error@+1 {{'memref.global' op uses the name 'qmodel_run', which the model's API exports}}
memref.global "private" constant @qmodel_run : memref<4xf32> = dense<0.0>
func.func @main() {
  return
}

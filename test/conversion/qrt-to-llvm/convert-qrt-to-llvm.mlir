// RUN: quant-opt %s --split-input-file --convert-qrt-to-llvm | FileCheck %s

// An int8 conv with per-channel filter scales, bias and residual. Its params
// struct is the host qrt_conv2d_params with four pointer fields patched:
// filter.quant.scales (offset 184), filter_data, bias_data (480, 488).
// Only the qmodel_* functions are defined with external linkage.

// CHECK-LABEL: module {
// CHECK-NOT:     func.func
// CHECK-NOT:     memref.
// CHECK-DAG:     llvm.func @qrt_conv2d_create(!llvm.ptr, i32, !llvm.ptr, !llvm.ptr) -> i32
// CHECK-DAG:     llvm.func @qrt_kernel_run(!llvm.ptr, !llvm.ptr, i32, !llvm.ptr, i32) -> i32
// CHECK-DAG:     llvm.mlir.global internal constant @w("\01\01{{.*}}\01\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00") {{{.*}}alignment = 64 : i64}
// CHECK-DAG:     llvm.mlir.global internal constant @b("\01\00\00\00\02\00\00\00\03\00\00\00\04\00\00\00\00{{.*}}") {{{.*}}alignment = 64 : i64}
// CHECK:         llvm.mlir.global internal constant @[[SCALES:__qm_conv2d_scales_[0-9]+]]("\0A\D7#<\0A\D7\A3<\8F\C2\F5<\0A\D7#=") {{{.*}}alignment = 4 : i64}
// CHECK:         llvm.mlir.global internal constant @[[PARAMS:__qm_params_conv2d_[0-9]+]]() {{{.*}}alignment = 8 : i64} : !llvm.struct<packed (array<184 x i8>, ptr, array<288 x i8>, ptr, ptr, array<56 x i8>)> {
// CHECK:           %[[S:.*]] = llvm.mlir.addressof @[[SCALES]] : !llvm.ptr
// CHECK:           llvm.insertvalue %[[S]], %{{.*}}[1]
// CHECK:           %[[W:.*]] = llvm.mlir.addressof @w : !llvm.ptr
// CHECK:           llvm.insertvalue %[[W]], %{{.*}}[3]
// CHECK:           %[[B:.*]] = llvm.mlir.addressof @b : !llvm.ptr
// CHECK:           llvm.insertvalue %[[B]], %{{.*}}[4]
// CHECK:         llvm.mlir.global internal constant @{{__qm_model_name_[0-9]+}}("conv_model\00")
// CHECK:         llvm.mlir.global internal constant @{{__qm_backend_[0-9]+}}("onednn\00")
// CHECK:         llvm.mlir.global internal constant @{{__qm_precision_[0-9]+}}("int8\00")
// CHECK:         llvm.mlir.global internal constant @{{__qm_name_[0-9]+}}("x\00")
// CHECK:         llvm.mlir.global internal constant @{{__qm_name_[0-9]+}}("r\00")
// CHECK:         llvm.mlir.global internal constant @{{__qm_name_[0-9]+}}("y\00")
// CHECK:         llvm.mlir.global internal constant @[[INFO:__qm_info_[0-9]+]]()

// CHECK-LABEL:   llvm.func @qmodel_create(
// CHECK-SAME:      %{{.*}}: !llvm.ptr, %[[OUT:.*]]: !llvm.ptr) -> i32 {
// CHECK:           %[[ST:.*]] = llvm.call @qrt_model_alloc(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[OUT]])
// CHECK:           %[[M:.*]] = llvm.load %[[OUT]] : !llvm.ptr -> !llvm.ptr
// CHECK:           %[[CTX:.*]] = llvm.call @qrt_model_context(%[[M]])
// CHECK:           %[[SLOTS:.*]] = llvm.call @qrt_model_kernels(%[[M]])
// CHECK:           %[[SLOT:.*]] = llvm.getelementptr %[[SLOTS]][0] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
// CHECK:           %[[ONEDNN:.*]] = llvm.mlir.constant(2 : i32) : i32
// CHECK:           %[[P:.*]] = llvm.mlir.addressof @[[PARAMS]]
// CHECK:           %[[CST:.*]] = llvm.call @qrt_conv2d_create(%[[CTX]], %[[ONEDNN]], %[[P]], %[[SLOT]])
// CHECK:           %[[WHAT:.*]] = llvm.mlir.addressof @[[WHATSYM:__qm_what_[0-9]+]]
// CHECK:           llvm.cond_br %{{.*}}, ^[[FAIL:.*]](%[[CST]], %[[WHAT]] : i32, !llvm.ptr), ^
// CHECK:         ^[[FAIL]](%[[FS:.*]]: i32, %[[FW:.*]]: !llvm.ptr):
// CHECK:           llvm.call @qrt_model_create_failed(%[[OUT]], %[[FS]], %[[FW]])
// CHECK:         llvm.mlir.global internal constant @[[WHATSYM]]("kernel 0, node 'conv_node' (qrt.conv2d on onednn)\00")

// The run: input x and residual r are the caller's inputs[0/1].data (offset
// 16 and 40 of the qmodel_tensor array), the output the caller's outputs[0].
// CHECK-LABEL:   llvm.func @qmodel_run(
// CHECK-SAME:      %[[MODEL:.*]]: !llvm.ptr, %[[INS:.*]]: !llvm.ptr, %{{.*}}: i32, %[[OUTS:.*]]: !llvm.ptr, %{{.*}}: i32) -> i32 {
// CHECK:           %[[RUNIN:.*]] = llvm.alloca %{{.*}} x !llvm.array<2 x ptr>
// CHECK:           %[[RUNOUT:.*]] = llvm.alloca %{{.*}} x !llvm.array<1 x ptr>
// CHECK:           llvm.call @qrt_model_run_begin(%[[MODEL]])
// CHECK:           llvm.call @qrt_model_check_io(%[[MODEL]], %[[INS]]
// CHECK:           %[[K:.*]] = llvm.call @qrt_model_kernels(%[[MODEL]])
// CHECK:           %[[XF:.*]] = llvm.getelementptr %[[INS]][16] : (!llvm.ptr) -> !llvm.ptr, i8
// CHECK:           %[[X:.*]] = llvm.load %[[XF]]
// CHECK:           %[[RF:.*]] = llvm.getelementptr %[[INS]][40] : (!llvm.ptr) -> !llvm.ptr, i8
// CHECK:           %[[R:.*]] = llvm.load %[[RF]]
// CHECK:           %[[YF:.*]] = llvm.getelementptr %[[OUTS]][16] : (!llvm.ptr) -> !llvm.ptr, i8
// CHECK:           %[[Y:.*]] = llvm.load %[[YF]]
// CHECK:           llvm.store %[[X]], %{{.*}}
// CHECK:           %[[I1:.*]] = llvm.getelementptr %[[RUNIN]][1]
// CHECK:           llvm.store %[[R]], %[[I1]]
// CHECK:           llvm.store %[[Y]], %[[RUNOUT]]
// CHECK:           %[[KS:.*]] = llvm.getelementptr %[[K]][0]
// CHECK:           %[[KERNEL:.*]] = llvm.load %[[KS]]
// CHECK:           %[[TWO:.*]] = llvm.mlir.constant(2 : i32) : i32
// CHECK:           llvm.call @qrt_kernel_run(%[[KERNEL]], %[[RUNIN]], %[[TWO]], %[[RUNOUT]], %{{.*}})
// CHECK:           llvm.call @qrt_model_run_end(%[[MODEL]])
// CHECK-NEXT:      llvm.mlir.constant(0 : i32)
// CHECK-NEXT:      llvm.return
// CHECK:           llvm.call @qrt_model_run_failed

// CHECK-LABEL:   llvm.func @qmodel_info() -> !llvm.ptr {
// CHECK-NEXT:      %[[I:.*]] = llvm.mlir.addressof @[[INFO]]
// CHECK-NEXT:      llvm.return %[[I]]
// CHECK-LABEL:   llvm.func @qmodel_destroy(%{{.*}}: !llvm.ptr) {
// CHECK-NEXT:      llvm.call @qrt_model_free
// CHECK-LABEL:   llvm.func @qmodel_last_error() -> !llvm.ptr {
// CHECK-NEXT:      llvm.call @qrt_model_last_error
// CHECK-LABEL:   llvm.func @qmodel_observer(%{{.*}}: !llvm.ptr, %{{.*}}: i32, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr) -> i32 {
// CHECK-NEXT:      llvm.call @qrt_model_observer
// qmodel_profile hands the runtime the kernels' node names (one here).
// CHECK-LABEL:   llvm.func @qmodel_profile(
// CHECK-SAME:      %[[PM:.*]]: !llvm.ptr, %[[PI:.*]]: i32, %[[PO:.*]]: !llvm.ptr) -> i32 {
// CHECK-NEXT:      %[[NODES:.*]] = llvm.mlir.addressof @{{__qm_kernel_nodes_[0-9]+}}
// CHECK-NEXT:      llvm.call @qrt_model_profile(%[[PM]], %[[PI]], %[[PO]], %[[NODES]])
module attributes {qmodel.name = "conv_model"} {
  memref.global "private" constant @w : memref<4x3x3x3xsi8> = dense<1>
  memref.global "private" constant @b : memref<4xsi32> = dense<[1, 2, 3, 4]>
  func.func @main(%x: memref<1x8x8x3xui8> {qnn.name = "x"}, %r: memref<1x8x8x4xui8> {qnn.name = "r"}) -> (memref<1x8x8x4xui8> {qnn.name = "y"}) {
    %w = memref.get_global @w : memref<4x3x3x3xsi8>
    %b = memref.get_global @b : memref<4xsi32>
    %y = memref.alloc() : memref<1x8x8x4xui8>
    qrt.conv2d ins(%x, %w, %b : memref<1x8x8x3xui8>, memref<4x3x3x3xsi8>, memref<4xsi32>) residual(%r : memref<1x8x8x4xui8>) outs(%y : memref<1x8x8x4xui8>) {activation = #qrt.activation<relu6>, backend = #qrt.backend<onednn>, dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>, input_quant = #qrt.quant<scale = 0.5, zero_point = 128>, filter_quant = #qrt.quant<scales = [0.01, 0.02, 0.03, 0.04], axis = 0>, output_quant = #qrt.quant<scale = 0.1, zero_point = 0>, residual_quant = #qrt.quant<scale = 0.25, zero_point = 3>} loc("conv_node")
    return %y : memref<1x8x8x4xui8>
  }
}

// -----

// An f32 fully_connected on xnnpack reading the argument directly: the
// argument is copied into padded workspace first (XNNPACK over-reads 16
// bytes): 32 bytes + 16 of padding. No bias: bias_data stays NULL, only
// filter_data is patched.
// Float model: precision "float", the backend label is the kernels'.

// CHECK-LABEL: module {
// CHECK:         llvm.mlir.global internal constant @[[PARAMS:__qm_params_fc_[0-9]+]]() {{.*}} : !llvm.struct<packed (array<480 x i8>, ptr, array<24 x i8>)> {
// CHECK:           llvm.mlir.addressof @fcw
// CHECK:         ("xnnpack\00")
// CHECK:         ("float\00")
// CHECK-LABEL:   llvm.func @qmodel_create(
// CHECK:           %[[WS:.*]] = llvm.mlir.constant(48 : i64) : i64
// CHECK:           llvm.call @qrt_model_alloc(%{{.*}}, %[[WS]],
// CHECK:           %[[XNN:.*]] = llvm.mlir.constant(3 : i32) : i32
// CHECK:           llvm.call @qrt_fc_create(%{{.*}}, %[[XNN]], %{{.*}}, %{{.*}})
// CHECK-LABEL:   llvm.func @qmodel_run(
// CHECK:           %[[WSP:.*]] = llvm.call @qrt_model_workspace
// CHECK:           %[[X:.*]] = llvm.load
// CHECK:           %[[Y:.*]] = llvm.load
// CHECK:           %[[N:.*]] = llvm.mlir.constant(32 : i64) : i64
// CHECK:           "llvm.intr.memcpy"(%[[WSP]], %[[X]], %[[N]]) <{isVolatile = false}>
// CHECK:           llvm.store %[[WSP]], %{{.*}}
// CHECK:           llvm.store %[[Y]], %{{.*}}
// CHECK:           llvm.call @qrt_kernel_run
module {
  memref.global "private" constant @fcw : memref<3x8xf32> = dense<0.5>
  func.func @main(%x: memref<1x8xf32>) -> memref<1x3xf32> {
    %w = memref.get_global @fcw : memref<3x8xf32>
    %y = memref.alloc() : memref<1x3xf32>
    qrt.fully_connected ins(%x, %w : memref<1x8xf32>, memref<3x8xf32>) outs(%y : memref<1x3xf32>) {backend = #qrt.backend<xnnpack>}
    return %y : memref<1x3xf32>
  }
}

// -----

// An arena with views; binary add with a constant operand (its global's
// address is a run input), concat (its input descriptors are an array
// global the params point at), convert and layout. The arena is the
// workspace: views are workspace + offset.

// CHECK-LABEL: module {
// CHECK-DAG:     llvm.func @qrt_binary_create(
// CHECK-DAG:     llvm.func @qrt_concat_create(
// CHECK-DAG:     llvm.func @qrt_convert_create(
// CHECK-DAG:     llvm.func @qrt_layout_create(
// CHECK:         llvm.mlir.global internal constant @c("{{.*}}") {{{.*}}alignment = 64 : i64}
// CHECK:         llvm.mlir.global internal constant @[[DESCS:__qm_concat_inputs_[0-9]+]]("{{.*}}") {{{.*}}alignment = 8 : i64}
// CHECK:         llvm.mlir.global internal constant @{{__qm_params_binary_[0-9]+}}("{{.*}}") {{{.*}}alignment = 8 : i64}
// CHECK:         llvm.mlir.global internal constant @[[CAT:__qm_params_concat_[0-9]+]]() {{.*}} : !llvm.struct<packed (array<8 x i8>, ptr, array<{{[0-9]+}} x i8>)> {
// CHECK:           %[[D:.*]] = llvm.mlir.addressof @[[DESCS]]
// CHECK:           llvm.insertvalue %[[D]], %{{.*}}[1]
// CHECK:         llvm.mlir.global internal constant @{{__qm_params_convert_[0-9]+}}(
// CHECK:         llvm.mlir.global internal constant @{{__qm_params_layout_[0-9]+}}(
// CHECK-LABEL:   llvm.func @qmodel_create(
// CHECK:           llvm.mlir.constant(1024 : i64) : i64
// CHECK:           llvm.call @qrt_binary_create(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}})
// CHECK:           llvm.call @qrt_concat_create(
// CHECK:           llvm.call @qrt_convert_create(
// CHECK:           llvm.call @qrt_layout_create(
// CHECK-LABEL:   llvm.func @qmodel_run(
// CHECK:           %[[WS:.*]] = llvm.call @qrt_model_workspace
// CHECK:           %[[X:.*]] = llvm.load
// CHECK:           %[[Y:.*]] = llvm.load
// binary: {x, @c} -> arena + 0
// CHECK:           llvm.store %[[X]], %{{.*}}
// CHECK:           %[[C:.*]] = llvm.mlir.addressof @c : !llvm.ptr
// CHECK:           llvm.store %[[C]], %{{.*}}
// CHECK:           llvm.store %[[WS]], %[[OUT1:.*]] :
// CHECK:           llvm.call @qrt_kernel_run(%{{.*}}, %{{.*}}, %{{.*}}, %[[OUT1]],
// concat: {arena + 0, x} -> arena + 64
// CHECK:           llvm.store %[[WS]], %{{.*}}
// CHECK:           llvm.store %[[X]], %{{.*}}
// CHECK:           %[[V64:.*]] = llvm.getelementptr %[[WS]][64] : (!llvm.ptr) -> !llvm.ptr, i8
// CHECK:           llvm.store %[[V64]],
// CHECK:           llvm.call @qrt_kernel_run
// convert: arena + 64 -> arena + 128; layout: arena + 128 -> the caller's output
// CHECK:           llvm.getelementptr %[[WS]][128]
// CHECK:           llvm.call @qrt_kernel_run
// CHECK:           llvm.store %[[Y]],
// CHECK:           llvm.call @qrt_kernel_run
module {
  memref.global "private" constant @c : memref<1x4xf32> = dense<[[1.0, 2.0, 3.0, 4.0]]>
  func.func @main(%x: memref<1x4xf32>) -> memref<8x1xui8> attributes {qrt.arena_bytes = 1008 : i64} {
    %arena = memref.alloc() {alignment = 64 : i64} : memref<1008xi8>
    %c0 = arith.constant 0 : index
    %c64 = arith.constant 64 : index
    %c128 = arith.constant 128 : index
    %c = memref.get_global @c : memref<1x4xf32>
    %sum = memref.view %arena[%c0][] : memref<1008xi8> to memref<1x4xf32>
    qrt.binary add ins(%x, %c : memref<1x4xf32>, memref<1x4xf32>) outs(%sum : memref<1x4xf32>) {backend = #qrt.backend<ref>}
    %cat = memref.view %arena[%c64][] : memref<1008xi8> to memref<1x8xf32>
    qrt.concat ins(%sum, %x : memref<1x4xf32>, memref<1x4xf32>) outs(%cat : memref<1x8xf32>) {axis = 1 : i64, backend = #qrt.backend<ref>}
    %q = memref.view %arena[%c128][] : memref<1008xi8> to memref<1x8xui8>
    qrt.convert quantize ins(%cat : memref<1x8xf32>) outs(%q : memref<1x8xui8>) {backend = #qrt.backend<ref>, output_quant = #qrt.quant<scale = 0.1, zero_point = 10>}
    %y = memref.alloc() : memref<8x1xui8>
    qrt.layout reshape ins(%q : memref<1x8xui8>) outs(%y : memref<8x1xui8>) {backend = #qrt.backend<ref>}
    return %y : memref<8x1xui8>
  }
}

// -----

// Calibration build: qrt.observe becomes an observer created at
// qmodel_create (kind, axis, channel count) and updated in qmodel_run with a
// constant descriptor of the observed buffer; the ids go to a table the
// runtime keeps for qmodel_observer.

// CHECK-LABEL: module {
// CHECK-DAG:     llvm.func @qrt_observer_create(i32, i32, i64, !llvm.ptr) -> i32
// CHECK-DAG:     llvm.func @qrt_observer_update(!llvm.ptr, !llvm.ptr, !llvm.ptr) -> i32
// CHECK:         llvm.mlir.global internal constant @[[DESC:__qm_observe_desc_[0-9]+]]("\00\00\00\00\04\00\00\00\01\00\00\00\00\00\00\00\02\00\00\00\00\00\00\00\02\00\00\00\00\00\00\00\03\00\00\00{{.*}}")
// CHECK:         ("observed\00")
// CHECK:         llvm.mlir.global internal constant @[[IDS:__qm_observer_ids_[0-9]+]]("\07\00\00\00\00\00\00\00\09\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00")
// CHECK-LABEL:   llvm.func @qmodel_create(
// CHECK:           %[[IDSP:.*]] = llvm.mlir.addressof @[[IDS]]
// CHECK:           llvm.call @qrt_model_alloc(%{{.*}}, %{{.*}}, %[[IDSP]],
// CHECK:           %[[OBS:.*]] = llvm.call @qrt_model_observers
// CHECK:           %[[SLOT0:.*]] = llvm.getelementptr %[[OBS]][0]
// CHECK:           %[[HIST:.*]] = llvm.mlir.constant(1 : i32) : i32
// CHECK:           %[[NOAXIS:.*]] = llvm.mlir.constant(-1 : i32) : i32
// CHECK:           %[[ZERO:.*]] = llvm.mlir.constant(0 : i64) : i64
// CHECK:           llvm.call @qrt_observer_create(%[[HIST]], %[[NOAXIS]], %[[ZERO]], %[[SLOT0]])
// CHECK:           llvm.call @qrt_layout_create(
// CHECK:           %[[SLOT1:.*]] = llvm.getelementptr %[[OBS]][1]
// CHECK:           %[[PC:.*]] = llvm.mlir.constant(2 : i32) : i32
// CHECK:           %[[AXIS:.*]] = llvm.mlir.constant(3 : i32) : i32
// CHECK:           %[[CH:.*]] = llvm.mlir.constant(3 : i64) : i64
// CHECK:           llvm.call @qrt_observer_create(%[[PC]], %[[AXIS]], %[[CH]], %[[SLOT1]])
// CHECK-LABEL:   llvm.func @qmodel_run(
// CHECK:           %[[O:.*]] = llvm.call @qrt_model_observers
// CHECK:           %[[X:.*]] = llvm.load
// CHECK:           %[[OS0:.*]] = llvm.getelementptr %[[O]][0]
// CHECK:           %[[O0:.*]] = llvm.load %[[OS0]]
// CHECK:           %[[D0:.*]] = llvm.mlir.addressof @{{__qm_observe_desc_[0-9]+}}
// CHECK:           llvm.call @qrt_observer_update(%[[O0]], %[[D0]], %[[X]])
// CHECK:           llvm.call @qrt_kernel_run
// CHECK:           %[[OS1:.*]] = llvm.getelementptr %[[O]][1]
// CHECK:           %[[O1:.*]] = llvm.load %[[OS1]]
// CHECK:           %[[D1:.*]] = llvm.mlir.addressof @[[DESC]]
// CHECK:           llvm.call @qrt_observer_update(%[[O1]], %[[D1]], %{{.*}})
module {
  func.func @main(%x: memref<1x3x2x2xf32>) -> memref<1x2x2x3xf32> {
    qrt.observe ins(%x : memref<1x3x2x2xf32>) {id = 7 : i64, kind = #qrt.observer<histogram>}
    %y = memref.alloc() : memref<1x2x2x3xf32>
    qrt.layout transpose ins(%x : memref<1x3x2x2xf32>) outs(%y : memref<1x2x2x3xf32>) {backend = #qrt.backend<ref>, perm = array<i64: 0, 2, 3, 1>}
    qrt.observe ins(%y : memref<1x2x2x3xf32>) {id = 9 : i64, kind = #qrt.observer<per_channel_minmax>, axis = 3 : i64}
    return %y : memref<1x2x2x3xf32>
  }
}

// -----

// A result that is not its own allocation (here: the argument itself) is
// copied into the caller's output at the end of the run.

// CHECK-LABEL:   llvm.func @qmodel_run(
// CHECK:           %[[X:.*]] = llvm.load
// CHECK:           %[[Y:.*]] = llvm.load
// CHECK:           %[[N:.*]] = llvm.mlir.constant(16 : i64) : i64
// CHECK:           "llvm.intr.memcpy"(%[[Y]], %[[X]], %[[N]])
// CHECK-NEXT:      llvm.call @qrt_model_run_end
// CHECK-NEXT:      llvm.mlir.constant(0 : i32)
// CHECK-NEXT:      llvm.return
module {
  func.func @main(%x: memref<4xf32>) -> memref<4xf32> {
    return %x : memref<4xf32>
  }
}

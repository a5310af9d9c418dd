// The backend capability table: which (op, dtypes, fusions, layout) each backend runs natively.
#include "runtime/Internal.h"

namespace {

bool isQ(qrt_dtype t) { return t == QRT_U8 || t == QRT_S8; }

/// Ops added after the first ABI for the compiler's float path: only the
/// reference backend implements them.
bool isRefOnlyOp(qrt_op op) {
  switch (op) {
  case QRT_OP_SUB:
  case QRT_OP_DIV:
  case QRT_OP_TANH:
  case QRT_OP_LEAKY_RELU:
  case QRT_OP_HARD_SIGMOID:
  case QRT_OP_RELU:
  case QRT_OP_CLAMP:
  case QRT_OP_PAD:
  case QRT_OP_SLICE:
  case QRT_OP_REDUCE_MEAN:
    return true;
  default:
    return false;
  }
}

bool refSupports(const qrt_capability_query &q, const char **why) {
  // The reference backend runs every op/dtype combination the create
  // functions accept (including sub/div/tanh/leaky_relu/hard_sigmoid/relu/
  // clamp/pad/slice/reduce_mean, f32 and u8/s8); NHWC only.
  if (q.layout != QRT_LAYOUT_NHWC) {
    *why = "only NHWC activations are supported";
    return false;
  }
  return true;
}

/// oneDNN's non-conv ops (runtime/onednn/OneDnnOps.cpp). See docs/runtime.md
/// for why each refused combination is refused.
bool onednnOtherSupports(const qrt_capability_query &q, const char **why) {
  const qrt_dtype in = q.input_dtype, out = q.output_dtype;
  const bool f32 = in == QRT_F32 && out == QRT_F32;
  switch (q.op) {
  case QRT_OP_MAX_POOL:
  case QRT_OP_AVG_POOL:
  case QRT_OP_GLOBAL_AVG_POOL:
    if (in != out || (!f32 && !isQ(in))) {
      *why = "oneDNN pooling needs equal f32, u8 or s8 input and output";
      return false;
    }
    return true;
  case QRT_OP_ADD:
  case QRT_OP_MUL:
    if (!f32 || q.weight_dtype != QRT_F32) {
      *why = "oneDNN 2.6 binary ops have no source zero points: only f32 add/mul run "
             "on onednn (int8: xnnpack or ref)";
      return false;
    }
    return true;
  case QRT_OP_SIGMOID:
  case QRT_OP_HARD_SWISH:
  case QRT_OP_SWISH:
  case QRT_OP_SOFTMAX:
    if (!f32) {
      *why = "oneDNN 2.6 runs logistic/hardswish/swish/softmax on f32 only (its int8 "
             "eltwise has no dequantize-compute-quantize path)";
      return false;
    }
    return true;
  case QRT_OP_QUANTIZE:
  case QRT_OP_DEQUANTIZE:
  case QRT_OP_REQUANTIZE:
  case QRT_OP_RESHAPE:
  case QRT_OP_TRANSPOSE:
    return true; // create validated the dtype pair
  case QRT_OP_CONCAT:
    if (in != out || (!f32 && !isQ(in))) {
      *why = "oneDNN concat needs inputs and output of one dtype (f32, u8 or s8)";
      return false;
    }
    return true;
  case QRT_OP_RESIZE:
    *why = "oneDNN 2.6 resampling uses its own nearest rounding and half-pixel-only "
           "linear coordinates; resize runs on xnnpack or ref";
    return false;
  default:
    *why = "op not implemented in the onednn backend";
    return false;
  }
}

bool onednnSupports(const qrt_capability_query &q, const char **why) {
  if (q.layout != QRT_LAYOUT_NHWC) {
    *why = "only NHWC activations are supported";
    return false;
  }
  if (isRefOnlyOp(q.op)) {
    *why = "no onednn kernel for this op (sub, div, tanh, leaky_relu, hard_sigmoid, relu, "
           "clamp, pad, slice and reduce_mean run on ref only)";
    return false;
  }
  if (q.op != QRT_OP_CONV2D && q.op != QRT_OP_FULLY_CONNECTED)
    return onednnOtherSupports(q, why);
  if (q.input_dtype == QRT_F32)
    return q.weight_dtype == QRT_F32 && q.output_dtype == QRT_F32
               ? true
               : (*why = "f32 conv needs f32 weights and output", false);
  if (!isQ(q.input_dtype) || q.weight_dtype != QRT_S8 || !isQ(q.output_dtype)) {
    *why = "int8 conv needs u8/s8 input and output and s8 weights";
    return false;
  }
#ifdef QRT_HAVE_ONEDNN
  // Without VNNI, u8 x s8 products saturate in 16 bits (vpmaddubsw); 7-bit
  // weights would avoid that, but oneDNN 2.6's non-VNNI int8 kernels were
  // measured here to differ from the contract by 1 LSB (rounding) and more
  // (depthwise + sum zero point), so they are refused outright.
  if (!qrt::onednn::hasVnni()) {
    *why = "no VNNI in oneDNN's ISA: its u8 x s8 int8 kernels saturate in 16 "
           "bits and are not bit-exact; use xnnpack (s8) or ref";
    return false;
  }
#endif
  return true;
}

bool xnnpackSupports(const qrt_capability_query &q, const char **why) {
  if (q.layout != QRT_LAYOUT_NHWC) {
    *why = "only NHWC activations are supported";
    return false;
  }
  if (isRefOnlyOp(q.op)) {
    *why = "no xnnpack kernel for this op (sub, div, tanh, leaky_relu, hard_sigmoid, relu, "
           "clamp, pad, slice and reduce_mean run on ref only)";
    return false;
  }
  const bool f32 = q.input_dtype == QRT_F32 && q.weight_dtype == QRT_F32 &&
                   q.output_dtype == QRT_F32;
  const bool s8 = q.input_dtype == QRT_S8 && q.weight_dtype == QRT_S8 &&
                  q.output_dtype == QRT_S8;
  const bool u8 = q.input_dtype == QRT_U8 && q.weight_dtype == QRT_U8 &&
                  q.output_dtype == QRT_U8;
  switch (q.op) {
  case QRT_OP_CONV2D:
  case QRT_OP_FULLY_CONNECTED:
    if (q.activation == QRT_ACT_SWISH) {
      *why = "XNNPACK (2022-02) convolutions have no fused swish";
      return false;
    }
    if (q.flags & QRT_CAP_RESIDUAL) {
      *why = "XNNPACK convolutions have no fused residual add";
      return false;
    }
    if (u8 && (q.flags & QRT_CAP_PER_CHANNEL)) {
      *why = "XNNPACK qu8 convolution has per-tensor weights only (per-channel "
             "needs s8 activations: qc8)";
      return false;
    }
    if (!f32 && !s8 && !u8) {
      *why = "XNNPACK conv needs f32, s8 x s8 -> s8 (qs8/qc8) or u8 x u8 -> u8 "
             "(qu8); u8 activations with s8 weights are not available";
      return false;
    }
    return true;
  case QRT_OP_ADD:
  case QRT_OP_MUL:
    if (!f32 && !s8 && !u8) {
      *why = "XNNPACK add/mul needs all-f32, all-s8 or all-u8 operands";
      return false;
    }
    return true;
  default:
    break;
  }
  // Single-input ops: only the input and output dtypes matter.
  const qrt_dtype in = q.input_dtype, out = q.output_dtype;
  const bool same = in == out;
  switch (q.op) {
  case QRT_OP_MAX_POOL:
  case QRT_OP_GLOBAL_AVG_POOL:
    if (!same || (in != QRT_F32 && !isQ(in))) {
      *why = "XNNPACK pooling needs equal f32, u8 or s8 input and output";
      return false;
    }
    return true;
  case QRT_OP_AVG_POOL:
    if (!same || (in != QRT_F32 && in != QRT_U8)) {
      *why = "XNNPACK (2022-02) average pooling exists only for f32 and qu8";
      return false;
    }
    if ((q.flags & QRT_CAP_POOL_PADDED) && in == QRT_F32 && (q.flags & QRT_CAP_POOL_COUNT_PAD)) {
      *why = "XNNPACK f32 average pooling divides by the in-bounds count only "
             "(count_include_pad with padding is not available)";
      return false;
    }
    if ((q.flags & QRT_CAP_POOL_PADDED) && in == QRT_U8 && !(q.flags & QRT_CAP_POOL_COUNT_PAD)) {
      *why = "XNNPACK qu8 average pooling pads with the zero point and divides by the "
             "full window (count_include_pad only when padded)";
      return false;
    }
    return true;
  case QRT_OP_SIGMOID:
    if (!same || (in != QRT_F32 && !isQ(in))) {
      *why = "XNNPACK sigmoid needs equal f32, u8 or s8 input and output";
      return false;
    }
    return true;
  case QRT_OP_HARD_SWISH:
    if (in != QRT_F32 || out != QRT_F32) {
      *why = "XNNPACK (2022-02) hardswish exists only for f32";
      return false;
    }
    return true;
  case QRT_OP_SOFTMAX:
    if (!same || (in != QRT_F32 && in != QRT_U8)) {
      *why = "XNNPACK (2022-02) softmax exists only for f32 and qu8";
      return false;
    }
    return true;
  case QRT_OP_SWISH:
    *why = "XNNPACK (2022-02) has no swish operator";
    return false;
  case QRT_OP_QUANTIZE:
  case QRT_OP_DEQUANTIZE:
    if (q.flags & QRT_CAP_PER_CHANNEL) {
      *why = "XNNPACK convert is per-tensor only";
      return false;
    }
    return true;
  case QRT_OP_REQUANTIZE:
    *why = "XNNPACK (2022-02) has no int8 -> int8 requantize operator";
    return false;
  case QRT_OP_CONCAT:
    if (!same || (in != QRT_F32 && !isQ(in))) {
      *why = "XNNPACK concat (strided copies) needs one dtype: f32, u8 or s8";
      return false;
    }
    return true;
  case QRT_OP_RESIZE:
    if (q.flags & QRT_CAP_RESIZE_NEAREST) {
      *why = "XNNPACK (2022-02) has only bilinear resize";
      return false;
    }
    if (!same || (in != QRT_F32 && !isQ(in))) {
      *why = "XNNPACK resize needs equal f32, u8 or s8 input and output";
      return false;
    }
    return true;
  case QRT_OP_RESHAPE:
    return true;
  case QRT_OP_TRANSPOSE:
    *why = "XNNPACK (2022-02) has no transpose operator";
    return false;
  default:
    *why = "op not implemented in the xnnpack backend";
    return false;
  }
}

} // namespace

/// The swish activation is an epilogue of conv2d / fully_connected: no
/// binary kernel applies it. On int8 kernels it takes the unquantized conv
/// output (docs/runtime.md, Numerics), which a residual sum would have to
/// join before the swish; that combination is not implemented.
bool qrt::swishActivationOk(const qrt_capability_query &q, const char **why) {
  if (q.activation != QRT_ACT_SWISH)
    return true;
  if (q.op != QRT_OP_CONV2D && q.op != QRT_OP_FULLY_CONNECTED) {
    *why = "the swish activation fuses only into conv2d / fully_connected";
    return false;
  }
  if (q.input_dtype != QRT_F32 && (q.flags & QRT_CAP_RESIDUAL)) {
    *why = "int8 conv2d / fully_connected have no swish activation with a residual";
    return false;
  }
  return true;
}

extern "C" int32_t qrt_backend_supports(const qrt_context *ctx, qrt_backend backend,
                                        const qrt_capability_query *q,
                                        const char **reason) {
  (void)ctx;
  const char *dummy = "";
  const char **why = reason ? reason : &dummy;
  *why = "";
  if (!q) {
    *why = "query is NULL";
    return 0;
  }
  if (qrt::rawEnum(q->op) < 0 || qrt::rawEnum(q->op) >= QRT_OP_COUNT_ ||
      qrt::rawEnum(q->layout) < QRT_LAYOUT_NHWC || qrt::rawEnum(q->layout) > QRT_LAYOUT_NCHW ||
      qrt::rawEnum(q->activation) < QRT_ACT_NONE || qrt::rawEnum(q->activation) > QRT_ACT_SWISH ||
      qrt::rawEnum(q->input_dtype) < QRT_F32 || qrt::rawEnum(q->input_dtype) > QRT_S32 ||
      qrt::rawEnum(q->weight_dtype) < QRT_F32 || qrt::rawEnum(q->weight_dtype) > QRT_S32 ||
      qrt::rawEnum(q->output_dtype) < QRT_F32 || qrt::rawEnum(q->output_dtype) > QRT_S32) {
    *why = "invalid enum value in the query";
    return 0;
  }
  if (qrt::rawEnum(backend) < QRT_BACKEND_AUTO || qrt::rawEnum(backend) > QRT_BACKEND_XNNPACK) {
    *why = "invalid backend";
    return 0;
  }
  if (!qrt_backend_available(backend)) {
    *why = backend == QRT_BACKEND_AUTO ? "AUTO is not a backend"
                                       : "backend not built into this libquantrt";
    return 0;
  }
  if (!qrt::swishActivationOk(*q, why))
    return 0;
  switch (backend) {
  case QRT_BACKEND_REF:
    return refSupports(*q, why);
  case QRT_BACKEND_ONEDNN:
    return onednnSupports(*q, why);
  case QRT_BACKEND_XNNPACK:
    return xnnpackSupports(*q, why);
  default:
    return 0;
  }
}

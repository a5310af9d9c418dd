// The backend capability table: which (op, dtypes, fusions, layout) each backend runs natively.
#include "runtime/Internal.h"

namespace {

bool isQ(qrt_dtype t) { return t == QRT_U8 || t == QRT_S8; }

bool refSupports(const qrt_capability_query &q, const char **why) {
  // The reference backend runs every op/dtype combination the create
  // functions accept; NHWC only.
  if (q.layout != QRT_LAYOUT_NHWC) {
    *why = "only NHWC activations are supported";
    return false;
  }
  return true;
}

bool onednnSupports(const qrt_capability_query &q, const char **why) {
  if (q.op != QRT_OP_CONV2D && q.op != QRT_OP_FULLY_CONNECTED) {
    *why = "the onednn backend implements only conv2d and fully_connected";
    return false;
  }
  if (q.layout != QRT_LAYOUT_NHWC) {
    *why = "only NHWC activations are supported";
    return false;
  }
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
  const bool f32 = q.input_dtype == QRT_F32 && q.weight_dtype == QRT_F32 &&
                   q.output_dtype == QRT_F32;
  const bool s8 = q.input_dtype == QRT_S8 && q.weight_dtype == QRT_S8 &&
                  q.output_dtype == QRT_S8;
  const bool u8 = q.input_dtype == QRT_U8 && q.weight_dtype == QRT_U8 &&
                  q.output_dtype == QRT_U8;
  switch (q.op) {
  case QRT_OP_CONV2D:
  case QRT_OP_FULLY_CONNECTED:
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
    *why = "op not implemented in the xnnpack backend";
    return false;
  }
}

} // namespace

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
      qrt::rawEnum(q->activation) < QRT_ACT_NONE || qrt::rawEnum(q->activation) > QRT_ACT_CLAMP ||
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

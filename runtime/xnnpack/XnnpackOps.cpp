// XNNPACK backend: conv2d/fully-connected (f32, qc8, qs8, qu8) and add/mul (f32, qs8, qu8), NHWC.
#include "runtime/Internal.h"

#include <pthreadpool.h>
#include <xnnpack.h>

#include <array>
#include <cfloat>
#include <functional>
#include <cstring>
#include <mutex>
#include <vector>

namespace qrt {
namespace xnnpack {

namespace {

std::string statusStr(xnn_status s) { return "xnn_status " + std::to_string((int)s); }

/// Owns one XNNPACK operator; run() re-binds the buffers (setup) then runs.
class XnnKernel final : public qrt_kernel {
public:
  ~XnnKernel() override {
    if (xop)
      xnn_delete_operator(xop);
    for (xnn_operator_t o : extra)
      if (o)
        xnn_delete_operator(o);
  }
  qrt_status run(const void *const *in, void *const *out) override {
    if (skipWhenAliased && in[0] == out[0])
      return QRT_OK;
    // Two thread pools must not share the cores: after each oneDNN kernel
    // its OpenMP workers spin for a while, so a pthreadpool worker waiting
    // for a core stalls an XNNPACK kernel by a scheduler time slice
    // (mobilenet_v3 int8 on oneDNN with XNNPACK gates at 2 threads: 3 -> 68
    // ms). In a context that runs oneDNN kernels XNNPACK runs on the
    // calling thread.
    pthreadpool_t tp =
        ctx && !ctx->usesOpenMP ? (pthreadpool_t)ctx->threadpool : nullptr;
    xnn_status s = setup(in, out, tp);
    if (s == xnn_status_success)
      s = xnn_run_operator(xop, tp);
    for (size_t i = 0; s == xnn_status_success && i < extra.size(); ++i)
      s = xnn_run_operator(extra[i], tp);
    if (s != xnn_status_success)
      return fail(QRT_ERR_BACKEND, "xnnpack run failed: " + statusStr(s));
    return QRT_OK;
  }

  xnn_operator_t xop = nullptr;
  std::vector<xnn_operator_t> extra; // further operators run after xop (concat)
  bool skipWhenAliased = false;      // reshape in place: nothing to copy
  std::function<xnn_status(const void *const *, void *const *, pthreadpool_t)> setup;
};

int8_t s8(int32_t v) { return (int8_t)v; }
uint8_t u8(int32_t v) { return (uint8_t)v; }

} // namespace

qrt_status init() {
  static std::once_flag once;
  static xnn_status st = xnn_status_success;
  std::call_once(once, [] { st = xnn_initialize(nullptr); });
  if (st != xnn_status_success)
    return fail(QRT_ERR_BACKEND, "xnn_initialize failed: " + statusStr(st));
  return QRT_OK;
}

void *createThreadpool(int threads) { return pthreadpool_create((size_t)threads); }
void destroyThreadpool(void *tp) {
  if (tp)
    pthreadpool_destroy((pthreadpool_t)tp);
}

qrt_status createConv(qrt_context *ctx, const ConvOp &op, std::unique_ptr<qrt_kernel> &out,
                      std::string &why) {
  if (op.x.numel() == 0 || op.y.numel() == 0) {
    why = "empty tensors";
    return QRT_OK;
  }
  if (op.w.zp != 0 && op.w.dtype == QRT_S8) {
    why = "XNNPACK s8 weights must have zero point 0";
    return QRT_OK;
  }
  auto k = std::make_unique<XnnKernel>();
  k->ctx = ctx;
  const uint32_t G = op.groups;
  const size_t cpg = op.cpg(), opg = op.opg();
  xnn_status s;
  std::vector<float> wscales;
  int32_t lo = 0, hi = 0;
  if (op.int8()) {
    activationBounds(op.act, op.y, lo, hi);
    if (lo >= hi) {
      why = "XNNPACK needs output_min < output_max (the fused clamp is degenerate)";
      return QRT_OK;
    }
  }
  const void *bias = op.hasBias ? op.bdata.data() : nullptr;
#define QRT_XNN_CONV_GEOM                                                      \
  (uint32_t)op.pt, (uint32_t)op.pr, (uint32_t)op.pb, (uint32_t)op.pl,          \
      (uint32_t)op.KH, (uint32_t)op.KW, (uint32_t)op.sh, (uint32_t)op.sw,      \
      (uint32_t)op.dh, (uint32_t)op.dw, G, cpg, opg, (size_t)op.C, (size_t)op.O
  if (!op.int8()) {
    float flo, fhi;
    activationBoundsF32(op.act, flo, fhi);
    s = xnn_create_convolution2d_nhwc_f32(
        QRT_XNN_CONV_GEOM, (const float *)op.wdata.data(), (const float *)bias,
        std::isfinite(flo) ? flo : -INFINITY, std::isfinite(fhi) ? fhi : INFINITY, 0, &k->xop);
    int64_t N = op.N, H = op.H, W = op.W;
    XnnKernel *kp = k.get();
    k->setup = [N, H, W, kp](const void *const *in, void *const *o, pthreadpool_t tp) {
      return xnn_setup_convolution2d_nhwc_f32(kp->xop, N, H, W, (const float *)in[0],
                                              (float *)o[0], tp);
    };
  } else if (op.x.dtype == QRT_S8 && op.w.perChannel()) {
    wscales = op.w.scales;
    s = xnn_create_convolution2d_nhwc_qc8(
        QRT_XNN_CONV_GEOM, s8(op.x.zp), op.x.scale, wscales.data(),
        (const int8_t *)op.wdata.data(), (const int32_t *)bias, s8(op.y.zp), op.y.scale,
        s8(lo), s8(hi), 0, &k->xop);
    int64_t N = op.N, H = op.H, W = op.W;
    XnnKernel *kp = k.get();
    k->setup = [N, H, W, kp](const void *const *in, void *const *o, pthreadpool_t tp) {
      return xnn_setup_convolution2d_nhwc_qc8(kp->xop, N, H, W, (const int8_t *)in[0],
                                              (int8_t *)o[0], tp);
    };
  } else if (op.x.dtype == QRT_S8) {
    s = xnn_create_convolution2d_nhwc_qs8(
        QRT_XNN_CONV_GEOM, s8(op.x.zp), op.x.scale, op.w.scale,
        (const int8_t *)op.wdata.data(), (const int32_t *)bias, s8(op.y.zp), op.y.scale,
        s8(lo), s8(hi), 0, &k->xop);
    int64_t N = op.N, H = op.H, W = op.W;
    XnnKernel *kp = k.get();
    k->setup = [N, H, W, kp](const void *const *in, void *const *o, pthreadpool_t tp) {
      return xnn_setup_convolution2d_nhwc_qs8(kp->xop, N, H, W, (const int8_t *)in[0],
                                              (int8_t *)o[0], tp);
    };
  } else {
    s = xnn_create_convolution2d_nhwc_qu8(
        QRT_XNN_CONV_GEOM, u8(op.x.zp), op.x.scale, u8(op.w.zp), op.w.scale,
        (const uint8_t *)op.wdata.data(), (const int32_t *)bias, u8(op.y.zp), op.y.scale,
        u8(lo), u8(hi), 0, &k->xop);
    int64_t N = op.N, H = op.H, W = op.W;
    XnnKernel *kp = k.get();
    k->setup = [N, H, W, kp](const void *const *in, void *const *o, pthreadpool_t tp) {
      return xnn_setup_convolution2d_nhwc_qu8(kp->xop, N, H, W, (const uint8_t *)in[0],
                                              (uint8_t *)o[0], tp);
    };
  }
#undef QRT_XNN_CONV_GEOM
  if (s == xnn_status_unsupported_parameter || s == xnn_status_unsupported_hardware ||
      s == xnn_status_invalid_parameter) {
    why = "XNNPACK rejected the parameters (" + statusStr(s) +
          "; e.g. a requantization scale outside its range)";
    return QRT_OK;
  }
  if (s != xnn_status_success)
    return fail(QRT_ERR_BACKEND, "xnnpack conv create failed: " + statusStr(s));
  out = std::move(k);
  return QRT_OK;
}

qrt_status createBinary(qrt_context *ctx, const BinaryOp &op, std::unique_ptr<qrt_kernel> &out,
                        std::string &why) {
  if (op.a.rank > XNN_MAX_TENSOR_DIMS || op.b.rank > XNN_MAX_TENSOR_DIMS) {
    why = "XNNPACK binary ops support at most 6 dimensions";
    return QRT_OK;
  }
  if (op.y.numel() == 0) {
    why = "empty tensors";
    return QRT_OK;
  }
  auto k = std::make_unique<XnnKernel>();
  k->ctx = ctx;
  const bool add = op.op == QRT_OP_ADD;
  xnn_status s;
  std::array<size_t, XNN_MAX_TENSOR_DIMS> sa{}, sb{};
  for (int i = 0; i < op.a.rank; ++i)
    sa[i] = op.a.dims[i];
  for (int i = 0; i < op.b.rank; ++i)
    sb[i] = op.b.dims[i];
  size_t ra = op.a.rank, rb = op.b.rank;
  XnnKernel *kp = k.get();
  if (op.y.dtype == QRT_F32) {
    float lo, hi;
    activationBoundsF32(op.act, lo, hi);
    s = add ? xnn_create_add_nd_f32(lo, hi, 0, &k->xop)
            : xnn_create_multiply_nd_f32(lo, hi, 0, &k->xop);
    k->setup = [=](const void *const *in, void *const *o, pthreadpool_t tp) {
      auto f = add ? xnn_setup_add_nd_f32 : xnn_setup_multiply_nd_f32;
      return f(kp->xop, ra, sa.data(), rb, sb.data(), (const float *)in[0],
               (const float *)in[1], (float *)o[0], tp);
    };
  } else {
    int32_t lo, hi;
    activationBounds(op.act, op.y, lo, hi);
    if (op.y.dtype == QRT_S8) {
      auto c = add ? xnn_create_add_nd_qs8 : xnn_create_multiply_nd_qs8;
      s = c(s8(op.a.zp), op.a.scale, s8(op.b.zp), op.b.scale, s8(op.y.zp), op.y.scale, s8(lo),
            s8(hi), 0, &k->xop);
      k->setup = [=](const void *const *in, void *const *o, pthreadpool_t tp) {
        auto f = add ? xnn_setup_add_nd_qs8 : xnn_setup_multiply_nd_qs8;
        return f(kp->xop, ra, sa.data(), rb, sb.data(), (const int8_t *)in[0],
                 (const int8_t *)in[1], (int8_t *)o[0], tp);
      };
    } else {
      auto c = add ? xnn_create_add_nd_qu8 : xnn_create_multiply_nd_qu8;
      s = c(u8(op.a.zp), op.a.scale, u8(op.b.zp), op.b.scale, u8(op.y.zp), op.y.scale, u8(lo),
            u8(hi), 0, &k->xop);
      k->setup = [=](const void *const *in, void *const *o, pthreadpool_t tp) {
        auto f = add ? xnn_setup_add_nd_qu8 : xnn_setup_multiply_nd_qu8;
        return f(kp->xop, ra, sa.data(), rb, sb.data(), (const uint8_t *)in[0],
                 (const uint8_t *)in[1], (uint8_t *)o[0], tp);
      };
    }
  }
  if (s == xnn_status_unsupported_parameter || s == xnn_status_invalid_parameter) {
    why = "XNNPACK rejected the quantization parameters (" + statusStr(s) + ")";
    return QRT_OK;
  }
  if (s != xnn_status_success)
    return fail(QRT_ERR_BACKEND, "xnnpack binary create failed: " + statusStr(s));
  out = std::move(k);
  return QRT_OK;
}

namespace {

/// Maps an XNNPACK create status to a fallback (parameters it rejects) or an error.
qrt_status createStatus(xnn_status s, const char *what, std::string &why) {
  if (s == xnn_status_unsupported_parameter || s == xnn_status_invalid_parameter ||
      s == xnn_status_unsupported_hardware) {
    why = std::string("XNNPACK rejected the ") + what + " parameters (" + statusStr(s) + ")";
    return QRT_OK;
  }
  if (s != xnn_status_success)
    return fail(QRT_ERR_BACKEND, std::string("xnnpack ") + what + " create failed: " +
                                     statusStr(s));
  return QRT_OK;
}

/// Rows x channels view of a tensor for XNNPACK's `nc` operators (softmax
/// needs the last axis as channels; elementwise ops may use any split).
void ncShape(const Tensor &t, size_t &rows, size_t &channels) {
  channels = t.rank ? (size_t)t.dims[t.rank - 1] : 1;
  rows = channels ? (size_t)(t.numel() / (int64_t)channels) : 0;
}

} // namespace

/// Returns from the enclosing create on a rejected/failed XNNPACK create.
#define QRT_XNN_TRY(s, what)                                                   \
  do {                                                                         \
    qrt_status st_ = createStatus((s), (what), why);                           \
    if (st_ != QRT_OK || (s) != xnn_status_success)                            \
      return st_;                                                              \
  } while (0)

qrt_status createPool(qrt_context *ctx, const PoolOp &op, std::unique_ptr<qrt_kernel> &out,
                      std::string &why) {
  if (op.x.numel() == 0 || op.y.numel() == 0) {
    why = "empty tensors";
    return QRT_OK;
  }
  auto k = std::make_unique<XnnKernel>();
  k->ctx = ctx;
  XnnKernel *kp = k.get();
  const size_t N = op.x.dims[0], H = op.x.dims[1], W = op.x.dims[2], C = op.x.dims[3];
  const qrt_dtype t = op.x.dtype;
  xnn_status s = xnn_status_success;
  if (op.op == QRT_OP_GLOBAL_AVG_POOL) {
    if (t == QRT_F32)
      s = xnn_create_global_average_pooling_nwc_f32(C, C, C, -INFINITY, INFINITY, 0, &k->xop);
    else if (t == QRT_S8)
      s = xnn_create_global_average_pooling_nwc_qs8(C, C, C, s8(op.x.zp), op.x.scale,
                                                    s8(op.y.zp), op.y.scale, -128, 127, 0,
                                                    &k->xop);
    else
      s = xnn_create_global_average_pooling_nwc_qu8(C, C, C, u8(op.x.zp), op.x.scale,
                                                    u8(op.y.zp), op.y.scale, 0, 255, 0,
                                                    &k->xop);
    k->setup = [=](const void *const *in, void *const *o, pthreadpool_t tp) {
      if (t == QRT_F32)
        return xnn_setup_global_average_pooling_nwc_f32(kp->xop, N, H * W, (const float *)in[0],
                                                        (float *)o[0], tp);
      if (t == QRT_S8)
        return xnn_setup_global_average_pooling_nwc_qs8(kp->xop, N, H * W,
                                                        (const int8_t *)in[0], (int8_t *)o[0], tp);
      return xnn_setup_global_average_pooling_nwc_qu8(kp->xop, N, H * W, (const uint8_t *)in[0],
                                                      (uint8_t *)o[0], tp);
    };
  } else {
    if (op.kh * op.kw <= 1) {
      why = "XNNPACK pooling needs a window of more than one element";
      return QRT_OK;
    }
    const bool padded = op.pt || op.pl || op.pb || op.pr;
    // Measured: with padding, XNNPACK's f32 average pooling divides by the
    // in-bounds count, its qu8 one pads with the zero point and divides by
    // the full window (count_include_pad).
    if (op.op == QRT_OP_AVG_POOL && padded && t == QRT_F32 && op.countIncludePad) {
      why = "XNNPACK f32 average pooling divides by the in-bounds count only";
      return QRT_OK;
    }
    if (op.op == QRT_OP_AVG_POOL && padded && t == QRT_U8 && !op.countIncludePad) {
      why = "XNNPACK qu8 average pooling counts the padding (count_include_pad only)";
      return QRT_OK;
    }
    const uint32_t pt = op.pt, pr = op.pr, pb = op.pb, pl = op.pl, kh = op.kh, kw = op.kw,
                   sh = op.sh, sw = op.sw;
    if (op.op == QRT_OP_MAX_POOL) {
      if (t == QRT_F32)
        s = xnn_create_max_pooling2d_nhwc_f32(pt, pr, pb, pl, kh, kw, sh, sw, 1, 1, C, C, C,
                                              -INFINITY, INFINITY, 0, &k->xop);
      else if (t == QRT_S8)
        s = xnn_create_max_pooling2d_nhwc_s8(pt, pr, pb, pl, kh, kw, sh, sw, 1, 1, C, C, C, -128,
                                             127, 0, &k->xop);
      else
        s = xnn_create_max_pooling2d_nhwc_u8(pt, pr, pb, pl, kh, kw, sh, sw, 1, 1, C, C, C, 0,
                                             255, 0, &k->xop);
      k->setup = [=](const void *const *in, void *const *o, pthreadpool_t tp) {
        if (t == QRT_F32)
          return xnn_setup_max_pooling2d_nhwc_f32(kp->xop, N, H, W, (const float *)in[0],
                                                  (float *)o[0], tp);
        if (t == QRT_S8)
          return xnn_setup_max_pooling2d_nhwc_s8(kp->xop, N, H, W, (const int8_t *)in[0],
                                                 (int8_t *)o[0], tp);
        return xnn_setup_max_pooling2d_nhwc_u8(kp->xop, N, H, W, (const uint8_t *)in[0],
                                               (uint8_t *)o[0], tp);
      };
    } else {
      if (t == QRT_S8) {
        why = "XNNPACK (2022-02) has no qs8 average pooling";
        return QRT_OK;
      }
      if (t == QRT_F32)
        s = xnn_create_average_pooling2d_nhwc_f32(pt, pr, pb, pl, kh, kw, sh, sw, C, C, C,
                                                  -INFINITY, INFINITY, 0, &k->xop);
      else
        s = xnn_create_average_pooling2d_nhwc_qu8(pt, pr, pb, pl, kh, kw, sh, sw, C, C, C,
                                                  u8(op.x.zp), op.x.scale, u8(op.y.zp),
                                                  op.y.scale, 0, 255, 0, &k->xop);
      k->setup = [=](const void *const *in, void *const *o, pthreadpool_t tp) {
        if (t == QRT_F32)
          return xnn_setup_average_pooling2d_nhwc_f32(kp->xop, N, H, W, (const float *)in[0],
                                                      (float *)o[0], tp);
        return xnn_setup_average_pooling2d_nhwc_qu8(kp->xop, N, H, W, (const uint8_t *)in[0],
                                                    (uint8_t *)o[0], tp);
      };
    }
  }
  QRT_XNN_TRY(s, "pooling");
  out = std::move(k);
  return QRT_OK;
}

qrt_status createUnary(qrt_context *ctx, const UnaryOp &op, std::unique_ptr<qrt_kernel> &out,
                       std::string &why) {
  if (op.x.numel() == 0) {
    why = "empty tensors";
    return QRT_OK;
  }
  const qrt_dtype t = op.x.dtype;
  if (t != op.y.dtype) {
    why = "XNNPACK needs equal input and output dtypes";
    return QRT_OK;
  }
  // XNNPACK's quantized sigmoid/softmax have a fixed output encoding.
  const int32_t fixedZp = t == QRT_S8 ? -128 : 0;
  if (t != QRT_F32 && op.op != QRT_OP_HARD_SWISH &&
      (op.y.scale != 1.f / 256.f || op.y.zp != fixedZp)) {
    why = std::string("XNNPACK quantized ") + qrt_op_name(op.op) +
          " needs output scale 1/256 and zero point " + std::to_string(fixedZp);
    return QRT_OK;
  }
  auto k = std::make_unique<XnnKernel>();
  k->ctx = ctx;
  XnnKernel *kp = k.get();
  size_t rows, ch;
  ncShape(op.x, rows, ch);
  xnn_status s = xnn_status_unsupported_parameter;
  const qrt_op kind = op.op;
  if (kind == QRT_OP_SIGMOID) {
    if (t == QRT_F32)
      s = xnn_create_sigmoid_nc_f32(ch, ch, ch, 0, &k->xop);
    else if (t == QRT_S8)
      s = xnn_create_sigmoid_nc_qs8(ch, ch, ch, s8(op.x.zp), op.x.scale, s8(op.y.zp), op.y.scale,
                                    -128, 127, 0, &k->xop);
    else
      s = xnn_create_sigmoid_nc_qu8(ch, ch, ch, u8(op.x.zp), op.x.scale, u8(op.y.zp), op.y.scale,
                                    0, 255, 0, &k->xop);
  } else if (kind == QRT_OP_HARD_SWISH) {
    if (t != QRT_F32) {
      why = "XNNPACK (2022-02) hardswish exists only for f32";
      return QRT_OK;
    }
    s = xnn_create_hardswish_nc_f32(ch, ch, ch, 0, &k->xop);
  } else {
    if (t == QRT_S8) {
      why = "XNNPACK (2022-02) has no qs8 softmax";
      return QRT_OK;
    }
    if (t == QRT_F32)
      s = xnn_create_softmax_nc_f32(ch, ch, ch, 0, &k->xop);
    else
      s = xnn_create_softmax_nc_qu8(ch, ch, ch, op.x.scale, u8(op.y.zp), op.y.scale, 0,
                                    &k->xop);
  }
  k->setup = [=](const void *const *in, void *const *o, pthreadpool_t tp) {
    if (kind == QRT_OP_SIGMOID) {
      if (t == QRT_F32)
        return xnn_setup_sigmoid_nc_f32(kp->xop, rows, (const float *)in[0], (float *)o[0], tp);
      if (t == QRT_S8)
        return xnn_setup_sigmoid_nc_qs8(kp->xop, rows, (const int8_t *)in[0], (int8_t *)o[0], tp);
      return xnn_setup_sigmoid_nc_qu8(kp->xop, rows, (const uint8_t *)in[0], (uint8_t *)o[0], tp);
    }
    if (kind == QRT_OP_HARD_SWISH)
      return xnn_setup_hardswish_nc_f32(kp->xop, rows, (const float *)in[0], (float *)o[0], tp);
    if (t == QRT_F32)
      return xnn_setup_softmax_nc_f32(kp->xop, rows, (const float *)in[0], (float *)o[0], tp);
    return xnn_setup_softmax_nc_qu8(kp->xop, rows, (const uint8_t *)in[0], (uint8_t *)o[0], tp);
  };
  QRT_XNN_TRY(s, qrt_op_name(kind));
  out = std::move(k);
  return QRT_OK;
}

qrt_status createConvert(qrt_context *ctx, const ConvertOp &op, std::unique_ptr<qrt_kernel> &out,
                         std::string &why) {
  if (op.x.numel() == 0) {
    why = "empty tensors";
    return QRT_OK;
  }
  if (op.op == QRT_OP_REQUANTIZE) {
    why = "XNNPACK (2022-02) has no int8 -> int8 requantize operator";
    return QRT_OK;
  }
  if (op.x.perChannel() || op.y.perChannel()) {
    why = "XNNPACK convert is per-tensor only";
    return QRT_OK;
  }
  auto k = std::make_unique<XnnKernel>();
  k->ctx = ctx;
  XnnKernel *kp = k.get();
  size_t rows, ch;
  ncShape(op.x, rows, ch);
  xnn_status s;
  const bool quant = op.op == QRT_OP_QUANTIZE;
  const qrt_dtype qt = quant ? op.y.dtype : op.x.dtype;
  if (quant)
    s = qt == QRT_S8 ? xnn_create_convert_nc_f32_qs8(ch, ch, ch, op.y.scale, s8(op.y.zp), -128,
                                                     127, 0, &k->xop)
                     : xnn_create_convert_nc_f32_qu8(ch, ch, ch, op.y.scale, u8(op.y.zp), 0,
                                                     255, 0, &k->xop);
  else
    s = qt == QRT_S8
            ? xnn_create_convert_nc_qs8_f32(ch, ch, ch, op.x.scale, s8(op.x.zp), 0, &k->xop)
            : xnn_create_convert_nc_qu8_f32(ch, ch, ch, op.x.scale, u8(op.x.zp), 0, &k->xop);
  k->setup = [=](const void *const *in, void *const *o, pthreadpool_t tp) {
    if (quant)
      return qt == QRT_S8 ? xnn_setup_convert_nc_f32_qs8(kp->xop, rows, (const float *)in[0],
                                                         (int8_t *)o[0], tp)
                          : xnn_setup_convert_nc_f32_qu8(kp->xop, rows, (const float *)in[0],
                                                         (uint8_t *)o[0], tp);
    return qt == QRT_S8 ? xnn_setup_convert_nc_qs8_f32(kp->xop, rows, (const int8_t *)in[0],
                                                       (float *)o[0], tp)
                        : xnn_setup_convert_nc_qu8_f32(kp->xop, rows, (const uint8_t *)in[0],
                                                       (float *)o[0], tp);
  };
  QRT_XNN_TRY(s, "convert");
  out = std::move(k);
  return QRT_OK;
}

namespace {

/// A strided copy of `rows` x `channels` elements (1 or 4 bytes each).
xnn_status createCopy(size_t esz, size_t channels, size_t inStride, size_t outStride,
                      xnn_operator_t *op) {
  return esz == 1 ? xnn_create_copy_nc_x8(channels, inStride, outStride, 0, op)
                  : xnn_create_copy_nc_x32(channels, inStride, outStride, 0, op);
}
xnn_status setupCopy(size_t esz, xnn_operator_t op, size_t rows, const void *in, void *out,
                     pthreadpool_t tp) {
  return esz == 1 ? xnn_setup_copy_nc_x8(op, rows, in, out, tp)
                  : xnn_setup_copy_nc_x32(op, rows, in, out, tp);
}

} // namespace

qrt_status createConcat(qrt_context *ctx, const ConcatOp &op, std::unique_ptr<qrt_kernel> &out,
                        std::string &why) {
  if (op.y.numel() == 0) {
    why = "empty tensors";
    return QRT_OK;
  }
  for (const Tensor &x : op.xs) {
    if (x.dtype != op.y.dtype || (x.isQuant() && !x.sameQuant(op.y))) {
      why = "XNNPACK concat (strided copies) does not requantize: every input needs the "
            "output's dtype and quant params";
      return QRT_OK;
    }
    if (x.numel() == 0) {
      why = "empty concat input";
      return QRT_OK;
    }
  }
  // y viewed as [outer, axis * inner]: input i is a strided copy of
  // [outer, len_i * inner] rows into the column range at its offset.
  int64_t outer = 1, inner = 1;
  for (int d = 0; d < op.axis; ++d)
    outer *= op.y.dims[d];
  for (int d = op.axis + 1; d < op.y.rank; ++d)
    inner *= op.y.dims[d];
  const size_t esz = dtypeSize(op.y.dtype), yRow = op.y.dims[op.axis] * inner;
  auto k = std::make_unique<XnnKernel>();
  k->ctx = ctx;
  XnnKernel *kp = k.get();
  std::vector<size_t> offsets;
  size_t off = 0;
  for (size_t i = 0; i < op.xs.size(); ++i) {
    const size_t row = op.xs[i].dims[op.axis] * inner;
    xnn_operator_t o = nullptr;
    xnn_status s = createCopy(esz, row, row, yRow, &o);
    if (i == 0)
      k->xop = o;
    else
      k->extra.push_back(o);
    QRT_XNN_TRY(s, "concat copy");
    offsets.push_back(off);
    off += row;
  }
  const size_t rows = outer;
  k->setup = [kp, esz, rows, offsets](const void *const *in, void *const *o, pthreadpool_t tp) {
    xnn_status s = xnn_status_success;
    for (size_t i = 0; s == xnn_status_success && i < offsets.size(); ++i)
      s = setupCopy(esz, i ? kp->extra[i - 1] : kp->xop, rows, in[i],
                    (uint8_t *)o[0] + offsets[i] * esz, tp);
    return s;
  };
  out = std::move(k);
  return QRT_OK;
}

qrt_status createResize(qrt_context *ctx, const ResizeOp &op, std::unique_ptr<qrt_kernel> &out,
                        std::string &why) {
  if (op.x.numel() == 0 || op.y.numel() == 0) {
    why = "empty tensors";
    return QRT_OK;
  }
  if (op.mode != QRT_RESIZE_BILINEAR) {
    why = "XNNPACK (2022-02) has only bilinear resize";
    return QRT_OK;
  }
  const qrt_dtype t = op.x.dtype;
  if (t != op.y.dtype || (t != QRT_F32 && !op.x.sameQuant(op.y))) {
    why = "XNNPACK resize does not requantize: output params must equal the input's";
    return QRT_OK;
  }
  const uint32_t flags = op.coord == QRT_COORD_ALIGN_CORNERS ? XNN_FLAG_ALIGN_CORNERS
                         : op.coord == QRT_COORD_ASYMMETRIC  ? XNN_FLAG_TENSORFLOW_LEGACY_MODE
                                                             : 0;
  auto k = std::make_unique<XnnKernel>();
  k->ctx = ctx;
  XnnKernel *kp = k.get();
  const size_t N = op.x.dims[0], H = op.x.dims[1], W = op.x.dims[2], C = op.x.dims[3];
  const size_t OH = op.y.dims[1], OW = op.y.dims[2];
  xnn_status s = t == QRT_F32  ? xnn_create_resize_bilinear2d_nhwc_f32(C, C, C, flags, &k->xop)
                 : t == QRT_S8 ? xnn_create_resize_bilinear2d_nhwc_s8(C, C, C, flags, &k->xop)
                               : xnn_create_resize_bilinear2d_nhwc_u8(C, C, C, flags, &k->xop);
  k->setup = [=](const void *const *in, void *const *o, pthreadpool_t tp) {
    if (t == QRT_F32)
      return xnn_setup_resize_bilinear2d_nhwc_f32(kp->xop, N, H, W, OH, OW, (const float *)in[0],
                                                  (float *)o[0], tp);
    if (t == QRT_S8)
      return xnn_setup_resize_bilinear2d_nhwc_s8(kp->xop, N, H, W, OH, OW, (const int8_t *)in[0],
                                                 (int8_t *)o[0], tp);
    return xnn_setup_resize_bilinear2d_nhwc_u8(kp->xop, N, H, W, OH, OW, (const uint8_t *)in[0],
                                               (uint8_t *)o[0], tp);
  };
  QRT_XNN_TRY(s, "resize");
  out = std::move(k);
  return QRT_OK;
}

qrt_status createLayout(qrt_context *ctx, const LayoutOp &op, std::unique_ptr<qrt_kernel> &out,
                        std::string &why) {
  if (op.x.numel() == 0) {
    why = "empty tensors";
    return QRT_OK;
  }
  if (op.op == QRT_OP_TRANSPOSE) {
    why = "XNNPACK (2022-02) has no transpose operator";
    return QRT_OK;
  }
  // reshape: one flat copy of the bytes.
  const size_t n = op.x.numel() * dtypeSize(op.x.dtype);
  auto k = std::make_unique<XnnKernel>();
  k->ctx = ctx;
  k->skipWhenAliased = true;
  XnnKernel *kp = k.get();
  xnn_status s = xnn_create_copy_nc_x8(n, n, n, 0, &k->xop);
  k->setup = [kp](const void *const *in, void *const *o, pthreadpool_t tp) {
    return xnn_setup_copy_nc_x8(kp->xop, 1, in[0], o[0], tp);
  };
  QRT_XNN_TRY(s, "reshape copy");
  out = std::move(k);
  return QRT_OK;
}

} // namespace xnnpack
} // namespace qrt

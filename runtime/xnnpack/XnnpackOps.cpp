// XNNPACK backend: conv2d/fully-connected (f32, qc8, qs8, qu8) and add/mul (f32, qs8, qu8), NHWC.
#include "runtime/Internal.h"

#include <pthreadpool.h>
#include <xnnpack.h>

#include <array>
#include <cfloat>
#include <functional>
#include <cstring>
#include <mutex>

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
  }
  qrt_status run(const void *const *in, void *const *out) override {
    pthreadpool_t tp = ctx ? (pthreadpool_t)ctx->threadpool : nullptr;
    xnn_status s = setup(in, out, tp);
    if (s == xnn_status_success)
      s = xnn_run_operator(xop, tp);
    if (s != xnn_status_success)
      return fail(QRT_ERR_BACKEND, "xnnpack run failed: " + statusStr(s));
    return QRT_OK;
  }

  xnn_operator_t xop = nullptr;
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

} // namespace xnnpack
} // namespace qrt

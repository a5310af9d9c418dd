// C ABI glue: errors, context, validation of op params, and backend dispatch with ref fallback.
#include "runtime/Internal.h"

#include <chrono>
#include <cstring>
#include <new>

using namespace qrt;

namespace {
thread_local std::string lastError;
} // namespace

namespace qrt {

qrt_status fail(qrt_status st, std::string msg) {
  lastError = std::move(msg);
  return st;
}
void setMessage(std::string msg) { lastError = std::move(msg); }

size_t dtypeSize(qrt_dtype t) {
  switch (t) {
  case QRT_F32:
  case QRT_S32:
    return 4;
  default:
    return 1;
  }
}
int32_t dtypeMin(qrt_dtype t) { return t == QRT_U8 ? 0 : (t == QRT_S8 ? -128 : INT32_MIN); }
int32_t dtypeMax(qrt_dtype t) { return t == QRT_U8 ? 255 : (t == QRT_S8 ? 127 : INT32_MAX); }

static bool validDtype(int32_t t) { return t >= QRT_F32 && t <= QRT_S32; }

qrt_status importTensor(const qrt_tensor_desc &d, const char *what, Tensor &out) {
  if (!validDtype(rawEnum(d.dtype)))
    return fail(QRT_ERR_DTYPE, std::string(what) + ": invalid dtype " +
                                   std::to_string(rawEnum(d.dtype)));
  if (d.rank < 0 || d.rank > QRT_MAX_RANK)
    return fail(QRT_ERR_SHAPE, std::string(what) + ": rank " +
                                   std::to_string(d.rank) + " out of [0, 8]");
  out = Tensor();
  out.dtype = d.dtype;
  out.rank = d.rank;
  for (int i = 0; i < d.rank; ++i) {
    if (d.dims[i] < 0 || d.dims[i] > (int64_t(1) << 40))
      return fail(QRT_ERR_SHAPE, std::string(what) + ": dim " + std::to_string(i) +
                                     " = " + std::to_string(d.dims[i]) + " invalid");
    out.dims[i] = d.dims[i];
  }
  if (d.dtype == QRT_U8 || d.dtype == QRT_S8) {
    out.zp = d.quant.zero_point;
    if (out.zp < dtypeMin(d.dtype) || out.zp > dtypeMax(d.dtype))
      return fail(QRT_ERR_INVALID_ARGUMENT,
                  std::string(what) + ": zero point " + std::to_string(out.zp) +
                      " outside the storage type's range");
    if (d.quant.axis >= 0) {
      if (d.quant.axis >= d.rank)
        return fail(QRT_ERR_INVALID_ARGUMENT, std::string(what) + ": quant axis out of range");
      if (!d.quant.scales)
        return fail(QRT_ERR_NULL_POINTER, std::string(what) + ": per-channel scales are NULL");
      out.axis = d.quant.axis;
      out.scales.assign(d.quant.scales, d.quant.scales + d.dims[d.quant.axis]);
      for (float s : out.scales)
        if (!(s > 0.f) || !std::isfinite(s))
          return fail(QRT_ERR_INVALID_ARGUMENT, std::string(what) + ": scales must be finite and > 0");
    } else {
      out.scale = d.quant.scale;
      if (!(out.scale > 0.f) || !std::isfinite(out.scale))
        return fail(QRT_ERR_INVALID_ARGUMENT, std::string(what) + ": scale must be finite and > 0");
    }
  }
  return QRT_OK;
}

void activationBoundsF32(const qrt_activation &act, float &lo, float &hi) {
  lo = -INFINITY;
  hi = INFINITY;
  if (act.kind == QRT_ACT_RELU || act.kind == QRT_ACT_RELU6)
    lo = 0.f;
  if (act.kind == QRT_ACT_RELU6)
    hi = 6.f;
  if (act.kind == QRT_ACT_CLAMP) {
    lo = act.min;
    hi = act.max;
  }
}

void activationBounds(const qrt_activation &act, const Tensor &y, int32_t &lo, int32_t &hi) {
  float flo, fhi;
  activationBoundsF32(act, flo, fhi);
  lo = dtypeMin(y.dtype);
  hi = dtypeMax(y.dtype);
  if (std::isfinite(flo))
    lo = std::max(lo, quantizeValue(flo, y.scale, y.zp, y.dtype));
  if (std::isfinite(fhi))
    hi = std::min(hi, quantizeValue(fhi, y.scale, y.zp, y.dtype));
}

} // namespace qrt

extern "C" {

const char *qrt_last_error(void) { return lastError.c_str(); }

const char *qrt_status_name(qrt_status s) {
  switch (rawEnum(s)) {
  case QRT_OK: return "QRT_OK";
  case QRT_ERR_NULL_POINTER: return "QRT_ERR_NULL_POINTER";
  case QRT_ERR_INVALID_ARGUMENT: return "QRT_ERR_INVALID_ARGUMENT";
  case QRT_ERR_SHAPE: return "QRT_ERR_SHAPE";
  case QRT_ERR_DTYPE: return "QRT_ERR_DTYPE";
  case QRT_ERR_UNSUPPORTED: return "QRT_ERR_UNSUPPORTED";
  case QRT_ERR_BACKEND: return "QRT_ERR_BACKEND";
  case QRT_ERR_OUT_OF_MEMORY: return "QRT_ERR_OUT_OF_MEMORY";
  }
  return "QRT_ERR_UNKNOWN";
}

const char *qrt_op_name(qrt_op op) {
  static const char *names[] = {"conv2d", "fully_connected", "add", "mul", "max_pool",
                                "avg_pool", "global_avg_pool", "concat", "resize",
                                "sigmoid", "hard_swish", "softmax", "quantize",
                                "dequantize", "requantize", "reshape", "transpose",
                                "sub", "div", "tanh", "leaky_relu", "hard_sigmoid",
                                "relu", "clamp", "pad", "slice", "reduce_mean", "swish"};
  static_assert(sizeof(names) / sizeof(names[0]) == QRT_OP_COUNT_,
                "one name per qrt_op");
  int32_t i = rawEnum(op);
  return i >= 0 && i < QRT_OP_COUNT_ ? names[i] : "unknown";
}

const char *qrt_backend_name(qrt_backend b) {
  switch (rawEnum(b)) {
  case QRT_BACKEND_AUTO: return "auto";
  case QRT_BACKEND_REF: return "ref";
  case QRT_BACKEND_ONEDNN: return "onednn";
  case QRT_BACKEND_XNNPACK: return "xnnpack";
  }
  return "unknown";
}

int32_t qrt_backend_available(qrt_backend b) {
  switch (rawEnum(b)) {
  case QRT_BACKEND_REF: return 1;
#ifdef QRT_HAVE_ONEDNN
  case QRT_BACKEND_ONEDNN: return 1;
#endif
#ifdef QRT_HAVE_XNNPACK
  case QRT_BACKEND_XNNPACK: return 1;
#endif
  default: return 0;
  }
}

int32_t qrt_cpu_has_vnni(void) {
#ifdef QRT_HAVE_ONEDNN
  return onednn::hasVnni() ? 1 : 0;
#else
  return 0;
#endif
}

qrt_status qrt_context_create(const qrt_context_options *options, qrt_context **out) {
  if (!out)
    return fail(QRT_ERR_NULL_POINTER, "qrt_context_create: out is NULL");
  *out = nullptr;
  qrt_context_options o{1, QRT_BACKEND_AUTO, 0};
  if (options)
    o = *options;
  if (o.num_threads <= 0)
    o.num_threads = 1;
  if (rawEnum(o.backend) < QRT_BACKEND_AUTO || rawEnum(o.backend) > QRT_BACKEND_XNNPACK)
    return fail(QRT_ERR_INVALID_ARGUMENT, "qrt_context_create: invalid backend");
  auto *ctx = new (std::nothrow) qrt_context();
  if (!ctx)
    return fail(QRT_ERR_OUT_OF_MEMORY, "qrt_context_create: out of memory");
  ctx->opts = o;
#ifdef QRT_HAVE_XNNPACK
  if (xnnpack::init() != QRT_OK) {
    delete ctx;
    return QRT_ERR_BACKEND;
  }
  if (o.num_threads > 1)
    ctx->threadpool = xnnpack::createThreadpool(o.num_threads);
#endif
  *out = ctx;
  return QRT_OK;
}

void qrt_context_destroy(qrt_context *ctx) {
  if (!ctx)
    return;
#ifdef QRT_HAVE_XNNPACK
  xnnpack::destroyThreadpool(ctx->threadpool);
#endif
  delete ctx;
}

qrt_status qrt_kernel_run(qrt_kernel *k, const void *const *inputs, int32_t numInputs,
                          void *const *outputs, int32_t numOutputs) {
  if (!k)
    return fail(QRT_ERR_NULL_POINTER, "qrt_kernel_run: kernel is NULL");
  if (numInputs != k->numInputs || numOutputs != 1)
    return fail(QRT_ERR_INVALID_ARGUMENT,
                std::string("qrt_kernel_run(") + qrt_op_name(k->op) + "): expected " +
                    std::to_string(k->numInputs) + " inputs and 1 output, got " +
                    std::to_string(numInputs) + " and " + std::to_string(numOutputs));
  if ((numInputs && !inputs) || !outputs || !outputs[0])
    return fail(QRT_ERR_NULL_POINTER, "qrt_kernel_run: NULL buffer array or output");
  for (int i = 0; i < numInputs; ++i)
    if (!inputs[i])
      return fail(QRT_ERR_NULL_POINTER,
                  "qrt_kernel_run: input " + std::to_string(i) + " is NULL");
  // The flag is read per run (the kernel keeps its context): no clock at
  // all without it.
  if (!k->ctx || !(k->ctx->opts.flags & QRT_CONTEXT_PROFILE))
    return k->run(inputs, outputs);
  auto start = std::chrono::steady_clock::now();
  qrt_status status = k->run(inputs, outputs);
  if (status == QRT_OK) {
    k->profileNs += std::chrono::duration_cast<std::chrono::nanoseconds>(
                        std::chrono::steady_clock::now() - start)
                        .count();
    ++k->profileRuns;
  }
  return status;
}

qrt_status qrt_kernel_get_stats(const qrt_kernel *k, qrt_kernel_stats *out) {
  if (!k || !out)
    return fail(QRT_ERR_NULL_POINTER, "qrt_kernel_get_stats: kernel or out is NULL");
  out->runs = k->profileRuns;
  out->total_ns = k->profileNs;
  out->macs = k->macs;
  return QRT_OK;
}

qrt_status qrt_kernel_reset_stats(qrt_kernel *k) {
  if (!k)
    return fail(QRT_ERR_NULL_POINTER, "qrt_kernel_reset_stats: kernel is NULL");
  k->profileRuns = 0;
  k->profileNs = 0;
  return QRT_OK;
}

qrt_backend qrt_kernel_backend(const qrt_kernel *k) { return k ? k->backend : QRT_BACKEND_REF; }
const char *qrt_kernel_fallback_reason(const qrt_kernel *k) {
  return k ? k->fallbackReason.c_str() : "";
}
qrt_op qrt_kernel_op(const qrt_kernel *k) { return k ? k->op : QRT_OP_COUNT_; }
void qrt_kernel_destroy(qrt_kernel *k) { delete k; }

} // extern "C"

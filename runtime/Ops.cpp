// Per-op-family create entry points: validate params, build the query, dispatch to a backend.
#include "runtime/Internal.h"

#include <algorithm>
#include <cstring>
#include <functional>
#include <new>
#include <stdexcept>

using namespace qrt;

namespace {

std::string dimsStr(const Tensor &t) {
  std::string s = "[";
  for (int i = 0; i < t.rank; ++i)
    s += (i ? "x" : "") + std::to_string(t.dims[i]);
  return s + "]";
}

bool sameDims(const Tensor &a, const Tensor &b) {
  if (a.rank != b.rank)
    return false;
  for (int i = 0; i < a.rank; ++i)
    if (a.dims[i] != b.dims[i])
      return false;
  return true;
}

qrt_status needPerTensor(const Tensor &t, const char *what) {
  if (t.isQuant() && t.perChannel())
    return fail(QRT_ERR_INVALID_ARGUMENT, std::string(what) + " must be quantized per-tensor");
  return QRT_OK;
}

/// `swishOk`: the kernel is a conv2d / fully_connected, the only one with a
/// swish epilogue.
qrt_status checkActivation(const qrt_activation &a, bool swishOk) {
  if (rawEnum(a.kind) < QRT_ACT_NONE || rawEnum(a.kind) > QRT_ACT_SWISH)
    return fail(QRT_ERR_INVALID_ARGUMENT, "invalid activation kind");
  if (a.kind == QRT_ACT_SWISH && !swishOk)
    return fail(QRT_ERR_UNSUPPORTED,
                "the swish activation fuses only into conv2d / fully_connected");
  if (a.kind == QRT_ACT_CLAMP && !(a.min <= a.max))
    return fail(QRT_ERR_INVALID_ARGUMENT, "clamp activation needs min <= max");
  return QRT_OK;
}

qrt_backend resolveBackend(const qrt_context *ctx, qrt_backend b) {
  if (b == QRT_BACKEND_AUTO)
    b = ctx->opts.backend;
  if (b == QRT_BACKEND_AUTO)
    b = qrt_backend_available(QRT_BACKEND_ONEDNN)    ? QRT_BACKEND_ONEDNN
        : qrt_backend_available(QRT_BACKEND_XNNPACK) ? QRT_BACKEND_XNNPACK
                                                     : QRT_BACKEND_REF;
  return b;
}

using NativeFn = std::function<qrt_status(qrt_backend, std::unique_ptr<qrt_kernel> &, std::string &)>;
using RefFn = std::function<std::unique_ptr<qrt_kernel>()>;

/// Common tail of every create: try the native backend, fall back to ref
/// with a recorded reason, or fail in a strict context.
qrt_status dispatch(qrt_context *ctx, qrt_backend req, qrt_op op,
                    const qrt_capability_query &q, int numInputs,
                    const NativeFn &native, const RefFn &makeRef, qrt_kernel **out) {
  try {
    if (rawEnum(req) < QRT_BACKEND_AUTO || rawEnum(req) > QRT_BACKEND_XNNPACK)
      return fail(QRT_ERR_INVALID_ARGUMENT, "invalid backend");
    qrt_backend b = resolveBackend(ctx, req);
    std::unique_ptr<qrt_kernel> k;
    std::string why;
    if (b != QRT_BACKEND_REF) {
      const char *reason = "";
      if (!qrt_backend_supports(ctx, b, &q, &reason)) {
        why = reason;
      } else if (native) {
#ifdef QRT_HAVE_ONEDNN
        // oneDNN sizes its primitives for the OpenMP thread count current at
        // creation; create them for the context's count, as run() uses.
        if (b == QRT_BACKEND_ONEDNN)
          onednn::useContextThreads(ctx);
#endif
        qrt_status st = native(b, k, why);
        if (st != QRT_OK)
          return st;
      } else {
        why = "not implemented";
      }
    }
    std::string msg;
    if (!k) {
      if (b != QRT_BACKEND_REF) {
        msg = std::string(qrt_backend_name(b)) + " cannot run " + qrt_op_name(op) +
              ": " + why;
        if (ctx->opts.flags & QRT_CONTEXT_STRICT)
          return fail(QRT_ERR_UNSUPPORTED, msg);
        msg += "; falling back to ref";
      }
      k = makeRef();
      k->backend = QRT_BACKEND_REF;
      k->fallbackReason = msg;
    } else {
      k->backend = b;
      if (b == QRT_BACKEND_ONEDNN)
        ctx->usesOpenMP = true;
    }
    k->op = op;
    k->ctx = ctx;
    k->numInputs = numInputs;
    setMessage(msg);
    *out = k.release();
    return QRT_OK;
  } catch (const std::bad_alloc &) {
    return fail(QRT_ERR_OUT_OF_MEMORY, std::string(qrt_op_name(op)) + ": out of memory");
  } catch (const std::exception &e) {
    return fail(QRT_ERR_BACKEND, std::string(qrt_op_name(op)) + ": " + e.what());
  }
}

#define QRT_CHECK(expr)                                                        \
  do {                                                                         \
    qrt_status st_ = (expr);                                                   \
    if (st_ != QRT_OK)                                                         \
      return st_;                                                              \
  } while (0)

#define QRT_PROLOGUE(name)                                                     \
  if (!out)                                                                    \
    return fail(QRT_ERR_NULL_POINTER, name ": out is NULL");                   \
  *out = nullptr;                                                              \
  if (!ctx || !p)                                                              \
    return fail(QRT_ERR_NULL_POINTER, name ": context or params is NULL");

/// Shared validation of the conv/fc dtype rules, bias and residual.
qrt_status checkConvTypes(ConvOp &op, const qrt_tensor_desc &bias,
                          const qrt_tensor_desc &res, const void *wdata,
                          const void *bdata, int hasRes, const char *name) {
  std::string n = name;
  if (!wdata)
    return fail(QRT_ERR_NULL_POINTER, n + ": filter_data is NULL");
  bool f32 = op.x.dtype == QRT_F32;
  if (f32) {
    if (op.w.dtype != QRT_F32 || op.y.dtype != QRT_F32)
      return fail(QRT_ERR_DTYPE, n + ": f32 input needs f32 filter and output");
  } else {
    if (!op.x.isQuant() || !op.y.isQuant())
      return fail(QRT_ERR_DTYPE, n + ": input/output must be f32, u8 or s8");
    if (!op.w.isQuant())
      return fail(QRT_ERR_DTYPE, n + ": int8 conv needs an s8 or u8 filter");
    QRT_CHECK(needPerTensor(op.x, (n + " input").c_str()));
    QRT_CHECK(needPerTensor(op.y, (n + " output").c_str()));
    if (op.w.perChannel() && op.w.axis != 0)
      return fail(QRT_ERR_INVALID_ARGUMENT, n + ": per-channel filter scales must use axis 0");
  }
  op.hasBias = bdata != nullptr;
  if (op.hasBias) {
    QRT_CHECK(importTensor(bias, (n + " bias").c_str(), op.b));
    if (op.b.dtype != (f32 ? QRT_F32 : QRT_S32))
      return fail(QRT_ERR_DTYPE, n + ": bias must be " + (f32 ? "f32" : "s32"));
    if (op.b.rank != 1 || op.b.dims[0] != op.O)
      return fail(QRT_ERR_SHAPE, n + ": bias shape " + dimsStr(op.b) + " != [" +
                                     std::to_string(op.O) + "]");
    op.bdata.assign((const uint8_t *)bdata, (const uint8_t *)bdata + op.O * 4);
  }
  op.hasResidual = hasRes != 0;
  if (op.hasResidual) {
    QRT_CHECK(importTensor(res, (n + " residual").c_str(), op.r));
    if (!sameDims(op.r, op.y) || op.r.dtype != op.y.dtype)
      return fail(QRT_ERR_SHAPE, n + ": residual must have the output's shape and dtype");
    QRT_CHECK(needPerTensor(op.r, (n + " residual").c_str()));
  }
  size_t wbytes = op.w.numel() * dtypeSize(op.w.dtype);
  op.wdata.assign((const uint8_t *)wdata, (const uint8_t *)wdata + wbytes);
  return QRT_OK;
}

qrt_capability_query convQuery(const ConvOp &op) {
  qrt_capability_query q{};
  q.op = op.isFC ? QRT_OP_FULLY_CONNECTED : QRT_OP_CONV2D;
  q.input_dtype = op.x.dtype;
  q.weight_dtype = op.w.dtype;
  q.output_dtype = op.y.dtype;
  q.activation = op.act.kind;
  q.layout = QRT_LAYOUT_NHWC;
  q.flags = 0;
  if (op.w.perChannel())
    q.flags |= QRT_CAP_PER_CHANNEL;
  if (op.hasResidual)
    q.flags |= QRT_CAP_RESIDUAL;
  if (op.groups > 1 && op.groups == op.C)
    q.flags |= QRT_CAP_DEPTHWISE;
  else if (op.groups > 1)
    q.flags |= QRT_CAP_GROUPED;
  if (op.w.dtype == QRT_S8) {
    bool narrow = true;
    for (uint8_t b : op.wdata) {
      int8_t v = (int8_t)b;
      narrow = narrow && v >= -64 && v <= 63;
    }
    if (narrow)
      q.flags |= QRT_CAP_WEIGHTS_7BIT;
  }
  return q;
}

qrt_status createConvLike(qrt_context *ctx, qrt_backend backend, const ConvOp &op,
                          qrt_kernel **out) {
  qrt_capability_query q = convQuery(op);
  if (const char *why = nullptr; !swishActivationOk(q, &why))
    return fail(QRT_ERR_UNSUPPORTED, why);
  NativeFn native = [&](qrt_backend b, std::unique_ptr<qrt_kernel> &k,
                        std::string &why) -> qrt_status {
    (void)ctx;
    (void)k;
#ifdef QRT_HAVE_ONEDNN
    if (b == QRT_BACKEND_ONEDNN)
      return onednn::createConv(ctx, op, k, why);
#endif
#ifdef QRT_HAVE_XNNPACK
    if (b == QRT_BACKEND_XNNPACK)
      return xnnpack::createConv(ctx, op, k, why);
#endif
    (void)b;
    why = "backend not built";
    return QRT_OK;
  };
  qrt_status st = dispatch(ctx, backend, q.op, q, op.hasResidual ? 2 : 1, native,
                           [&] { return ref::createConv(op); }, out);
  // Profiling: MACs of one run (fully-connected is a 1x1 conv on [M,1,1,K]).
  if (st == QRT_OK)
    (*out)->macs = op.N * op.OH * op.OW * op.O * op.cpg() * op.KH * op.KW;
  return st;
}

template <typename OpT>
using CreateFn = qrt_status (*)(qrt_context *, const OpT &, std::unique_ptr<qrt_kernel> &,
                                std::string &);

/// The native-backend hook of a family: the onednn/xnnpack create function
/// (nullptr where the backend is not built or has no implementation).
template <typename OpT>
NativeFn makeNative(qrt_context *ctx, const OpT &op, CreateFn<OpT> dnn, CreateFn<OpT> xnn) {
  return [ctx, &op, dnn, xnn](qrt_backend b, std::unique_ptr<qrt_kernel> &k,
                              std::string &why) -> qrt_status {
    CreateFn<OpT> f = b == QRT_BACKEND_ONEDNN    ? dnn
                      : b == QRT_BACKEND_XNNPACK ? xnn
                                                 : nullptr;
    if (!f) {
      why = "not implemented";
      return QRT_OK;
    }
    return f(ctx, op, k, why);
  };
}

#ifdef QRT_HAVE_ONEDNN
#define QRT_DNN(f) &onednn::f
#else
#define QRT_DNN(f) nullptr
#endif
#ifdef QRT_HAVE_XNNPACK
#define QRT_XNN(f) &xnnpack::f
#else
#define QRT_XNN(f) nullptr
#endif

qrt_capability_query simpleQuery(qrt_op op, qrt_dtype in, qrt_dtype outT,
                                 qrt_activation_kind act = QRT_ACT_NONE) {
  qrt_capability_query q{};
  q.op = op;
  q.input_dtype = in;
  q.weight_dtype = QRT_F32;
  q.output_dtype = outT;
  q.activation = act;
  q.layout = QRT_LAYOUT_NHWC;
  return q;
}

} // namespace

extern "C" {

qrt_status qrt_conv2d_create(qrt_context *ctx, qrt_backend backend,
                             const qrt_conv2d_params *p, qrt_kernel **out) {
  QRT_PROLOGUE("qrt_conv2d_create");
  ConvOp op;
  QRT_CHECK(importTensor(p->input, "conv2d input", op.x));
  QRT_CHECK(importTensor(p->filter, "conv2d filter", op.w));
  QRT_CHECK(importTensor(p->output, "conv2d output", op.y));
  QRT_CHECK(checkActivation(p->activation, /*swishOk=*/true));
  if (op.x.rank != 4 || op.w.rank != 4 || op.y.rank != 4)
    return fail(QRT_ERR_SHAPE, "conv2d: input, filter and output must be rank 4");
  op.N = op.x.dims[0], op.H = op.x.dims[1], op.W = op.x.dims[2], op.C = op.x.dims[3];
  op.O = op.w.dims[0], op.KH = op.w.dims[1], op.KW = op.w.dims[2];
  op.groups = p->groups == 0 ? 1 : p->groups;
  op.sh = p->strides[0], op.sw = p->strides[1];
  op.dh = p->dilations[0] ? p->dilations[0] : 1;
  op.dw = p->dilations[1] ? p->dilations[1] : 1;
  op.pt = p->pads[0], op.pl = p->pads[1], op.pb = p->pads[2], op.pr = p->pads[3];
  op.act = p->activation;
  if (op.sh <= 0 || op.sw <= 0 || op.dh < 0 || op.dw < 0 || op.pt < 0 || op.pl < 0 ||
      op.pb < 0 || op.pr < 0 || op.groups < 0)
    return fail(QRT_ERR_INVALID_ARGUMENT, "conv2d: strides must be > 0, pads/dilations >= 0");
  if (op.C % op.groups || op.O % op.groups || op.w.dims[3] != op.C / op.groups)
    return fail(QRT_ERR_SHAPE, "conv2d: input " + dimsStr(op.x) + ", filter " +
                                   dimsStr(op.w) + " and groups " +
                                   std::to_string(op.groups) + " do not agree");
  int64_t eh = op.H + op.pt + op.pb - op.dh * (op.KH - 1) - 1;
  int64_t ew = op.W + op.pl + op.pr - op.dw * (op.KW - 1) - 1;
  if (eh < 0 || ew < 0)
    return fail(QRT_ERR_SHAPE, "conv2d: kernel larger than the padded input");
  op.OH = eh / op.sh + 1, op.OW = ew / op.sw + 1;
  if (op.y.dims[0] != op.N || op.y.dims[1] != op.OH || op.y.dims[2] != op.OW ||
      op.y.dims[3] != op.O)
    return fail(QRT_ERR_SHAPE, "conv2d: output " + dimsStr(op.y) + " != expected [" +
                                   std::to_string(op.N) + "x" + std::to_string(op.OH) +
                                   "x" + std::to_string(op.OW) + "x" +
                                   std::to_string(op.O) + "]");
  QRT_CHECK(checkConvTypes(op, p->bias, p->residual, p->filter_data, p->bias_data,
                           p->has_residual, "conv2d"));
  return createConvLike(ctx, backend, op, out);
}

qrt_status qrt_fc_create(qrt_context *ctx, qrt_backend backend, const qrt_fc_params *p,
                         qrt_kernel **out) {
  QRT_PROLOGUE("qrt_fc_create");
  ConvOp op;
  op.isFC = true;
  QRT_CHECK(importTensor(p->input, "fully_connected input", op.x));
  QRT_CHECK(importTensor(p->filter, "fully_connected filter", op.w));
  QRT_CHECK(importTensor(p->output, "fully_connected output", op.y));
  QRT_CHECK(checkActivation(p->activation, /*swishOk=*/true));
  if (op.x.rank < 1 || op.w.rank != 2 || op.y.rank != op.x.rank)
    return fail(QRT_ERR_SHAPE, "fully_connected: need input [..., K], filter [N, K], output [..., N]");
  const int64_t K = op.x.dims[op.x.rank - 1];
  bool ok = op.w.dims[1] == K && op.y.dims[op.y.rank - 1] == op.w.dims[0];
  for (int i = 0; i + 1 < op.x.rank; ++i)
    ok = ok && op.x.dims[i] == op.y.dims[i];
  if (!ok)
    return fail(QRT_ERR_SHAPE, "fully_connected: input " + dimsStr(op.x) + ", filter " +
                                   dimsStr(op.w) + ", output " + dimsStr(op.y) +
                                   " do not agree");
  // Rows = product of the leading dims (not numel / K: with K == 0 the
  // output is still M x N, the bias).
  op.N = 1;
  for (int i = 0; i + 1 < op.x.rank; ++i)
    op.N *= op.x.dims[i];
  op.H = op.W = op.KH = op.KW = op.OH = op.OW = 1;
  op.C = K;
  op.O = op.w.dims[0];
  op.act = p->activation;
  QRT_CHECK(checkConvTypes(op, p->bias, p->residual, p->filter_data, p->bias_data,
                           p->has_residual, "fully_connected"));
  // Internally a 1x1 conv on [M,1,1,K] with an OHWI [N,1,1,K] filter.
  op.w.rank = 4;
  op.w.dims[0] = op.O, op.w.dims[1] = op.w.dims[2] = 1, op.w.dims[3] = K;
  return createConvLike(ctx, backend, op, out);
}

qrt_status qrt_binary_create(qrt_context *ctx, qrt_backend backend,
                             const qrt_binary_params *p, qrt_kernel **out) {
  QRT_PROLOGUE("qrt_binary_create");
  BinaryOp op;
  const int32_t rbop = rawEnum(p->op);
  if (rbop != QRT_OP_ADD && rbop != QRT_OP_MUL && rbop != QRT_OP_SUB && rbop != QRT_OP_DIV)
    return fail(QRT_ERR_INVALID_ARGUMENT, "binary: op must be add, mul, sub or div");
  op.op = p->op;
  QRT_CHECK(importTensor(p->a, "binary a", op.a));
  QRT_CHECK(importTensor(p->b, "binary b", op.b));
  QRT_CHECK(importTensor(p->output, "binary output", op.y));
  QRT_CHECK(checkActivation(p->activation, /*swishOk=*/false));
  op.act = p->activation;
  bool f32 = op.y.dtype == QRT_F32;
  if (f32 ? (op.a.dtype != QRT_F32 || op.b.dtype != QRT_F32)
          : (!op.y.isQuant() || !op.a.isQuant() || !op.b.isQuant()))
    return fail(QRT_ERR_DTYPE, "binary: inputs and output must be all f32 or all u8/s8");
  for (const Tensor *t : {&op.a, &op.b, &op.y})
    QRT_CHECK(needPerTensor(*t, "binary operand"));
  int rank = std::max(op.a.rank, op.b.rank);
  bool ok = op.y.rank == rank;
  for (int i = 0; ok && i < rank; ++i) {
    int ia = i - (rank - op.a.rank), ib = i - (rank - op.b.rank);
    int64_t da = ia >= 0 ? op.a.dims[ia] : 1, db = ib >= 0 ? op.b.dims[ib] : 1;
    if (da != db && da != 1 && db != 1)
      ok = false;
    else
      ok = op.y.dims[i] == (da == 1 ? db : da);
  }
  if (!ok)
    return fail(QRT_ERR_SHAPE, std::string("binary: ") + dimsStr(op.a) + " and " +
                                   dimsStr(op.b) + " do not broadcast to " + dimsStr(op.y));
  NativeFn native = makeNative<BinaryOp>(ctx, op, QRT_DNN(createBinary), QRT_XNN(createBinary));
  qrt_capability_query q = simpleQuery(op.op, op.a.dtype, op.y.dtype, op.act.kind);
  if (op.b.dtype != op.a.dtype)
    q.weight_dtype = op.b.dtype; // second operand's dtype, checked by backends
  else
    q.weight_dtype = op.a.dtype;
  return dispatch(ctx, backend, op.op, q, 2, native, [&] { return ref::createBinary(op); }, out);
}

qrt_status qrt_pool2d_create(qrt_context *ctx, qrt_backend backend,
                             const qrt_pool2d_params *p, qrt_kernel **out) {
  QRT_PROLOGUE("qrt_pool2d_create");
  PoolOp op;
  const int32_t rop = rawEnum(p->op);
  if (rop != QRT_OP_MAX_POOL && rop != QRT_OP_AVG_POOL && rop != QRT_OP_GLOBAL_AVG_POOL)
    return fail(QRT_ERR_INVALID_ARGUMENT, "pool2d: op must be max_pool, avg_pool or global_avg_pool");
  op.op = p->op;
  QRT_CHECK(importTensor(p->input, "pool2d input", op.x));
  QRT_CHECK(importTensor(p->output, "pool2d output", op.y));
  if (op.x.rank != 4 || op.y.rank != 4)
    return fail(QRT_ERR_SHAPE, "pool2d: input and output must be rank 4 (NHWC)");
  if (op.x.dtype != op.y.dtype || op.x.dtype == QRT_S32)
    return fail(QRT_ERR_DTYPE, "pool2d: input and output must both be f32, u8 or s8");
  QRT_CHECK(needPerTensor(op.x, "pool2d input"));
  QRT_CHECK(needPerTensor(op.y, "pool2d output"));
  if (op.op == QRT_OP_MAX_POOL && op.x.isQuant() && !op.x.sameQuant(op.y))
    return fail(QRT_ERR_INVALID_ARGUMENT, "max_pool: output quant params must equal the input's");
  if (op.op == QRT_OP_GLOBAL_AVG_POOL) {
    op.kh = (int)op.x.dims[1], op.kw = (int)op.x.dims[2];
  } else {
    op.kh = p->kernel[0], op.kw = p->kernel[1], op.sh = p->strides[0], op.sw = p->strides[1];
    op.pt = p->pads[0], op.pl = p->pads[1], op.pb = p->pads[2], op.pr = p->pads[3];
    op.countIncludePad = p->count_include_pad != 0;
    if (op.kh <= 0 || op.kw <= 0 || op.sh <= 0 || op.sw <= 0 || op.pt < 0 || op.pl < 0 ||
        op.pb < 0 || op.pr < 0 || op.pt >= op.kh || op.pb >= op.kh || op.pl >= op.kw ||
        op.pr >= op.kw)
      return fail(QRT_ERR_INVALID_ARGUMENT,
                  "pool2d: kernel/strides must be > 0 and 0 <= pads < kernel");
  }
  int64_t eh = op.x.dims[1] + op.pt + op.pb - op.kh, ew = op.x.dims[2] + op.pl + op.pr - op.kw;
  if (eh < 0 || ew < 0)
    return fail(QRT_ERR_SHAPE, "pool2d: window larger than the padded input");
  if (op.y.dims[0] != op.x.dims[0] || op.y.dims[1] != eh / op.sh + 1 ||
      op.y.dims[2] != ew / op.sw + 1 || op.y.dims[3] != op.x.dims[3])
    return fail(QRT_ERR_SHAPE, "pool2d: output " + dimsStr(op.y) + " does not match input " +
                                   dimsStr(op.x) + " and window");
  qrt_capability_query q = simpleQuery(op.op, op.x.dtype, op.y.dtype);
  if (op.op == QRT_OP_AVG_POOL && (op.pt || op.pl || op.pb || op.pr))
    q.flags |= QRT_CAP_POOL_PADDED | (op.countIncludePad ? QRT_CAP_POOL_COUNT_PAD : 0u);
  return dispatch(ctx, backend, op.op, q, 1,
                  makeNative<PoolOp>(ctx, op, QRT_DNN(createPool), QRT_XNN(createPool)),
                  [&] { return ref::createPool(op); }, out);
}

qrt_status qrt_concat_create(qrt_context *ctx, qrt_backend backend,
                             const qrt_concat_params *p, qrt_kernel **out) {
  QRT_PROLOGUE("qrt_concat_create");
  ConcatOp op;
  if (p->num_inputs < 1 || p->num_inputs > QRT_MAX_CONCAT_INPUTS)
    return fail(QRT_ERR_INVALID_ARGUMENT, "concat: num_inputs out of [1, 64]");
  if (!p->inputs)
    return fail(QRT_ERR_NULL_POINTER, "concat: inputs is NULL");
  QRT_CHECK(importTensor(p->output, "concat output", op.y));
  QRT_CHECK(needPerTensor(op.y, "concat output"));
  op.axis = p->axis < 0 ? p->axis + op.y.rank : p->axis;
  if (op.axis < 0 || op.axis >= op.y.rank)
    return fail(QRT_ERR_INVALID_ARGUMENT, "concat: axis out of range");
  int64_t total = 0;
  op.xs.resize(p->num_inputs);
  for (int i = 0; i < p->num_inputs; ++i) {
    QRT_CHECK(importTensor(p->inputs[i], "concat input", op.xs[i]));
    Tensor &x = op.xs[i];
    QRT_CHECK(needPerTensor(x, "concat input"));
    if ((x.dtype == QRT_F32) != (op.y.dtype == QRT_F32) || x.dtype == QRT_S32 ||
        op.y.dtype == QRT_S32)
      return fail(QRT_ERR_DTYPE, "concat: inputs and output must be all f32 or all u8/s8");
    if (x.rank != op.y.rank)
      return fail(QRT_ERR_SHAPE, "concat: input rank differs from the output's");
    for (int d = 0; d < x.rank; ++d)
      if (d != op.axis && x.dims[d] != op.y.dims[d])
        return fail(QRT_ERR_SHAPE, "concat: input " + dimsStr(x) + " does not fit output " +
                                       dimsStr(op.y));
    total += x.dims[op.axis];
  }
  if (total != op.y.dims[op.axis])
    return fail(QRT_ERR_SHAPE, "concat: sizes along the axis do not add up");
  return dispatch(ctx, backend, QRT_OP_CONCAT,
                  simpleQuery(QRT_OP_CONCAT, op.xs[0].dtype, op.y.dtype), p->num_inputs,
                  makeNative<ConcatOp>(ctx, op, QRT_DNN(createConcat), QRT_XNN(createConcat)),
                  [&] { return ref::createConcat(op); }, out);
}

qrt_status qrt_resize_create(qrt_context *ctx, qrt_backend backend,
                             const qrt_resize_params *p, qrt_kernel **out) {
  QRT_PROLOGUE("qrt_resize_create");
  ResizeOp op;
  QRT_CHECK(importTensor(p->input, "resize input", op.x));
  QRT_CHECK(importTensor(p->output, "resize output", op.y));
  if (rawEnum(p->mode) < QRT_RESIZE_NEAREST || rawEnum(p->mode) > QRT_RESIZE_BILINEAR ||
      rawEnum(p->coord) < QRT_COORD_HALF_PIXEL || rawEnum(p->coord) > QRT_COORD_ASYMMETRIC)
    return fail(QRT_ERR_INVALID_ARGUMENT, "resize: invalid mode or coordinate transform");
  op.mode = p->mode;
  op.coord = p->coord;
  if (op.x.rank != 4 || op.y.rank != 4 || op.x.dims[0] != op.y.dims[0] ||
      op.x.dims[3] != op.y.dims[3] || (op.y.numel() > 0 && op.x.numel() == 0))
    return fail(QRT_ERR_SHAPE, "resize: input and output must be NHWC with equal N and C");
  if ((op.x.dtype == QRT_F32) != (op.y.dtype == QRT_F32) || op.x.dtype == QRT_S32 ||
      op.y.dtype == QRT_S32)
    return fail(QRT_ERR_DTYPE, "resize: input and output must be both f32 or both u8/s8");
  QRT_CHECK(needPerTensor(op.x, "resize input"));
  QRT_CHECK(needPerTensor(op.y, "resize output"));
  qrt_capability_query q = simpleQuery(QRT_OP_RESIZE, op.x.dtype, op.y.dtype);
  if (op.mode == QRT_RESIZE_NEAREST)
    q.flags |= QRT_CAP_RESIZE_NEAREST;
  return dispatch(ctx, backend, QRT_OP_RESIZE, q, 1,
                  makeNative<ResizeOp>(ctx, op, nullptr, QRT_XNN(createResize)),
                  [&] { return ref::createResize(op); }, out);
}

qrt_status qrt_unary_create(qrt_context *ctx, qrt_backend backend,
                            const qrt_unary_params *p, qrt_kernel **out) {
  QRT_PROLOGUE("qrt_unary_create");
  UnaryOp op;
  const int32_t rop = rawEnum(p->op);
  if (rop != QRT_OP_SIGMOID && rop != QRT_OP_HARD_SWISH && rop != QRT_OP_SOFTMAX &&
      rop != QRT_OP_TANH && rop != QRT_OP_RELU && rop != QRT_OP_CLAMP &&
      rop != QRT_OP_LEAKY_RELU && rop != QRT_OP_HARD_SIGMOID && rop != QRT_OP_SWISH)
    return fail(QRT_ERR_INVALID_ARGUMENT,
                "unary: op must be sigmoid, hard_swish, softmax, tanh, relu, clamp, "
                "leaky_relu, hard_sigmoid or swish");
  op.op = p->op;
  // The appended fields are read only for the ops that use them (older
  // callers pass the shorter struct for the older ops).
  if (rop == QRT_OP_LEAKY_RELU || rop == QRT_OP_HARD_SIGMOID) {
    op.alpha = p->alpha;
    op.beta = rop == QRT_OP_HARD_SIGMOID ? p->beta : 0.f;
    if (!std::isfinite(op.alpha) || !std::isfinite(op.beta))
      return fail(QRT_ERR_INVALID_ARGUMENT, std::string(qrt_op_name(op.op)) +
                                                ": alpha and beta must be finite");
  } else if (rop == QRT_OP_CLAMP) {
    op.min = p->min;
    op.max = p->max;
    if (!(op.min <= op.max))
      return fail(QRT_ERR_INVALID_ARGUMENT, "clamp: needs min <= max (and no NaN)");
  }
  QRT_CHECK(importTensor(p->input, "unary input", op.x));
  QRT_CHECK(importTensor(p->output, "unary output", op.y));
  if (!sameDims(op.x, op.y))
    return fail(QRT_ERR_SHAPE, "unary: input and output shapes differ");
  if (op.op == QRT_OP_SOFTMAX && op.x.rank < 1)
    return fail(QRT_ERR_SHAPE, "softmax: input must have rank >= 1");
  if (op.x.dtype == QRT_S32 || op.y.dtype == QRT_S32 ||
      (op.x.dtype == QRT_F32) != (op.y.dtype == QRT_F32))
    return fail(QRT_ERR_DTYPE, "unary: input and output must be both f32 or both u8/s8");
  QRT_CHECK(needPerTensor(op.x, "unary input"));
  QRT_CHECK(needPerTensor(op.y, "unary output"));
  return dispatch(ctx, backend, op.op, simpleQuery(op.op, op.x.dtype, op.y.dtype), 1,
                  makeNative<UnaryOp>(ctx, op, QRT_DNN(createUnary), QRT_XNN(createUnary)),
                  [&] { return ref::createUnary(op); }, out);
}

qrt_status qrt_convert_create(qrt_context *ctx, qrt_backend backend,
                              const qrt_convert_params *p, qrt_kernel **out) {
  QRT_PROLOGUE("qrt_convert_create");
  ConvertOp op;
  const int32_t rop = rawEnum(p->op);
  if (rop != QRT_OP_QUANTIZE && rop != QRT_OP_DEQUANTIZE && rop != QRT_OP_REQUANTIZE)
    return fail(QRT_ERR_INVALID_ARGUMENT, "convert: op must be quantize, dequantize or requantize");
  op.op = p->op;
  QRT_CHECK(importTensor(p->input, "convert input", op.x));
  QRT_CHECK(importTensor(p->output, "convert output", op.y));
  if (!sameDims(op.x, op.y))
    return fail(QRT_ERR_SHAPE, "convert: input and output shapes differ");
  bool ok = op.op == QRT_OP_QUANTIZE     ? op.x.dtype == QRT_F32 && op.y.isQuant()
            : op.op == QRT_OP_DEQUANTIZE ? op.x.isQuant() && op.y.dtype == QRT_F32
            : op.op == QRT_OP_REQUANTIZE ? op.x.isQuant() && op.y.isQuant()
                                         : false;
  if (op.op != QRT_OP_QUANTIZE && op.op != QRT_OP_DEQUANTIZE && op.op != QRT_OP_REQUANTIZE)
    return fail(QRT_ERR_INVALID_ARGUMENT, "convert: op must be quantize, dequantize or requantize");
  if (!ok)
    return fail(QRT_ERR_DTYPE, std::string(qrt_op_name(op.op)) + ": invalid dtype pair");
  if (op.op == QRT_OP_REQUANTIZE) {
    QRT_CHECK(needPerTensor(op.x, "requantize input"));
    QRT_CHECK(needPerTensor(op.y, "requantize output"));
  }
  qrt_capability_query q = simpleQuery(op.op, op.x.dtype, op.y.dtype);
  if (op.x.perChannel() || op.y.perChannel())
    q.flags |= QRT_CAP_PER_CHANNEL;
  return dispatch(ctx, backend, op.op, q, 1,
                  makeNative<ConvertOp>(ctx, op, QRT_DNN(createConvert), QRT_XNN(createConvert)),
                  [&] { return ref::createConvert(op); }, out);
}

qrt_status qrt_layout_create(qrt_context *ctx, qrt_backend backend,
                             const qrt_layout_params *p, qrt_kernel **out) {
  QRT_PROLOGUE("qrt_layout_create");
  LayoutOp op;
  const int32_t rop = rawEnum(p->op);
  if (rop != QRT_OP_RESHAPE && rop != QRT_OP_TRANSPOSE)
    return fail(QRT_ERR_INVALID_ARGUMENT, "layout: op must be reshape or transpose");
  op.op = p->op;
  QRT_CHECK(importTensor(p->input, "layout input", op.x));
  QRT_CHECK(importTensor(p->output, "layout output", op.y));
  if (op.x.dtype != op.y.dtype)
    return fail(QRT_ERR_DTYPE, "layout: input and output dtypes differ");
  if (op.x.numel() != op.y.numel())
    return fail(QRT_ERR_SHAPE, "layout: element counts differ");
  if (op.op == QRT_OP_TRANSPOSE) {
    if (op.x.rank != op.y.rank)
      return fail(QRT_ERR_SHAPE, "transpose: ranks differ");
    bool seen[QRT_MAX_RANK] = {};
    for (int i = 0; i < op.x.rank; ++i) {
      int pi = p->perm[i];
      if (pi < 0 || pi >= op.x.rank || seen[pi])
        return fail(QRT_ERR_INVALID_ARGUMENT, "transpose: perm is not a permutation");
      seen[pi] = true;
      op.perm[i] = pi;
    }
    for (int i = 0; i < op.x.rank; ++i) {
      if (op.y.dims[i] != op.x.dims[op.perm[i]])
        return fail(QRT_ERR_SHAPE, "transpose: output dims do not match perm");
    }
  }
  return dispatch(ctx, backend, op.op, simpleQuery(op.op, op.x.dtype, op.y.dtype), 1,
                  makeNative<LayoutOp>(ctx, op, QRT_DNN(createLayout), QRT_XNN(createLayout)),
                  [&] { return ref::createLayout(op); }, out);
}

namespace {
/// The shared dtype rule of the copy-like ops (pad, slice): f32, u8 or s8,
/// input and output with equal dtype and quant params.
qrt_status checkCopyTypes(const Tensor &x, const Tensor &y, const char *name) {
  if (x.dtype != y.dtype || x.dtype == QRT_S32)
    return fail(QRT_ERR_DTYPE, std::string(name) + ": input and output must both be f32, u8 or s8");
  QRT_CHECK(needPerTensor(x, (std::string(name) + " input").c_str()));
  QRT_CHECK(needPerTensor(y, (std::string(name) + " output").c_str()));
  if (x.isQuant() && !x.sameQuant(y))
    return fail(QRT_ERR_INVALID_ARGUMENT,
                std::string(name) + ": output quant params must equal the input's");
  return QRT_OK;
}
} // namespace

qrt_status qrt_pad_create(qrt_context *ctx, qrt_backend backend, const qrt_pad_params *p,
                          qrt_kernel **out) {
  QRT_PROLOGUE("qrt_pad_create");
  PadOp op;
  const int32_t mode = rawEnum(p->mode);
  if (mode < QRT_PAD_CONSTANT || mode > QRT_PAD_EDGE)
    return fail(QRT_ERR_INVALID_ARGUMENT, "pad: mode must be constant, reflect or edge");
  op.mode = p->mode;
  QRT_CHECK(importTensor(p->input, "pad input", op.x));
  QRT_CHECK(importTensor(p->output, "pad output", op.y));
  QRT_CHECK(checkCopyTypes(op.x, op.y, "pad"));
  op.value = p->value;
  if (op.mode == QRT_PAD_CONSTANT && op.x.isQuant() && std::isnan(op.value))
    return fail(QRT_ERR_INVALID_ARGUMENT, "pad: a NaN pad value has no quantized form");
  if (op.x.rank != op.y.rank)
    return fail(QRT_ERR_SHAPE, "pad: input and output ranks differ");
  const int rank = op.x.rank;
  for (int i = 0; i < rank; ++i) {
    const int64_t b = p->pads[i], a = p->pads[rank + i], d = op.x.dims[i];
    if (b < 0 || a < 0 || b > (int64_t(1) << 40) || a > (int64_t(1) << 40))
      return fail(QRT_ERR_INVALID_ARGUMENT, "pad: pads must be non-negative");
    const int64_t limit = op.mode == QRT_PAD_REFLECT ? d - 1 : d;
    if (op.mode != QRT_PAD_CONSTANT && (b > limit || a > limit) && (b || a))
      return fail(QRT_ERR_INVALID_ARGUMENT,
                  "pad: pads of dimension " + std::to_string(i) + " exceed what " +
                      (op.mode == QRT_PAD_REFLECT ? "reflect" : "edge") +
                      " mode can fill from an extent of " + std::to_string(d));
    if (op.y.dims[i] != d + b + a)
      return fail(QRT_ERR_SHAPE, "pad: output " + dimsStr(op.y) + " != input " +
                                     dimsStr(op.x) + " plus pads");
    op.before[i] = b;
    op.after[i] = a;
  }
  return dispatch(ctx, backend, QRT_OP_PAD, simpleQuery(QRT_OP_PAD, op.x.dtype, op.y.dtype), 1,
                  makeNative<PadOp>(ctx, op, nullptr, nullptr),
                  [&] { return ref::createPad(op); }, out);
}

qrt_status qrt_slice_create(qrt_context *ctx, qrt_backend backend,
                            const qrt_slice_params *p, qrt_kernel **out) {
  QRT_PROLOGUE("qrt_slice_create");
  SliceOp op;
  QRT_CHECK(importTensor(p->input, "slice input", op.x));
  QRT_CHECK(importTensor(p->output, "slice output", op.y));
  QRT_CHECK(checkCopyTypes(op.x, op.y, "slice"));
  if (op.x.rank != op.y.rank)
    return fail(QRT_ERR_SHAPE, "slice: input and output ranks differ");
  for (int i = 0; i < op.x.rank; ++i) {
    const int64_t d = op.x.dims[i], st = p->starts[i], en = p->ends[i], step = p->steps[i];
    if (step == 0)
      return fail(QRT_ERR_INVALID_ARGUMENT, "slice: steps must be non-zero");
    // Normalized as qnn.slice defines it; start == dim only for an empty slice.
    if (st < 0 || st > d || en < -1 || en > d || (step < 0 && st == d && en < st))
      return fail(QRT_ERR_INVALID_ARGUMENT,
                  "slice: [" + std::to_string(st) + ", " + std::to_string(en) +
                      ") of dimension " + std::to_string(i) + " (size " +
                      std::to_string(d) + ") is not normalized");
    const int64_t len = step > 0 ? en - st : st - en, mag = step > 0 ? step : -step;
    const int64_t count = len > 0 ? (len + mag - 1) / mag : 0;
    if (op.y.dims[i] != count)
      return fail(QRT_ERR_SHAPE, "slice: output dimension " + std::to_string(i) + " is " +
                                     std::to_string(op.y.dims[i]) + ", expected " +
                                     std::to_string(count));
    op.starts[i] = st;
    op.steps[i] = step;
  }
  return dispatch(ctx, backend, QRT_OP_SLICE,
                  simpleQuery(QRT_OP_SLICE, op.x.dtype, op.y.dtype), 1,
                  makeNative<SliceOp>(ctx, op, nullptr, nullptr),
                  [&] { return ref::createSlice(op); }, out);
}

qrt_status qrt_reduce_create(qrt_context *ctx, qrt_backend backend,
                             const qrt_reduce_params *p, qrt_kernel **out) {
  QRT_PROLOGUE("qrt_reduce_create");
  ReduceOp op;
  if (rawEnum(p->op) != QRT_OP_REDUCE_MEAN)
    return fail(QRT_ERR_INVALID_ARGUMENT, "reduce: op must be reduce_mean");
  op.op = p->op;
  QRT_CHECK(importTensor(p->input, "reduce input", op.x));
  QRT_CHECK(importTensor(p->output, "reduce output", op.y));
  if (op.x.dtype == QRT_S32 || op.y.dtype == QRT_S32 ||
      (op.x.dtype == QRT_F32) != (op.y.dtype == QRT_F32))
    return fail(QRT_ERR_DTYPE, "reduce: input and output must be both f32 or both u8/s8");
  QRT_CHECK(needPerTensor(op.x, "reduce input"));
  QRT_CHECK(needPerTensor(op.y, "reduce output"));
  if (p->num_axes < 0 || p->num_axes > op.x.rank)
    return fail(QRT_ERR_INVALID_ARGUMENT, "reduce: num_axes out of [0, rank]");
  for (int i = 0; i < p->num_axes; ++i) {
    const int32_t a = p->axes[i];
    if (a < 0 || a >= op.x.rank || (i > 0 && p->axes[i - 1] >= a))
      return fail(QRT_ERR_INVALID_ARGUMENT,
                  "reduce: axes must be in [0, rank), sorted and unique");
    op.reduced[a] = true;
  }
  int64_t expect[QRT_MAX_RANK] = {};
  int er = 0;
  for (int i = 0; i < op.x.rank; ++i) {
    if (!op.reduced[i])
      expect[er++] = op.x.dims[i];
    else if (p->keepdims)
      expect[er++] = 1;
  }
  bool ok = op.y.rank == er;
  for (int i = 0; ok && i < er; ++i)
    ok = op.y.dims[i] == expect[i];
  if (!ok)
    return fail(QRT_ERR_SHAPE, "reduce_mean: output " + dimsStr(op.y) +
                                   " does not match input " + dimsStr(op.x) +
                                   (p->keepdims ? " with keepdims" : " without keepdims"));
  for (int i = 0; i < op.x.rank; ++i)
    if (op.reduced[i] && op.x.dims[i] == 0 && op.y.numel() > 0)
      return fail(QRT_ERR_SHAPE, "reduce_mean: mean over an empty axis is undefined");
  return dispatch(ctx, backend, op.op, simpleQuery(op.op, op.x.dtype, op.y.dtype), 1,
                  makeNative<ReduceOp>(ctx, op, nullptr, nullptr),
                  [&] { return ref::createReduce(op); }, out);
}

} // extern "C"

// oneDNN backend: pooling, binary, eltwise, softmax, reorders (quantize/dequantize/requantize,
// transpose, reshape) and concat. Primitives are built once at create; run binds buffers only.
#include "runtime/Internal.h"
#include "runtime/onednn/OneDnnCommon.h"

#include "oneapi/dnnl/dnnl.hpp"

#include <omp.h>

#include <cfloat>
#include <cstring>

namespace qrt {
namespace onednn {

using dnnl::memory;
using tag = dnnl::memory::format_tag;
using dt = dnnl::memory::data_type;

namespace {

/// One oneDNN primitive with its arguments; run() only rebinds the
/// activation buffers (memory objects created at create with no handle).
class OneDnnPrim final : public qrt_kernel {
public:
  struct Bind {
    memory mem;
    int index;
    bool output;
  };
  qrt_status run(const void *const *in, void *const *out) override {
    if (skipWhenAliased && in[0] == out[0])
      return QRT_OK; // reshape in place: nothing to move
    for (Bind &b : binds)
      b.mem.set_data_handle(b.output ? out[b.index] : const_cast<void *>(in[b.index]));
    useContextThreads(ctx);
    dnnl_status_t st = dnnl_primitive_execute(prim.get(), strm.get(), (int)args.size(),
                                              args.data());
    if (st == dnnl_success)
      st = dnnl_stream_wait(strm.get());
    if (st != dnnl_success)
      return fail(QRT_ERR_BACKEND, "onednn " + std::string(qrt_op_name(op)) +
                                       " execution failed (status " +
                                       std::to_string((int)st) + ")");
    return QRT_OK;
  }

  /// Binds an activation buffer (input or output `index`) to argument `arg`.
  void bind(int arg, const memory::desc &md, int index, bool output) {
    memory m(md, engine(), DNNL_MEMORY_NONE);
    args.push_back({arg, m.get()});
    binds.push_back({m, index, output});
  }
  /// Attaches the user scratchpad (allocated here, at create) and the stream.
  void finish(const dnnl::primitive_desc_base &pd, dnnl::primitive p) {
    prim = std::move(p);
    strm = dnnl::stream(engine());
    memory::desc sd = pd.scratchpad_desc();
    if (sd.get_size() > 0) {
      scratchStorage.resize(sd.get_size());
      scratch = memory(sd, engine(), scratchStorage.data());
      args.push_back({DNNL_ARG_SCRATCHPAD, scratch.get()});
    }
  }

  dnnl::primitive prim;
  dnnl::stream strm;
  std::vector<Bind> binds;
  std::vector<dnnl_exec_arg_t> args;
  memory scratch;
  std::vector<uint8_t> scratchStorage;
  bool skipWhenAliased = false;
};

/// Dense row-major descriptor of `dims` (rank 0 is read as [1]).
memory::desc rowMajor(const int64_t *dims, int rank, qrt_dtype t) {
  memory::dims d, s;
  if (rank == 0) {
    d = {1};
    s = {1};
  } else {
    d.assign(dims, dims + rank);
    s.resize(rank);
    int64_t st = 1;
    for (int i = rank - 1; i >= 0; --i) {
      s[i] = st;
      st *= dims[i];
    }
  }
  return memory::desc(d, toDt(t), s);
}

memory::desc nhwc(const Tensor &t) {
  return memory::desc({t.dims[0], t.dims[3], t.dims[1], t.dims[2]}, toDt(t.dtype), tag::nhwc);
}

dnnl::primitive_attr userScratchpad() {
  dnnl::primitive_attr attr;
  attr.set_scratchpad_mode(dnnl::scratchpad_mode::user);
  return attr;
}

/// Turns oneDNN's "unimplemented" into a visible fallback, anything else into
/// a backend error.
qrt_status onError(const dnnl::error &e, const char *what, std::string &why) {
  if (e.status == dnnl_unimplemented) {
    why = std::string("oneDNN has no implementation for this configuration (") + e.what() + ")";
    return QRT_OK;
  }
  return fail(QRT_ERR_BACKEND, std::string("onednn ") + what + ": " + e.what());
}

bool empty(const Tensor &t) { return t.numel() == 0; }

/// Appends the fused f32 activation as an eltwise post-op.
void appendActF32(dnnl::post_ops &po, const qrt_activation &act) {
  float lo, hi;
  activationBoundsF32(act, lo, hi);
  if (act.kind == QRT_ACT_RELU)
    po.append_eltwise(1.f, dnnl::algorithm::eltwise_relu, 0.f, 0.f);
  else if (act.kind != QRT_ACT_NONE)
    po.append_eltwise(1.f, dnnl::algorithm::eltwise_clip, std::isfinite(lo) ? lo : -FLT_MAX,
                      std::isfinite(hi) ? hi : FLT_MAX);
}

} // namespace

qrt_status createPool(qrt_context *ctx, const PoolOp &op, std::unique_ptr<qrt_kernel> &out,
                      std::string &why) {
  if (empty(op.x) || empty(op.y)) {
    why = "empty tensors";
    return QRT_OK;
  }
  const bool isMax = op.op == QRT_OP_MAX_POOL;
  const bool padded = op.pt || op.pl || op.pb || op.pr;
  const bool q = op.x.isQuant();
  // oneDNN pads with raw zeros: with count_include_pad the padded taps would
  // count as q = 0 instead of the zero point.
  if (q && !isMax && op.countIncludePad && padded && op.x.zp != 0) {
    why = "oneDNN's int8 average pooling pads with q = 0, not the input zero point "
          "(count_include_pad with padding and zx != 0)";
    return QRT_OK;
  }
  auto k = std::make_unique<OneDnnPrim>();
  k->ctx = ctx;
  k->op = op.op;
  try {
    memory::desc src = nhwc(op.x), dst = nhwc(op.y);
    auto alg = isMax ? dnnl::algorithm::pooling_max
               : op.countIncludePad ? dnnl::algorithm::pooling_avg_include_padding
                                    : dnnl::algorithm::pooling_avg_exclude_padding;
    dnnl::pooling_forward::desc d(dnnl::prop_kind::forward_inference, alg, src, dst,
                                  {op.sh, op.sw}, {op.kh, op.kw}, {op.pt, op.pl},
                                  {op.pb, op.pr});
    dnnl::primitive_attr attr = userScratchpad();
    if (q && !isMax && !op.x.sameQuant(op.y)) {
      // oneDNN averages the raw values; requantize with a linear post-op:
      // y = avg * sx/sy + (zy - zx * sx/sy), rounded once at the end.
      dnnl::post_ops po;
      const float a = requantMultiplier(op.x.scale, 1.f, op.y.scale);
      po.append_eltwise(1.f, dnnl::algorithm::eltwise_linear, a,
                        (float)op.y.zp - (float)op.x.zp * a);
      attr.set_post_ops(po);
    }
    dnnl::pooling_forward::primitive_desc pd(d, attr, engine());
    k->bind(DNNL_ARG_SRC, src, 0, false);
    k->bind(DNNL_ARG_DST, dst, 0, true);
    k->finish(pd, dnnl::pooling_forward(pd));
  } catch (const dnnl::error &e) {
    return onError(e, "pooling", why);
  }
  out = std::move(k);
  return QRT_OK;
}

qrt_status createBinary(qrt_context *ctx, const BinaryOp &op, std::unique_ptr<qrt_kernel> &out,
                        std::string &why) {
  if (empty(op.y)) {
    why = "empty tensors";
    return QRT_OK;
  }
  if (op.y.dtype != QRT_F32) {
    why = "oneDNN 2.6 binary ops have no source zero points";
    return QRT_OK;
  }
  // oneDNN broadcasts src1 only: src0 must have the output's shape. add and
  // mul commute, so either operand may be src0.
  const int rank = op.y.rank;
  auto padded = [&](const Tensor &t) {
    std::vector<int64_t> d(rank, 1);
    for (int i = 0; i < t.rank; ++i)
      d[rank - t.rank + i] = t.dims[i];
    return d;
  };
  std::vector<int64_t> da = padded(op.a), db = padded(op.b);
  std::vector<int64_t> dy(op.y.dims, op.y.dims + rank);
  int src0 = 0;
  if (da != dy) {
    if (db != dy) {
      why = "oneDNN binary broadcasts only its second operand, and both operands "
            "are broadcast here";
      return QRT_OK;
    }
    src0 = 1;
  }
  auto k = std::make_unique<OneDnnPrim>();
  k->ctx = ctx;
  k->op = op.op;
  try {
    memory::desc m0 = rowMajor(src0 ? db.data() : da.data(), rank, QRT_F32);
    memory::desc m1 = rowMajor(src0 ? da.data() : db.data(), rank, QRT_F32);
    memory::desc my = rowMajor(dy.data(), rank, QRT_F32);
    dnnl::binary::desc d(op.op == QRT_OP_ADD ? dnnl::algorithm::binary_add
                                             : dnnl::algorithm::binary_mul,
                         m0, m1, my);
    dnnl::primitive_attr attr = userScratchpad();
    dnnl::post_ops po;
    appendActF32(po, op.act);
    attr.set_post_ops(po);
    dnnl::binary::primitive_desc pd(d, attr, engine());
    k->bind(DNNL_ARG_SRC_0, m0, src0, false);
    k->bind(DNNL_ARG_SRC_1, m1, 1 - src0, false);
    k->bind(DNNL_ARG_DST, my, 0, true);
    k->finish(pd, dnnl::binary(pd));
  } catch (const dnnl::error &e) {
    return onError(e, "binary", why);
  }
  out = std::move(k);
  return QRT_OK;
}

qrt_status createUnary(qrt_context *ctx, const UnaryOp &op, std::unique_ptr<qrt_kernel> &out,
                       std::string &why) {
  if (empty(op.x)) {
    why = "empty tensors";
    return QRT_OK;
  }
  if (op.x.dtype != QRT_F32) {
    why = "oneDNN 2.6 runs these ops on f32 only";
    return QRT_OK;
  }
  auto k = std::make_unique<OneDnnPrim>();
  k->ctx = ctx;
  k->op = op.op;
  try {
    memory::desc md = rowMajor(op.x.dims, op.x.rank, QRT_F32);
    dnnl::primitive_attr attr = userScratchpad();
    if (op.op == QRT_OP_SOFTMAX) {
      dnnl::softmax_forward::desc d(dnnl::prop_kind::forward_inference, md,
                                    std::max(op.x.rank - 1, 0));
      dnnl::softmax_forward::primitive_desc pd(d, attr, engine());
      k->bind(DNNL_ARG_SRC, md, 0, false);
      k->bind(DNNL_ARG_DST, md, 0, true);
      k->finish(pd, dnnl::softmax_forward(pd));
    } else {
      // swish is x * logistic(alpha * x); alpha = 1 is SiLU.
      auto alg = op.op == QRT_OP_SIGMOID ? dnnl::algorithm::eltwise_logistic
                 : op.op == QRT_OP_SWISH ? dnnl::algorithm::eltwise_swish
                                         : dnnl::algorithm::eltwise_hardswish;
      const float alpha = op.op == QRT_OP_SWISH ? 1.f : 0.f;
      dnnl::eltwise_forward::desc d(dnnl::prop_kind::forward_inference, alg, md, alpha, 0.f);
      dnnl::eltwise_forward::primitive_desc pd(d, attr, engine());
      k->bind(DNNL_ARG_SRC, md, 0, false);
      k->bind(DNNL_ARG_DST, md, 0, true);
      k->finish(pd, dnnl::eltwise_forward(pd));
    }
  } catch (const dnnl::error &e) {
    return onError(e, "eltwise/softmax", why);
  }
  out = std::move(k);
  return QRT_OK;
}

namespace {

/// A reorder from `src` to `dst` with output scales and zero points.
qrt_status makeReorder(qrt_context *ctx, qrt_op opKind, const memory::desc &src,
                       const memory::desc &dst, const dnnl::primitive_attr &attr,
                       std::unique_ptr<qrt_kernel> &out, std::string &why) {
  auto k = std::make_unique<OneDnnPrim>();
  k->ctx = ctx;
  k->op = opKind;
  try {
    dnnl::reorder::primitive_desc pd(engine(), src, engine(), dst, attr);
    k->bind(DNNL_ARG_FROM, src, 0, false);
    k->bind(DNNL_ARG_TO, dst, 0, true);
    k->finish(pd, dnnl::reorder(pd));
  } catch (const dnnl::error &e) {
    return onError(e, "reorder", why);
  }
  out = std::move(k);
  return QRT_OK;
}

} // namespace

qrt_status createConvert(qrt_context *ctx, const ConvertOp &op, std::unique_ptr<qrt_kernel> &out,
                         std::string &why) {
  if (empty(op.x)) {
    why = "empty tensors";
    return QRT_OK;
  }
  // reorder: dst = scale * (src - src_zp) + dst_zp, rounded to nearest even
  // and saturated (zero points per tensor, scales per tensor or per channel).
  try {
    dnnl::primitive_attr attr = userScratchpad();
    const Tensor &qt = op.op == QRT_OP_QUANTIZE ? op.y : op.x;
    std::vector<float> scales;
    int mask = 0;
    if (op.op == QRT_OP_REQUANTIZE) {
      if (!op.x.sameQuant(op.y))
        scales.push_back(requantMultiplier(op.x.scale, 1.f, op.y.scale));
    } else if (qt.perChannel()) {
      mask = 1 << qt.axis;
      for (float s : qt.scales)
        scales.push_back(op.op == QRT_OP_QUANTIZE ? 1.f / s : s);
    } else {
      scales.push_back(op.op == QRT_OP_QUANTIZE ? 1.f / qt.scale : qt.scale);
    }
    if (!scales.empty())
      attr.set_output_scales(mask, scales);
    if (op.x.isQuant() && op.x.zp != 0 && !(op.op == QRT_OP_REQUANTIZE && op.x.sameQuant(op.y)))
      attr.set_zero_points(DNNL_ARG_SRC, 0, {op.x.zp});
    if (op.y.isQuant() && op.y.zp != 0 && !(op.op == QRT_OP_REQUANTIZE && op.x.sameQuant(op.y)))
      attr.set_zero_points(DNNL_ARG_DST, 0, {op.y.zp});
    return makeReorder(ctx, op.op, rowMajor(op.x.dims, op.x.rank, op.x.dtype),
                       rowMajor(op.y.dims, op.y.rank, op.y.dtype), attr, out, why);
  } catch (const dnnl::error &e) {
    return onError(e, "reorder", why);
  }
}

qrt_status createLayout(qrt_context *ctx, const LayoutOp &op, std::unique_ptr<qrt_kernel> &out,
                        std::string &why) {
  if (empty(op.x)) {
    why = "empty tensors";
    return QRT_OK;
  }
  try {
    if (op.op == QRT_OP_RESHAPE) {
      // A flat copy (dtype-agnostic bytes).
      int64_t n = op.x.numel() * (int64_t)dtypeSize(op.x.dtype);
      memory::desc md({n}, dt::u8, tag::a);
      qrt_status st = makeReorder(ctx, op.op, md, md, userScratchpad(), out, why);
      if (out)
        static_cast<OneDnnPrim *>(out.get())->skipWhenAliased = true;
      return st;
    }
    // transpose: read x through permuted strides, write y densely.
    int64_t xs[QRT_MAX_RANK];
    int64_t s = 1;
    for (int d = op.x.rank - 1; d >= 0; --d) {
      xs[d] = s;
      s *= op.x.dims[d];
    }
    memory::dims dims(op.y.dims, op.y.dims + op.y.rank), strides(op.y.rank);
    for (int d = 0; d < op.y.rank; ++d)
      strides[d] = xs[op.perm[d]];
    if (op.y.rank == 0)
      dims = strides = {1};
    memory::desc src(dims, toDt(op.x.dtype), strides);
    return makeReorder(ctx, op.op, src, rowMajor(op.y.dims, op.y.rank, op.y.dtype),
                       userScratchpad(), out, why);
  } catch (const dnnl::error &e) {
    return onError(e, "reorder", why);
  }
}

qrt_status createConcat(qrt_context *ctx, const ConcatOp &op, std::unique_ptr<qrt_kernel> &out,
                        std::string &why) {
  if (empty(op.y)) {
    why = "empty tensors";
    return QRT_OK;
  }
  for (const Tensor &x : op.xs) {
    if (x.dtype != op.y.dtype || (x.isQuant() && !x.sameQuant(op.y))) {
      why = "oneDNN concat copies without requantizing: every input needs the output's "
            "dtype and quant params";
      return QRT_OK;
    }
    if (empty(x)) {
      why = "empty concat input";
      return QRT_OK;
    }
  }
  auto k = std::make_unique<OneDnnPrim>();
  k->ctx = ctx;
  k->op = QRT_OP_CONCAT;
  try {
    std::vector<memory::desc> srcs;
    for (const Tensor &x : op.xs)
      srcs.push_back(rowMajor(x.dims, x.rank, x.dtype));
    memory::desc dst = rowMajor(op.y.dims, op.y.rank, op.y.dtype);
    dnnl::concat::primitive_desc pd(dst, op.axis, srcs, engine(), userScratchpad());
    for (size_t i = 0; i < srcs.size(); ++i)
      k->bind(DNNL_ARG_MULTIPLE_SRC + (int)i, srcs[i], (int)i, false);
    k->bind(DNNL_ARG_DST, dst, 0, true);
    k->finish(pd, dnnl::concat(pd));
  } catch (const dnnl::error &e) {
    return onError(e, "concat", why);
  }
  out = std::move(k);
  return QRT_OK;
}

} // namespace onednn
} // namespace qrt

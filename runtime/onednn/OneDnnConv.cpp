// oneDNN backend: conv2d and fully-connected (as 1x1 conv), f32 and int8, primitives built once at create.
#include "runtime/Internal.h"
#include "runtime/onednn/OneDnnCommon.h"

#include "oneapi/dnnl/dnnl.hpp"

#include <omp.h>

#include <cfloat>
#include <cstdlib>
#include <cstring>

namespace qrt {
namespace onednn {

using dnnl::memory;
using tag = dnnl::memory::format_tag;
using dt = dnnl::memory::data_type;

void useContextThreads(const qrt_context *ctx) {
  int threads = ctx && ctx->opts.num_threads > 0 ? ctx->opts.num_threads : 1;
  if (omp_get_max_threads() != threads)
    omp_set_num_threads(threads);
}

bool hasVnni() {
  switch (dnnl::get_effective_cpu_isa()) {
  case dnnl::cpu_isa::avx512_core_vnni:
  case dnnl::cpu_isa::avx512_core_bf16:
  case dnnl::cpu_isa::avx512_core_amx:
  case dnnl::cpu_isa::avx2_vnni:
    return true;
  default:
    return false;
  }
}

namespace {

class OneDnnConv final : public qrt_kernel {
public:
  qrt_status run(const void *const *in, void *const *out) override {
    if (hasResidual && in[1] != out[0])
      std::memcpy(out[0], in[1], outBytes); // the sum post-op reads dst in place
    if (prepad) {
      // Copy the interior; the border was filled with the zero point at create.
      const size_t row = (size_t)(W * C) * esz;
      for (int64_t n = 0; n < N; ++n)
        for (int64_t h = 0; h < H; ++h)
          std::memcpy(padded.data() + (((n * Hp + h + pt) * Wp + pl) * C) * esz,
                      (const uint8_t *)in[0] + ((n * H + h) * W * C) * esz, row);
    } else {
      src.set_data_handle(const_cast<void *>(in[0]));
    }
    dst.set_data_handle(out[0]);
    useContextThreads(ctx);
    dnnl_status_t st = dnnl_primitive_execute(prim.get(), strm.get(), (int)args.size(),
                                              args.data());
    if (st == dnnl_success)
      st = dnnl_stream_wait(strm.get());
    if (st != dnnl_success)
      return fail(QRT_ERR_BACKEND, "onednn conv execution failed (status " +
                                       std::to_string((int)st) + ")");
    return QRT_OK;
  }

  dnnl::convolution_forward prim;
  dnnl::stream strm;
  memory src, dst, weights, bias, scratch, srcZp, dstZp;
  std::vector<int32_t> zpStorage{0, 0};
  std::vector<uint8_t> scratchStorage;
  std::vector<dnnl_exec_arg_t> args;
  bool hasResidual = false;
  size_t outBytes = 0;
  // Zero-point folding (see createConv): input copied into a padded buffer.
  bool prepad = false;
  std::vector<uint8_t> padded;
  int64_t N = 0, H = 0, W = 0, C = 0, Hp = 0, Wp = 0, pt = 0, pl = 0;
  size_t esz = 1;
};

const char *const kGemmZp = "gemm-grouped-zp";

/// What buildConv needs besides the primitive descriptor.
struct ConvBuild {
  qrt_context *ctx;
  const ConvOp &op;
  const ConvOp *orig; // see createConvImpl
  memory::desc wUser, bMd;
};

/// The kernel for one implementation: weights prepacked once into the layout
/// `pd` chose, every argument but src/dst bound.
std::unique_ptr<OneDnnConv> buildConv(const ConvBuild &b,
                                      const dnnl::convolution_forward::primitive_desc &pd) {
  const ConvOp &op = b.op;
  const bool int8 = op.int8();
  auto k = std::make_unique<OneDnnConv>();
  k->ctx = b.ctx;
  k->prim = dnnl::convolution_forward(pd);
  k->strm = dnnl::stream(engine());

  memory wSrc(b.wUser, engine(), const_cast<uint8_t *>(op.wdata.data()));
  k->weights = memory(pd.weights_desc(), engine());
  dnnl::reorder(wSrc, k->weights).execute(k->strm, wSrc, k->weights);
  k->strm.wait();

  k->src = memory(pd.src_desc(), engine(), DNNL_MEMORY_NONE);
  k->dst = memory(pd.dst_desc(), engine(), DNNL_MEMORY_NONE);
  k->args.push_back({DNNL_ARG_SRC, k->src.get()});
  k->args.push_back({DNNL_ARG_WEIGHTS, k->weights.get()});
  k->args.push_back({DNNL_ARG_DST, k->dst.get()});
  if (op.hasBias) {
    k->bias = memory(b.bMd, engine());
    std::memcpy(k->bias.get_data_handle(), op.bdata.data(), op.O * 4);
    k->args.push_back({DNNL_ARG_BIAS, k->bias.get()});
  }
  size_t scratchBytes = pd.scratchpad_desc().get_size();
  k->scratchStorage.resize(scratchBytes ? scratchBytes : 1);
  k->scratch = memory(pd.scratchpad_desc(), engine(), k->scratchStorage.data());
  k->args.push_back({DNNL_ARG_SCRATCHPAD, k->scratch.get()});
  if (int8 && op.x.zp != 0) {
    k->zpStorage[0] = op.x.zp;
    k->srcZp = memory({{1}, dt::s32, tag::x}, engine(), &k->zpStorage[0]);
    k->args.push_back({DNNL_ARG_ATTR_ZERO_POINTS | DNNL_ARG_SRC, k->srcZp.get()});
  }
  if (int8 && op.y.zp != 0) {
    k->zpStorage[1] = op.y.zp;
    k->dstZp = memory({{1}, dt::s32, tag::x}, engine(), &k->zpStorage[1]);
    k->args.push_back({DNNL_ARG_ATTR_ZERO_POINTS | DNNL_ARG_DST, k->dstZp.get()});
  }
  k->hasResidual = op.hasResidual;
  k->outBytes = op.y.numel() * dtypeSize(op.y.dtype);
  if (const ConvOp *orig = b.orig) {
    k->prepad = true;
    k->N = orig->N, k->H = orig->H, k->W = orig->W, k->C = orig->C;
    k->Hp = op.H, k->Wp = op.W, k->pt = orig->pt, k->pl = orig->pl;
    k->esz = dtypeSize(op.x.dtype);
    k->padded.assign(op.x.numel() * k->esz, (uint8_t)orig->x.zp);
    k->src.set_data_handle(k->padded.data());
  }
  return k;
}

/// Which implementation to use when oneDNN offers several
/// (QRT_ONEDNN_CONV_IMPL): unset or "auto" prefers jit_int8 over brgconv/
/// brdgmm for int8 depthwise/grouped and 1x1 convs and keeps oneDNN's first
/// choice otherwise; "first" always takes oneDNN's first choice; any other
/// value takes the first candidate whose name starts with it
/// (e.g. "jit_int8", "brgconv"; oneDNN's first choice when none does).
/// Measured on AMD Zen 4 (docs/runtime.md): oneDNN 2.6 dispatches brgconv/
/// brdgmm first, which is 10-20 % slower than jit_int8 on MobileNet's
/// depthwise and 1x1 convs and faster on ResNet's dense 3x3 convs.
std::unique_ptr<OneDnnConv> selectImplementation(
    const ConvBuild &b, dnnl::convolution_forward::primitive_desc pd) {
  const char *env = std::getenv("QRT_ONEDNN_CONV_IMPL");
  std::string policy = env && *env ? env : "auto";
  if (policy == "auto") {
    const ConvOp &op = b.op;
    const bool preferJit = op.int8() && (op.groups > 1 || (op.KH == 1 && op.KW == 1));
    policy = preferJit ? "jit_int8" : "first";
  }
  if (policy == "first")
    return buildConv(b, pd);
  // Only implementations at the ISA of oneDNN's first choice qualify
  // (lower-ISA, gemm-based and reference implementations are slower).
  const dnnl::convolution_forward::primitive_desc first = pd;
  const std::string firstName = first.impl_info_str();
  const std::string isa = firstName.substr(firstName.find(':'));
  do {
    const std::string name = pd.impl_info_str();
    if (name.rfind(policy, 0) == 0 && name.size() >= isa.size() &&
        name.compare(name.size() - isa.size(), isa.size(), isa) == 0 &&
        name.find("gemm") == std::string::npos && name.find("ref") == std::string::npos)
      return buildConv(b, pd);
  } while (pd.next_impl());
  return buildConv(b, first);
}

/// `folded`: the conv has already been rewritten to zero padding and no
/// source zero point (the original padded input geometry is in `orig`).
qrt_status createConvImpl(qrt_context *ctx, const ConvOp &op, std::unique_ptr<qrt_kernel> &out,
                          std::string &why, const ConvOp *orig) {
  try {
    const bool int8 = op.int8();
    const int64_t G = op.groups;
    memory::dims srcDims = {op.N, op.C, op.H, op.W};
    memory::dims dstDims = {op.N, op.O, op.OH, op.OW};
    memory::dims wDims = G > 1 ? memory::dims{G, op.O / G, op.C / G, op.KH, op.KW}
                               : memory::dims{op.O, op.C, op.KH, op.KW};
    memory::desc srcMd(srcDims, toDt(op.x.dtype), tag::nhwc);
    memory::desc dstMd(dstDims, toDt(op.y.dtype), tag::nhwc);
    memory::desc wAny(wDims, toDt(op.w.dtype), tag::any);
    memory::desc wUser(wDims, toDt(op.w.dtype), G > 1 ? tag::gohwi : tag::ohwi);
    memory::desc bMd({op.O}, int8 ? dt::s32 : dt::f32, tag::x);

    dnnl::primitive_attr attr;
    attr.set_scratchpad_mode(dnnl::scratchpad_mode::user);
    dnnl::post_ops po;
    if (int8) {
      // Swish takes the real conv output: the output scales only dequantize,
      // and a linear post-op scales the swish by f32(1/sy) (the contract
      // divides by sy; the tests accept 1 LSB). The dst zero point and the
      // saturation come after the post-ops.
      const bool swish = op.act.kind == QRT_ACT_SWISH;
      const float sy = swish ? 1.f : op.y.scale;
      std::vector<float> scales;
      if (op.w.perChannel())
        for (int64_t c = 0; c < op.O; ++c)
          scales.push_back(requantMultiplier(op.x.scale, op.w.scales[c], sy));
      else
        scales.push_back(requantMultiplier(op.x.scale, op.w.scale, sy));
      attr.set_output_scales(op.w.perChannel() ? 1 << 1 : 0, scales);
      if (op.x.zp != 0)
        attr.set_zero_points(DNNL_ARG_SRC, 0, {DNNL_RUNTIME_S32_VAL});
      if (op.y.zp != 0)
        attr.set_zero_points(DNNL_ARG_DST, 0, {DNNL_RUNTIME_S32_VAL});
      if (op.hasResidual)
        po.append_sum(requantMultiplier(op.r.scale, 1.f, op.y.scale), op.r.zp);
      if (swish) {
        po.append_eltwise(1.f, dnnl::algorithm::eltwise_swish, 1.f, 0.f);
        po.append_eltwise(1.f, dnnl::algorithm::eltwise_linear,
                          (float)(1.0 / (double)op.y.scale), 0.f);
      } else {
        int32_t lo, hi;
        activationBounds(op.act, op.y, lo, hi);
        // The clamp runs before the dst zero point is added: shift the bounds.
        if (lo == op.y.zp && hi == dtypeMax(op.y.dtype))
          po.append_eltwise(1.f, dnnl::algorithm::eltwise_relu, 0.f, 0.f);
        else if (lo > dtypeMin(op.y.dtype) || hi < dtypeMax(op.y.dtype))
          po.append_eltwise(1.f, dnnl::algorithm::eltwise_clip, (float)(lo - op.y.zp),
                            (float)(hi - op.y.zp));
      }
    } else {
      if (op.hasResidual)
        po.append_sum(1.f);
      float lo, hi;
      activationBoundsF32(op.act, lo, hi);
      if (op.act.kind == QRT_ACT_RELU)
        po.append_eltwise(1.f, dnnl::algorithm::eltwise_relu, 0.f, 0.f);
      else if (op.act.kind == QRT_ACT_SWISH)
        po.append_eltwise(1.f, dnnl::algorithm::eltwise_swish, 1.f, 0.f);
      else if (op.act.kind != QRT_ACT_NONE)
        po.append_eltwise(1.f, dnnl::algorithm::eltwise_clip,
                          std::isfinite(lo) ? lo : -FLT_MAX, std::isfinite(hi) ? hi : FLT_MAX);
    }
    attr.set_post_ops(po);

    memory::dims strides = {op.sh, op.sw}, dil = {op.dh - 1, op.dw - 1};
    memory::dims padL = {op.pt, op.pl}, padR = {op.pb, op.pr};
    const bool withBias = op.hasBias;
    auto desc = withBias
                    ? dnnl::convolution_forward::desc(
                          dnnl::prop_kind::forward_inference,
                          dnnl::algorithm::convolution_direct, srcMd, wAny, bMd, dstMd,
                          strides, dil, padL, padR)
                    : dnnl::convolution_forward::desc(
                          dnnl::prop_kind::forward_inference,
                          dnnl::algorithm::convolution_direct, srcMd, wAny, dstMd, strides,
                          dil, padL, padR);
    dnnl::convolution_forward::primitive_desc pd(desc, attr, engine());
    // Measured on oneDNN 2.6: the gemm-based int8 conv (x64:gemm_s8u8s32) gets
    // grouped convolutions with a source zero point wrong. Never return those
    // numbers: leave such convs to ref (visible fallback).
    const std::string impl = pd.impl_info_str();
    if (int8 && G > 1 && op.x.zp != 0 && impl.find("gemm") != std::string::npos) {
      why = kGemmZp;
      return QRT_OK;
    }
    ConvBuild b{ctx, op, orig, wUser, bMd};
    out = selectImplementation(b, pd);
    return QRT_OK;
  } catch (const dnnl::error &e) {
    if (e.status == dnnl_unimplemented) {
      why = std::string("oneDNN has no implementation for this configuration (") +
            e.what() + ")";
      return QRT_OK;
    }
    return fail(QRT_ERR_BACKEND, std::string("onednn conv: ") + e.what());
  }
}

/// Rewrites an int8 conv with a source zero point into one without: the
/// input is padded explicitly with zx (padded taps then contribute
/// (zx - zx) = 0; no-op when the conv has no padding) and -zx * sum(w[o]) is
/// folded into the bias. The result equals the contract's integer acc as long
/// as oneDNN's f32 conversions of the raw sum and of the folded bias are
/// exact, i.e. both stay below 2^24; false when they may not.
bool foldSourceZeroPoint(const ConvOp &op, ConvOp &f) {
  f = op;
  f.H = op.H + op.pt + op.pb, f.W = op.W + op.pl + op.pr;
  f.pt = f.pl = f.pb = f.pr = 0;
  f.x.dims[1] = f.H, f.x.dims[2] = f.W;
  f.x.zp = 0;
  std::vector<int32_t> bias(op.O, 0);
  if (op.hasBias)
    std::memcpy(bias.data(), op.bdata.data(), op.O * 4);
  const int64_t taps = op.KH * op.KW * op.cpg();
  const int64_t xmax = op.x.dtype == QRT_U8 ? 255 : 128;
  for (int64_t o = 0; o < op.O; ++o) {
    int64_t sum = 0, sumAbs = 0;
    for (int64_t i = 0; i < taps; ++i) {
      int64_t w = (int8_t)op.wdata[o * taps + i];
      sum += w;
      sumAbs += w < 0 ? -w : w;
    }
    int64_t folded = (int64_t)bias[o] - (int64_t)op.x.zp * sum;
    if (xmax * sumAbs >= (int64_t(1) << 24) || folded <= -(int64_t(1) << 24) ||
        folded >= (int64_t(1) << 24))
      return false;
    bias[o] = (int32_t)folded;
  }
  f.hasBias = true;
  f.bdata.assign((const uint8_t *)bias.data(), (const uint8_t *)bias.data() + op.O * 4);
  return true;
}

} // namespace

qrt_status createConv(qrt_context *ctx, const ConvOp &op, std::unique_ptr<qrt_kernel> &out,
                      std::string &why) {
  if (op.x.numel() == 0 || op.y.numel() == 0) {
    why = "empty tensors";
    return QRT_OK;
  }
  const bool padded = op.pt || op.pl || op.pb || op.pr;
  ConvOp f;
  // Without padding the folded conv is the same conv minus the source zero
  // point, which oneDNN's brgconv runs 5-25 % faster (measured on 1x1 convs
  // of MobileNetV2: the per-output compensation pass disappears).
  if (op.int8() && op.x.zp != 0 && !padded && foldSourceZeroPoint(op, f)) {
    qrt_status st = createConvImpl(ctx, f, out, why, nullptr);
    if (st != QRT_OK || out)
      return st;
    why.clear();
  }
  qrt_status st = createConvImpl(ctx, op, out, why, nullptr);
  if (st != QRT_OK || out || why != kGemmZp)
    return st;
  // Measured on oneDNN 2.6: the gemm-based int8 conv gets grouped convs with
  // a source zero point wrong, while the same convs without one are exact.
  if (!foldSourceZeroPoint(op, f)) {
    why = "oneDNN's gemm int8 conv is not exact for grouped convs with a source "
          "zero point, and the zero-point folding workaround would exceed 2^24";
    return QRT_OK;
  }
  why.clear();
  st = createConvImpl(ctx, f, out, why, padded ? &op : nullptr);
  if (st == QRT_OK && !out && why == kGemmZp)
    why = "oneDNN's gemm int8 conv is not exact for grouped convs with a source zero point";
  return st;
}

} // namespace onednn
} // namespace qrt

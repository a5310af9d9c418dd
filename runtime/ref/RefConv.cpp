// Reference conv2d / fully-connected: the numerics oracle the other backends match.
#include "runtime/Internal.h"
#include "runtime/ref/RefCommon.h"

#include <cstring>

namespace qrt {
namespace ref {
namespace {

class RefConv final : public qrt_kernel {
public:
  explicit RefConv(const ConvOp &o) : op(o) {
    // Packing for the reference is only widening: (w - zw) as int32 or f32,
    // and per-channel multipliers, so run() allocates nothing.
    int64_t nw = op.w.numel();
    if (op.int8()) {
      wq.resize(nw);
      for (int64_t i = 0; i < nw; ++i)
        wq[i] = loadQ(op.wdata.data(), op.w.dtype, i) - op.w.zp;
      bias.assign(op.O, 0);
      if (op.hasBias)
        std::memcpy(bias.data(), op.bdata.data(), op.O * sizeof(int32_t));
      // With swish the multiplier dequantizes only: the swish takes the real
      // conv output and its result is quantized (docs/runtime.md, Numerics).
      const float sy = op.act.kind == QRT_ACT_SWISH ? 1.f : op.y.scale;
      mult.resize(op.O);
      for (int64_t c = 0; c < op.O; ++c)
        mult[c] = requantMultiplier(op.x.scale, op.w.channelScale(c), sy);
      if (op.hasResidual)
        resMult = requantMultiplier(op.r.scale, 1.f, op.y.scale);
      activationBounds(op.act, op.y, lo, hi);
    } else {
      wf.resize(nw);
      std::memcpy(wf.data(), op.wdata.data(), nw * sizeof(float));
      biasF.assign(op.O, 0.f);
      if (op.hasBias)
        std::memcpy(biasF.data(), op.bdata.data(), op.O * sizeof(float));
      activationBoundsF32(op.act, flo, fhi);
    }
  }

  qrt_status run(const void *const *in, void *const *out) override {
    const void *res = op.hasResidual ? in[1] : nullptr;
    if (!op.int8())
      runF32((const float *)in[0], (const float *)res, (float *)out[0]);
    else if (op.x.dtype == QRT_U8)
      runQ((const uint8_t *)in[0], res, out[0]);
    else
      runQ((const int8_t *)in[0], res, out[0]);
    return QRT_OK;
  }

private:
  template <typename T>
  void runQ(const T *x, const void *res, void *y) {
    const int64_t cpg = op.cpg(), opg = op.opg();
    const int32_t zx = op.x.zp, zy = op.y.zp;
    for (int64_t n = 0; n < op.N; ++n)
      for (int64_t oh = 0; oh < op.OH; ++oh)
        for (int64_t ow = 0; ow < op.OW; ++ow)
          for (int64_t o = 0; o < op.O; ++o) {
            const int64_t g = o / opg;
            int32_t acc = 0;
            for (int64_t kh = 0; kh < op.KH; ++kh) {
              int64_t ih = oh * op.sh - op.pt + kh * op.dh;
              if (ih < 0 || ih >= op.H)
                continue;
              for (int64_t kw = 0; kw < op.KW; ++kw) {
                int64_t iw = ow * op.sw - op.pl + kw * op.dw;
                if (iw < 0 || iw >= op.W)
                  continue;
                const T *xp = x + ((n * op.H + ih) * op.W + iw) * op.C + g * cpg;
                const int32_t *wp = wq.data() + ((o * op.KH + kh) * op.KW + kw) * cpg;
                for (int64_t ci = 0; ci < cpg; ++ci)
                  acc += ((int32_t)xp[ci] - zx) * wp[ci];
              }
            }
            int64_t yi = ((n * op.OH + oh) * op.OW + ow) * op.O + o;
            if (op.act.kind == QRT_ACT_SWISH) {
              storeReal(y, op.y, yi, swish((float)(acc + bias[o]) * mult[o]));
              continue;
            }
            int32_t r = res ? loadQ(res, op.r.dtype, yi) - op.r.zp : 0;
            storeQ(y, op.y.dtype, yi,
                   requantizeAcc(acc, bias[o], mult[o], res != nullptr, r,
                                 resMult, zy, lo, hi));
          }
  }

  void runF32(const float *x, const float *res, float *y) {
    const int64_t cpg = op.cpg(), opg = op.opg();
    for (int64_t n = 0; n < op.N; ++n)
      for (int64_t oh = 0; oh < op.OH; ++oh)
        for (int64_t ow = 0; ow < op.OW; ++ow)
          for (int64_t o = 0; o < op.O; ++o) {
            const int64_t g = o / opg;
            double acc = biasF[o];
            for (int64_t kh = 0; kh < op.KH; ++kh) {
              int64_t ih = oh * op.sh - op.pt + kh * op.dh;
              if (ih < 0 || ih >= op.H)
                continue;
              for (int64_t kw = 0; kw < op.KW; ++kw) {
                int64_t iw = ow * op.sw - op.pl + kw * op.dw;
                if (iw < 0 || iw >= op.W)
                  continue;
                const float *xp = x + ((n * op.H + ih) * op.W + iw) * op.C + g * cpg;
                const float *wp = wf.data() + ((o * op.KH + kh) * op.KW + kw) * cpg;
                for (int64_t ci = 0; ci < cpg; ++ci)
                  acc += (double)xp[ci] * wp[ci];
              }
            }
            int64_t yi = ((n * op.OH + oh) * op.OW + ow) * op.O + o;
            float v = (float)acc;
            if (res)
              v += res[yi];
            v = v < flo ? flo : (v > fhi ? fhi : v);
            y[yi] = op.act.kind == QRT_ACT_SWISH ? swish(v) : v;
          }
  }

  ConvOp op;
  std::vector<int32_t> wq, bias;
  std::vector<float> wf, biasF, mult;
  float resMult = 0.f, flo = 0.f, fhi = 0.f;
  int32_t lo = 0, hi = 0;
};

} // namespace

std::unique_ptr<qrt_kernel> createConv(const ConvOp &op) {
  return std::make_unique<RefConv>(op);
}

} // namespace ref
} // namespace qrt

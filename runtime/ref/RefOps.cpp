// Reference kernels for the non-conv qnn ops (elementwise, pooling, data movement).
#include "runtime/Internal.h"
#include "runtime/ref/RefCommon.h"

#include <algorithm>
#include <cstring>
#include <limits>

namespace qrt {
namespace ref {
namespace {

/// Iterates a multi-index over dims[0..rank) in row-major order.
struct IndexIter {
  int rank;
  const int64_t *dims;
  int64_t idx[QRT_MAX_RANK] = {};
  bool next() {
    for (int i = rank - 1; i >= 0; --i) {
      if (++idx[i] < dims[i])
        return true;
      idx[i] = 0;
    }
    return false;
  }
};

class RefBinary final : public qrt_kernel {
public:
  explicit RefBinary(const BinaryOp &o) : op(o) {
    broadcastStrides(op.a, op.y.rank, op.y.dims, sa);
    broadcastStrides(op.b, op.y.rank, op.y.dims, sb);
    if (op.y.isQuant()) {
      activationBounds(op.act, op.y, lo, hi);
      if (op.op == QRT_OP_ADD || op.op == QRT_OP_SUB) {
        ma = requantMultiplier(op.a.scale, 1.f, op.y.scale);
        mb = requantMultiplier(op.b.scale, 1.f, op.y.scale);
      } else if (op.op == QRT_OP_DIV) {
        ma = (float)((double)op.a.scale / ((double)op.b.scale * (double)op.y.scale));
      } else {
        ma = requantMultiplier(op.a.scale, op.b.scale, op.y.scale);
      }
    } else {
      activationBoundsF32(op.act, flo, fhi);
    }
  }
  // int8 add: v = ma*f32(a-za) + mb*f32(b-zb); sub: v = ma*f32(a-za) - mb*f32(b-zb);
  // mul: v = ma*f32((a-za)*(b-zb)); div: v = ma*f32(a-za) / f32(b-zb) with
  // ma = f32(double(sa)/(double(sb)*sy)) (NaN from 0/0 is read as 0);
  // then q = clamp(rne(v) + zy). f32: plain op then clamp.
  qrt_status run(const void *const *in, void *const *out) override {
    const int rank = op.y.rank;
    if (op.y.numel() == 0)
      return QRT_OK;
    IndexIter it{rank, op.y.dims};
    int64_t yi = 0;
    do {
      int64_t ia = 0, ib = 0;
      for (int d = 0; d < rank; ++d) {
        ia += it.idx[d] * sa[d];
        ib += it.idx[d] * sb[d];
      }
      if (op.y.dtype == QRT_F32) {
        float a = ((const float *)in[0])[ia], b = ((const float *)in[1])[ib];
        float v = op.op == QRT_OP_ADD   ? a + b
                  : op.op == QRT_OP_SUB ? a - b
                  : op.op == QRT_OP_DIV ? a / b
                                        : a * b;
        ((float *)out[0])[yi] = std::min(std::max(v, flo), fhi);
      } else {
        int32_t a = loadQ(in[0], op.a.dtype, ia) - op.a.zp;
        int32_t b = loadQ(in[1], op.b.dtype, ib) - op.b.zp;
        float v = op.op == QRT_OP_ADD   ? ma * (float)a + mb * (float)b
                  : op.op == QRT_OP_SUB ? ma * (float)a - mb * (float)b
                  : op.op == QRT_OP_DIV ? ma * (float)a / (float)b
                                        : ma * (float)(a * b);
        if (v != v)
          v = 0.f;
        storeQ(out[0], op.y.dtype, yi, clampRound(v, lo - op.y.zp, hi - op.y.zp) + op.y.zp);
      }
      ++yi;
    } while (it.next());
    return QRT_OK;
  }

private:
  BinaryOp op;
  int64_t sa[QRT_MAX_RANK] = {}, sb[QRT_MAX_RANK] = {};
  float ma = 0, mb = 0, flo = 0, fhi = 0;
  int32_t lo = 0, hi = 0;
};

class RefPool final : public qrt_kernel {
public:
  explicit RefPool(const PoolOp &o) : op(o) {}
  // max: max of the in-bounds window elements (quant params equal in/out).
  // avg: s = sum of (q - zx) over in-bounds elements, n = window size
  // (clipped to the padded input if count_include_pad, else in-bounds count);
  // q = sat(rne(f32(s) * f32(double(sx) / (double(sy) * n))) + zy).
  qrt_status run(const void *const *in, void *const *out) override {
    const Tensor &x = op.x, &y = op.y;
    const int64_t N = x.dims[0], H = x.dims[1], W = x.dims[2], C = x.dims[3];
    const int64_t OH = y.dims[1], OW = y.dims[2];
    const bool isMax = op.op == QRT_OP_MAX_POOL;
    for (int64_t n = 0; n < N; ++n)
      for (int64_t oh = 0; oh < OH; ++oh)
        for (int64_t ow = 0; ow < OW; ++ow) {
          int64_t h0 = oh * op.sh - op.pt, w0 = ow * op.sw - op.pl;
          int64_t h1 = h0 + op.kh, w1 = w0 + op.kw;
          int64_t padCount = (std::min(h1, H + op.pb) - std::max<int64_t>(h0, -op.pt)) *
                             (std::min(w1, W + op.pr) - std::max<int64_t>(w0, -op.pl));
          int64_t hs = std::max<int64_t>(h0, 0), he = std::min(h1, H);
          int64_t ws = std::max<int64_t>(w0, 0), we = std::min(w1, W);
          int64_t count = op.countIncludePad ? padCount : (he - hs) * (we - ws);
          for (int64_t c = 0; c < C; ++c) {
            int64_t yi = ((n * OH + oh) * OW + ow) * C + c;
            if (x.dtype == QRT_F32) {
              const float *xp = (const float *)in[0];
              double acc = isMax ? -std::numeric_limits<double>::infinity() : 0.0;
              for (int64_t h = hs; h < he; ++h)
                for (int64_t w = ws; w < we; ++w) {
                  float v = xp[((n * H + h) * W + w) * C + c];
                  acc = isMax ? std::max(acc, (double)v) : acc + v;
                }
              ((float *)out[0])[yi] = isMax ? (float)acc : (float)(acc / (double)count);
            } else if (isMax) {
              int32_t m = dtypeMin(x.dtype);
              for (int64_t h = hs; h < he; ++h)
                for (int64_t w = ws; w < we; ++w)
                  m = std::max(m, loadQ(in[0], x.dtype, ((n * H + h) * W + w) * C + c));
              storeQ(out[0], y.dtype, yi, m);
            } else {
              int32_t s = 0;
              for (int64_t h = hs; h < he; ++h)
                for (int64_t w = ws; w < we; ++w)
                  s += loadQ(in[0], x.dtype, ((n * H + h) * W + w) * C + c) - x.zp;
              float m = (float)((double)x.scale / ((double)y.scale * (double)count));
              storeQ(out[0], y.dtype, yi,
                     clampRound((float)s * m, dtypeMin(y.dtype) - y.zp,
                                dtypeMax(y.dtype) - y.zp) + y.zp);
            }
          }
        }
    return QRT_OK;
  }

private:
  PoolOp op;
};

/// Copies `n` elements from x to y, requantizing when params differ:
/// q = sat(rne(f32(qx - zx) * f32(double(sx)/sy)) + zy).
void copyConvert(const void *x, const Tensor &tx, int64_t xo, void *y,
                 const Tensor &ty, int64_t yo, int64_t n) {
  // Zero-size operands may have no buffer at all: touch no pointer.
  if (n <= 0)
    return;
  if (tx.dtype == ty.dtype && (ty.dtype == QRT_F32 || tx.sameQuant(ty))) {
    size_t es = dtypeSize(tx.dtype);
    std::memcpy((char *)y + yo * es, (const char *)x + xo * es, n * es);
    return;
  }
  float m = requantMultiplier(tx.scale, 1.f, ty.scale);
  for (int64_t i = 0; i < n; ++i) {
    float v = (float)(loadQ(x, tx.dtype, xo + i) - tx.zp) * m;
    storeQ(y, ty.dtype, yo + i,
           clampRound(v, dtypeMin(ty.dtype) - ty.zp, dtypeMax(ty.dtype) - ty.zp) + ty.zp);
  }
}

class RefConcat final : public qrt_kernel {
public:
  explicit RefConcat(const ConcatOp &o) : op(o) {}
  qrt_status run(const void *const *in, void *const *out) override {
    int64_t outer = 1, inner = 1;
    for (int d = 0; d < op.axis; ++d)
      outer *= op.y.dims[d];
    for (int d = op.axis + 1; d < op.y.rank; ++d)
      inner *= op.y.dims[d];
    const int64_t yRow = op.y.dims[op.axis] * inner;
    for (int64_t o = 0; o < outer; ++o) {
      int64_t off = 0;
      for (size_t i = 0; i < op.xs.size(); ++i) {
        int64_t row = op.xs[i].dims[op.axis] * inner;
        copyConvert(in[i], op.xs[i], o * row, out[0], op.y, o * yRow + off, row);
        off += row;
      }
    }
    return QRT_OK;
  }

private:
  ConcatOp op;
};

class RefResize final : public qrt_kernel {
public:
  explicit RefResize(const ResizeOp &o) : op(o) {}
  float srcCoord(int64_t d, int64_t in, int64_t out) const {
    if (op.coord == QRT_COORD_ALIGN_CORNERS)
      return out > 1 ? (float)d * (float)(in - 1) / (float)(out - 1) : 0.f;
    float scale = (float)out / (float)in;
    if (op.coord == QRT_COORD_HALF_PIXEL)
      return ((float)d + 0.5f) / scale - 0.5f;
    return (float)d / scale;
  }
  // Nearest: floor of the source coordinate, clamped. Bilinear: weights on
  // the real values (f32), result quantized to the output params.
  qrt_status run(const void *const *in, void *const *out) override {
    const Tensor &x = op.x, &y = op.y;
    const int64_t N = x.dims[0], H = x.dims[1], W = x.dims[2], C = x.dims[3];
    const int64_t OH = y.dims[1], OW = y.dims[2];
    for (int64_t n = 0; n < N; ++n)
      for (int64_t oh = 0; oh < OH; ++oh)
        for (int64_t ow = 0; ow < OW; ++ow) {
          float sy = srcCoord(oh, H, OH), sx = srcCoord(ow, W, OW);
          int64_t yb = ((n * OH + oh) * OW + ow) * C;
          if (op.mode == QRT_RESIZE_NEAREST) {
            int64_t ih = std::min<int64_t>(std::max<int64_t>((int64_t)std::floor(sy), 0), H - 1);
            int64_t iw = std::min<int64_t>(std::max<int64_t>((int64_t)std::floor(sx), 0), W - 1);
            copyConvert(in[0], x, ((n * H + ih) * W + iw) * C, out[0], y, yb, C);
            continue;
          }
          sy = std::min(std::max(sy, 0.f), (float)(H - 1));
          sx = std::min(std::max(sx, 0.f), (float)(W - 1));
          int64_t h0 = (int64_t)sy, w0 = (int64_t)sx;
          int64_t h1 = std::min(h0 + 1, H - 1), w1 = std::min(w0 + 1, W - 1);
          float ly = sy - (float)h0, lx = sx - (float)w0;
          for (int64_t c = 0; c < C; ++c) {
            auto at = [&](int64_t h, int64_t w) {
              return loadReal(in[0], x, ((n * H + h) * W + w) * C + c);
            };
            float v = (1 - ly) * ((1 - lx) * at(h0, w0) + lx * at(h0, w1)) +
                      ly * ((1 - lx) * at(h1, w0) + lx * at(h1, w1));
            storeReal(out[0], y, yb + c, v);
          }
        }
    return QRT_OK;
  }

private:
  ResizeOp op;
};

class RefUnary final : public qrt_kernel {
public:
  /// An elementwise op from 8 bits to 8 bits is a function of 256 values:
  /// it is tabulated at create with exactly the per-element computation of
  /// run() (dequantize, f32 math, quantize), so the table is bit-exact and
  /// run() is one load per element instead of an exp/tanh.
  explicit RefUnary(const UnaryOp &o) : op(o) {
    auto is8 = [](qrt_dtype t) { return t == QRT_U8 || t == QRT_S8; };
    if (op.op == QRT_OP_SOFTMAX || !is8(op.x.dtype) || !is8(op.y.dtype))
      return;
    useTable = true;
    for (int b = 0; b < 256; ++b) {
      uint8_t src = (uint8_t)b, dst = 0;
      storeReal(&dst, op.y, 0, apply(loadReal(&src, op.x, 0)));
      table[b] = dst;
    }
  }
  qrt_status run(const void *const *in, void *const *out) override {
    const int64_t n = op.x.numel();
    if (useTable) {
      const uint8_t *x = static_cast<const uint8_t *>(in[0]);
      uint8_t *y = static_cast<uint8_t *>(out[0]);
      for (int64_t i = 0; i < n; ++i)
        y[i] = table[x[i]];
      return QRT_OK;
    }
    if (op.op == QRT_OP_SOFTMAX) {
      const int64_t inner = op.x.dims[op.x.rank - 1];
      for (int64_t r = 0; inner > 0 && r < n / inner; ++r) {
        float mx = -std::numeric_limits<float>::infinity();
        for (int64_t i = 0; i < inner; ++i)
          mx = std::max(mx, loadReal(in[0], op.x, r * inner + i));
        float sum = 0.f;
        for (int64_t i = 0; i < inner; ++i)
          sum += std::exp(loadReal(in[0], op.x, r * inner + i) - mx);
        for (int64_t i = 0; i < inner; ++i)
          storeReal(out[0], op.y, r * inner + i,
                    std::exp(loadReal(in[0], op.x, r * inner + i) - mx) / sum);
      }
      return QRT_OK;
    }
    for (int64_t i = 0; i < n; ++i)
      storeReal(out[0], op.y, i, apply(loadReal(in[0], op.x, i)));
    return QRT_OK;
  }
  /// The elementwise function on a real value (f32).
  float apply(float v) const {
    switch (op.op) {
    case QRT_OP_SIGMOID:
      return 1.f / (1.f + std::exp(-v));
    case QRT_OP_HARD_SWISH:
      return v * std::min(std::max(v + 3.f, 0.f), 6.f) / 6.f;
    case QRT_OP_SWISH:
      return swish(v);
    case QRT_OP_TANH:
      return std::tanh(v);
    case QRT_OP_RELU:
      return v != v ? v : std::max(v, 0.f);
    case QRT_OP_CLAMP:
      return v != v ? v : std::min(std::max(v, op.min), op.max);
    case QRT_OP_LEAKY_RELU:
      return v >= 0.f ? v : op.alpha * v;
    case QRT_OP_HARD_SIGMOID: {
      float t = op.alpha * v + op.beta;
      return t != t ? t : std::max(0.f, std::min(1.f, t));
    }
    default:
      return v;
    }
  }

private:
  UnaryOp op;
  bool useTable = false;
  uint8_t table[256] = {};
};

class RefConvert final : public qrt_kernel {
public:
  explicit RefConvert(const ConvertOp &o) : op(o) {
    // Per-channel index: element i belongs to channel (i / inner) % dims[axis].
    const Tensor &q = op.op == QRT_OP_QUANTIZE ? op.y : op.x;
    if (q.axis >= 0) {
      channels = q.dims[q.axis];
      for (int d = q.axis + 1; d < q.rank; ++d)
        inner *= q.dims[d];
    }
  }
  qrt_status run(const void *const *in, void *const *out) override {
    const int64_t n = op.x.numel();
    if (op.op == QRT_OP_REQUANTIZE) {
      copyConvert(in[0], op.x, 0, out[0], op.y, 0, n);
      return QRT_OK;
    }
    for (int64_t i = 0; i < n; ++i) {
      int64_t c = channels ? (i / inner) % channels : 0;
      if (op.op == QRT_OP_QUANTIZE) {
        float x = ((const float *)in[0])[i];
        storeQ(out[0], op.y.dtype, i,
               quantizeValue(x, op.y.channelScale(c), op.y.zp, op.y.dtype));
      } else {
        ((float *)out[0])[i] =
            (float)(loadQ(in[0], op.x.dtype, i) - op.x.zp) * op.x.channelScale(c);
      }
    }
    return QRT_OK;
  }

private:
  ConvertOp op;
  int64_t channels = 0, inner = 1;
};

class RefLayout final : public qrt_kernel {
public:
  explicit RefLayout(const LayoutOp &o) : op(o) {}
  qrt_status run(const void *const *in, void *const *out) override {
    const size_t es = dtypeSize(op.x.dtype);
    const int64_t n = op.x.numel();
    if (op.op == QRT_OP_RESHAPE) {
      if (in[0] != out[0] && n > 0)
        std::memmove(out[0], in[0], n * es);
      return QRT_OK;
    }
    if (n == 0)
      return QRT_OK;
    int64_t xs[QRT_MAX_RANK];
    int64_t s = 1;
    for (int d = op.x.rank - 1; d >= 0; --d) {
      xs[d] = s;
      s *= op.x.dims[d];
    }
    IndexIter it{op.y.rank, op.y.dims};
    int64_t yi = 0;
    do {
      int64_t xi = 0;
      for (int d = 0; d < op.y.rank; ++d)
        xi += it.idx[d] * xs[op.perm[d]];
      std::memcpy((char *)out[0] + yi * es, (const char *)in[0] + xi * es, es);
      ++yi;
    } while (it.next());
    return QRT_OK;
  }

private:
  LayoutOp op;
};

/// Row-major strides of a tensor.
void rowStrides(const Tensor &t, int64_t *strides) {
  int64_t s = 1;
  for (int d = t.rank - 1; d >= 0; --d) {
    strides[d] = s;
    s *= t.dims[d];
  }
}

class RefPad final : public qrt_kernel {
public:
  explicit RefPad(const PadOp &o) : op(o) {
    rowStrides(op.x, xs);
    if (op.x.isQuant())
      qvalue = quantizeValue(op.value, op.x.scale, op.x.zp, op.x.dtype);
  }
  // Per output index: a source index per dimension (reflect: mirror without
  // the edge, edge: clamp) or, in constant mode, the pad value when any
  // dimension falls in the border.
  qrt_status run(const void *const *in, void *const *out) override {
    const Tensor &x = op.x, &y = op.y;
    if (y.numel() == 0)
      return QRT_OK;
    const size_t es = dtypeSize(x.dtype);
    IndexIter it{y.rank, y.dims};
    int64_t yi = 0;
    do {
      int64_t xi = 0;
      bool border = false;
      for (int d = 0; d < y.rank; ++d) {
        int64_t i = it.idx[d] - op.before[d];
        const int64_t n = x.dims[d];
        if (i < 0 || i >= n) {
          if (op.mode == QRT_PAD_CONSTANT) {
            border = true;
            break;
          }
          if (op.mode == QRT_PAD_REFLECT)
            i = i < 0 ? -i : 2 * (n - 1) - i;
          else
            i = i < 0 ? 0 : n - 1;
        }
        xi += i * xs[d];
      }
      if (!border)
        std::memcpy((char *)out[0] + yi * es, (const char *)in[0] + xi * es, es);
      else if (x.dtype == QRT_F32)
        ((float *)out[0])[yi] = op.value;
      else
        storeQ(out[0], x.dtype, yi, qvalue);
      ++yi;
    } while (it.next());
    return QRT_OK;
  }

private:
  PadOp op;
  int64_t xs[QRT_MAX_RANK] = {};
  int32_t qvalue = 0;
};

class RefSlice final : public qrt_kernel {
public:
  explicit RefSlice(const SliceOp &o) : op(o) { rowStrides(op.x, xs); }
  // y[j...] = x[starts + j * steps ...]; a plain element copy.
  qrt_status run(const void *const *in, void *const *out) override {
    if (op.y.numel() == 0)
      return QRT_OK;
    const size_t es = dtypeSize(op.x.dtype);
    IndexIter it{op.y.rank, op.y.dims};
    int64_t yi = 0;
    do {
      int64_t xi = 0;
      for (int d = 0; d < op.y.rank; ++d)
        xi += (op.starts[d] + it.idx[d] * op.steps[d]) * xs[d];
      std::memcpy((char *)out[0] + yi * es, (const char *)in[0] + xi * es, es);
      ++yi;
    } while (it.next());
    return QRT_OK;
  }

private:
  SliceOp op;
  int64_t xs[QRT_MAX_RANK] = {};
};

class RefReduce final : public qrt_kernel {
public:
  explicit RefReduce(const ReduceOp &o) : op(o) {
    // Output index of every input element: the strides of the kept dims in
    // the keepdims-shaped output (reduced dims contribute 0).
    int64_t s = 1;
    for (int d = op.x.rank - 1; d >= 0; --d) {
      if (op.reduced[d]) {
        ys[d] = 0;
        count *= op.x.dims[d];
      } else {
        ys[d] = s;
        s *= op.x.dims[d];
      }
    }
    if (op.x.isQuant() && count > 0)
      m = (float)((double)op.x.scale / ((double)op.y.scale * (double)count));
  }
  qrt_status run(const void *const *in, void *const *out) override {
    const int64_t ny = op.y.numel();
    if (ny == 0)
      return QRT_OK;
    const bool f32 = op.x.dtype == QRT_F32;
    if (f32)
      std::fill(dsum.begin(), dsum.end(), 0.0);
    else
      std::fill(isum.begin(), isum.end(), 0);
    if (op.x.numel() > 0) {
      IndexIter it{op.x.rank, op.x.dims};
      int64_t xi = 0;
      do {
        int64_t yi = 0;
        for (int d = 0; d < op.x.rank; ++d)
          yi += it.idx[d] * ys[d];
        if (f32)
          dsum[yi] += ((const float *)in[0])[xi];
        else
          isum[yi] += loadQ(in[0], op.x.dtype, xi) - op.x.zp;
        ++xi;
      } while (it.next());
    }
    for (int64_t i = 0; i < ny; ++i) {
      if (f32)
        ((float *)out[0])[i] = (float)(dsum[i] / (double)count);
      else
        storeQ(out[0], op.y.dtype, i,
               clampRound((float)isum[i] * m, dtypeMin(op.y.dtype) - op.y.zp,
                          dtypeMax(op.y.dtype) - op.y.zp) + op.y.zp);
    }
    return QRT_OK;
  }

  /// Accumulators, allocated at create (run allocates nothing).
  std::vector<double> dsum;
  std::vector<int64_t> isum;

private:
  ReduceOp op;
  int64_t ys[QRT_MAX_RANK] = {};
  int64_t count = 1;
  float m = 0.f;
};

} // namespace

std::unique_ptr<qrt_kernel> createPad(const PadOp &op) {
  return std::make_unique<RefPad>(op);
}
std::unique_ptr<qrt_kernel> createSlice(const SliceOp &op) {
  return std::make_unique<RefSlice>(op);
}
std::unique_ptr<qrt_kernel> createReduce(const ReduceOp &op) {
  auto k = std::make_unique<RefReduce>(op);
  if (op.x.dtype == QRT_F32)
    k->dsum.assign(op.y.numel(), 0.0);
  else
    k->isum.assign(op.y.numel(), 0);
  return k;
}

std::unique_ptr<qrt_kernel> createBinary(const BinaryOp &op) {
  return std::make_unique<RefBinary>(op);
}
std::unique_ptr<qrt_kernel> createPool(const PoolOp &op) {
  return std::make_unique<RefPool>(op);
}
std::unique_ptr<qrt_kernel> createConcat(const ConcatOp &op) {
  return std::make_unique<RefConcat>(op);
}
std::unique_ptr<qrt_kernel> createResize(const ResizeOp &op) {
  return std::make_unique<RefResize>(op);
}
std::unique_ptr<qrt_kernel> createUnary(const UnaryOp &op) {
  return std::make_unique<RefUnary>(op);
}
std::unique_ptr<qrt_kernel> createConvert(const ConvertOp &op) {
  return std::make_unique<RefConvert>(op);
}
std::unique_ptr<qrt_kernel> createLayout(const LayoutOp &op) {
  return std::make_unique<RefLayout>(op);
}

} // namespace ref
} // namespace qrt

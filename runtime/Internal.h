// Internal C++ types shared by the C ABI glue and the backends of libquantrt.
#ifndef QUANTRT_RUNTIME_INTERNAL_H
#define QUANTRT_RUNTIME_INTERNAL_H

#include "quantrt/quantrt.h"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

namespace qrt {

/// Records `msg` as the calling thread's last error and returns `st`.
qrt_status fail(qrt_status st, std::string msg);
/// Sets the thread's last message without failing (fallback notices).
void setMessage(std::string msg);

/// Owned copy of a qrt_tensor_desc (per-channel scales copied).
struct Tensor {
  qrt_dtype dtype = QRT_F32;
  int rank = 0;
  int64_t dims[QRT_MAX_RANK] = {};
  float scale = 1.f;
  int32_t zp = 0;
  int axis = -1;
  std::vector<float> scales;

  int64_t numel() const {
    int64_t n = 1;
    for (int i = 0; i < rank; ++i)
      n *= dims[i];
    return n;
  }
  bool perChannel() const { return axis >= 0; }
  float channelScale(int64_t c) const { return axis >= 0 ? scales[c] : scale; }
  bool isQuant() const { return dtype == QRT_U8 || dtype == QRT_S8; }
  bool sameQuant(const Tensor &o) const {
    return dtype == o.dtype && axis < 0 && o.axis < 0 && scale == o.scale &&
           zp == o.zp;
  }
};

/// Reads a C enum field as its raw int: a C caller may store any value, and
/// loading an out-of-range enum in C++ is undefined behaviour.
template <typename E> inline int32_t rawEnum(const E &e) {
  static_assert(sizeof(E) == sizeof(int32_t), "C enums are int-sized");
  int32_t v;
  std::memcpy(&v, &e, sizeof v);
  return v;
}

size_t dtypeSize(qrt_dtype t);
int32_t dtypeMin(qrt_dtype t);
int32_t dtypeMax(qrt_dtype t);

/// Validates a descriptor and copies it. `what` names it in messages.
qrt_status importTensor(const qrt_tensor_desc &d, const char *what, Tensor &out);

/// Round half to even on f32 (nearbyintf under the default rounding mode).
inline float rne(float v) { return std::nearbyint(v); }

/// Saturating cast of an already-rounded float to [lo, hi].
inline int32_t clampRound(float v, int32_t lo, int32_t hi) {
  if (!(v >= (float)lo)) // also catches NaN
    return v != v ? 0 : lo;
  if (v >= (float)hi)
    return hi;
  return (int32_t)rne(v);
}

/// q = saturate(rne(x / s) + z), the quantize contract (f32 division).
inline int32_t quantizeValue(float x, float s, int32_t z, qrt_dtype t) {
  float v = rne(x / s);
  // Clamp before the integer conversion to stay defined for huge values.
  float lo = (float)(dtypeMin(t) - z), hi = (float)(dtypeMax(t) - z);
  if (v != v)
    return z;
  if (v < lo)
    v = lo;
  if (v > hi)
    v = hi;
  return (int32_t)v + z;
}

/// Requantization multiplier: the product and quotient in double, one final
/// rounding to f32 (what is handed to oneDNN as its f32 output scale).
inline float requantMultiplier(float sIn, float sW, float sOut) {
  return (float)((double)sIn * (double)sW / (double)sOut);
}

/// Quantized clamp bounds [lo, hi] of a fused activation on output `y`.
void activationBounds(const qrt_activation &act, const Tensor &y, int32_t &lo,
                      int32_t &hi);
/// Float clamp bounds of a fused activation (f32 outputs).
void activationBoundsF32(const qrt_activation &act, float &lo, float &hi);

/// The capability rule of QRT_ACT_SWISH, shared by qrt_backend_supports and
/// conv/FC create (the ref backend is never queried): false with *why set
/// when the query's op or residual cannot take it.
bool swishActivationOk(const qrt_capability_query &q, const char **why);

/// Conv2d (and fully-connected as a 1x1 conv) after validation.
struct ConvOp {
  Tensor x, w, b, y, r;
  bool hasBias = false, hasResidual = false, isFC = false;
  std::vector<uint8_t> wdata;   // filter, OHWI, as given
  std::vector<uint8_t> bdata;   // bias (s32 or f32) or empty
  int64_t N = 0, H = 0, W = 0, C = 0, O = 0, KH = 1, KW = 1, OH = 0, OW = 0;
  int sh = 1, sw = 1, dh = 1, dw = 1, pt = 0, pl = 0, pb = 0, pr = 0;
  int groups = 1;
  qrt_activation act{QRT_ACT_NONE, 0.f, 0.f};
  int64_t cpg() const { return C / groups; }
  int64_t opg() const { return O / groups; }
  bool int8() const { return x.dtype != QRT_F32; }
};

struct BinaryOp {
  qrt_op op = QRT_OP_ADD;
  Tensor a, b, y;
  qrt_activation act{QRT_ACT_NONE, 0.f, 0.f};
};

struct PoolOp {
  qrt_op op = QRT_OP_MAX_POOL;
  Tensor x, y;
  int kh = 1, kw = 1, sh = 1, sw = 1, pt = 0, pl = 0, pb = 0, pr = 0;
  bool countIncludePad = false;
};

struct ConcatOp {
  std::vector<Tensor> xs;
  Tensor y;
  int axis = 0;
};

struct ResizeOp {
  Tensor x, y;
  qrt_resize_mode mode = QRT_RESIZE_NEAREST;
  qrt_resize_coord coord = QRT_COORD_HALF_PIXEL;
};

struct UnaryOp {
  qrt_op op = QRT_OP_SIGMOID;
  Tensor x, y;
  float alpha = 0.f, beta = 0.f, min = 0.f, max = 0.f; // only where the op uses them
};

struct ConvertOp {
  qrt_op op = QRT_OP_QUANTIZE;
  Tensor x, y;
};

struct LayoutOp {
  qrt_op op = QRT_OP_RESHAPE;
  Tensor x, y;
  int perm[QRT_MAX_RANK] = {};
};

struct PadOp {
  Tensor x, y;
  qrt_pad_mode mode = QRT_PAD_CONSTANT;
  float value = 0.f;
  int64_t before[QRT_MAX_RANK] = {}, after[QRT_MAX_RANK] = {};
};

struct SliceOp {
  Tensor x, y;
  int64_t starts[QRT_MAX_RANK] = {}, steps[QRT_MAX_RANK] = {};
};

struct ReduceOp {
  qrt_op op = QRT_OP_REDUCE_MEAN;
  Tensor x, y;
  bool reduced[QRT_MAX_RANK] = {}; // per input dimension
};

} // namespace qrt

/// A created kernel: the backend implementation behind the opaque C handle.
struct qrt_kernel {
  virtual ~qrt_kernel() = default;
  /// Buffers already checked for count and null.
  virtual qrt_status run(const void *const *inputs, void *const *outputs) = 0;
  qrt_op op = QRT_OP_CONV2D;
  qrt_backend backend = QRT_BACKEND_REF;
  int numInputs = 1;
  std::string fallbackReason;
  qrt_context *ctx = nullptr;
  /// Profiling (qrt_kernel_get_stats): runs and wall time are counted only
  /// under QRT_CONTEXT_PROFILE; macs of one run is set at create.
  int64_t profileRuns = 0;
  int64_t profileNs = 0;
  int64_t macs = 0;
};

struct qrt_context {
  qrt_context_options opts{};
  void *threadpool = nullptr; // pthreadpool_t when XNNPACK is built
  // Set once a oneDNN kernel exists in this context: its OpenMP workers spin
  // after every primitive, so XNNPACK kernels of the same context then run
  // on the calling thread (see XnnKernel::run).
  bool usesOpenMP = false;
};

namespace qrt {
namespace ref {
std::unique_ptr<qrt_kernel> createConv(const ConvOp &op);
std::unique_ptr<qrt_kernel> createBinary(const BinaryOp &op);
std::unique_ptr<qrt_kernel> createPool(const PoolOp &op);
std::unique_ptr<qrt_kernel> createConcat(const ConcatOp &op);
std::unique_ptr<qrt_kernel> createResize(const ResizeOp &op);
std::unique_ptr<qrt_kernel> createUnary(const UnaryOp &op);
std::unique_ptr<qrt_kernel> createConvert(const ConvertOp &op);
std::unique_ptr<qrt_kernel> createLayout(const LayoutOp &op);
std::unique_ptr<qrt_kernel> createPad(const PadOp &op);
std::unique_ptr<qrt_kernel> createSlice(const SliceOp &op);
std::unique_ptr<qrt_kernel> createReduce(const ReduceOp &op);
} // namespace ref

#ifdef QRT_HAVE_ONEDNN
namespace onednn {
bool hasVnni();
/// Sets the calling thread's OpenMP thread count to the context's
/// num_threads (if it differs): before creating and running primitives.
void useContextThreads(const qrt_context *ctx);
/// Capability of the oneDNN backend; `reason` is a static string.
bool supports(const qrt_capability_query &q, const char **reason);
/// nullptr + *why on a detail the query does not see (e.g. 8-bit weights
/// without VNNI); status != OK on a real backend error.
qrt_status createConv(qrt_context *ctx, const ConvOp &op,
                      std::unique_ptr<qrt_kernel> &out, std::string &why);
// The other op families (runtime/onednn/OneDnnOps.cpp). Same convention:
// out == nullptr with `why` set is a visible fallback to ref.
qrt_status createPool(qrt_context *ctx, const PoolOp &op, std::unique_ptr<qrt_kernel> &out,
                      std::string &why);
qrt_status createBinary(qrt_context *ctx, const BinaryOp &op,
                        std::unique_ptr<qrt_kernel> &out, std::string &why);
qrt_status createUnary(qrt_context *ctx, const UnaryOp &op, std::unique_ptr<qrt_kernel> &out,
                       std::string &why);
qrt_status createConvert(qrt_context *ctx, const ConvertOp &op,
                         std::unique_ptr<qrt_kernel> &out, std::string &why);
qrt_status createConcat(qrt_context *ctx, const ConcatOp &op,
                        std::unique_ptr<qrt_kernel> &out, std::string &why);
qrt_status createLayout(qrt_context *ctx, const LayoutOp &op,
                        std::unique_ptr<qrt_kernel> &out, std::string &why);
} // namespace onednn
#endif

#ifdef QRT_HAVE_XNNPACK
namespace xnnpack {
bool supports(const qrt_capability_query &q, const char **reason);
qrt_status init();
void *createThreadpool(int threads);
void destroyThreadpool(void *tp);
qrt_status createConv(qrt_context *ctx, const ConvOp &op,
                      std::unique_ptr<qrt_kernel> &out, std::string &why);
qrt_status createBinary(qrt_context *ctx, const BinaryOp &op,
                        std::unique_ptr<qrt_kernel> &out, std::string &why);
qrt_status createPool(qrt_context *ctx, const PoolOp &op, std::unique_ptr<qrt_kernel> &out,
                      std::string &why);
qrt_status createUnary(qrt_context *ctx, const UnaryOp &op, std::unique_ptr<qrt_kernel> &out,
                       std::string &why);
qrt_status createConvert(qrt_context *ctx, const ConvertOp &op,
                         std::unique_ptr<qrt_kernel> &out, std::string &why);
qrt_status createConcat(qrt_context *ctx, const ConcatOp &op,
                        std::unique_ptr<qrt_kernel> &out, std::string &why);
qrt_status createResize(qrt_context *ctx, const ResizeOp &op,
                        std::unique_ptr<qrt_kernel> &out, std::string &why);
qrt_status createLayout(qrt_context *ctx, const LayoutOp &op,
                        std::unique_ptr<qrt_kernel> &out, std::string &why);
} // namespace xnnpack
#endif

} // namespace qrt

#endif // QUANTRT_RUNTIME_INTERNAL_H

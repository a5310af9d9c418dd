/* libquantrt: the C ABI between compiled quant-mlir models and the runtime kernels. */
#ifndef QUANTRT_QUANTRT_H
#define QUANTRT_QUANTRT_H

/*
 * Conventions (see docs/runtime.md for the numerics contract):
 *  - Plain C, no C++ types. Every function that can fail returns a qrt_status;
 *    on failure qrt_last_error() returns a message for the calling thread.
 *  - Tensors are dense, row-major. 4-D activations are NHWC. Conv filters are
 *    [O][KH][KW][C/groups] (OHWI); fully-connected weights are [N][K].
 *  - Every op has a create/run split: qrt_<family>_create() validates shapes,
 *    copies what it needs from its params (the params struct and every array it
 *    points to may be freed after create returns), packs constant data and
 *    creates backend primitives. qrt_kernel_run() takes only activation
 *    buffers and allocates nothing.
 *  - A kernel is used by one thread at a time; different kernels may run
 *    concurrently if they do not share a context with threads > 1.
 *  - A backend that cannot run a combination makes create fall back to the
 *    `ref` backend (unless the context is strict); the fallback is visible
 *    through qrt_kernel_backend() and qrt_kernel_fallback_reason().
 */

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define QRT_MAX_RANK 8
#define QRT_MAX_CONCAT_INPUTS 64

/* ---- status and errors ---------------------------------------------------- */

typedef enum qrt_status {
  QRT_OK = 0,
  QRT_ERR_NULL_POINTER = 1,    /* a required pointer argument was NULL */
  QRT_ERR_INVALID_ARGUMENT = 2,/* bad enum value, bad param (stride 0, ...) */
  QRT_ERR_SHAPE = 3,           /* ranks/dims inconsistent between tensors */
  QRT_ERR_DTYPE = 4,           /* dtype combination not defined for this op */
  QRT_ERR_UNSUPPORTED = 5,     /* backend cannot run this (strict context) */
  QRT_ERR_BACKEND = 6,         /* the backend library reported an error */
  QRT_ERR_OUT_OF_MEMORY = 7
} qrt_status;

/* Message describing the last failure (or fallback) on the calling thread.
 * Never NULL; the pointer is valid until the next qrt_* call on this thread. */
const char *qrt_last_error(void);

/* Name of a status code, e.g. "QRT_ERR_SHAPE". */
const char *qrt_status_name(qrt_status status);

/* ---- tensors ---------------------------------------------------------------- */

typedef enum qrt_dtype {
  QRT_F32 = 0,
  QRT_U8 = 1,
  QRT_S8 = 2,
  QRT_S32 = 3
} qrt_dtype;

/* Affine quantization: real = (q - zero_point) * scale.
 * axis < 0: per-tensor, `scale` and `zero_point` apply to every element.
 * axis >= 0: per-channel along dimension `axis`; `scales` points to dims[axis]
 *            floats; the zero point is `zero_point` for every channel.
 * Ignored for f32 tensors. For s32 bias the scale is implied (sx * sw[c]). */
typedef struct qrt_quant {
  float scale;
  int32_t zero_point;
  int32_t axis;
  const float *scales;
} qrt_quant;

typedef struct qrt_tensor_desc {
  qrt_dtype dtype;
  int32_t rank;
  int64_t dims[QRT_MAX_RANK];
  qrt_quant quant;
} qrt_tensor_desc;

/* ---- context ---------------------------------------------------------------- */

typedef enum qrt_backend {
  QRT_BACKEND_AUTO = 0, /* the context's preference */
  QRT_BACKEND_REF = 1,
  QRT_BACKEND_ONEDNN = 2,
  QRT_BACKEND_XNNPACK = 3
} qrt_backend;

/* Context flags. */
#define QRT_CONTEXT_STRICT 0x1u /* unsupported backend combination is an error
                                   (QRT_ERR_UNSUPPORTED), not a ref fallback */
/* Added after the first ABI: every kernel created in the context times its
 * successful runs (see qrt_kernel_get_stats). Without it, no clock is read. */
#define QRT_CONTEXT_PROFILE 0x2u

typedef struct qrt_context_options {
  int32_t num_threads;        /* <= 0 means 1. oneDNN: OpenMP; XNNPACK: pthreadpool */
  qrt_backend backend;        /* preference used for QRT_BACKEND_AUTO; AUTO = onednn
                                 if built, else xnnpack, else ref */
  uint32_t flags;             /* QRT_CONTEXT_* */
} qrt_context_options;

typedef struct qrt_context qrt_context;

/* options may be NULL (defaults: 1 thread, AUTO, not strict). */
qrt_status qrt_context_create(const qrt_context_options *options,
                              qrt_context **out);
void qrt_context_destroy(qrt_context *ctx);

/* 1 if the backend is compiled into this library, else 0. */
int32_t qrt_backend_available(qrt_backend backend);
const char *qrt_backend_name(qrt_backend backend);

/* ISA facts that change numerics: 1 if oneDNN's effective ISA (honouring
 * ONEDNN_MAX_CPU_ISA) has VNNI (u8 x s8 dot products without 16-bit
 * saturation). Without it, oneDNN int8 conv/fc require 7-bit weights
 * ([-64, 63]); see docs/runtime.md. */
int32_t qrt_cpu_has_vnni(void);

/* ---- ops ---------------------------------------------------------------------- */

typedef enum qrt_op {
  QRT_OP_CONV2D = 0,
  QRT_OP_FULLY_CONNECTED = 1,
  QRT_OP_ADD = 2,
  QRT_OP_MUL = 3,
  QRT_OP_MAX_POOL = 4,
  QRT_OP_AVG_POOL = 5,
  QRT_OP_GLOBAL_AVG_POOL = 6,
  QRT_OP_CONCAT = 7,
  QRT_OP_RESIZE = 8,
  QRT_OP_SIGMOID = 9,
  QRT_OP_HARD_SWISH = 10,
  QRT_OP_SOFTMAX = 11,
  QRT_OP_QUANTIZE = 12,   /* f32 -> u8/s8 */
  QRT_OP_DEQUANTIZE = 13, /* u8/s8 -> f32 */
  QRT_OP_REQUANTIZE = 14, /* u8/s8 -> u8/s8 with other params */
  QRT_OP_RESHAPE = 15,
  QRT_OP_TRANSPOSE = 16,
  /* Added after the first ABI (float path of the compiler; ref backend only). */
  QRT_OP_SUB = 17,          /* binary */
  QRT_OP_DIV = 18,          /* binary */
  QRT_OP_TANH = 19,         /* unary */
  QRT_OP_LEAKY_RELU = 20,   /* unary: alpha */
  QRT_OP_HARD_SIGMOID = 21, /* unary: alpha, beta */
  QRT_OP_RELU = 22,         /* unary */
  QRT_OP_CLAMP = 23,        /* unary: min, max */
  QRT_OP_PAD = 24,          /* qrt_pad_create */
  QRT_OP_SLICE = 25,        /* qrt_slice_create */
  QRT_OP_REDUCE_MEAN = 26,  /* qrt_reduce_create */
  QRT_OP_SWISH = 27,        /* unary: x * sigmoid(x) (SiLU) */
  QRT_OP_COUNT_ = 28        /* number of ops; always last */
} qrt_op;

const char *qrt_op_name(qrt_op op);

/* Fused activation. Bounds are real values; for quantized outputs they become
 * a clamp in the quantized domain: lo = sat(rne(min / sy) + zy), hi likewise
 * (f32 division), intersected with the dtype range. */
typedef enum qrt_activation_kind {
  QRT_ACT_NONE = 0,
  QRT_ACT_RELU = 1,  /* [0, +inf) */
  QRT_ACT_RELU6 = 2, /* [0, 6] */
  QRT_ACT_CLAMP = 3, /* [min, max] */
  /* Added after the first ABI: x * sigmoid(x), on conv2d / fully_connected
   * only; int8 kernels apply it to the real conv output before quantizing
   * and take no residual with it (see docs/runtime.md). */
  QRT_ACT_SWISH = 4
} qrt_activation_kind;

typedef struct qrt_activation {
  qrt_activation_kind kind;
  float min, max; /* only for QRT_ACT_CLAMP */
} qrt_activation;

/* conv2d. input [N,H,W,C]; filter [O,KH,KW,C/groups]; bias [O] (s32 with
 * implied scale sx*sw[c] for int8, f32 for f32) or bias_data NULL; output
 * [N,OH,OW,O] with OH = (H + pad_top + pad_bottom - dil_h*(KH-1) - 1)/stride_h + 1.
 * int8: input/output u8 or s8 per-tensor, filter s8 per-tensor or per-channel
 * (axis 0) with zero point 0.
 * Residual (has_residual): output = act(conv(x) + residual), residual has the
 * output's shape and dtype but its own quant params. run() inputs: {x} or
 * {x, residual}; the residual buffer may alias the output buffer. */
typedef struct qrt_conv2d_params {
  qrt_tensor_desc input, filter, bias, output, residual;
  const void *filter_data;
  const void *bias_data;
  int32_t strides[2];   /* h, w */
  int32_t dilations[2]; /* h, w; 0 is read as 1 */
  int32_t pads[4];      /* top, left, bottom, right */
  int32_t groups;       /* 0 is read as 1; depthwise: groups == C */
  qrt_activation activation;
  int32_t has_residual;
} qrt_conv2d_params;

/* fully_connected: input [..., K] (leading dims flattened to M rows);
 * filter [N, K]; bias [N] or NULL; output [..., N]. Same dtype rules and
 * residual semantics as conv2d. */
typedef struct qrt_fc_params {
  qrt_tensor_desc input, filter, bias, output, residual;
  const void *filter_data;
  const void *bias_data;
  qrt_activation activation;
  int32_t has_residual;
} qrt_fc_params;

/* add/mul/sub/div with numpy broadcasting (ranks aligned to the right).
 * int8: each input has its own quant params. f32 div follows IEEE (x/0 is
 * +-inf or NaN); int8 div by a zero-valued divisor saturates to the output
 * range (0/0 gives the output zero point, then the activation clamp).
 * run() inputs {a, b}. */
typedef struct qrt_binary_params {
  qrt_op op; /* QRT_OP_ADD, QRT_OP_MUL, QRT_OP_SUB or QRT_OP_DIV */
  qrt_tensor_desc a, b, output;
  qrt_activation activation;
} qrt_binary_params;

/* max/avg/global-average pooling on [N,H,W,C]. For global pooling kernel,
 * strides and pads are ignored and output is [N,1,1,C]. max-pool requires
 * the output quant params to equal the input's. */
typedef struct qrt_pool2d_params {
  qrt_op op; /* QRT_OP_MAX_POOL, QRT_OP_AVG_POOL, QRT_OP_GLOBAL_AVG_POOL */
  qrt_tensor_desc input, output;
  int32_t kernel[2], strides[2], pads[4];
  int32_t count_include_pad; /* avg only: divide by the full window size */
} qrt_pool2d_params;

/* concat along `axis`; inputs are requantized to the output's params where
 * they differ. run() inputs: one buffer per input. */
typedef struct qrt_concat_params {
  int32_t num_inputs;
  const qrt_tensor_desc *inputs;
  qrt_tensor_desc output;
  int32_t axis;
} qrt_concat_params;

typedef enum qrt_resize_mode { QRT_RESIZE_NEAREST = 0, QRT_RESIZE_BILINEAR = 1 } qrt_resize_mode;
typedef enum qrt_resize_coord {
  QRT_COORD_HALF_PIXEL = 0,    /* src = (dst + 0.5) / scale - 0.5 */
  QRT_COORD_ALIGN_CORNERS = 1, /* src = dst * (in - 1) / (out - 1) */
  QRT_COORD_ASYMMETRIC = 2     /* src = dst / scale */
} qrt_resize_coord;

/* resize of H and W of [N,H,W,C]; nearest rounds the source coordinate
 * down (floor, ONNX nearest_mode=floor); bilinear clamps to the edge. */
typedef struct qrt_resize_params {
  qrt_tensor_desc input, output;
  qrt_resize_mode mode;
  qrt_resize_coord coord;
} qrt_resize_params;

/* sigmoid, hard_swish (x * relu6(x + 3) / 6), softmax (over the last
 * axis), tanh, relu (max(x, 0)), clamp (min(max(x, min), max)), leaky_relu
 * (x >= 0 ? x : alpha * x), hard_sigmoid (max(0, min(1, alpha * x + beta)))
 * and swish (x / (1 + exp(-x))). int8: dequantize, compute in f32, quantize to the output params.
 * The fields after `output` were appended after the first ABI; they are read
 * only for the ops that use them (leaky_relu: alpha; hard_sigmoid: alpha,
 * beta; clamp: min, max), so callers of the older ops may pass the shorter
 * struct. alpha/beta must be finite; clamp needs min <= max (no NaN). */
typedef struct qrt_unary_params {
  qrt_op op; /* QRT_OP_SIGMOID, QRT_OP_HARD_SWISH, QRT_OP_SOFTMAX, QRT_OP_TANH,
                QRT_OP_RELU, QRT_OP_CLAMP, QRT_OP_LEAKY_RELU, QRT_OP_HARD_SIGMOID,
                QRT_OP_SWISH */
  qrt_tensor_desc input, output;
  float alpha, beta; /* leaky_relu (alpha), hard_sigmoid (alpha, beta) */
  float min, max;    /* clamp */
} qrt_unary_params;

/* quantize (f32->q), dequantize (q->f32), requantize (q->q). Shapes equal.
 * Quantize/dequantize accept per-channel params on the quantized side. */
typedef struct qrt_convert_params {
  qrt_op op; /* QRT_OP_QUANTIZE, QRT_OP_DEQUANTIZE, QRT_OP_REQUANTIZE */
  qrt_tensor_desc input, output;
} qrt_convert_params;

/* reshape (same element count, plain copy) and transpose
 * (output.dims[i] = input.dims[perm[i]]). dtype and quant params pass through. */
typedef struct qrt_layout_params {
  qrt_op op; /* QRT_OP_RESHAPE, QRT_OP_TRANSPOSE */
  qrt_tensor_desc input, output;
  int32_t perm[QRT_MAX_RANK];
} qrt_layout_params;

/* pad (ONNX Pad): pads[i] elements before and pads[rank + i] after
 * dimension i (all begins, then all ends), non-negative;
 * output.dims[i] = input.dims[i] + pads[i] + pads[rank + i].
 * constant: the border is `value` (u8/s8: quantized to the input params,
 * saturating); reflect: mirror without repeating the edge (pads <= dim - 1);
 * edge: replicate the edge element (dim > 0 where padded). dtype f32, u8 or
 * s8; input and output have equal dtype and quant params (a copy). */
typedef enum qrt_pad_mode {
  QRT_PAD_CONSTANT = 0,
  QRT_PAD_REFLECT = 1,
  QRT_PAD_EDGE = 2
} qrt_pad_mode;

typedef struct qrt_pad_params {
  qrt_tensor_desc input, output;
  qrt_pad_mode mode;
  float value;
  int64_t pads[2 * QRT_MAX_RANK];
} qrt_pad_params;

/* slice (qnn.slice): one normalized start/end/step per dimension:
 * step != 0, 0 <= start <= dim, -1 <= end <= dim, and start < dim unless the
 * slice is empty; output.dims[i] = max(0, ceil((end - start) / step)),
 * y[j...] = x[start + j * step ...]. dtype f32, u8 or s8; input and output
 * have equal dtype and quant params (a copy). */
typedef struct qrt_slice_params {
  qrt_tensor_desc input, output;
  int64_t starts[QRT_MAX_RANK], ends[QRT_MAX_RANK], steps[QRT_MAX_RANK];
} qrt_slice_params;

/* reduce_mean over `axes` (num_axes entries, non-negative, sorted, unique;
 * num_axes may be 0: a copy). keepdims != 0: reduced axes stay with extent 1
 * in the output, else they are removed. f32: sum in double, divided by the
 * reduced element count. int8 (u8/s8, own params): s = sum(q - zx) (int64),
 * q = sat(rne(f32(s) * f32(double(sx) / (double(sy) * n))) + zy), as
 * avg_pool. */
typedef struct qrt_reduce_params {
  qrt_op op; /* QRT_OP_REDUCE_MEAN */
  qrt_tensor_desc input, output;
  int32_t num_axes;
  int32_t axes[QRT_MAX_RANK];
  int32_t keepdims;
} qrt_reduce_params;

/* ---- kernels ---------------------------------------------------------------- */

typedef struct qrt_kernel qrt_kernel;

/* backend: QRT_BACKEND_AUTO uses the context's preference. On success *out
 * owns packed weights/primitives; destroy with qrt_kernel_destroy. */
qrt_status qrt_conv2d_create(qrt_context *ctx, qrt_backend backend,
                             const qrt_conv2d_params *params, qrt_kernel **out);
qrt_status qrt_fc_create(qrt_context *ctx, qrt_backend backend,
                         const qrt_fc_params *params, qrt_kernel **out);
qrt_status qrt_binary_create(qrt_context *ctx, qrt_backend backend,
                             const qrt_binary_params *params, qrt_kernel **out);
qrt_status qrt_pool2d_create(qrt_context *ctx, qrt_backend backend,
                             const qrt_pool2d_params *params, qrt_kernel **out);
qrt_status qrt_concat_create(qrt_context *ctx, qrt_backend backend,
                             const qrt_concat_params *params, qrt_kernel **out);
qrt_status qrt_resize_create(qrt_context *ctx, qrt_backend backend,
                             const qrt_resize_params *params, qrt_kernel **out);
qrt_status qrt_unary_create(qrt_context *ctx, qrt_backend backend,
                            const qrt_unary_params *params, qrt_kernel **out);
qrt_status qrt_convert_create(qrt_context *ctx, qrt_backend backend,
                              const qrt_convert_params *params, qrt_kernel **out);
qrt_status qrt_layout_create(qrt_context *ctx, qrt_backend backend,
                             const qrt_layout_params *params, qrt_kernel **out);
/* Added after the first ABI. */
qrt_status qrt_pad_create(qrt_context *ctx, qrt_backend backend,
                          const qrt_pad_params *params, qrt_kernel **out);
qrt_status qrt_slice_create(qrt_context *ctx, qrt_backend backend,
                            const qrt_slice_params *params, qrt_kernel **out);
qrt_status qrt_reduce_create(qrt_context *ctx, qrt_backend backend,
                             const qrt_reduce_params *params, qrt_kernel **out);

/* Run on activation buffers (order: as documented per family; outputs: one).
 * Input buffers of the xnnpack backend must be readable for XNN_EXTRA_BYTES
 * (16) bytes past their end (see QRT_INPUT_PADDING_BYTES). Allocates nothing. */
#define QRT_INPUT_PADDING_BYTES 16
qrt_status qrt_kernel_run(qrt_kernel *kernel, const void *const *inputs,
                          int32_t num_inputs, void *const *outputs,
                          int32_t num_outputs);

/* The backend that actually runs this kernel (after any fallback). */
qrt_backend qrt_kernel_backend(const qrt_kernel *kernel);
/* Why the requested backend was not used ("" if it was). Owned by kernel. */
const char *qrt_kernel_fallback_reason(const qrt_kernel *kernel);
qrt_op qrt_kernel_op(const qrt_kernel *kernel);
void qrt_kernel_destroy(qrt_kernel *kernel);

/* ---- kernel profiling (added after the first ABI) ---------------------------- */

/* Per-kernel counters. runs/total_ns count only in a context created with
 * QRT_CONTEXT_PROFILE (else they stay 0): each successful qrt_kernel_run
 * adds 1 run and the wall time of its computation (steady clock, after
 * the argument checks) in nanoseconds. macs is fixed at create:
 * the multiply-accumulates of one run of conv2d
 * (N*OH*OW*O*(C/groups)*KH*KW) and fully_connected (M*N*K), 0 for every
 * other op. Like the kernel, not synchronized: read them from the thread
 * that runs the kernel (or after it). */
typedef struct qrt_kernel_stats {
  int64_t runs;
  int64_t total_ns;
  int64_t macs;
} qrt_kernel_stats;

qrt_status qrt_kernel_get_stats(const qrt_kernel *kernel, qrt_kernel_stats *out);
/* Sets runs and total_ns back to 0 (macs stays). */
qrt_status qrt_kernel_reset_stats(qrt_kernel *kernel);

/* ---- capability query ------------------------------------------------------- */

#define QRT_CAP_WEIGHTS_7BIT 0x1u  /* weights known to lie in [-64, 63] */
#define QRT_CAP_PER_CHANNEL 0x2u   /* weights quantized per output channel */
#define QRT_CAP_RESIDUAL 0x4u      /* fused residual add */
#define QRT_CAP_DEPTHWISE 0x8u     /* groups == input channels */
#define QRT_CAP_GROUPED 0x10u      /* 1 < groups < input channels */
/* Added after the first ABI: structural details of the non-conv ops.
 * QRT_CAP_PER_CHANNEL also applies to quantize/dequantize (per-channel
 * params on the quantized side). */
#define QRT_CAP_RESIZE_NEAREST 0x20u /* resize in nearest mode (else bilinear) */
#define QRT_CAP_POOL_PADDED 0x40u    /* avg_pool with nonzero padding */
#define QRT_CAP_POOL_COUNT_PAD 0x80u /* avg_pool with padding and count_include_pad
                                        (set together with QRT_CAP_POOL_PADDED) */

typedef enum qrt_layout { QRT_LAYOUT_NHWC = 0, QRT_LAYOUT_NCHW = 1 } qrt_layout;

typedef struct qrt_capability_query {
  qrt_op op;
  qrt_dtype input_dtype;  /* first activation input */
  qrt_dtype weight_dtype; /* conv/fc only */
  qrt_dtype output_dtype;
  qrt_activation_kind activation;
  qrt_layout layout;
  uint32_t flags; /* QRT_CAP_* */
} qrt_capability_query;

/* 1 if `backend` runs the combination natively, else 0 with *reason (if not
 * NULL) set to a static string. ctx may be NULL (ISA detected on the fly).
 * Create may still fall back on details the query does not see (e.g. zero
 * points XNNPACK cannot represent); the kernel reports it. */
int32_t qrt_backend_supports(const qrt_context *ctx, qrt_backend backend,
                             const qrt_capability_query *query,
                             const char **reason);

/* ---- observers (calibration statistics) ------------------------------------- */

#define QRT_HISTOGRAM_BINS 2048

typedef enum qrt_observer_kind {
  QRT_OBSERVER_MINMAX = 0,            /* per-tensor min/max */
  QRT_OBSERVER_HISTOGRAM = 1,         /* min/max + 2048-bin power-of-two histogram */
  QRT_OBSERVER_PER_CHANNEL_MINMAX = 2 /* min/max per index of `axis` */
} qrt_observer_kind;

/* Plain-data statistics so they can be stored as IR attributes and merged.
 * Histogram: bins cover [-2^range_exp, 2^range_exp) in QRT_HISTOGRAM_BINS
 * equal bins; see docs/runtime.md for the binning and merge rule. */
typedef struct qrt_observer qrt_observer;

/* num_channels/axis only for PER_CHANNEL_MINMAX (axis of the observed f32 tensor). */
qrt_status qrt_observer_create(qrt_observer_kind kind, int32_t axis,
                               int64_t num_channels, qrt_observer **out);
void qrt_observer_destroy(qrt_observer *obs);
/* Observe an f32 tensor (NaNs are counted in nan_count and otherwise ignored). */
qrt_status qrt_observer_update(qrt_observer *obs, const qrt_tensor_desc *desc,
                               const float *data);
/* dst += src (same kind, same channel count). Exact for histograms. */
qrt_status qrt_observer_merge(qrt_observer *dst, const qrt_observer *src);

typedef struct qrt_observer_stats {
  int64_t count;      /* finite values observed */
  int64_t nan_count;
  float min, max;     /* +inf/-inf if count == 0 */
  int32_t range_exp;  /* histogram range [-2^range_exp, 2^range_exp) */
  int32_t num_bins;   /* QRT_HISTOGRAM_BINS for histograms, else 0 */
  const int64_t *bins;/* owned by the observer */
  int64_t num_channels;
  const float *channel_min, *channel_max; /* owned by the observer */
} qrt_observer_stats;

qrt_status qrt_observer_get(const qrt_observer *obs, qrt_observer_stats *out);

/* Rebuild an observer from stored stats (e.g. an IR attribute) to merge into. */
qrt_status qrt_observer_create_from_stats(qrt_observer_kind kind, int32_t axis,
                                          const qrt_observer_stats *stats,
                                          qrt_observer **out);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* QUANTRT_QUANTRT_H */

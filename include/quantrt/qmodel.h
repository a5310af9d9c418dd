/* The compiled-model C API: every model .so made by quant-compile exports
 * exactly these symbols (and nothing else), so one loader serves every model.
 * quant-compile writes a header beside each model .so (model.h) that
 * contains these declarations plus the model's own inputs and outputs.
 *
 *   const qmodel_info_t *info = qmodel_info();
 *   qmodel *m;
 *   qmodel_options opts = {0};  opts.num_threads = 2;
 *   if (qmodel_create(&opts, &m) != 0) puts(qmodel_last_error());
 *   int64_t in_dims[4] = {1, 1, 8, 8}, out_dims[2] = {1, 10};
 *   qmodel_tensor in = {QMODEL_F32, 4, in_dims, input_data};
 *   qmodel_tensor out = {QMODEL_F32, 2, out_dims, logits};
 *   if (qmodel_run(m, &in, 1, &out, 1) != 0) puts(qmodel_last_error());
 *   qmodel_destroy(m);
 *
 * Errors: every function that can fail returns 0 on success or a qrt_status
 * code (include/quantrt/quantrt.h) and sets a message for the calling thread
 * that qmodel_last_error() returns. A NULL pointer, a wrong number of
 * tensors, a wrong dtype, rank or dimension is an error, never a crash.
 * Threads: a qmodel is used by one thread at a time; several qmodels may run
 * concurrently. qmodel_run allocates nothing.
 *
 * ABI versions: 1 = the first six functions; 2 adds qmodel_options.flags
 * (QMODEL_OPTION_PROFILE) and qmodel_profile. A loader accepting version 1
 * must not dlsym qmodel_profile as required.
 */
#ifndef QUANTRT_QMODEL_H
#define QUANTRT_QMODEL_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define QMODEL_ABI_VERSION 2

/* Element types at the model boundary (same values as qrt_dtype). */
#define QMODEL_F32 0
#define QMODEL_U8 1
#define QMODEL_S8 2

typedef struct qmodel_tensor_info {
  const char *name;    /* ONNX graph input/output name */
  int32_t dtype;       /* QMODEL_F32, or QMODEL_U8/S8 for raw int8 I/O */
  int32_t rank;
  const int64_t *dims; /* rank entries, the ONNX (NCHW) layout */
  float scale;         /* int8 I/O only: real = (q - zero_point) * scale */
  int32_t zero_point;
} qmodel_tensor_info;

typedef struct qmodel_info_t {
  int32_t abi_version;   /* QMODEL_ABI_VERSION */
  const char *name;      /* model name (ONNX graph name or file stem) */
  const char *backend;   /* "onednn", "xnnpack" or "ref": the compile option */
  const char *precision; /* "int8", "float" or "observed" (calibration build) */
  int32_t num_inputs;
  const qmodel_tensor_info *inputs;
  int32_t num_outputs;
  const qmodel_tensor_info *outputs;
  int64_t arena_bytes;   /* activation arena allocated by qmodel_create */
  int32_t num_kernels;   /* runtime kernels created by qmodel_create */
  int32_t num_observers; /* calibration observers (0 unless "observed") */
} qmodel_info_t;

/* qmodel_options.flags (ABI 2). */
#define QMODEL_OPTION_PROFILE 0x1u /* time every kernel and every qmodel_run
                                      (qmodel_profile); off: no clock read */

typedef struct qmodel_options {
  int32_t num_threads; /* <= 0 means 1 */
  uint32_t flags;      /* QMODEL_OPTION_*; ABI 2 (zero-initialize options) */
} qmodel_options;

typedef struct qmodel_tensor {
  int32_t dtype;       /* must equal the info's dtype */
  int32_t rank;        /* must equal the info's rank */
  const int64_t *dims; /* must equal the info's dims */
  void *data;          /* dense row-major; inputs are only read; may be NULL
                          when the tensor has zero elements */
} qmodel_tensor;

typedef struct qmodel qmodel;

/* Static description of the model; never NULL, valid while the .so is loaded. */
const qmodel_info_t *qmodel_info(void);

/* Creates the runtime context, packs the weights and creates every kernel,
 * allocates the activation arena. options may be NULL (1 thread). */
int32_t qmodel_create(const qmodel_options *options, qmodel **out);

/* Runs the model once. inputs/outputs are in the order of qmodel_info(). */
int32_t qmodel_run(qmodel *model, const qmodel_tensor *inputs, int32_t num_inputs,
                   const qmodel_tensor *outputs, int32_t num_outputs);

/* NULL is accepted. */
void qmodel_destroy(qmodel *model);

/* Message of the last failure on the calling thread ("" if none); never NULL. */
const char *qmodel_last_error(void);

/* Profile of a model created with QMODEL_OPTION_PROFILE (ABI 2). The
 * strings are static (valid while the .so is loaded). */
typedef struct qmodel_kernel_profile {
  const char *node;    /* ONNX node name(s) of the kernel, '+'-joined when
                          fused; "" when unknown and for the totals */
  const char *op;      /* the runtime op: "conv2d", "fully_connected",
                          "quantize", ...; "model" for the totals */
  const char *backend; /* backend that runs it (after any fallback to ref):
                          "onednn", "xnnpack", "ref"; totals: info->backend */
  int64_t runs;        /* kernel: successful runs; totals: successful
                          qmodel_run calls */
  int64_t total_ns;    /* wall time (steady clock) summed over those runs;
                          totals: of the whole qmodel_run calls, so
                          totals - sum of kernels = time outside kernels */
  int64_t macs;        /* multiply-accumulates of one run: conv2d and
                          fully_connected, else 0; totals: the sum */
} qmodel_kernel_profile;

#define QMODEL_PROFILE_TOTAL (-1)

/* index in [0, num_kernels): kernel `index` in execution order;
 * QMODEL_PROFILE_TOTAL: the whole-run totals. Counters accumulate from
 * qmodel_create (there is no reset: subtract two readings to profile an
 * interval). Fails (QRT_ERR_INVALID_ARGUMENT) when the model was created
 * without QMODEL_OPTION_PROFILE or the index is out of range. */
int32_t qmodel_profile(const qmodel *model, int32_t index,
                       qmodel_kernel_profile *out);

/* Calibration builds ("observed"): observer `index` (0..num_observers-1)
 * with the qnn.observe id it stands for. The observer (include/quantrt/
 * quantrt.h) accumulates over every qmodel_run of this model; it is owned by
 * the model. */
struct qrt_observer;
int32_t qmodel_observer(const qmodel *model, int32_t index, int64_t *id,
                        const struct qrt_observer **observer);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* QUANTRT_QMODEL_H */

// Lifecycle helpers of compiled models (include/quantrt/model_support.h):
// allocation, slots, boundary checks and messages behind the qmodel_* API.
#include "quantrt/model_support.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>
#include <vector>

struct qmodel {
  const qmodel_info_t *info = nullptr;
  qrt_context *context = nullptr;
  void *workspace = nullptr;
  std::vector<qrt_kernel *> kernels;
  std::vector<qrt_observer *> observers;
  std::vector<int64_t> observerIds;
  /// QMODEL_OPTION_PROFILE: successful qmodel_run calls and their time.
  bool profile = false;
  int64_t runs = 0, runNs = 0;
  std::chrono::steady_clock::time_point runStart;
};

namespace {

thread_local std::string lastModelError;

int32_t setError(int32_t status, std::string message) {
  lastModelError = std::move(message);
  return status;
}

const char *dtypeName(int32_t dtype) {
  switch (dtype) {
  case QMODEL_F32:
    return "f32";
  case QMODEL_U8:
    return "u8";
  case QMODEL_S8:
    return "s8";
  default:
    return nullptr;
  }
}

std::string describe(int32_t dtype, int32_t rank, const int64_t *dims) {
  std::string out;
  if (const char *name = dtypeName(dtype))
    out = name;
  else
    out = "dtype " + std::to_string(dtype);
  out += ' ';
  if (rank == 0)
    return out + "scalar";
  if (rank < 0 || rank > QRT_MAX_RANK)
    return out + "rank " + std::to_string(rank);
  if (!dims)
    return out + "rank " + std::to_string(rank) + " (dims NULL)";
  for (int32_t i = 0; i < rank; ++i) {
    if (i)
      out += 'x';
    out += std::to_string(dims[i]);
  }
  return out;
}

/// Checks one boundary tensor against its info; `kind` is "input"/"output".
int32_t checkTensor(const char *kind, int32_t index,
                    const qmodel_tensor_info &info, const qmodel_tensor &t) {
  auto prefix = [&] {
    return std::string("qmodel_run: ") + kind + " " + std::to_string(index) +
           " ('" + (info.name ? info.name : "") + "'): ";
  };
  std::string expected = describe(info.dtype, info.rank, info.dims);
  if (t.rank < 0 || t.rank > QRT_MAX_RANK || (t.rank > 0 && !t.dims))
    return setError(t.rank > 0 && !t.dims ? QRT_ERR_NULL_POINTER
                                          : QRT_ERR_SHAPE,
                    prefix() + "expected " + expected + ", got " +
                        describe(t.dtype, t.rank, t.dims));
  bool sameShape = t.rank == info.rank;
  for (int32_t i = 0; sameShape && i < t.rank; ++i)
    sameShape = t.dims[i] == info.dims[i];
  if (t.dtype != info.dtype || !sameShape)
    return setError(t.dtype != info.dtype ? QRT_ERR_DTYPE : QRT_ERR_SHAPE,
                    prefix() + "expected " + expected + ", got " +
                        describe(t.dtype, t.rank, t.dims));
  // A tensor without elements has no bytes to point at (an empty
  // std::vector's data() is NULL): any pointer, NULL included, is valid.
  bool empty = false;
  for (int32_t i = 0; i < t.rank; ++i)
    empty = empty || t.dims[i] == 0;
  if (!t.data && !empty)
    return setError(QRT_ERR_NULL_POINTER, prefix() + "data is NULL");
  return QRT_OK;
}

} // namespace

extern "C" {

int32_t qrt_model_alloc(const qmodel_info_t *info, int64_t workspace_bytes,
                        const int64_t *observer_ids,
                        const qmodel_options *options, qmodel **out) {
  if (!out)
    return setError(QRT_ERR_NULL_POINTER, "qmodel_create: out is NULL");
  *out = nullptr;
  if (!info || workspace_bytes < 0 || info->num_kernels < 0 ||
      info->num_observers < 0 || (info->num_observers > 0 && !observer_ids))
    return setError(QRT_ERR_INVALID_ARGUMENT,
                    "qmodel_create: invalid model description");
  qmodel *model = new (std::nothrow) qmodel;
  if (!model)
    return setError(QRT_ERR_OUT_OF_MEMORY, "qmodel_create: out of memory");
  model->info = info;
  try {
    model->kernels.assign(info->num_kernels, nullptr);
    model->observers.assign(info->num_observers, nullptr);
    model->observerIds.assign(observer_ids, observer_ids + info->num_observers);
  } catch (const std::bad_alloc &) {
    delete model;
    return setError(QRT_ERR_OUT_OF_MEMORY, "qmodel_create: out of memory");
  }
  uint64_t bytes = uint64_t(workspace_bytes) + QRT_INPUT_PADDING_BYTES;
  bytes = (bytes + QRT_MODEL_WORKSPACE_ALIGNMENT - 1) /
          QRT_MODEL_WORKSPACE_ALIGNMENT * QRT_MODEL_WORKSPACE_ALIGNMENT;
  model->workspace = std::aligned_alloc(QRT_MODEL_WORKSPACE_ALIGNMENT, bytes);
  if (!model->workspace) {
    qrt_model_free(model);
    return setError(QRT_ERR_OUT_OF_MEMORY,
                    "qmodel_create: cannot allocate the " +
                        std::to_string(bytes) + "-byte workspace");
  }
  // Deterministic padding bytes (XNNPACK may read them; results never depend
  // on them, but reads of uninitialized memory would upset sanitizers).
  std::memset(model->workspace, 0, bytes);
  qrt_context_options contextOptions = {};
  contextOptions.num_threads = options ? options->num_threads : 1;
  contextOptions.backend = QRT_BACKEND_AUTO;
  // ABI 1 models pass a qmodel_options without `flags`.
  model->profile = options && info->abi_version >= 2 &&
                   (options->flags & QMODEL_OPTION_PROFILE);
  if (model->profile)
    contextOptions.flags |= QRT_CONTEXT_PROFILE;
  qrt_status status = qrt_context_create(&contextOptions, &model->context);
  if (status != QRT_OK) {
    std::string message = std::string("qmodel_create: runtime context: ") +
                          qrt_status_name(status) + ": " + qrt_last_error();
    qrt_model_free(model);
    return setError(status, std::move(message));
  }
  *out = model;
  return QRT_OK;
}

qrt_context *qrt_model_context(qmodel *model) { return model->context; }
void *qrt_model_workspace(qmodel *model) { return model->workspace; }
qrt_kernel **qrt_model_kernels(qmodel *model) { return model->kernels.data(); }
qrt_observer **qrt_model_observers(qmodel *model) {
  return model->observers.data();
}

int32_t qrt_model_create_failed(qmodel **out, int32_t status,
                                const char *what) {
  // Read the runtime's message before anything else can overwrite it.
  std::string message = std::string("qmodel_create: ") + (what ? what : "") +
                        ": " + qrt_status_name(qrt_status(status)) + ": " +
                        qrt_last_error();
  if (out) {
    qrt_model_free(*out);
    *out = nullptr;
  }
  return setError(status, std::move(message));
}

int32_t qrt_model_check_io(const qmodel *model, const qmodel_tensor *inputs,
                           int32_t num_inputs, const qmodel_tensor *outputs,
                           int32_t num_outputs) {
  if (!model)
    return setError(QRT_ERR_NULL_POINTER, "qmodel_run: model is NULL");
  const qmodel_info_t &info = *model->info;
  if (num_inputs != info.num_inputs)
    return setError(QRT_ERR_INVALID_ARGUMENT,
                    "qmodel_run: expected " + std::to_string(info.num_inputs) +
                        " input(s), got " + std::to_string(num_inputs));
  if (num_outputs != info.num_outputs)
    return setError(QRT_ERR_INVALID_ARGUMENT,
                    "qmodel_run: expected " + std::to_string(info.num_outputs) +
                        " output(s), got " + std::to_string(num_outputs));
  if (!inputs && num_inputs > 0)
    return setError(QRT_ERR_NULL_POINTER, "qmodel_run: inputs is NULL");
  if (!outputs && num_outputs > 0)
    return setError(QRT_ERR_NULL_POINTER, "qmodel_run: outputs is NULL");
  for (int32_t i = 0; i < num_inputs; ++i)
    if (int32_t status = checkTensor("input", i, info.inputs[i], inputs[i]))
      return status;
  for (int32_t i = 0; i < num_outputs; ++i)
    if (int32_t status = checkTensor("output", i, info.outputs[i], outputs[i]))
      return status;
  return QRT_OK;
}

void qrt_model_run_begin(qmodel *model) {
  if (model && model->profile)
    model->runStart = std::chrono::steady_clock::now();
}

void qrt_model_run_end(qmodel *model) {
  if (!model->profile)
    return;
  model->runNs += std::chrono::duration_cast<std::chrono::nanoseconds>(
                      std::chrono::steady_clock::now() - model->runStart)
                      .count();
  ++model->runs;
}

int32_t qrt_model_profile(const qmodel *model, int32_t index,
                          qmodel_kernel_profile *out,
                          const char *const *kernel_nodes) {
  if (!model || !out)
    return setError(QRT_ERR_NULL_POINTER, "qmodel_profile: model or out is NULL");
  if (!model->profile)
    return setError(QRT_ERR_INVALID_ARGUMENT,
                    "qmodel_profile: the model was created without "
                    "QMODEL_OPTION_PROFILE (qmodel_options.flags)");
  int32_t numKernels = int32_t(model->kernels.size());
  if (index != QMODEL_PROFILE_TOTAL && (index < 0 || index >= numKernels))
    return setError(QRT_ERR_INVALID_ARGUMENT,
                    "qmodel_profile: index " + std::to_string(index) +
                        " out of range (the model has " +
                        std::to_string(numKernels) +
                        " kernels; -1 for the totals)");
  std::memset(out, 0, sizeof(*out));
  if (index == QMODEL_PROFILE_TOTAL) {
    out->node = "";
    out->op = "model";
    out->backend = model->info->backend ? model->info->backend : "";
    out->runs = model->runs;
    out->total_ns = model->runNs;
    for (const qrt_kernel *kernel : model->kernels) {
      qrt_kernel_stats stats = {};
      if (kernel && qrt_kernel_get_stats(kernel, &stats) == QRT_OK)
        out->macs += stats.macs;
    }
    return QRT_OK;
  }
  const qrt_kernel *kernel = model->kernels[index];
  const char *node = kernel_nodes ? kernel_nodes[index] : nullptr;
  out->node = node ? node : "";
  out->op = qrt_op_name(qrt_kernel_op(kernel));
  out->backend = qrt_backend_name(qrt_kernel_backend(kernel));
  qrt_kernel_stats stats = {};
  if (kernel && qrt_kernel_get_stats(kernel, &stats) == QRT_OK) {
    out->runs = stats.runs;
    out->total_ns = stats.total_ns;
    out->macs = stats.macs;
  }
  return QRT_OK;
}

int32_t qrt_model_run_failed(int32_t status, const char *what) {
  return setError(status, std::string("qmodel_run: ") + (what ? what : "") +
                              ": " + qrt_status_name(qrt_status(status)) +
                              ": " + qrt_last_error());
}

void qrt_model_free(qmodel *model) {
  if (!model)
    return;
  for (qrt_kernel *kernel : model->kernels)
    qrt_kernel_destroy(kernel);
  for (qrt_observer *observer : model->observers)
    qrt_observer_destroy(observer);
  qrt_context_destroy(model->context);
  std::free(model->workspace);
  delete model;
}

const char *qrt_model_last_error(void) { return lastModelError.c_str(); }

int32_t qrt_model_observer(const qmodel *model, int32_t index, int64_t *id,
                           const qrt_observer **observer) {
  if (!model || !id || !observer)
    return setError(QRT_ERR_NULL_POINTER,
                    "qmodel_observer: model, id or observer is NULL");
  if (index < 0 || size_t(index) >= model->observers.size())
    return setError(QRT_ERR_INVALID_ARGUMENT,
                    "qmodel_observer: index " + std::to_string(index) +
                        " out of range (the model has " +
                        std::to_string(model->observers.size()) +
                        " observers)");
  *id = model->observerIds[index];
  *observer = model->observers[index];
  return QRT_OK;
}

} // extern "C"

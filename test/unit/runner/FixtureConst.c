/* A hand-written model without inputs, built like a compiled one on the
 * runtime's model helpers (include/quantrt/model_support.h):
 *   no inputs
 *   outputs "c"     f32 [2,2] = {1, 2, 3, 4}
 *           "empty" f32 [3,0]   (zero elements: nothing to write)
 * Its run refuses a NULL "empty" only where a kernel would (qrt_kernel_run
 * takes no NULL buffer): with FIXTURE_KERNEL_NEEDS_DATA. */
#include "quantrt/model_support.h"

#include <stddef.h>

static const int64_t dims22[2] = {2, 2};
static const int64_t dims30[2] = {3, 0};
static const qmodel_tensor_info outputs[2] = {
    {"c", QMODEL_F32, 2, dims22, 0.0f, 0},
    {"empty", QMODEL_F32, 2, dims30, 0.0f, 0}};

static const qmodel_info_t info = {QMODEL_ABI_VERSION,
                                   "const",
                                   "ref",
                                   "float",
                                   0,
                                   NULL,
                                   2,
                                   outputs,
                                   0,
                                   0,
                                   0};

const qmodel_info_t *qmodel_info(void) { return &info; }

int32_t qmodel_create(const qmodel_options *options, qmodel **out) {
  return qrt_model_alloc(&info, 0, NULL, options, out);
}

int32_t qmodel_run(qmodel *model, const qmodel_tensor *inputs,
                   int32_t num_inputs, const qmodel_tensor *outputs,
                   int32_t num_outputs) {
  int32_t status =
      qrt_model_check_io(model, inputs, num_inputs, outputs, num_outputs);
  if (status != 0)
    return status;
#ifdef FIXTURE_KERNEL_NEEDS_DATA
  if (!outputs[1].data)
    return qrt_model_run_failed(QRT_ERR_NULL_POINTER, "kernel 0 (empty)");
#endif
  float *c = (float *)outputs[0].data;
  for (int i = 0; i < 4; ++i)
    c[i] = (float)(i + 1);
  return 0;
}

void qmodel_destroy(qmodel *model) { qrt_model_free(model); }

const char *qmodel_last_error(void) { return qrt_model_last_error(); }

int32_t qmodel_observer(const qmodel *model, int32_t index, int64_t *id,
                        const struct qrt_observer **observer) {
  return qrt_model_observer(model, index, id, observer);
}

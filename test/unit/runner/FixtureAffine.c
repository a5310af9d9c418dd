/* A hand-written model implementing include/quantrt/qmodel.h exactly:
 * input "x" f32 [1,3] -> output "y" f32 [1,3] = 2x + 1. Compile-time
 * variants (CMakeLists.txt) make the other fixtures:
 *   FIXTURE_OTHER          y = 1.01 * (2x + 1): SQNR against the plain one
 *                          is exactly 40 dB, argmax unchanged
 *   FIXTURE_NO_OBSERVER    does not export qmodel_observer
 *   FIXTURE_ABI=n          reports ABI version n
 *   FIXTURE_CREATE_FAILS   qmodel_create fails with a message
 *   FIXTURE_PROFILE        exports qmodel_profile with deterministic
 *                          numbers: one fully_connected kernel
 *                          ('/affine/Gemm', 9 MACs) of 1 us per run, 1.5 us
 *                          per qmodel_run */
#include "FixtureCommon.h"

#include <stdlib.h>

#ifndef FIXTURE_ABI
#define FIXTURE_ABI QMODEL_ABI_VERSION
#endif

static const int64_t dims13[2] = {1, 3};
static const qmodel_tensor_info inputs[1] = {
    {"x", QMODEL_F32, 2, dims13, 0.0f, 0}};
static const qmodel_tensor_info outputs[1] = {
    {"y", QMODEL_F32, 2, dims13, 0.0f, 0}};

static const qmodel_info_t info = {FIXTURE_ABI,
#ifdef FIXTURE_OTHER
                                   "affine-other",
#else
                                    "affine",
#endif
                                   "ref",          "float", 1, inputs, 1,
                                   outputs,        64,      1, 0};

struct qmodel {
  int32_t num_threads;
  int32_t profile;
  int64_t runs;
};

const qmodel_info_t *qmodel_info(void) { return &info; }

int32_t qmodel_create(const qmodel_options *options, qmodel **out) {
  fixture_clear_error();
  if (!out)
    return fixture_fail(1, "out is NULL");
#ifdef FIXTURE_CREATE_FAILS
  *out = NULL;
  return fixture_fail(7, "fixture: cannot allocate the 64-byte arena");
#else
  qmodel *m = (qmodel *)malloc(sizeof(qmodel));
  if (!m)
    return fixture_fail(7, "out of memory");
  m->num_threads =
      options && options->num_threads > 0 ? options->num_threads : 1;
  m->profile = options && (options->flags & QMODEL_OPTION_PROFILE);
  m->runs = 0;
  *out = m;
  return 0;
#endif
}

int32_t qmodel_run(qmodel *model, const qmodel_tensor *in, int32_t num_inputs,
                   const qmodel_tensor *out, int32_t num_outputs) {
  fixture_clear_error();
  if (!model)
    return fixture_fail(1, "model is NULL");
  int32_t s = fixture_check("input", in, num_inputs, inputs, 1);
  if (s == 0)
    s = fixture_check("output", out, num_outputs, outputs, 1);
  if (s != 0)
    return s;
  const float *x = (const float *)in[0].data;
  float *y = (float *)out[0].data;
  for (int i = 0; i < 3; ++i) {
#ifdef FIXTURE_OTHER
    y[i] = 1.01f * (2.0f * x[i] + 1.0f);
#else
    y[i] = 2.0f * x[i] + 1.0f;
#endif
  }
  ++model->runs;
  return 0;
}

void qmodel_destroy(qmodel *model) { free(model); }

#ifdef FIXTURE_PROFILE
int32_t qmodel_profile(const qmodel *model, int32_t index,
                       qmodel_kernel_profile *out) {
  fixture_clear_error();
  if (!model || !out)
    return fixture_fail(1, "qmodel_profile: model or out is NULL");
  if (!model->profile)
    return fixture_fail(2, "qmodel_profile: the model was created without "
                           "QMODEL_OPTION_PROFILE");
  if (index != QMODEL_PROFILE_TOTAL && index != 0)
    return fixture_fail(2, "qmodel_profile: index %d out of range", index);
  out->node = index == 0 ? "/affine/Gemm" : "";
  out->op = index == 0 ? "fully_connected" : "model";
  out->backend = "ref";
  out->runs = model->runs;
  out->total_ns = model->runs * (index == 0 ? 1000 : 1500);
  out->macs = 9;
  return 0;
}
#endif

#ifndef FIXTURE_NO_OBSERVER
int32_t qmodel_observer(const qmodel *model, int32_t index, int64_t *id,
                        const struct qrt_observer **observer) {
  (void)model;
  (void)id;
  (void)observer;
  return fixture_fail(2, "observer index %d out of range (0 observers)", index);
}
#endif

/* A hand-written calibration-style model with two inputs, raw int8 I/O and
 * one runtime observer (links libquantrt, as compiled models do):
 *   inputs  "a" f32 [1,2,2], "b" u8 [1,4] (scale 0.5, zero point 10)
 *   outputs "sum" f32 [1,4] = flatten(a) + (b - 10) * 0.5
 *           "q"   s8 [1,4]  = quantize(sum, scale 0.25, zero point -3)
 *   observer #0, id 42: a min/max observer of "sum" over every run. */
#include "FixtureCommon.h"
#include "quantrt/quantrt.h"

#include <math.h>
#include <stdlib.h>

static const int64_t dims122[3] = {1, 2, 2};
static const int64_t dims14[2] = {1, 4};
static const qmodel_tensor_info inputs[2] = {
    {"a", QMODEL_F32, 3, dims122, 0.0f, 0},
    {"b", QMODEL_U8, 2, dims14, 0.5f, 10}};
static const qmodel_tensor_info outputs[2] = {
    {"sum", QMODEL_F32, 2, dims14, 0.0f, 0},
    {"q", QMODEL_S8, 2, dims14, 0.25f, -3}};

static const qmodel_info_t info = {QMODEL_ABI_VERSION,
                                   "multi",
                                   "ref",
                                   "observed",
                                   2,
                                   inputs,
                                   2,
                                   outputs,
                                   0,
                                   2,
                                   1};

struct qmodel {
  qrt_observer *observer;
};

const qmodel_info_t *qmodel_info(void) { return &info; }

int32_t qmodel_create(const qmodel_options *options, qmodel **out) {
  (void)options;
  fixture_clear_error();
  if (!out)
    return fixture_fail(1, "out is NULL");
  qmodel *m = (qmodel *)calloc(1, sizeof(qmodel));
  if (!m)
    return fixture_fail(7, "out of memory");
  qrt_status s = qrt_observer_create(QRT_OBSERVER_MINMAX, -1, 0, &m->observer);
  if (s != QRT_OK) {
    free(m);
    return fixture_fail(s, "%s", qrt_last_error());
  }
  *out = m;
  return 0;
}

int32_t qmodel_run(qmodel *model, const qmodel_tensor *in, int32_t num_inputs,
                   const qmodel_tensor *out, int32_t num_outputs) {
  fixture_clear_error();
  if (!model)
    return fixture_fail(1, "model is NULL");
  int32_t s = fixture_check("input", in, num_inputs, inputs, 2);
  if (s == 0)
    s = fixture_check("output", out, num_outputs, outputs, 2);
  if (s != 0)
    return s;
  const float *a = (const float *)in[0].data;
  const uint8_t *b = (const uint8_t *)in[1].data;
  float *sum = (float *)out[0].data;
  int8_t *q = (int8_t *)out[1].data;
  for (int i = 0; i < 4; ++i) {
    sum[i] = a[i] + (float)((int32_t)b[i] - 10) * 0.5f;
    float v = nearbyintf(sum[i] / 0.25f) - 3.0f;
    q[i] = (int8_t)(v < -128.0f ? -128.0f : v > 127.0f ? 127.0f : v);
  }
  qrt_tensor_desc desc;
  memset(&desc, 0, sizeof(desc));
  desc.dtype = QRT_F32;
  desc.rank = 2;
  desc.dims[0] = 1;
  desc.dims[1] = 4;
  desc.quant.axis = -1;
  qrt_status st = qrt_observer_update(model->observer, &desc, sum);
  if (st != QRT_OK)
    return fixture_fail(st, "%s", qrt_last_error());
  return 0;
}

void qmodel_destroy(qmodel *model) {
  if (!model)
    return;
  qrt_observer_destroy(model->observer);
  free(model);
}

int32_t qmodel_observer(const qmodel *model, int32_t index, int64_t *id,
                        const struct qrt_observer **observer) {
  fixture_clear_error();
  if (!model || !id || !observer)
    return fixture_fail(1, "NULL argument");
  if (index != 0)
    return fixture_fail(2, "observer index %d out of range (1 observer)",
                        index);
  *id = 42;
  *observer = model->observer;
  return 0;
}

/* Shared pieces of the hand-written fixture models: the thread-local error
 * message and the tensor checks every qmodel_run must do (qmodel.h). */
#ifndef QMLIR_TEST_UNIT_RUNNER_FIXTURECOMMON_H
#define QMLIR_TEST_UNIT_RUNNER_FIXTURECOMMON_H

#include "quantrt/qmodel.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static _Thread_local char fixture_error[512];

static int32_t fixture_fail(int32_t status, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(fixture_error, sizeof(fixture_error), fmt, ap);
  va_end(ap);
  return status;
}

static void fixture_clear_error(void) { fixture_error[0] = 0; }

const char *qmodel_last_error(void) { return fixture_error; }

/* 0 if `ts` matches `infos` exactly, else a status with the message set. */
static int32_t fixture_check(const char *kind, const qmodel_tensor *ts,
                             int32_t n, const qmodel_tensor_info *infos,
                             int32_t expected) {
  if (n != expected)
    return fixture_fail(2, "expected %d %s(s), got %d", expected, kind, n);
  if (n > 0 && !ts)
    return fixture_fail(1, "%ss is NULL", kind);
  for (int32_t i = 0; i < n; ++i) {
    const qmodel_tensor_info *info = &infos[i];
    if (ts[i].dtype != info->dtype)
      return fixture_fail(4, "%s '%s': expected dtype %d, got %d", kind,
                          info->name, info->dtype, ts[i].dtype);
    if (ts[i].rank != info->rank)
      return fixture_fail(3, "%s '%s': expected rank %d, got %d", kind,
                          info->name, info->rank, ts[i].rank);
    if (!ts[i].dims || !ts[i].data)
      return fixture_fail(1, "%s '%s': NULL dims or data", kind, info->name);
    for (int32_t d = 0; d < info->rank; ++d)
      if (ts[i].dims[d] != info->dims[d])
        return fixture_fail(3, "%s '%s': dim %d is %lld, expected %lld", kind,
                            info->name, d, (long long)ts[i].dims[d],
                            (long long)info->dims[d]);
  }
  return 0;
}

#endif /* QMLIR_TEST_UNIT_RUNNER_FIXTURECOMMON_H */

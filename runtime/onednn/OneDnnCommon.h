// oneDNN backend: the engine and type mapping shared by its kernels.
#ifndef QMLIR_RUNTIME_ONEDNN_ONEDNNCOMMON_H
#define QMLIR_RUNTIME_ONEDNN_ONEDNNCOMMON_H

#include "quantrt/quantrt.h"

#include "oneapi/dnnl/dnnl.hpp"

namespace qrt {
namespace onednn {

/// The one CPU engine of the process (an inline function's static: shared
/// by every translation unit).
inline dnnl::engine &engine() {
  static dnnl::engine eng(dnnl::engine::kind::cpu, 0);
  return eng;
}

inline dnnl::memory::data_type toDt(qrt_dtype t) {
  using dt = dnnl::memory::data_type;
  switch (t) {
  case QRT_U8: return dt::u8;
  case QRT_S8: return dt::s8;
  case QRT_S32: return dt::s32;
  default: return dt::f32;
  }
}

} // namespace onednn
} // namespace qrt

#endif // QMLIR_RUNTIME_ONEDNN_ONEDNNCOMMON_H

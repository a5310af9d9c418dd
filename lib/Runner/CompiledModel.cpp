// CompiledModel: dlopen of a model .so, symbol resolution, info checks, input
// fitting and qmodel_run calls.
#include "lib/Runner/CompiledModel.h"

#include "quantrt/quantrt.h"

#include <dlfcn.h>
#include <sys/stat.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

namespace qmlir::runner {

namespace detail {

/// One dlopen()ed model: the handle, its entry points and the checked info.
struct Library {
  std::string path;
  void *handle = nullptr;
  const qmodel_info_t *(*info)(void) = nullptr;
  int32_t (*create)(const qmodel_options *, qmodel **) = nullptr;
  int32_t (*run)(qmodel *, const qmodel_tensor *, int32_t,
                 const qmodel_tensor *, int32_t) = nullptr;
  void (*destroy)(qmodel *) = nullptr;
  const char *(*lastError)(void) = nullptr;
  int32_t (*observer)(const qmodel *, int32_t, int64_t *,
                      const qrt_observer **) = nullptr;
  /// ABI 2; NULL for older models.
  int32_t (*profile)(const qmodel *, int32_t, qmodel_kernel_profile *) =
      nullptr;
  ModelInfo modelInfo;

  ~Library() {
    if (handle)
      dlclose(handle);
  }

  /// "<path>: <what>: <qmodel_last_error()>".
  Error modelError(const std::string &what, int32_t status) const {
    const char *msg = lastError ? lastError() : nullptr;
    std::string text = path + ": " + what;
    if (status != 0)
      text += " (" + statusName(status) + ")";
    if (msg && *msg)
      text += ": " + std::string(msg);
    return Error{text};
  }

  static std::string statusName(int32_t status) {
    // Our own table: the runner does not link libquantrt.
    static const char *const names[] = {
        "QRT_OK",          "QRT_ERR_NULL_POINTER", "QRT_ERR_INVALID_ARGUMENT",
        "QRT_ERR_SHAPE",   "QRT_ERR_DTYPE",        "QRT_ERR_UNSUPPORTED",
        "QRT_ERR_BACKEND", "QRT_ERR_OUT_OF_MEMORY"};
    if (status >= 0 && status < int32_t(sizeof(names) / sizeof(names[0])))
      return names[status];
    return "status " + std::to_string(status);
  }
};

} // namespace detail

using detail::Library;

//===----------------------------------------------------------------------===//
// Info, specs, quantization
//===----------------------------------------------------------------------===//

std::string TensorInfo::typeString() const {
  std::string s =
      std::string(data::dtypeName(dtype)) + " " + data::shapeString(shape);
  if (isQuantized()) {
    char buf[96];
    std::snprintf(buf, sizeof(buf), " (scale %g, zero point %d)", double(scale),
                  int(zeroPoint));
    s += buf;
  }
  return s;
}

std::vector<data::InputSpec> inputSpecs(const ModelInfo &info, IOMode mode) {
  std::vector<data::InputSpec> specs;
  for (const TensorInfo &in : info.inputs) {
    data::InputSpec spec;
    spec.name = in.name;
    spec.dtype = mode == IOMode::Real ? DType::F32 : in.dtype;
    spec.shape = in.shape;
    specs.push_back(std::move(spec));
  }
  return specs;
}

Tensor quantize(const Tensor &t, const TensorInfo &info) {
  Tensor q = Tensor::zeros(info.dtype, t.shape);
  q.name = t.name;
  const float *x = t.data<float>();
  int64_t n = t.numElements();
  float lo = info.dtype == DType::U8 ? 0.0f : -128.0f;
  float hi = info.dtype == DType::U8 ? 255.0f : 127.0f;
  for (int64_t i = 0; i < n; ++i) {
    float v = float(info.zeroPoint);
    if (!std::isnan(x[i]))
      // f32 division and round-half-even, as the runtime's quantize kernel.
      v = std::nearbyint(x[i] / info.scale) + float(info.zeroPoint);
    v = std::min(std::max(v, lo), hi);
    if (info.dtype == DType::U8)
      q.data<uint8_t>()[i] = uint8_t(v);
    else
      q.data<int8_t>()[i] = int8_t(v);
  }
  return q;
}

Tensor dequantize(const Tensor &t, const TensorInfo &info) {
  if (t.dtype != DType::U8 && t.dtype != DType::S8)
    return t;
  Tensor f = Tensor::zeros(DType::F32, t.shape);
  f.name = t.name;
  int64_t n = t.numElements();
  for (int64_t i = 0; i < n; ++i) {
    int32_t q = t.dtype == DType::U8 ? int32_t(t.data<uint8_t>()[i])
                                     : int32_t(t.data<int8_t>()[i]);
    f.data<float>()[i] = float(q - info.zeroPoint) * info.scale;
  }
  return f;
}

//===----------------------------------------------------------------------===//
// Loading
//===----------------------------------------------------------------------===//

namespace {

Result<TensorInfo> copyTensorInfo(const qmodel_tensor_info &t,
                                  const std::string &what,
                                  const std::string &path) {
  TensorInfo info;
  if (t.name)
    info.name = t.name;
  switch (t.dtype) {
  case QMODEL_F32:
    info.dtype = DType::F32;
    break;
  case QMODEL_U8:
    info.dtype = DType::U8;
    break;
  case QMODEL_S8:
    info.dtype = DType::S8;
    break;
  default:
    return data::fileError(path, "malformed qmodel_info: " + what +
                                     " has unknown dtype " +
                                     std::to_string(t.dtype));
  }
  if (t.rank < 0 || t.rank > QRT_MAX_RANK || (t.rank > 0 && !t.dims))
    return data::fileError(path, "malformed qmodel_info: " + what +
                                     " has rank " + std::to_string(t.rank) +
                                     (t.dims ? "" : " and no dims"));
  info.shape.assign(t.dims, t.dims + t.rank);
  if (info.numElements() < 0)
    return data::fileError(path, "malformed qmodel_info: " + what +
                                     " has shape " +
                                     data::shapeString(info.shape));
  if (info.isQuantized() && !(std::isfinite(t.scale) && t.scale > 0))
    return data::fileError(path, "malformed qmodel_info: " + what +
                                     " has scale " + std::to_string(t.scale));
  info.scale = info.isQuantized() ? t.scale : 1.0f;
  info.zeroPoint = info.isQuantized() ? t.zero_point : 0;
  return info;
}

Result<std::vector<TensorInfo>> copyTensorInfos(const qmodel_tensor_info *arr,
                                                int32_t n, const char *kind,
                                                const std::string &path) {
  if (n < 0 || (n > 0 && !arr))
    return data::fileError(path, std::string("malformed qmodel_info: ") +
                                     std::to_string(n) + " " + kind + "s" +
                                     (arr ? "" : " and no array"));
  std::vector<TensorInfo> infos;
  for (int32_t i = 0; i < n; ++i) {
    std::string what = std::string(kind) + " #" + std::to_string(i);
    Result<TensorInfo> info = copyTensorInfo(arr[i], what, path);
    if (!info)
      return Error{info.error()};
    infos.push_back(info.take());
  }
  return infos;
}

/// "input 'x'" or "input #0" when unnamed.
std::string label(const char *kind, const TensorInfo &info, size_t index) {
  if (info.name.empty())
    return std::string(kind) + " #" + std::to_string(index);
  return std::string(kind) + " '" + info.name + "'";
}

} // namespace

Result<CompiledModel> CompiledModel::load(const std::string &path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0)
    return data::fileError(path, std::string(std::strerror(errno)));
  if (S_ISDIR(st.st_mode))
    return data::fileError(path, "is a directory, not a model .so");

  auto lib = std::make_shared<Library>();
  lib->path = path;
  // A name without a slash would be searched in the library path instead.
  std::string openPath =
      path.find('/') == std::string::npos ? "./" + path : path;
  dlerror();
  lib->handle = dlopen(openPath.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!lib->handle) {
    const char *err = dlerror();
    return data::fileError(path, std::string("cannot load the model: ") +
                                     (err ? err : "dlopen failed"));
  }

  // dlsym on the handle searches this library and its dependencies only
  // (RTLD_LOCAL): another loaded model's symbols are never picked up.
  auto resolve = [&](const char *name, auto &fn) -> Status {
    dlerror();
    void *sym = dlsym(lib->handle, name);
    if (!sym)
      return data::fileError(path, std::string("not a quant-mlir model: "
                                               "missing symbol '") +
                                       name + "'");
    fn = reinterpret_cast<std::remove_reference_t<decltype(fn)>>(sym);
    return Status();
  };
  for (Status s :
       {resolve("qmodel_info", lib->info),
        resolve("qmodel_create", lib->create), resolve("qmodel_run", lib->run),
        resolve("qmodel_destroy", lib->destroy),
        resolve("qmodel_last_error", lib->lastError),
        resolve("qmodel_observer", lib->observer)})
    if (!s)
      return Error{s.error()};

  const qmodel_info_t *raw = lib->info();
  if (!raw)
    return data::fileError(path, "malformed model: qmodel_info() is NULL");
  // Version 2 only added to version 1 (qmodel_options.flags, which older
  // models do not read, and qmodel_profile): both load.
  if (raw->abi_version < 1 || raw->abi_version > QMODEL_ABI_VERSION)
    return data::fileError(
        path, "model ABI version " + std::to_string(raw->abi_version) +
                  ", this runner supports 1 to " +
                  std::to_string(QMODEL_ABI_VERSION) +
                  " (compile the model with a matching quant-compile)");
  if (raw->abi_version >= 2)
    lib->profile = reinterpret_cast<decltype(lib->profile)>(
        dlsym(lib->handle, "qmodel_profile"));
  ModelInfo &info = lib->modelInfo;
  info.abiVersion = raw->abi_version;
  info.name = raw->name ? raw->name : "";
  info.backend = raw->backend ? raw->backend : "";
  info.precision = raw->precision ? raw->precision : "";
  Result<std::vector<TensorInfo>> ins =
      copyTensorInfos(raw->inputs, raw->num_inputs, "input", path);
  if (!ins)
    return Error{ins.error()};
  Result<std::vector<TensorInfo>> outs =
      copyTensorInfos(raw->outputs, raw->num_outputs, "output", path);
  if (!outs)
    return Error{outs.error()};
  // No inputs is valid (a model of constants: ONNX's test_constant); no
  // outputs is not (nothing to run it for).
  if (outs->empty())
    return data::fileError(path, "malformed qmodel_info: a model needs at "
                                 "least one output");
  info.inputs = ins.take();
  info.outputs = outs.take();
  info.arenaBytes = raw->arena_bytes;
  info.numKernels = raw->num_kernels;
  if (raw->num_observers < 0)
    return data::fileError(
        path, "malformed qmodel_info: " + std::to_string(raw->num_observers) +
                  " observers");
  info.numObservers = raw->num_observers;

  CompiledModel model;
  model.lib_ = std::move(lib);
  return model;
}

const std::string &CompiledModel::path() const { return lib_->path; }
const ModelInfo &CompiledModel::info() const { return lib_->modelInfo; }

bool CompiledModel::supportsProfiling() const {
  return lib_->profile != nullptr;
}

Result<ModelInstance> CompiledModel::createInstance(int numThreads,
                                                    bool profile) const {
  if (profile && !supportsProfiling())
    return data::fileError(
        path(), info().abiVersion < 2
                    ? "cannot profile this model: it was compiled before "
                      "profiling existed (model ABI version " +
                          std::to_string(info().abiVersion) +
                          "); recompile it with this quant-compile"
                    : std::string("cannot profile this model: it does not "
                                  "export qmodel_profile"));
  qmodel_options opts;
  std::memset(&opts, 0, sizeof(opts));
  opts.num_threads = numThreads <= 0 ? 1 : numThreads;
  if (profile)
    opts.flags |= QMODEL_OPTION_PROFILE;
  qmodel *m = nullptr;
  int32_t status = lib_->create(&opts, &m);
  if (status != 0)
    return lib_->modelError("qmodel_create failed", status);
  if (!m)
    return data::fileError(path(), "qmodel_create returned no model");
  return ModelInstance(lib_, m, opts.num_threads, profile);
}

Result<std::vector<Tensor>>
CompiledModel::prepareInputs(std::vector<Tensor> inputs, IOMode mode) const {
  const ModelInfo &mi = info();
  if (inputs.size() != mi.inputs.size())
    return data::fileError(
        path(), "the model has " + std::to_string(mi.inputs.size()) +
                    " input(s), got " + std::to_string(inputs.size()));
  std::vector<data::InputSpec> specs = inputSpecs(mi, mode);
  for (size_t i = 0; i < inputs.size(); ++i) {
    const TensorInfo &in = mi.inputs[i];
    if (inputs[i].dtype == specs[i].dtype && inputs[i].shape == in.shape &&
        (mode == IOMode::Raw || !in.isQuantized())) {
      inputs[i].name = in.name;
      continue;
    }
    if (data::shapeNumElements(inputs[i].shape) < 0 ||
        inputs[i].bytes.size() !=
            size_t(inputs[i].numElements()) * data::dtypeSize(inputs[i].dtype))
      return data::fileError(path(), label("input", in, i) +
                                         ": malformed tensor (byte size does "
                                         "not match " +
                                         inputs[i].typeString() + ")");
    Result<Tensor> fit =
        data::fitToInput(std::move(inputs[i]), specs[i], true, path());
    if (!fit)
      return Error{fit.error()};
    inputs[i] = fit.take();
    if (mode == IOMode::Real && in.isQuantized())
      inputs[i] = quantize(inputs[i], in);
  }
  return inputs;
}

std::vector<Tensor> CompiledModel::allocateOutputs() const {
  std::vector<Tensor> outs;
  for (const TensorInfo &o : info().outputs) {
    outs.push_back(Tensor::zeros(o.dtype, o.shape));
    outs.back().name = o.name;
  }
  return outs;
}

std::vector<Tensor> CompiledModel::toReal(std::vector<Tensor> outputs) const {
  const ModelInfo &mi = info();
  for (size_t i = 0; i < outputs.size() && i < mi.outputs.size(); ++i)
    if (mi.outputs[i].isQuantized())
      outputs[i] = dequantize(outputs[i], mi.outputs[i]);
  return outputs;
}

//===----------------------------------------------------------------------===//
// Instances
//===----------------------------------------------------------------------===//

ModelInstance::ModelInstance(std::shared_ptr<Library> lib, qmodel *model,
                             int numThreads, bool profiling)
    : lib_(std::move(lib)), model_(model), numThreads_(numThreads),
      profiling_(profiling) {
  scratchIn_.resize(lib_->modelInfo.inputs.size());
  scratchOut_.resize(lib_->modelInfo.outputs.size());
}

ModelInstance::ModelInstance(ModelInstance &&other) noexcept
    : lib_(std::move(other.lib_)), model_(other.model_),
      numThreads_(other.numThreads_), profiling_(other.profiling_),
      scratchIn_(std::move(other.scratchIn_)),
      scratchOut_(std::move(other.scratchOut_)) {
  other.model_ = nullptr;
}

ModelInstance &ModelInstance::operator=(ModelInstance &&other) noexcept {
  if (this != &other) {
    if (model_)
      lib_->destroy(model_);
    lib_ = std::move(other.lib_);
    model_ = other.model_;
    numThreads_ = other.numThreads_;
    profiling_ = other.profiling_;
    scratchIn_ = std::move(other.scratchIn_);
    scratchOut_ = std::move(other.scratchOut_);
    other.model_ = nullptr;
  }
  return *this;
}

ModelInstance::~ModelInstance() {
  if (model_)
    lib_->destroy(model_);
}

const ModelInfo &ModelInstance::info() const { return lib_->modelInfo; }

Result<std::vector<Tensor>> ModelInstance::run(std::vector<Tensor> inputs,
                                               IOMode mode) {
  CompiledModel model;
  model.lib_ = lib_;
  Result<std::vector<Tensor>> prepared =
      model.prepareInputs(std::move(inputs), mode);
  if (!prepared)
    return Error{prepared.error()};
  std::vector<Tensor> outputs = model.allocateOutputs();
  if (Status s = runPrepared(*prepared, outputs); !s)
    return Error{s.error()};
  if (mode == IOMode::Real)
    outputs = model.toReal(std::move(outputs));
  return outputs;
}

Status ModelInstance::runPrepared(const std::vector<Tensor> &inputs,
                                  std::vector<Tensor> &outputs) {
  const ModelInfo &mi = info();
  auto check = [&](const char *kind, const std::vector<Tensor> &ts,
                   const std::vector<TensorInfo> &infos) -> Status {
    if (ts.size() != infos.size())
      return data::fileError(
          lib_->path, "the model has " + std::to_string(infos.size()) + " " +
                          kind + "(s), got " + std::to_string(ts.size()));
    for (size_t i = 0; i < ts.size(); ++i) {
      const TensorInfo &ti = infos[i];
      int64_t n = ti.numElements();
      if (ts[i].dtype != ti.dtype || ts[i].shape != ti.shape ||
          ts[i].bytes.size() != size_t(n) * data::dtypeSize(ti.dtype))
        return data::fileError(lib_->path,
                               label(kind, ti, i) + " expects " +
                                   std::string(data::dtypeName(ti.dtype)) +
                                   " " + data::shapeString(ti.shape) +
                                   ", got " + ts[i].typeString());
    }
    return Status();
  };
  if (Status s = check("input", inputs, mi.inputs); !s)
    return s;
  if (Status s = check("output", outputs, mi.outputs); !s)
    return s;
  return call(inputs, outputs);
}

Status ModelInstance::runUnchecked(const std::vector<Tensor> &inputs,
                                   std::vector<Tensor> &outputs) {
  return call(inputs, outputs);
}

Status ModelInstance::call(const std::vector<Tensor> &inputs,
                           std::vector<Tensor> &outputs) {
  // A zero-element tensor has no bytes (its data() may be NULL). The model
  // accepts NULL there, but kernels that take the caller's buffer directly
  // refuse NULL buffers: pass a valid address that is never read or written
  // (zeroed and large enough for the runtime's input padding regardless).
  void *empty = emptyData_.data();
  auto fill = [empty](std::vector<qmodel_tensor> &dst,
                      const std::vector<Tensor> &ts) {
    dst.resize(ts.size());
    for (size_t i = 0; i < ts.size(); ++i) {
      const Tensor &t = ts[i];
      qmodel_tensor &q = dst[i];
      switch (t.dtype) {
      case DType::F32:
        q.dtype = QMODEL_F32;
        break;
      case DType::U8:
        q.dtype = QMODEL_U8;
        break;
      case DType::S8:
        q.dtype = QMODEL_S8;
        break;
      default:
        q.dtype = -1; // Not a model dtype: the model reports it.
        break;
      }
      q.rank = int32_t(t.shape.size());
      q.dims = t.shape.data();
      q.data = t.bytes.empty() ? empty : const_cast<uint8_t *>(t.bytes.data());
    }
  };
  fill(scratchIn_, inputs);
  fill(scratchOut_, outputs);
  int32_t status =
      lib_->run(model_, scratchIn_.data(), int32_t(scratchIn_.size()),
                scratchOut_.data(), int32_t(scratchOut_.size()));
  if (status != 0)
    return lib_->modelError("qmodel_run failed", status);
  return Status();
}

//===----------------------------------------------------------------------===//
// Profiles
//===----------------------------------------------------------------------===//

double KernelProfile::msPerRun() const {
  return runs > 0 ? double(totalNs) / double(runs) / 1e6 : 0.0;
}

double KernelProfile::gmacPerSecond() const {
  // MACs per nanosecond are GMAC/s.
  return macs > 0 && totalNs > 0 ? double(macs) * double(runs) / double(totalNs)
                                 : 0.0;
}

ModelProfile ModelProfile::since(const ModelProfile &earlier) const {
  ModelProfile delta = *this;
  auto subtract = [](KernelProfile &now, const KernelProfile &before) {
    now.runs -= before.runs;
    now.totalNs -= before.totalNs;
  };
  subtract(delta.total, earlier.total);
  for (size_t i = 0; i < delta.kernels.size() && i < earlier.kernels.size();
       ++i)
    subtract(delta.kernels[i], earlier.kernels[i]);
  return delta;
}

int64_t ModelProfile::kernelNs() const {
  int64_t ns = 0;
  for (const KernelProfile &k : kernels)
    ns += k.totalNs;
  return ns;
}

Result<ModelProfile> ModelInstance::profile() const {
  if (!profiling_)
    return data::fileError(lib_->path, "the instance was created without "
                                       "profiling");
  auto read = [&](int32_t index) -> Result<KernelProfile> {
    qmodel_kernel_profile raw;
    std::memset(&raw, 0, sizeof(raw));
    if (int32_t status = lib_->profile(model_, index, &raw))
      return lib_->modelError("qmodel_profile failed", status);
    KernelProfile k;
    k.index = index;
    k.node = raw.node ? raw.node : "";
    k.op = raw.op ? raw.op : "";
    k.backend = raw.backend ? raw.backend : "";
    k.runs = raw.runs;
    k.totalNs = raw.total_ns;
    k.macs = raw.macs;
    return k;
  };
  ModelProfile profile;
  Result<KernelProfile> total = read(QMODEL_PROFILE_TOTAL);
  if (!total)
    return Error{total.error()};
  profile.total = total.take();
  for (int32_t i = 0; i < info().numKernels; ++i) {
    Result<KernelProfile> kernel = read(i);
    if (!kernel)
      return Error{kernel.error()};
    profile.kernels.push_back(kernel.take());
  }
  return profile;
}

int32_t ModelInstance::numObservers() const {
  return lib_->modelInfo.numObservers;
}

Result<Observer> ModelInstance::observer(int32_t index) const {
  if (index < 0 || index >= numObservers())
    return data::fileError(lib_->path,
                           "observer index " + std::to_string(index) +
                               " out of range (the model has " +
                               std::to_string(numObservers()) + ")");
  Observer obs;
  int32_t status = lib_->observer(model_, index, &obs.id, &obs.handle);
  if (status != 0)
    return lib_->modelError("qmodel_observer failed", status);
  if (!obs.handle)
    return data::fileError(lib_->path, "qmodel_observer(" +
                                           std::to_string(index) +
                                           ") returned no observer");
  return obs;
}

Result<ObserverStats> ModelInstance::observerStats(int32_t index) const {
  Result<Observer> obs = observer(index);
  if (!obs)
    return Error{obs.error()};
  // The observer belongs to the libquantrt the model links; its own
  // qrt_observer_get reads it (found through the model's dependencies).
  using GetFn = qrt_status (*)(const qrt_observer *, qrt_observer_stats *);
  dlerror();
  auto get = reinterpret_cast<GetFn>(dlsym(lib_->handle, "qrt_observer_get"));
  if (!get)
    return data::fileError(lib_->path,
                           "the model has observers but qrt_observer_get is "
                           "not found in it or its dependencies (libquantrt)");
  qrt_observer_stats raw;
  std::memset(&raw, 0, sizeof(raw));
  if (qrt_status s = get(obs->handle, &raw); s != QRT_OK) {
    using ErrFn = const char *(*)(void);
    auto err = reinterpret_cast<ErrFn>(dlsym(lib_->handle, "qrt_last_error"));
    return data::fileError(
        lib_->path, "qrt_observer_get failed (" + Library::statusName(s) + ")" +
                        (err ? std::string(": ") + err() : ""));
  }
  ObserverStats stats;
  stats.id = obs->id;
  stats.count = raw.count;
  stats.nanCount = raw.nan_count;
  stats.min = raw.min;
  stats.max = raw.max;
  stats.rangeExp = raw.range_exp;
  if (raw.num_bins > 0 && raw.bins)
    stats.bins.assign(raw.bins, raw.bins + raw.num_bins);
  if (raw.num_channels > 0 && raw.channel_min && raw.channel_max) {
    stats.channelMin.assign(raw.channel_min,
                            raw.channel_min + raw.num_channels);
    stats.channelMax.assign(raw.channel_max,
                            raw.channel_max + raw.num_channels);
  }
  return stats;
}

} // namespace qmlir::runner

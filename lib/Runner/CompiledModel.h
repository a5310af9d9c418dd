// Loading a compiled model .so (include/quantrt/qmodel.h), creating instances
// and running them on lib/Data tensors.
#ifndef QMLIR_LIB_RUNNER_COMPILEDMODEL_H
#define QMLIR_LIB_RUNNER_COMPILEDMODEL_H

#include "lib/Data/Dataset.h"
#include "lib/Data/Tensor.h"
#include "quantrt/qmodel.h"

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

struct qrt_observer;

namespace qmlir::runner {

using data::DType;
using data::Error;
using data::Result;
using data::Status;
using data::Tensor;

/// One input or output of a model, copied from qmodel_info().
struct TensorInfo {
  std::string name;
  /// F32, or U8/S8 for raw int8 I/O.
  DType dtype = DType::F32;
  std::vector<int64_t> shape;
  /// int8 I/O only: real = (q - zeroPoint) * scale.
  float scale = 1.0f;
  int32_t zeroPoint = 0;

  bool isQuantized() const { return dtype != DType::F32; }
  int64_t numElements() const { return data::shapeNumElements(shape); }
  /// "f32 1x3x224x224", or "u8 1x10 (scale 0.0235, zero point 128)".
  std::string typeString() const;
};

/// The static description of a model (qmodel_info_t), owned.
struct ModelInfo {
  int32_t abiVersion = 0;
  std::string name, backend, precision;
  std::vector<TensorInfo> inputs, outputs;
  int64_t arenaBytes = 0;
  int32_t numKernels = 0;
  int32_t numObservers = 0;
};

/// How tensors are exchanged with a model that has int8 (u8/s8) inputs or
/// outputs. Float inputs and outputs are f32 in both modes.
enum class IOMode {
  /// f32 real values: inputs are quantized with the input's scale and zero
  /// point (q = sat(rne(x / scale) + zp), as the runtime's quantize), outputs
  /// dequantized. Data loaders, metrics and comparisons between a float and
  /// an int8-I/O model work unchanged.
  Real,
  /// The model's own dtypes: u8/s8 data in, u8/s8 data out.
  Raw,
};

/// The lib/Data input specs of a model (names, dtypes, shapes), for
/// Dataset::open. In IOMode::Real int8 inputs are asked for as f32.
std::vector<data::InputSpec> inputSpecs(const ModelInfo &info,
                                        IOMode mode = IOMode::Real);

/// f32 -> the int8 dtype of `info` (round half to even, saturating; NaN
/// becomes the zero point). `t` must be f32.
Tensor quantize(const Tensor &t, const TensorInfo &info);
/// u8/s8 -> f32 with `info`'s scale and zero point; f32 is returned as is.
Tensor dequantize(const Tensor &t, const TensorInfo &info);

/// One calibration observer of an "observed" model (qmodel_observer).
struct Observer {
  /// The qnn.observe id it stands for.
  int64_t id = 0;
  /// Owned by the model instance; valid while the instance lives. Can be
  /// passed to the runtime's qrt_observer_* functions (merge, get).
  const qrt_observer *handle = nullptr;
};

/// qrt_observer_stats copied out of an observer (the arrays are owned).
struct ObserverStats {
  int64_t id = 0;
  int64_t count = 0, nanCount = 0;
  float min = 0, max = 0;
  int32_t rangeExp = 0;
  /// QRT_HISTOGRAM_BINS entries for histogram observers, else empty.
  std::vector<int64_t> bins;
  /// Per-channel observers only.
  std::vector<float> channelMin, channelMax;
};

/// qmodel_profile of one kernel (or of the whole runs), copied.
struct KernelProfile {
  /// Kernel index in execution order; -1 for the totals.
  int32_t index = -1;
  /// ONNX node name(s) ("" unknown), runtime op, backend after fallback.
  std::string node, op, backend;
  int64_t runs = 0, totalNs = 0;
  /// Multiply-accumulates of one run (conv2d, fully_connected; else 0).
  int64_t macs = 0;

  /// Mean milliseconds per run (0 without runs).
  double msPerRun() const;
  /// MACs per second / 1e9 over the timed runs (0 without MACs or time).
  double gmacPerSecond() const;
};

/// The profile of a model instance created with profiling.
struct ModelProfile {
  /// The whole qmodel_run calls: runs, time, summed MACs.
  KernelProfile total;
  /// One per kernel, in execution order.
  std::vector<KernelProfile> kernels;

  /// The counters accumulated since `earlier` (a reading of the same
  /// instance): runs and times subtracted, names and MACs kept.
  ModelProfile since(const ModelProfile &earlier) const;
  /// Sum of the kernels' times.
  int64_t kernelNs() const;
};

namespace detail {
struct Library;
} // namespace detail

class ModelInstance;

/// A loaded model .so. dlopen()ed with RTLD_NOW | RTLD_LOCAL, so several
/// models (each with its own qmodel_* symbols) can be loaded at once; the
/// library stays loaded while this object, a copy of it or an instance
/// created from it lives. Copyable (shared), never throws.
class CompiledModel {
public:
  /// Loads `path`, resolves the six qmodel_* symbols (and qmodel_profile
  /// when present: models of ABI 2) and copies and checks qmodel_info() (ABI
  /// version 1 to QMODEL_ABI_VERSION, dtypes, ranks, dims; at least one
  /// output, any number of inputs, zero included). Errors name the file:
  /// "m.so: no such file", "m.so: not a quant-mlir model: missing symbol
  /// 'qmodel_run'", "m.so: model ABI version 3, this runner supports 1 to 2".
  static Result<CompiledModel> load(const std::string &path);

  /// The path as given to load().
  const std::string &path() const;
  const ModelInfo &info() const;

  /// Whether the model can be profiled (ABI >= 2 with qmodel_profile).
  bool supportsProfiling() const;
  /// qmodel_create with `numThreads` (<= 0 means 1); `profile` sets
  /// QMODEL_OPTION_PROFILE (an error for models that cannot be profiled).
  Result<ModelInstance> createInstance(int numThreads = 1,
                                       bool profile = false) const;

  /// Fits one tensor per model input (in input order) to the model:
  /// lib/Data's fitToInput (float conversion, e.g. f64 .npy data; a
  /// missing leading batch dim of 1 is added), then in IOMode::Real the
  /// quantization of int8 inputs. Errors name the model file, the input,
  /// the expected and the actual type.
  Result<std::vector<Tensor>> prepareInputs(std::vector<Tensor> inputs,
                                            IOMode mode = IOMode::Real) const;
  /// Zero-filled output tensors of the model's dtypes and shapes, named
  /// after the outputs.
  std::vector<Tensor> allocateOutputs() const;
  /// Dequantizes int8 outputs (IOMode::Real); f32 outputs are unchanged.
  std::vector<Tensor> toReal(std::vector<Tensor> outputs) const;

private:
  friend class ModelInstance;
  CompiledModel() = default;
  std::shared_ptr<detail::Library> lib_;
};

/// A created model (qmodel_create): its kernels and activation arena. Used
/// by one thread at a time; instances of the same or different models may
/// run concurrently. Movable, not copyable; destroys the qmodel.
class ModelInstance {
public:
  ModelInstance(ModelInstance &&other) noexcept;
  ModelInstance &operator=(ModelInstance &&other) noexcept;
  ModelInstance(const ModelInstance &) = delete;
  ModelInstance &operator=(const ModelInstance &) = delete;
  ~ModelInstance();

  const ModelInfo &info() const;
  int numThreads() const { return numThreads_; }

  /// Prepares `inputs` (CompiledModel::prepareInputs), runs once and
  /// returns one tensor per output (f32 in IOMode::Real).
  Result<std::vector<Tensor>> run(std::vector<Tensor> inputs,
                                  IOMode mode = IOMode::Real);
  /// Runs on inputs that already have the model's exact dtypes and shapes
  /// into `outputs` (from allocateOutputs()); checks them, converts
  /// nothing, allocates nothing: the benchmark loop. A mismatch is an error
  /// (the model's own message when the model rejects it).
  Status runPrepared(const std::vector<Tensor> &inputs,
                     std::vector<Tensor> &outputs);
  /// Calls qmodel_run without any check of ours: the model validates (for
  /// tests of the model's own error paths).
  Status runUnchecked(const std::vector<Tensor> &inputs,
                      std::vector<Tensor> &outputs);

  /// Whether the instance was created with profiling.
  bool profiling() const { return profiling_; }
  /// Every kernel's and the totals' counters so far (qmodel_profile); an
  /// error without profiling.
  Result<ModelProfile> profile() const;

  /// info().numObservers.
  int32_t numObservers() const;
  /// qmodel_observer(index).
  Result<Observer> observer(int32_t index) const;
  /// The statistics of observer `index` so far (qrt_observer_get, resolved
  /// from the runtime the model is linked against).
  Result<ObserverStats> observerStats(int32_t index) const;

private:
  friend class CompiledModel;
  ModelInstance(std::shared_ptr<detail::Library> lib, qmodel *model,
                int numThreads, bool profiling);
  Status call(const std::vector<Tensor> &inputs, std::vector<Tensor> &outputs);

  std::shared_ptr<detail::Library> lib_;
  qmodel *model_ = nullptr;
  int numThreads_ = 1;
  bool profiling_ = false;
  /// Scratch qmodel_tensor arrays reused by every run (no allocation).
  std::vector<qmodel_tensor> scratchIn_, scratchOut_;
  /// The data address of zero-element tensors (see call()).
  alignas(64) std::array<uint8_t, 64> emptyData_ = {};
};

} // namespace qmlir::runner

#endif // QMLIR_LIB_RUNNER_COMPILEDMODEL_H

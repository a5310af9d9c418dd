//===- quant-run.cpp - run, benchmark, evaluate and compare compiled models
//-===//
//
// `quant-run model.so` prints the model's inputs and outputs;
// `--input PATH [--output FILE.npy|DIR]` runs it on samples (docs/inputs.md);
// `--bench N` measures latency percentiles and throughput; `--eval PATH
// --labels FILE.npy` measures top-1/top-5 accuracy; `--compare REF.so`
// reports SQNR, max abs diff and top-1 agreement against another model;
// `--profile` times every kernel over those runs.
// Errors are messages and exit code 1, never a crash (docs/cli.md).
//
//===----------------------------------------------------------------------===//

#include "lib/Data/Dataset.h"
#include "lib/Data/Npy.h"
#include "lib/Runner/CompiledModel.h"
#include "lib/Runner/Metrics.h"
#include "lib/Support/Progress.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"


#include <cmath>
#include <optional>
#include <random>

using namespace qmlir;
using namespace qmlir::runner;
using data::Result;
using data::Status;
using llvm::cl::desc;
using llvm::cl::init;
using llvm::cl::value_desc;

namespace cl = llvm::cl;

static cl::OptionCategory runCat("quant-run options");
static cl::OptionCategory imageCat("Image preprocessing (image inputs only)");

static cl::opt<std::string> modelPath(cl::Positional, cl::Required,
                                      desc("<model.so>"), cl::cat(runCat));
static cl::opt<bool> showInfo("info",
                              desc("Print the model's inputs and outputs "
                                   "(the default when nothing else is asked)"),
                              cl::cat(runCat));
static cl::list<std::string>
    inputPaths("input",
               desc("Input samples: .npy, .npz, .pb, image, or a folder of "
                    "those (docs/inputs.md). Repeat once per model input "
                    "(optionally name=PATH) to give each input its own file"),
               value_desc("path"), cl::cat(runCat));
static cl::opt<std::string>
    outputPath("output",
               desc("Write the first output as .npy (samples concatenated on "
                    "the first axis), or one NAME.npy per output if the path "
                    "is a directory or ends with '/'"),
               value_desc("file.npy|dir/"), cl::cat(runCat));
static cl::opt<int64_t> benchRuns("bench",
                                  desc("Time N runs: latency percentiles (ms) "
                                       "and throughput"),
                                  value_desc("N"), init(0), cl::cat(runCat));
static cl::opt<int64_t> warmupRuns("warmup",
                                   desc("Untimed runs before --bench"),
                                   value_desc("N"), init(10), cl::cat(runCat));
/// Threads per instance. Created in main(): libLLVM.so already registers a
/// global "threads" option that would clash at static initialization.
static int numThreads = 1;
static cl::opt<std::string>
    evalPath("eval",
             desc("Top-1/top-5 accuracy of the first output over "
                  "these samples (needs --labels)"),
             value_desc("path"), cl::cat(runCat));
static cl::opt<std::string>
    labelsPath("labels",
               desc("Integer class labels (.npy), one per output row: "
                    "samples x batch"),
               value_desc("file.npy"), cl::cat(runCat));
static cl::opt<std::string>
    comparePath("compare",
                desc("Reference model: run both on the same samples (--input "
                     "or random) and report SQNR (dB, relative to the "
                     "reference), max abs diff, top-1 agreement per output"),
                value_desc("ref.so"), cl::cat(runCat));
static cl::opt<int64_t> limit("limit",
                              desc("Use at most N samples of --input/--eval"),
                              value_desc("N"), init(0), cl::cat(runCat));
static cl::opt<int64_t>
    randomSamples("random-samples",
                  desc("Random samples for --compare without --input"),
                  value_desc("N"), init(8), cl::cat(runCat));
static cl::opt<unsigned> seed("seed", desc("Seed of the random inputs"),
                              init(0), cl::cat(runCat));
static cl::opt<bool> rawIO("raw-io",
                           desc("Exchange u8/s8 model inputs and outputs as "
                                "raw integers instead of f32 real values"),
                           cl::cat(runCat));
static cl::opt<bool> json("json",
                          desc("Print the results of --info, --bench, --eval "
                               "and --compare as one JSON object"),
                          cl::cat(runCat));
static cl::opt<bool> progress("progress",
                              desc("Progress line on stderr even when it is "
                                   "not a terminal"),
                              cl::cat(runCat));
static cl::opt<bool> quiet("quiet", desc("No warnings and no progress line"),
                           cl::cat(runCat));
static cl::opt<bool>
    profileRuns("profile",
                desc("Time every kernel (the model's QMODEL_OPTION_PROFILE) "
                     "over the runs of --bench (after its warmup), --eval, "
                     "--input and --compare, and print them sorted by time"),
                cl::cat(runCat));
static cl::opt<int64_t>
    profileTop("profile-top",
               desc("Rows of the --profile table (0: every kernel; --json "
                    "always lists every kernel)"),
               value_desc("N"), init(25), cl::cat(runCat));

static cl::opt<bool> imagenet("imagenet",
                              desc("torchvision's ImageNet transform: resize "
                                   "256, crop 224, ImageNet mean/std"),
                              cl::cat(imageCat));
static cl::opt<int> resizeShorter("resize",
                                  desc("Shorter side to N pixels (0: none; "
                                       "default: just cover the crop)"),
                                  value_desc("N"), init(-2), cl::cat(imageCat));
static cl::opt<std::string>
    crop("crop",
         desc("Center crop N or HxW (0: none; default: the input's H, W)"),
         value_desc("HxW"), cl::cat(imageCat));
static cl::opt<std::string> mean("mean", desc("Per-channel mean after scaling"),
                                 value_desc("a,b,c"), cl::cat(imageCat));
static cl::opt<std::string> stdDev("std", desc("Per-channel std after scaling"),
                                   value_desc("a,b,c"), cl::cat(imageCat));
static cl::opt<float> pixelScale("pixel-scale",
                                 desc("Multiplies 0..255 pixels (default "
                                      "1/255)"),
                                 init(-1.0f), cl::cat(imageCat));
static cl::opt<bool> bgr("bgr", desc("BGR channel order"), cl::cat(imageCat));
static cl::opt<std::string> layout("layout", desc("nchw (default) or nhwc"),
                                   init("nchw"), cl::cat(imageCat));

namespace {

int fail(const std::string &message) {
  llvm::outs().flush();
  llvm::errs() << "quant-run: error: " << message << "\n";
  return 1;
}

void warn(const std::string &message) {
  if (!quiet)
    llvm::errs() << "quant-run: warning: " << message << "\n";
}

/// "40.00" / "inf" / "-inf".
std::string formatDb(double db) {
  if (std::isinf(db))
    return db > 0 ? "inf" : "-inf";
  return llvm::formatv("{0:f2}", db).str();
}

/// printf's %g: "3", "0.5", "1e-07".
std::string formatG(double v) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%g", v);
  return buf;
}

/// Milliseconds with about four significant digits, never in exponent form.
std::string formatMs(double ms) {
  const char *fmt = ms < 1 ? "{0:f4}" : ms < 100 ? "{0:f3}" : "{0:f1}";
  return llvm::formatv(fmt, ms).str();
}

/// JSON numbers cannot be infinite: "inf" / "-inf" strings instead.
llvm::json::Value jsonNumber(double v) {
  if (std::isinf(v))
    return v > 0 ? "inf" : "-inf";
  if (std::isnan(v))
    return "nan";
  return v;
}

//===----------------------------------------------------------------------===//
// Options
//===----------------------------------------------------------------------===//

Result<std::vector<float>> parseFloats(const std::string &flag,
                                       const std::string &text) {
  std::vector<float> values;
  llvm::SmallVector<llvm::StringRef> parts;
  llvm::StringRef(text).split(parts, ',');
  for (llvm::StringRef p : parts) {
    double v;
    if (p.trim().getAsDouble(v))
      return data::Error{"--" + flag + ": '" + p.str() +
                         "' is not a number (expected a,b,c)"};
    values.push_back(float(v));
  }
  return values;
}

Result<data::DatasetOptions> datasetOptions() {
  data::DatasetOptions opts;
  opts.limit = limit;
  if (imagenet)
    opts.image = data::ImageOptions::imagenet();
  if (resizeShorter != -2) {
    if (resizeShorter < -1)
      return data::Error{"--resize must be >= 0"};
    opts.image.resizeShorter = resizeShorter;
  }
  if (!crop.empty()) {
    llvm::StringRef c(crop);
    auto [h, w] = c.split('x');
    if (w.empty())
      w = h;
    int ch, cw;
    if (h.getAsInteger(10, ch) || w.getAsInteger(10, cw) || ch < 0 || cw < 0)
      return data::Error{"--crop: expected N or HxW, got '" + crop + "'"};
    opts.image.cropHeight = ch;
    opts.image.cropWidth = cw;
  }
  if (!mean.empty()) {
    auto v = parseFloats("mean", mean);
    if (!v)
      return data::Error{v.error()};
    opts.image.mean = v.take();
  }
  if (!stdDev.empty()) {
    auto v = parseFloats("std", stdDev);
    if (!v)
      return data::Error{v.error()};
    opts.image.std = v.take();
  }
  if (pixelScale.getNumOccurrences())
    opts.image.scale = pixelScale;
  opts.image.bgr = bgr || opts.image.bgr;
  if (layout == "nhwc")
    opts.image.layout = data::ImageLayout::NHWC;
  else if (layout != "nchw")
    return data::Error{"--layout must be nchw or nhwc, got '" + layout + "'"};
  return opts;
}

//===----------------------------------------------------------------------===//
// Samples: one Dataset, one Dataset per input, or random tensors
//===----------------------------------------------------------------------===//

class Samples {
public:
  /// Samples of `paths` (one path for every input, or one per input).
  static Result<Samples> open(const std::vector<std::string> &paths,
                              const ModelInfo &info, IOMode mode,
                              const data::DatasetOptions &opts) {
    std::vector<data::InputSpec> specs = inputSpecs(info, mode);
    Samples s;
    if (paths.size() == 1) {
      auto ds = data::Dataset::open(paths[0], specs, opts);
      if (!ds)
        return data::Error{ds.error()};
      s.sets_.push_back(ds.take());
      s.size_ = s.sets_[0]->size();
      s.description_ = s.sets_[0]->description();
      return s;
    }
    if (paths.size() != specs.size())
      return data::Error{"the model has " + std::to_string(specs.size()) +
                         " input(s) but " + std::to_string(paths.size()) +
                         " --input paths were given: give one path for "
                         "all inputs (.npz, ONNX test sets) or one per input"};
    // name=PATH where name is an input; otherwise positional.
    std::vector<std::string> byInput(specs.size());
    std::vector<std::string> positional;
    for (const std::string &p : paths) {
      size_t eq = p.find('=');
      bool named = false;
      if (eq != std::string::npos)
        for (size_t i = 0; i < specs.size(); ++i)
          if (specs[i].name == p.substr(0, eq)) {
            if (!byInput[i].empty())
              return data::Error{"--input: input '" + specs[i].name +
                                 "' is given twice"};
            byInput[i] = p.substr(eq + 1);
            named = true;
          }
      if (!named)
        positional.push_back(p);
    }
    for (size_t i = 0, next = 0; i < specs.size(); ++i)
      if (byInput[i].empty())
        byInput[i] = positional[next++];
    for (size_t i = 0; i < specs.size(); ++i) {
      auto ds = data::Dataset::open(byInput[i], {specs[i]}, opts);
      if (!ds)
        return data::Error{ds.error()};
      if (i > 0 && (*ds)->size() != s.size_)
        return data::Error{byInput[i] + " has " +
                           std::to_string((*ds)->size()) + " sample(s), " +
                           byInput[0] + " has " + std::to_string(s.size_) +
                           ": every input needs the same number"};
      s.size_ = (*ds)->size();
      s.description_ +=
          (i ? "; " : "") + specs[i].name + ": " + (*ds)->description();
      s.sets_.push_back(ds.take());
    }
    return s;
  }

  /// `count` deterministic random samples: uniform over [-1, 1) for f32
  /// inputs, over the representable real range for int8 inputs in real
  /// mode, over every value in raw mode.
  static Samples random(const ModelInfo &info, IOMode mode, int64_t count,
                        unsigned seed) {
    Samples s;
    s.info_ = info;
    s.mode_ = mode;
    s.size_ = count;
    s.seed_ = seed;
    s.description_ = "random inputs (seed " + std::to_string(seed) + ")";
    return s;
  }

  /// The one (empty) sample of a model without inputs: it runs once.
  static Samples noInputs() {
    Samples s;
    s.size_ = 1;
    s.description_ = "no inputs (the model has none)";
    return s;
  }

  int64_t size() const { return size_; }
  int64_t position() const { return position_; }
  const std::string &description() const { return description_; }
  const std::string &error() const { return error_; }

  std::vector<std::string> warnings() const {
    std::vector<std::string> w;
    for (const auto &ds : sets_)
      w.insert(w.end(), ds->warnings().begin(), ds->warnings().end());
    return w;
  }

  bool next(data::Sample &sample) {
    if (position_ >= size_ || !error_.empty())
      return false;
    sample.clear();
    if (sets_.empty()) {
      makeRandom(sample);
    } else {
      for (auto &ds : sets_) {
        data::Sample part;
        if (!ds->next(part)) {
          error_ = ds->error().empty() ? "input ended early" : ds->error();
          return false;
        }
        for (data::Tensor &t : part)
          sample.push_back(std::move(t));
      }
    }
    ++position_;
    return true;
  }

private:
  void makeRandom(data::Sample &sample) {
    std::mt19937 rng(seed_ * 1000003u + unsigned(position_));
    for (const TensorInfo &in : info_.inputs) {
      bool raw = mode_ == IOMode::Raw && in.isQuantized();
      data::Tensor t =
          data::Tensor::zeros(raw ? in.dtype : data::DType::F32, in.shape);
      t.name = in.name;
      int64_t n = t.numElements();
      if (raw) {
        std::uniform_int_distribution<int> d(0, 255);
        for (int64_t i = 0; i < n; ++i)
          t.bytes[i] = uint8_t(d(rng));
      } else {
        float lo = -1, hi = 1;
        if (in.isQuantized()) {
          float qlo = in.dtype == data::DType::U8 ? 0 : -128;
          lo = (qlo - float(in.zeroPoint)) * in.scale;
          hi = (qlo + 255 - float(in.zeroPoint)) * in.scale;
        }
        std::uniform_real_distribution<float> d(lo, hi);
        for (int64_t i = 0; i < n; ++i)
          t.data<float>()[i] = d(rng);
      }
      sample.push_back(std::move(t));
    }
  }

  std::vector<std::unique_ptr<data::Dataset>> sets_;
  ModelInfo info_;
  IOMode mode_ = IOMode::Real;
  unsigned seed_ = 0;
  int64_t size_ = 0, position_ = 0;
  std::string description_, error_;
};

/// The progress line on stderr: redrawn in place on a terminal, about every
/// tenth of the samples otherwise (--progress forces it, --quiet hides it).
ProgressBar progressBar(const char *what, int64_t total) {
  return ProgressBar(what, total,
                     quiet      ? ProgressBar::Mode::Never
                     : progress ? ProgressBar::Mode::Always
                                : ProgressBar::Mode::Auto);
}

//===----------------------------------------------------------------------===//
// Actions
//===----------------------------------------------------------------------===//

llvm::json::Object tensorInfoJson(const TensorInfo &t) {
  llvm::json::Object o{{"name", t.name},
                       {"dtype", data::dtypeName(t.dtype)},
                       {"shape", llvm::json::Array(t.shape)}};
  if (t.isQuantized()) {
    o["scale"] = double(t.scale);
    o["zero_point"] = t.zeroPoint;
  }
  return o;
}

llvm::json::Object infoJson(const CompiledModel &m) {
  const ModelInfo &info = m.info();
  llvm::json::Array ins, outs;
  for (const TensorInfo &t : info.inputs)
    ins.push_back(tensorInfoJson(t));
  for (const TensorInfo &t : info.outputs)
    outs.push_back(tensorInfoJson(t));
  return llvm::json::Object{{"name", info.name},
                            {"abi_version", info.abiVersion},
                            {"backend", info.backend},
                            {"precision", info.precision},
                            {"arena_bytes", info.arenaBytes},
                            {"num_kernels", info.numKernels},
                            {"num_observers", info.numObservers},
                            {"inputs", std::move(ins)},
                            {"outputs", std::move(outs)}};
}

void printInfo(const CompiledModel &m) {
  const ModelInfo &info = m.info();
  llvm::raw_ostream &os = llvm::outs();
  os << "model: " << info.name << " (" << m.path() << ")\n";
  os << "  abi " << info.abiVersion << ", backend " << info.backend
     << ", precision " << info.precision << "\n";
  os << "  arena " << info.arenaBytes << " bytes, " << info.numKernels
     << " kernel(s), " << info.numObservers << " observer(s)\n";
  os << "inputs:" << (info.inputs.empty() ? " (none)" : "") << "\n";
  for (const TensorInfo &t : info.inputs)
    os << "  " << t.name << ": " << t.typeString() << "\n";
  os << "outputs:\n";
  for (const TensorInfo &t : info.outputs)
    os << "  " << t.name << ": " << t.typeString() << "\n";
}

IOMode ioMode() { return rawIO ? IOMode::Raw : IOMode::Real; }

/// --profile: the counters when the profiled interval began (after --bench's
/// warmup); empty = since qmodel_create.
std::optional<ModelProfile> profileStart;

Result<Samples> openSamples(const std::vector<std::string> &paths,
                            const CompiledModel &m, IOMode mode = ioMode()) {
  if (m.info().inputs.empty())
    return data::Error{m.path() + ": the model has no inputs: run it without "
                                  "--input (--output, --bench and --compare "
                                  "run it once)"};
  auto opts = datasetOptions();
  if (!opts)
    return data::Error{opts.error()};
  auto s = Samples::open(paths, m.info(), mode, *opts);
  if (!s)
    return data::Error{s.error()};
  for (const std::string &w : s->warnings())
    warn(w);
  return s;
}

/// A file name for output `name`: anything but [A-Za-z0-9._-] becomes '_'.
std::string outputFileName(const std::string &name, size_t index) {
  std::string f = name.empty() ? "output_" + std::to_string(index) : name;
  for (char &c : f)
    if (!llvm::isAlnum(c) && c != '.' && c != '-' && c != '_')
      c = '_';
  if (f == "." || f == "..")
    f = "output_" + std::to_string(index);
  return f + ".npy";
}

/// Concatenates per-sample tensors on the first axis (rank 0: stacked).
data::Tensor concatSamples(const std::vector<data::Tensor> &parts) {
  if (parts.size() == 1)
    return parts[0];
  data::Tensor t;
  t.dtype = parts[0].dtype;
  t.name = parts[0].name;
  t.shape = parts[0].shape;
  if (t.shape.empty())
    t.shape = {int64_t(parts.size())};
  else
    t.shape[0] *= int64_t(parts.size());
  for (const data::Tensor &p : parts)
    t.bytes.insert(t.bytes.end(), p.bytes.begin(), p.bytes.end());
  return t;
}

std::string previewValues(const data::Tensor &t) {
  std::string s = "[";
  int64_t n = t.numElements(), shown = std::min<int64_t>(n, 8);
  for (int64_t i = 0; i < shown; ++i) {
    if (i)
      s += ", ";
    if (t.dtype == data::DType::F32)
      s += formatG(t.data<float>()[i]);
    else if (t.dtype == data::DType::U8)
      s += std::to_string(t.data<uint8_t>()[i]);
    else
      s += std::to_string(t.data<int8_t>()[i]);
  }
  if (n > shown)
    s += ", ...";
  return s + "]";
}

/// --input without --bench/--compare: run every sample, write --output or
/// print a preview of the outputs.
int runInputs(const CompiledModel &m, ModelInstance &inst) {
  auto samples = inputPaths.empty() && m.info().inputs.empty()
                     ? Result<Samples>(Samples::noInputs())
                     : openSamples(inputPaths, m);
  if (!samples)
    return fail(samples.error());
  bool toDir = false;
  if (!outputPath.empty()) {
    toDir = llvm::sys::fs::is_directory(outputPath) ||
            llvm::StringRef(outputPath).ends_with("/");
    if (toDir)
      if (std::error_code ec = llvm::sys::fs::create_directories(outputPath))
        return fail(outputPath +
                    ": cannot create the directory: " + ec.message());
  }
  const ModelInfo &info = m.info();
  std::vector<std::vector<data::Tensor>> collected(info.outputs.size());
  ProgressBar prog = progressBar("run", samples->size());
  data::Sample sample;
  while (samples->next(sample)) {
    auto outs = inst.run(std::move(sample), ioMode());
    if (!outs)
      return fail("sample " + std::to_string(samples->position() - 1) + ": " +
                  outs.error());
    if (outputPath.empty()) {
      int64_t idx = samples->position() - 1;
      if (idx < 4)
        for (const data::Tensor &t : *outs) {
          llvm::outs() << "sample " << idx << ": " << t.name << " "
                       << t.typeString() << " " << previewValues(t);
          if (t.dtype == data::DType::F32 && numRows(t) == 1 &&
              t.shape.size() >= 1 && t.shape.back() > 1)
            llvm::outs() << " argmax "
                         << argmax(t.data<float>(), t.shape.back());
          llvm::outs() << "\n";
        }
      else if (idx == 4)
        llvm::outs() << "... (use --output to save every output)\n";
    } else {
      for (size_t i = 0; i < outs->size(); ++i)
        if (toDir || i == 0)
          collected[i].push_back(std::move((*outs)[i]));
    }
    prog.update(samples->position());
  }
  if (!samples->error().empty())
    return fail(samples->error());
  if (samples->position() == 0)
    return fail(samples->description() + ": no samples");
  prog.update(samples->position());
  prog.finish();
  if (outputPath.empty())
    return 0;
  for (size_t i = 0; i < collected.size(); ++i) {
    if (collected[i].empty())
      continue;
    std::string path = toDir ? (llvm::Twine(outputPath) + "/" +
                                outputFileName(info.outputs[i].name, i))
                                   .str()
                             : outputPath.getValue();
    if (Status s = data::writeNpy(path, concatSamples(collected[i])); !s)
      return fail(s.error());
  }
  if (!json)
    llvm::outs() << "wrote " << samples->position() << " sample(s) of "
                 << (toDir ? std::to_string(collected.size()) +
                                 " output(s) to " + outputPath
                           : "output '" + info.outputs[0].name + "' to " +
                                 outputPath.getValue())
                 << "\n";
  return 0;
}

int bench(const CompiledModel &m, ModelInstance &inst,
          llvm::json::Object &result) {
  data::Sample sample;
  std::string source;
  if (!inputPaths.empty()) {
    auto samples = openSamples(inputPaths, m);
    if (!samples)
      return fail(samples.error());
    if (!samples->next(sample))
      return fail(samples->error().empty()
                      ? samples->description() + ": no samples"
                      : samples->error());
    source = "first sample of " + samples->description();
  } else {
    Samples r = m.info().inputs.empty()
                    ? Samples::noInputs()
                    : Samples::random(m.info(), ioMode(), 1, seed);
    r.next(sample);
    source = r.description();
  }
  auto inputs = m.prepareInputs(std::move(sample), ioMode());
  if (!inputs)
    return fail(inputs.error());
  std::vector<data::Tensor> outputs = m.allocateOutputs();
  for (int64_t i = 0; i < warmupRuns; ++i)
    if (Status s = inst.runPrepared(*inputs, outputs); !s)
      return fail(s.error());
  if (inst.profiling()) {
    auto start = inst.profile();
    if (!start)
      return fail(start.error());
    profileStart = start.take();
  }
  std::vector<double> ms;
  ms.reserve(size_t(benchRuns));
  for (int64_t i = 0; i < benchRuns; ++i) {
    Timer t;
    Status s = inst.runPrepared(*inputs, outputs);
    ms.push_back(t.elapsedMs());
    if (!s)
      return fail(s.error());
  }
  llvm::json::Array perRun;
  if (json)
    for (double v : ms)
      perRun.push_back(v);
  LatencyStats st = summarizeLatencies(std::move(ms));
  if (json) {
    result["bench"] = llvm::json::Object{{"runs", st.count},
                                         {"warmup", int64_t(warmupRuns)},
                                         {"threads", inst.numThreads()},
                                         {"input", source},
                                         {"p50_ms", st.p50Ms},
                                         {"p90_ms", st.p90Ms},
                                         {"p99_ms", st.p99Ms},
                                         {"mean_ms", st.meanMs},
                                         {"min_ms", st.minMs},
                                         {"max_ms", st.maxMs},
                                         {"stddev_ms", st.stddevMs},
                                         {"throughput", st.throughput},
                                         {"latencies_ms", std::move(perRun)}};
    return 0;
  }
  llvm::raw_ostream &os = llvm::outs();
  os << "bench: " << st.count << " runs (" << warmupRuns << " warmup), "
     << inst.numThreads() << " thread(s), " << source << "\n";
  os << "latency ms: p50 " << formatMs(st.p50Ms) << "  p90 "
     << formatMs(st.p90Ms) << "  p99 " << formatMs(st.p99Ms) << "  mean "
     << formatMs(st.meanMs) << "  min " << formatMs(st.minMs) << "  max "
     << formatMs(st.maxMs) << "\n";
  os << llvm::formatv("throughput: {0:f1} inferences/s\n", st.throughput);
  return 0;
}

int eval(const CompiledModel &m, ModelInstance &inst,
         llvm::json::Object &result) {
  if (labelsPath.empty())
    return fail("--eval needs --labels FILE.npy (integer class labels)");
  auto labels = readLabels(labelsPath);
  if (!labels)
    return fail(labels.error());
  auto samples = openSamples({evalPath}, m, IOMode::Real);
  if (!samples)
    return fail(samples.error());
  TopKAccuracy acc({1, 5});
  size_t offset = 0;
  ProgressBar prog = progressBar("eval", samples->size());
  Timer timer;
  data::Sample sample;
  while (samples->next(sample)) {
    auto outs = inst.run(std::move(sample), IOMode::Real);
    if (!outs)
      return fail("sample " + std::to_string(samples->position() - 1) + ": " +
                  outs.error());
    if (Status s = acc.add((*outs)[0], *labels, offset); !s)
      return fail(labelsPath + ": " + s.error());
    offset += size_t(numRows((*outs)[0]));
    prog.update(samples->position());
  }
  if (!samples->error().empty())
    return fail(samples->error());
  if (acc.count() == 0)
    return fail(evalPath + ": no samples");
  prog.update(samples->position());
  prog.finish();
  double seconds = timer.elapsedSeconds();
  if (offset != labels->size() && limit <= 0)
    warn(labelsPath + " has " + std::to_string(labels->size()) +
         " label(s) but " + std::to_string(offset) +
         " output row(s) were evaluated");
  if (json) {
    result["eval"] = llvm::json::Object{
        {"samples", samples->position()}, {"rows", acc.count()},
        {"classes", acc.numClasses()},    {"top1", acc.accuracy(0)},
        {"top5", acc.accuracy(1)},        {"top1_correct", acc.correct(0)},
        {"top5_correct", acc.correct(1)}, {"seconds", seconds}};
    return 0;
  }
  llvm::raw_ostream &os = llvm::outs();
  os << "eval: " << samples->position() << " sample(s), " << acc.count()
     << " row(s), " << acc.numClasses() << " classes, output '"
     << m.info().outputs[0].name << "'\n";
  for (size_t i = 0; i < acc.ks().size(); ++i)
    os << llvm::formatv("top-{0}: {1:f2}% ({2}/{3})\n", acc.ks()[i],
                        100.0 * acc.accuracy(i), acc.correct(i), acc.count());
  return 0;
}

int compare(const CompiledModel &m, ModelInstance &inst,
            llvm::json::Object &result) {
  auto ref = CompiledModel::load(comparePath);
  if (!ref)
    return fail(ref.error());
  const ModelInfo &a = m.info(), &b = ref->info();
  if (a.inputs.size() != b.inputs.size())
    return fail("cannot compare: " + m.path() + " has " +
                std::to_string(a.inputs.size()) + " input(s), " + ref->path() +
                " has " + std::to_string(b.inputs.size()));
  for (size_t i = 0; i < a.inputs.size(); ++i)
    if (a.inputs[i].shape != b.inputs[i].shape)
      return fail("cannot compare: input #" + std::to_string(i) + " is " +
                  a.inputs[i].typeString() + " in " + m.path() + " but " +
                  b.inputs[i].typeString() + " in " + ref->path());
  if (a.outputs.size() != b.outputs.size())
    return fail("cannot compare: " + m.path() + " has " +
                std::to_string(a.outputs.size()) + " output(s), " +
                ref->path() + " has " + std::to_string(b.outputs.size()));
  for (size_t i = 0; i < a.outputs.size(); ++i) {
    if (a.outputs[i].numElements() != b.outputs[i].numElements())
      return fail("cannot compare: output #" + std::to_string(i) + " is " +
                  a.outputs[i].typeString() + " in " + m.path() + " but " +
                  b.outputs[i].typeString() + " in " + ref->path());
    if (a.outputs[i].name != b.outputs[i].name)
      warn("output #" + std::to_string(i) + " is '" + a.outputs[i].name +
           "' in " + m.path() + " but '" + b.outputs[i].name + "' in " +
           ref->path() + ": compared by position");
  }
  auto refInst = ref->createInstance(numThreads);
  if (!refInst)
    return fail(refInst.error());

  std::optional<Samples> samples;
  if (!inputPaths.empty()) {
    auto s = openSamples(inputPaths, m, IOMode::Real);
    if (!s)
      return fail(s.error());
    samples.emplace(s.take());
  } else if (a.inputs.empty()) {
    // Every run of a model without inputs computes the same: run once.
    samples.emplace(Samples::noInputs());
  } else {
    // Real mode: the same real values feed a float and an int8-I/O model.
    samples.emplace(Samples::random(a, IOMode::Real, randomSamples, seed));
  }
  std::vector<OutputComparison> cmp(a.outputs.size());
  ProgressBar prog = progressBar("compare", samples->size());
  data::Sample sample;
  while (samples->next(sample)) {
    int64_t idx = samples->position() - 1;
    auto outA = inst.run(sample, IOMode::Real);
    if (!outA)
      return fail("sample " + std::to_string(idx) + ": " + outA.error());
    auto outB = refInst->run(std::move(sample), IOMode::Real);
    if (!outB)
      return fail("sample " + std::to_string(idx) + ": " + outB.error());
    for (size_t i = 0; i < cmp.size(); ++i)
      if (Status s = cmp[i].add((*outB)[i], (*outA)[i]); !s)
        return fail("output '" + a.outputs[i].name + "': " + s.error());
    prog.update(samples->position());
  }
  if (!samples->error().empty())
    return fail(samples->error());
  if (samples->position() == 0)
    return fail(samples->description() + ": no samples");
  prog.update(samples->position());
  prog.finish();

  if (json) {
    llvm::json::Array outs;
    for (size_t i = 0; i < cmp.size(); ++i) {
      llvm::json::Object o{{"name", a.outputs[i].name},
                           {"sqnr_db", jsonNumber(cmp[i].sqnrDb())},
                           {"max_abs_diff", jsonNumber(cmp[i].maxAbsDiff())}};
      if (cmp[i].hasClasses() && cmp[i].rows() > 0)
        o["top1_agreement"] = cmp[i].top1Agreement();
      outs.push_back(std::move(o));
    }
    result["compare"] = llvm::json::Object{{"reference", ref->path()},
                                           {"samples", samples->position()},
                                           {"input", samples->description()},
                                           {"outputs", std::move(outs)}};
    return 0;
  }
  llvm::raw_ostream &os = llvm::outs();
  os << "compare: " << m.path() << " against reference " << ref->path() << ", "
     << samples->position() << " sample(s) of " << samples->description()
     << "\n";
  for (size_t i = 0; i < cmp.size(); ++i) {
    os << "output '" << a.outputs[i].name << "': SQNR "
       << formatDb(cmp[i].sqnrDb()) << " dB, max abs diff "
       << formatG(cmp[i].maxAbsDiff()) << ", top-1 agreement ";
    const std::vector<int64_t> &shape = a.outputs[i].shape;
    if (cmp[i].hasClasses() && cmp[i].rows() > 0)
      os << llvm::formatv("{0:f2}% ({1}/{2})", 100.0 * cmp[i].top1Agreement(),
                          cmp[i].agreeingRows(), cmp[i].rows());
    else if (cmp[i].hasClasses() || a.outputs[i].numElements() == 0)
      os << "n/a (no elements)";
    else
      os << "n/a (last dim " << (shape.empty() ? 1 : shape.back()) << ")";
    os << "\n";
  }
  return 0;
}

/// --profile: kernels sorted by time (then by execution order), a table of
/// the first --profile-top, the totals; or the "profile" JSON array.
int reportProfile(ModelInstance &inst, llvm::json::Object &result) {
  auto now = inst.profile();
  if (!now)
    return fail(now.error());
  ModelProfile p = profileStart ? now->since(*profileStart) : now.take();
  std::vector<const KernelProfile *> order;
  for (const KernelProfile &k : p.kernels)
    order.push_back(&k);
  llvm::stable_sort(order, [](const KernelProfile *a, const KernelProfile *b) {
    return a->totalNs > b->totalNs;
  });
  int64_t kernelNs = p.kernelNs();
  double totalNs = double(p.total.totalNs);
  auto percent = [&](int64_t ns) {
    return totalNs > 0 ? 100.0 * double(ns) / totalNs : 0.0;
  };
  auto perRunMs = [&](int64_t ns) {
    return p.total.runs > 0 ? double(ns) / double(p.total.runs) / 1e6 : 0.0;
  };
  auto nodeLabel = [](const KernelProfile &k) {
    return k.node.empty() ? "(kernel " + std::to_string(k.index) + ")"
                          : k.node;
  };
  if (json) {
    llvm::json::Array rows;
    for (auto [rank, k] : llvm::enumerate(order)) {
      llvm::json::Object row{{"rank", int64_t(rank + 1)},
                             {"kernel", k->index},
                             {"node", k->node},
                             {"op", k->op},
                             {"backend", k->backend},
                             {"runs", k->runs},
                             {"total_ms", double(k->totalNs) / 1e6},
                             {"ms_per_run", k->msPerRun()},
                             {"percent", percent(k->totalNs)},
                             {"macs", k->macs}};
      if (k->macs > 0)
        row["gmac_per_s"] = k->gmacPerSecond();
      rows.push_back(std::move(row));
    }
    result["profile"] = std::move(rows);
    result["profile_total"] =
        llvm::json::Object{{"runs", p.total.runs},
                           {"kernels", int64_t(p.kernels.size())},
                           {"ms_per_run", perRunMs(p.total.totalNs)},
                           {"kernels_ms_per_run", perRunMs(kernelNs)},
                           {"outside_ms_per_run",
                            perRunMs(p.total.totalNs - kernelNs)},
                           {"macs", p.total.macs}};
    return 0;
  }
  llvm::raw_ostream &os = llvm::outs();
  os << "profile: " << p.kernels.size() << " kernel(s), " << p.total.runs
     << " run(s)" << (profileStart ? " after the warmup" : "")
     << ", sorted by time\n";
  os << llvm::formatv("{0,4} {1,7} {2,9} {3,8}  {4,-16} {5,-8} {6,6}  {7}\n",
                      "rank", "%", "ms/run", "GMAC/s", "op", "backend",
                      "kernel", "node");
  size_t shown = profileTop > 0 ? std::min<size_t>(order.size(), profileTop)
                                : order.size();
  for (size_t i = 0; i < shown; ++i) {
    const KernelProfile &k = *order[i];
    std::string gmacs =
        k.macs > 0 ? llvm::formatv("{0:f2}", k.gmacPerSecond()).str() : "-";
    os << llvm::formatv("{0,4} {1,6:f2}% {2,9} {3,8}  {4,-16} {5,-8} {6,6}  "
                        "{7}\n",
                        i + 1, percent(k.totalNs), formatMs(k.msPerRun()),
                        gmacs, k.op, k.backend, k.index, nodeLabel(k));
  }
  if (shown < order.size()) {
    int64_t restNs = 0;
    for (size_t i = shown; i < order.size(); ++i)
      restNs += order[i]->totalNs;
    os << llvm::formatv("     {0,6:f2}% {1,9}  ({2} more kernels; "
                        "--profile-top 0 shows all)\n",
                        percent(restNs), formatMs(perRunMs(restNs)),
                        order.size() - shown);
  }
  os << "kernels " << formatMs(perRunMs(kernelNs)) << " ms/run ("
     << llvm::formatv("{0:f1}%", percent(kernelNs)) << "), outside kernels "
     << formatMs(perRunMs(p.total.totalNs - kernelNs)) << " ms/run ("
     << llvm::formatv("{0:f1}%", percent(p.total.totalNs - kernelNs))
     << "), qmodel_run " << formatMs(perRunMs(p.total.totalNs))
     << " ms/run; " << p.kernels.size() << " kernel(s)\n";
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM y(argc, argv);
  if (cl::Option *llvmThreads = cl::getRegisteredOptions().lookup("threads"))
    llvmThreads->removeArgument();
  static cl::opt<int, true> threadsOpt(
      "threads", desc("Threads per model instance"), value_desc("N"),
      cl::location(numThreads), init(1), cl::cat(runCat));
  cl::HideUnrelatedOptions({&runCat, &imageCat});
  cl::ParseCommandLineOptions(
      argc, argv,
      "quant-run: run, benchmark, evaluate and compare compiled models\n\n"
      "  quant-run model.so                          model info\n"
      "  quant-run model.so --input x.npy --output y.npy\n"
      "  quant-run model.so --bench 100 --threads 4  latency, throughput\n"
      "  quant-run model.so --eval val.npy --labels labels.npy\n"
      "  quant-run int8.so --compare float.so --input calib.npz\n");

  if (benchRuns < 0)
    return fail("--bench must be >= 0");
  if (warmupRuns < 0)
    return fail("--warmup must be >= 0");
  if (numThreads < 1)
    return fail("--threads must be >= 1");
  if (randomSamples < 1)
    return fail("--random-samples must be >= 1");
  if (!labelsPath.empty() && evalPath.empty())
    return fail("--labels is only used with --eval");
  if (profileTop < 0)
    return fail("--profile-top must be >= 0");
  if (auto opts = datasetOptions(); !opts)
    return fail(opts.error());

  auto model = CompiledModel::load(modelPath);
  if (!model)
    return fail(model.error());
  // A model without inputs needs no --input: --output runs it once.
  bool noInputs = model->info().inputs.empty();
  if (!outputPath.empty() && inputPaths.empty() && !noInputs)
    return fail("--output needs --input");

  // Samples are run (and previewed) when nothing else uses --input; with
  // --output always, since the outputs were asked for.
  bool runAction = (!inputPaths.empty() || (noInputs && !outputPath.empty())) &&
                   (!outputPath.empty() || (benchRuns == 0 && comparePath.empty()));
  bool anyAction =
      runAction || benchRuns > 0 || !evalPath.empty() || !comparePath.empty();
  llvm::json::Object result{{"model", model->path()}};
  if (profileRuns && !anyAction)
    return fail("--profile needs runs to time: --bench N (or --eval, "
                "--input, --compare)");
  if (showInfo || !anyAction) {
    if (json)
      result["info"] = infoJson(*model);
    else
      printInfo(*model);
  }
  if (anyAction) {
    auto inst = model->createInstance(numThreads, profileRuns);
    if (!inst)
      return fail(inst.error());
    if (runAction)
      if (int rc = runInputs(*model, *inst))
        return rc;
    if (benchRuns > 0)
      if (int rc = bench(*model, *inst, result))
        return rc;
    if (!evalPath.empty())
      if (int rc = eval(*model, *inst, result))
        return rc;
    if (!comparePath.empty())
      if (int rc = compare(*model, *inst, result))
        return rc;
    if (profileRuns)
      if (int rc = reportProfile(*inst, result))
        return rc;
  }
  if (json)
    llvm::outs() << llvm::formatv("{0:2}", llvm::json::Value(std::move(result)))
                 << "\n";
  return 0;
}

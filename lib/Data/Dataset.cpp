// Dataset: path classification, array splitting and per-file samples, validated against the model inputs.
#include "lib/Data/Dataset.h"

#include "lib/Data/Npy.h"
#include "lib/Data/TensorProtoFile.h"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstring>
#include <optional>
#include <set>

namespace qmlir::data {

Dataset::~Dataset() = default;

void Dataset::warn(const std::string &w) {
  if (std::find(warnings_.begin(), warnings_.end(), w) == warnings_.end())
    warnings_.push_back(w);
}

bool Dataset::next(Sample &sample) {
  if (!error_.empty() || position_ >= size_)
    return false;
  sample.clear();
  Status s = read(sample);
  if (!s) {
    error_ = s.error();
    return false;
  }
  ++position_;
  return true;
}

namespace {

std::string label(const InputSpec &spec, size_t index) {
  if (spec.name.empty())
    return "input #" + std::to_string(index);
  return "input '" + spec.name + "'";
}

bool dimsMatch(const std::vector<int64_t> &actual,
               const std::vector<int64_t> &spec, size_t specFrom = 0) {
  if (actual.size() + specFrom != spec.size())
    return false;
  for (size_t i = 0; i < actual.size(); ++i)
    if (spec[i + specFrom] >= 0 && spec[i + specFrom] != actual[i])
      return false;
  return true;
}

std::vector<int64_t> dropFirst(const std::vector<int64_t> &v) {
  return v.empty() ? v : std::vector<int64_t>(v.begin() + 1, v.end());
}

std::string specType(const InputSpec &spec) {
  return std::string(dtypeName(spec.dtype)) + " " + shapeString(spec.shape);
}

Status checkDType(DType actual, const InputSpec &spec, size_t index,
                  bool allowFloatCast, const std::string &file) {
  if (actual == spec.dtype)
    return Status();
  if (allowFloatCast && isFloat(actual) && isFloat(spec.dtype))
    return Status();
  std::string hint;
  if (isFloat(spec.dtype) || spec.dtype == DType::I64 ||
      spec.dtype == DType::I32)
    hint = " (convert it, e.g. a.astype(np." +
           std::string(spec.dtype == DType::F32   ? "float32"
                       : spec.dtype == DType::F64 ? "float64"
                       : spec.dtype == DType::F16 ? "float16"
                       : spec.dtype == DType::I64 ? "int64"
                                                  : "int32") +
           "))";
  return fileError(file, label(spec, index) + " expects " +
                             dtypeName(spec.dtype) + " data, the file has " +
                             dtypeName(actual) + hint);
}

/// Converts a tensor's float dtype to the input's, noting it once.
Result<Tensor> castTo(Tensor t, const InputSpec &spec) {
  if (t.dtype == spec.dtype)
    return t;
  std::optional<Tensor> c = convertFloat(t, spec.dtype);
  if (!c)
    return Error{"internal: cannot convert " + t.typeString()};
  return std::move(*c);
}

/// Resolves -1 dims of `spec` from `actual` (same rank).
std::vector<int64_t> resolve(const std::vector<int64_t> &spec,
                             const std::vector<int64_t> &actual) {
  std::vector<int64_t> out = spec;
  for (size_t i = 0; i < out.size(); ++i)
    if (out[i] < 0)
      out[i] = actual[i];
  return out;
}

/// How a whole array is cut into samples along its first axis.
struct SplitPlan {
  int64_t count = 0;
  std::vector<int64_t> sampleShape;
  uint64_t sampleBytes = 0;
};

Result<SplitPlan> planSplit(const std::vector<int64_t> &shape, DType dtype,
                            const InputSpec &spec, size_t index,
                            const std::string &file) {
  SplitPlan p;
  if (!shape.empty() && dimsMatch(dropFirst(shape), spec.shape)) {
    // N x S.
    p.count = shape[0];
    p.sampleShape = resolve(spec.shape, dropFirst(shape));
  } else if (!spec.shape.empty() && spec.shape[0] != 0 && !shape.empty() &&
             shape.size() == spec.shape.size() &&
             dimsMatch(dropFirst(shape), spec.shape, 1)) {
    // (N*B) x S[1:].
    int64_t batch = spec.shape[0] > 0 ? spec.shape[0] : 1;
    if (shape[0] % batch != 0)
      return fileError(file, label(spec, index) + " has batch size " +
                                 std::to_string(batch) + " but the array's " +
                                 std::to_string(shape[0]) +
                                 " rows are not a multiple of it");
    p.count = shape[0] / batch;
    p.sampleShape = resolve(spec.shape, shape);
    p.sampleShape[0] = batch;
  } else if (dimsMatch(shape, spec.shape)) {
    // Exactly S: one sample. Only reached where S has no batch dim to split
    // on: a scalar input, or a leading dim of 0 (a zero-size input).
    p.count = 1;
    p.sampleShape = resolve(spec.shape, shape);
  } else if (spec.shape.empty()) {
    return fileError(file, label(spec, index) + " is " + specType(spec) +
                               ": expected a scalar (one sample) or an "
                               "array of shape N (N samples), the file has " +
                               dtypeName(dtype) + " " + shapeString(shape));
  } else {
    std::string alt;
    if (!spec.shape.empty() && spec.shape[0] == 1)
      alt = " or Nx" + shapeString(dropFirst(spec.shape));
    else if (!spec.shape.empty() && spec.shape[0] > 1)
      alt = " or (N*" + std::to_string(spec.shape[0]) + ")x" +
            shapeString(dropFirst(spec.shape));
    return fileError(file, label(spec, index) + " is " + specType(spec) +
                               ": expected an array of shape Nx" +
                               shapeString(spec.shape) + alt +
                               " (N samples), the file has " +
                               dtypeName(dtype) + " " + shapeString(shape));
  }
  int64_t n = shapeNumElements(p.sampleShape);
  p.sampleBytes = uint64_t(n) * dtypeSize(dtype);
  return p;
}

/// Maps arrays (by name) to inputs: all input names present -> by name;
/// else equal counts -> by order. Unused arrays are reported in `ignored`.
Result<std::vector<size_t>> mapArrays(const std::vector<std::string> &names,
                                      const std::vector<InputSpec> &inputs,
                                      const std::string &file, bool *byName,
                                      std::vector<std::string> *ignored) {
  std::vector<size_t> map;
  bool allNamed = true;
  for (const InputSpec &s : inputs) {
    auto it = std::find(names.begin(), names.end(), s.name);
    if (s.name.empty() || it == names.end()) {
      allNamed = false;
      break;
    }
    map.push_back(size_t(it - names.begin()));
  }
  *byName = allNamed;
  if (allNamed) {
    for (size_t i = 0; i < names.size(); ++i)
      if (std::find(map.begin(), map.end(), i) == map.end())
        ignored->push_back(names[i]);
    return map;
  }
  if (names.size() == inputs.size()) {
    map.clear();
    for (size_t i = 0; i < names.size(); ++i)
      map.push_back(i);
    return map;
  }
  std::string want, have;
  for (const InputSpec &s : inputs)
    want += (want.empty() ? "" : ", ") + s.name;
  for (const std::string &n : names)
    have += (have.empty() ? "" : ", ") + n;
  return fileError(file, "the model has " + std::to_string(inputs.size()) +
                             " input(s) (" + want + ") but the file has " +
                             std::to_string(names.size()) + " array(s) (" +
                             (have.empty() ? "none" : have) +
                             "): name the arrays after the inputs, or give "
                             "exactly one array per input in input order");
}

std::string joinShort(const std::vector<std::string> &v, size_t max = 5) {
  std::string s;
  for (size_t i = 0; i < v.size() && i < max; ++i)
    s += (i ? ", " : "") + v[i];
  if (v.size() > max)
    s += ", ... (" + std::to_string(v.size()) + " in all)";
  return s;
}

std::string lower(std::string s) {
  for (char &c : s)
    if (c >= 'A' && c <= 'Z')
      c = char(c - 'A' + 'a');
  return s;
}

enum class Kind { Npy, Npz, Pb, Image, Unknown };

Kind kindOf(const std::string &name) {
  std::string l = lower(name);
  auto ends = [&](const char *suf) {
    size_t n = std::strlen(suf);
    return l.size() > n && l.compare(l.size() - n, n, suf) == 0;
  };
  if (ends(".npy"))
    return Kind::Npy;
  if (ends(".npz"))
    return Kind::Npz;
  if (ends(".pb"))
    return Kind::Pb;
  if (ends(".jpg") || ends(".jpeg") || ends(".png"))
    return Kind::Image;
  return Kind::Unknown;
}

const char *kindName(Kind k) {
  switch (k) {
  case Kind::Npy: return ".npy";
  case Kind::Npz: return ".npz";
  case Kind::Pb: return ".pb";
  case Kind::Image: return "image";
  case Kind::Unknown: return "other";
  }
  return "?";
}

Kind sniff(const std::string &path) {
  FILE *f = std::fopen(path.c_str(), "rb");
  if (!f)
    return Kind::Unknown;
  uint8_t m[8] = {0};
  size_t n = std::fread(m, 1, 8, f);
  std::fclose(f);
  if (n >= 6 && std::memcmp(m, "\x93NUMPY", 6) == 0)
    return Kind::Npy;
  if (n >= 4 && m[0] == 'P' && m[1] == 'K')
    return Kind::Npz;
  if ((n >= 8 && std::memcmp(m, "\x89PNG\r\n\x1a\n", 8) == 0) ||
      (n >= 3 && m[0] == 0xff && m[1] == 0xd8 && m[2] == 0xff))
    return Kind::Image;
  return Kind::Unknown;
}

bool isDir(const std::string &p) {
  struct stat st;
  return ::stat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

/// Entry names of a directory (no "." entries, no hidden files).
Result<std::vector<std::string>> listDir(const std::string &dir) {
  DIR *d = ::opendir(dir.c_str());
  if (!d)
    return fileError(dir, std::string("cannot list folder: ") +
                              std::strerror(errno));
  std::vector<std::string> names;
  while (struct dirent *e = ::readdir(d))
    if (e->d_name[0] != '.')
      names.push_back(e->d_name);
  ::closedir(d);
  std::sort(names.begin(), names.end());
  return names;
}

/// The N of "<prefix>N" (digits only), or -1.
int64_t numberAfter(const std::string &name, const std::string &prefix,
                    const std::string &suffix = "") {
  if (name.size() <= prefix.size() + suffix.size() ||
      name.compare(0, prefix.size(), prefix) != 0 ||
      name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0)
    return -1;
  std::string digits = name.substr(prefix.size(),
                                   name.size() - prefix.size() - suffix.size());
  if (digits.empty() || digits.size() > 9)
    return -1;
  int64_t v = 0;
  for (char c : digits) {
    if (c < '0' || c > '9')
      return -1;
    v = v * 10 + (c - '0');
  }
  return v;
}

std::string joinPath(const std::string &dir, const std::string &name) {
  if (!dir.empty() && dir.back() == '/')
    return dir + name;
  return dir + "/" + name;
}

//===-- Whole arrays split along their first axis -----------------------------//

class ArrayDataset : public Dataset {
public:
  struct Stream {
    std::optional<NpyReader> reader; // .npy file or .npz member.
    Tensor memory;                   // Or a whole tensor (.pb).
    uint64_t memoryOffset = 0;
    DType dtype = DType::F32;
    SplitPlan plan;
    std::string file;
  };

  static Result<std::unique_ptr<Dataset>>
  create(std::vector<Stream> streams, const std::vector<InputSpec> &inputs,
         const DatasetOptions &options, std::string description,
         std::vector<std::string> warnings) {
    std::unique_ptr<ArrayDataset> d(new ArrayDataset());
    int64_t count = streams[0].plan.count;
    for (size_t i = 1; i < streams.size(); ++i)
      if (streams[i].plan.count != count)
        return fileError(streams[0].file,
                         label(inputs[0], 0) + " has " + std::to_string(count) +
                             " samples but " + label(inputs[i], i) + " has " +
                             std::to_string(streams[i].plan.count) +
                             "; every array must hold the same number");
    d->streams_ = std::move(streams);
    d->inputs_ = inputs;
    d->size_ = options.limit > 0 ? std::min(options.limit, count) : count;
    d->description_ = description + ": " + std::to_string(count) +
                      " sample(s)" +
                      (d->size_ < count
                           ? " (using " + std::to_string(d->size_) + ")"
                           : "");
    for (const std::string &w : warnings)
      d->warn(w);
    return std::unique_ptr<Dataset>(std::move(d));
  }

protected:
  Status read(Sample &sample) override {
    for (size_t i = 0; i < streams_.size(); ++i) {
      Stream &s = streams_[i];
      Tensor t;
      t.dtype = s.dtype;
      t.shape = s.plan.sampleShape;
      t.name = inputs_[i].name;
      t.bytes.resize(size_t(s.plan.sampleBytes));
      if (s.reader) {
        Status st = s.reader->read(t.bytes.data(), s.plan.sampleBytes);
        if (!st)
          return st;
      } else if (!t.bytes.empty()) {
        std::memcpy(t.bytes.data(), s.memory.bytes.data() + s.memoryOffset,
                    t.bytes.size());
        s.memoryOffset += s.plan.sampleBytes;
      }
      Result<Tensor> c = castTo(std::move(t), inputs_[i]);
      if (!c)
        return c.status();
      sample.push_back(c.take());
    }
    return Status();
  }

private:
  std::vector<Stream> streams_;
  std::vector<InputSpec> inputs_;
};

Result<ArrayDataset::Stream> makeStream(std::optional<NpyReader> reader,
                                        Tensor memory, const InputSpec &spec,
                                        size_t index, bool allowFloatCast,
                                        const std::string &file) {
  ArrayDataset::Stream s;
  std::vector<int64_t> shape =
      reader ? reader->header().shape : memory.shape;
  s.dtype = reader ? reader->header().dtype : memory.dtype;
  s.file = file;
  if (Status st = checkDType(s.dtype, spec, index, allowFloatCast, file); !st)
    return Error{st.error()};
  Result<SplitPlan> plan = planSplit(shape, s.dtype, spec, index, file);
  if (!plan)
    return Error{plan.error()};
  s.plan = *plan;
  s.reader = std::move(reader);
  s.memory = std::move(memory);
  return s;
}

//===-- One sample per file -----------------------------------------------------//

class FileDataset : public Dataset {
public:
  FileDataset(Kind kind, bool onnxSets, std::vector<std::string> entries,
              std::vector<InputSpec> inputs, DatasetOptions options)
      : kind_(kind), onnxSets_(onnxSets), entries_(std::move(entries)),
        inputs_(std::move(inputs)), options_(std::move(options)) {
    int64_t count = int64_t(entries_.size());
    size_ = options_.limit > 0 ? std::min(options_.limit, count) : count;
  }
  void setDescription(const std::string &d) {
    int64_t count = int64_t(entries_.size());
    description_ = d + ": " + std::to_string(count) + " sample(s)" +
                   (size_ < count ? " (using " + std::to_string(size_) + ")"
                                  : "");
  }
  void addWarning(const std::string &w) { warn(w); }

protected:
  Status read(Sample &sample) override {
    const std::string &entry = entries_[size_t(position_)];
    if (onnxSets_)
      return readOnnxSet(entry, sample);
    switch (kind_) {
    case Kind::Npz:
      return readNpzSample(entry, sample);
    case Kind::Image: {
      Result<Tensor> t = loadImageTensor(entry, options_.image);
      if (!t)
        return t.status();
      return push(t.take(), 0, entry, sample);
    }
    case Kind::Npy: {
      Result<Tensor> t = readNpy(entry);
      if (!t)
        return t.status();
      return push(t.take(), 0, entry, sample);
    }
    default: {
      Result<Tensor> t = readTensorProto(entry);
      if (!t)
        return t.status();
      return push(t.take(), 0, entry, sample);
    }
    }
  }

private:
  Status push(Tensor t, size_t index, const std::string &file,
              Sample &sample) {
    Result<Tensor> f =
        fitToInput(std::move(t), inputs_[index], options_.allowFloatCast, file);
    if (!f)
      return f.status();
    sample.push_back(f.take());
    return Status();
  }

  Status readNpzSample(const std::string &file, Sample &sample) {
    Result<std::vector<Tensor>> arrays = readNpz(file);
    if (!arrays)
      return arrays.status();
    std::vector<std::string> names;
    for (const Tensor &t : *arrays)
      names.push_back(t.name);
    bool byName = false;
    std::vector<std::string> ignored;
    Result<std::vector<size_t>> map =
        mapArrays(names, inputs_, file, &byName, &ignored);
    if (!map)
      return map.status();
    if (!ignored.empty())
      warn("ignored .npz arrays not named after a model input: " +
           joinShort(ignored));
    for (size_t i = 0; i < inputs_.size(); ++i)
      if (Status s = push(std::move((*arrays)[(*map)[i]]), i,
                          file + ":" + names[(*map)[i]] + ".npy", sample);
          !s)
        return s;
    return Status();
  }

  Status readOnnxSet(const std::string &dir, Sample &sample) {
    Result<std::vector<std::string>> names = listDir(dir);
    if (!names)
      return names.status();
    std::vector<std::pair<int64_t, std::string>> files;
    for (const std::string &n : *names) {
      int64_t idx = numberAfter(n, "input_", ".pb");
      if (idx >= 0)
        files.push_back({idx, joinPath(dir, n)});
    }
    std::sort(files.begin(), files.end());
    if (files.size() != inputs_.size())
      return fileError(dir, "has " + std::to_string(files.size()) +
                                " input_*.pb file(s); the model has " +
                                std::to_string(inputs_.size()) + " input(s)");
    for (size_t i = 0; i < files.size(); ++i)
      if (files[i].first != int64_t(i))
        return fileError(dir, "input_*.pb files are not numbered 0.." +
                                  std::to_string(files.size() - 1));
    std::vector<Tensor> tensors;
    std::vector<std::string> tnames;
    for (auto &f : files) {
      Result<Tensor> t = readTensorProto(f.second);
      if (!t)
        return t.status();
      tnames.push_back(t->name);
      tensors.push_back(t.take());
    }
    bool byName = false;
    std::vector<std::string> ignored;
    Result<std::vector<size_t>> map =
        mapArrays(tnames, inputs_, dir, &byName, &ignored);
    if (!map)
      return map.status();
    for (size_t i = 0; i < inputs_.size(); ++i) {
      size_t k = (*map)[i];
      if (Status s = push(std::move(tensors[k]), i, files[k].second, sample);
          !s)
        return s;
    }
    return Status();
  }

  Kind kind_;
  bool onnxSets_;
  std::vector<std::string> entries_;
  std::vector<InputSpec> inputs_;
  DatasetOptions options_;
};

std::string inputList(const std::vector<InputSpec> &inputs) {
  std::string s;
  for (size_t i = 0; i < inputs.size(); ++i)
    s += (i ? ", " : "") + (inputs[i].name.empty() ? "#" + std::to_string(i)
                                                   : inputs[i].name);
  return s;
}

Status needSingleInput(const std::vector<InputSpec> &inputs,
                       const std::string &path, const std::string &what) {
  if (inputs.size() == 1)
    return Status();
  return fileError(path, what + " can only feed a model with one input; "
                                "this model has " +
                             std::to_string(inputs.size()) + " (" +
                             inputList(inputs) +
                             "): use a .npz with one array per input, or "
                             "test_data_set_*/input_*.pb folders");
}

Status prepareImages(const std::vector<InputSpec> &inputs,
                     DatasetOptions &options, const std::string &path) {
  if (Status s = needSingleInput(inputs, path, "images"); !s)
    return s;
  if (!isFloat(inputs[0].dtype))
    return fileError(path, label(inputs[0], 0) + " is " + specType(inputs[0]) +
                               "; images give float data");
  return resolveImageOptions(options.image, inputs[0].shape,
                             path + ": " + label(inputs[0], 0));
}

Result<std::unique_ptr<Dataset>> openFile(const std::string &path, Kind kind,
                                          const std::vector<InputSpec> &inputs,
                                          DatasetOptions options) {
  bool cast = options.allowFloatCast;
  std::vector<ArrayDataset::Stream> streams;
  std::vector<std::string> warnings;
  std::string description;
  if (kind == Kind::Npy || kind == Kind::Pb) {
    if (Status s = needSingleInput(inputs, path,
                                   kind == Kind::Npy ? "a single .npy file"
                                                     : "a single .pb file");
        !s)
      return Error{s.error()};
    std::optional<NpyReader> reader;
    Tensor memory;
    if (kind == Kind::Npy) {
      Result<NpyReader> r = NpyReader::openFile(path);
      if (!r)
        return Error{r.error()};
      reader.emplace(r.take());
    } else {
      Result<Tensor> t = readTensorProto(path);
      if (!t)
        return Error{t.error()};
      memory = t.take();
    }
    Result<ArrayDataset::Stream> s =
        makeStream(std::move(reader), std::move(memory), inputs[0], 0, cast,
                   path);
    if (!s)
      return Error{s.error()};
    streams.push_back(s.take());
    description = path + (kind == Kind::Npy ? " (.npy)" : " (TensorProto)");
  } else if (kind == Kind::Npz) {
    Result<NpzArchive> a = NpzArchive::open(path);
    if (!a)
      return Error{a.error()};
    std::vector<std::string> names;
    for (const NpzMember &m : a->members())
      names.push_back(m.name);
    bool byName = false;
    std::vector<std::string> ignored;
    Result<std::vector<size_t>> map =
        mapArrays(names, inputs, path, &byName, &ignored);
    if (!map)
      return Error{map.error()};
    for (size_t i = 0; i < inputs.size(); ++i) {
      size_t k = (*map)[i];
      Result<NpyReader> r = a->openMember(k);
      if (!r)
        return Error{r.error()};
      std::string where = r->displayName();
      Result<ArrayDataset::Stream> s =
          makeStream(r.take(), Tensor(), inputs[i], i, cast, where);
      if (!s)
        return Error{s.error()};
      streams.push_back(s.take());
    }
    if (!ignored.empty())
      warnings.push_back(path + ": ignored arrays not named after a model "
                                "input: " + joinShort(ignored));
    description = path + " (.npz, arrays matched " +
                  (byName ? "by name" : "by order") + ")";
  } else {
    // One image: one sample.
    if (Status s = prepareImages(inputs, options, path); !s)
      return Error{s.error()};
    auto d = std::make_unique<FileDataset>(Kind::Image, false,
                                           std::vector<std::string>{path},
                                           inputs, options);
    d->setDescription(path + " (image)");
    return std::unique_ptr<Dataset>(std::move(d));
  }
  for (size_t i = 0; i < streams.size(); ++i)
    if (streams[i].dtype != inputs[i].dtype)
      warnings.push_back(streams[i].file + ": " +
                         dtypeName(streams[i].dtype) + " data converted to " +
                         dtypeName(inputs[i].dtype) + " for " +
                         label(inputs[i], i));
  return ArrayDataset::create(std::move(streams), inputs, options, description,
                              warnings);
}

Result<std::unique_ptr<Dataset>> openFolder(const std::string &dir,
                                            const std::vector<InputSpec> &inputs,
                                            DatasetOptions options) {
  Result<std::vector<std::string>> names = listDir(dir);
  if (!names)
    return Error{names.error()};
  std::vector<std::pair<int64_t, std::string>> sets;
  std::vector<std::string> byKind[4], ignored;
  for (const std::string &n : *names) {
    std::string full = joinPath(dir, n);
    if (isDir(full)) {
      int64_t idx = numberAfter(n, "test_data_set_");
      if (idx >= 0)
        sets.push_back({idx, full});
      else
        ignored.push_back(n + "/");
      continue;
    }
    Kind k = kindOf(n);
    if (k == Kind::Unknown)
      ignored.push_back(n);
    else
      byKind[int(k)].push_back(full);
  }
  std::unique_ptr<FileDataset> d;
  if (!sets.empty()) {
    std::sort(sets.begin(), sets.end());
    std::vector<std::string> entries;
    for (auto &s : sets)
      entries.push_back(s.second);
    for (auto &v : byKind)
      for (const std::string &f : v)
        ignored.push_back(f.substr(f.find_last_of('/') + 1));
    d = std::make_unique<FileDataset>(Kind::Pb, true, entries, inputs,
                                      options);
    d->setDescription(dir + " (ONNX test data sets)");
  } else {
    std::vector<Kind> present;
    std::string counts;
    for (int k = 0; k < 4; ++k)
      if (!byKind[k].empty()) {
        present.push_back(Kind(k));
        counts += (counts.empty() ? "" : ", ") +
                  std::to_string(byKind[k].size()) + " " + kindName(Kind(k));
      }
    if (present.empty())
      return fileError(dir, "no .npy, .npz, .pb or image (.jpg/.jpeg/.png) "
                            "files and no test_data_set_* folders found");
    if (present.size() > 1)
      return fileError(dir, "the folder mixes sample formats (" + counts +
                                " files); use one format per folder");
    Kind kind = present[0];
    if (kind == Kind::Image) {
      if (Status s = prepareImages(inputs, options, dir); !s)
        return Error{s.error()};
    } else if (kind != Kind::Npz) {
      if (Status s = needSingleInput(inputs, dir,
                                     std::string("a folder of ") +
                                         kindName(kind) + " files");
          !s)
        return Error{s.error()};
    }
    d = std::make_unique<FileDataset>(kind, false, byKind[int(kind)], inputs,
                                      options);
    d->setDescription(dir + " (folder of " + kindName(kind) + " files)");
  }
  if (!ignored.empty())
    d->addWarning(dir + ": ignored " + joinShort(ignored));
  return std::unique_ptr<Dataset>(std::move(d));
}

} // namespace

Result<Tensor> fitToInput(Tensor t, const InputSpec &spec, bool allowFloatCast,
                          const std::string &file) {
  // The index is unknown here; label() with the name is what users see.
  if (Status s = checkDType(t.dtype, spec, 0, allowFloatCast, file); !s)
    return Error{s.error()};
  if (dimsMatch(t.shape, spec.shape)) {
    t.shape = resolve(spec.shape, t.shape);
  } else if (!spec.shape.empty() && spec.shape[0] <= 1 &&
             spec.shape[0] != 0 && dimsMatch(t.shape, spec.shape, 1)) {
    std::vector<int64_t> withBatch = t.shape;
    withBatch.insert(withBatch.begin(), 1);
    t.shape = resolve(spec.shape, withBatch);
  } else {
    std::string alt;
    if (!spec.shape.empty() && (spec.shape[0] == 1 || spec.shape[0] < 0))
      alt = " (or " + shapeString(dropFirst(spec.shape)) +
            " without the batch dim)";
    return fileError(file, label(spec, 0) + " expects " + specType(spec) +
                               alt + ", the file has " + t.typeString());
  }
  t.name = spec.name;
  return castTo(std::move(t), spec);
}

Result<std::unique_ptr<Dataset>> Dataset::open(
    const std::string &path, const std::vector<InputSpec> &inputs,
    const DatasetOptions &options) {
  if (inputs.empty())
    return fileError(path, "the model declares no inputs");
  struct stat st;
  if (::stat(path.c_str(), &st) != 0)
    return fileError(path, std::string("cannot access: ") +
                               std::strerror(errno));
  if (S_ISDIR(st.st_mode))
    return openFolder(path, inputs, options);
  Kind kind = kindOf(path);
  if (kind == Kind::Unknown)
    kind = sniff(path);
  if (kind == Kind::Unknown)
    return fileError(path, "unrecognized input file (expected .npy, .npz, "
                           ".pb, .jpg/.jpeg/.png, or a folder)");
  return openFile(path, kind, inputs, options);
}

} // namespace qmlir::data

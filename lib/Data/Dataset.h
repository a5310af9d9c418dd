// A sequence of model-input samples read from a calibration or evaluation path (--calib / --input).
#ifndef QMLIR_LIB_DATA_DATASET_H
#define QMLIR_LIB_DATA_DATASET_H

#include "lib/Data/Images.h"
#include "lib/Data/Tensor.h"

#include <memory>
#include <string>
#include <vector>

namespace qmlir::data {

/// One model input, as the compiled model declares it.
struct InputSpec {
  std::string name;
  DType dtype = DType::F32;
  /// Static dims; -1 matches any size (the data decides).
  std::vector<int64_t> shape;
};

struct DatasetOptions {
  /// Yield at most this many samples; 0 or negative: all.
  int64_t limit = 0;
  /// Convert float data to the input's float dtype (f64 .npy files for an
  /// f32 model are common). Integer data is never converted.
  bool allowFloatCast = true;
  /// Preprocessing for image files (crop/channels default from the input).
  ImageOptions image;
};

/// One tensor per model input, in the order of the InputSpecs, each with
/// exactly the input's dtype and (resolved) shape.
using Sample = std::vector<Tensor>;

/// Samples from a path, validated against the model inputs. Accepted paths
/// (docs/inputs.md has the details):
///  - a .npy file whose first axis enumerates samples (single-input models);
///  - a .npz file, one array per input (matched by name, else by order),
///    every array enumerating the same samples on its first axis;
///  - a .pb TensorProto file (like a .npy) or one image file (one sample);
///  - a folder of .npy, .pb or image files (one file = one sample,
///    single-input models), or of .npz files (one file = one sample, one
///    array per input), in byte order of the file names;
///  - a folder of ONNX test data sets (test_data_set_N/input_M.pb), sets in
///    numeric order, inputs matched by TensorProto name, else by M.
/// "First axis enumerates samples": an array of shape N x S (S the input
/// shape) gives N samples; an array of shape (N*B) x S[1:], where B = S[0]
/// is the model's batch size, gives N samples of B rows. A per-file sample
/// may be S or S without a leading batch dim of 1.
///
/// Never throws; a bad file stops the iteration with an error that names
/// the file, the input, and the expected and actual dtype/shape.
class Dataset {
public:
  static Result<std::unique_ptr<Dataset>>
  open(const std::string &path, const std::vector<InputSpec> &inputs,
       const DatasetOptions &options = {});
  virtual ~Dataset();

  /// Number of samples next() will yield if no error occurs (the limit
  /// applied). Known upfront for every format.
  int64_t size() const { return size_; }
  /// Samples yielded so far.
  int64_t position() const { return position_; }
  /// Reads the next sample. Returns false at the end or on an error; then
  /// error() is empty at the end and the message otherwise.
  bool next(Sample &sample);
  const std::string &error() const { return error_; }
  /// One line: the path, its kind, the sample count and how arrays map to
  /// inputs.
  const std::string &description() const { return description_; }
  /// Things skipped or converted that the user may want to know about
  /// (ignored files and arrays, float conversions).
  const std::vector<std::string> &warnings() const { return warnings_; }

protected:
  Dataset() = default;
  /// Reads sample number position() into `sample`.
  virtual Status read(Sample &sample) = 0;
  void warn(const std::string &w);

  int64_t size_ = 0;
  int64_t position_ = 0;
  std::string error_;
  std::string description_;
  std::vector<std::string> warnings_;
};

/// Fits one per-file tensor to `spec`: checks the dtype (float conversion
/// if allowed) and the shape (S, or S without a leading batch dim of 1,
/// which is added). `file` is for messages.
Result<Tensor> fitToInput(Tensor t, const InputSpec &spec, bool allowFloatCast,
                          const std::string &file);

} // namespace qmlir::data

#endif // QMLIR_LIB_DATA_DATASET_H

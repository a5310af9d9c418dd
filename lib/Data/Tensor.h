// Owning n-d tensor (dtype, shape, raw bytes) and the never-throwing Result/Status error types of the data loaders.
#ifndef QMLIR_LIB_DATA_TENSOR_H
#define QMLIR_LIB_DATA_TENSOR_H

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace qmlir::data {

/// Element types the loaders understand. Values are little-endian in `bytes`.
enum class DType : uint8_t { F32, F64, F16, U8, S8, I16, U16, I32, I64, Bool };

/// Short name: "f32", "f64", "f16", "u8", "s8", "i16", "u16", "i32", "i64", "bool".
const char *dtypeName(DType t);
/// Bytes per element (bool is one byte, 0 or 1).
size_t dtypeSize(DType t);
bool isFloat(DType t);
/// Inverse of dtypeName; also accepts numpy/ONNX spellings ("float32", "int8",
/// "uint8", "float", "double", "int64", "float16", "bool").
std::optional<DType> parseDType(std::string_view name);

/// "1x3x224x224"; "scalar" for rank 0.
std::string shapeString(const std::vector<int64_t> &shape);
/// Product of the dims, or -1 if a dim is negative or the product overflows
/// 2^62 (no tensor that large can be loaded anyway).
int64_t shapeNumElements(const std::vector<int64_t> &shape);

/// A dense, C-ordered tensor that owns its bytes.
struct Tensor {
  DType dtype = DType::F32;
  std::vector<int64_t> shape;
  /// numElements() * dtypeSize(dtype) bytes, little-endian, C order. The
  /// vector's storage comes from operator new, so it is aligned for every
  /// dtype.
  std::vector<uint8_t> bytes;
  /// Where the tensor came from when the format names it (TensorProto.name,
  /// the .npz member without ".npy"); empty otherwise.
  std::string name;

  /// A zero-filled tensor; shape must have non-negative dims.
  static Tensor zeros(DType dtype, std::vector<int64_t> shape);

  int64_t numElements() const { return shapeNumElements(shape); }
  size_t byteSize() const { return bytes.size(); }
  /// "f32 1x3x224x224".
  std::string typeString() const;

  template <typename T> T *data() { return reinterpret_cast<T *>(bytes.data()); }
  template <typename T> const T *data() const {
    return reinterpret_cast<const T *>(bytes.data());
  }
};

/// Converts between float dtypes (f16/f32/f64, round to nearest even) or
/// returns the tensor unchanged when `to == t.dtype`. Any other pair is
/// refused (nullopt): integer data is never silently reinterpreted.
std::optional<Tensor> convertFloat(const Tensor &t, DType to);

/// IEEE half <-> float (round to nearest even; NaN/Inf preserved).
float halfToFloat(uint16_t h);
uint16_t floatToHalf(float f);

/// A failure message. Every message names the file and says what is wrong.
struct Error {
  std::string message;
};

/// Success, or an Error message. `ok()` is false exactly when a message is set.
class Status {
public:
  Status() = default;
  Status(Error e) : error_(std::move(e.message)) {
    if (error_.empty())
      error_ = "unknown error";
  }
  static Status success() { return Status(); }
  bool ok() const { return error_.empty(); }
  explicit operator bool() const { return ok(); }
  const std::string &error() const { return error_; }

private:
  std::string error_;
};

/// A value or an Error message (a tiny llvm::Expected without the
/// must-check rule). Never throws: accessing the value of a failed Result is
/// a programming error (asserted in debug builds).
template <typename T> class Result {
public:
  Result(T value) : value_(std::move(value)) {}
  Result(Error e) : error_(std::move(e.message)) {
    if (error_.empty())
      error_ = "unknown error";
  }
  bool ok() const { return value_.has_value(); }
  explicit operator bool() const { return ok(); }
  /// The failure message; empty on success.
  const std::string &error() const { return error_; }
  Status status() const { return ok() ? Status() : Status(Error{error_}); }

  T &operator*() & { return *value_; }
  const T &operator*() const & { return *value_; }
  T *operator->() { return &*value_; }
  const T *operator->() const { return &*value_; }
  T &value() { return *value_; }
  /// Moves the value out.
  T take() { return std::move(*value_); }

private:
  std::optional<T> value_;
  std::string error_;
};

/// Builds an Error from "<file>: <what>".
inline Error fileError(const std::string &file, const std::string &what) {
  return Error{file + ": " + what};
}

/// A FILE* that closes itself.
struct FileCloser {
  void operator()(FILE *f) const {
    if (f)
      std::fclose(f);
  }
};
using FilePtr = std::unique_ptr<FILE, FileCloser>;

/// The bytes of `path`; files over `maxBytes` are refused with
/// "<what> too large".
Result<std::vector<uint8_t>> readWholeFile(const std::string &path,
                                           size_t maxBytes,
                                           const std::string &what);

} // namespace qmlir::data

#endif // QMLIR_LIB_DATA_TENSOR_H

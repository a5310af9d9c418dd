// onnx.TensorProto <-> Tensor: raw_data and typed fields, size checks against dims.
#include "lib/Data/TensorProtoFile.h"

#include "onnx/onnx_pb.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <limits>
#include <memory>
#include <vector>

namespace qmlir::data {

namespace {

using TP = onnx::TensorProto;

std::optional<DType> fromOnnx(int t) {
  switch (t) {
  case TP::FLOAT: return DType::F32;
  case TP::DOUBLE: return DType::F64;
  case TP::FLOAT16: return DType::F16;
  case TP::UINT8: return DType::U8;
  case TP::INT8: return DType::S8;
  case TP::INT16: return DType::I16;
  case TP::UINT16: return DType::U16;
  case TP::INT32: return DType::I32;
  case TP::INT64: return DType::I64;
  case TP::BOOL: return DType::Bool;
  default: return std::nullopt;
  }
}

int toOnnx(DType t) {
  switch (t) {
  case DType::F32: return TP::FLOAT;
  case DType::F64: return TP::DOUBLE;
  case DType::F16: return TP::FLOAT16;
  case DType::U8: return TP::UINT8;
  case DType::S8: return TP::INT8;
  case DType::I16: return TP::INT16;
  case DType::U16: return TP::UINT16;
  case DType::I32: return TP::INT32;
  case DType::I64: return TP::INT64;
  case DType::Bool: return TP::BOOL;
  }
  return TP::UNDEFINED;
}

std::string onnxTypeName(int t) {
  if (!TP::DataType_IsValid(t))
    return std::to_string(t);
  return TP::DataType_Name(TP::DataType(t));
}

template <typename Src, typename Dst>
void copyField(const google::protobuf::RepeatedField<Src> &field, Tensor &t) {
  Dst *out = t.data<Dst>();
  for (int i = 0; i < field.size(); ++i)
    out[i] = static_cast<Dst>(field.Get(i));
}

} // namespace

Result<Tensor> parseTensorProto(const void *data, size_t size,
                                const std::string &name) {
  if (size >= 6 && std::memcmp(data, "\x93NUMPY", 6) == 0)
    return fileError(name, "is a .npy file, not an ONNX TensorProto");
  if (size > size_t(std::numeric_limits<int>::max()))
    return fileError(name, "file too large for a TensorProto (over 2 GB)");
  TP tp;
  if (!tp.ParseFromArray(data, int(size)))
    return fileError(name, "not a valid ONNX TensorProto (protobuf parse "
                           "failed; corrupt or truncated file?)");
  std::string what = "TensorProto";
  if (!tp.name().empty())
    what += " '" + tp.name() + "'";
  if (!tp.has_data_type() || tp.data_type() == TP::UNDEFINED)
    return fileError(name, what + " has no data_type (not a TensorProto, "
                                  "or an empty file?)");
  std::optional<DType> dtype = fromOnnx(tp.data_type());
  if (!dtype) {
    return fileError(name, what + ": element type " +
                               onnxTypeName(tp.data_type()) +
                               " is not supported (supported: FLOAT, DOUBLE, "
                               "FLOAT16, UINT8, INT8, INT16, UINT16, INT32, "
                               "INT64, BOOL)");
  }
  if (tp.data_location() == TP::EXTERNAL || tp.external_data_size() > 0)
    return fileError(name, what + " uses external data, which is not "
                                  "supported");
  if (tp.has_segment())
    return fileError(name, what + " is segmented (or the file is not a "
                                  "TensorProto: a SequenceProto or "
                                  "OptionalProto?); not supported");
  Tensor t;
  t.dtype = *dtype;
  t.name = tp.name();
  for (int64_t d : tp.dims()) {
    if (d < 0)
      return fileError(name, what + " has a negative dim " + std::to_string(d));
    t.shape.push_back(d);
  }
  int64_t n = t.numElements();
  if (n < 0)
    return fileError(name, what + ": shape " + shapeString(t.shape) +
                               " is too large");
  size_t elem = dtypeSize(t.dtype);
  std::string typeStr = std::string(dtypeName(t.dtype)) + " " +
                        shapeString(t.shape);
  auto mismatch = [&](const char *field, int64_t have) {
    return fileError(name, what + " is " + typeStr + " (" + std::to_string(n) +
                               " elements) but " + field + " holds " +
                               std::to_string(have) + " elements");
  };

  if (tp.has_raw_data()) {
    const std::string &raw = tp.raw_data();
    if (raw.size() != uint64_t(n) * elem)
      return fileError(name, what + " is " + typeStr + " (" +
                                 std::to_string(uint64_t(n) * elem) +
                                 " bytes) but raw_data holds " +
                                 std::to_string(raw.size()) + " bytes");
    t.bytes.assign(raw.begin(), raw.end());
    return t;
  }
  // Check the typed field's count before allocating: a corrupt file can
  // claim a huge shape.
  int64_t have = t.dtype == DType::F32   ? tp.float_data_size()
                 : t.dtype == DType::F64 ? tp.double_data_size()
                 : t.dtype == DType::I64 ? tp.int64_data_size()
                                         : tp.int32_data_size();
  const char *field = t.dtype == DType::F32   ? "float_data"
                      : t.dtype == DType::F64 ? "double_data"
                      : t.dtype == DType::I64 ? "int64_data"
                                              : "int32_data";
  if (have != n)
    return mismatch(field, have);
  t.bytes.assign(size_t(n) * elem, 0);
  switch (t.dtype) {
  case DType::F32:
    copyField<float, float>(tp.float_data(), t);
    break;
  case DType::F64:
    copyField<double, double>(tp.double_data(), t);
    break;
  case DType::I64:
    copyField<int64_t, int64_t>(tp.int64_data(), t);
    break;
  default:
    // INT32 and every narrower type (and FLOAT16's bits) use int32_data.
    switch (t.dtype) {
    case DType::I32: copyField<int32_t, int32_t>(tp.int32_data(), t); break;
    case DType::U8: copyField<int32_t, uint8_t>(tp.int32_data(), t); break;
    case DType::S8: copyField<int32_t, int8_t>(tp.int32_data(), t); break;
    case DType::I16: copyField<int32_t, int16_t>(tp.int32_data(), t); break;
    case DType::U16:
    case DType::F16: copyField<int32_t, uint16_t>(tp.int32_data(), t); break;
    case DType::Bool:
      for (int i = 0; i < tp.int32_data_size(); ++i)
        t.bytes[i] = tp.int32_data(i) != 0;
      break;
    default: break;
    }
    break;
  }
  return t;
}

Result<Tensor> readTensorProto(const std::string &path) {
  Result<std::vector<uint8_t>> bytes =
      readWholeFile(path, size_t(std::numeric_limits<int>::max()),
                    "TensorProto file (over 2 GB)");
  if (!bytes)
    return Error{bytes.error()};
  return parseTensorProto(bytes->data(), bytes->size(), path);
}

Status writeTensorProto(const std::string &path, const Tensor &t) {
  int64_t n = t.numElements();
  if (n < 0 || uint64_t(n) * dtypeSize(t.dtype) != t.bytes.size())
    return fileError(path, "tensor " + t.typeString() +
                               " has a data size that does not match");
  TP tp;
  tp.set_name(t.name);
  tp.set_data_type(toOnnx(t.dtype));
  for (int64_t d : t.shape)
    tp.add_dims(d);
  tp.set_raw_data(t.bytes.data(), t.bytes.size());
  std::string out;
  if (!tp.SerializeToString(&out))
    return fileError(path, "cannot serialize the TensorProto (over 2 GB?)");
  FilePtr f(std::fopen(path.c_str(), "wb"));
  if (!f)
    return fileError(path, std::string("cannot create: ") +
                               std::strerror(errno));
  if (std::fwrite(out.data(), 1, out.size(), f.get()) != out.size() ||
      std::fclose(f.release()) != 0)
    return fileError(path, std::string("write failed: ") +
                               std::strerror(errno));
  return Status();
}

} // namespace qmlir::data

//===- ConstTensor.cpp - Tensors known at import time ---------------------===//

#include "ConstTensor.h"

#include "llvm/Support/raw_ostream.h"

#include <cstring>

using namespace mlir;

namespace qmlir::onnx_import {

int64_t elementByteSize(int32_t dtype) {
  switch (dtype) {
  case onnx::TensorProto::FLOAT:
  case onnx::TensorProto::INT32:
    return 4;
  case onnx::TensorProto::DOUBLE:
  case onnx::TensorProto::INT64:
    return 8;
  case onnx::TensorProto::INT8:
  case onnx::TensorProto::UINT8:
  case onnx::TensorProto::BOOL:
    return 1;
  default:
    return 0;
  }
}

llvm::StringRef dataTypeName(int32_t dtype) {
  if (onnx::TensorProto_DataType_IsValid(dtype))
    return onnx::TensorProto_DataType_Name(
        static_cast<onnx::TensorProto_DataType>(dtype));
  return "<invalid>";
}

std::string formatShape(llvm::ArrayRef<int64_t> shape) {
  std::string s = "[";
  llvm::raw_string_ostream os(s);
  llvm::interleaveComma(shape, os);
  return s + "]";
}

bool isIntegerDataType(int32_t dtype) {
  return dtype == onnx::TensorProto::INT32 ||
         dtype == onnx::TensorProto::INT64 ||
         dtype == onnx::TensorProto::INT8 ||
         dtype == onnx::TensorProto::UINT8 || dtype == onnx::TensorProto::BOOL;
}

bool isPlausibleShape(llvm::ArrayRef<int64_t> shape, int64_t maxElements) {
  int64_t count = 1;
  for (int64_t d : shape) {
    if (d < 0 || d > kMaxDim)
      return false;
    if (d != 0 && count > maxElements / d)
      return false;
    count *= d == 0 ? 1 : d;
  }
  return true;
}

template <typename T>
static void store(std::vector<char> &bytes, int64_t i, T value) {
  std::memcpy(bytes.data() + i * sizeof(T), &value, sizeof(T));
}

/// A double as int64: NaN is 0, out-of-range values saturate (a plain cast
/// would be undefined behaviour).
static int64_t saturatingInt(double v) {
  if (!(v == v))
    return 0;
  v = std::max(std::min(v, 9.2e18), -9.2e18);
  return static_cast<int64_t>(v);
}

/// Stores integer `v` as element `i` of `dtype`: integer types wrap around,
/// BOOL is `v != 0`.
static void storeInt(std::vector<char> &out, int64_t i, int64_t v,
                     int32_t dtype) {
  switch (dtype) {
  case onnx::TensorProto::INT64:
    store<int64_t>(out, i, v);
    break;
  case onnx::TensorProto::INT32:
    store<int32_t>(out, i, static_cast<int32_t>(static_cast<uint32_t>(v)));
    break;
  case onnx::TensorProto::INT8:
    store<int8_t>(out, i, static_cast<int8_t>(static_cast<uint8_t>(v)));
    break;
  case onnx::TensorProto::BOOL:
    store<uint8_t>(out, i, v != 0);
    break;
  default: // UINT8
    store<uint8_t>(out, i, static_cast<uint8_t>(v));
    break;
  }
}

ConstTensor::ConstTensor(int32_t dtype, Shape shape, std::vector<char> data)
    : dtype(dtype), shape(std::move(shape)),
      owned(std::make_shared<std::vector<char>>(std::move(data))),
      bytes(*owned) {}

int64_t ConstTensor::getNumElements() const {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

namespace {
template <typename T>
T load(llvm::ArrayRef<char> bytes, int64_t i) {
  T value;
  std::memcpy(&value, bytes.data() + i * sizeof(T), sizeof(T));
  return value;
}

/// Converts the typed repeated fields of a TensorProto to raw bytes.
template <typename Field>
std::vector<char> packField(const Field &field, int32_t dtype) {
  std::vector<char> out(field.size() * elementByteSize(dtype));
  for (int i = 0; i < field.size(); ++i) {
    switch (dtype) {
    case onnx::TensorProto::FLOAT:
      store<float>(out, i, static_cast<float>(field.Get(i)));
      break;
    case onnx::TensorProto::DOUBLE:
      store<double>(out, i, static_cast<double>(field.Get(i)));
      break;
    case onnx::TensorProto::INT64:
      store<int64_t>(out, i, static_cast<int64_t>(field.Get(i)));
      break;
    case onnx::TensorProto::INT32:
      store<int32_t>(out, i, static_cast<int32_t>(field.Get(i)));
      break;
    case onnx::TensorProto::INT8:
      store<int8_t>(out, i, static_cast<int8_t>(field.Get(i)));
      break;
    default: // UINT8, BOOL
      store<uint8_t>(out, i, static_cast<uint8_t>(field.Get(i)));
      break;
    }
  }
  return out;
}
} // namespace

FailureOr<ConstTensor> ConstTensor::fromProto(const onnx::TensorProto &proto,
                                              EmitErrorFn emitError) {
  int32_t dtype = proto.data_type();
  int64_t elemSize = elementByteSize(dtype);
  if (elemSize == 0)
    return emitError() << "tensor '" << proto.name() << "' has data type "
                       << dataTypeName(dtype)
                       << ", which the importer does not support";
  if (proto.data_location() == onnx::TensorProto::EXTERNAL)
    return emitError() << "tensor '" << proto.name()
                       << "' stores its data externally; save the model with "
                          "its data embedded (onnx.save(..., "
                          "save_as_external_data=False))";
  Shape shape;
  int64_t count = 1;
  for (int64_t d : proto.dims()) {
    if (d < 0)
      return emitError() << "tensor '" << proto.name()
                         << "' has a negative dimension " << d;
    shape.push_back(d);
  }
  if (!isPlausibleShape(shape))
    return emitError() << "tensor '" << proto.name()
                       << "' is implausibly large";
  for (int64_t d : shape)
    count *= d;

  std::vector<char> packed;
  llvm::ArrayRef<char> view;
  int64_t fieldCount = -1;
  if (proto.has_raw_data()) {
    view = llvm::ArrayRef<char>(proto.raw_data().data(),
                                proto.raw_data().size());
    if (static_cast<int64_t>(view.size()) != count * elemSize)
      return emitError() << "tensor '" << proto.name() << "' holds "
                         << view.size() << " bytes of data, but its shape "
                         << formatShape(shape) << " of " << dataTypeName(dtype) << " needs "
                         << count * elemSize;
    return ConstTensor(dtype, std::move(shape), view);
  }
  switch (dtype) {
  case onnx::TensorProto::FLOAT:
    fieldCount = proto.float_data_size();
    packed = packField(proto.float_data(), dtype);
    break;
  case onnx::TensorProto::DOUBLE:
    fieldCount = proto.double_data_size();
    packed = packField(proto.double_data(), dtype);
    break;
  case onnx::TensorProto::INT64:
    fieldCount = proto.int64_data_size();
    packed = packField(proto.int64_data(), dtype);
    break;
  default: // INT32, INT8, UINT8, BOOL live in int32_data
    fieldCount = proto.int32_data_size();
    packed = packField(proto.int32_data(), dtype);
    break;
  }
  if (fieldCount != count)
    return emitError() << "tensor '" << proto.name() << "' holds "
                       << fieldCount << " values, but its shape "
                       << formatShape(shape) << " needs " << count;
  return ConstTensor(dtype, std::move(shape), std::move(packed));
}

ConstTensor ConstTensor::fromInts(llvm::ArrayRef<int64_t> values, Shape shape,
                                  int32_t dtype) {
  if (!isIntegerDataType(dtype)) {
    std::vector<double> doubles(values.begin(), values.end());
    return fromDoubles(doubles, std::move(shape), dtype);
  }
  // Kept exact: shape computations use INT64_MAX as "to the end". Narrower
  // integer types wrap around.
  std::vector<char> out(values.size() * elementByteSize(dtype));
  for (auto [i, v] : llvm::enumerate(values))
    storeInt(out, i, v, dtype);
  return ConstTensor(dtype, std::move(shape), std::move(out));
}

ConstTensor ConstTensor::fromDoubles(llvm::ArrayRef<double> values,
                                     Shape shape, int32_t dtype) {
  std::vector<char> out(values.size() * elementByteSize(dtype));
  for (auto [i, v] : llvm::enumerate(values)) {
    switch (dtype) {
    case onnx::TensorProto::FLOAT:
      store<float>(out, i, static_cast<float>(v));
      break;
    case onnx::TensorProto::DOUBLE:
      store<double>(out, i, v);
      break;
    case onnx::TensorProto::BOOL:
      store<uint8_t>(out, i, v != 0);
      break;
    default: // integers: truncate toward zero, saturate, then wrap
      storeInt(out, i, saturatingInt(v), dtype);
      break;
    }
  }
  return ConstTensor(dtype, std::move(shape), std::move(out));
}

double ConstTensor::getDouble(int64_t i) const {
  switch (dtype) {
  case onnx::TensorProto::FLOAT:
    return load<float>(bytes, i);
  case onnx::TensorProto::DOUBLE:
    return load<double>(bytes, i);
  case onnx::TensorProto::INT64:
    return static_cast<double>(load<int64_t>(bytes, i));
  case onnx::TensorProto::INT32:
    return load<int32_t>(bytes, i);
  case onnx::TensorProto::INT8:
    return load<int8_t>(bytes, i);
  default:
    return load<uint8_t>(bytes, i);
  }
}

int64_t ConstTensor::getInt(int64_t i) const {
  switch (dtype) {
  case onnx::TensorProto::INT64:
    return load<int64_t>(bytes, i);
  case onnx::TensorProto::INT32:
    return load<int32_t>(bytes, i);
  case onnx::TensorProto::INT8:
    return load<int8_t>(bytes, i);
  case onnx::TensorProto::UINT8:
  case onnx::TensorProto::BOOL:
    return load<uint8_t>(bytes, i);
  default:
    // Float to int truncates toward zero, as ONNX Cast does; saturates so
    // that an out-of-range value is not undefined behaviour.
    return saturatingInt(getDouble(i));
  }
}

llvm::SmallVector<int64_t> ConstTensor::toInts() const {
  llvm::SmallVector<int64_t> out;
  for (int64_t i = 0, e = getNumElements(); i < e; ++i)
    out.push_back(getInt(i));
  return out;
}

std::vector<double> ConstTensor::toDoubles() const {
  std::vector<double> out(getNumElements());
  for (int64_t i = 0, e = out.size(); i < e; ++i)
    out[i] = getDouble(i);
  return out;
}

std::vector<float> ConstTensor::toFloats() const {
  std::vector<float> out(getNumElements());
  for (int64_t i = 0, e = out.size(); i < e; ++i)
    out[i] = static_cast<float>(getDouble(i));
  return out;
}

ConstTensor ConstTensor::select(
    Shape outShape,
    llvm::function_ref<int64_t(llvm::ArrayRef<int64_t>)> sourceIndex) const {
  int64_t size = elementByteSize(dtype);
  int64_t count = 1;
  for (int64_t d : outShape)
    count *= d;
  std::vector<char> out(count * size);
  llvm::SmallVector<int64_t> index(outShape.size(), 0);
  for (int64_t i = 0; i < count; ++i) {
    std::memcpy(out.data() + i * size, bytes.data() + sourceIndex(index) * size,
                size);
    for (int64_t d = static_cast<int64_t>(index.size()) - 1; d >= 0; --d) {
      if (++index[d] < outShape[d])
        break;
      index[d] = 0;
    }
  }
  return ConstTensor(dtype, std::move(outShape), std::move(out));
}

ConstTensor ConstTensor::concat(llvm::ArrayRef<const ConstTensor *> parts,
                                int64_t axis) {
  const ConstTensor &first = *parts.front();
  int64_t size = elementByteSize(first.dtype);
  Shape shape(first.shape);
  shape[axis] = 0;
  for (const ConstTensor *p : parts)
    shape[axis] += p->shape[axis];
  int64_t outer = 1;
  for (int64_t d = 0; d < axis; ++d)
    outer *= shape[d];
  std::vector<char> out;
  for (int64_t o = 0; o < outer; ++o)
    for (const ConstTensor *p : parts) {
      int64_t chunk = p->getNumElements() / std::max<int64_t>(outer, 1) * size;
      const char *src = p->bytes.data() + o * chunk;
      out.insert(out.end(), src, src + chunk);
    }
  return ConstTensor(first.dtype, std::move(shape), std::move(out));
}

ConstTensor ConstTensor::reshaped(Shape newShape) const {
  ConstTensor copy = *this;
  copy.shape = std::move(newShape);
  return copy;
}

} // namespace qmlir::onnx_import

// Tensor helpers: dtype names and sizes, shapes, float conversions, file reading.
#include "lib/Data/Tensor.h"

#include <cerrno>
#include <cmath>
#include <cstring>

namespace qmlir::data {

const char *dtypeName(DType t) {
  switch (t) {
  case DType::F32: return "f32";
  case DType::F64: return "f64";
  case DType::F16: return "f16";
  case DType::U8: return "u8";
  case DType::S8: return "s8";
  case DType::I16: return "i16";
  case DType::U16: return "u16";
  case DType::I32: return "i32";
  case DType::I64: return "i64";
  case DType::Bool: return "bool";
  }
  return "?";
}

size_t dtypeSize(DType t) {
  switch (t) {
  case DType::F64:
  case DType::I64: return 8;
  case DType::F32:
  case DType::I32: return 4;
  case DType::F16:
  case DType::I16:
  case DType::U16: return 2;
  case DType::U8:
  case DType::S8:
  case DType::Bool: return 1;
  }
  return 1;
}

bool isFloat(DType t) {
  return t == DType::F32 || t == DType::F64 || t == DType::F16;
}

std::optional<DType> parseDType(std::string_view n) {
  struct Entry { const char *name; DType t; };
  static const Entry table[] = {
      {"f32", DType::F32},     {"float32", DType::F32}, {"float", DType::F32},
      {"f64", DType::F64},     {"float64", DType::F64}, {"double", DType::F64},
      {"f16", DType::F16},     {"float16", DType::F16}, {"half", DType::F16},
      {"u8", DType::U8},       {"uint8", DType::U8},    {"s8", DType::S8},
      {"i8", DType::S8},       {"int8", DType::S8},     {"i16", DType::I16},
      {"int16", DType::I16},   {"u16", DType::U16},     {"uint16", DType::U16},
      {"i32", DType::I32},     {"int32", DType::I32},   {"i64", DType::I64},
      {"int64", DType::I64},   {"bool", DType::Bool},   {"i1", DType::Bool}};
  for (const Entry &e : table)
    if (n == e.name)
      return e.t;
  return std::nullopt;
}

std::string shapeString(const std::vector<int64_t> &shape) {
  if (shape.empty())
    return "scalar";
  std::string s;
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i)
      s += 'x';
    s += shape[i] < 0 ? std::string("?") : std::to_string(shape[i]);
  }
  return s;
}

int64_t shapeNumElements(const std::vector<int64_t> &shape) {
  const int64_t limit = int64_t(1) << 62;
  int64_t n = 1;
  for (int64_t d : shape) {
    if (d < 0)
      return -1;
    if (d == 0)
      n = 0;
    else if (n != 0 && n > limit / d)
      return -1;
    else
      n *= d;
  }
  // A zero dim anywhere makes the product 0 even if others would overflow.
  for (int64_t d : shape)
    if (d == 0)
      return 0;
  return n;
}

Tensor Tensor::zeros(DType dtype, std::vector<int64_t> shape) {
  Tensor t;
  t.dtype = dtype;
  t.shape = std::move(shape);
  int64_t n = t.numElements();
  t.bytes.assign(n > 0 ? size_t(n) * dtypeSize(dtype) : 0, 0);
  return t;
}

std::string Tensor::typeString() const {
  return std::string(dtypeName(dtype)) + " " + shapeString(shape);
}

float halfToFloat(uint16_t h) {
  uint32_t sign = uint32_t(h & 0x8000) << 16;
  uint32_t exp = (h >> 10) & 0x1f;
  uint32_t mant = h & 0x3ff;
  uint32_t bits;
  if (exp == 0x1f) {
    bits = sign | 0x7f800000u | (mant << 13);
  } else if (exp == 0) {
    if (mant == 0) {
      bits = sign;
    } else {
      // Subnormal: value = mant * 2^-24, exact in float.
      float v = std::ldexp(float(mant), -24);
      std::memcpy(&bits, &v, 4);
      bits |= sign;
    }
  } else {
    bits = sign | ((exp + 112) << 23) | (mant << 13);
  }
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}

uint16_t floatToHalf(float f) {
  uint32_t x;
  std::memcpy(&x, &f, 4);
  uint16_t sign = uint16_t((x >> 16) & 0x8000);
  uint32_t absx = x & 0x7fffffffu;
  if (absx >= 0x7f800000u) // Inf or NaN (keep NaN quiet and non-zero).
    return uint16_t(sign | 0x7c00 | (absx > 0x7f800000u ? 0x200 : 0));
  if (absx >= 0x477ff000u) // >= 65520 rounds to Inf.
    return uint16_t(sign | 0x7c00);
  if (absx < 0x38800000u) { // Below the smallest normal half: subnormal/zero.
    // Scale so that the half subnormal unit becomes 1.0, then round to even.
    float a;
    std::memcpy(&a, &absx, 4);
    float scaled = std::nearbyint(a * 16777216.0f); // 2^24
    return uint16_t(sign | uint16_t(scaled));
  }
  uint32_t mant = absx & 0x7fffff;
  uint32_t exp = (absx >> 23) - 112;
  uint32_t h = (exp << 10) | (mant >> 13);
  uint32_t rest = mant & 0x1fff;
  if (rest > 0x1000 || (rest == 0x1000 && (h & 1)))
    ++h; // Carries into the exponent correctly (up to Inf, excluded above).
  return uint16_t(sign | h);
}

std::optional<Tensor> convertFloat(const Tensor &t, DType to) {
  if (t.dtype == to)
    return t;
  if (!isFloat(t.dtype) || !isFloat(to))
    return std::nullopt;
  Tensor out = Tensor::zeros(to, t.shape);
  out.name = t.name;
  int64_t n = t.numElements();
  auto load = [&](int64_t i) -> double {
    switch (t.dtype) {
    case DType::F32: return t.data<float>()[i];
    case DType::F64: return t.data<double>()[i];
    default: return halfToFloat(t.data<uint16_t>()[i]);
    }
  };
  for (int64_t i = 0; i < n; ++i) {
    double v = load(i);
    switch (to) {
    case DType::F32: out.data<float>()[i] = float(v); break;
    case DType::F64: out.data<double>()[i] = v; break;
    default: out.data<uint16_t>()[i] = floatToHalf(float(v)); break;
    }
  }
  return out;
}

Result<std::vector<uint8_t>> readWholeFile(const std::string &path,
                                           size_t maxBytes,
                                           const std::string &what) {
  FilePtr f(std::fopen(path.c_str(), "rb"));
  if (!f)
    return fileError(path, std::string("cannot open: ") + std::strerror(errno));
  std::vector<uint8_t> bytes;
  uint8_t buf[1 << 16];
  size_t got;
  while ((got = std::fread(buf, 1, sizeof(buf), f.get())) > 0) {
    bytes.insert(bytes.end(), buf, buf + got);
    if (bytes.size() > maxBytes)
      return fileError(path, what + " too large");
  }
  if (std::ferror(f.get()))
    return fileError(path, "read error");
  return bytes;
}

} // namespace qmlir::data

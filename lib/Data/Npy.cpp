// .npy header parsing and encoding, streaming readers over files and .npz
// members (stored or deflated, ZIP64 aware), and .npy/.npz writers.
#include "lib/Data/Npy.h"

#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <limits>

namespace qmlir::data {

namespace {

constexpr char kNpyMagic[] = "\x93NUMPY";
/// numpy itself refuses headers over 10000 bytes by default; be a bit more
/// generous but never allocate an absurd amount for a corrupt length field.
constexpr uint32_t kMaxHeaderBytes = 1 << 20;

uint16_t le16(const uint8_t *p) { return uint16_t(p[0] | (p[1] << 8)); }
uint32_t le32(const uint8_t *p) {
  return uint32_t(p[0]) | (uint32_t(p[1]) << 8) | (uint32_t(p[2]) << 16) |
         (uint32_t(p[3]) << 24);
}
uint64_t le64(const uint8_t *p) {
  return uint64_t(le32(p)) | (uint64_t(le32(p + 4)) << 32);
}
void put16(std::vector<uint8_t> &v, uint32_t x) {
  v.push_back(uint8_t(x));
  v.push_back(uint8_t(x >> 8));
}
void put32(std::vector<uint8_t> &v, uint32_t x) {
  put16(v, x & 0xffff);
  put16(v, x >> 16);
}

/// Opens `path` for binary reading and reports its size.
Result<FilePtr> openForRead(const std::string &path, uint64_t *size) {
  FilePtr f(std::fopen(path.c_str(), "rb"));
  if (!f)
    return fileError(path, std::string("cannot open: ") + std::strerror(errno));
  if (fseeko(f.get(), 0, SEEK_END) != 0)
    return fileError(path, "cannot seek (not a regular file?)");
  off_t end = ftello(f.get());
  if (end < 0 || fseeko(f.get(), 0, SEEK_SET) != 0)
    return fileError(path, "cannot seek (not a regular file?)");
  *size = uint64_t(end);
  return f;
}

Status readAt(FILE *f, uint64_t offset, void *dst, size_t n,
              const std::string &name) {
  if (n == 0)
    return Status();
  if (offset > uint64_t(std::numeric_limits<off_t>::max()) ||
      fseeko(f, off_t(offset), SEEK_SET) != 0)
    return fileError(name, "cannot seek to offset " + std::to_string(offset));
  if (std::fread(dst, 1, n, f) != n)
    return fileError(name, "unexpected end of file at offset " +
                               std::to_string(offset) + " (truncated?)");
  return Status();
}

std::string quote(const std::string &s) { return "'" + s + "'"; }

/// Parser of the Python-literal dict in a .npy header.
class HeaderParser {
public:
  HeaderParser(const char *p, size_t n, const std::string &name)
      : p_(p), end_(p + n), name_(name) {}

  Result<NpyHeader> parse() {
    NpyHeader h;
    std::string descr;
    bool haveDescr = false, haveOrder = false, haveShape = false;
    bool fortran = false;
    skipWs();
    if (!eat('{'))
      return fail("header is not a Python dict literal");
    while (true) {
      skipWs();
      if (eat('}'))
        break;
      std::string key;
      if (!parseString(key))
        return fail("expected a quoted key in the header dict");
      skipWs();
      if (!eat(':'))
        return fail("expected ':' after key " + quote(key));
      skipWs();
      if (key == "descr") {
        if (peek() == '[')
          return fail("structured dtypes (record arrays) are not supported");
        if (!parseString(descr))
          return fail("'descr' is not a string");
        haveDescr = true;
      } else if (key == "fortran_order") {
        if (eatWord("True"))
          fortran = true;
        else if (eatWord("False"))
          fortran = false;
        else
          return fail("'fortran_order' is not True or False");
        haveOrder = true;
      } else if (key == "shape") {
        if (!parseShape(h.shape))
          return fail("'shape' is not a tuple of non-negative integers");
        haveShape = true;
      } else {
        return fail("unexpected key " + quote(key) + " in the header");
      }
      skipWs();
      if (eat(','))
        continue;
      skipWs();
      if (eat('}'))
        break;
      return fail("expected ',' or '}' in the header dict");
    }
    if (!haveDescr || !haveOrder || !haveShape)
      return fail("header lacks one of 'descr', 'fortran_order', 'shape'");
    if (fortran)
      return fail("Fortran-ordered arrays are not supported; save a C-ordered "
                  "copy (np.ascontiguousarray(a))");
    Result<DType> t = parseDescr(descr);
    if (!t)
      return t.error().empty() ? fail("bad dtype") : Error{t.error()};
    h.dtype = *t;
    int64_t n = shapeNumElements(h.shape);
    if (n < 0)
      return fail("shape " + shapeString(h.shape) + " is too large");
    h.dataBytes = uint64_t(n) * dtypeSize(h.dtype);
    return h;
  }

private:
  Error fail(const std::string &what) const {
    return fileError(name_, "bad .npy header: " + what);
  }
  char peek() const { return p_ < end_ ? *p_ : '\0'; }
  bool eat(char c) {
    if (peek() != c)
      return false;
    ++p_;
    return true;
  }
  bool eatWord(const char *w) {
    size_t n = std::strlen(w);
    if (size_t(end_ - p_) < n || std::memcmp(p_, w, n) != 0)
      return false;
    p_ += n;
    return true;
  }
  void skipWs() {
    while (p_ < end_ && (*p_ == ' ' || *p_ == '\t' || *p_ == '\n' ||
                         *p_ == '\r'))
      ++p_;
  }
  bool parseString(std::string &out) {
    char q = peek();
    if (q != '\'' && q != '"')
      return false;
    ++p_;
    out.clear();
    while (p_ < end_ && *p_ != q) {
      if (*p_ == '\\')
        return false; // numpy never escapes in the keys/values it writes.
      out += *p_++;
    }
    return eat(q);
  }
  bool parseShape(std::vector<int64_t> &shape) {
    if (!eat('('))
      return false;
    while (true) {
      skipWs();
      if (eat(')'))
        return true;
      if (peek() < '0' || peek() > '9')
        return false;
      int64_t v = 0;
      while (peek() >= '0' && peek() <= '9') {
        if (v > (std::numeric_limits<int64_t>::max() - 9) / 10)
          return false;
        v = v * 10 + (*p_++ - '0');
      }
      eat('L'); // Python 2 longs.
      shape.push_back(v);
      skipWs();
      if (eat(')'))
        return true;
      if (!eat(','))
        return false;
    }
  }
  Result<DType> parseDescr(const std::string &d) const {
    const char *supported =
        " (supported: <f2 <f4 <f8 |u1 |i1 <i2 <u2 <i4 <i8 |b1)";
    std::string body = d;
    char order = '|';
    if (!body.empty() && std::strchr("<>|=", body[0])) {
      order = body[0];
      body = body.substr(1);
    }
    struct Entry { const char *code; DType t; };
    static const Entry table[] = {
        {"f2", DType::F16}, {"f4", DType::F32}, {"f8", DType::F64},
        {"u1", DType::U8},  {"i1", DType::S8},  {"i2", DType::I16},
        {"u2", DType::U16}, {"i4", DType::I32}, {"i8", DType::I64},
        {"b1", DType::Bool}, {"?", DType::Bool}};
    for (const Entry &e : table) {
      if (body != e.code)
        continue;
      if (order == '>' && dtypeSize(e.t) > 1)
        return fail("big-endian dtype " + quote(d) +
                    " is not supported; save with a.astype(a.dtype."
                    "newbyteorder('<'))");
      return e.t;
    }
    if (body == "O")
      return fail("object arrays (pickled Python objects) are not supported");
    return fail("dtype " + quote(d) + " is not supported" + supported);
  }

  const char *p_;
  const char *end_;
  const std::string &name_;
};

const char *npyDescr(DType t) {
  switch (t) {
  case DType::F32: return "<f4";
  case DType::F64: return "<f8";
  case DType::F16: return "<f2";
  case DType::U8: return "|u1";
  case DType::S8: return "|i1";
  case DType::I16: return "<i2";
  case DType::U16: return "<u2";
  case DType::I32: return "<i4";
  case DType::I64: return "<i8";
  case DType::Bool: return "|b1";
  }
  return "|u1";
}

} // namespace

Result<NpyHeader> parseNpyHeader(const uint8_t *data, size_t size,
                                 const std::string &name) {
  if (size < 10)
    return fileError(name, "too short for a .npy file (" +
                               std::to_string(size) + " bytes)");
  if (std::memcmp(data, kNpyMagic, 6) != 0)
    return fileError(name, "not a .npy file (bad magic; expected "
                           "\"\\x93NUMPY\")");
  NpyHeader h;
  h.majorVersion = data[6];
  size_t lenBytes;
  if (h.majorVersion == 1)
    lenBytes = 2;
  else if (h.majorVersion == 2 || h.majorVersion == 3)
    lenBytes = 4;
  else
    return fileError(name, "unsupported .npy format version " +
                               std::to_string(data[6]) + "." +
                               std::to_string(data[7]));
  if (size < 8 + lenBytes)
    return fileError(name, "truncated .npy header");
  uint32_t len = lenBytes == 2 ? le16(data + 8) : le32(data + 8);
  if (len > kMaxHeaderBytes)
    return fileError(name, "implausible .npy header length " +
                               std::to_string(len) + " (corrupt file?)");
  size_t start = 8 + lenBytes;
  if (size < start + len)
    return fileError(name, "truncated .npy header (header says " +
                               std::to_string(len) + " bytes, file has " +
                               std::to_string(size - start) + ")");
  Result<NpyHeader> parsed =
      HeaderParser(reinterpret_cast<const char *>(data + start), len, name)
          .parse();
  if (!parsed)
    return parsed;
  parsed->majorVersion = h.majorVersion;
  parsed->dataOffset = start + len;
  return parsed;
}

std::vector<uint8_t> encodeNpy(const Tensor &t) {
  std::string dict = std::string("{'descr': '") + npyDescr(t.dtype) +
                     "', 'fortran_order': False, 'shape': (";
  for (size_t i = 0; i < t.shape.size(); ++i) {
    dict += std::to_string(t.shape[i]);
    dict += (t.shape.size() == 1 || i + 1 < t.shape.size()) ? "," : "";
    if (i + 1 < t.shape.size())
      dict += " ";
  }
  dict += "), }";
  // Pad with spaces and a final newline so the data starts 64-byte aligned.
  int version = dict.size() + 1 + 10 > 65535 ? 2 : 1;
  size_t prefix = version == 1 ? 10 : 12;
  size_t total = prefix + dict.size() + 1;
  size_t padded = (total + 63) / 64 * 64;
  dict.append(padded - total, ' ');
  dict += '\n';
  std::vector<uint8_t> out(kNpyMagic, kNpyMagic + 6);
  out.push_back(uint8_t(version));
  out.push_back(0);
  if (version == 1)
    put16(out, uint32_t(dict.size()));
  else
    put32(out, uint32_t(dict.size()));
  out.insert(out.end(), dict.begin(), dict.end());
  out.insert(out.end(), t.bytes.begin(), t.bytes.end());
  return out;
}

//===-- Byte sources --------------------------------------------------------===//

namespace detail {
/// Produces the uncompressed bytes of one .npy image in order.
struct ByteSource {
  virtual ~ByteSource() = default;
  virtual Status read(void *dst, uint64_t n) = 0;
};
} // namespace detail

namespace {

/// A byte range of a file, optionally CRC-checked when fully read.
class FileSource : public detail::ByteSource {
public:
  FileSource(FilePtr f, uint64_t offset, uint64_t size, std::string name,
             bool checkCrc, uint32_t crc)
      : f_(std::move(f)), pos_(offset), left_(size), name_(std::move(name)),
        checkCrc_(checkCrc), expectedCrc_(crc) {}

  Status read(void *dst, uint64_t n) override {
    if (n > left_)
      return fileError(name_, "unexpected end of data (truncated?)");
    if (n == 0)
      return Status();
    if (!positioned_) {
      if (fseeko(f_.get(), off_t(pos_), SEEK_SET) != 0)
        return fileError(name_, "cannot seek");
      positioned_ = true;
    }
    if (std::fread(dst, 1, size_t(n), f_.get()) != n)
      return fileError(name_, "unexpected end of file (truncated?)");
    pos_ += n;
    left_ -= n;
    if (checkCrc_) {
      crc_ = crc32Update(crc_, static_cast<const uint8_t *>(dst), n);
      if (left_ == 0 && crc_ != expectedCrc_)
        return fileError(name_, "CRC-32 mismatch (corrupt archive member)");
    }
    return Status();
  }

  static uint32_t crc32Update(uint32_t crc, const uint8_t *p, uint64_t n) {
    while (n) {
      uInt chunk = uInt(std::min<uint64_t>(n, 1u << 30));
      crc = uint32_t(::crc32(crc, p, chunk));
      p += chunk;
      n -= chunk;
    }
    return crc;
  }

private:
  FilePtr f_;
  uint64_t pos_, left_;
  std::string name_;
  bool positioned_ = false;
  bool checkCrc_;
  uint32_t expectedCrc_;
  uint32_t crc_ = 0;
};

/// A raw-deflate stream over a byte range of a file, CRC-checked at its end.
class InflateSource : public detail::ByteSource {
public:
  InflateSource(FilePtr f, uint64_t offset, uint64_t compressed,
                uint64_t uncompressed, std::string name, uint32_t crc)
      : f_(std::move(f)), pos_(offset), inLeft_(compressed),
        outLeft_(uncompressed), name_(std::move(name)), expectedCrc_(crc) {
    std::memset(&zs_, 0, sizeof(zs_));
    ok_ = inflateInit2(&zs_, -MAX_WBITS) == Z_OK;
  }
  ~InflateSource() override {
    if (ok_)
      inflateEnd(&zs_);
  }

  Status read(void *dst, uint64_t n) override {
    if (!ok_)
      return fileError(name_, "cannot initialize zlib");
    if (n > outLeft_)
      return fileError(name_, "unexpected end of data (truncated?)");
    uint8_t *out = static_cast<uint8_t *>(dst);
    uint64_t want = n;
    while (want > 0) {
      if (zs_.avail_in == 0 && inLeft_ > 0) {
        size_t chunk = size_t(std::min<uint64_t>(inLeft_, buf_.size()));
        if (!positioned_) {
          if (fseeko(f_.get(), off_t(pos_), SEEK_SET) != 0)
            return fileError(name_, "cannot seek");
          positioned_ = true;
        }
        if (std::fread(buf_.data(), 1, chunk, f_.get()) != chunk)
          return fileError(name_, "unexpected end of file in compressed data "
                                  "(truncated?)");
        inLeft_ -= chunk;
        zs_.next_in = buf_.data();
        zs_.avail_in = uInt(chunk);
      }
      uInt step = uInt(std::min<uint64_t>(want, 1u << 30));
      zs_.next_out = out;
      zs_.avail_out = step;
      int rc = inflate(&zs_, Z_NO_FLUSH);
      uInt produced = step - zs_.avail_out;
      crc_ = FileSource::crc32Update(crc_, out, produced);
      out += produced;
      want -= produced;
      if (rc == Z_STREAM_END) {
        if (want > 0)
          return fileError(name_, "compressed data ends early (corrupt or "
                                  "truncated archive member)");
        break;
      }
      if (rc == Z_DATA_ERROR || rc == Z_NEED_DICT || rc == Z_MEM_ERROR)
        return fileError(name_, std::string("corrupt deflate data: ") +
                                    (zs_.msg ? zs_.msg : "zlib error"));
      if (rc == Z_BUF_ERROR && produced == 0 && zs_.avail_in == 0 &&
          inLeft_ == 0)
        return fileError(name_, "compressed data ends early (truncated "
                                "archive member)");
    }
    outLeft_ -= n;
    if (outLeft_ == 0 && crc_ != expectedCrc_)
      return fileError(name_, "CRC-32 mismatch (corrupt archive member)");
    return Status();
  }

private:
  FilePtr f_;
  uint64_t pos_, inLeft_, outLeft_;
  std::string name_;
  uint32_t expectedCrc_;
  uint32_t crc_ = 0;
  bool positioned_ = false;
  bool ok_ = false;
  z_stream zs_;
  std::vector<uint8_t> buf_ = std::vector<uint8_t>(1 << 16);
};

} // namespace

//===-- NpyReader -----------------------------------------------------------===//

NpyReader::NpyReader() = default;
NpyReader::NpyReader(NpyReader &&) noexcept = default;
NpyReader &NpyReader::operator=(NpyReader &&) noexcept = default;
NpyReader::~NpyReader() = default;

Result<NpyReader> NpyReader::open(std::unique_ptr<detail::ByteSource> src,
                                  std::string name) {
  // Magic, version and the header length, then the header text.
  std::vector<uint8_t> head(8);
  Status s = src->read(head.data(), 8);
  if (!s) {
    if (s.error().find("end of") != std::string::npos)
      return fileError(name, "too short for a .npy file");
    return Error{s.error()};
  }
  if (std::memcmp(head.data(), kNpyMagic, 6) != 0)
    return fileError(name, "not a .npy file (bad magic; expected "
                           "\"\\x93NUMPY\")");
  if (head[6] < 1 || head[6] > 3)
    return fileError(name, "unsupported .npy format version " +
                               std::to_string(head[6]) + "." +
                               std::to_string(head[7]));
  size_t lenBytes = head[6] == 1 ? 2 : 4;
  {
    head.resize(8 + lenBytes);
    if (!(s = src->read(head.data() + 8, lenBytes)))
      return fileError(name, "truncated .npy header");
    uint32_t len = lenBytes == 2 ? le16(head.data() + 8) : le32(head.data() + 8);
    if (len <= kMaxHeaderBytes) {
      head.resize(8 + lenBytes + len);
      if (!(s = src->read(head.data() + 8 + lenBytes, len)))
        return fileError(name, "truncated .npy header");
    }
  }
  Result<NpyHeader> h = parseNpyHeader(head.data(), head.size(), name);
  if (!h)
    return Error{h.error()};
  NpyReader r;
  r.src_ = std::move(src);
  r.header_ = *h;
  r.name_ = std::move(name);
  r.remaining_ = h->dataBytes;
  return r;
}

Result<NpyReader> NpyReader::openFile(const std::string &path) {
  uint64_t size = 0;
  Result<FilePtr> f = openForRead(path, &size);
  if (!f)
    return Error{f.error()};
  auto src = std::make_unique<FileSource>(f.take(), 0, size, path, false, 0);
  Result<NpyReader> r = open(std::move(src), path);
  if (!r)
    return r;
  uint64_t expected = r->header_.dataOffset + r->header_.dataBytes;
  if (size < expected)
    return fileError(path, "truncated: header says " +
                               std::string(dtypeName(r->header_.dtype)) + " " +
                               shapeString(r->header_.shape) + " (" +
                               std::to_string(r->header_.dataBytes) +
                               " data bytes), file has " +
                               std::to_string(size - r->header_.dataOffset));
  if (size > expected)
    return fileError(path, std::to_string(size - expected) +
                               " unexpected bytes after the array data "
                               "(corrupt file?)");
  return r;
}

Status NpyReader::read(void *dst, uint64_t n) {
  if (n > remaining_)
    return fileError(name_, "read past the end of the array data");
  Status s = src_->read(dst, n);
  if (s)
    remaining_ -= n;
  return s;
}

Result<Tensor> NpyReader::readAll() {
  if (remaining_ != header_.dataBytes)
    return fileError(name_, "readAll() after partial reads");
  if (header_.dataBytes > uint64_t(std::numeric_limits<size_t>::max() / 2))
    return fileError(name_, "array too large to load");
  Tensor t;
  t.dtype = header_.dtype;
  t.shape = header_.shape;
  t.bytes.resize(size_t(header_.dataBytes));
  Status s = read(t.bytes.data(), header_.dataBytes);
  if (!s)
    return Error{s.error()};
  return t;
}

Result<Tensor> readNpy(const std::string &path) {
  Result<NpyReader> r = NpyReader::openFile(path);
  if (!r)
    return Error{r.error()};
  return r->readAll();
}

Result<Tensor> parseNpy(const uint8_t *data, size_t size,
                        const std::string &name) {
  Result<NpyHeader> h = parseNpyHeader(data, size, name);
  if (!h)
    return Error{h.error()};
  uint64_t avail = size - h->dataOffset;
  if (avail < h->dataBytes)
    return fileError(name, "truncated: header says " +
                               std::to_string(h->dataBytes) +
                               " data bytes, have " + std::to_string(avail));
  if (avail > h->dataBytes)
    return fileError(name, std::to_string(avail - h->dataBytes) +
                               " unexpected bytes after the array data");
  Tensor t;
  t.dtype = h->dtype;
  t.shape = h->shape;
  t.bytes.assign(data + h->dataOffset, data + size);
  return t;
}

namespace {
Status writeFile(const std::string &path, const std::vector<uint8_t> &bytes) {
  FilePtr f(std::fopen(path.c_str(), "wb"));
  if (!f)
    return fileError(path, std::string("cannot create: ") +
                               std::strerror(errno));
  if (!bytes.empty() &&
      std::fwrite(bytes.data(), 1, bytes.size(), f.get()) != bytes.size())
    return fileError(path, std::string("write failed: ") +
                               std::strerror(errno));
  FILE *raw = f.release();
  if (std::fclose(raw) != 0)
    return fileError(path, std::string("write failed: ") +
                               std::strerror(errno));
  return Status();
}

bool validTensor(const Tensor &t) {
  int64_t n = t.numElements();
  return n >= 0 && uint64_t(n) * dtypeSize(t.dtype) == t.bytes.size();
}
} // namespace

Status writeNpy(const std::string &path, const Tensor &t) {
  if (!validTensor(t))
    return fileError(path, "tensor " + t.typeString() + " has " +
                               std::to_string(t.bytes.size()) +
                               " bytes of data, which does not match");
  return writeFile(path, encodeNpy(t));
}

//===-- .npz ----------------------------------------------------------------===//

int NpzArchive::find(const std::string &name) const {
  std::string bare = name;
  if (bare.size() > 4 && bare.compare(bare.size() - 4, 4, ".npy") == 0)
    bare.resize(bare.size() - 4);
  for (size_t i = 0; i < members_.size(); ++i)
    if (members_[i].name == bare)
      return int(i);
  return -1;
}

Result<NpzArchive> NpzArchive::open(const std::string &path) {
  uint64_t size = 0;
  Result<FilePtr> opened = openForRead(path, &size);
  if (!opened)
    return Error{opened.error()};
  FILE *f = opened->get();
  uint8_t magic[6] = {0};
  size_t got = std::fread(magic, 1, 6, f);
  if (got >= 6 && std::memcmp(magic, kNpyMagic, 6) == 0)
    return fileError(path, "is a .npy file, not a .npz archive");
  if (got < 4 || magic[0] != 'P' || magic[1] != 'K' ||
      !((magic[2] == 3 && magic[3] == 4) || (magic[2] == 5 && magic[3] == 6)))
    return fileError(path, "not a .npz archive (bad magic; expected a zip "
                           "file starting with \"PK\")");
  if (size < 22)
    return fileError(path, "truncated zip archive (no end of central "
                           "directory)");

  // The end-of-central-directory record sits in the last 22 + 65535 bytes.
  uint64_t tailSize = std::min<uint64_t>(size, 22 + 65535);
  std::vector<uint8_t> tail(tailSize);
  Status s = readAt(f, size - tailSize, tail.data(), tail.size(), path);
  if (!s)
    return Error{s.error()};
  int64_t eocd = -1;
  for (int64_t i = int64_t(tailSize) - 22; i >= 0; --i)
    if (tail[i] == 'P' && tail[i + 1] == 'K' && tail[i + 2] == 5 &&
        tail[i + 3] == 6) {
      eocd = i;
      break;
    }
  if (eocd < 0)
    return fileError(path, "truncated or corrupt zip archive (no end of "
                           "central directory record)");
  const uint8_t *e = tail.data() + eocd;
  uint64_t count = le16(e + 10);
  uint64_t cdSize = le32(e + 12);
  uint64_t cdOffset = le32(e + 16);
  uint64_t eocdPos = size - tailSize + uint64_t(eocd);
  // ZIP64: a locator right before the record points at the ZIP64 record.
  if (eocdPos >= 20) {
    uint8_t loc[20];
    if ((s = readAt(f, eocdPos - 20, loc, 20, path)) && loc[0] == 'P' &&
        loc[1] == 'K' && loc[2] == 6 && loc[3] == 7) {
      uint64_t z64 = le64(loc + 8);
      uint8_t rec[56];
      if (z64 + 56 > size || !(s = readAt(f, z64, rec, 56, path)) ||
          le32(rec) != 0x06064b50)
        return fileError(path, "corrupt ZIP64 end of central directory");
      count = le64(rec + 32);
      cdSize = le64(rec + 40);
      cdOffset = le64(rec + 48);
    }
  }
  if (cdOffset > size || cdSize > size - cdOffset)
    return fileError(path, "corrupt zip archive (central directory outside "
                           "the file; truncated?)");
  std::vector<uint8_t> cd(static_cast<size_t>(cdSize));
  if (!(s = readAt(f, cdOffset, cd.data(), cd.size(), path)))
    return Error{s.error()};

  NpzArchive a;
  a.path_ = path;
  size_t p = 0;
  for (uint64_t i = 0; i < count; ++i) {
    if (p + 46 > cd.size() || le32(&cd[p]) != 0x02014b50)
      return fileError(path, "corrupt zip central directory (entry " +
                                 std::to_string(i) + ")");
    const uint8_t *c = &cd[p];
    uint16_t flags = le16(c + 8);
    NpzMember m;
    m.method = le16(c + 10);
    m.crc32 = le32(c + 16);
    m.compressedSize = le32(c + 20);
    m.uncompressedSize = le32(c + 24);
    size_t nameLen = le16(c + 28), extraLen = le16(c + 30),
           commentLen = le16(c + 32);
    m.localHeaderOffset = le32(c + 42);
    if (p + 46 + nameLen + extraLen + commentLen > cd.size())
      return fileError(path, "corrupt zip central directory (entry " +
                                 std::to_string(i) + ")");
    std::string fullName(reinterpret_cast<const char *>(c + 46), nameLen);
    // ZIP64 extended information: 64-bit values for the saturated fields,
    // in the order uncompressed, compressed, offset.
    const uint8_t *x = c + 46 + nameLen, *xend = x + extraLen;
    while (x + 4 <= xend) {
      uint16_t id = le16(x), len = le16(x + 2);
      if (x + 4 + len > xend)
        break;
      if (id == 0x0001) {
        const uint8_t *v = x + 4, *vend = v + len;
        auto take = [&](uint64_t &field) {
          if (field == 0xffffffffu && v + 8 <= vend) {
            field = le64(v);
            v += 8;
          }
        };
        take(m.uncompressedSize);
        take(m.compressedSize);
        take(m.localHeaderOffset);
      }
      x += 4 + len;
    }
    p += 46 + nameLen + extraLen + commentLen;
    if (!fullName.empty() && fullName.back() == '/')
      continue; // A directory entry.
    std::string where = path + ":" + fullName;
    if (fullName.size() < 5 ||
        fullName.compare(fullName.size() - 4, 4, ".npy") != 0)
      return fileError(where, "archive member is not a .npy array");
    m.name = fullName.substr(0, fullName.size() - 4);
    if (flags & 1)
      return fileError(where, "encrypted archive members are not supported");
    if (m.method != 0 && m.method != 8)
      return fileError(where, "compression method " +
                                  std::to_string(m.method) +
                                  " is not supported (only stored and "
                                  "deflate, as numpy writes)");
    // Deflate expands at most ~1032:1; a larger claim is corruption, and
    // would make readAll() allocate absurd amounts.
    if ((m.method == 0 && m.compressedSize != m.uncompressedSize) ||
        (m.method == 8 && m.uncompressedSize / 1032 > m.compressedSize + 1))
      return fileError(where, "implausible sizes in the zip directory "
                              "(corrupt archive)");
    a.members_.push_back(std::move(m));
  }
  // Read each member's .npy header (and check it against the zip sizes).
  for (size_t i = 0; i < a.members_.size(); ++i) {
    Result<NpyReader> r = a.openMember(i);
    if (!r)
      return Error{r.error()};
    NpzMember &m = a.members_[i];
    m.header = r->header();
    if (m.header.dataOffset + m.header.dataBytes != m.uncompressedSize) {
      uint64_t held = m.uncompressedSize -
                      std::min<uint64_t>(m.uncompressedSize,
                                         m.header.dataOffset);
      return fileError(r->displayName(),
                       std::string("header says ") +
                           dtypeName(m.header.dtype) + " " +
                           shapeString(m.header.shape) + " (" +
                           std::to_string(m.header.dataBytes) +
                           " data bytes) but the member holds " +
                           std::to_string(held) + " bytes");
    }
  }
  return a;
}

Result<NpyReader> NpzArchive::openMember(size_t index) const {
  const NpzMember &m = members_[index];
  std::string where = path_ + ":" + m.name + ".npy";
  uint64_t size = 0;
  Result<FilePtr> f = openForRead(path_, &size);
  if (!f)
    return Error{f.error()};
  uint8_t lh[30];
  if (m.localHeaderOffset + 30 > size)
    return fileError(where, "local header outside the file (truncated?)");
  Status s = readAt(f->get(), m.localHeaderOffset, lh, 30, where);
  if (!s)
    return Error{s.error()};
  if (le32(lh) != 0x04034b50)
    return fileError(where, "corrupt zip local header");
  uint64_t data = m.localHeaderOffset + 30 + le16(lh + 26) + le16(lh + 28);
  if (data > size || m.compressedSize > size - data)
    return fileError(where, "member data extends past the end of the file "
                            "(truncated archive)");
  std::unique_ptr<detail::ByteSource> src;
  if (m.method == 0) {
    if (m.compressedSize != m.uncompressedSize)
      return fileError(where, "stored member with differing sizes");
    src = std::make_unique<FileSource>(f.take(), data, m.compressedSize, where,
                                       true, m.crc32);
  } else {
    src = std::make_unique<InflateSource>(f.take(), data, m.compressedSize,
                                          m.uncompressedSize, where, m.crc32);
  }
  return NpyReader::open(std::move(src), where);
}

Result<Tensor> NpzArchive::read(size_t index) const {
  Result<NpyReader> r = openMember(index);
  if (!r)
    return Error{r.error()};
  Result<Tensor> t = r->readAll();
  if (t)
    t->name = members_[index].name;
  return t;
}

Result<std::vector<Tensor>> readNpz(const std::string &path) {
  Result<NpzArchive> a = NpzArchive::open(path);
  if (!a)
    return Error{a.error()};
  std::vector<Tensor> out;
  for (size_t i = 0; i < a->members().size(); ++i) {
    Result<Tensor> t = a->read(i);
    if (!t)
      return Error{t.error()};
    out.push_back(t.take());
  }
  return out;
}

Status writeNpz(const std::string &path, const std::vector<Tensor> &arrays) {
  std::vector<uint8_t> out, cd;
  for (size_t i = 0; i < arrays.size(); ++i) {
    const Tensor &t = arrays[i];
    if (!validTensor(t))
      return fileError(path, "array " + std::to_string(i) + " (" +
                                 t.typeString() +
                                 ") has a data size that does not match");
    std::string name = (t.name.empty() ? "arr_" + std::to_string(i) : t.name) +
                       ".npy";
    std::vector<uint8_t> npy = encodeNpy(t);
    uint64_t offset = out.size();
    if (npy.size() >= 0xffffffffu || offset >= 0xffffffffu || name.size() > 0xffff)
      return fileError(path, "arrays too large for a non-ZIP64 archive");
    uint32_t crc = FileSource::crc32Update(0, npy.data(), npy.size());
    auto header = [&](std::vector<uint8_t> &v, bool central) {
      put32(v, central ? 0x02014b50 : 0x04034b50);
      if (central)
        put16(v, 20); // Version made by.
      put16(v, 20);   // Version needed.
      put16(v, 0);    // Flags.
      put16(v, 0);    // Stored.
      put16(v, 0);    // Time.
      put16(v, 0x21); // Date: 1980-01-01.
      put32(v, crc);
      put32(v, uint32_t(npy.size()));
      put32(v, uint32_t(npy.size()));
      put16(v, uint32_t(name.size()));
      put16(v, 0); // Extra.
      if (central) {
        put16(v, 0); // Comment.
        put16(v, 0); // Disk.
        put16(v, 0); // Internal attributes.
        put32(v, 0); // External attributes.
        put32(v, uint32_t(offset));
      }
      v.insert(v.end(), name.begin(), name.end());
    };
    header(out, false);
    out.insert(out.end(), npy.begin(), npy.end());
    header(cd, true);
  }
  if (out.size() + cd.size() >= 0xffffffffu || arrays.size() > 0xffff)
    return fileError(path, "arrays too large for a non-ZIP64 archive");
  uint64_t cdOffset = out.size();
  out.insert(out.end(), cd.begin(), cd.end());
  put32(out, 0x06054b50);
  put16(out, 0);
  put16(out, 0);
  put16(out, uint32_t(arrays.size()));
  put16(out, uint32_t(arrays.size()));
  put32(out, uint32_t(cd.size()));
  put32(out, uint32_t(cdOffset));
  put16(out, 0);
  return writeFile(path, out);
}

} // namespace qmlir::data

// NumPy .npy/.npz reading (whole or streamed sample by sample) and writing.
#ifndef QMLIR_LIB_DATA_NPY_H
#define QMLIR_LIB_DATA_NPY_H

#include "lib/Data/Tensor.h"

#include <cstdio>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace qmlir::data {

/// The parsed header of a .npy array.
struct NpyHeader {
  DType dtype = DType::F32;
  std::vector<int64_t> shape;
  int majorVersion = 1;
  /// Bytes before the data (magic, version, length, header text).
  size_t dataOffset = 0;
  /// numElements * dtypeSize.
  uint64_t dataBytes = 0;
};

/// Parses a .npy header from the first `size` bytes of a file (a prefix is
/// enough if it holds the whole header). Accepts versions 1.0, 2.0 and 3.0,
/// C order, little-endian (or byte-order-free one-byte) dtypes <f2 <f4 <f8
/// |u1 |i1 <i2 <u2 <i4 <i8 |b1. `name` is used in messages only.
Result<NpyHeader> parseNpyHeader(const uint8_t *data, size_t size,
                                 const std::string &name);

/// Encodes a tensor as a version 1.0 .npy (2.0 if the header needs it).
std::vector<uint8_t> encodeNpy(const Tensor &t);

namespace detail {
struct ByteSource;
} // namespace detail

/// Sequential reader of one array's data: a .npy file or a member of a .npz
/// (stored or deflated). Reads the header on open and then hands out the data
/// in order, so a large calibration array is never held in memory whole.
/// Movable, not copyable.
class NpyReader {
public:
  /// Opens a .npy file and reads its header.
  static Result<NpyReader> openFile(const std::string &path);

  NpyReader(NpyReader &&) noexcept;
  NpyReader &operator=(NpyReader &&) noexcept;
  ~NpyReader();

  const NpyHeader &header() const { return header_; }
  /// "file.npy" or "file.npz:member.npy", for messages.
  const std::string &displayName() const { return name_; }
  /// Data bytes not yet read.
  uint64_t remaining() const { return remaining_; }
  /// Reads the next `n` data bytes into `dst`. A short file or a corrupt
  /// compressed stream is an error naming the file; so is reading past the
  /// array's end. When the last byte is read the member's CRC-32 (npz) is
  /// checked.
  Status read(void *dst, uint64_t n);
  /// Reads all remaining data into a tensor of shape header().shape (must
  /// be called before any read()).
  Result<Tensor> readAll();

private:
  NpyReader();
  friend class NpzArchive;
  static Result<NpyReader> open(std::unique_ptr<detail::ByteSource> src,
                                std::string name);

  std::unique_ptr<detail::ByteSource> src_;
  NpyHeader header_;
  std::string name_;
  uint64_t remaining_ = 0;
};

/// Reads a whole .npy file.
Result<Tensor> readNpy(const std::string &path);
/// Parses a whole .npy image held in memory (`name` is for messages).
Result<Tensor> parseNpy(const uint8_t *data, size_t size,
                        const std::string &name);
/// Writes `t` as a .npy file (any dtype; f16 as <f2, bool as |b1).
Status writeNpy(const std::string &path, const Tensor &t);

/// One array of a .npz archive, as listed in its central directory.
struct NpzMember {
  /// Member name without the ".npy" suffix (the keyword of numpy.savez).
  std::string name;
  /// The header, read from the member data.
  NpyHeader header;
  /// 0 = stored (numpy.savez), 8 = deflate (numpy.savez_compressed).
  int method = 0;
  uint64_t compressedSize = 0;
  uint64_t uncompressedSize = 0;
  uint32_t crc32 = 0;
  /// Offset of the member's local file header.
  uint64_t localHeaderOffset = 0;
};

/// A .npz archive: a zip (ZIP64 aware) of .npy members, stored or deflated.
class NpzArchive {
public:
  /// Reads the central directory and every member's .npy header.
  static Result<NpzArchive> open(const std::string &path);

  const std::string &path() const { return path_; }
  /// Members in archive order.
  const std::vector<NpzMember> &members() const { return members_; }
  /// Index of the member called `name` (with or without ".npy"), or -1.
  int find(const std::string &name) const;
  /// A streaming reader of member `index`.
  Result<NpyReader> openMember(size_t index) const;
  /// Reads member `index` whole (its Tensor::name is the member name).
  Result<Tensor> read(size_t index) const;

private:
  std::string path_;
  std::vector<NpzMember> members_;
};

/// Reads every array of a .npz, in archive order.
Result<std::vector<Tensor>> readNpz(const std::string &path);
/// Writes a .npz (stored members, like numpy.savez; names from Tensor::name,
/// "arr_<i>" when empty). np.load reads it.
Status writeNpz(const std::string &path, const std::vector<Tensor> &arrays);

} // namespace qmlir::data

#endif // QMLIR_LIB_DATA_NPY_H

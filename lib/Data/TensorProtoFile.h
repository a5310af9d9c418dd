// Reading and writing ONNX TensorProto .pb files (the layout of ONNX test data sets).
#ifndef QMLIR_LIB_DATA_TENSORPROTOFILE_H
#define QMLIR_LIB_DATA_TENSORPROTOFILE_H

#include "lib/Data/Tensor.h"

#include <string>

namespace qmlir::data {

/// Reads a serialized onnx.TensorProto (e.g. test_data_set_0/input_0.pb).
/// Accepts raw_data and the typed fields (float_data, int32_data,
/// int64_data, double_data; int32_data carries u8/s8/i16/u16/bool/f16 as
/// ONNX specifies) for FLOAT, DOUBLE, FLOAT16, UINT8, INT8, INT16, UINT16,
/// INT32, INT64 and BOOL, and checks the element count against the dims.
/// The result's Tensor::name is TensorProto.name. Refused with a message:
/// external data, segments, strings and other element types, protobuf parse
/// failures, negative dims, size mismatches.
Result<Tensor> readTensorProto(const std::string &path);
/// Parses a TensorProto held in memory (`name` is for messages).
Result<Tensor> parseTensorProto(const void *data, size_t size,
                                const std::string &name);
/// Writes `t` as a TensorProto with raw_data (name from Tensor::name).
Status writeTensorProto(const std::string &path, const Tensor &t);

} // namespace qmlir::data

#endif // QMLIR_LIB_DATA_TENSORPROTOFILE_H

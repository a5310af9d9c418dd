//===- ModelLoader.h - Bytes to onnx::ModelProto ----------------*- C++ -*-===//
//
// Decodes binary protobuf or ONNX's textual syntax. Lives in its own library
// built with exceptions: ONNX's parser and protobuf may throw on bad input.
//
//===----------------------------------------------------------------------===//

#ifndef QMLIR_LIB_IMPORT_ONNX_MODELLOADER_H
#define QMLIR_LIB_IMPORT_ONNX_MODELLOADER_H

#include "onnx/onnx_pb.h"

#include <string>
#include <string_view>

namespace qmlir::onnx_import {

/// True when `data` looks like ONNX's textual syntax rather than protobuf.
bool looksLikeONNXText(std::string_view data);

/// Fills `model` from `data`. Returns an empty string on success, otherwise
/// a one-line description of what is wrong with the input.
std::string loadModel(std::string_view data, onnx::ModelProto &model);

} // namespace qmlir::onnx_import

#endif // QMLIR_LIB_IMPORT_ONNX_MODELLOADER_H

//===- ModelLoader.cpp - Bytes to onnx::ModelProto ------------------------===//
//
// Built with -fexceptions: ONNX's textual parser uses std::stoi and friends.
//
//===----------------------------------------------------------------------===//

#include "ModelLoader.h"

#include "onnx/defs/parser.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include <cctype>
#include <exception>
#include <limits>

namespace qmlir::onnx_import {

bool looksLikeONNXText(std::string_view data) {
  // A serialized ModelProto starts with a field tag (ir_version is field 1,
  // tag 0x08) and soon holds length bytes below 0x20; the text syntax is
  // printable and starts with `<` (model header) or a graph name, possibly
  // after comments and whitespace.
  for (unsigned char c : data.substr(0, 512))
    if (c < 0x20 && c != '\n' && c != '\r' && c != '\t')
      return false;
  for (size_t i = 0; i < data.size(); ++i) {
    unsigned char c = data[i];
    if (std::isspace(c))
      continue;
    if (c == '#') { // comment to end of line
      while (i < data.size() && data[i] != '\n')
        ++i;
      continue;
    }
    return c == '<' || std::isalpha(c) || c == '_';
  }
  return false;
}

static std::string loadBinary(std::string_view data, onnx::ModelProto &model) {
  if (data.empty())
    return "the file is empty";
  google::protobuf::io::ArrayInputStream raw(data.data(),
                                             static_cast<int>(data.size()));
  google::protobuf::io::CodedInputStream coded(&raw);
  coded.SetTotalBytesLimit(std::numeric_limits<int>::max());
  if (!model.ParseFromCodedStream(&coded) || !coded.ConsumedEntireMessage())
    return "not a valid ONNX model (protobuf decoding failed: truncated or "
           "not an ONNX file)";
  if (!model.has_graph())
    return "not a valid ONNX model (no graph)";
  return "";
}

static std::string loadText(std::string_view data, onnx::ModelProto &model) {
  std::string text(data); // the parser wants a NUL-terminated string
  try {
    onnx::OnnxParser parser(text.c_str());
    onnx::Status status = parser.Parse(model);
    if (!status.IsOK())
      return "ONNX text syntax error: " + status.ErrorMessage();
  } catch (const std::exception &e) {
    return std::string("ONNX text syntax error: ") + e.what();
  }
  if (!model.has_graph())
    return "ONNX text has no graph";
  return "";
}

std::string loadModel(std::string_view data, onnx::ModelProto &model) {
  try {
    if (looksLikeONNXText(data))
      return loadText(data, model);
    return loadBinary(data, model);
  } catch (const std::exception &e) {
    return std::string("cannot decode the model: ") + e.what();
  }
}

} // namespace qmlir::onnx_import

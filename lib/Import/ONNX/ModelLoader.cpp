//===- ModelLoader.cpp - Bytes to onnx::ModelProto ------------------------===//
//
// Built with -fexceptions: ONNX's textual parser uses std::stoi and friends.
//
//===----------------------------------------------------------------------===//

#include "ModelLoader.h"

#include "onnx/defs/parser.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include <algorithm>
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

/// Deepest nesting of (), [] and {} outside string literals and comments.
/// ONNX's parser recurses once per nested subgraph and overflows the stack
/// after a few thousand levels; real models nest a handful.
static int nestingDepth(std::string_view text) {
  int depth = 0, deepest = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '#') {
      while (i < text.size() && text[i] != '\n')
        ++i;
    } else if (c == '"') {
      for (++i; i < text.size() && text[i] != '"'; ++i)
        if (text[i] == '\\')
          ++i;
    } else if (c == '(' || c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
    } else if (c == ')' || c == ']' || c == '}') {
      depth = std::max(depth - 1, 0);
    }
  }
  return deepest;
}

/// The parser's message quotes the offending line, which may be huge.
static std::string shortened(std::string message) {
  constexpr size_t kMaxLength = 400;
  if (message.size() > kMaxLength)
    message = message.substr(0, kMaxLength) + "...";
  return message;
}

static std::string loadText(std::string_view data, onnx::ModelProto &model) {
  constexpr int kMaxNesting = 64;
  if (nestingDepth(data) > kMaxNesting)
    return "ONNX text nests brackets more than " +
           std::to_string(kMaxNesting) + " levels deep";
  std::string text(data); // the parser wants a NUL-terminated string
  try {
    onnx::OnnxParser parser(text.c_str());
    onnx::Status status = parser.Parse(model);
    if (!status.IsOK())
      return shortened("ONNX text syntax error: " + status.ErrorMessage());
  } catch (const std::exception &e) {
    return shortened(std::string("ONNX text syntax error: ") + e.what());
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

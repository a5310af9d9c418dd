//===- QuantConfig.cpp - Which node quantizes how (JSON config) -----------===//

#include "lib/Support/QuantConfig.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Location.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Regex.h"

#include <tuple>

using namespace mlir;
using namespace qmlir;

namespace {

/// One entry of the config: null, or the fields it sets.
struct Entry {
  bool isNull = false;
  std::optional<bool> isSigned, symmetric, perChannel;
  std::optional<calib::CalibrationMethod> method;
  std::optional<double> percentile;
  std::string label; ///< "node_name 'conv1'", for reports
  mutable bool matched = false;
};

/// Applies the fields `e` sets over `config`.
void apply(const Entry &e, NodeQConfig &config) {
  config.decidedBy = e.label;
  if (e.isNull) {
    config.quantize = false;
    return;
  }
  config.quantize = true;
  if (e.isSigned)
    config.activation.isSigned = *e.isSigned;
  if (e.symmetric)
    config.activation.symmetric = *e.symmetric;
  if (e.method)
    config.activation.method = *e.method;
  if (e.percentile)
    config.activation.percentile = *e.percentile;
  if (e.perChannel)
    config.weight.perChannel = *e.perChannel;
}

/// Reads a config file into entries, reporting errors at file locations.
class Parser {
public:
  Parser(StringRef path, StringRef text, MLIRContext *context)
      : path(path), text(text), context(context) {}

  /// The position of the last key of `keys` in the file (keys found in
  /// order, so nested keys resolve under their parents). Keys are searched as
  /// JSON spells them, so that escapes (backslashes in regexes) match.
  size_t offsetOf(ArrayRef<StringRef> keys) const {
    size_t pos = 0;
    for (StringRef key : keys) {
      std::string quoted;
      llvm::raw_string_ostream(quoted) << llvm::json::Value(key);
      // Only as a key (followed by ':'), not as a value such as
      // "method": "percentile".
      for (size_t found = text.find(quoted, pos); found != StringRef::npos;
           found = text.find(quoted, found + 1)) {
        if (text.drop_front(found + quoted.size()).ltrim().starts_with(":")) {
          pos = found;
          break;
        }
      }
    }
    return pos;
  }

  /// An error at the position of the last key of `keys` in the file.
  InFlightDiagnostic error(ArrayRef<StringRef> keys) {
    size_t pos = offsetOf(keys);
    StringRef before = text.take_front(pos);
    unsigned line = before.count('\n') + 1;
    size_t lineStart = before.rfind('\n');
    unsigned col = pos - (lineStart == StringRef::npos ? 0 : lineStart + 1) + 1;
    return emitError(FileLineColLoc::get(context, path, line, col));
  }

  LogicalResult parseEntry(const llvm::json::Value &value,
                           SmallVector<StringRef> keys, Entry &entry) {
    if (value.kind() == llvm::json::Value::Null) {
      entry.isNull = true;
      return success();
    }
    const llvm::json::Object *obj = value.getAsObject();
    if (!obj)
      return error(keys) << "expected an object or null for '"
                         << keys.back() << "'";
    for (const auto &[keyObj, sub] : *obj) {
      StringRef key = keyObj;
      SmallVector<StringRef> subKeys(keys);
      subKeys.push_back(key);
      if (key == "activation") {
        if (failed(parseActivation(sub, subKeys, entry)))
          return failure();
      } else if (key == "weight") {
        if (failed(parseWeight(sub, subKeys, entry)))
          return failure();
      } else {
        return error(subKeys) << "unknown key '" << key
                              << "' (expected 'activation' or 'weight')";
      }
    }
    return success();
  }

  LogicalResult parseActivation(const llvm::json::Value &value,
                                ArrayRef<StringRef> keys, Entry &entry) {
    const llvm::json::Object *obj = value.getAsObject();
    if (!obj)
      return error(keys) << "'activation' must be an object";
    for (const auto &[keyObj, v] : *obj) {
      StringRef key = keyObj;
      SmallVector<StringRef> at(keys);
      at.push_back(key);
      if (key == "dtype") {
        std::optional<StringRef> s = v.getAsString();
        if (!s || (*s != "u8" && *s != "s8"))
          return error(at) << "activation dtype must be \"u8\" or \"s8\"";
        entry.isSigned = *s == "s8";
      } else if (key == "symmetric") {
        if (!(entry.symmetric = v.getAsBoolean()))
          return error(at) << "'symmetric' must be true or false";
      } else if (key == "method") {
        std::optional<StringRef> s = v.getAsString();
        std::optional<calib::CalibrationMethod> m;
        if (s)
          m = calib::parseCalibrationMethod(std::string_view(s->data(), s->size()));
        if (!m)
          return error(at) << "method must be one of minmax, percentile, "
                              "entropy, mse";
        entry.method = m;
      } else if (key == "percentile") {
        std::optional<double> p = v.getAsNumber();
        if (!p || !(*p > 0 && *p <= 100))
          return error(at) << "percentile must be a number in (0, 100]";
        entry.percentile = p;
      } else {
        return error(at) << "unknown key '" << key
                         << "' in activation (expected dtype, symmetric, "
                            "method, percentile)";
      }
    }
    return success();
  }

  LogicalResult parseWeight(const llvm::json::Value &value,
                            ArrayRef<StringRef> keys, Entry &entry) {
    const llvm::json::Object *obj = value.getAsObject();
    if (!obj)
      return error(keys) << "'weight' must be an object";
    for (const auto &[keyObj, v] : *obj) {
      StringRef key = keyObj;
      SmallVector<StringRef> at(keys);
      at.push_back(key);
      if (key == "dtype") {
        std::optional<StringRef> s = v.getAsString();
        if (!s || *s != "s8")
          return error(at) << "weight dtype must be \"s8\" (the runtime's "
                              "integer kernels take s8 weights)";
      } else if (key == "per_channel") {
        if (!(entry.perChannel = v.getAsBoolean()))
          return error(at) << "'per_channel' must be true or false";
      } else if (key == "symmetric") {
        std::optional<bool> b = v.getAsBoolean();
        if (!b || !*b)
          return error(at) << "weights are always symmetric (zero point 0 "
                              "in [-127, 127]); only true is accepted";
      } else {
        return error(at) << "unknown key '" << key
                         << "' in weight (expected dtype, per_channel, "
                            "symmetric)";
      }
    }
    return success();
  }

  StringRef path, text;
  MLIRContext *context;
};

} // namespace

struct QuantConfig::Impl {
  Entry global;
  llvm::StringMap<Entry> opTypes;
  std::vector<std::pair<llvm::Regex, Entry>> regexes;
  llvm::StringMap<Entry> nodeNames;
  std::string path;
};

QuantConfig::QuantConfig(calib::CalibrationMethod method, double percentile,
                         bool signedActivations)
    : impl(std::make_unique<Impl>()) {
  if (signedActivations)
    impl->global.isSigned = true;
  impl->global.method = method;
  impl->global.percentile = percentile;
  impl->global.label = "global";
}
QuantConfig::~QuantConfig() = default;
QuantConfig::QuantConfig(QuantConfig &&) = default;
QuantConfig &QuantConfig::operator=(QuantConfig &&) = default;

std::optional<std::string> qmlir::canonicalOpType(StringRef key) {
  key.consume_front("qnn.");
  static const char *const mnemonics[] = {
      "conv2d",    "fully_connected", "batch_norm", "relu",
      "clamp",     "leaky_relu",      "sigmoid",    "hard_sigmoid",
      "hard_swish", "tanh",           "softmax",    "add",
      "sub",       "mul",             "div",        "max_pool",
      "avg_pool",  "global_avg_pool", "reduce_mean", "concat",
      "reshape",   "flatten",         "transpose",  "pad",
      "slice",     "resize",          "swish"};
  for (const char *m : mnemonics)
    if (key == m)
      return std::string(m);
  StringRef onnx = llvm::StringSwitch<StringRef>(key)
                       .Case("Conv", "conv2d")
                       .Cases({"Gemm", "MatMul"}, "fully_connected")
                       .Case("BatchNormalization", "batch_norm")
                       .Case("Relu", "relu")
                       .Case("Clip", "clamp")
                       .Case("LeakyRelu", "leaky_relu")
                       .Case("Sigmoid", "sigmoid")
                       .Case("HardSigmoid", "hard_sigmoid")
                       .Case("HardSwish", "hard_swish")
                       .Case("Tanh", "tanh")
                       .Case("Softmax", "softmax")
                       .Case("Add", "add")
                       .Case("Sub", "sub")
                       .Case("Mul", "mul")
                       .Case("Div", "div")
                       .Case("MaxPool", "max_pool")
                       .Case("AveragePool", "avg_pool")
                       .Case("GlobalAveragePool", "global_avg_pool")
                       .Case("ReduceMean", "reduce_mean")
                       .Case("Concat", "concat")
                       .Case("Reshape", "reshape")
                       .Case("Flatten", "flatten")
                       .Case("Transpose", "transpose")
                       .Case("Pad", "pad")
                       .Case("Slice", "slice")
                       .Case("Resize", "resize")
                       .Default("");
  if (onnx.empty())
    return std::nullopt;
  return onnx.str();
}

FailureOr<QuantConfig> QuantConfig::load(StringRef path, MLIRContext *context,
                                         calib::CalibrationMethod method,
                                         double percentile,
                                         bool signedActivations) {
  QuantConfig config(method, percentile, signedActivations);
  config.impl->path = path.str();
  Location fileLoc = FileLineColLoc::get(context, path, 0, 0);
  auto buffer = llvm::MemoryBuffer::getFile(path);
  if (!buffer)
    return emitError(fileLoc) << "cannot read quantization config: "
                              << buffer.getError().message();
  StringRef text = (*buffer)->getBuffer();
  llvm::Expected<llvm::json::Value> json = llvm::json::parse(text);
  if (!json)
    return emitError(fileLoc) << "invalid JSON: "
                              << llvm::toString(json.takeError());
  const llvm::json::Object *root = json->getAsObject();
  if (!root)
    return emitError(fileLoc) << "the config must be a JSON object";

  Parser parser(path, text, context);
  Impl &impl = *config.impl;
  // JSON objects do not keep their order, but the first matching pattern
  // wins: patterns are ordered by their position in the file.
  std::vector<std::tuple<size_t, llvm::Regex, Entry>> regexes;
  for (const auto &[keyObj, value] : *root) {
    StringRef key = keyObj;
    if (key == "global") {
      Entry e;
      if (failed(parser.parseEntry(value, {key}, e)))
        return failure();
      if (e.isNull)
        return parser.error({key}) << "'global' cannot be null; set "
                                      "op_type entries to null instead";
      // Fields the file leaves out keep the defaults.
      Entry &g = impl.global;
      g.isSigned = e.isSigned ? e.isSigned : g.isSigned;
      g.symmetric = e.symmetric ? e.symmetric : g.symmetric;
      g.method = e.method ? e.method : g.method;
      g.percentile = e.percentile ? e.percentile : g.percentile;
      g.perChannel = e.perChannel ? e.perChannel : g.perChannel;
      continue;
    }
    bool isOpType = key == "op_type", isRegex = key == "node_name_regex",
         isName = key == "node_name";
    if (!isOpType && !isRegex && !isName)
      return parser.error({key})
             << "unknown key '" << key
             << "' (expected global, op_type, node_name_regex, node_name)";
    const llvm::json::Object *map = value.getAsObject();
    if (!map)
      return parser.error({key}) << "'" << key << "' must be an object";
    for (const auto &[nameObj, sub] : *map) {
      StringRef name = nameObj;
      Entry e;
      if (failed(parser.parseEntry(sub, {key, name}, e)))
        return failure();
      if (isOpType) {
        std::optional<std::string> op = canonicalOpType(name);
        if (!op)
          return parser.error({key, name})
                 << "unknown op type '" << name
                 << "' (use a qnn op such as conv2d or an ONNX op type "
                    "such as Conv)";
        e.label = ("op_type '" + name + "'").str();
        impl.opTypes[*op] = std::move(e);
      } else if (isRegex) {
        llvm::Regex regex(("^(" + name + ")$").str());
        std::string regexError;
        if (!regex.isValid(regexError))
          return parser.error({key, name})
                 << "invalid regular expression '" << name
                 << "': " << regexError;
        e.label = ("node_name_regex '" + name + "'").str();
        regexes.emplace_back(parser.offsetOf({key, name}), std::move(regex),
                             std::move(e));
      } else {
        e.label = ("node_name '" + name + "'").str();
        impl.nodeNames[name] = std::move(e);
      }
    }
  }
  llvm::stable_sort(regexes, [](const auto &a, const auto &b) {
    return std::get<0>(a) < std::get<0>(b);
  });
  for (auto &[offset, regex, e] : regexes)
    impl.regexes.emplace_back(std::move(regex), std::move(e));
  return config;
}

NodeQConfig QuantConfig::resolve(StringRef opName, StringRef nodeName) const {
  NodeQConfig config;
  apply(impl->global, config);
  auto op = impl->opTypes.find(opName);
  if (op != impl->opTypes.end()) {
    op->second.matched = true;
    apply(op->second, config);
  }
  for (auto &[regex, entry] : impl->regexes)
    if (!nodeName.empty() && regex.match(nodeName)) {
      entry.matched = true;
      apply(entry, config);
      break; // the first matching pattern wins, as in QConfigMapping
    }
  auto name = impl->nodeNames.find(nodeName);
  if (name != impl->nodeNames.end()) {
    name->second.matched = true;
    apply(name->second, config);
  }
  return config;
}

void QuantConfig::warnUnmatched(MLIRContext *context) const {
  Location loc = FileLineColLoc::get(context, impl->path, 0, 0);
  for (const auto &[regex, entry] : impl->regexes)
    if (!entry.matched)
      emitWarning(loc) << entry.label << " matches no node";
  for (const auto &entry : impl->nodeNames)
    if (!entry.second.matched)
      emitWarning(loc) << entry.second.label << " matches no node";
  for (const auto &entry : impl->opTypes)
    if (!entry.second.matched)
      emitWarning(loc) << entry.second.label << " matches no node";
}

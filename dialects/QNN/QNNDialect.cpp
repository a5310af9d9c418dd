//===- QNNDialect.cpp - The qnn dialect and its attributes ----------------===//
//
// Registers the qnn ops and attributes; parses and prints #qnn.activation.
//
//===----------------------------------------------------------------------===//

#include "dialects/QNN/QNNDialect.h"
#include "dialects/QNN/QNNOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cmath>

using namespace mlir;
using namespace qmlir::qnn;

#include "dialects/QNN/QNNDialect.cpp.inc"
#include "dialects/QNN/QNNEnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "dialects/QNN/QNNAttrs.cpp.inc"

void QNNDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "dialects/QNN/QNNOps.cpp.inc"
      >();
  addAttributes<
#define GET_ATTRDEF_LIST
#include "dialects/QNN/QNNAttrs.cpp.inc"
      >();
}

//===----------------------------------------------------------------------===//
// ActivationAttr
//===----------------------------------------------------------------------===//

LogicalResult
ActivationAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                       ActivationKind kind, APFloat min, APFloat max,
                       APFloat alpha) {
  if (kind == ActivationKind::Clamp &&
      min.compare(max) == APFloat::cmpGreaterThan)
    return emitError() << "clamp bounds are reversed: min "
                       << min.convertToDouble() << " > max "
                       << max.convertToDouble();
  if (kind == ActivationKind::Clamp && (min.isNaN() || max.isNaN()))
    return emitError() << "clamp bounds must not be NaN";
  return success();
}

double ActivationAttr::apply(double x) const {
  switch (getKind()) {
  case ActivationKind::Relu:
    return x > 0 ? x : 0;
  case ActivationKind::Clamp:
    return std::min(std::max(x, getMin().convertToDouble()),
                    getMax().convertToDouble());
  case ActivationKind::LeakyRelu:
    return x >= 0 ? x : getAlpha().convertToDouble() * x;
  case ActivationKind::Swish:
    return x / (1 + std::exp(-x));
  }
  llvm_unreachable("unknown activation kind");
}

/// #qnn.activation<relu> | <clamp, min = F, max = F> | <leaky_relu, alpha = F>
/// | <swish>
Attribute ActivationAttr::parse(AsmParser &parser, Type) {
  StringRef keyword;
  SMLoc loc = parser.getCurrentLocation();
  if (parser.parseLess() || parser.parseKeyword(&keyword))
    return {};
  std::optional<ActivationKind> kind = symbolizeActivationKind(keyword);
  if (!kind) {
    parser.emitError(loc) << "unknown activation '" << keyword
                          << "', expected relu, clamp, leaky_relu or swish";
    return {};
  }
  auto parseNamed = [&](StringRef name, double &value) {
    return failure(parser.parseComma() || parser.parseKeyword(name) ||
                   parser.parseEqual() || parser.parseFloat(value));
  };
  double min = 0, max = 0, alpha = 0;
  if (*kind == ActivationKind::Clamp &&
      (failed(parseNamed("min", min)) || failed(parseNamed("max", max))))
    return {};
  if (*kind == ActivationKind::LeakyRelu && failed(parseNamed("alpha", alpha)))
    return {};
  if (parser.parseGreater())
    return {};
  return getChecked([&] { return parser.emitError(loc); },
                    parser.getContext(), *kind, APFloat(min), APFloat(max),
                    APFloat(alpha));
}

void ActivationAttr::print(AsmPrinter &printer) const {
  printer << "<" << stringifyActivationKind(getKind());
  if (getKind() == ActivationKind::Clamp)
  {
    printer << ", min = ";
    printer.printFloat(getMin());
    printer << ", max = ";
    printer.printFloat(getMax());
  }
  if (getKind() == ActivationKind::LeakyRelu)
  {
    printer << ", alpha = ";
    printer.printFloat(getAlpha());
  }
  printer << ">";
}

//===----------------------------------------------------------------------===//
// StatsAttr
//===----------------------------------------------------------------------===//

LogicalResult StatsAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                APFloat min, APFloat max, int64_t count,
                                APFloat range, DenseIntElementsAttr histogram,
                                DenseFPElementsAttr channelMin,
                                DenseFPElementsAttr channelMax) {
  if (count < 0)
    return emitError() << "count must be non-negative, got " << count;
  if (count > 0 && min.compare(max) == APFloat::cmpGreaterThan)
    return emitError() << "min " << min.convertToDouble() << " exceeds max "
                       << max.convertToDouble();
  if (histogram) {
    auto type = histogram.getType();
    if (type.getRank() != 1 || !type.getElementType().isInteger(64))
      return emitError() << "histogram must be a 1-D tensor of i64";
    double r = range.convertToDouble();
    int exponent = 0;
    // A power of two has mantissa exactly 0.5 in frexp's convention.
    if (!(r > 0) || std::frexp(r, &exponent) != 0.5)
      return emitError() << "histogram range " << r
                         << " must be a positive power of two";
    for (const APInt &bin : histogram.getValues<APInt>())
      if (bin.isNegative())
        return emitError() << "histogram bins must be non-negative";
  }
  if (bool(channelMin) != bool(channelMax))
    return emitError() << "channel_min and channel_max come together";
  if (channelMin && channelMin.getType() != channelMax.getType())
    return emitError() << "channel_min and channel_max differ in shape";
  if (channelMin && channelMin.getType().getRank() != 1)
    return emitError() << "channel_min/channel_max must be 1-D";
  return success();
}

Attribute StatsAttr::parse(AsmParser &parser, Type) {
  SMLoc loc = parser.getCurrentLocation();
  double min = 0, max = 0, range = 0;
  int64_t count = 0;
  DenseIntElementsAttr histogram;
  DenseFPElementsAttr channelMin, channelMax;
  auto parseFloatField = [&](StringRef name, double &value) {
    return failure(parser.parseKeyword(name) || parser.parseEqual() ||
                   parser.parseFloat(value));
  };
  if (parser.parseLess() || failed(parseFloatField("min", min)) ||
      parser.parseComma() || failed(parseFloatField("max", max)) ||
      parser.parseComma() || parser.parseKeyword("count") ||
      parser.parseEqual() || parser.parseInteger(count))
    return {};
  while (succeeded(parser.parseOptionalComma())) {
    StringRef key;
    SMLoc keyLoc = parser.getCurrentLocation();
    if (parser.parseKeyword(&key) || parser.parseEqual())
      return {};
    if (key == "range") {
      if (parser.parseFloat(range))
        return {};
    } else if (key == "histogram") {
      if (parser.parseAttribute(histogram))
        return {};
    } else if (key == "channel_min") {
      if (parser.parseAttribute(channelMin))
        return {};
    } else if (key == "channel_max") {
      if (parser.parseAttribute(channelMax))
        return {};
    } else {
      parser.emitError(keyLoc) << "unknown stats field '" << key
                               << "' (expected range, histogram, "
                                  "channel_min or channel_max)";
      return {};
    }
  }
  if (parser.parseGreater())
    return {};
  return getChecked([&] { return parser.emitError(loc); },
                    parser.getContext(), APFloat(min), APFloat(max), count,
                    APFloat(range), histogram, channelMin, channelMax);
}

void StatsAttr::print(AsmPrinter &printer) const {
  printer << "<min = ";
  printer.printFloat(getMin());
  printer << ", max = ";
  printer.printFloat(getMax());
  printer << ", count = " << getCount();
  if (getHistogram()) {
    printer << ", range = ";
    printer.printFloat(getRange());
    printer << ", histogram = ";
    printer.printAttribute(getHistogram());
  }
  if (getChannelMin()) {
    printer << ", channel_min = ";
    printer.printAttribute(getChannelMin());
    printer << ", channel_max = ";
    printer.printAttribute(getChannelMax());
  }
  printer << ">";
}

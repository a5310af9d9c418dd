//===- QRTDialect.cpp - The qrt dialect and its attributes ----------------===//
//
// Registers the qrt ops and attributes; parses, prints and verifies
// #qrt.quant and #qrt.activation.
//
//===----------------------------------------------------------------------===//

#include "dialects/QRT/QRTDialect.h"
#include "dialects/QRT/QRTOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cmath>

using namespace mlir;
using namespace qmlir::qrt;

#include "dialects/QRT/QRTDialect.cpp.inc"
#include "dialects/QRT/QRTEnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "dialects/QRT/QRTAttrs.cpp.inc"

void QRTDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "dialects/QRT/QRTOps.cpp.inc"
      >();
  addAttributes<
#define GET_ATTRDEF_LIST
#include "dialects/QRT/QRTAttrs.cpp.inc"
      >();
}

//===----------------------------------------------------------------------===//
// QuantAttr
//===----------------------------------------------------------------------===//

static bool isValidScale(double scale) {
  return std::isfinite(scale) && scale > 0;
}

LogicalResult QuantAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                APFloat scaleValue, int32_t zeroPoint,
                                int32_t axis, DenseF64ArrayAttr scalesAttr) {
  double scale = scaleValue.convertToDouble();
  ArrayRef<double> scales =
      scalesAttr ? scalesAttr.asArrayRef() : ArrayRef<double>();
  if (axis < -1)
    return emitError() << "axis must be -1 (per-tensor) or non-negative, got "
                       << axis;
  if (axis < 0) {
    if (!scales.empty())
      return emitError() << "a per-tensor descriptor has no 'scales'";
    if (!isValidScale(scale))
      return emitError() << "scale must be positive and finite, got " << scale;
    return success();
  }
  if (scales.empty())
    return emitError() << "a per-channel descriptor needs at least one scale";
  for (double s : scales)
    if (!isValidScale(s))
      return emitError() << "scales must be positive and finite, got " << s;
  return success();
}

/// #qrt.quant<scale = F, zero_point = I>
/// #qrt.quant<scales = [F, ...], axis = I (, zero_point = I)?>
Attribute QuantAttr::parse(AsmParser &parser, Type) {
  SMLoc loc = parser.getCurrentLocation();
  StringRef key;
  if (parser.parseLess() || parser.parseKeyword(&key) || parser.parseEqual())
    return {};
  double scale = 0;
  int32_t zeroPoint = 0, axis = -1;
  SmallVector<double> scales;
  if (key == "scale") {
    if (parser.parseFloat(scale) || parser.parseComma() ||
        parser.parseKeyword("zero_point") || parser.parseEqual() ||
        parser.parseInteger(zeroPoint))
      return {};
  } else if (key == "scales") {
    if (parser.parseCommaSeparatedList(AsmParser::Delimiter::Square, [&] {
          double value = 0;
          if (parser.parseFloat(value))
            return failure();
          scales.push_back(value);
          return success();
        }) ||
        parser.parseComma() || parser.parseKeyword("axis") ||
        parser.parseEqual() || parser.parseInteger(axis))
      return {};
    if (succeeded(parser.parseOptionalComma()) &&
        (parser.parseKeyword("zero_point") || parser.parseEqual() ||
         parser.parseInteger(zeroPoint)))
      return {};
    if (axis < 0) {
      parser.emitError(loc) << "per-channel axis must be non-negative";
      return {};
    }
  } else {
    parser.emitError(loc) << "expected 'scale' or 'scales', got '" << key
                          << "'";
    return {};
  }
  if (parser.parseGreater())
    return {};
  return getChecked([&] { return parser.emitError(loc); },
                    parser.getContext(), APFloat(scale), zeroPoint, axis,
                    scales.empty()
                        ? DenseF64ArrayAttr()
                        : DenseF64ArrayAttr::get(parser.getContext(), scales));
}

void QuantAttr::print(AsmPrinter &printer) const {
  if (!isPerChannel()) {
    printer << "<scale = ";
    printer.printFloat(getScale());
    printer << ", zero_point = " << getZeroPoint() << ">";
    return;
  }
  printer << "<scales = [";
  llvm::interleaveComma(getScaleValues(), printer,
                        [&](double s) { printer.printFloat(APFloat(s)); });
  printer << "], axis = " << getAxis();
  if (getZeroPoint() != 0)
    printer << ", zero_point = " << getZeroPoint();
  printer << ">";
}

//===----------------------------------------------------------------------===//
// ActivationAttr
//===----------------------------------------------------------------------===//

LogicalResult
ActivationAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                       ActivationKind kind, APFloat minValue,
                       APFloat maxValue) {
  if (kind != ActivationKind::Clamp)
    return success();
  double min = minValue.convertToDouble(), max = maxValue.convertToDouble();
  if (std::isnan(min) || std::isnan(max))
    return emitError() << "clamp bounds must not be NaN";
  if (min > max)
    return emitError() << "clamp bounds are reversed: min " << min
                       << " > max " << max;
  return success();
}

/// #qrt.activation<none | relu | relu6 | swish | clamp, min = F, max = F>
Attribute ActivationAttr::parse(AsmParser &parser, Type) {
  SMLoc loc = parser.getCurrentLocation();
  StringRef keyword;
  if (parser.parseLess() || parser.parseKeyword(&keyword))
    return {};
  std::optional<ActivationKind> kind = symbolizeActivationKind(keyword);
  if (!kind) {
    parser.emitError(loc) << "unknown activation '" << keyword
                          << "', expected none, relu, relu6, clamp or swish";
    return {};
  }
  double min = 0, max = 0;
  if (*kind == ActivationKind::Clamp &&
      (parser.parseComma() || parser.parseKeyword("min") ||
       parser.parseEqual() || parser.parseFloat(min) || parser.parseComma() ||
       parser.parseKeyword("max") || parser.parseEqual() ||
       parser.parseFloat(max)))
    return {};
  if (parser.parseGreater())
    return {};
  return getChecked([&] { return parser.emitError(loc); },
                    parser.getContext(), *kind, APFloat(min), APFloat(max));
}

void ActivationAttr::print(AsmPrinter &printer) const {
  printer << "<" << stringifyActivationKind(getKind());
  if (getKind() == ActivationKind::Clamp) {
    printer << ", min = ";
    printer.printFloat(getMin());
    printer << ", max = ";
    printer.printFloat(getMax());
  }
  printer << ">";
}

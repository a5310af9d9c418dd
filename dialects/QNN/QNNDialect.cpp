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
  }
  llvm_unreachable("unknown activation kind");
}

/// #qnn.activation<relu> | <clamp, min = F, max = F> | <leaky_relu, alpha = F>
Attribute ActivationAttr::parse(AsmParser &parser, Type) {
  StringRef keyword;
  SMLoc loc = parser.getCurrentLocation();
  if (parser.parseLess() || parser.parseKeyword(&keyword))
    return {};
  std::optional<ActivationKind> kind = symbolizeActivationKind(keyword);
  if (!kind) {
    parser.emitError(loc) << "unknown activation '" << keyword
                          << "', expected relu, clamp or leaky_relu";
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

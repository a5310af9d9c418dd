//===- ShapeInference.cpp - Result shapes of qnn ops ----------------------===//
//
// The shape functions behind both the op verifiers and the ONNX importer.
//
//===----------------------------------------------------------------------===//

#include "dialects/QNN/QNNOps.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallSet.h"

using namespace mlir;

namespace qmlir::qnn {

namespace {
/// Formats a shape as `[a, b, c]` for diagnostics.
std::string fmt(ArrayRef<int64_t> v) {
  std::string s = "[";
  llvm::raw_string_ostream os(s);
  llvm::interleaveComma(v, os);
  os << "]";
  return s;
}

LogicalResult checkLength(EmitErrorFn emitError, StringRef name,
                          ArrayRef<int64_t> values, size_t expected) {
  if (values.size() == expected)
    return success();
  return emitError() << "expected " << expected << " values in '" << name
                     << "', got " << values.size();
}

LogicalResult checkPositive(EmitErrorFn emitError, StringRef name,
                            ArrayRef<int64_t> values) {
  if (llvm::all_of(values, [](int64_t v) { return v > 0; }))
    return success();
  return emitError() << "'" << name << "' must be positive, got " << fmt(values);
}

LogicalResult checkNonNegative(EmitErrorFn emitError, StringRef name,
                               ArrayRef<int64_t> values) {
  if (llvm::all_of(values, [](int64_t v) { return v >= 0; }))
    return success();
  return emitError() << "'" << name << "' must be non-negative, got "
                     << fmt(values);
}

/// One spatial output extent of a sliding window.
FailureOr<int64_t> windowExtent(EmitErrorFn emitError, int64_t in,
                                int64_t padBegin, int64_t padEnd,
                                int64_t kernel, int64_t stride,
                                int64_t dilation, bool ceilMode) {
  int64_t span = in + padBegin + padEnd - dilation * (kernel - 1) - 1;
  if (span < 0)
    return emitError() << "window of effective size "
                       << dilation * (kernel - 1) + 1
                       << " does not fit the padded input of size "
                       << in + padBegin + padEnd;
  int64_t out = (ceilMode ? llvm::divideCeil(span, stride) : span / stride) + 1;
  // With ceil_mode, a last window that starts past the input and its leading
  // padding (it would see only trailing padding) is dropped, as PyTorch and
  // ONNX Runtime do.
  if (ceilMode && (out - 1) * stride >= in + padBegin)
    --out;
  return out;
}
} // namespace

FailureOr<Shape> inferConv2dShape(EmitErrorFn emitError,
                                  ArrayRef<int64_t> input,
                                  ArrayRef<int64_t> weight,
                                  ArrayRef<int64_t> strides,
                                  ArrayRef<int64_t> pads,
                                  ArrayRef<int64_t> dilations, int64_t groups) {
  if (input.size() != 4 || weight.size() != 4)
    return emitError() << "expected 4-D input (NCHW) and weight (OIHW), got "
                       << fmt(input) << " and " << fmt(weight);
  if (failed(checkLength(emitError, "strides", strides, 2)) ||
      failed(checkLength(emitError, "pads", pads, 4)) ||
      failed(checkLength(emitError, "dilations", dilations, 2)) ||
      failed(checkPositive(emitError, "strides", strides)) ||
      failed(checkPositive(emitError, "dilations", dilations)) ||
      failed(checkNonNegative(emitError, "pads", pads)))
    return failure();
  if (groups <= 0)
    return emitError() << "'groups' must be positive, got " << groups;
  if (input[1] != weight[1] * groups)
    return emitError() << "input channels (" << input[1]
                       << ") must equal weight input channels (" << weight[1]
                       << ") times groups (" << groups << ")";
  if (weight[0] % groups != 0)
    return emitError() << "output channels (" << weight[0]
                       << ") must be a multiple of groups (" << groups << ")";
  Shape result = {input[0], weight[0]};
  for (int i = 0; i < 2; ++i) {
    FailureOr<int64_t> extent =
        windowExtent(emitError, input[2 + i], pads[i], pads[2 + i],
                     weight[2 + i], strides[i], dilations[i], false);
    if (failed(extent))
      return failure();
    result.push_back(*extent);
  }
  return result;
}

FailureOr<Shape> inferFullyConnectedShape(EmitErrorFn emitError,
                                          ArrayRef<int64_t> input,
                                          ArrayRef<int64_t> weight) {
  if (input.size() < 2 || weight.size() != 2)
    return emitError() << "expected input of rank >= 2 and a 2-D weight, got "
                       << fmt(input) << " and " << fmt(weight);
  if (input.back() != weight[1])
    return emitError() << "input features (" << input.back()
                       << ") must equal weight columns (" << weight[1] << ")";
  Shape result(input.drop_back());
  result.push_back(weight[0]);
  return result;
}

FailureOr<Shape> inferPool2dShape(EmitErrorFn emitError,
                                  ArrayRef<int64_t> input,
                                  ArrayRef<int64_t> kernel,
                                  ArrayRef<int64_t> strides,
                                  ArrayRef<int64_t> pads,
                                  ArrayRef<int64_t> dilations, bool ceilMode) {
  if (input.size() != 4)
    return emitError() << "expected a 4-D input (NCHW), got " << fmt(input);
  if (failed(checkLength(emitError, "kernel", kernel, 2)) ||
      failed(checkLength(emitError, "strides", strides, 2)) ||
      failed(checkLength(emitError, "pads", pads, 4)) ||
      failed(checkLength(emitError, "dilations", dilations, 2)) ||
      failed(checkPositive(emitError, "kernel", kernel)) ||
      failed(checkPositive(emitError, "strides", strides)) ||
      failed(checkPositive(emitError, "dilations", dilations)) ||
      failed(checkNonNegative(emitError, "pads", pads)))
    return failure();
  for (int i = 0; i < 2; ++i)
    if (pads[i] >= kernel[i] || pads[2 + i] >= kernel[i])
      return emitError() << "pads " << fmt(pads)
                         << " must be smaller than the kernel " << fmt(kernel);
  Shape result = {input[0], input[1]};
  for (int i = 0; i < 2; ++i) {
    FailureOr<int64_t> extent =
        windowExtent(emitError, input[2 + i], pads[i], pads[2 + i], kernel[i],
                     strides[i], dilations[i], ceilMode);
    if (failed(extent))
      return failure();
    result.push_back(*extent);
  }
  return result;
}

FailureOr<Shape> inferBroadcastShape(EmitErrorFn emitError,
                                     ArrayRef<int64_t> lhs,
                                     ArrayRef<int64_t> rhs) {
  size_t rank = std::max(lhs.size(), rhs.size());
  Shape result(rank);
  for (size_t i = 0; i < rank; ++i) {
    int64_t a = i < rank - lhs.size() ? 1 : lhs[i - (rank - lhs.size())];
    int64_t b = i < rank - rhs.size() ? 1 : rhs[i - (rank - rhs.size())];
    if (a != b && a != 1 && b != 1)
      return emitError() << "shapes " << fmt(lhs) << " and " << fmt(rhs)
                         << " do not broadcast";
    result[i] = a == 1 ? b : a;
  }
  return result;
}

FailureOr<Shape> inferConcatShape(EmitErrorFn emitError,
                                  ArrayRef<ArrayRef<int64_t>> inputs,
                                  int64_t axis) {
  if (inputs.empty())
    return emitError() << "expected at least one input";
  int64_t rank = inputs.front().size();
  if (axis < 0 || axis >= rank)
    return emitError() << "axis " << axis << " is out of range for rank "
                       << rank;
  Shape result(inputs.front());
  result[axis] = 0;
  for (ArrayRef<int64_t> in : inputs) {
    if (static_cast<int64_t>(in.size()) != rank)
      return emitError() << "all inputs must have rank " << rank << ", got "
                         << fmt(in);
    for (int64_t d = 0; d < rank; ++d)
      if (d != axis && in[d] != inputs.front()[d])
        return emitError() << "input shapes " << fmt(inputs.front()) << " and "
                           << fmt(in) << " differ outside axis " << axis;
    result[axis] += in[axis];
  }
  return result;
}

FailureOr<Shape> inferFlattenShape(EmitErrorFn emitError,
                                   ArrayRef<int64_t> input, int64_t axis) {
  if (axis < 0 || axis > static_cast<int64_t>(input.size()))
    return emitError() << "axis " << axis << " is out of range for rank "
                       << input.size();
  int64_t outer = 1, inner = 1;
  for (auto [i, d] : llvm::enumerate(input))
    (static_cast<int64_t>(i) < axis ? outer : inner) *= d;
  return Shape{outer, inner};
}

FailureOr<Shape> inferTransposeShape(EmitErrorFn emitError,
                                     ArrayRef<int64_t> input,
                                     ArrayRef<int64_t> perm) {
  if (perm.size() != input.size())
    return emitError() << "permutation " << fmt(perm) << " does not match rank "
                       << input.size();
  llvm::SmallVector<bool> seen(perm.size(), false);
  Shape result;
  for (int64_t p : perm) {
    if (p < 0 || p >= static_cast<int64_t>(perm.size()) || seen[p])
      return emitError() << "'perm' " << fmt(perm) << " is not a permutation";
    seen[p] = true;
    result.push_back(input[p]);
  }
  return result;
}

FailureOr<Shape> inferPadShape(EmitErrorFn emitError, ArrayRef<int64_t> input,
                               ArrayRef<int64_t> pads) {
  if (failed(checkLength(emitError, "pads", pads, 2 * input.size())) ||
      failed(checkNonNegative(emitError, "pads", pads)))
    return failure();
  Shape result(input);
  for (size_t i = 0; i < input.size(); ++i)
    result[i] += pads[i] + pads[input.size() + i];
  return result;
}

FailureOr<Shape> inferSliceShape(EmitErrorFn emitError,
                                 ArrayRef<int64_t> input,
                                 ArrayRef<int64_t> starts,
                                 ArrayRef<int64_t> ends,
                                 ArrayRef<int64_t> steps) {
  size_t rank = input.size();
  if (failed(checkLength(emitError, "starts", starts, rank)) ||
      failed(checkLength(emitError, "ends", ends, rank)) ||
      failed(checkLength(emitError, "steps", steps, rank)))
    return failure();
  Shape result;
  for (size_t i = 0; i < rank; ++i) {
    if (steps[i] == 0)
      return emitError() << "'steps' must be non-zero";
    // `start == dim` is only valid for an empty slice; a non-empty one with a
    // negative step would read x[dim].
    if (starts[i] < 0 || starts[i] > input[i] || ends[i] < -1 ||
        ends[i] > input[i] ||
        (steps[i] < 0 && starts[i] == input[i] && ends[i] < starts[i]))
      return emitError() << "slice [" << starts[i] << ", " << ends[i]
                         << ") of dimension " << i << " (size " << input[i]
                         << ") is not normalized";
    int64_t len = ends[i] - starts[i];
    int64_t count =
        steps[i] > 0 ? llvm::divideCeil(std::max<int64_t>(len, 0), steps[i])
                     : llvm::divideCeil(std::max<int64_t>(-len, 0), -steps[i]);
    result.push_back(count);
  }
  return result;
}

FailureOr<Shape> inferReduceShape(EmitErrorFn emitError,
                                  ArrayRef<int64_t> input,
                                  ArrayRef<int64_t> axes, bool keepdims) {
  for (auto [i, a] : llvm::enumerate(axes)) {
    if (a < 0 || a >= static_cast<int64_t>(input.size()))
      return emitError() << "axis " << a << " is out of range for rank "
                         << input.size();
    if (i > 0 && axes[i - 1] >= a)
      return emitError() << "'axes' must be sorted and unique, got "
                         << fmt(axes);
  }
  Shape result;
  for (auto [i, d] : llvm::enumerate(input)) {
    bool reduced = llvm::is_contained(axes, static_cast<int64_t>(i));
    if (!reduced)
      result.push_back(d);
    else if (keepdims)
      result.push_back(1);
  }
  return result;
}

} // namespace qmlir::qnn

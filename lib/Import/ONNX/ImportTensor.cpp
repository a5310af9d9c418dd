//===- ImportTensor.cpp - Shape computations and data movement ------------===//
//
// Constant, Shape, Gather, (Un)Squeeze, Concat, ConstantOfShape, Cast,
// Reshape, Flatten, Transpose, Pad, Slice, Resize, ReduceMean. On
// import-time constants these evaluate on the host, so the shape subgraphs
// that exporters emit fold away; on activations they become qnn ops.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"

#include "dialects/QNN/QNNOps.h"
#include "mlir/IR/Verifier.h"
#include "llvm/Support/MathExtras.h"

using namespace mlir;

namespace qmlir::onnx_import {
namespace {

/// The element count of `dims`, or -1 when it overflows int64 (a malformed
/// shape must not wrap around to a plausible count).
int64_t product(ArrayRef<int64_t> dims) {
  int64_t n = 1;
  for (int64_t d : dims)
    if (llvm::MulOverflow(n, d, n))
      return -1;
  return n;
}

/// Row-major strides of `shape`.
SmallVector<int64_t> stridesOf(ArrayRef<int64_t> shape) {
  SmallVector<int64_t> strides(shape.size(), 1);
  for (int64_t d = static_cast<int64_t>(shape.size()) - 2; d >= 0; --d)
    strides[d] = strides[d + 1] * shape[d + 1];
  return strides;
}

/// Emits a reshape of input 0 to `shape`, or folds it for a constant.
LogicalResult reshapeInput(NodeContext &ctx, Shape shape) {
  if (const ConstTensor *c = ctx.constantInput(0)) {
    if (product(shape) != c->getNumElements())
      return ctx.emitError() << "cannot reshape " << formatShape(c->getShape())
                             << " to " << formatShape(shape);
    ctx.setOutputConstant(0, c->reshaped(shape));
    return success();
  }
  FailureOr<Value> x = ctx.floatInput(0);
  if (failed(x))
    return failure();
  if (product(shape) != product(shapeOf(*x)))
    return ctx.emitError() << "cannot reshape " << formatShape(shapeOf(*x))
                           << " to " << formatShape(shape);
  ctx.setOutput(0, qnn::ReshapeOp::create(ctx.b(), ctx.getLoc(),
                                          ctx.tensorType(shape, ctx.f32()),
                                          *x));
  return success();
}

/// Axes from an attribute (older opsets) or from constant input 1.
FailureOr<std::optional<SmallVector<int64_t>>>
axesFromAttrOrInput(NodeContext &ctx, int64_t inputSinceOpset) {
  if (ctx.getOpset() < inputSinceOpset)
    return ctx.getInts("axes");
  if (!ctx.hasInput(1))
    return std::optional<SmallVector<int64_t>>();
  FailureOr<const ConstTensor *> axes = ctx.requireConstant(1, "axes");
  if (failed(axes))
    return failure();
  return std::optional<SmallVector<int64_t>>((*axes)->toInts());
}

//===----------------------------------------------------------------------===//
// Constants and shape computations
//===----------------------------------------------------------------------===//

LogicalResult importConstant(NodeContext &ctx) {
  const onnx::NodeProto &node = ctx.getNode();
  if (node.attribute_size() != 1)
    return ctx.emitError() << "expected exactly one value attribute";
  const onnx::AttributeProto &a = node.attribute(0);
  ctx.attr(a.name()); // mark as read
  if (a.name() == "value") {
    FailureOr<ConstTensor> t =
        ConstTensor::fromProto(a.t(), [&] { return ctx.emitError(); });
    if (failed(t))
      return failure();
    ctx.setOutputConstant(0, std::move(*t));
  } else if (a.name() == "value_float") {
    ctx.setOutputConstant(0, ConstTensor::fromDoubles({a.f()}, {},
                                                      onnx::TensorProto::FLOAT));
  } else if (a.name() == "value_floats") {
    std::vector<double> v(a.floats().begin(), a.floats().end());
    ctx.setOutputConstant(
        0, ConstTensor::fromDoubles(v, {static_cast<int64_t>(v.size())},
                                    onnx::TensorProto::FLOAT));
  } else if (a.name() == "value_int") {
    ctx.setOutputConstant(0, ConstTensor::fromInts({a.i()}, {}));
  } else if (a.name() == "value_ints") {
    SmallVector<int64_t> v(a.ints().begin(), a.ints().end());
    ctx.setOutputConstant(
        0, ConstTensor::fromInts(v, {static_cast<int64_t>(v.size())}));
  } else {
    return ctx.emitError() << "unsupported value attribute '" << a.name()
                           << "'";
  }
  return success();
}

LogicalResult importShape(NodeContext &ctx) {
  FailureOr<Shape> shape = ctx.inputShape(0);
  FailureOr<int64_t> start = ctx.getInt("start", 0);
  if (failed(shape) || failed(start))
    return failure();
  int64_t rank = shape->size();
  FailureOr<int64_t> end = ctx.getInt("end", rank);
  if (failed(end))
    return failure();
  auto clampAxis = [&](int64_t a) {
    a = a < 0 ? a + rank : a;
    return std::min(std::max<int64_t>(a, 0), rank);
  };
  int64_t lo = clampAxis(*start), hi = std::max(clampAxis(*end), lo);
  SmallVector<int64_t> dims(shape->begin() + lo, shape->begin() + hi);
  ctx.setOutputConstant(
      0, ConstTensor::fromInts(dims, {static_cast<int64_t>(dims.size())}));
  return success();
}

LogicalResult importGather(NodeContext &ctx) {
  FailureOr<int64_t> axisAttr = ctx.getInt("axis", 0);
  FailureOr<const ConstTensor *> data = ctx.requireConstant(0, "the data");
  FailureOr<const ConstTensor *> indices = ctx.requireConstant(1, "indices");
  if (failed(axisAttr) || failed(data) || failed(indices))
    return failure();
  ArrayRef<int64_t> dataShape = (*data)->getShape();
  FailureOr<int64_t> axis = normalizeAxis(ctx, *axisAttr, dataShape.size());
  if (failed(axis))
    return failure();
  int64_t extent = dataShape[*axis];
  SmallVector<int64_t> idx = (*indices)->toInts();
  for (int64_t &i : idx) {
    if (i < -extent || i >= extent)
      return ctx.emitError() << "index " << i << " is out of range for axis "
                             << *axis << " of extent " << extent;
    i = i < 0 ? i + extent : i;
  }
  // out = data[:axis] ++ indices.shape ++ data[axis+1:]
  ArrayRef<int64_t> idxShape = (*indices)->getShape();
  Shape outShape(dataShape.take_front(*axis));
  outShape.append(idxShape.begin(), idxShape.end());
  outShape.append(dataShape.begin() + *axis + 1, dataShape.end());
  if (failed(checkFoldedShape(ctx, outShape)))
    return failure();
  SmallVector<int64_t> dataStrides = stridesOf(dataShape);
  SmallVector<int64_t> idxStrides = stridesOf(idxShape);
  int64_t idxRank = idxShape.size();
  ctx.setOutputConstant(
      0, (*data)->select(outShape, [&](ArrayRef<int64_t> out) {
        int64_t flatIdx = 0;
        for (int64_t k = 0; k < idxRank; ++k)
          flatIdx += out[*axis + k] * idxStrides[k];
        int64_t src = 0;
        for (int64_t d = 0; d < static_cast<int64_t>(dataShape.size()); ++d) {
          int64_t coord = d < *axis    ? out[d]
                          : d == *axis ? idx[flatIdx]
                                       : out[d - 1 + idxRank];
          src += coord * dataStrides[d];
        }
        return src;
      }));
  return success();
}

LogicalResult importUnsqueeze(NodeContext &ctx) {
  auto axes = axesFromAttrOrInput(ctx, 13);
  FailureOr<Shape> in = ctx.inputShape(0);
  if (failed(axes) || failed(in))
    return failure();
  if (!*axes)
    return ctx.emitError() << "missing axes";
  int64_t rank = in->size() + (*axes)->size();
  SmallVector<bool> inserted(rank, false);
  for (int64_t a : **axes) {
    FailureOr<int64_t> axis = normalizeAxis(ctx, a, rank);
    if (failed(axis))
      return failure();
    if (inserted[*axis])
      return ctx.emitError() << "axis " << a << " is repeated";
    inserted[*axis] = true;
  }
  Shape out;
  auto it = in->begin();
  for (int64_t d = 0; d < rank; ++d)
    out.push_back(inserted[d] ? 1 : *it++);
  return reshapeInput(ctx, out);
}

LogicalResult importSqueeze(NodeContext &ctx) {
  auto axes = axesFromAttrOrInput(ctx, 13);
  FailureOr<Shape> in = ctx.inputShape(0);
  if (failed(axes) || failed(in))
    return failure();
  int64_t rank = in->size();
  SmallVector<bool> removed(rank, false);
  if (*axes) {
    for (int64_t a : **axes) {
      FailureOr<int64_t> axis = normalizeAxis(ctx, a, rank);
      if (failed(axis))
        return failure();
      if ((*in)[*axis] != 1)
        return ctx.emitError() << "cannot squeeze axis " << *axis
                               << " of extent " << (*in)[*axis];
      removed[*axis] = true;
    }
  } else {
    for (int64_t d = 0; d < rank; ++d)
      removed[d] = (*in)[d] == 1;
  }
  Shape out;
  for (int64_t d = 0; d < rank; ++d)
    if (!removed[d])
      out.push_back((*in)[d]);
  return reshapeInput(ctx, out);
}

LogicalResult importConstantOfShape(NodeContext &ctx) {
  FailureOr<const ConstTensor *> shapeT = ctx.requireConstant(0, "the shape");
  if (failed(shapeT))
    return failure();
  Shape shape((*shapeT)->toInts());
  for (int64_t d : shape)
    if (d < 0)
      return ctx.emitError() << "negative dimension in "
                             << formatShape(shape);
  if (product(shape) < 0 || product(shape) > (int64_t(1) << 28))
    return ctx.emitError() << "constant of shape " << formatShape(shape)
                           << " is implausibly large";
  if (failed(checkFoldedShape(ctx, shape)))
    return failure();
  ConstTensor value = ConstTensor::fromDoubles({0.0}, {1},
                                               onnx::TensorProto::FLOAT);
  if (const onnx::AttributeProto *a = ctx.attr("value")) {
    FailureOr<ConstTensor> t =
        ConstTensor::fromProto(a->t(), [&] { return ctx.emitError(); });
    if (failed(t))
      return failure();
    if (t->getNumElements() != 1)
      return ctx.emitError() << "value must hold one element";
    value = *t;
  }
  ctx.setOutputConstant(0,
                        value.select(shape, [](ArrayRef<int64_t>) { return 0; }));
  return success();
}

LogicalResult importCast(NodeContext &ctx) {
  FailureOr<int64_t> to = ctx.getInt("to", 0);
  FailureOr<int64_t> saturate = ctx.getInt("saturate", 1); // float8 only
  if (failed(to) || failed(saturate))
    return failure();
  if (elementByteSize(*to) == 0)
    return ctx.emitError() << "cast to " << dataTypeName(*to)
                           << " is not supported";
  if (const ConstTensor *c = ctx.constantInput(0)) {
    if (isIntegerDataType(*to) && *to != onnx::TensorProto::BOOL)
      ctx.setOutputConstant(
          0, ConstTensor::fromInts(c->toInts(), Shape(c->getShape()), *to));
    else
      ctx.setOutputConstant(
          0, ConstTensor::fromDoubles(c->toDoubles(), Shape(c->getShape()),
                                      *to));
    return success();
  }
  FailureOr<Value> x = ctx.input(0);
  if (failed(x))
    return failure();
  if (*to != onnx::TensorProto::FLOAT ||
      !cast<RankedTensorType>(x->getType()).getElementType().isF32())
    return ctx.emitError() << "only constant casts and float-to-float casts "
                              "are supported; this one casts "
                           << x->getType() << " to " << dataTypeName(*to);
  ctx.setOutput(0, *x);
  return success();
}

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

LogicalResult importReshape(NodeContext &ctx) {
  FailureOr<int64_t> allowZero = ctx.getInt("allowzero", 0);
  FailureOr<Shape> in = ctx.inputShape(0);
  FailureOr<const ConstTensor *> target = ctx.requireConstant(1, "the shape");
  if (failed(allowZero) || failed(in) || failed(target))
    return failure();
  Shape shape((*target)->toInts());
  int64_t inferred = -1, known = 1;
  for (auto [i, d] : llvm::enumerate(shape)) {
    if (d == 0 && !*allowZero) {
      if (i >= in->size())
        return ctx.emitError() << "shape " << formatShape(shape)
                               << " copies dimension " << i
                               << " that the input does not have";
      d = (*in)[i];
    }
    if (d == -1) {
      if (inferred >= 0)
        return ctx.emitError() << "shape " << formatShape(shape)
                               << " has more than one -1";
      inferred = i;
      continue;
    }
    if (d < 0)
      return ctx.emitError() << "invalid dimension " << d << " in shape";
    if (d > kMaxDim || llvm::MulOverflow(known, d, known))
      return ctx.emitError() << "cannot reshape " << formatShape(*in)
                             << " to " << formatShape(shape);
  }
  if (inferred >= 0) {
    if (known == 0 || product(*in) % known != 0)
      return ctx.emitError() << "cannot infer the -1 in "
                             << formatShape(shape) << " for input "
                             << formatShape(*in);
    shape[inferred] = product(*in) / known;
  }
  return reshapeInput(ctx, shape);
}

LogicalResult importFlatten(NodeContext &ctx) {
  FailureOr<Shape> in = ctx.inputShape(0);
  FailureOr<int64_t> axisAttr = ctx.getInt("axis", 1);
  if (failed(in) || failed(axisAttr))
    return failure();
  int64_t rank = in->size();
  // Flatten's axis ranges over [-rank, rank].
  int64_t axis = *axisAttr < 0 ? *axisAttr + rank : *axisAttr;
  if (axis < 0 || axis > rank)
    return ctx.emitError() << "axis " << *axisAttr
                           << " is out of range for rank " << rank;
  FailureOr<qnn::Shape> shape = qnn::inferFlattenShape(ctx.errorFn(), *in, axis);
  if (failed(shape))
    return failure();
  if (ctx.constantInput(0))
    return reshapeInput(ctx, *shape);
  FailureOr<Value> x = ctx.floatInput(0);
  if (failed(x))
    return failure();
  ctx.setOutput(0, qnn::FlattenOp::create(ctx.b(), ctx.getLoc(),
                                          ctx.tensorType(*shape, ctx.f32()), *x,
                                          ctx.b().getI64IntegerAttr(axis)));
  return success();
}

LogicalResult importTranspose(NodeContext &ctx) {
  FailureOr<Shape> in = ctx.inputShape(0);
  auto permAttr = ctx.getInts("perm");
  if (failed(in) || failed(permAttr))
    return failure();
  SmallVector<int64_t> perm;
  if (*permAttr)
    perm = **permAttr;
  else
    for (int64_t d = in->size() - 1; d >= 0; --d)
      perm.push_back(d);
  FailureOr<qnn::Shape> shape =
      qnn::inferTransposeShape(ctx.errorFn(), *in, perm);
  if (failed(shape))
    return failure();
  if (const ConstTensor *c = ctx.constantInput(0)) {
    SmallVector<int64_t> inStrides = stridesOf(*in);
    ctx.setOutputConstant(0, c->select(*shape, [&](ArrayRef<int64_t> out) {
      int64_t src = 0;
      for (size_t k = 0; k < perm.size(); ++k)
        src += out[k] * inStrides[perm[k]];
      return src;
    }));
    return success();
  }
  FailureOr<Value> x = ctx.floatInput(0);
  if (failed(x))
    return failure();
  ctx.setOutput(0, qnn::TransposeOp::create(
                       ctx.b(), ctx.getLoc(), ctx.tensorType(*shape, ctx.f32()),
                       *x, ctx.b().getDenseI64ArrayAttr(perm)));
  return success();
}

LogicalResult importConcat(NodeContext &ctx) {
  FailureOr<int64_t> axisAttr = ctx.getInt("axis", 0);
  if (failed(axisAttr))
    return failure();
  if (ctx.getNumInputs() == 0)
    return ctx.emitError() << "expected at least one input";
  SmallVector<Shape> shapes;
  for (int i = 0; i < ctx.getNumInputs(); ++i) {
    FailureOr<Shape> s = ctx.inputShape(i);
    if (failed(s))
      return failure();
    shapes.push_back(*s);
  }
  FailureOr<int64_t> axis = normalizeAxis(ctx, *axisAttr, shapes[0].size());
  if (failed(axis))
    return failure();
  SmallVector<ArrayRef<int64_t>> shapeRefs(shapes.begin(), shapes.end());
  FailureOr<qnn::Shape> shape =
      qnn::inferConcatShape(ctx.errorFn(), shapeRefs, *axis);
  if (failed(shape))
    return failure();
  if (ctx.allInputsConstant()) {
    SmallVector<const ConstTensor *> parts;
    for (int i = 0; i < ctx.getNumInputs(); ++i) {
      parts.push_back(ctx.constantInput(i));
      if (parts.back()->getDataType() != parts.front()->getDataType())
        return ctx.emitError() << "inputs have different data types";
    }
    ctx.setOutputConstant(0, ConstTensor::concat(parts, *axis));
    return success();
  }
  SmallVector<Value> inputs;
  for (int i = 0; i < ctx.getNumInputs(); ++i) {
    FailureOr<Value> v = ctx.floatInput(i);
    if (failed(v))
      return failure();
    inputs.push_back(*v);
  }
  ctx.setOutput(0, qnn::ConcatOp::create(ctx.b(), ctx.getLoc(),
                                         ctx.tensorType(*shape, ctx.f32()),
                                         inputs,
                                         ctx.b().getI64IntegerAttr(*axis)));
  return success();
}

LogicalResult importPad(NodeContext &ctx) {
  FailureOr<std::string> mode = ctx.getString("mode", "constant");
  FailureOr<Value> x = ctx.floatInput(0);
  FailureOr<const ConstTensor *> padsT = ctx.requireConstant(1, "pads");
  if (failed(mode) || failed(x) || failed(padsT))
    return failure();
  std::optional<qnn::PadMode> padMode = qnn::symbolizePadMode(*mode);
  if (!padMode)
    return ctx.emitError() << "unsupported mode '" << *mode << "'";
  SmallVector<int64_t> pads = (*padsT)->toInts();
  for (int64_t p : pads) {
    if (p < 0)
      return ctx.emitError() << "negative pads (cropping) are not supported";
    if (p > kMaxDim)
      return ctx.emitError() << "pad " << p << " is implausibly large";
  }
  float value = 0.0f;
  if (ctx.hasInput(2)) {
    FailureOr<const ConstTensor *> v =
        ctx.requireConstant(2, "constant_value");
    if (failed(v))
      return failure();
    if ((*v)->getNumElements() != 1)
      return ctx.emitError() << "constant_value must be a scalar";
    value = static_cast<float>((*v)->getDouble(0));
  }
  FailureOr<qnn::Shape> shape =
      qnn::inferPadShape(ctx.errorFn(), shapeOf(*x), pads);
  if (failed(shape))
    return failure();
  auto pad = qnn::PadOp::create(
      ctx.b(), ctx.getLoc(), ctx.tensorType(*shape, ctx.f32()), *x,
      ctx.b().getDenseI64ArrayAttr(pads),
      qnn::PadModeAttr::get(ctx.getContext(), *padMode),
      ctx.b().getF32FloatAttr(value));
  if (failed(verify(pad))) // reflect/edge limits
    return failure();
  ctx.setOutput(0, pad);
  return success();
}

LogicalResult importSlice(NodeContext &ctx) {
  FailureOr<Shape> in = ctx.inputShape(0);
  FailureOr<const ConstTensor *> startsT = ctx.requireConstant(1, "starts");
  FailureOr<const ConstTensor *> endsT = ctx.requireConstant(2, "ends");
  if (failed(in) || failed(startsT) || failed(endsT))
    return failure();
  SmallVector<int64_t> starts = (*startsT)->toInts();
  SmallVector<int64_t> ends = (*endsT)->toInts();
  int64_t rank = in->size();
  SmallVector<int64_t> axes, steps(starts.size(), 1);
  if (ctx.hasInput(3)) {
    FailureOr<const ConstTensor *> a = ctx.requireConstant(3, "axes");
    if (failed(a))
      return failure();
    axes = (*a)->toInts();
  } else {
    for (size_t i = 0; i < starts.size(); ++i)
      axes.push_back(i);
  }
  if (ctx.hasInput(4)) {
    FailureOr<const ConstTensor *> s = ctx.requireConstant(4, "steps");
    if (failed(s))
      return failure();
    steps = (*s)->toInts();
  }
  if (ends.size() != starts.size() || axes.size() != starts.size() ||
      steps.size() != starts.size())
    return ctx.emitError() << "starts, ends, axes and steps differ in length";

  // Normalize to one (start, end, step) per dimension, as qnn.slice wants.
  SmallVector<int64_t> nStarts(rank, 0), nEnds(in->begin(), in->end()),
      nSteps(rank, 1);
  SmallVector<bool> seen(rank, false);
  for (size_t i = 0; i < starts.size(); ++i) {
    FailureOr<int64_t> axis = normalizeAxis(ctx, axes[i], rank);
    if (failed(axis))
      return failure();
    if (seen[*axis])
      return ctx.emitError() << "axis " << *axis << " is repeated";
    seen[*axis] = true;
    int64_t dim = (*in)[*axis], step = steps[i];
    if (step == 0)
      return ctx.emitError() << "steps must be non-zero";
    // A step beyond the extent selects the same elements as the extent.
    step = std::clamp<int64_t>(step, -dim - 1, dim + 1);
    auto wrap = [&](int64_t v) {
      return v < 0 ? (v < -dim ? -1 : v + dim) : v;
    };
    int64_t start = wrap(starts[i]), end = wrap(ends[i]);
    if (step > 0) {
      start = std::clamp<int64_t>(start, 0, dim);
      end = std::clamp<int64_t>(end, 0, dim);
    } else if (dim == 0) {
      start = end = 0;
      step = 1;
    } else {
      start = std::clamp<int64_t>(start, 0, dim - 1);
      end = std::clamp<int64_t>(end, -1, dim - 1);
    }
    nStarts[*axis] = start;
    nEnds[*axis] = end;
    nSteps[*axis] = step;
  }
  FailureOr<qnn::Shape> shape =
      qnn::inferSliceShape(ctx.errorFn(), *in, nStarts, nEnds, nSteps);
  if (failed(shape))
    return failure();
  if (const ConstTensor *c = ctx.constantInput(0)) {
    SmallVector<int64_t> inStrides = stridesOf(*in);
    ctx.setOutputConstant(0, c->select(*shape, [&](ArrayRef<int64_t> out) {
      int64_t src = 0;
      for (int64_t d = 0; d < rank; ++d)
        src += (nStarts[d] + out[d] * nSteps[d]) * inStrides[d];
      return src;
    }));
    return success();
  }
  FailureOr<Value> x = ctx.floatInput(0);
  if (failed(x))
    return failure();
  OpBuilder &b = ctx.b();
  ctx.setOutput(0, qnn::SliceOp::create(
                       b, ctx.getLoc(), ctx.tensorType(*shape, ctx.f32()), *x,
                       b.getDenseI64ArrayAttr(nStarts),
                       b.getDenseI64ArrayAttr(nEnds),
                       b.getDenseI64ArrayAttr(nSteps)));
  return success();
}

LogicalResult importResize(NodeContext &ctx) {
  FailureOr<std::string> mode = ctx.getString("mode", "nearest");
  FailureOr<std::string> ctm =
      ctx.getString("coordinate_transformation_mode", "half_pixel");
  FailureOr<std::string> nearest =
      ctx.getString("nearest_mode", "round_prefer_floor");
  FailureOr<float> cubicA = ctx.getFloat("cubic_coeff_a", -0.75f);
  FailureOr<int64_t> excludeOutside = ctx.getInt("exclude_outside", 0);
  FailureOr<float> extrapolation = ctx.getFloat("extrapolation_value", 0.0f);
  FailureOr<Value> x = ctx.floatInput(0);
  if (failed(mode) || failed(ctm) || failed(nearest) || failed(cubicA) ||
      failed(excludeOutside) || failed(extrapolation) || failed(x))
    return failure();
  std::optional<qnn::ResizeMode> resizeMode = qnn::symbolizeResizeMode(*mode);
  if (!resizeMode)
    return ctx.emitError() << "unsupported mode '" << *mode
                           << "' (nearest and linear are supported)";
  std::optional<qnn::CoordinateTransform> transform =
      qnn::symbolizeCoordinateTransform(*ctm);
  if (!transform)
    return ctx.emitError() << "unsupported coordinate_transformation_mode '"
                           << *ctm << "'";
  std::optional<qnn::NearestMode> nearestMode =
      qnn::symbolizeNearestMode(*nearest);
  if (!nearestMode)
    return ctx.emitError() << "unsupported nearest_mode '" << *nearest << "'";
  if (*excludeOutside)
    return ctx.emitError() << "exclude_outside=1 is not supported";

  ArrayRef<int64_t> in = shapeOf(*x);
  SmallVector<float> scales;
  Shape outShape;
  // Opset 11 requires roi and scales inputs (empty when unused).
  const ConstTensor *scalesT = ctx.constantInput(2);
  if (ctx.hasInput(2) && !scalesT)
    return ctx.emitError() << "scales must be a constant known at import time";
  if (scalesT && scalesT->getNumElements() > 0) {
    if (scalesT->getNumElements() != static_cast<int64_t>(in.size()))
      return ctx.emitError() << "expected " << in.size() << " scales, got "
                             << scalesT->getNumElements();
    for (int64_t i = 0; i < static_cast<int64_t>(in.size()); ++i) {
      double s = scalesT->getDouble(i);
      if (!(s > 0))
        return ctx.emitError() << "scales must be positive";
      // The extent as computed in f32 arithmetic, bounded before the cast.
      float sf = static_cast<float>(std::min(s, double(kMaxDim)));
      double extent = std::floor(in[i] * sf);
      if (!(extent <= kMaxDim))
        return ctx.emitError() << "scale " << s << " makes dimension " << i
                               << " implausibly large";
      scales.push_back(sf);
      outShape.push_back(static_cast<int64_t>(extent));
    }
  } else {
    FailureOr<const ConstTensor *> sizes = ctx.requireConstant(3, "sizes");
    if (failed(sizes))
      return failure();
    outShape = Shape((*sizes)->toInts());
    if (outShape.size() != in.size())
      return ctx.emitError() << "expected " << in.size() << " sizes, got "
                             << outShape.size();
    for (size_t i = 0; i < in.size(); ++i)
      scales.push_back(static_cast<float>(outShape[i]) / in[i]);
  }
  for (int64_t d : outShape)
    if (d <= 0)
      return ctx.emitError() << "output shape " << formatShape(outShape)
                             << " has an empty dimension";
  if (!isPlausibleShape(outShape))
    return ctx.emitError() << "output shape " << formatShape(outShape)
                           << " is implausibly large";
  auto resize = qnn::ResizeOp::create(
      ctx.b(), ctx.getLoc(), ctx.tensorType(outShape, ctx.f32()), *x,
      qnn::ResizeModeAttr::get(ctx.getContext(), *resizeMode),
      qnn::CoordinateTransformAttr::get(ctx.getContext(), *transform),
      qnn::NearestModeAttr::get(ctx.getContext(), *nearestMode),
      ctx.b().getDenseF32ArrayAttr(scales));
  ctx.setOutput(0, resize);
  return success();
}

LogicalResult importReduceMean(NodeContext &ctx) {
  FailureOr<int64_t> keepdims = ctx.getInt("keepdims", 1);
  auto axesAttr = ctx.getInts("axes");
  FailureOr<Value> x = ctx.floatInput(0);
  if (failed(keepdims) || failed(axesAttr) || failed(x))
    return failure();
  int64_t rank = shapeOf(*x).size();
  SmallVector<int64_t> axes;
  if (*axesAttr) {
    for (int64_t a : **axesAttr) {
      FailureOr<int64_t> axis = normalizeAxis(ctx, a, rank);
      if (failed(axis))
        return failure();
      axes.push_back(*axis);
    }
  } else {
    for (int64_t d = 0; d < rank; ++d)
      axes.push_back(d);
  }
  llvm::sort(axes);
  if (std::adjacent_find(axes.begin(), axes.end()) != axes.end())
    return ctx.emitError() << "axes are repeated";
  FailureOr<qnn::Shape> shape =
      qnn::inferReduceShape(ctx.errorFn(), shapeOf(*x), axes, *keepdims != 0);
  if (failed(shape))
    return failure();
  ctx.setOutput(0, qnn::ReduceMeanOp::create(
                       ctx.b(), ctx.getLoc(), ctx.tensorType(*shape, ctx.f32()),
                       *x, ctx.b().getDenseI64ArrayAttr(axes),
                       ctx.b().getBoolAttr(*keepdims != 0)));
  return success();
}

} // namespace

void registerTensorImporters(ImportTable &table) {
  table["Constant"] = {importConstant, "no sparse or string values"};
  table["Shape"] = {importShape, "folds to a constant (static shapes)"};
  table["Gather"] = {importGather, "constant data and indices only (folds)"};
  table["Unsqueeze"] = {importUnsqueeze, ""};
  table["Squeeze"] = {importSqueeze, ""};
  table["ConstantOfShape"] = {importConstantOfShape, "folds"};
  table["Cast"] = {importCast, "constants, or float to float"};
  table["Reshape"] = {importReshape, "shape must be a constant"};
  table["Flatten"] = {importFlatten, ""};
  table["Transpose"] = {importTranspose, ""};
  table["Concat"] = {importConcat, ""};
  table["Pad"] = {importPad, "constant pads; no negative pads"};
  table["Slice"] = {importSlice, "constant starts/ends/axes/steps"};
  table["Resize"] = {importResize, "nearest and linear; constant scales or "
                                   "sizes; no tf_crop_and_resize"};
  table["ReduceMean"] = {importReduceMean, "axes as attribute (opset <= 17)"};
}

} // namespace qmlir::onnx_import

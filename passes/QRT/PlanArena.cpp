//===- PlanArena.cpp - Place a function's buffers in one planned arena ----===//
//
// Replaces the memref.allocs of a straight-line function of qrt kernel calls
// with views of one arena: liveness by op position, greedy best-fit offsets
// (largest buffer first), padding for XNNPACK's over-reads, and the
// residual/output aliasing the runtime allows. An independent checker
// (verify=true) re-derives liveness from the rewritten IR and rejects any
// overlap.
//
//===----------------------------------------------------------------------===//

#include "passes/QRT/Passes.h"

#include "dialects/QRT/QRTOps.h"
#include "quantrt/quantrt.h"

#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/Interfaces/CallInterfaces.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/MathExtras.h"

#include <limits>
#include <optional>

namespace qmlir::qrt {
#define GEN_PASS_DEF_QRTPLANARENAPASS
#include "passes/QRT/Passes.h.inc"
} // namespace qmlir::qrt

using namespace mlir;
using namespace qmlir;

namespace {

/// Slack after every buffer: XNNPACK reads up to this many bytes past an
/// input, and those bytes must belong to the buffer's own reservation.
constexpr int64_t kPaddingBytes = QRT_INPUT_PADDING_BYTES;
constexpr llvm::StringLiteral kArenaBytesAttr = "qrt.arena_bytes";

/// Bytes of a static-shape memref of int/float elements (sub-byte elements
/// take a byte each, as the LLVM lowering stores them), or nullopt.
std::optional<int64_t> bufferBytes(MemRefType type) {
  if (!type.hasStaticShape() || !type.getElementType().isIntOrFloat())
    return std::nullopt;
  int64_t eltBytes = static_cast<int64_t>(
      llvm::divideCeil(type.getElementType().getIntOrFloatBitWidth(), 8));
  return type.getNumElements() * eltBytes;
}

/// Positions of the ops of a block, so liveness is a pair of integers.
struct BlockNumbering {
  explicit BlockNumbering(Block &block) {
    for (Operation &op : block) {
      position[&op] = static_cast<int64_t>(ops.size());
      ops.push_back(&op);
    }
  }
  SmallVector<Operation *> ops;
  llvm::DenseMap<Operation *, int64_t> position;
};

/// The runtime lets a conv2d/fully_connected read its residual from the
/// buffer it writes, element for element. That only holds if the residual is
/// not also read as another operand (the kernel reads its input while it
/// writes the output), and only if nothing reads it later or wrote the
/// output earlier: `lastUseOfResidual` and `firstUseOfOutput` are the
/// positions of those uses, `pos` the op's.
bool isResidualAliasAllowed(Operation *op, Value residual, Value output,
                            int64_t pos, int64_t lastUseOfResidual,
                            int64_t firstUseOfOutput) {
  if (residual == output || lastUseOfResidual != pos || firstUseOfOutput != pos)
    return false;
  auto check = [&](auto kernel) {
    return kernel.getResidual() == residual && kernel.getOutput() == output &&
           kernel.getInput() != residual && kernel.getFilter() != residual &&
           kernel.getBias() != residual;
  };
  if (auto conv = dyn_cast<qrt::Conv2DOp>(op))
    return check(conv);
  if (auto fc = dyn_cast<qrt::FullyConnectedOp>(op))
    return check(fc);
  return false;
}

//===----------------------------------------------------------------------===//
// Planning
//===----------------------------------------------------------------------===//

/// A buffer the planner places.
struct Buffer {
  memref::AllocOp alloc;
  int64_t bytes = 0;
  /// Bytes it reserves in the arena: bytes + padding, rounded to alignment.
  int64_t reserved = 0;
  /// Live range, inclusive, in op positions.
  int64_t first = std::numeric_limits<int64_t>::max();
  int64_t last = -1;
  SmallVector<memref::DeallocOp> deallocs;
};

/// Buffers that occupy the same bytes (a residual and the output it dies
/// into); placed as one.
struct Group {
  SmallVector<unsigned> members;
  int64_t first = std::numeric_limits<int64_t>::max();
  int64_t last = -1;
  int64_t reserved = 0;
  int64_t offset = -1;

  bool overlapsInTime(const Group &other) const {
    return first <= other.last && other.first <= last;
  }
};

/// Greedy best-fit by size: largest group first; each takes the smallest gap
/// between the groups already placed that are live at the same time, or the
/// end of the highest of them. Returns the arena size.
int64_t placeGroups(MutableArrayRef<Group> groups) {
  SmallVector<unsigned> order =
      llvm::to_vector(llvm::seq<unsigned>(0, groups.size()));
  // A total order (groups are numbered in program order), so the plan does
  // not depend on the sort's stability.
  llvm::sort(order, [&](unsigned a, unsigned b) {
    if (groups[a].reserved != groups[b].reserved)
      return groups[a].reserved > groups[b].reserved;
    if (groups[a].first != groups[b].first)
      return groups[a].first < groups[b].first;
    return a < b;
  });

  int64_t arenaBytes = 0;
  SmallVector<unsigned> placed;
  for (unsigned g : order) {
    Group &group = groups[g];
    SmallVector<const Group *> live;
    for (unsigned p : placed)
      if (groups[p].overlapsInTime(group))
        live.push_back(&groups[p]);
    llvm::sort(live, [](const Group *a, const Group *b) {
      return a->offset < b->offset;
    });

    std::optional<int64_t> best;
    int64_t bestGap = std::numeric_limits<int64_t>::max();
    int64_t end = 0;
    for (const Group *other : live) {
      int64_t gap = other->offset - end;
      if (gap >= group.reserved && gap < bestGap) {
        best = end;
        bestGap = gap;
      }
      end = std::max(end, other->offset + other->reserved);
    }
    group.offset = best.value_or(end);
    arenaBytes = std::max(arenaBytes, group.offset + group.reserved);
    placed.push_back(g);
  }
  return arenaBytes;
}

//===----------------------------------------------------------------------===//
// Independent check of a planned function
//===----------------------------------------------------------------------===//

/// A view of the arena as the checker sees it, from the IR alone.
struct PlacedView {
  Operation *view = nullptr;
  Value buffer;
  int64_t offset = 0;
  int64_t bytes = 0;
  int64_t first = std::numeric_limits<int64_t>::max();
  int64_t last = -1;
};

/// Re-derives every view's offset, size and live range from the IR and
/// checks alignment, bounds and that no two live buffers share a byte
/// (padding included), except a residual and its output as the runtime
/// allows. Shares no state with the planner on purpose. The arena is the
/// i8 `memref.alloc` the planner puts first in the function; views of other
/// buffers are not its business.
LogicalResult checkArena(func::FuncOp func, int64_t alignment) {
  if (!func.getBody().hasOneBlock())
    return success();
  Block &block = func.getBody().front();
  BlockNumbering numbering(block);

  auto sizeAttr = func->getAttrOfType<IntegerAttr>(kArenaBytesAttr);
  if (sizeAttr && sizeAttr.getInt() == 0)
    return success(); // Nothing planned, no arena (an i8 alloc on top is not).
  auto alloc = dyn_cast<memref::AllocOp>(block.front());
  if (!alloc || alloc.getType().getRank() != 1 ||
      !alloc.getType().getElementType().isInteger(8)) {
    if (sizeAttr && sizeAttr.getInt() != 0)
      return func.emitError("arena check: ")
             << kArenaBytesAttr << " is " << sizeAttr.getInt()
             << " but the function does not start with an i8 arena";
    return success();
  }
  MemRefType arenaType = alloc.getType();
  if (!arenaType.hasStaticShape())
    return alloc.emitError("arena check: the arena has a dynamic size");
  int64_t arenaBytes = arenaType.getNumElements();
  if (alloc.getAlignment().value_or(0) < static_cast<uint64_t>(alignment))
    return alloc.emitError("arena check: the arena is not aligned to ")
           << alignment << " bytes";
  bool ok = true;
  if (sizeAttr && sizeAttr.getInt() != arenaBytes) {
    func.emitError("arena check: ")
        << kArenaBytesAttr << " is " << sizeAttr.getInt()
        << " but the arena has " << arenaBytes << " bytes";
    ok = false;
  }

  Value arena = alloc.getResult();
  SmallVector<PlacedView> views;
  for (auto view : block.getOps<memref::ViewOp>()) {
    if (view.getSource() != arena)
      continue;
    PlacedView placed;
    placed.view = view;
    placed.buffer = view.getResult();
    std::optional<int64_t> offset = getConstantIntValue(view.getByteShift());
    std::optional<int64_t> bytes = bufferBytes(view.getType());
    if (!offset || !bytes)
      return view.emitError(
          "arena check: a view without a constant offset and static size");
    placed.offset = *offset;
    placed.bytes = *bytes;
    if (placed.offset % alignment != 0) {
      view.emitError("arena check: offset ")
          << placed.offset << " is not a multiple of " << alignment;
      ok = false;
    }
    if (placed.offset < 0 ||
        placed.offset + placed.bytes + kPaddingBytes > arenaBytes) {
      view.emitError("arena check: bytes [")
          << placed.offset << ", " << placed.offset + placed.bytes << ") + "
          << kPaddingBytes << " of padding do not fit in the arena of "
          << arenaBytes << " bytes";
      ok = false;
    }
    for (Operation *user : view->getUsers()) {
      Operation *top = block.findAncestorOpInBlock(*user);
      int64_t pos = numbering.position.lookup(top);
      placed.first = std::min(placed.first, pos);
      placed.last = std::max(placed.last, pos);
    }
    if (placed.last >= 0)
      views.push_back(placed);
  }

  auto aliasAllowed = [&](const PlacedView &residual,
                          const PlacedView &output) {
    if (residual.offset != output.offset || residual.bytes != output.bytes)
      return false;
    int64_t pos = residual.last;
    return isResidualAliasAllowed(numbering.ops[pos], residual.buffer,
                                  output.buffer, pos, residual.last,
                                  output.first);
  };
  for (auto [i, a] : llvm::enumerate(views)) {
    for (const PlacedView &b : llvm::drop_begin(views, i + 1)) {
      bool liveTogether = a.first <= b.last && b.first <= a.last;
      bool shareBytes = a.offset < b.offset + b.bytes + kPaddingBytes &&
                        b.offset < a.offset + a.bytes + kPaddingBytes;
      if (!liveTogether || !shareBytes || aliasAllowed(a, b) ||
          aliasAllowed(b, a))
        continue;
      InFlightDiagnostic diag = b.view->emitError("arena check: bytes [")
                                << b.offset << ", " << b.offset + b.bytes
                                << ") overlap [" << a.offset << ", "
                                << a.offset + a.bytes
                                << ") (padding included) while both are live";
      diag.attachNote(a.view->getLoc()) << "the other buffer";
      ok = false;
    }
  }
  return success(ok);
}

//===----------------------------------------------------------------------===//
// The pass
//===----------------------------------------------------------------------===//

struct QRTPlanArenaPass : qrt::impl::QRTPlanArenaPassBase<QRTPlanArenaPass> {
  using Base::Base;
  void runOnOperation() override;

private:
  /// Why `alloc` cannot go into the arena (with the offending user, if
  /// any), or nothing; fills `buffer`'s uses otherwise.
  std::optional<std::string> classify(memref::AllocOp alloc, Block &block,
                                      const BlockNumbering &numbering,
                                      Buffer &buffer, Operation *&culprit);
};

std::optional<std::string>
QRTPlanArenaPass::classify(memref::AllocOp alloc, Block &block,
                           const BlockNumbering &numbering, Buffer &buffer,
                           Operation *&culprit) {
  MemRefType type = alloc.getType();
  if (!type.hasStaticShape())
    return std::string("dynamic shape");
  if (!type.getLayout().isIdentity())
    return std::string("not the identity layout");
  if (type.getMemorySpace())
    return std::string("not the default memory space");
  std::optional<int64_t> bytes = bufferBytes(type);
  if (!bytes)
    return std::string("elements of unknown size");
  if (alloc.getAlignment().value_or(0) > static_cast<uint64_t>(alignment))
    return "asks for alignment " + std::to_string(*alloc.getAlignment()) +
           ", more than the arena's " + std::to_string(alignment);

  buffer.alloc = alloc;
  buffer.bytes = *bytes;
  buffer.reserved = static_cast<int64_t>(
      llvm::alignTo(*bytes + kPaddingBytes, static_cast<uint64_t>(alignment)));
  Value value = alloc.getResult();
  for (OpOperand &use : value.getUses()) {
    Operation *user = use.getOwner();
    culprit = user;
    if (user->getBlock() != &block)
      return "used inside '" +
             block.findAncestorOpInBlock(*user)
                 ->getName()
                 .getStringRef()
                 .str() +
             "'";
    if (auto dealloc = dyn_cast<memref::DeallocOp>(user)) {
      buffer.deallocs.push_back(dealloc);
      continue;
    }
    if (user->hasTrait<OpTrait::IsTerminator>())
      return std::string("returned from the function; the caller owns it");
    if (isa<CallOpInterface>(user))
      return "passed to a call ('" + user->getName().getStringRef().str() +
             "')";
    // A qrt kernel: its declared effects say whether it reads or writes.
    auto effects = dyn_cast<MemoryEffectOpInterface>(user);
    bool accesses = isa<qrt::QRTDialect>(user->getDialect()) && effects &&
                    (effects.getEffectOnValue<MemoryEffects::Read>(value) ||
                     effects.getEffectOnValue<MemoryEffects::Write>(value));
    if (!accesses)
      return "used by '" + user->getName().getStringRef().str() +
             "', which the planner does not model";
    int64_t pos = numbering.position.lookup(user);
    buffer.first = std::min(buffer.first, pos);
    buffer.last = std::max(buffer.last, pos);
  }
  culprit = nullptr;
  return std::nullopt;
}

void QRTPlanArenaPass::runOnOperation() {
  func::FuncOp func = getOperation();
  if (func.isExternal())
    return;
  if (alignment < 8 || !llvm::isPowerOf2_64(static_cast<uint64_t>(alignment))) {
    func.emitError("qrt-plan-arena: alignment must be a power of two of at "
                   "least 8, got ")
        << static_cast<int64_t>(alignment);
    return signalPassFailure();
  }

  // Planned before (or by hand): keep the plan, but check it if asked.
  if (func->hasAttr(kArenaBytesAttr)) {
    if (verify && failed(checkArena(func, alignment)))
      signalPassFailure();
    return;
  }
  if (!func.getBody().hasOneBlock()) {
    // mlir::emitRemark, not the op's: no dump of the op with every remark.
    emitRemark(func.getLoc(), "arena: not planned: the function has ")
        << func.getBody().getBlocks().size()
        << " blocks; the planner needs straight-line code";
    return;
  }

  Block &block = func.getBody().front();
  BlockNumbering numbering(block);

  // Allocs in nested regions are not straight-line code.
  func.walk([&](memref::AllocOp alloc) {
    if (alloc->getBlock() != &block)
      emitRemark(alloc.getLoc(), "arena: buffer not planned: inside '")
          << block.findAncestorOpInBlock(*alloc)->getName() << "'";
  });

  SmallVector<Buffer> buffers;
  SmallVector<Buffer> dead;
  for (auto alloc : block.getOps<memref::AllocOp>()) {
    Buffer buffer;
    Operation *culprit = nullptr;
    if (std::optional<std::string> reason =
            classify(alloc, block, numbering, buffer, culprit)) {
      InFlightDiagnostic remark =
          emitRemark(alloc.getLoc(), "arena: buffer not planned: ") << *reason;
      if (culprit)
        remark.attachNote(culprit->getLoc()) << "used here";
      continue;
    }
    if (buffer.last < 0) {
      dead.push_back(std::move(buffer));
      continue;
    }
    buffers.push_back(std::move(buffer));
  }
  // A buffer no kernel touches is dead code; it gets no bytes at all.
  for (Buffer &buffer : dead) {
    for (memref::DeallocOp dealloc : buffer.deallocs)
      dealloc.erase();
    buffer.alloc.erase();
  }

  // Union-find over buffers: a residual that dies into its op's output.
  SmallVector<unsigned> parent =
      llvm::to_vector(llvm::seq<unsigned>(0, buffers.size()));
  auto find = [&](unsigned i) {
    while (parent[i] != i)
      i = parent[i] = parent[parent[i]];
    return i;
  };
  if (aliasResidual) {
    llvm::DenseMap<Value, unsigned> index;
    for (auto [i, buffer] : llvm::enumerate(buffers))
      index[buffer.alloc.getResult()] = i;
    for (Operation &op : block) {
      Value residual, output;
      if (auto conv = dyn_cast<qrt::Conv2DOp>(op)) {
        residual = conv.getResidual();
        output = conv.getOutput();
      } else if (auto fc = dyn_cast<qrt::FullyConnectedOp>(op)) {
        residual = fc.getResidual();
        output = fc.getOutput();
      }
      if (!residual || !index.count(residual) || !index.count(output))
        continue;
      const Buffer &r = buffers[index[residual]];
      const Buffer &o = buffers[index[output]];
      if (r.reserved == o.reserved &&
          isResidualAliasAllowed(&op, residual, output,
                                 numbering.position.lookup(&op), r.last,
                                 o.first))
        parent[find(index[output])] = find(index[residual]);
    }
  }

  SmallVector<Group> groups;
  llvm::DenseMap<unsigned, unsigned> groupOfRoot;
  int64_t naiveBytes = 0;
  for (auto [i, buffer] : llvm::enumerate(buffers)) {
    auto [it, inserted] = groupOfRoot.try_emplace(find(i), groups.size());
    if (inserted)
      groups.emplace_back();
    Group &group = groups[it->second];
    group.members.push_back(i);
    group.first = std::min(group.first, buffer.first);
    group.last = std::max(group.last, buffer.last);
    group.reserved = std::max(group.reserved, buffer.reserved);
    naiveBytes += buffer.reserved;
  }
  int64_t arenaBytes = placeGroups(groups);

  // Rewrite: one arena at the top, a view per buffer where its alloc was.
  OpBuilder builder(func.getContext());
  bool hadDeallocs = false;
  if (!buffers.empty()) {
    builder.setInsertionPointToStart(&block);
    auto arenaType = MemRefType::get({arenaBytes}, builder.getIntegerType(8));
    Value arena = memref::AllocOp::create(builder, func.getLoc(), arenaType,
                                          builder.getI64IntegerAttr(alignment))
                      .getResult();
    // One constant per distinct offset, next to the arena.
    llvm::DenseMap<int64_t, Value> offsets;
    for (const Group &group : groups)
      if (!offsets.count(group.offset))
        offsets[group.offset] = arith::ConstantIndexOp::create(
            builder, func.getLoc(), group.offset);
    for (const Group &group : groups) {
      for (unsigned member : group.members) {
        Buffer &buffer = buffers[member];
        for (memref::DeallocOp dealloc : buffer.deallocs) {
          dealloc.erase();
          hadDeallocs = true;
        }
        builder.setInsertionPoint(buffer.alloc);
        auto view = memref::ViewOp::create(
            builder, buffer.alloc.getLoc(), buffer.alloc.getType(), arena,
            offsets.lookup(group.offset), ValueRange());
        buffer.alloc.getResult().replaceAllUsesWith(view.getResult());
        buffer.alloc.erase();
      }
    }
    // The input freed its buffers; keep it free of leaks. No planned buffer
    // is live at the terminator (none is returned).
    if (hadDeallocs) {
      builder.setInsertionPoint(block.getTerminator());
      memref::DeallocOp::create(builder, func.getLoc(), arena);
    }
  }

  func->setAttr(kArenaBytesAttr, builder.getI64IntegerAttr(arenaBytes));
  emitRemark(func.getLoc(), "arena: ")
      << arenaBytes << " bytes for " << buffers.size() << " buffers (naive "
      << naiveBytes << ")";

  if (verify && failed(checkArena(func, alignment)))
    signalPassFailure();
}

} // namespace

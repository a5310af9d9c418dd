//===- Statistics.cpp - #qnn.stats <-> calibration statistics -------------===//

#include "passes/Quantization/Statistics.h"

#include "mlir/IR/BuiltinTypes.h"

using namespace mlir;

namespace qmlir::quantization {

calib::TensorStats toTensorStats(qnn::StatsAttr attr) {
  calib::TensorStats stats;
  stats.count = attr.getCount();
  if (stats.count > 0) {
    stats.min = attr.getMin().convertToDouble();
    stats.max = attr.getMax().convertToDouble();
  }
  if (DenseIntElementsAttr hist = attr.getHistogram()) {
    stats.hist.range = attr.getRange().convertToDouble();
    for (const APInt &bin : hist.getValues<APInt>())
      stats.hist.bins.push_back(bin.getSExtValue());
  }
  if (DenseFPElementsAttr lo = attr.getChannelMin()) {
    for (const APFloat &v : lo.getValues<APFloat>())
      stats.channelMin.push_back(v.convertToFloat());
    for (const APFloat &v : attr.getChannelMax().getValues<APFloat>())
      stats.channelMax.push_back(v.convertToFloat());
  }
  return stats;
}

qnn::StatsAttr toStatsAttr(MLIRContext *context,
                           const calib::TensorStats &stats) {
  DenseIntElementsAttr hist;
  if (!stats.hist.empty()) {
    auto type = RankedTensorType::get(
        {static_cast<int64_t>(stats.hist.bins.size())},
        IntegerType::get(context, 64));
    hist = DenseIntElementsAttr::get(type, ArrayRef<int64_t>(stats.hist.bins));
  }
  DenseFPElementsAttr lo, hi;
  if (!stats.channelMin.empty()) {
    auto type = RankedTensorType::get(
        {static_cast<int64_t>(stats.channelMin.size())},
        Float32Type::get(context));
    lo = cast<DenseFPElementsAttr>(
        DenseElementsAttr::get(type, ArrayRef<float>(stats.channelMin)));
    hi = cast<DenseFPElementsAttr>(
        DenseElementsAttr::get(type, ArrayRef<float>(stats.channelMax)));
  }
  bool any = stats.count > 0;
  return qnn::StatsAttr::get(context, APFloat(any ? stats.min : 0.0),
                             APFloat(any ? stats.max : 0.0), stats.count,
                             APFloat(stats.hist.empty() ? 0.0 : stats.hist.range),
                             hist, lo, hi);
}

LogicalResult verifyHistogramBins(Operation *op, qnn::StatsAttr attr) {
  DenseIntElementsAttr hist = attr.getHistogram();
  if (!hist || hist.getNumElements() == calib::kHistogramBins)
    return success();
  return op->emitError("histogram has ")
         << hist.getNumElements() << " bins; calibration statistics have "
         << calib::kHistogramBins;
}

} // namespace qmlir::quantization

//===- Pipelines.cpp - Registration of the quantization passes ------------===//
//
// Registers each implemented quantization pass and, once all stages exist,
// the qnn-prepare / qnn-convert pipelines.
//
//===----------------------------------------------------------------------===//

#include "passes/Quantization/Passes.h"

void qmlir::quantization::registerQuantizationPassesAndPipelines() {
}

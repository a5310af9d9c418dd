//===- quant-opt.cpp - mlir-opt with every quant-mlir dialect and pass ----===//

#include "quant-mlir/InitAll.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  qmlir::registerAllDialects(registry);
  qmlir::registerAllPasses();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "quant-mlir optimizer driver\n", registry));
}

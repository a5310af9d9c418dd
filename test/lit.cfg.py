# lit configuration for quant-mlir: IR tests (.mlir), importer tests (.onnxtxt)
# and end-to-end tests.
import os

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "QUANT_MLIR"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".onnxtxt", ".test"]
config.excludes = ["Inputs", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py", "unit"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.qmlir_obj_root, "test")

config.substitutions.append(("%PATH%", config.environment["PATH"]))
config.substitutions.append(("%python", config.python_executable))
config.substitutions.append(("%qmlir_src_root", config.qmlir_src_root))
# The hand-written qmodel.h fixture models of test/unit/runner (quant-run tests).
config.substitutions.append(
    ("%runner_models",
     os.path.join(config.qmlir_obj_root, "test", "unit", "runner", "models")))

llvm_config.with_system_environment(["HOME", "INCLUDE", "LIB", "TMP", "TEMP"])
# `not`, `count` and FileCheck anywhere in a RUN line, not only after a pipe.
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.use_default_substitutions()

tool_dirs = [config.qmlir_tools_dir, config.llvm_tools_dir]
tools = ["quant-opt", "quant-translate", "quant-run", "quant-compile"]
llvm_config.add_tool_substitutions(tools, tool_dirs)

"""check_npy.py FILE DTYPE EXPECTED: asserts that the .npy FILE has dtype
DTYPE and equals EXPECTED (a Python literal, compared with allclose)."""
import ast
import sys

import numpy as np

a = np.load(sys.argv[1])
expected = np.array(ast.literal_eval(sys.argv[3]))
assert a.dtype == np.dtype(sys.argv[2]), f"dtype {a.dtype}, expected {sys.argv[2]}"
assert a.shape == expected.shape, f"shape {a.shape}, expected {expected.shape}"
assert np.allclose(a, expected, rtol=1e-6, atol=1e-6), f"{a} != {expected}"
print("ok", sys.argv[1].rsplit("/", 1)[-1], a.shape)

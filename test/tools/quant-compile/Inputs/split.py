# Splits a .npy of samples into two shards at `at`: split.py IN OUT_A OUT_B AT.
import sys
import numpy as np

x = np.load(sys.argv[1])
at = int(sys.argv[4])
np.save(sys.argv[2], x[:at])
np.save(sys.argv[3], x[at:])

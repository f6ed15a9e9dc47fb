"""torch-fidelity's KID loop (kid_features_to_metric / mmd2 / kernel) in NumPy, for `bench kid-timing`.

Usage: OPENBLAS_NUM_THREADS=1 python3 kid_numpy.py X.npy Y.npy [subsets] [subset_size]
Prints one line: seconds mean std (the subset loop only; loading is not timed).
"""
import sys
import time

import numpy as np


def kernel(x, y):
    gamma = 1.0 / x.shape[1]
    return (np.matmul(x, y.T) * gamma + 1) ** 3


def mmd2(f1, f2):
    k_11, k_22, k_12 = kernel(f1, f1), kernel(f2, f2), kernel(f1, f2)
    m = f1.shape[0]
    kt_xx_sum = (k_11.sum(axis=-1) - np.diagonal(k_11)).sum()
    kt_yy_sum = (k_22.sum(axis=-1) - np.diagonal(k_22)).sum()
    k_xy_sum = k_12.sum()
    return (kt_xx_sum + kt_yy_sum) / (m * (m - 1)) - 2 * k_xy_sum / (m * m)


def main():
    x, y = np.load(sys.argv[1]), np.load(sys.argv[2])
    subsets = int(sys.argv[3]) if len(sys.argv) > 3 else 100
    size = int(sys.argv[4]) if len(sys.argv) > 4 else 1000
    rng = np.random.RandomState(0)
    start = time.perf_counter()
    mmds = np.zeros(subsets)
    for i in range(subsets):
        f1 = x[rng.choice(len(x), size, replace=False)]
        f2 = y[rng.choice(len(y), size, replace=False)]
        mmds[i] = mmd2(f1, f2)
    seconds = time.perf_counter() - start
    print(f"{seconds} {mmds.mean()} {mmds.std()}")


if __name__ == "__main__":
    main()

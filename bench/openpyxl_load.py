"""The openpyxl peer of `npm run bench`'s XLSX read: load_workbook of the
same file, RUNS times in one process; prints {"ms": median, "runs": RUNS}.

Usage: python3 bench/openpyxl_load.py X.xlsx RUNS
"""
import json
import statistics
import sys
import time
import warnings

import openpyxl

path, runs = sys.argv[1], max(1, int(sys.argv[2]))
times = []
with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # "Data Validation extension is not supported" and the like
    for _ in range(runs):
        t = time.perf_counter()
        openpyxl.load_workbook(path)
        times.append((time.perf_counter() - t) * 1000)
print(json.dumps({"ms": statistics.median_low(times), "runs": runs}))

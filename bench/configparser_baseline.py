#!/usr/bin/env python3
"""The upstream baseline for `npm run bench`: CPython's configparser reads one
INI file, the reference model is built from it (the oracle's `model()`, the
same code the conformance tests compare fmx with), and the model is dumped as
JSON the way `fmx convert X.ini --to json` prints it (2-space indent, UTF-8).

Usage: configparser_baseline.py FILE [--compact]
  --compact  dump with json's C encoder (no indent): a faster, smaller output
"""
import configparser
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'oracle'))
from configparser_model import model  # noqa: E402


def main():
    path = sys.argv[1]
    compact = '--compact' in sys.argv[2:]
    cfg = configparser.ConfigParser()
    with open(path, encoding='utf-8') as fp:
        cfg.read_file(fp)
    out = model(cfg)
    if compact:
        json.dump(out, sys.stdout, ensure_ascii=False)
    else:
        json.dump(out, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write('\n')


if __name__ == '__main__':
    main()

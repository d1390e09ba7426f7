#!/usr/bin/env python3
"""What CPython's configparser (at its defaults) reads from INI text, raw:
sections, their options (configparser's options() order) and values (get(),
so interpolated), or the kind of error and its line.

Reads a JSON list of texts on stdin; prints a JSON list of results:
  {"sections": [[name, [[option, value], ...]], ...], "defaults": [[option, value], ...]}
  {"error": "ExceptionClass", "line": N or null}
The texts are written to a file and read with open() as upstream does, so
universal newlines apply.
"""
import configparser
import json
import os
import sys
import tempfile


def read(text):
    cfg = configparser.ConfigParser()
    fd, path = tempfile.mkstemp(suffix='.ini')
    try:
        with os.fdopen(fd, 'w', encoding='utf-8', newline='') as f:
            f.write(text)
        try:
            with open(path, encoding='utf-8') as fp:
                cfg.read_file(fp)
            out = {'sections': [], 'defaults': []}
            for s in cfg.sections():
                out['sections'].append([s, [[o, cfg.get(s, o)] for o in cfg.options(s)]])
            for o in cfg.defaults():
                out['defaults'].append([o, cfg.get('DEFAULT', o)] if False else [o, cfg.defaults()[o]])
            return out
        except configparser.Error as e:
            line = getattr(e, 'lineno', None)
            if isinstance(e, configparser.ParsingError) and not isinstance(e, configparser.MissingSectionHeaderError):
                line = e.errors[0][0] if e.errors else None
            return {'error': type(e).__name__, 'line': line}
    finally:
        os.unlink(path)


def main():
    texts = json.load(sys.stdin)
    json.dump([read(t) for t in texts], sys.stdout, ensure_ascii=False)


if __name__ == '__main__':
    main()

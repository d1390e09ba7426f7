#!/usr/bin/env python3
"""The reference changes between two matrix INIs: CPython configparser's
readings of both files (through configparser_model.py, the reference
reading), compared as `fmx diff --format json` documents it
(docs/diff.md, schema/diff.schema.json).

Usage: configparser_diff.py OLD NEW [OLD NEW ...]   prints a JSON list, one
entry per pair: {"old": F, "new": G, "changes": [...]} or
{"old": F, "new": G, "error": "..."}.

Written independently of fmx's TypeScript diff (src/diff.ts): it shares no
code with it, only the documented contract:
- drivers matched by key, features by key, cells by driver key; order and
  dialect are not changes; cells only for a feature and a driver in both;
- strings compared with runs of white space as one space (ends trimmed) and
  typographic punctuation as ASCII; lists element by element;
- order: driver-removed (old order), driver-added (new order),
  driver-changed (new order; title, link), feature-removed (old order),
  feature-added (new order), then per feature in both, in new order: its
  feature-changed (fields in FEATURE_FIELDS order), implementation-removed
  (old cell order), implementation-added (new cell order),
  implementation-changed (new cell order; status, notes, release).
"""
import configparser
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from configparser_model import model  # noqa: E402  (the reference reading)

DRIVER_FIELDS = ['title', 'link']
FEATURE_FIELDS = ['title', 'status', 'group', 'notes', 'cli', 'api', 'maturity',
                  'apiDocLink', 'adminDocLink', 'tempestTestUuids']
CELL_FIELDS = ['status', 'notes', 'release']

# White space as ECMAScript's \s defines it (the contract's "white space"),
# spelled out: Python's own \s differs in a few control characters.
SPACE = re.compile('[\t\n\x0b\x0c\r \xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+')
TYPOGRAPHY = {
    '\u201c': '"', '\u201d': '"', '\u201e': '"', '\u201f': '"', '\u2033': '"',
    '\u2018': "'", '\u2019': "'", '\u201a': "'", '\u201b': "'", '\u2032': "'",
    '\u2014': '---', '\u2013': '--', '\u2026': '...',
}


def fold(v):
    if v is None:
        return None
    if isinstance(v, list):
        return [fold(x) for x in v]
    v = SPACE.sub(' ', v).strip(' ')
    return ''.join(TYPOGRAPHY.get(c, c) for c in v)


def by_key(items, key):
    out = {}
    for it in items:
        out.setdefault(it[key], it)
    return out


def diff(a, b):
    changes = []
    old_d, new_d = by_key(a['drivers'], 'key'), by_key(b['drivers'], 'key')
    for d in a['drivers']:
        if d['key'] not in new_d:
            changes.append({'kind': 'driver-removed', 'driver': d['key']})
    for d in b['drivers']:
        if d['key'] not in old_d:
            changes.append({'kind': 'driver-added', 'driver': d['key']})
    for d in b['drivers']:
        o = old_d.get(d['key'])
        if o is None:
            continue
        for f in DRIVER_FIELDS:
            if fold(o[f]) != fold(d[f]):
                changes.append({'kind': 'driver-changed', 'driver': d['key'], 'field': f,
                                'old': o[f], 'new': d[f]})
    common = set(old_d) & set(new_d)
    old_f, new_f = by_key(a['features'], 'key'), by_key(b['features'], 'key')
    for f in a['features']:
        if f['key'] not in new_f:
            changes.append({'kind': 'feature-removed', 'feature': f['key']})
    for f in b['features']:
        if f['key'] not in old_f:
            changes.append({'kind': 'feature-added', 'feature': f['key']})
    for nf in b['features']:
        of = old_f.get(nf['key'])
        if of is None:
            continue
        k = nf['key']
        for fld in FEATURE_FIELDS:
            if fold(of[fld]) != fold(nf[fld]):
                changes.append({'kind': 'feature-changed', 'feature': k, 'field': fld,
                                'old': of[fld], 'new': nf[fld]})
        oc = by_key([c for c in of['implementations'] if c['driver'] in common], 'driver')
        nc = by_key([c for c in nf['implementations'] if c['driver'] in common], 'driver')
        for c in of['implementations']:
            if c['driver'] in oc and c['driver'] not in nc:
                changes.append({'kind': 'implementation-removed', 'feature': k, 'driver': c['driver']})
        for c in nf['implementations']:
            if c['driver'] in nc and c['driver'] not in oc:
                changes.append({'kind': 'implementation-added', 'feature': k, 'driver': c['driver']})
        for c in nf['implementations']:
            o = oc.get(c['driver'])
            if o is None or c['driver'] not in nc:
                continue
            for fld in CELL_FIELDS:
                if fold(o[fld]) != fold(c[fld]):
                    changes.append({'kind': 'implementation-changed', 'feature': k,
                                    'driver': c['driver'], 'field': fld,
                                    'old': o[fld], 'new': c[fld]})
    return changes


def read(path):
    cfg = configparser.ConfigParser()
    with open(path, encoding='utf-8') as fp:
        cfg.read_file(fp)
    return model(cfg)


def main():
    args = sys.argv[1:]
    if len(args) % 2:
        sys.exit('usage: configparser_diff.py OLD NEW [OLD NEW ...]')
    results = []
    for old, new in zip(args[0::2], args[1::2]):
        try:
            results.append({'old': old, 'new': new, 'changes': diff(read(old), read(new))})
        except Exception as e:  # reported, compared by the test
            results.append({'old': old, 'new': new, 'error': '%s: %s' % (type(e).__name__, e)})
    json.dump(results, sys.stdout, ensure_ascii=False)


if __name__ == '__main__':
    main()

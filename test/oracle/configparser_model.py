#!/usr/bin/env python3
"""The reference reading of a matrix INI: CPython's configparser at its
defaults (as upstream's renderers use it), turned into fmx's model JSON.

Usage: configparser_model.py FILE...   prints a JSON list, one entry per file:
  {"file": F, "model": {...}}  or  {"file": F, "error": "ExceptionClass: message"}

Written independently of fmx's TypeScript reader: it shares no code with it,
only the documented model contract (docs/model.md, schema/matrix.schema.json).
"""
import configparser
import json
import re
import sys


def split_list(v):
    return [] if v is None or v == '' else v.split(';')


def split_status(v):
    m = re.match(r'^([^(]+)(?:\(([^)]+)\))?$', v)
    if not m:
        return v, None
    return m.group(1), m.group(2)


FEATURE_FIELDS = {'title', 'status', 'notes', 'cli', 'api', 'maturity',
                  'api_doc_link', 'admin_doc_link', 'tempest_test_uuids'}


def model(cfg):
    sections = cfg.sections()
    dialect = None
    has_targets = False
    for s in sections:
        if s.startswith('driver.'):
            dialect = 'support-matrix'
            break
        if s.startswith('target.'):
            dialect = 'feature-classification'
            break
        if s == 'targets':
            has_targets = True
    if dialect is None and has_targets:
        dialect = 'targets'
    if dialect is None:
        raise ValueError('no driver declarations')
    cell_prefix, notes_prefix = {
        'support-matrix': ('driver.', 'driver-notes.'),
        'targets': ('driver-impl-', 'driver-notes-'),
        'feature-classification': ('', 'driver-notes-'),
    }[dialect]
    out = {'format': 'fmx/matrix', 'version': 1, 'dialect': dialect,
           'drivers': [], 'features': []}
    extras_top = []
    driver_sections = set()
    if dialect == 'targets':
        driver_sections.add('targets')
        for o in cfg.options('targets'):
            v = cfg.get('targets', o)
            if o.startswith('driver-impl-'):
                out['drivers'].append({'key': o[len('driver-impl-'):], 'title': v, 'link': None})
            else:
                extras_top.append({'section': 'targets', 'name': o, 'value': v})
    else:
        prefix = 'driver.' if dialect == 'support-matrix' else 'target.'
        for s in sections:
            if not s.startswith(prefix):
                continue
            driver_sections.add(s)
            d = {'key': s[len(prefix):], 'title': None, 'link': None}
            extras = []
            for o in cfg.options(s):
                v = cfg.get(s, o)
                if o == 'title':
                    d['title'] = v
                elif o == 'link':
                    d['link'] = v
                else:
                    extras.append({'name': o, 'value': v})
            if extras:
                d['extras'] = extras
            out['drivers'].append(d)
    declared = {d['key'] for d in out['drivers']}
    for s in sections:
        if s in driver_sections:
            continue
        if dialect == 'feature-classification' and s == 'targets':
            continue
        f = {'key': s, 'title': None, 'status': None, 'group': None, 'notes': None,
             'cli': [], 'api': None, 'maturity': None, 'apiDocLink': None,
             'adminDocLink': None, 'tempestTestUuids': [], 'implementations': []}
        values = {o: cfg.get(s, o) for o in cfg.options(s)}
        extras = []
        used_notes = set()
        for o, v in values.items():
            if o in FEATURE_FIELDS:
                if o == 'status':
                    f['status'], f['group'] = split_status(v)
                elif o in ('cli', 'tempest_test_uuids'):
                    f['tempestTestUuids' if o != 'cli' else 'cli'] = split_list(v)
                else:
                    f[{'api_doc_link': 'apiDocLink', 'admin_doc_link': 'adminDocLink'}.get(o, o)] = v
                continue
            key = None
            if cell_prefix == '':
                key = o if o in declared else None
            elif o.startswith(cell_prefix) and o[len(cell_prefix):] in declared:
                key = o[len(cell_prefix):]
            if key is not None:
                nk = notes_prefix + key
                notes = values.get(nk)
                if notes is not None:
                    used_notes.add(nk)
                if cell_prefix == '':
                    parts = v.split(':')
                    status, release = parts[0], (parts[1] if len(parts) == 2 else None)
                else:
                    status, release = v, None
                f['implementations'].append({'driver': key, 'status': status,
                                             'notes': notes, 'release': release})
                continue
            extras.append({'name': o, 'value': v})
        extras = [e for e in extras if e['name'] not in used_notes]
        if extras:
            f['extras'] = extras
        out['features'].append(f)
    if extras_top:
        out['extras'] = extras_top
    return out


def main():
    results = []
    for path in sys.argv[1:]:
        cfg = configparser.ConfigParser()
        try:
            with open(path, encoding='utf-8') as fp:
                cfg.read_file(fp)
            results.append({'file': path, 'model': model(cfg)})
        except Exception as e:  # the kind of failure is what is compared
            results.append({'file': path, 'error': '%s: %s' % (type(e).__name__, e)})
    json.dump(results, sys.stdout, ensure_ascii=False)


if __name__ == '__main__':
    main()

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

# dialect: (driver section prefix or None, declaration prefix in [targets] or None,
#           cell prefix, notes prefix, cells named by the driver's label)
SYNTAX = {
    'support-matrix': ('driver.', None, 'driver.', 'driver-notes.', False),
    'targets': (None, 'driver-impl-', 'driver-impl-', 'driver-notes-', False),
    'feature-classification': ('target.', None, '', 'driver-notes-', False),
    # neutron's doc/source/ext/support_matrix.py, 2016-2017: first form, then second
    'networking-targets': (None, 'networking-', 'networking-', 'networking-notes-', False),
    'networking-labels': ('target.', None, 'networking-', 'networking-notes-', True),
}


def is_read(cfg, dialect, section, name):
    """Whether the dialect's renderer asks configparser for this option."""
    drv, decl, cell, notes, by_label = SYNTAX[dialect]
    if drv is not None and section.startswith(drv):
        return name in (('label', 'title', 'link') if by_label else ('title', 'link'))
    if section == 'targets':
        if decl is not None:
            return name.startswith(decl)
        if dialect == 'feature-classification':
            return False
    if name in FEATURE_FIELDS or name.startswith(notes):
        return True
    if cell == '':
        return cfg.has_section(drv + name)
    return name.startswith(cell)


def getter(cfg, dialect):
    """configparser's value; one the renderer never reads stays raw where it cannot be interpolated."""
    def get(section, name):
        if is_read(cfg, dialect, section, name):
            return cfg.get(section, name)
        try:
            return cfg.get(section, name)
        except configparser.InterpolationError:
            return cfg.get(section, name, raw=True)
    return get


def model(cfg):
    sections = cfg.sections()
    dialect = None
    has_targets = False
    for s in sections:
        if s.startswith('driver.'):
            dialect = 'support-matrix'
            break
        if s.startswith('target.'):
            labels = any(t.startswith('target.') and cfg.has_option(t, 'label') for t in sections)
            dialect = 'networking-labels' if labels else 'feature-classification'
            break
        if s == 'targets':
            has_targets = True
    if dialect is None and has_targets:
        names = cfg.options('targets')
        neutron = (not any(o.startswith('driver-impl-') for o in names)
                   and any(o.startswith('networking-') for o in names))
        dialect = 'networking-targets' if neutron else 'targets'
    if dialect is None:
        raise ValueError('no driver declarations')
    driver_prefix, decl_prefix, cell_prefix, notes_prefix, by_label = SYNTAX[dialect]
    get = getter(cfg, dialect)
    out = {'format': 'fmx/matrix', 'version': 1, 'dialect': dialect,
           'drivers': [], 'features': []}
    extras_top = []
    driver_sections = set()
    if decl_prefix is not None:
        driver_sections.add('targets')
        for o in cfg.options('targets'):
            v = get('targets', o)
            if o.startswith(decl_prefix):
                out['drivers'].append({'key': o[len(decl_prefix):], 'title': v, 'link': None})
            else:
                extras_top.append({'section': 'targets', 'name': o, 'value': v})
        if not out['drivers'] and len(sections) == 1:
            raise ValueError('no driver declared and no feature')
    else:
        prefix = driver_prefix
        for s in sections:
            if not s.startswith(prefix):
                continue
            driver_sections.add(s)
            d = {'key': s[len(prefix):], 'title': None, 'link': None}
            extras = []
            for o in cfg.options(s):
                v = get(s, o)
                if o == 'title':
                    d['title'] = v
                elif o == 'link':
                    d['link'] = v
                else:
                    extras.append({'name': o, 'value': v})
            if extras:
                d['extras'] = extras
            out['drivers'].append(d)
    # The option name of each driver's cells: its label (networking-labels), else prefix + key.
    cell_names = {}
    for d in out['drivers']:
        label = [e['value'] for e in d.get('extras', []) if e['name'] == 'label'] if by_label else []
        cell_names[label[0] if label else cell_prefix + d['key']] = d['key']
    for s in sections:
        if s in driver_sections:
            continue
        if dialect == 'feature-classification' and s == 'targets':
            continue
        f = {'key': s, 'title': None, 'status': None, 'group': None, 'notes': None,
             'cli': [], 'api': None, 'maturity': None, 'apiDocLink': None,
             'adminDocLink': None, 'tempestTestUuids': [], 'implementations': []}
        values = {o: get(s, o) for o in cfg.options(s)}
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
            key = cell_names.get(o)
            if key is not None:
                nk = notes_prefix + key
                notes = values.get(nk)
                if notes is not None:
                    used_notes.add(nk)
                if dialect == 'feature-classification':
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

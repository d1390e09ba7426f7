#!/usr/bin/env python3
"""The reference reading of a matrix's git history, written independently of
fmx's TypeScript (it shares no code with it, only the documented semantics of
docs/history.md and schema/blame.schema.json).

Usage: history_walk.py REPO PATH [REV] [--releases | --releases=name-rev]

The commits are those `git log --follow REV -- PATH` lists. Each version is
read by CPython's configparser (at its defaults, through configparser_model.py)
and each commit is compared with the version of its first parent (the path it
had there, from --name-status); when that cannot be read, with the nearest
older listed version that can. Prints JSON:
  {"steps": [{"commit", "path", "error", "cells": [[feature, driver, status], ...]}],
   "changes": [[commit, feature, driver, old, new], ...],   # status changes, old/new null = no cell
   "blame": [[feature, driver, status, commit, release], ...]}
With --releases, each blamed commit's release is the first tag that
`git tag --contains COMMIT --sort=creatordate` lists (slow: one git per commit).
With --releases=name-rev, the tag one `git name-rev --tags` over all the blamed
commits names each after (what a script that names releases quickly would do;
the bench's peer for fmx blame, which names releases too); the time it took is
printed on standard error as `releases: N ms`.
"""
import configparser
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from configparser_model import model  # noqa: E402


def git(repo, *args, stdin=None):
    return subprocess.run(['git', '-C', repo, *args], input=stdin, stdout=subprocess.PIPE,
                          check=True).stdout


def listing(repo, path, rev):
    out = git(repo, '-c', 'core.quotePath=false', 'log', '--follow', '--name-status',
              '--format=@@%H %P', rev, '--', path).decode('utf-8')
    commits = []
    for line in out.split('\n'):
        if line.startswith('@@'):
            ids = line[2:].split(' ')
            commits.append({'commit': ids[0], 'parent': ids[1] if len(ids) > 1 and ids[1] else None,
                            'path': None, 'parent_path': None})
        elif line.strip() and commits:
            parts = line.split('\t')
            c = commits[-1]
            if parts[0].startswith('R') or parts[0].startswith('C'):
                c['parent_path'], c['path'] = parts[1], parts[2]
            elif parts[0] == 'A':
                c['path'] = parts[1]
            else:
                c['path'] = c['parent_path'] = parts[1]
    return commits


def read_objects(repo, names):
    """Contents by object name (None when missing), with one git cat-file --batch."""
    out = git(repo, 'cat-file', '--batch', stdin=('\n'.join(names) + '\n').encode('utf-8'))
    result = {}
    at = 0
    for name in names:
        nl = out.index(b'\n', at)
        header = out[at:nl].decode('utf-8').split(' ')
        if header[-1] == 'missing' or len(header) != 3:
            result[name] = None
            at = nl + 1
            continue
        size = int(header[2])
        result[name] = out[nl + 1:nl + 1 + size]
        at = nl + 1 + size + 1
    return result


def cells_of(data):
    """{(feature, driver): status} of declared drivers (first cell wins), or the error."""
    cfg = configparser.ConfigParser()
    try:
        cfg.read_string(data.decode('utf-8'))
        m = model(cfg)
    except Exception as e:  # noqa: BLE001 - any failure makes the version unreadable
        return None, '%s: %s' % (type(e).__name__, e)
    cells = {}
    order = []
    declared = [d['key'] for d in m['drivers']]
    for f in m['features']:
        for i in f['implementations']:
            k = (f['key'], i['driver'])
            if k not in cells:
                cells[k] = i['status']
        for d in declared:
            if (f['key'], d) in cells and (f['key'], d) not in order:
                order.append((f['key'], d))
    return (cells, order), None


def main():
    args = [a for a in sys.argv[1:] if not a.startswith('--')]
    releases = '--releases' in sys.argv
    name_rev = '--releases=name-rev' in sys.argv
    repo, path = args[0], args[1]
    rev = args[2] if len(args) > 2 else 'HEAD'
    commits = listing(repo, path, rev)
    names = []
    for c in commits:
        c['name'] = '%s:%s' % (c['commit'], c['path']) if c['path'] else None
        c['parent_name'] = '%s:%s' % (c['parent'], c['parent_path']) if c['parent'] and c['parent_path'] else None
        names += [n for n in (c['name'], c['parent_name']) if n]
    data = read_objects(repo, list(dict.fromkeys(names)))
    parsed = {}
    for name, content in data.items():
        if content is None:
            parsed[name] = (None, None)
        elif content not in parsed:
            parsed[content] = cells_of(content)
    version = lambda n: (None, None) if n is None or data.get(n) is None else parsed[data[n]]  # noqa: E731

    steps, changes = [], []
    found = {}
    head = None
    for i, c in enumerate(commits):
        now, err = version(c['name'])
        steps.append({'commit': c['commit'], 'path': c['path'], 'error': err,
                      'cells': [[f, d, now[0][(f, d)]] for f, d in now[1]] if now else None})
        if i == 0:
            head = now
        if now is None:
            continue
        base, base_err = version(c['parent_name'])
        if base is None and base_err is not None:
            for older in commits[i + 1:]:
                base, _ = version(older['name'])
                if base is not None:
                    break
        before = base[0] if base else {}
        for k, status in now[0].items():
            old = before.get(k)
            if old != status:
                changes.append([c['commit'], k[0], k[1], old, status])
                if head and k not in found and head[0].get(k) == status:
                    found[k] = c['commit']
        for k, old in before.items():
            if k not in now[0]:
                changes.append([c['commit'], k[0], k[1], old, None])

    tags = {}
    blame = []
    if head and name_rev:
        started = time.perf_counter()
        wanted = list(dict.fromkeys(c for c in found.values()))
        for i in range(0, len(wanted), 2000):
            chunk = wanted[i:i + 2000]
            names = git(repo, 'name-rev', '--tags', '--name-only', *chunk).decode('utf-8').split('\n')
            for commit, name in zip(chunk, names):
                tag = name.split('~')[0].split('^')[0]
                tags[commit] = tag if name != 'undefined' and tag else None
        print('releases: %d ms' % round((time.perf_counter() - started) * 1000), file=sys.stderr)
    if head:
        for f, d in head[1]:
            commit = found.get((f, d))
            if releases and commit and commit not in tags:
                out = git(repo, 'tag', '--contains', commit, '--sort=creatordate').decode('utf-8').split('\n')
                tags[commit] = out[0] if out[0] else None
            blame.append([f, d, head[0][(f, d)], commit, tags.get(commit)])
    json.dump({'steps': steps, 'changes': changes, 'blame': blame}, sys.stdout)


if __name__ == '__main__':
    main()

/**
 * Bad INI input: each case gives its exact message (FILE:LINE:COL), exit code
 * 1, no output and no stack trace; reading it in-process takes under a second.
 */

import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FmxError } from '../../src/diagnostics.js';
import { readIniBytes } from '../../src/formats/ini/read.js';
import { fmx } from '../helpers/cli.js';
import { pseudoRandomBytes } from '../helpers/bytes.js';

const dir = mkdtempSync(join(tmpdir(), 'fmx-bad-'));
const head = '[driver.a]\ntitle=A\n\n[operation.x]\ntitle=X\n';

interface Case {
  name: string;
  bytes: Buffer;
  /** Exact stderr lines, with FILE standing for the file's path. */
  stderr: string[];
  status: number;
}

const cases: Case[] = [
  {
    name: 'text before the first section',
    bytes: Buffer.from('foo=bar\n[driver.a]\ntitle=A\n'),
    stderr: ["FILE:1:1: text before the first section header: 'foo=bar' (a matrix starts with a [section])"],
    status: 1,
  },
  {
    name: 'duplicate section',
    bytes: Buffer.from('[driver.a]\ntitle=A\n\n[driver.a]\ntitle=B\n'),
    stderr: ['FILE:4:1: duplicate section [driver.a] (first at line 1)'],
    status: 1,
  },
  {
    name: 'duplicate option, same spelling',
    bytes: Buffer.from('[driver.a]\ntitle=A\ntitle = B\n'),
    stderr: ["FILE:3:1: duplicate option 'title' in section [driver.a] (first at line 2)"],
    status: 1,
  },
  {
    name: 'duplicate option, other case and delimiter, after a continuation',
    bytes: Buffer.from('[driver.a]\nTitle=A\n  more\n  title: B\n'.replace('  title', 'title')),
    stderr: ["FILE:4:1: duplicate option 'title' in section [driver.a] (first at line 2)"],
    status: 1,
  },
  {
    name: 'duplicate option across two [DEFAULT] blocks',
    bytes: Buffer.from('[DEFAULT]\nlink=x\n[driver.a]\ntitle=A\n[DEFAULT]\nLINK=y\n'),
    stderr: ["FILE:6:1: duplicate option 'link' in section [DEFAULT] (first at line 2)"],
    status: 1,
  },
  {
    name: 'a line without delimiter',
    bytes: Buffer.from(head + 'status optional\n'),
    stderr: ["FILE:6:1: 'status optional' is neither a [section], a name=value option, a comment nor an indented continuation"],
    status: 1,
  },
  {
    name: 'an unclosed [',
    bytes: Buffer.from('[driver.a]\ntitle=A\n[operation.x\n'),
    stderr: ["FILE:3:1: unclosed section header '[operation.x': expected ']'"],
    status: 1,
  },
  {
    name: 'a lone %',
    bytes: Buffer.from(head + 'notes=100% sure\ndriver.a=complete\n'),
    stderr: ["FILE:6:10: '%' must be followed by '%' or '(' in the value of 'notes' (write %% for a literal %)"],
    status: 1,
  },
  {
    name: 'a lone % on a continuation line',
    bytes: Buffer.from(head + 'notes=first\n  then 5% more\n'),
    stderr: ["FILE:7:9: '%' must be followed by '%' or '(' in the value of 'notes' (write %% for a literal %)"],
    status: 1,
  },
  {
    name: 'a reference to a missing option',
    bytes: Buffer.from(head + 'notes=see %(nothing)s\n'),
    stderr: ['FILE:6:11: %(nothing)s refers to an option that section [operation.x] and [DEFAULT] do not have'],
    status: 1,
  },
  {
    name: 'invalid UTF-8',
    bytes: Buffer.concat([Buffer.from('[driver.a]\ntitle=Caf'), Buffer.from([0xe9]), Buffer.from('\n')]),
    stderr: ['FILE:2:10: invalid UTF-8: byte 0xe9 at byte offset 20 (the file must be UTF-8 text)'],
    status: 1,
  },
  {
    name: 'a NUL byte',
    bytes: Buffer.from('[driver.a]\ntitle=A\u0000B\n'),
    stderr: ['FILE:2:8: NUL byte at byte offset 18: this is not a text file'],
    status: 1,
  },
  {
    name: 'an empty file',
    bytes: Buffer.alloc(0),
    stderr: ['FILE:1:1: empty file: no matrix to read'],
    status: 1,
  },
  {
    name: "a file with no driver declarations (designate's schema)",
    bytes: Buffer.from('[backends]\nbackend-impl-bind9=Bind9\n\n[backends.backend-impl-bind9]\nstatus=integrated\n'),
    stderr: [
      'FILE:1:1: no driver declarations: a feature support matrix declares its drivers in [driver.KEY] sections, a [targets] section of driver-impl-KEY=Title (or networking-KEY=Title) options, or [target.KEY] sections',
    ],
    status: 1,
  },
  {
    name: 'random binary',
    bytes: pseudoRandomBytes(4096, 7),
    stderr: ['FILE:1:1: invalid UTF-8: byte 0xcc at byte offset 0 (the file must be UTF-8 text)'],
    status: 1,
  },
  {
    name: 'a 1 MB line of [ before any section',
    bytes: Buffer.from('['.repeat(1 << 20)),
    stderr: [`FILE:1:1: text before the first section header: '${'['.repeat(60)}…' (a matrix starts with a [section])`],
    status: 1,
  },
  {
    name: 'a 1 MB line of [ in a section',
    bytes: Buffer.from('[driver.a]\ntitle=A\n' + '['.repeat(1 << 20)),
    stderr: [`FILE:3:1: unclosed section header '${'['.repeat(60)}…': expected ']'`],
    status: 1,
  },
  {
    name: 'a 1 MB line of spaces and text without delimiter',
    bytes: Buffer.from('[driver.a]\ntitle=A\n' + 'x'.repeat(1 << 19) + ' '.repeat(1 << 19)),
    stderr: [`FILE:3:1: '${'x'.repeat(60)}…' is neither a [section], a name=value option, a comment nor an indented continuation`],
    status: 1,
  },
];

describe('bad INI input', () => {
  it.each(cases)('$name', (c) => {
    const file = join(dir, c.name.replace(/[^a-z0-9]+/gi, '-') + '.ini');
    writeFileSync(file, c.bytes);
    const r = fmx(['convert', file, '-o', join(dir, 'out.json')]);
    expect(r.stderr.trimEnd().split('\n')).toEqual(c.stderr.map((l) => l.replace('FILE', file)));
    expect(r.status).toBe(c.status);
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it.each(cases)('$name: in-process reading fails fast with a positioned error', { timeout: 1000 }, (c) => {
    let caught: unknown;
    try {
      readIniBytes(c.bytes, 'f.ini');
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(FmxError);
    expect((caught as FmxError).diagnostics[0]!.line).toBeGreaterThan(0);
  });

  it('leaves no output file behind when the input is bad', () => {
    const out = join(dir, 'never.json');
    const file = join(dir, 'bad-for-output.ini');
    writeFileSync(file, '[driver.a]\ntitle=A\ntitle=B\n');
    expect(fmx(['convert', file, '-o', out]).status).toBe(1);
    expect(existsSync(out)).toBe(false);
  });
});

describe('large but valid input', () => {
  it('reads a 1 MB value line', { timeout: 1000 }, () => {
    const big = 'x'.repeat(1 << 20);
    const { matrix } = readIniBytes(Buffer.from(head + `notes=${big}\ndriver.a=complete\n`), 'f.ini');
    expect(matrix.features[0]!.notes).toHaveLength(1 << 20);
  });

  it('reads 50,000 continuation lines', { timeout: 1000 }, () => {
    const lines = Array.from({ length: 50000 }, (_, i) => `  line ${i}`).join('\n');
    const { matrix } = readIniBytes(Buffer.from(head + `notes=first\n${lines}\ndriver.a=complete\n`), 'f.ini');
    const notes = matrix.features[0]!.notes!.split('\n');
    expect(notes).toHaveLength(50001);
    expect(notes[50000]).toBe('line 49999');
    expect(matrix.features[0]!.implementations).toEqual([{ driver: 'a', status: 'complete', notes: null, release: null }]);
  });
});

/**
 * The page readers on small pages written here: the layouts of tools the
 * samples do not show (html2text's Markdown, lynx's link numbers), nova's
 * old renderer as HTML, keys, and the warnings for what a page does not explain.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { FmxError, formatDiagnostic } from '../../../src/diagnostics.js';
import { newMatrix, type Matrix } from '../../../src/model/matrix.js';
import { samplePath } from '../../helpers/samples.js';
import { PAGE_INPUTS, readPage, readPageInput } from './inputs.js';
import { view } from './view.js';

const bytes = (s: string) => Buffer.from(s, 'utf8');
const toPlainFeatures = (m: Matrix) => ({ drivers: m.drivers, features: m.features });

/** One feature, two drivers, as sphinx-feature-classification renders it. */
const SFC_HTML = `<!DOCTYPE html><html><body><div class="body" role="main"><section id="m">
<h1>Feature Support Matrix<a class="headerlink" href="#m">¶</a></h1>
<p>An introduction with a <a href="x">link</a>.</p>
<p class="section-subtitle">Summary</p>
<table><thead><tr><th><em>Feature</em></th><th><em>Status</em></th>
<th><span><a href="https://ironic.example/"><strong>Ironic</strong></a></span></th><th><strong>Libvirt KVM (x86)</strong></th></tr></thead>
<tbody><tr><td><span><a href="#operation_attach_volume"><strong>Attach block volume to instance</strong></a></span></td>
<td><span class="sp_feature_choice">choice</span></td>
<td><a href="#operation_attach_volume_driver_ironic"><code class="sp_impl_summary sp_impl_missing">✖</code></a></td>
<td><a href="#operation_attach_volume_driver_libvirt_kvm_x86"><code class="sp_impl_summary sp_impl_partial">✔</code></a></td></tr></tbody></table>
<p class="section-subtitle">Details</p>
<ul><li><strong id="operation_attach_volume">Attach block volume to instance</strong><p><strong>Status: choice(storage). </strong></p>
<p><strong>API Alias: os-volume_attachments </strong></p>
<p><strong>CLI commands:</strong><ul><li><code class="sp_cli"><span class="pre">nova</span> <span class="pre">volume-attach</span> <span class="pre">&lt;server&gt;</span></code></li>
<li><code class="sp_cli"><span class="pre">openstack</span> <span class="pre">server</span> <span class="pre">add</span> <span class="pre">volume</span></code></li></ul></p>
<p><strong>Notes: </strong><span>Hotplug “extra” storage, see </span><a href="https://docs.example/x ">https://docs.example/x </a><span>for more.</span></p>
<p><strong>Driver Support:</strong><ul>
<li><strong>Ironic: </strong><code class="sp_impl_missing" id="operation_attach_volume_driver_ironic">missing</code></li>
<li><strong>Libvirt KVM (x86): </strong><code class="sp_impl_partial" id="operation_attach_volume_driver_libvirt_kvm_x86">partial</code><p><strong>Notes: </strong><span>Only with *virtio* disks.</span></p></li>
</ul></p></li></ul>
<p class="section-subtitle">Notes:</p><ul><li><strong>This document is a continuous work in progress</strong></li></ul>
</section></div><div class="sphinxsidebar">Quick search</div></body></html>`;

/** The same page as Python's html2text prints it (Markdown). */
const HTML2TEXT = `# Feature Support Matrix[¶](#m "Permalink to this heading")

An introduction with a [link](x).

Summary

_Feature_ | _Status_ | [**Ironic**](https://ironic.example/) | **Libvirt KVM (x86)**
---|---|---|---
[**Attach block volume to instance**](#operation_attach_volume) | choice | [\`✖\`](#operation_attach_volume_driver_ironic) | [\`✔\`](#operation_attach_volume_driver_libvirt_kvm_x86)

Details

  * **Attach block volume to instance**

**Status: choice(storage). **

**API Alias: os-volume_attachments **

**CLI commands:**

    * \`nova volume-attach <server>\`
    * \`openstack server add volume\`

**Notes:** Hotplug “extra” storage, see [https://docs.example/x
](https://docs.example/x)for more.

**Driver Support:**

    * **Ironic:** \`missing\`
    * **Libvirt KVM (x86):** \`partial\`

**Notes:** Only with \\*virtio\\* disks.

Notes:

  * **This document is a continuous work in progress**
`;

/** The same page as lynx -dump prints it: numbered links, a References list. */
const LYNX = `                             Feature Support Matrix

   An introduction with a [1]link.

   Summary

   Feature Status [2]Ironic Libvirt KVM (x86)
   [3]Attach block volume to instance choice [4]✖ [5]✔

   Details
     * Attach block volume to instance
       Status: choice(storage).
       API Alias: os-volume_attachments
       CLI commands:
          + nova volume-attach <server>
          + openstack server add volume
       Notes: Hotplug “extra” storage, see [6]https://docs.example/x
       for more.
       Driver Support:
          + Ironic: missing
          + Libvirt KVM (x86): partial
            Notes: Only with *virtio* disks.

   Notes:
     * This document is a continuous work in progress

References

   1. file:///tmp/x
   2. https://ironic.example/
   3. file:///tmp/page.html#operation_attach_volume
`;

describe('tool layouts beyond the samples', () => {
  const html = readPage(bytes(SFC_HTML), 'html', 'page.html');

  test('HTML: every field, driver links from the summary header, keys from the ids', () => {
    expect(html.warnings).toEqual([]);
    const m = html.loaded.matrix;
    expect(m.drivers).toEqual([
      { key: 'ironic', title: 'Ironic', link: 'https://ironic.example/' },
      { key: 'libvirt_kvm_x86', title: 'Libvirt KVM (x86)', link: null },
    ]);
    const f = m.features[0]!;
    expect(f).toMatchObject({
      key: 'operation.attach_volume',
      title: 'Attach block volume to instance',
      status: 'choice',
      group: 'storage',
      api: 'os-volume_attachments',
      cli: ['nova volume-attach <server>', 'openstack server add volume'],
      notes: 'Hotplug “extra” storage, see https://docs.example/x for more.',
    });
    expect(f.implementations).toEqual([
      { driver: 'ironic', status: 'missing', notes: null, release: null },
      { driver: 'libvirt_kvm_x86', status: 'partial', notes: 'Only with *virtio* disks.', release: null },
    ]);
    expect(m.document).toEqual({
      title: 'Feature Support Matrix',
      preamble: ['An introduction with a link.'],
      postscript: ['Notes:', 'This document is a continuous work in progress'],
    });
    expect(html.loaded.matrix.provenance).toEqual({ inferredKeys: true, foldedText: true });
  });

  test.each([
    ['html2text (Markdown)', HTML2TEXT],
    ['lynx -dump', LYNX],
  ])('%s reads to the same model as the HTML', (_n, text) => {
    const r = readPage(bytes(text), 'txt', 'page.txt');
    // lynx's list of references after the closing notes is the tool's, not the page's: no warning.
    expect(r.warnings.map((w) => w.ruleId)).toEqual([]);
    expect(view(r.loaded.matrix, { links: false })).toEqual(view(html.loaded.matrix, { links: false }));
    expect(r.loaded.matrix.document!.title).toBe('Feature Support Matrix');
    expect(r.loaded.matrix.document!.preamble).toEqual(['An introduction with a link.']);
  });
});

/** nova's own renderer (up to 17.0.0): notes after Status, `drivers:`, unlabelled cell notes, ids without `driver_`. */
const NOVA_OLD_HTML = `<html><body><div class="body">
<h1>Feature Support Matrix</h1>
<p class="rubric">Details</p>
<ul><li><strong id="storage_block">Block storage support</strong><p><strong>Status: condition(storage.block==complete). </strong><span>Block storage is nice.</span></p>
<p><strong>drivers:</strong><ul>
<li><strong>XenServer: </strong><code class="sp_impl_complete" id="storage_block_xenserver">complete</code></li>
<li><strong>Libvirt KVM (x86): </strong><code class="sp_impl_partial" id="storage_block_libvirt_kvm_x86">partial</code><p><span>Only some </span><a href="https://bugs.example/1 ">https://bugs.example/1 </a><span>cases.</span></p></li>
</ul></p></li></ul>
<p class="rubric">Notes</p><ul><li><strong>Virtuozzo was formerly named Parallels in this document</strong></li></ul>
</div></body></html>`;

describe('HTML writers', () => {
  test('a title in a paragraph of its own, and no ids: keys from titles', () => {
    const html = SFC_HTML.replace('<strong id="operation_attach_volume">Attach block volume to instance</strong>', '<p><strong>Attach block volume to instance</strong></p>').replace(/ id="[^"]*"/g, '');
    const r = readPage(bytes(html), 'html', 'p.html');
    expect(r.warnings).toEqual([]);
    expect(r.loaded.matrix.features.map((f) => f.key)).toEqual(['operation.attach-block-volume-to-instance']);
    expect(r.loaded.matrix.drivers.map((d) => d.key)).toEqual(['ironic', 'libvirt-kvm-x86']);
    expect(view(r.loaded.matrix)).toEqual(view(readPage(bytes(SFC_HTML), 'html', 'page.html').loaded.matrix));
  });
});

describe('older HTML writers', () => {
  test('subtitles as headings, <tt> literals, no page title', () => {
    const html = SFC_HTML.replace(/<h1>.*?<\/h1>/, '')
      .replace(/<p class="section-subtitle">(\w+:?)<\/p>/g, '<h2 class="subtitle section-subtitle">$1</h2>')
      .replace(/<code class="sp_impl_(\w+)" id="([^"]+)">(\w+)<\/code>/g, '<tt class="sp_impl_$1 docutils literal" id="$2"><span class="pre">$3</span></tt>');
    const r = readPage(bytes(html), 'html', 'old.html');
    expect(r.warnings).toEqual([]);
    expect(r.loaded.matrix.document!.title).toBeNull();
    expect(toPlainFeatures(r.loaded.matrix)).toEqual(toPlainFeatures(readPage(bytes(SFC_HTML), 'html', 'page.html').loaded.matrix));
  });
});

describe("nova's old renderer as HTML", () => {
  test('targets dialect, keys from ids, feature notes from the Status line, cell notes without label', () => {
    const r = readPage(bytes(NOVA_OLD_HTML), 'html', 'old.html');
    expect(r.warnings).toEqual([]);
    const m = r.loaded.matrix;
    expect(m.dialect).toBe('targets');
    expect(m.drivers.map((d) => d.key)).toEqual(['xenserver', 'libvirt_kvm_x86']);
    expect(m.features[0]).toMatchObject({
      key: 'storage.block',
      status: 'condition',
      group: 'storage.block==complete',
      notes: 'Block storage is nice.',
    });
    expect(m.features[0]!.implementations[1]!.notes).toBe('Only some https://bugs.example/1 cases.');
    expect(m.document!.postscript).toEqual(['Notes', 'Virtuozzo was formerly named Parallels in this document']);
  });
});

describe('the site around a page', () => {
  test('before the title (marked by its permalink ¶): not read, and said so', () => {
    const text = 'OpenStack Docs\nProjects | Search\n\nFeature Support Matrix\u00b6\n\nIntro.\n\nGuidelines\u00b6\n\nBe kind.\n\nDetails\n\n- A\nStatus: optional.\nDriver Support:\n- Ironic: complete\n';
    const r = readPage(bytes(text), 'txt', 's.txt');
    expect(r.loaded.matrix.document).toEqual({ title: 'Feature Support Matrix', preamble: ['Intro.', 'Guidelines', 'Be kind.'], postscript: [] });
    expect(r.warnings.map(formatDiagnostic)).toEqual(["s.txt:1: warning: text before the page title is not read (the site around the page?): 'OpenStack Docs Projects | Search'"]);
  });
});

describe('terminal overstrike', () => {
  test('bold as X\\bX and underline as _\\bX read as plain text', () => {
    const bold = (t: string) => [...t].map((c) => c + '\b' + c).join('');
    const page = ['Details', '* ' + bold('Rebuild'), '  ' + bold('Status: optional.'), '  ' + bold('Driver Support:'), '    o ' + bold('Ironic:') + ' ' + [...'complete'].map((c) => '_\b' + c).join(''), ''];
    const r = readPage(bytes(page.join('\n')), 'txt', 'o.txt');
    expect(r.warnings).toEqual([]);
    expect(r.loaded.matrix.features[0]!.title).toBe('Rebuild');
    expect(r.loaded.matrix.features[0]!.implementations).toEqual([{ driver: 'ironic', status: 'complete', notes: null, release: null }]);
  });

  test('colour escapes are taken off', () => {
    const page = ['Details', '* \x1b[1mRebuild\x1b[0m', '  Status: \x1b[32moptional\x1b[0m.', '  Driver Support:', '    o Ironic: \x1b[31;1mmissing\x1b[m', ''];
    const r = readPage(bytes(page.join('\n')), 'txt', 'c.txt');
    expect(r.warnings).toEqual([]);
    expect(r.loaded.matrix.features[0]).toMatchObject({ title: 'Rebuild', status: 'optional' });
    expect(r.loaded.matrix.features[0]!.implementations[0]!.status).toBe('missing');
  });
});

describe('lists', () => {
  test('an empty command (cli=a;) shows as an empty bullet item, and is kept', () => {
    const page = ['Details', '  • Rebuild', '    Status: optional.', '    CLI commands:', '      □ nova rebuild <server>', '      □', '    Driver Support:', '      □ Ironic: complete', ''];
    const r = readPage(bytes(page.join('\n')), 'txt', 'e.txt');
    expect(r.warnings).toEqual([]);
    expect(r.loaded.matrix.features[0]!.cli).toEqual(['nova rebuild <server>', '']);
  });
});

describe('words a tool broke across lines', () => {
  // A copy without bullets or indentation: each line is its own paragraph, and the words still join.
  test('a command cut after "=" and a note cut after "-" or before "/" join without a space', () => {
    const page = [
      'Details',
      'A',
      'Status: optional.',
      'CLI commands:',
      'openstack loadbalancer pool create --session-persistence cookie_name=',
      'chocolate --listener <listener>',
      'openstack loadbalancer pool show <pool>',
      'Notes: Volumes are controlled via admin-',
      'configured volume types, see https://docs.openstack.org/api-ref/network',
      '/v2/#networks and attached volume',
      '(s).',
      'Driver Support:',
      'Ironic: complete',
      '',
    ];
    const f = readPage(bytes(page.join('\n')), 'txt', 'w.txt').loaded.matrix.features[0]!;
    expect(f.cli).toEqual(['openstack loadbalancer pool create --session-persistence cookie_name=chocolate --listener <listener>', 'openstack loadbalancer pool show <pool>']);
    expect(f.notes).toBe('Volumes are controlled via admin-configured volume types, see https://docs.openstack.org/api-ref/network/v2/#networks and attached volume(s).');
  });

  test('a word that ends a line with a space before its hyphen, or a bracket, keeps the space', () => {
    const page = ['Details', 'A', 'Status: optional.', 'Notes: one -', 'two and', '[three] and qemu', '<2.10', 'Driver Support:', 'Ironic: complete', ''];
    expect(readPage(bytes(page.join('\n')), 'txt', 'w.txt').loaded.matrix.features[0]!.notes).toBe('one - two and [three] and qemu <2.10');
  });
});

describe('words that look like labels', () => {
  test('a wrapped note whose next line starts with "Status:" is still the note', () => {
    const page = ['Details', '  • A', '    Status: optional.', '    Notes: The driver reports its', '    Status: when asked, not before.', '    Driver Support:', '      □ Ironic: complete', ''];
    const r = readPage(bytes(page.join('\n')), 'txt', 'l.txt');
    expect(r.warnings).toEqual([]);
    expect(r.loaded.matrix.features).toHaveLength(1);
    expect(r.loaded.matrix.features[0]!.notes).toBe('The driver reports its Status: when asked, not before.');
  });
});

describe('empty notes', () => {
  test('an empty feature note and an empty cell note (notes=) are empty strings, not the closing notes', () => {
    const page = ['Details', '  • A', '    Status: optional.', '    Notes:', '    Driver Support:', '      □ Ironic: complete', '        Notes:', '      □ Hyper-V: missing', '', 'Notes:', '  • This document is a continuous work in progress', ''];
    const r = readPage(bytes(page.join('\n')), 'txt', 'n.txt');
    expect(r.warnings).toEqual([]);
    const f = r.loaded.matrix.features[0]!;
    expect(f.notes).toBe('');
    expect(f.implementations.map((i) => [i.status, i.notes])).toEqual([['complete', ''], ['missing', null]]);
    expect(r.loaded.matrix.document!.postscript).toEqual(['Notes:', 'This document is a continuous work in progress']);
  });
});

describe('keys', () => {
  test('text without --keys-from: operation. plus a slug of the title, drivers slugged, marked inferred', () => {
    const r = readPageInput(PAGE_INPUTS[2]!);
    const m = r.loaded.matrix;
    expect(r.loaded.matrix.provenance?.inferredKeys).toBe(true);
    expect(m.features[0]!.key).toBe('operation.attach-block-volume-to-instance');
    expect(m.drivers.map((d) => d.key)).toContain('libvirt-kvm-x86');
  });

  test('--keys-from without a title the page shows: a warning, and the keys stay marked inferred', () => {
    const base: Matrix = newMatrix('support-matrix');
    base.drivers.push({ key: 'ironic', title: 'Ironic', link: null });
    const r = readPage(bytes(SFC_HTML), 'html', 'page.html', base);
    expect(r.loaded.matrix.drivers.map((d) => d.key)).toEqual(['ironic', 'libvirt_kvm_x86']);
    expect(r.loaded.matrix.provenance?.inferredKeys).toBe(true);
    expect(r.warnings.map(formatDiagnostic)).toEqual([
      "page.html:6: warning: --keys-from has no driver titled 'Libvirt KVM (x86)': its key 'libvirt_kvm_x86' is made up",
      "page.html:12: warning: --keys-from has no feature titled 'Attach block volume to instance': its key 'operation.attach_volume' is made up",
    ]);
  });
});

describe('keys: one matcher, ids first, ambiguity reported', () => {
  const twins = (keys: [string, string]): Matrix => {
    const base = newMatrix('support-matrix');
    base.drivers.push({ key: 'ironic', title: 'Ironic', link: null });
    for (const key of keys) base.drivers.push({ key, title: 'Libvirt KVM (x86)', link: null });
    return base;
  };

  test('two --keys-from drivers with the page\'s title and neither id: ambiguous, warned with both keys, the key stays made up', () => {
    const r = readPage(bytes(SFC_HTML), 'html', 'page.html', twins(['kvm-a', 'kvm-b']));
    expect(r.loaded.matrix.drivers.map((d) => d.key)).toEqual(['ironic', 'libvirt_kvm_x86']);
    expect(r.loaded.matrix.provenance?.inferredKeys).toBe(true);
    expect(r.warnings.map(formatDiagnostic)).toContain(
      "page.html:6: warning: --keys-from has 2 drivers titled 'Libvirt KVM (x86)' ('kvm-a', 'kvm-b'): ambiguous, so the driver titled so keeps its made-up key",
    );
    expect(r.warnings.map(formatDiagnostic).filter((w) => w.includes('no driver titled'))).toEqual([]);
  });

  test('the same title twice, but the page\'s id names one: matched, nothing ambiguous', () => {
    const r = readPage(bytes(SFC_HTML), 'html', 'page.html', twins(['other', 'libvirt-kvm-x86']));
    expect(r.loaded.matrix.drivers.map((d) => d.key)).toEqual(['ironic', 'libvirt-kvm-x86']);
    expect(r.warnings.map(formatDiagnostic).filter((w) => /driver/.test(w) && /keys-from/.test(w))).toEqual([]);
  });
});

describe('warnings', () => {
  test('HTML: a summary cell that disagrees with the details', () => {
    const text = readFileSync(samplePath(PAGE_INPUTS[1]!.page), 'utf8').replace(
      'sp_impl_summary sp_impl_missing docutils literal notranslate"><span class="pre">✖',
      'sp_impl_summary sp_impl_complete docutils literal notranslate"><span class="pre">✔',
    );
    const r = readPage(bytes(text), 'html', 'n.html');
    expect(r.warnings.map(formatDiagnostic)).toEqual([
      "n.html:60: warning: summary table says 'Ironic' is 'complete' for 'Attach block volume to instance', the details say 'missing'",
    ]);
  });

  test('text: a summary symbol that disagrees with the details, at its line', () => {
    const lines = readFileSync(samplePath(PAGE_INPUTS[2]!.page), 'utf8').split('\n');
    const at = lines.findIndex((l) => l.startsWith('Attach block volume'));
    lines[at] = lines[at]!.replace('✖', '✔');
    const r = readPage(bytes(lines.join('\n')), 'txt', 'n.txt');
    expect(r.warnings.filter((w) => w.ruleId === 'page-summary-mismatch').map(formatDiagnostic)).toEqual([
      `n.txt:${at + 1}: warning: summary table shows ✔ for 'Ironic' in 'Attach block volume to instance', the details say 'missing'`,
    ]);
  });

  test('text: a table whose symbols a tool lost (all shown as ?): five detailed warnings, then a count', () => {
    const text = readFileSync(samplePath(PAGE_INPUTS[2]!.page), 'utf8');
    const [head, details] = text.split('\nDetails\n');
    const r = readPage(bytes(head!.replace(/[\u2714\u2716]/g, '?') + '\nDetails\n' + details), 'txt', 'q.txt');
    const unknown = r.loaded.matrix.features.reduce((n, f) => n + f.implementations.filter((i) => i.status === 'unknown').length, 0);
    const all = r.loaded.matrix.features.reduce((n, f) => n + f.implementations.length, 0);
    const mismatches = r.warnings.filter((w) => w.ruleId === 'page-summary-mismatch');
    expect(mismatches).toHaveLength(6);
    expect(mismatches[5]!.message).toBe(
      `the summary table disagrees with the details in ${all - unknown - 5} more places (${all - unknown} in all; the details are what the model holds)`,
    );
  });

  test('text: a status upstream does not define, an unrecognised line, a stray driver title', () => {
    const page = [
      'Details',
      '- Attach volume',
      'Status: optional.',
      'Driver Support:',
      '- Ironic: complete',
      '- Hyper-V: complete',
      '- Some words nobody explains',
      '- Detach volume',
      'Status: sometimes.',
      'Driver Support:',
      '- Ironic: halfway',
      '- Hyper-V: complete',
      '- Libvirt:',
      '',
    ].join('\n');
    const r = readPage(bytes(page), 'txt', 'p.txt');
    expect(r.warnings.map(formatDiagnostic)).toEqual([
      "p.txt:7: warning: unrecognised text among the drivers of 'Attach volume': 'Some words nobody explains'",
      "p.txt:13: warning: driver title 'Libvirt' with no status after the drivers of 'Detach volume'",
      "p.txt:8: warning: feature 'Detach volume' has status 'sometimes', which upstream's renderers do not explain",
      "p.txt:11: warning: driver 'Ironic' of 'Detach volume' has status 'halfway', which upstream's renderers do not explain",
    ]);
    expect(r.loaded.matrix.features[1]!.implementations.map((i) => i.status)).toEqual(['halfway', 'complete']);
  });

  test('HTML nested thousands of levels deep is an error, not a stack overflow', () => {
    const html = '<html><body>' + '<div>'.repeat(20000) + '<ul><li><strong>A</strong><p>Status: optional.</p></li></ul></body></html>';
    expect(() => readPage(bytes(html), 'html', 'deep.html')).toThrow('deep.html:1:1: the HTML is nested too deeply to read');
  });

  test('titles that make the same key are numbered; a driver listed twice is warned about', () => {
    const page = ['Details', '- A', 'Status: optional.', 'Driver Support:', '- !!: complete', '- ??: missing', '- %%: unknown', '- ??: complete', ''];
    const r = readPage(bytes(page.join('\n')), 'txt', 'same.txt');
    expect(r.loaded.matrix.drivers.map((d) => d.key)).toEqual(['driver', 'driver-2', 'driver-3']);
    expect(r.loaded.matrix.features[0]!.implementations.map((i) => i.status)).toEqual(['complete', 'missing', 'unknown']);
    expect(r.warnings.map(formatDiagnostic)).toEqual(["same.txt:8: warning: feature 'A' lists driver '??' twice; the first is kept"]);
  });

  test('no feature at all is an error at line 1', () => {
    expect(() => readPage(bytes('<html><body><p>Hello</p></body></html>'), 'html', 'e.html')).toThrow(FmxError);
    expect(() => readPage(bytes('Hello\n'), 'txt', 'e.txt')).toThrow('e.txt:1:1: no matrix found');
  });
});

/**
 * A small stand-in for sphinx-feature-classification's HTML output, for INIs
 * whose published pages are not in samples/ (octavia, neutron, older cinder
 * and nova): the same elements, classes and ids as the real pages in
 * samples/rendered/, and Sphinx's smart quotes outside literals.
 */
import type { Matrix } from '../../../src/model/matrix.js';
import { sanitizeId } from '../../../src/model/keys.js';
import { byCodePoint } from './view.js';

const SYMBOL: Record<string, string> = { complete: '\u2714', partial: '\u2714', missing: '\u2716', unknown: '?' };

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** What docutils' smartquotes does to plain prose (enough of it for these files). */
export function smartQuotes(s: string): string {
  return s
    .replace(/(^|[\s(\[])"/g, '$1\u201c')
    .replace(/"/g, '\u201d')
    .replace(/(^|[\s(\[])'/g, '$1\u2018')
    .replace(/'/g, '\u2019')
    .replace(/---/g, '\u2014')
    .replace(/--/g, '\u2013')
    .replace(/\.\.\./g, '\u2026');
}

/** Notes as the renderer splits them: text, links up to the next space (the space included), text. */
function notesHtml(notes: string): string {
  let out = '<p><strong>Notes: </strong>';
  let at = 0;
  for (const m of notes.matchAll(/https?:\/\//g)) {
    if (m.index! < at) continue;
    out += `<span>${esc(smartQuotes(notes.slice(at, m.index)))}</span>`;
    let end = notes.indexOf(' ', m.index);
    if (end === -1) end = notes.length;
    const uri = notes.slice(m.index, end + 1);
    out += `<a class="reference external" href="${esc(uri)}">${esc(uri)}</a>`;
    at = end + 1;
  }
  return out + `<span>${esc(smartQuotes(notes.slice(at)))}</span></p>\n`;
}

export function renderSfcHtml(m: Matrix, title: string): string {
  const drivers = [...m.drivers].sort((a, b) => byCodePoint(a.title!, b.title!));
  const byKey = new Map(m.drivers.map((d) => [d.key, d]));
  const features = m.features.filter((f) => f.key.startsWith('operation.'));
  let h = `<!DOCTYPE html>\n<html><head><title>${esc(title)}</title></head><body><div class="body" role="main">\n`;
  h += `<section id="matrix"><h1>${esc(title)}<a class="headerlink" href="#matrix">\u00b6</a></h1>\n`;
  h += '<p class="section-subtitle">Summary</p>\n<table class="sp_feature_cells"><thead><tr><th><em>Feature</em></th><th><em>Status</em></th>\n';
  for (const d of drivers) {
    const strong = `<strong>${esc(smartQuotes(d.title!))}</strong>`;
    h += `<th>${d.link ? `<span><a class="reference external" href="${esc(d.link)}">${strong}</a></span>` : strong}</th>\n`;
  }
  h += '</tr></thead><tbody>\n';
  for (const f of features) {
    const fid = sanitizeId(f.key);
    const status = f.status ?? 'optional';
    h += `<tr><td><span><a href="#${fid}"><strong>${esc(f.title!)}</strong></a></span></td><td><span class="sp_feature_${status}">${status}</span></td>\n`;
    for (const d of drivers) {
      const impl = f.implementations.find((i) => i.driver === d.key)!;
      h += `<td><span><a href="#${sanitizeId(`${f.key}_driver.${d.key}`)}"><code class="sp_impl_summary sp_impl_${impl.status}">${SYMBOL[impl.status] ?? ''}</code></a></span></td>\n`;
    }
    h += '</tr>\n';
  }
  h += '</tbody></table>\n<p class="section-subtitle">Details</p>\n<ul>\n';
  for (const f of features) {
    const fid = sanitizeId(f.key);
    const status = (f.status ?? 'optional') + (f.group !== null ? `(${f.group})` : '');
    h += `<li><strong id="${fid}">${esc(smartQuotes(f.title!))}</strong><p><strong>Status: ${esc(status)}. </strong></p>\n`;
    if (f.api !== null) h += `<p><strong>API Alias: ${esc(f.api)} </strong></p>\n`;
    if (f.cli.length) {
      h += '<p><strong>CLI commands:</strong><ul>\n';
      for (const c of f.cli) h += `<li><code class="sp_cli">${c.split(' ').map((w) => `<span class="pre">${esc(w)}</span>`).join(' ')}</code></li>\n`;
      h += '</ul>\n</p>\n';
    }
    if (f.notes !== null) h += notesHtml(f.notes);
    h += '<p><strong>Driver Support:</strong><ul>\n';
    const impls = [...f.implementations].sort((a, b) => byCodePoint(byKey.get(a.driver)!.title!, byKey.get(b.driver)!.title!));
    for (const i of impls) {
      const d = byKey.get(i.driver)!;
      h += `<li><strong>${esc(smartQuotes(d.title!))}: </strong><code class="sp_impl_${i.status}" id="${sanitizeId(`${f.key}_driver.${d.key}`)}">${i.status}</code>`;
      if (i.notes !== null) h += notesHtml(i.notes);
      h += '</li>\n';
    }
    h += '</ul>\n</p>\n</li>\n';
  }
  h += '</ul>\n<p class="section-subtitle">Notes:</p>\n<ul><li><strong>This document is a continuous work in progress</strong></li></ul>\n';
  return h + '</section></div></body></html>\n';
}

/** Old notes paragraphs: no label, links split the same way. */
function oldNotesHtml(notes: string): string {
  return notesHtml(notes).replace('<p><strong>Notes: </strong>', '<p>');
}

/**
 * A stand-in for nova's own renderer (doc/ext/support_matrix.py, up to
 * 17.0.0): summary columns sorted by key, notes after `Status:`, `drivers:`
 * in Python 2 dict order (here: keys sorted backwards, one order for every
 * feature), unlabelled cell notes.
 */
export function renderNovaHtml(m: Matrix, title: string): string {
  const byKey = [...m.drivers].sort((a, b) => byCodePoint(a.key, b.key));
  const dictOrder = [...m.drivers].sort((a, b) => byCodePoint(b.key, a.key));
  let h = `<html><body><div class="body">\n<h1>${esc(title)}</h1>\n<p>Intro.</p>\n<p class="rubric">Summary</p>\n`;
  h += '<table><thead><tr><th class="head"><em>Feature</em></th><th class="head"><em>Status</em></th>\n';
  for (const d of byKey) h += `<th class="head"><strong>${esc(smartQuotes(d.title!))}</strong></th>\n`;
  h += '</tr></thead><tbody>\n';
  for (const f of m.features) {
    const fid = sanitizeId(f.key);
    h += `<tr><td><a href="#${fid}"><strong>${esc(smartQuotes(f.title!))}</strong></a></td><td><span class="sp_feature_${f.status}">${f.status}</span></td>\n`;
    for (const d of byKey) {
      const impl = f.implementations.find((i) => i.driver === d.key)!;
      h += `<td><a href="#${sanitizeId(`${f.key}_${d.key}`)}"><code class="sp_impl_summary sp_impl_${impl.status}">${SYMBOL[impl.status] ?? ''}</code></a></td>\n`;
    }
    h += '</tr>\n';
  }
  h += '</tbody></table>\n<p class="rubric">Details</p>\n<ul>\n';
  for (const f of m.features) {
    const status = (f.status ?? 'optional') + (f.group !== null ? `(${f.group})` : '');
    h += `<li><strong id="${sanitizeId(f.key)}">${esc(smartQuotes(f.title!))}</strong><p><strong>Status: ${esc(status)}. </strong>`;
    h += f.notes !== null ? `<span>${esc(smartQuotes(f.notes))}</span></p>\n` : '</p>\n';
    if (f.cli.length) {
      h += '<p><strong>CLI commands:</strong><ul>\n';
      for (const c of f.cli) h += `<li><code class="sp_cli">${esc(c)}</code></li>\n`;
      h += '</ul>\n</p>\n';
    }
    h += '<p><strong>drivers:</strong><ul>\n';
    for (const d of dictOrder) {
      const i = f.implementations.find((x) => x.driver === d.key);
      if (!i) continue;
      h += `<li><strong>${esc(smartQuotes(d.title!))}: </strong><code class="sp_impl_${i.status}" id="${sanitizeId(`${f.key}_${d.key}`)}">${i.status}</code>`;
      if (i.notes !== null) h += oldNotesHtml(i.notes);
      h += '</li>\n';
    }
    h += '</ul>\n</p>\n</li>\n';
  }
  h += '</ul>\n<p class="rubric">Notes</p>\n<ul><li><strong>Virtuozzo was formerly named Parallels in this document</strong></li></ul>\n';
  return h + '</div></body></html>\n';
}

/**
 * The grid page that the matrix page (`write.ts`) and the diff page
 * (`diff/html.ts`) share: escaping, the summary grid (features by drivers,
 * real table markup with scoped header cells), its filters, legend, notes
 * popup and keyboard navigation, and the page around it with its inlined
 * style and script. Nothing is fetched: no external script, style, font or
 * image, and a Content-Security-Policy admits only the page's own style and
 * script (by hash), so that even a value that escaped its escaping could
 * run nothing.
 */

import { createHash } from 'node:crypto';
import { STATUS_CATEGORIES, STATUS_LEGEND, STATUS_SYMBOLS, statusCategory } from './layout.js';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/**
 * A character HTML must not carry as it is: markup, and control characters
 * (a NUL is not HTML; the others are parse errors), which are shown as their
 * Control Pictures (U+2400...). The model the page carries keeps them.
 */
function entity(c: string): string {
  const code = c.charCodeAt(0);
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return '\u2421';
  return ENTITIES[c]!;
}

/** Text as HTML text: `&`, `<` and `>` escaped, control characters (but tab and line breaks) shown as symbols. */
export function esc(s: string): string {
  return s.replace(/[&<>\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, entity);
}

/** Text as a double-quoted attribute value (as `esc`, and `"`). */
export function attr(s: string): string {
  return s.replace(/[&<>"\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, entity);
}

/** The URL when it is an absolute http(s) URL; anything else (javascript:, relative, malformed) is not a link. */
export function httpUrl(s: string | null): string | null {
  if (s === null) return null;
  const t = s.trim();
  if (!/^https?:\/\//i.test(t)) return null;
  try {
    const u = new URL(t);
    return u.protocol === 'http:' || u.protocol === 'https:' ? t : null;
  } catch {
    return null;
  }
}

/** A link when `url` is http(s), else `text` (or the url) shown as text. */
export function linkOrText(url: string | null, text?: string): string {
  const href = httpUrl(url);
  const shown = esc(text ?? url ?? '');
  return href ? `<a href="${attr(href)}" rel="noopener noreferrer">${shown}</a>` : shown;
}

/** How a row, column or cell changed (diff pages). */
export type Mark = 'added' | 'removed' | 'changed';

export interface GridColumn {
  key: string;
  title: string;
  mark?: Mark;
}

export interface GridCell {
  /** The element id (the cell's permalink). */
  id: string;
  /** The cell's status; null: no entry. */
  status: string | null;
  /** Diff pages: the status before, when it changed. */
  old?: string | null;
  /** What the notes popup shows besides feature, driver and status (plain text, lines kept); may be empty. */
  tip: string;
  /** The cell has notes (marked in the grid). */
  notes: boolean;
  mark?: Mark;
}

export interface GridRow {
  key: string;
  title: string;
  /** The row header's link (a feature's details). */
  href: string;
  /** A word after the title (the feature's status). */
  aside?: string;
  mark?: Mark;
  cells: GridCell[];
}

export interface Grid {
  caption: string;
  columns: GridColumn[];
  rows: GridRow[];
}

const MARK_TEXT: Record<Mark, string> = { added: 'added', removed: 'removed', changed: 'changed' };

function markLabel(mark: Mark | undefined): string {
  return mark ? ` <span class="fmx-mark">(${MARK_TEXT[mark]})</span>` : '';
}

/** One status as the grid shows it: symbol (hidden from screen readers) and its words (hidden from the eye). */
function statusMarkup(status: string | null): string {
  const cat = statusCategory(status);
  const words = cat === 'none' ? 'no entry' : cat === 'other' ? `other: ${status}` : cat;
  return `<i aria-hidden="true">${STATUS_SYMBOLS[cat]}</i><span class="vh">${esc(words)}</span>`;
}

/**
 * One cell, kept small (cinder's grid has 750): the category is its class,
 * the popup's first lines (feature, driver, status) are made from the headers
 * and the cell's words; `data-tip` holds only what they do not say.
 */
function cellMarkup(c: GridCell): string {
  let cls = `c-${statusCategory(c.status)}`;
  if (c.notes) cls += ' n';
  if (c.mark) cls += ` m-${c.mark}`;
  let inner = statusMarkup(c.status);
  if (c.old !== undefined) inner = `${statusMarkup(c.old)}<i aria-hidden="true">→</i><span class="vh"> to </span>${inner}`;
  if (c.notes) inner += '<span class="vh fmx-aside"> (notes)</span>';
  if (c.mark) inner += `<span class="vh"> (${MARK_TEXT[c.mark]})</span>`;
  const tip = c.tip !== '' ? ` data-tip="${attr(c.tip)}"` : '';
  return `<td id="${attr(c.id)}" class="${cls}"${tip}><a href="#${attr(c.id)}">${inner}</a></td>`;
}

/** The summary grid: a table of features (rows) by drivers (columns), in a box that scrolls under sticky headers. */
export function renderGrid(g: Grid): string {
  const out: string[] = [];
  out.push('<div class="fmx-wrap" role="region" aria-labelledby="fmx:caption" tabindex="-1">');
  out.push(`<table class="fmx-grid"><caption id="fmx:caption">${esc(g.caption)}</caption>`);
  out.push('<thead><tr><th scope="col" class="fmx-corner">Feature</th>');
  for (const c of g.columns) {
    const cls = c.mark ? ` class="m-${c.mark}"` : '';
    out.push(`<th scope="col" data-key="${attr(c.key)}"${cls}><span class="fmx-v">${esc(c.title)}${markLabel(c.mark)}</span></th>`);
  }
  out.push('</tr></thead><tbody>');
  for (const r of g.rows) {
    const cls = r.mark ? ` class="m-${r.mark}"` : '';
    out.push(`<tr data-key="${attr(r.key)}"${cls}><th scope="row"><a href="#${attr(r.href)}">${esc(r.title)}</a>${r.aside ? ` <span class="fmx-aside">${esc(r.aside)}</span>` : ''}${markLabel(r.mark)}</th>`);
    out.push(r.cells.map(cellMarkup).join(''));
    out.push('</tr>');
  }
  out.push('</tbody></table></div>');
  out.push('<div id="fmx:tip" class="fmx-tip" role="tooltip" hidden></div>');
  return out.join('\n');
}

/** The filters (features, drivers, statuses, which drivers) and the count of what is shown. */
export function renderControls(columns: readonly GridColumn[]): string {
  const out: string[] = ['<form class="fmx-filters" role="search" aria-label="Filter the grid">'];
  out.push('<p><label for="fmx:fq">Features</label> <input id="fmx:fq" type="search" autocomplete="off" placeholder="title or key">');
  out.push('<label for="fmx:dq">Drivers</label> <input id="fmx:dq" type="search" autocomplete="off" placeholder="title or key"></p>');
  out.push('<fieldset class="fmx-statuses"><legend>Show features with a cell that is</legend>');
  for (const cat of STATUS_CATEGORIES) {
    out.push(`<label><input type="checkbox" name="fmx-s" value="${cat}" checked> <span class="fmx-key c-${cat}" aria-hidden="true">${STATUS_SYMBOLS[cat]}</span> ${cat === 'none' ? 'no entry' : cat}</label>`);
  }
  out.push('</fieldset>');
  out.push(`<details class="fmx-choose"><summary>Choose drivers (${columns.length})</summary>`);
  out.push('<p><button type="button" data-all="1">All</button> <button type="button" data-all="0">None</button></p><ul>');
  for (const c of columns) out.push(`<li><label><input type="checkbox" name="fmx-d" value="${attr(c.key)}" checked> ${esc(c.title)}</label></li>`);
  out.push('</ul></details>');
  out.push('<p class="fmx-count" id="fmx:count" aria-live="polite"></p></form>');
  return out.join('\n');
}

/** The legend: each status's symbol and colour with its words. */
export function renderLegend(extra: string[] = []): string {
  const items = STATUS_CATEGORIES.map(
    (cat) => `<li><span class="fmx-key c-${cat}" aria-hidden="true">${STATUS_SYMBOLS[cat]}</span> ${esc(STATUS_LEGEND[cat])}</li>`,
  );
  items.push('<li><span class="fmx-key n" aria-hidden="true"></span> the cell has notes: hover, focus or tap it to read them</li>');
  for (const e of extra) items.push(`<li>${e}</li>`);
  return `<section class="fmx-legend" aria-labelledby="fmx:legend"><h2 id="fmx:legend">Legend</h2><ul>${items.join('')}</ul></section>`;
}

export interface PageParts {
  title: string;
  /** HTML of the page's body (already escaped). */
  body: string;
  /** Elements after the script-free body: the carried model. */
  data?: string;
}

/** The whole page: its style and script inlined and admitted by hash, nothing else. */
export function renderPage(p: PageParts): string {
  const csp = `default-src 'none'; style-src '${STYLE_HASH}'; script-src '${SCRIPT_HASH}'; img-src data:; base-uri 'none'; form-action 'none'`;
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${attr(csp)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="generator" content="fmx">',
    '<link rel="icon" href="data:,">',
    `<title>${esc(p.title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    p.body,
    p.data ?? '',
    `<script>${SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

const STYLE = `
:root{color-scheme:light dark;--fg:#1a1a1a;--bg:#fff;--muted:#555;--line:#c8c8c8;--head:#f3f3f3;--link:#0550ae;--hl:#0b57d0;
--c-bg:#cdeee2;--c-fg:#00573d;--p-bg:#fde7b8;--p-fg:#6b4200;--m-bg:#fad4c0;--m-fg:#8f2d00;--u-bg:#e6e6e6;--u-fg:#3d3d3d;--o-bg:#f1d3e6;--o-fg:#6e1f55;--n-fg:#555;
--add:#d8ecff;--rem:#f4d6d6;--chg:#fff1b8}
@media (prefers-color-scheme:dark){:root{--fg:#e8e8e8;--bg:#161616;--muted:#b5b5b5;--line:#444;--head:#242424;--link:#8cc4ff;--hl:#8cc4ff;
--c-bg:#0d3d2e;--c-fg:#7fe0bf;--p-bg:#4a3600;--p-fg:#ffd47a;--m-bg:#4d1c05;--m-fg:#ffb08a;--u-bg:#333;--u-fg:#ddd;--o-bg:#45163a;--o-fg:#f2a9d8;--n-fg:#b5b5b5;
--add:#0f2f4d;--rem:#4a1c1c;--chg:#4a3f00}}
*{box-sizing:border-box}
[hidden]{display:none!important}
body{margin:0 auto;max-width:100rem;padding:1rem 1.5rem;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
a{color:var(--link)}
h1{font-size:1.6rem;margin:.2rem 0 .6rem}
h2{font-size:1.25rem;margin:1.6rem 0 .5rem}
h3{font-size:1.05rem;margin:1.2rem 0 .3rem}
code{font-family:ui-monospace,Consolas,monospace;font-size:.92em}
.fmx-pre{white-space:pre-wrap;overflow-wrap:anywhere}
.vh{position:absolute!important;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);clip-path:inset(50%);white-space:nowrap}
.fmx-filters{display:flex;flex-wrap:wrap;gap:.4rem 1.2rem;align-items:flex-start;margin:.6rem 0}
.fmx-filters p{margin:.2rem 0}
.fmx-filters input[type=search]{font:inherit;padding:.15rem .35rem;margin-right:.6rem;color:var(--fg);background:var(--bg);border:1px solid var(--muted);border-radius:3px}
.fmx-statuses{border:1px solid var(--line);border-radius:4px;padding:.1rem .6rem .3rem;margin:0}
.fmx-statuses label{margin-right:.7rem;white-space:nowrap}
.fmx-choose ul{columns:16rem;list-style:none;padding:0;margin:.3rem 0;max-height:14rem;overflow:auto}
.fmx-count{width:100%;color:var(--muted);margin:0}
.fmx-wrap{overflow:auto;max-height:78vh;border:1px solid var(--line);position:relative}
.fmx-grid{border-collapse:separate;border-spacing:0;font-size:.9rem}
.fmx-grid caption{text-align:left;padding:.3rem .5rem;color:var(--muted)}
.fmx-grid th,.fmx-grid td{border-right:1px solid var(--line);border-bottom:1px solid var(--line);padding:0}
.fmx-grid thead th{position:sticky;top:0;z-index:2;background:var(--head);vertical-align:bottom;padding:.3rem .15rem;font-weight:600}
.fmx-grid thead th.fmx-corner{left:0;z-index:3;text-align:left;padding:.3rem .5rem;min-width:14rem}
.fmx-v{display:inline-block;writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap;max-height:13rem;overflow:hidden;text-overflow:ellipsis}
.fmx-grid tbody th{position:sticky;left:0;z-index:1;background:var(--head);text-align:left;font-weight:500;padding:.2rem .5rem;max-width:22rem;min-width:14rem}
.fmx-grid tbody th a{color:var(--fg);text-decoration:none}
.fmx-grid tbody th a:hover{text-decoration:underline}
.fmx-grid td{text-align:center;min-width:2rem;scroll-margin:14rem 2rem 2rem 23rem}
.fmx-grid td a{display:block;padding:.2rem .3rem;color:inherit;text-decoration:none;position:relative}
.fmx-grid td a:focus{outline:3px solid var(--hl);outline-offset:-3px}
.fmx-grid td:target,.fmx-grid td.fmx-target{outline:3px solid var(--hl);outline-offset:-3px;box-shadow:0 0 0 4px var(--bg),0 0 0 7px var(--hl)}
.fmx-grid i,.fmx-key{font-style:normal;font-weight:700}
.c-complete{background:var(--c-bg);color:var(--c-fg)}
.c-partial{background:var(--p-bg);color:var(--p-fg)}
.c-missing{background:var(--m-bg);color:var(--m-fg)}
.c-unknown{background:var(--u-bg);color:var(--u-fg)}
.c-other{background:var(--o-bg);color:var(--o-fg);outline:1px dashed var(--o-fg);outline-offset:-3px}
.c-none{color:var(--n-fg)}
.fmx-grid td.n a::after,.fmx-key.n::after{content:"";position:absolute;top:0;right:0;border-style:solid;border-width:0 .5rem .5rem 0;border-color:transparent var(--fg) transparent transparent}
.fmx-grid td.dim{opacity:.25}
.fmx-grid td.m-changed{box-shadow:inset 0 0 0 2px var(--fg)}
.fmx-grid td.m-added{box-shadow:inset 0 0 0 2px var(--hl)}
.fmx-grid td.m-removed i{text-decoration:line-through}
tr.m-added th,th.m-added{background:var(--add)}
tr.m-removed th,th.m-removed{background:var(--rem);text-decoration:line-through}
.fmx-mark{font-size:.8em;font-weight:400;display:inline-block}
th .fmx-aside{font-size:.8em;color:var(--muted)}
.fmx-tip{position:fixed;z-index:10;max-width:28rem;max-height:50vh;overflow:auto;white-space:pre-wrap;overflow-wrap:anywhere;background:var(--bg);color:var(--fg);border:1px solid var(--fg);border-radius:4px;padding:.4rem .6rem;box-shadow:0 2px 8px rgba(0,0,0,.3);font-size:.88rem}
.fmx-legend ul{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.3rem 1.2rem}
.fmx-key{display:inline-block;min-width:1.8rem;min-height:1.4em;text-align:center;padding:.1rem .3rem;position:relative;border:1px solid var(--line)}
.fmx-details dl{display:grid;grid-template-columns:max-content 1fr;gap:.15rem .8rem;margin:.3rem 0}
.fmx-details dt{font-weight:600}.fmx-details dd{margin:0}
.fmx-details ul.fmx-cells{padding-left:1.2rem}
.fmx-details section{border-top:1px solid var(--line)}
.fmx-changes li{margin:.15rem 0}
del{background:var(--rem)}ins{background:var(--add);text-decoration:none}
footer{margin-top:2rem;color:var(--muted);font-size:.85rem}
@media print{
.fmx-filters,.fmx-tip{display:none!important}
body{max-width:none;padding:0;font-size:10pt;color:#000;background:#fff}
.fmx-wrap{overflow:visible;max-height:none;border:0}
.fmx-grid thead th,.fmx-grid tbody th{position:static}
.fmx-grid th,.fmx-grid td{border-color:#888}
.fmx-grid td,.fmx-key{-webkit-print-color-adjust:exact;print-color-adjust:exact}
a{color:#000}
.fmx-details section{break-inside:avoid}
}
`.trim();

/**
 * The page's behaviour: filters (kept in the URL's fragment as
 * `#f=..&dq=..&s=..&d=..`, so that a view can be shared), the notes popup
 * (hover, focus, tap; Escape closes it), arrow-key navigation among the
 * visible cells, and revealing a permalinked cell under the sticky headers.
 * Text goes into the page only through textContent.
 */
const SCRIPT = `
(function(){
'use strict';
var d=document,grid=d.querySelector('table.fmx-grid');if(!grid)return;
var wrap=grid.parentNode,tip=d.getElementById('fmx:tip'),count=d.getElementById('fmx:count');
var fq=d.getElementById('fmx:fq'),dq=d.getElementById('fmx:dq');
var sboxes=[].slice.call(d.querySelectorAll('input[name="fmx-s"]')),dboxes=[].slice.call(d.querySelectorAll('input[name="fmx-d"]'));
var heads=[].slice.call(grid.tHead.rows[0].cells),rows=[].slice.call(grid.tBodies[0].rows);
function low(s){return String(s).toLowerCase();}
function cat(c){var m=/(?:^| )c-([a-z]+)/.exec(c.className);return m?m[1]:'other';}
function words(n){return [].map.call(n.querySelectorAll('.vh:not(.fmx-aside)'),function(x){return x.textContent;}).join('');}
function title(n){var c=n.cloneNode(true);[].forEach.call(c.querySelectorAll('.fmx-mark,.fmx-aside'),function(x){x.remove();});return c.textContent.trim();}
function match(q,text,key){return !q||low(text).indexOf(q)>=0||low(key).indexOf(q)>=0;}
function apply(){
var q=low(fq.value.trim()),dv=low(dq.value.trim()),sel={},all=true,chosen={},shown=0,cols=0,colOn=[];
sboxes.forEach(function(b){sel[b.value]=b.checked;if(!b.checked)all=false;});
dboxes.forEach(function(b){chosen[b.value]=b.checked;});
heads.forEach(function(h,i){if(!i)return;var k=h.getAttribute('data-key');var on=chosen[k]!==false&&match(dv,title(h),k);colOn[i]=on;h.hidden=!on;if(on)cols++;});
rows.forEach(function(r){
var any=false,cells=r.cells;
for(var i=1;i<cells.length;i++){var c=cells[i],ok=sel[cat(c)];c.hidden=!colOn[i];c.classList.toggle('dim',!ok);if(colOn[i]&&ok)any=true;}
var on=match(q,title(cells[0]),r.getAttribute('data-key'))&&(all||any);r.hidden=!on;if(on)shown++;});
if(count)count.textContent=shown+' of '+rows.length+' features and '+cols+' of '+(heads.length-1)+' drivers shown';
}
function save(){
var p=new URLSearchParams();
if(fq.value)p.set('f',fq.value);if(dq.value)p.set('dq',dq.value);
var s=sboxes.filter(function(b){return b.checked;}).map(function(b){return b.value;});
if(s.length<sboxes.length)p.set('s',s.join(','));
if(dboxes.some(function(b){return !b.checked;}))dboxes.forEach(function(b){if(b.checked)p.append('d',b.value);});
var h=p.toString();
try{history.replaceState(null,'',h?'#'+h:location.pathname+location.search);}catch(e){}
}
function load(){
var h=location.hash.slice(1);if(h.indexOf('=')<0)return false;
var p=new URLSearchParams(h);
fq.value=p.get('f')||'';dq.value=p.get('dq')||'';
var s=p.get('s');sboxes.forEach(function(b){b.checked=s===null||s.split(',').indexOf(b.value)>=0;});
var ds=p.getAll('d');dboxes.forEach(function(b){b.checked=!ds.length||ds.indexOf(b.value)>=0;});
return true;
}
function cellOf(n){while(n&&n!==grid){if(n.tagName==='TD'||n.tagName==='TH')return n;n=n.parentNode;}return null;}
var tipCell=null;
function showTip(td){
if(!td){hideTip();return;}
tipCell=td;
var x=td.getAttribute('data-tip'),t=title(td.parentNode.cells[0])+' \\u00b7 '+title(heads[td.cellIndex])+'\\nStatus: '+words(td)+(x?'\\n\\n'+x:'');
tip.textContent=t;tip.hidden=false;
var r=td.getBoundingClientRect(),w=tip.offsetWidth,hh=tip.offsetHeight;
var x=Math.max(4,Math.min(r.left,innerWidth-w-4)),y=r.bottom+4;if(y+hh>innerHeight-4)y=Math.max(4,r.top-hh-4);
tip.style.left=x+'px';tip.style.top=y+'px';td.firstChild.setAttribute('aria-describedby','fmx:tip');
}
function hideTip(){tip.hidden=true;tipCell=null;var a=grid.querySelector('[aria-describedby]');if(a)a.removeAttribute('aria-describedby');}
function focusCell(c){var a=c&&c.querySelector('a');if(!a)return;
var old=grid.querySelector('a[tabindex="0"]');if(old&&old!==a)old.setAttribute('tabindex','-1');a.setAttribute('tabindex','0');a.focus({preventScroll:true});reveal(c);}
function reveal(c){
var head=grid.tHead.offsetHeight,side=rows.length?rows[0].cells[0].offsetWidth:0;
if(c.offsetTop-head<wrap.scrollTop)wrap.scrollTop=c.offsetTop-head;
else if(c.offsetTop+c.offsetHeight>wrap.scrollTop+wrap.clientHeight)wrap.scrollTop=c.offsetTop+c.offsetHeight-wrap.clientHeight;
if(c.tagName==='TD'){if(c.offsetLeft-side<wrap.scrollLeft)wrap.scrollLeft=c.offsetLeft-side;
else if(c.offsetLeft+c.offsetWidth>wrap.scrollLeft+wrap.clientWidth)wrap.scrollLeft=c.offsetLeft+c.offsetWidth-wrap.clientWidth;}
var r=wrap.getBoundingClientRect();if(r.top<0||r.bottom>innerHeight)wrap.scrollIntoView({block:'nearest'});
}
function visible(n){return !n.hidden;}
function move(c,key){
var tr=c.parentNode,vr=rows.filter(visible),ri=vr.indexOf(tr),cs=[].slice.call(tr.cells),ci=cs.indexOf(c);
function colIn(row,i){return row.cells[i]&&!row.cells[i].hidden?row.cells[i]:null;}
if(key==='ArrowUp'||key==='ArrowDown'){var step=key==='ArrowUp'?-1:1;for(var j=ri+step;j>=0&&j<vr.length;j+=step){var t=colIn(vr[j],ci);if(t)return t;}return null;}
if(key==='PageUp'||key==='PageDown'){var row=vr[key==='PageUp'?Math.max(0,ri-10):Math.min(vr.length-1,ri+10)];return row?colIn(row,ci):null;}
var vis=cs.filter(visible);var k=vis.indexOf(c);
if(key==='ArrowLeft')return vis[k-1]||null;if(key==='ArrowRight')return vis[k+1]||null;
if(key==='Home')return vis[0];if(key==='End')return vis[vis.length-1];return null;
}
grid.addEventListener('keydown',function(e){
var c=cellOf(e.target);if(!c)return;
if(e.key==='Escape'){hideTip();return;}
if(e.key===' '&&c.tagName==='TD'){e.preventDefault();if(tip.hidden)showTip(c);else hideTip();return;}
var n=move(c,e.key);if(n){e.preventDefault();focusCell(n);if(n.tagName==='TD')showTip(n);else hideTip();}
});
grid.addEventListener('mouseover',function(e){var c=cellOf(e.target);if(c&&c.tagName==='TD')showTip(c);});
grid.addEventListener('mouseleave',hideTip);
grid.addEventListener('focusin',function(e){var c=cellOf(e.target);if(c&&c.tagName==='TD')showTip(c);else hideTip();});
grid.addEventListener('click',function(e){var c=cellOf(e.target);if(c&&c.tagName==='TD'){focusCell(c);showTip(c);}});
d.addEventListener('keydown',function(e){if(e.key==='Escape')hideTip();});
wrap.addEventListener('scroll',function(){if(!tip.hidden&&tipCell)showTip(tipCell);});
function target(){
var h=location.hash.slice(1);if(!h||h.indexOf('=')>=0)return;
var id;try{id=decodeURIComponent(h);}catch(e){id=h;}
var c=d.getElementById(id);if(!c||c.tagName!=='TD'||!grid.contains(c))return;
if(c.hidden||c.parentNode.hidden){fq.value='';dq.value='';sboxes.forEach(function(b){b.checked=true;});dboxes.forEach(function(b){b.checked=true;});apply();}
var old=grid.querySelector('.fmx-target');if(old)old.classList.remove('fmx-target');
c.classList.add('fmx-target');focusCell(c);
}
[fq,dq].forEach(function(i){i.addEventListener('input',function(){apply();save();});});
sboxes.concat(dboxes).forEach(function(b){b.addEventListener('change',function(){apply();save();});});
[].forEach.call(d.querySelectorAll('button[data-all]'),function(b){b.addEventListener('click',function(){var on=b.getAttribute('data-all')==='1';dboxes.forEach(function(x){x.checked=on;});apply();save();});});
d.querySelector('.fmx-filters').addEventListener('submit',function(e){e.preventDefault();});
window.addEventListener('hashchange',function(){if(load())apply();else target();});
var first=grid.querySelector('td a');[].forEach.call(grid.querySelectorAll('a'),function(a){a.setAttribute('tabindex',a===first?'0':'-1');});
load();apply();target();
// The browser's own scroll to the fragment, after loading, moves focus to the page: target the cell again after it.
function ready(){setTimeout(function(){target();d.documentElement.setAttribute('data-fmx-ready','1');},0);}
if(d.readyState==='complete')ready();else window.addEventListener('load',ready);
})();
`.trim();

function sha256(s: string): string {
  return `sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}`;
}

const STYLE_HASH = sha256(STYLE);
const SCRIPT_HASH = sha256(SCRIPT);

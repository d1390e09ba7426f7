/**
 * Peers for `npm run bench` (bench/formats.mjs), each as its own process
 * like fmx: `node bench/peer.mjs KIND FILE` parses FILE and exits.
 *
 * - csv: csv-parse alone, with the options fmx's CSV reader gives it;
 * - html: a full rehype-parse tree (unified + rehype-parse, as fmx did).
 */
import { readFileSync } from 'node:fs';

const [kind, file] = process.argv.slice(2);
const text = readFileSync(file, 'utf8');
if (kind === 'csv') {
  const { parse } = await import('csv-parse/sync');
  parse(text, { relax_column_count: true, skip_empty_lines: true, record_delimiter: ['\r\n', '\n', '\r'] });
} else if (kind === 'html') {
  const { unified } = await import('unified');
  const { default: rehypeParse } = await import('rehype-parse');
  unified().use(rehypeParse).parse(text);
} else {
  console.error(`unknown peer ${kind}`);
  process.exit(2);
}

#!/usr/bin/env node
/**
 * The `fmx` command line: commander parses, the commands in ./commands/ do
 * the work. Exit codes: 0 ok, 1 an input could not be read or converted,
 * 2 usage error (for `diff`: 0 same, 1 different, 2 trouble).
 */

import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { isFormatName, writableFormats } from './formats/registry.js';
import { FORMAT_NAMES, type FormatName } from './formats/types.js';
import { UsageError } from './diagnostics.js';
import { quietOnClosedPipes } from './io/files.js';

function formatArg(value: string): FormatName {
  if (!isFormatName(value)) throw new InvalidArgumentError(`expected one of ${FORMAT_NAMES.join(', ')}`);
  return value;
}

/** `--to`: only the formats fmx writes. */
function writableFormatArg(value: string): FormatName {
  const writes = writableFormats();
  if (!isFormatName(value) || !writes.includes(value)) {
    throw new InvalidArgumentError(`expected one of ${writes.join(', ')}${isFormatName(value) ? ` (fmx reads ${value} but does not write it)` : ''}`);
  }
  return value;
}

function sizeArg(value: string): number {
  const m = /^(\d+)([kKmMgG]i?[bB]?)?$/.exec(value);
  if (!m) throw new InvalidArgumentError('expected a size such as 1048576, 512K or 256M');
  const unit = (m[2] ?? '').charAt(0).toLowerCase();
  return Number(m[1]) * (unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1);
}

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('fmx')
    .description('Convert, edit, compare and validate OpenStack feature support matrices')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ outputError: (str, write) => write(str) })
    .showHelpAfterError('(run fmx help for usage)');

  program
    .command('convert')
    .description('convert matrices between INI, JSON, rendered pages, Markdown, CSV and XLSX')
    .argument('<input...>', 'input files, - for standard input')
    .addOption(new Option('--from <format>', 'input format (default: from the extension, else from the content)').argParser(formatArg))
    .addOption(new Option('--to <format>', `output format: ${writableFormats().join(', ')} (default: from -o's extension, else ini with --base, else json)`).argParser(writableFormatArg))
    .option('-o, --output <file>', 'output file (default: standard output)')
    .option('--out-dir <dir>', 'write DIR/<name>.<format> for each input')
    .option('--with-source', 'json: embed the INI source, so that json -> ini gives the file back byte for byte')
    .option('--keys-from <file.ini>', 'take keys from this INI, matching by title (for pages and wide CSV)')
    .option('--base <file.ini>', 'ini: patch this INI with the input, changing only the lines that differ')
    .option('--in-place', 'with --base: write the result over the base file')
    .option('--allow-deletions', 'with --base: delete the features, drivers and cells the input lacks (else refused)')
    .option('--dry-run', 'with --base: print what would change, as fmx diff does, and write nothing')
    .addOption(new Option('--layout <layout>', 'csv layout').choices(['wide', 'long']).default('wide'))
    .option('--no-formula-guard', 'csv: write cells starting with = + - @ as they are')
    .option('--bom', 'csv: start with a UTF-8 byte order mark (for Excel)')
    .option('--history', "html: show when each cell last changed and the commit (the input must be in git; blamed at HEAD)")
    .option('-C <dir>', 'with --history: inputs are paths in the git repository at DIR (a bare one works), read at HEAD')
    .addOption(new Option('--max-size <bytes>', 'refuse inputs larger than this').argParser(sizeArg).default(256 * 1024 * 1024, '256M'))
    .action(async (inputs: string[], o) => {
      const { convert } = await import('./commands/convert.js');
      process.exitCode = await convert(inputs, {
        from: o.from,
        to: o.to,
        output: o.output,
        outDir: o.outDir,
        withSource: o.withSource,
        keysFrom: o.keysFrom,
        base: o.base,
        inPlace: o.inPlace,
        allowDeletions: o.allowDeletions,
        dryRun: o.dryRun,
        layout: o.layout,
        formulaGuard: o.formulaGuard,
        bom: o.bom,
        maxSize: o.maxSize,
        history: o.history,
        dir: o.C,
      });
    });

  program
    .command('diff')
    .description('what changed between two versions of a matrix (exit 0 same, 1 different, 2 trouble)')
    .argument('<old>', 'a file in any readable format, - for standard input, or git:REV:PATH')
    .argument('<new>', 'a file in any readable format, - for standard input, or git:REV:PATH')
    .addOption(new Option('--format <format>', 'report format').choices(['text', 'md', 'json', 'html']).default('text'))
    .addOption(new Option('--from <format>', 'format of both inputs (default: from each name or content)').argParser(formatArg))
    .option('--keys-from <file.ini>', 'take keys from this INI, matching by title (for pages)')
    .option('--exact', 'compare raw values (no white space or typography folding)')
    .option('--color', 'colour the text report even when not on a terminal')
    .option('--no-color', 'never colour the text report')
    .addOption(new Option('--max-size <bytes>', 'refuse inputs larger than this').argParser(sizeArg).default(256 * 1024 * 1024, '256M'))
    .action(async (oldFile: string, newFile: string, o) => {
      const { diffCommand } = await import('./commands/diff.js');
      process.exitCode = await diffCommand(oldFile, newFile, o);
    });

  program
    .command('validate')
    .description("check matrices against upstream's rules and common mistakes")
    .argument('<file...>', 'files in any readable format, - for standard input')
    .addOption(new Option('--format <format>', 'report format').choices(['text', 'json']).default('text'))
    .addOption(new Option('--from <format>', 'input format (default: from the extension, else from the content)').argParser(formatArg))
    .option('--strict', 'warnings fail too (exit 1)')
    .addOption(new Option('--max-size <bytes>', 'refuse inputs larger than this').argParser(sizeArg).default(256 * 1024 * 1024, '256M'))
    .action(async (files: string[], o) => {
      const { validateCommand } = await import('./commands/validate.js');
      process.exitCode = await validateCommand(files, o);
    });

  program
    .command('set')
    .description('edit one INI file in place: a cell, a feature field, add or remove a driver or feature')
    .argument('<file>', 'the INI file to edit')
    .argument('[feature]', 'feature key (section name)')
    .argument('[driver]', 'driver key, to set a cell')
    .argument('[status]', 'cell status: complete, partial, missing or unknown')
    .option('--notes <text>', 'cell notes (with DRIVER) or feature notes')
    .option('--title <text>', 'feature title (or driver title with --add-driver)')
    .option('--status <status>', 'feature status, e.g. optional or choice(group)')
    .option('--cli <commands>', 'feature CLI commands, separated by ;')
    .option('--add-driver <key>', 'declare a new driver (with --title), adding a cell to every feature')
    .option('--default-status <status>', 'status of the cells --add-driver adds', 'missing')
    .option('--remove-feature <key>', 'delete a feature section')
    .option('--remove-driver <key>', 'delete a driver declaration and all its cells')
    .option('--force', 'write values upstream would reject')
    .option('-o, --output <file>', 'write the result here instead of over FILE')
    .option('--dry-run', 'print what would change, as fmx diff does, and write nothing')
    .action(async (file: string, feature: string | undefined, driver: string | undefined, status: string | undefined, o) => {
      const { setCommand } = await import('./commands/set.js');
      process.exitCode = await setCommand(file, feature, driver, status, o);
    });

  program
    .command('log')
    .description("a matrix's history: each commit that changed it, newest first, with what it changed")
    .argument('<path>', 'the matrix file in the repository')
    .argument('[range]', 'a revision or range as git takes it (default HEAD); REV^! for one commit')
    .option('-C <dir>', 'run as if git was started in DIR (a bare repository works)')
    .option('--feature <feature>', 'only changes of this feature (key or title)')
    .option('--driver <driver>', 'only changes of this driver (key or title)')
    .option('--check', 'only commits with changes that look accidental, each with a reason (exit 1 when any)')
    .addOption(new Option('--format <format>', 'report format').choices(['text', 'md', 'json', 'csv']).default('text'))
    .action(async (path: string, range: string | undefined, o) => {
      const { logCommand } = await import('./commands/log.js');
      process.exitCode = await logCommand(path, range, { dir: o.C, feature: o.feature, driver: o.driver, check: o.check, format: o.format });
    });

  program
    .command('blame')
    .description('each cell of the matrix at REV with the commit that last changed it and the release it first shipped in')
    .argument('<path>', 'the matrix file in the repository')
    .argument('[rev]', 'a revision (default HEAD)')
    .option('-C <dir>', 'run as if git was started in DIR (a bare repository works)')
    .addOption(new Option('--format <format>', 'report format').choices(['text', 'md', 'json', 'csv', 'html']).default('text'))
    .action(async (path: string, rev: string | undefined, o) => {
      const { blameCommand } = await import('./commands/blame.js');
      process.exitCode = await blameCommand(path, rev, { dir: o.C, format: o.format });
    });

  program
    .command('history')
    .description("a matrix's whole history as tables: an SQLite database, the changes as CSV, or JSON")
    .argument('<path>', 'the matrix file in the repository')
    .argument('[range]', 'a revision or range as git takes it (default HEAD)')
    .option('-C <dir>', 'run as if git was started in DIR (a bare repository works)')
    .option('-o, --output <file>', 'FILE.sqlite, FILE.csv or FILE.json (default: standard output, with --format)')
    .addOption(new Option('--format <format>', 'output format (default: from -o\'s extension)').choices(['sqlite', 'csv', 'json']))
    .action(async (path: string, range: string | undefined, o) => {
      const { historyCommand } = await import('./commands/history.js');
      process.exitCode = await historyCommand(path, range, { dir: o.C, output: o.output, format: o.format });
    });

  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return 2;
    }
    if (e instanceof UsageError) {
      process.stderr.write(`fmx: ${e.message}\n`);
      return 2;
    }
    process.stderr.write(`fmx: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    if (process.env.FMX_DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n`);
    return 1;
  }
}

quietOnClosedPipes();
// Not a top-level await: the command is bundled as CommonJS (scripts/bundle.mjs).
void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});

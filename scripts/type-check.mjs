// `node scripts/type-check.mjs [--declarations]`: what `tsc -p tsconfig.test.json` does (type-checks src/, test/ and
// bench/, prints the errors the way tsc does, exits 1 on any), in one TypeScript program. With --declarations the same
// program also writes src/'s type declarations into dist/esm, exactly as the build's `tsc -p tsconfig.json
// --emitDeclarationOnly` would: `npm test` type-checks everything anyway, and the declarations come almost free from
// the checker that has already run (a second tsc would parse and check src/ again: ~10 CPU-seconds).
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const withDeclarations = process.argv.includes('--declarations');

const reportConfigError = diagnostic => {
  console.error(ts.formatDiagnostics([diagnostic], formatHost));
  process.exit(1);
};
const formatHost = { getCanonicalFileName: name => name, getCurrentDirectory: () => ROOT, getNewLine: () => '\n' };
const config = ts.getParsedCommandLineOfConfigFile(join(ROOT, 'tsconfig.test.json'), undefined, {
  ...ts.sys,
  onUnRecoverableConfigFileDiagnostic: reportConfigError,
});
if (config.errors.length) reportConfigError(config.errors[0]);

// tsconfig.test.json says noEmit (nothing of test/ or bench/ is ever written); the declarations need emit on, for
// src/ files only (below). Neither option changes what the checker reports.
const src = join(ROOT, 'src');
const outDir = join(ROOT, 'dist', 'esm');
const options = withDeclarations ? { ...config.options, noEmit: false, declaration: true, emitDeclarationOnly: true, outDir } : config.options;
const program = ts.createProgram({ rootNames: config.fileNames, options, projectReferences: config.projectReferences });
const diagnostics = ts.getPreEmitDiagnostics(program);

if (withDeclarations) {
  // rootDir is the project here (tsconfig.test.json), src in tsconfig.json: src/a/b.ts → dist/esm/a/b.d.ts as the build's.
  const write = (fileName, text) => ts.sys.writeFile(join(outDir, relative(join(outDir, 'src'), fileName)), text);
  for (const file of program.getSourceFiles()) {
    if (file.isDeclarationFile || relative(src, file.fileName).startsWith('..')) continue;
    const { diagnostics: emitDiagnostics } = program.emit(file, write, undefined, true);
    diagnostics.push(...emitDiagnostics);
  }
}

if (diagnostics.length) {
  const format = process.stdout.isTTY ? ts.formatDiagnosticsWithColorAndContext : ts.formatDiagnostics;
  console.log(format(diagnostics, formatHost));
  const errors = diagnostics.filter(diagnostic => diagnostic.category === ts.DiagnosticCategory.Error).length;
  console.log(`Found ${errors} error${errors === 1 ? '' : 's'}.`);
  if (errors) process.exit(1);
}

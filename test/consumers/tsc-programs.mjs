// `node tsc-programs.mjs <typescript module> <tsconfig>…`: type-checks each tsconfig as its own program, as
// `tsc -p <tsconfig>` would (every error of each program printed; exit 1 if any program has one), in one process
// whose programs share the files they have in common: TypeScript's own lib.dom.d.ts and the package's declarations
// are read, parsed and bound once instead of once per program (a third of a program's CPU), and TypeScript itself
// loads once. Each program still has its own checker, so what one program sees never leaks into another's errors.
import { createRequire } from 'node:module';

const [typescriptPath, ...configs] = process.argv.slice(2);
const ts = createRequire(import.meta.url)(typescriptPath);

/** Parsed source files by name and the parse settings that shape them (language version, module format). */
const parsed = new Map();
const formatHost = { getCanonicalFileName: name => name, getCurrentDirectory: ts.sys.getCurrentDirectory, getNewLine: () => ts.sys.newLine };
let failed = false;

for (const config of configs) {
  const commandLine = ts.getParsedCommandLineOfConfigFile(config, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: diagnostic => report([diagnostic]) });
  if (!commandLine) {
    failed = true;
    continue;
  }
  const host = ts.createCompilerHost(commandLine.options);
  const readSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, settings, onError, fresh) => {
    const version = typeof settings === 'object' ? settings.languageVersion : settings;
    const key = `${fileName}\0${version}\0${typeof settings === 'object' ? settings.impliedNodeFormat : ''}`;
    if (!fresh && parsed.has(key)) return parsed.get(key);
    const file = readSourceFile(fileName, settings, onError, fresh);
    if (file) parsed.set(key, file);
    return file;
  };
  const program = ts.createProgram({ rootNames: commandLine.fileNames, options: commandLine.options, host, projectReferences: commandLine.projectReferences });
  report([...commandLine.errors, ...ts.getPreEmitDiagnostics(program)]);
}

function report(diagnostics) {
  const errors = diagnostics.filter(diagnostic => diagnostic.category === ts.DiagnosticCategory.Error);
  if (!errors.length) return;
  failed = true;
  process.stdout.write(ts.formatDiagnostics(errors, formatHost));
}

process.exit(failed ? 1 : 0);

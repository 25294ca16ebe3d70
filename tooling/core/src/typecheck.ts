// Type-checks code a user would write (README blocks, docs samples) as a user's strict NodeNext project would.
// A subpath of its own (`@echo-openapi/tooling-core/typecheck`) so that only the tests that use it load TypeScript.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';

export interface UserModule {
  /** The file name without extension; may contain `/`. */
  name: string;
  source: string;
}

/** Writes each module as `<name>.mts` under `dir`; returns the files. */
export function writeModules(dir: string, modules: UserModule[]): string[] {
  return modules.map((m) => {
    const file = join(dir, `${m.name}.mts`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, m.source);
    return file;
  });
}

/**
 * Type-checks the modules in a scratch folder under `scratchBase` (inside the package, so its node_modules
 * resolve) and removes it; returns `name:line:col TSxxxx message` lines, none when they compile.
 * `options` adds to the strict user settings (e.g. `paths` to the package's source).
 */
export function typecheckAsUser(scratchBase: string, modules: UserModule[], options: ts.CompilerOptions = {}): string[] {
  mkdirSync(scratchBase, { recursive: true });
  const dir = mkdtempSync(join(scratchBase, 'typecheck-'));
  try {
    const program = ts.createProgram(writeModules(dir, modules), {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
      types: ['node'],
      strict: true,
      noUncheckedIndexedAccess: true,
      noEmit: true,
      skipLibCheck: true,
      ...options,
    });
    return ts.getPreEmitDiagnostics(program).map((d) => {
      const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
      if (!d.file || d.start === undefined) return `TS${d.code} ${message}`;
      const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
      return `${relative(dir, d.file.fileName).replace(/\.mts$/, '')}:${line + 1}:${character + 1} TS${d.code} ${message}`;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The one flag parser the tooling CLIs share: `--name value`, `--name=value`, `--flag`; repeated
 * options collect into arrays. Unknown flags are an error that lists the known ones.
 *
 * With `usage` (what a CLI passes), bad usage never throws: the CLI prints the one-line error and its
 * usage to stderr and exits 2, as every command here does on bad usage. Without it the error is thrown
 * (for callers that report usage themselves, like `lintCommand`).
 */
export function parseArgs(
  argv: readonly string[],
  spec: { values?: readonly string[]; flags?: readonly string[]; repeatable?: readonly string[]; usage?: string },
): { values: Record<string, string[]>; flags: Set<string> } {
  try {
    return parse(argv, spec);
  } catch (error) {
    if (spec.usage === undefined) throw error;
    return usageError(error instanceof Error ? error.message : String(error), spec.usage);
  }
}

/** Prints `message` and the usage to stderr and exits 2: the answer to any bad command line. */
export function usageError(message: string, usage: string): never {
  console.error(`${message}\nUsage: ${usage}`);
  process.exit(2);
}

function parse(argv: readonly string[], spec: { values?: readonly string[]; flags?: readonly string[]; repeatable?: readonly string[] }) {
  const values: Record<string, string[]> = {};
  const flags = new Set<string>();
  const known = [...(spec.values ?? []), ...(spec.flags ?? [])];
  const options = known.length > 0 ? known.map((k) => `--${k}`).join(', ') : 'none';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new Error(`Unexpected argument "${arg}". Options: ${options}`);
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    if (spec.flags?.includes(name)) {
      flags.add(name);
    } else if (spec.values?.includes(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new Error(`--${name} needs a value`);
      if (values[name] && !spec.repeatable?.includes(name)) throw new Error(`--${name} given twice`);
      (values[name] ??= []).push(value);
    } else {
      throw new Error(`Unknown option --${name}. Options: ${options}`);
    }
  }
  return { values, flags };
}

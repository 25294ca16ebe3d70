/**
 * The one flag parser the tooling CLIs share: `--name value`, `--name=value`, `--flag`; repeated
 * options collect into arrays. Unknown flags are an error that lists the known ones.
 *
 * With `usage` (what a CLI passes), bad usage never throws: the CLI prints the one-line error and its
 * usage to stderr and exits 2, as every command here does on bad usage; `--help` or `-h` anywhere prints the
 * full help (a `CommandHelp`: usage, commands, options, examples) to stdout and exits 0. Without `usage` the
 * error is thrown (for callers that report usage themselves, like `lintCommand`).
 */
export function parseArgs(
  argv: readonly string[],
  spec: { values?: readonly string[]; flags?: readonly string[]; repeatable?: readonly string[]; usage?: string | CommandHelp },
): { values: Record<string, string[]>; flags: Set<string> } {
  if (spec.usage !== undefined && wantsHelp(argv)) {
    console.log(formatHelp(spec.usage));
    process.exit(0);
  }
  try {
    return parse(argv, spec);
  } catch (error) {
    if (spec.usage === undefined) throw error;
    return usageError(error instanceof Error ? error.message : String(error), spec.usage);
  }
}

/** What `--help` prints: how to call the command, what it does, each option, and examples to copy. */
export interface CommandHelp {
  /** The synopsis, one line per form, without the leading `Usage: `. */
  usage: string;
  /** What the command does, in a sentence or two. */
  description: string;
  /** Subcommands (`name` -> what it does), when the command has them. */
  commands?: Readonly<Record<string, string>>;
  /** Every option as written on the command line (`--vendor <id>`) -> what it does. */
  options: Readonly<Record<string, string>>;
  /** Command lines to copy, each with an optional `# comment`. */
  examples: readonly string[];
}

/** `--help` or `-h` anywhere on the command line. */
export function wantsHelp(argv: readonly string[]): boolean {
  return argv.includes('--help') || argv.includes('-h');
}

/** The full help text of a command (a bare usage string prints as its usage line). */
export function formatHelp(help: string | CommandHelp): string {
  if (typeof help === 'string') return `Usage: ${help}`;
  const table = (rows: Readonly<Record<string, string>>) => {
    const width = Math.max(...Object.keys(rows).map((k) => k.length));
    return Object.entries(rows).map(([name, text]) => `  ${name.padEnd(width)}  ${text}`);
  };
  const options = { ...help.options, '-h, --help': 'this help' };
  return [
    `Usage: ${help.usage}`,
    '',
    help.description,
    ...(help.commands ? ['', 'Commands:', ...table(help.commands)] : []),
    '',
    'Options:',
    ...table(options),
    '',
    'Examples:',
    ...help.examples.map((e) => `  ${e}`),
  ].join('\n');
}

/** Prints `message` and the usage to stderr and exits 2: the answer to any bad command line. */
export function usageError(message: string, usage: string | CommandHelp): never {
  const synopsis = typeof usage === 'string' ? usage : `${usage.usage}\n(--help for every option and examples)`;
  console.error(`${message}\nUsage: ${synopsis}`);
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

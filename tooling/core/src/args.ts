/**
 * The one flag parser the tooling CLIs share: `--name value`, `--name=value`, `--flag`; repeated
 * options collect into arrays. Unknown flags are an error that lists the known ones.
 */
export function parseArgs(
  argv: readonly string[],
  spec: { values?: readonly string[]; flags?: readonly string[]; repeatable?: readonly string[] },
): { values: Record<string, string[]>; flags: Set<string> } {
  const values: Record<string, string[]> = {};
  const flags = new Set<string>();
  const known = [...(spec.values ?? []), ...(spec.flags ?? [])];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new Error(`Unexpected argument "${arg}". Options: ${known.map((k) => `--${k}`).join(', ')}`);
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    if (spec.flags?.includes(name)) {
      flags.add(name);
    } else if (spec.values?.includes(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new Error(`--${name} needs a value`);
      if (values[name] && !spec.repeatable?.includes(name)) throw new Error(`--${name} given twice`);
      (values[name] ??= []).push(value);
    } else {
      throw new Error(`Unknown option --${name}. Options: ${known.map((k) => `--${k}`).join(', ')}`);
    }
  }
  return { values, flags };
}

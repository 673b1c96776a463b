/** A small typed `--flag value` parser: unknown flags and bad values are usage errors (exit 2). */
export class UsageError extends Error {}

export type FlagSpec = Record<string, { type: 'number' | 'string' | 'boolean'; default?: number | string | boolean; help: string }>;
export type Flags<S extends FlagSpec> = { [K in keyof S]: S[K]['type'] extends 'number' ? number : S[K]['type'] extends 'boolean' ? boolean : string };

export function parseFlags<S extends FlagSpec>(argv: string[], spec: S, command: string): Flags<S> {
  const out: Record<string, unknown> = {};
  for (const [k, s] of Object.entries(spec)) if (s.default !== undefined) out[k] = s.default;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new UsageError(`${command}: unexpected argument ${JSON.stringify(arg)}`);
    const [name, inline] = arg.slice(2).split('=', 2);
    const s = spec[name];
    if (!s) throw new UsageError(`${command}: unknown option --${name} (see ${command} --help)`);
    if (s.type === 'boolean') {
      out[name] = inline === undefined ? true : inline !== 'false';
      continue;
    }
    const raw = inline ?? argv[++i];
    if (raw === undefined) throw new UsageError(`${command}: option --${name} needs a value`);
    if (s.type === 'number') {
      const n = Number(raw);
      if (!Number.isFinite(n)) throw new UsageError(`${command}: option --${name} expects a number, got ${JSON.stringify(raw)}`);
      out[name] = n;
    } else out[name] = raw;
  }
  for (const [k, s] of Object.entries(spec)) if (out[k] === undefined && s.type !== 'boolean') throw new UsageError(`${command}: option --${k} is required`);
  return out as Flags<S>;
}

export function helpText(command: string, summary: string, spec: FlagSpec): string {
  const lines = [`usage: ${command} [options]`, '', summary, '', 'options:'];
  for (const [k, s] of Object.entries(spec)) {
    const def = s.default !== undefined ? ` (default ${s.default})` : '';
    lines.push(`  --${k.padEnd(14)} ${s.help}${def}`);
  }
  return lines.join('\n');
}

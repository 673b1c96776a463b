/** A small typed `--flag value` parser: unknown flags and bad values are usage errors (exit 2). */
export class UsageError extends Error {}

/**
 * One flag: its type, a default or `optional: true` (no value unless given: lets a command tell a
 * flag that was given from its default, e.g. to override a config file only where asked), and help.
 */
export type FlagSpec = Record<string, { type: 'number' | 'string' | 'boolean'; default?: number | string | boolean; optional?: boolean; help: string }>;
type Value<T> = T extends 'number' ? number : T extends 'boolean' ? boolean : string;
export type Flags<S extends FlagSpec> = {
  [K in keyof S]: S[K] extends { optional: true } ? Value<S[K]['type']> | undefined : Value<S[K]['type']>;
};

/**
 * Parses `--name value`, `--name=value` and boolean `--name` against `spec`. Every non-boolean
 * flag without a default and not `optional` is required.
 *
 * @example
 * parseFlags(['--steps', '3'], { steps: { type: 'number', default: 1, help: 'steps' } }, 'ear2face train');   // { steps: 3 }
 * parseFlags(['--stpes', '3'], spec, 'ear2face train');   // UsageError: ear2face train: unknown option --stpes (see ear2face train --help)
 */
export function parseFlags<S extends FlagSpec>(argv: string[], spec: S, command: string): Flags<S> {
  const out: Record<string, unknown> = {};
  for (const [k, s] of Object.entries(spec)) if (s.default !== undefined) out[k] = s.default;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new UsageError(`${command}: unexpected argument ${JSON.stringify(arg)}`);
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
    const inline = eq < 0 ? undefined : arg.slice(eq + 1);
    const s = Object.prototype.hasOwnProperty.call(spec, name) ? spec[name] : undefined;
    if (!s) throw new UsageError(`${command}: unknown option --${name} (see ${command} --help)`);
    if (s.type === 'boolean') {
      out[name] = inline === undefined ? true : inline !== 'false';
      continue;
    }
    const raw = inline ?? argv[++i];
    if (raw === undefined) throw new UsageError(`${command}: option --${name} needs a value`);
    if (s.type === 'number') {
      const n = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(n)) throw new UsageError(`${command}: option --${name} expects a number, got ${JSON.stringify(raw)}`);
      out[name] = n;
    } else out[name] = raw;
  }
  for (const [k, s] of Object.entries(spec)) {
    if (out[k] === undefined && s.type !== 'boolean' && !s.optional) throw new UsageError(`${command}: option --${k} is required`);
  }
  return out as Flags<S>;
}

/**
 * The `--help` text of a command: usage line, summary, and one line per flag with its default.
 *
 * @example
 * helpText('ear2face sample', 'Generate faces.', { out: { type: 'string', default: 'faces', help: 'output folder' } });
 */
export function helpText(command: string, summary: string, spec: FlagSpec, usage = `${command} [options]`): string {
  const lines = [`usage: ${usage}`, '', summary, '', 'options:'];
  for (const [k, s] of Object.entries(spec)) {
    const def = s.default !== undefined && s.default !== '' ? ` (default ${s.default})` : '';
    lines.push(`  --${k.padEnd(14)} ${s.help}${def}`);
  }
  return lines.join('\n');
}

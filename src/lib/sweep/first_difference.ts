/** Where two JSON values first differ, for messages such as "base.steps: 200 here, 300 there". */

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const key = (k: string): string => (/^[A-Za-z_$][\w$]*$/.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`);

export interface Difference {
  /** e.g. 'base.steps', 'grid["weights.style"][1]'. */
  path: string;
  /** The values there; undefined = absent. */
  a: unknown;
  b: unknown;
}

/**
 * The first place (in `a`'s key order, then `b`'s) where two JSON values differ, or null when they
 * are equal.
 *
 * @example
 * firstDifference({ base: { steps: 200 } }, { base: { steps: 300 } });   // { path: 'base.steps', a: 200, b: 300 }
 * firstDifference([1, 2], [1, 2]);                                       // null
 */
export function firstDifference(a: unknown, b: unknown, path = ''): Difference | null {
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const d = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  if (isObject(a) && isObject(b)) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const d = firstDifference(a[k], b[k], `${path}${key(k)}`);
      if (d) return d;
    }
    return null;
  }
  return Object.is(a, b) ? null : { path: path.replace(/^\./, '') || '(whole value)', a, b };
}

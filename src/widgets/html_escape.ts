/**
 * Escaping for the two places widget text ends up in notebook HTML: element content or attribute
 * values, and JSON inside a `<script>` element.
 */

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * `text` with `& < > " '` replaced by entities: safe as element content and as a quoted attribute
 * value. Plotly decodes these entities in titles, names and labels, so escaped text also shows
 * literally inside plots instead of being read as plotly's pseudo-HTML (`<b>`, `<a href>`).
 *
 * @example
 * escapeHtml('<script>alert("x")</script>');   // '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'
 */
export function escapeHtml(text: string): string {
  return String(text).replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]);
}

/** Replacer for JSON.stringify: typed arrays become plain arrays (JSON has no typed arrays). */
function plainArrays(_key: string, value: unknown): unknown {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<number>);
  return value;
}

/**
 * `value` as JSON that can sit inside a `<script>` element: `<`, `>`, `&`, U+2028 and U+2029 are
 * written as `\uXXXX` escapes (still the same JSON and JavaScript value), so no string can close
 * the script (`</script>`), open an HTML comment (`<!--`) or end a JavaScript line. NaN and
 * ±Infinity become null (JSON has no such numbers; plotly draws null as a gap); typed arrays
 * become arrays.
 *
 * @example
 * jsonForScript({ name: '</script>', y: [1, NaN] });   // '{"name":"\\u003c/script\\u003e","y":[1,null]}'
 */
export function jsonForScript(value: unknown): string {
  const json = JSON.stringify(value, plainArrays);
  if (json === undefined) throw new Error(`jsonForScript: value ${String(value)} has no JSON form; expected an object, array, string, number, boolean or null`);
  return json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A small HTML well-formedness check for the widget tests (not a parser). */

const VOID_ELEMENTS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);

/**
 * Problems with the tag structure of `html`: unclosed, stray or crossed tags, and a `<script>` or
 * `<style>` whose content holds its own closing tag or `<!--`. Script and style content is
 * skipped otherwise. An empty list means balanced.
 *
 * @example
 * tagProblems('<div><b>x</div>');   // ['</div> closes <b> (opened at 5)', 'unclosed <div>']
 */
export function tagProblems(html: string): string[] {
  const problems: string[] = [];
  const stack: Array<{ name: string; at: number }> = [];
  const tag = /<!--[\s\S]*?-->|<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s=>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?)*)\s*(\/?)>/g;
  let match: RegExpExecArray | null;
  while ((match = tag.exec(html)) !== null) {
    if (match[0].startsWith('<!--')) continue;
    const [, closing, rawName, , selfClosing] = match;
    const name = rawName.toLowerCase();
    if (closing) {
      const top = stack.pop();
      if (!top) problems.push(`stray </${name}> at ${match.index}`);
      else if (top.name !== name) problems.push(`</${name}> closes <${top.name}> (opened at ${top.at})`);
      continue;
    }
    if (VOID_ELEMENTS.has(name) || selfClosing) continue;
    if (name === 'script' || name === 'style') {
      const end = html.toLowerCase().indexOf(`</${name}`, tag.lastIndex);
      if (end < 0) {
        problems.push(`unclosed <${name}> at ${match.index}`);
        break;
      }
      const body = html.slice(tag.lastIndex, end);
      if (body.includes('<!--')) problems.push(`<${name}> at ${match.index} contains <!--`);
      tag.lastIndex = end + name.length + 3;
      continue;
    }
    stack.push({ name, at: match.index });
  }
  for (const open of stack.reverse()) problems.push(`unclosed <${open.name}>`);
  return problems;
}

/**
 * The contents of every `<script>` element in `html`.
 *
 * @example
 * scriptBodies('<p>x</p><script>go()</script>');   // ['go()']
 */
export function scriptBodies(html: string): string[] {
  return [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script\s*>/gi)].map((m) => m[1]);
}

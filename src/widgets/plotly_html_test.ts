import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import * as vm from 'node:vm';
import { FIGURE_SCRIPT_MARKER, figureHtml, plotlyLibraryHtml } from './plotly_html';
import { plotlyLibrary, plotlyPending, resetPlotlyInlining } from './plotly_library';
import { PAGE_LOADER_JS } from './plotly_page_loader';
import { scriptBodies, tagProblems } from './html_test_util';
import type { Figure } from './figure';

const LIBRARY_CALL = '__ear2facePlotly.install(';

/** The figure payload of the drawing script, parsed back from the HTML. */
function payloadOf(html: string): { id: string; figure: Figure; key: string | null } {
  const body = scriptBodies(html).find((b) => b.includes(FIGURE_SCRIPT_MARKER));
  assert.ok(body, 'no drawing script');
  const args = body.slice(body.indexOf(FIGURE_SCRIPT_MARKER) + FIGURE_SCRIPT_MARKER.length, body.lastIndexOf(');'));
  const [id, figure, key] = JSON.parse(`[${args}]`) as [string, Figure, string | null];
  return { id, figure, key };
}

beforeEach(() => resetPlotlyInlining());

test('plotly.js is read from node_modules', () => {
  const lib = plotlyLibrary();
  assert.equal(lib.version, '4.1.2');
  assert.ok(lib.source.length > 1_000_000);
  assert.ok(lib.source.includes('window.Plotly'));
});

test('the first figure carries plotly.js, later ones do not, and again after resetPlotlyInlining', () => {
  const fig: Figure = { data: [{ type: 'scatter', y: [1, 2] }] };
  const first = figureHtml(fig);
  const second = figureHtml(fig);
  assert.ok(first.includes(LIBRARY_CALL));
  assert.ok(first.includes('plotly.js v4.1.2'));
  assert.ok(first.length > 1_000_000);
  assert.ok(!second.includes(LIBRARY_CALL));
  assert.ok(second.length < 20_000);
  resetPlotlyInlining();
  assert.ok(figureHtml(fig).includes(LIBRARY_CALL));
  // 'never' leaves the session flag alone; 'always' carries it regardless.
  resetPlotlyInlining();
  assert.ok(!figureHtml(fig, { includePlotly: 'never' }).includes(LIBRARY_CALL));
  assert.equal(plotlyPending(), true);
  assert.ok(figureHtml(fig, { includePlotly: 'always' }).includes(LIBRARY_CALL));
  assert.ok(figureHtml(fig, { includePlotly: 'always' }).includes(LIBRARY_CALL));
  assert.equal(plotlyPending(), false);
});

test('the library script cannot be closed early by plotly source text', () => {
  const body = scriptBodies(plotlyLibraryHtml())[0];
  // plotly's source holds "<!--" in a regular expression; as escaped JSON it holds no '<' at all.
  assert.ok(plotlyLibrary().source.includes('<!--'));
  const call = body.slice(body.indexOf(LIBRARY_CALL));
  assert.ok(!call.includes('<'));
  assert.ok(!PAGE_LOADER_JS.includes('</') && !PAGE_LOADER_JS.includes('<!--'));
  assert.deepEqual(tagProblems(plotlyLibraryHtml()), []);
});

test('figure HTML is balanced, draws into its own div and escapes every text', () => {
  const evil = '<script>alert(1)</script>';
  const fig: Figure = {
    data: [{ type: 'scatter', name: evil, y: [1, NaN, Infinity, 2] }],
    layout: { title: { text: 'ends </script><!-- here' } },
  };
  const html = figureHtml(fig, { includePlotly: 'never' });
  assert.deepEqual(tagProblems(html), []);
  assert.ok(!html.includes(evil));
  assert.ok(!html.includes('</script><!--'));
  assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'fallback table shows the escaped name');
  const { id, figure, key } = payloadOf(html);
  assert.ok(html.includes(`id="${id}"`));
  assert.equal(key, null);
  assert.equal(figure.data[0].name, evil);
  assert.deepEqual(figure.data[0].y, [1, null, null, 2]);
  assert.equal((figure.layout?.title as { text: string }).text, 'ends </script><!-- here');
  assert.equal(figure.config?.responsive, true);
  // Each output gets a fresh id, so one figure shown twice draws twice.
  assert.notEqual(payloadOf(figureHtml(fig, { includePlotly: 'never' })).id, id);
});

test('fallback and updateKey options', () => {
  const html = figureHtml({ data: [] }, { includePlotly: 'never', fallbackHtml: '<p>custom</p>', updateKey: 'live-1' });
  assert.ok(html.includes('<div class="ear2face-fallback"><p>custom</p></div>'));
  assert.equal(payloadOf(html).key, 'live-1');
  assert.ok(figureHtml({ data: [] }, { includePlotly: 'never' }).includes('no data'));
});

test('figureHtml rejects bad figures and options', () => {
  assert.throws(() => figureHtml(null as unknown as Figure), /figureHtml: figure is null; expected \{ data/);
  assert.throws(() => figureHtml({ traces: [] } as unknown as Figure), /figureHtml: figure has no data array/);
  assert.throws(() => figureHtml({ data: [3] } as unknown as Figure), /figureHtml: figure: data\[0\] is number/);
  assert.throws(() => figureHtml({ data: [], layout: 'x' } as unknown as Figure), /layout is string; expected an object/);
  assert.throws(() => figureHtml({ data: [] }, { includePlotly: 'sometimes' as 'auto' }), /includePlotly is "sometimes"; expected one of auto, always, never/);
  assert.throws(() => figureHtml({ data: [] }, { updateKey: '' }), /updateKey is ""; expected a non-empty string/);
});

/** A fake page: a global `window` with `define` (as in a classic notebook) and script elements that run. */
function fakePage(): vm.Context & Record<string, unknown> {
  const context = vm.createContext({ console, setTimeout, clearTimeout, setInterval, clearInterval, Date }) as vm.Context & Record<string, unknown>;
  const amd = function define() {
    context.amdCalls = ((context.amdCalls as number) ?? 0) + 1;
  } as unknown as Record<string, unknown>;
  amd.amd = {};
  const head = {
    appendChild(node: { text: string; parentNode?: unknown }) {
      node.parentNode = head;
      vm.runInContext(node.text, context);
    },
    removeChild() {},
  };
  context.window = context;
  context.define = amd;
  context.document = { head, createElement: () => ({ text: '' }), getElementById: () => null };
  return context;
}

test('the page loader hides AMD define while plotly.js runs and restores it after', () => {
  const page = fakePage();
  const originalDefine = page.define;
  vm.runInContext(PAGE_LOADER_JS, page);
  vm.runInContext(PAGE_LOADER_JS, page); // a second copy is a no-op
  const source = `
    window.sawDefine = typeof define + '/' + typeof window.define + '/' + typeof module;
    if (typeof define === 'function' && define.amd) { define([], function () { return {}; }); }
    else { window.Plotly = { react: function () { return Promise.resolve(); } }; }`;
  vm.runInContext(`window.__ear2facePlotly.install('test', ${JSON.stringify(source)})`, page);
  assert.equal(page.sawDefine, 'undefined/undefined/undefined');
  assert.equal(page.amdCalls, undefined);
  assert.equal(typeof (page.Plotly as { react: unknown }).react, 'function');
  assert.equal(page.define, originalDefine);
});

test('the page loader leaves no define behind when the page had none', () => {
  const page = fakePage();
  delete page.define;
  vm.runInContext(PAGE_LOADER_JS, page);
  vm.runInContext(`window.__ear2facePlotly.install('test', "window.Plotly = { react: function () {} };")`, page);
  assert.equal(Object.prototype.hasOwnProperty.call(page, 'define'), false);
  assert.ok(page.Plotly);
});

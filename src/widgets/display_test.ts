import { test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { type DisplayBackend, liveDisplay, setDisplayBackend, show } from './display';
import { FIGURE_SCRIPT_MARKER, figureHtml } from './plotly_html';
import { resetPlotlyInlining } from './plotly_library';
import type { Figure } from './figure';

const LIBRARY_CALL = '__ear2facePlotly.install(';

interface Shown {
  output: string;
  html: string;
  summary: string;
  final?: boolean;
}

/** A rich backend that records what each output receives. */
function recordingBackend(): { backend: DisplayBackend; shown: Shown[] } {
  const shown: Shown[] = [];
  let outputs = 0;
  const backend: DisplayBackend = {
    rich: true,
    display: { show: (html, summary) => shown.push({ output: 'display', html, summary }) },
    newDisplay() {
      const name = `live${++outputs}`;
      return { show: (html, summary, final) => shown.push({ output: name, html, summary, final }) };
    },
  };
  return { backend, shown };
}

/** Runs `fn` with stdout captured. */
function captureStdout(fn: () => void): string {
  const write = process.stdout.write;
  let text = '';
  process.stdout.write = ((chunk: string | Uint8Array) => {
    text += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  try {
    fn();
  } finally {
    process.stdout.write = write;
  }
  return text;
}

const FIGURE: Figure = { data: [{ type: 'scatter', name: 'g/l1', y: [0.8, 0.4] }], layout: { title: 'losses' } };

beforeEach(() => resetPlotlyInlining());
afterEach(() => setDisplayBackend(null));

test('outside a notebook show prints one line of text', () => {
  const out = captureStdout(() => {
    show(FIGURE);
    show('<p>training <b>done</b> &amp; saved</p><script>ignored()</script>');
  });
  assert.equal(out, 'figure "losses": 1 trace; g/l1 = 0.4\ntraining done & saved\n');
});

test('show sends figure HTML to the notebook, with plotly.js only the first time', () => {
  const { backend, shown } = recordingBackend();
  setDisplayBackend(backend);
  show(FIGURE);
  show(FIGURE);
  assert.equal(shown.length, 2);
  assert.ok(shown[0].html.includes(LIBRARY_CALL));
  assert.ok(!shown[1].html.includes(LIBRARY_CALL));
  assert.ok(shown[1].html.includes(FIGURE_SCRIPT_MARKER));
  assert.equal(shown[1].summary, 'figure "losses": 1 trace; g/l1 = 0.4');
});

test('show puts plotly.js in front of HTML holding a figure built without it', () => {
  const { backend, shown } = recordingBackend();
  setDisplayBackend(backend);
  const html = `<h3>run</h3>${figureHtml(FIGURE, { includePlotly: 'never' })}`;
  show(html);
  show(html);
  show('<p>no figure</p>');
  assert.ok(shown[0].html.startsWith('<script>') && shown[0].html.includes(LIBRARY_CALL) && shown[0].html.endsWith(html));
  assert.equal(shown[1].html, html);
  assert.equal(shown[2].html, '<p>no figure</p>');
});

test('liveDisplay overwrites one output and sends plotly.js once, in a separate output', () => {
  const { backend, shown } = recordingBackend();
  setDisplayBackend(backend);
  const live = liveDisplay();
  live.update(FIGURE);
  live.update({ data: [{ type: 'scatter', name: 'g/l1', y: [0.8, 0.4, 0.2] }] }, { final: true });
  assert.deepEqual(shown.map((s) => s.output), ['display', 'live1', 'live1']);
  assert.ok(shown[0].html.includes(LIBRARY_CALL) && !shown[0].html.includes(FIGURE_SCRIPT_MARKER));
  assert.ok(!shown[1].html.includes(LIBRARY_CALL) && !shown[2].html.includes(LIBRARY_CALL));
  assert.equal(shown[2].final, true);
  // Both updates draw into one graph div: the same update key.
  const key = (html: string) => html.slice(html.lastIndexOf(', ') + 2, html.lastIndexOf(');'));
  assert.match(key(shown[1].html), /^"ear2face-live-[0-9a-f]{12}"$/);
  assert.equal(key(shown[1].html), key(shown[2].html));
  // A second live display has its own output and key, and plotly.js is not sent again.
  const other = liveDisplay();
  other.update(FIGURE);
  assert.equal(shown[3].output, 'live2');
  assert.notEqual(key(shown[3].html), key(shown[1].html));
});

test('text-mode liveDisplay prints at most every 2 s but always the final update', () => {
  const out = captureStdout(() => {
    const live = liveDisplay();
    live.update('<p>step 1</p>');
    live.update('<p>step 2</p>');
    live.update('<p>step 3</p>', { final: true });
  });
  assert.equal(out, 'step 1\nstep 3\n');
});

test('show, liveDisplay and setDisplayBackend reject bad arguments', () => {
  assert.throws(() => show(42 as unknown as string), /show: content is number; expected an HTML string or a plotly figure/);
  assert.throws(() => show({ data: [null] } as unknown as Figure), /show: content: data\[0\] is null/);
  assert.throws(() => liveDisplay().update(undefined as unknown as string), /liveDisplay.update: content is undefined/);
  assert.throws(() => setDisplayBackend({} as DisplayBackend), /setDisplayBackend: backend is object; expected \{ rich, display/);
});

// Opens exported notebook HTML in headless Chromium: the page must raise no errors, fetch nothing
// from outside, show every output image and draw every plot the widgets emitted (divs with class
// `ear2face-plot`; a parallel-coordinates plot counts once its axes exist and its WebGL line canvas
// holds pixels).
import { pathToFileURL } from 'node:url';
import { existsSync } from 'node:fs';
import { chromium as chromiumPath } from './jupyter-env.mjs';

/**
 * Flags for Chromium on a closed network (without the networking ones its connections are
 * refused) and without a GPU: WebGL (plotly's parcoords lines) runs on SwiftShader, the software
 * renderer Chromium ships, which it no longer falls back to by itself.
 */
const chromiumArgs = [
  '--headless', '--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/**
 * Assets nbconvert's HTML template loads from Debian's packages; a missing one (e.g. MathJax when
 * libjs-mathjax is not installed) only degrades the page, so it is noted rather than failed.
 */
const templateAssetPrefix = 'file:///usr/share/javascript/';

const plotWaitMs = Number(process.env.EAR2FACE_PLOT_WAIT_MS ?? 60000);

export async function launchBrowser() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
}

/**
 * Per plot div: does it hold a plotly graph, its SVG, and how much is drawn: SVG traces or
 * heatmaps, or for a parallel-coordinates plot (drawn with WebGL) its axes and the coloured
 * pixels of its line canvases, read back from the canvases (an empty canvas means WebGL failed).
 * Runs in the page.
 */
function plotStates() {
  function linePixels(graph) {
    let count = 0;
    for (const canvas of graph.querySelectorAll('canvas.gl-canvas-context, canvas.gl-canvas-focus')) {
      if (!canvas.width || !canvas.height) continue;
      const copy = document.createElement('canvas');
      copy.width = canvas.width;
      copy.height = canvas.height;
      const ctx = copy.getContext('2d');
      ctx.drawImage(canvas, 0, 0);
      const pixels = ctx.getImageData(0, 0, copy.width, copy.height).data;
      for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) count++;
    }
    return count;
  }
  return [...document.querySelectorAll('.ear2face-plot')].map((div, index) => {
    const graph = div.classList.contains('js-plotly-plot') ? div : div.querySelector('.js-plotly-plot');
    const base = {
      index, id: div.id || null, plotly: Boolean(graph), svg: Boolean(graph?.querySelector('.main-svg')),
      webgl: Boolean(graph?.querySelector('canvas.gl-canvas')),
    };
    const parcoordsAxes = graph ? graph.querySelectorAll('.main-svg g.parcoords g.y-axis').length : 0;
    if (parcoordsAxes > 0) {
      const pixels = linePixels(graph);
      return { ...base, kind: 'parcoords', axes: parcoordsAxes, linePixels: pixels, drawn: pixels > 0 ? parcoordsAxes : 0 };
    }
    const drawn = graph ? graph.querySelectorAll('.main-svg g.trace, .main-svg g.hm').length : 0;
    return { ...base, kind: 'svg', drawn };
  });
}

/** True once every plot div counts as drawn (see plotStates); evaluated in the page. */
const allPlotsDrawn = `(${plotStates.toString()})().every((s) => s.svg && s.drawn > 0)`;

/**
 * Loads `htmlPath`, waits for the plots, screenshots the full page to `screenshotPath`.
 * Resolves to { errors: string[], notes: string[], plots: { found, rendered, states } }.
 */
export async function checkPage(browser, htmlPath, screenshotPath) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  const notes = [];
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const url = m.location()?.url ?? '';
    if (url.startsWith(templateAssetPrefix) && !existsSync(decodeURIComponent(new URL(url).pathname))) {
      notes.push(`template asset missing (page works without it): ${url}`);
    } else {
      errors.push(`console error: ${m.text()}${url ? ` (${url})` : ''}`);
    }
  });
  page.on('requestfailed', (r) => {
    if (!r.url().startsWith(templateAssetPrefix)) errors.push(`request failed: ${r.url()} (${r.failure()?.errorText})`);
  });
  page.on('request', (r) => {
    if (!/^(file|data|blob|about):/.test(r.url())) errors.push(`page fetched ${r.url()}; outputs must work offline`);
  });

  await page.goto(pathToFileURL(htmlPath).href, { waitUntil: 'load' });
  const done = await page
    .waitForFunction(allPlotsDrawn, undefined, { timeout: plotWaitMs, polling: 200 })
    .then(() => true, () => false);
  // Errors raised just after the last plot drew still count.
  await page.waitForTimeout(300);
  const states = await page.evaluate(plotStates);
  const brokenImages = await page.evaluate(() =>
    [...document.querySelectorAll('.jp-OutputArea img')].filter((img) => !(img.complete && img.naturalWidth > 0)).length);
  if (brokenImages > 0) errors.push(`${brokenImages} output image(s) did not load`);
  const rendered = states.filter((s) => s.svg && s.drawn > 0).length;
  if (!done) notes.push(`plots still not drawn after ${plotWaitMs} ms`);
  for (const s of states) {
    if (!(s.svg && s.drawn > 0)) {
      errors.push(`plot ${s.index}${s.id ? ` (#${s.id})` : ''} did not render: ` +
        (!s.plotly ? 'no plotly graph in the div' : !s.svg ? 'no .main-svg'
          : s.kind === 'parcoords' ? 'parallel-coordinates axes drawn but its line canvas is empty (WebGL unavailable?)'
          : s.webgl ? 'nothing drawn in a WebGL plot (WebGL unavailable?)' : 'no drawn trace'));
    }
  }
  await page.screenshot({ path: screenshotPath, fullPage: true });
  await context.close();
  return { errors, notes, plots: { found: states.length, rendered, states } };
}

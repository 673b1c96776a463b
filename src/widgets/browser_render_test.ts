/**
 * Renders widget HTML in headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core;
 * no browser is downloaded) and checks that plotly draws, updates in place, finds plotly.js again
 * after a reload, that the static fallbacks show without scripts, and that the sweep dashboard's
 * WebGL parallel coordinates, dropdowns and trial picker work. Saves screenshots to
 * test-artifacts/widgets.png and test-artifacts/sweep-dashboard.png.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createRgb } from '../lib/data/image_io';
import { figureHtml } from './plotly_html';
import { resetPlotlyInlining } from './plotly_library';
import { lossCurvesFigure } from './loss_curves';
import { lossSummaryTable } from './loss_summary';
import { gramHeatmapFigure } from './gram_heatmap';
import { sampleGridHtml, sampleGridPng } from './sample_grid';
import { fakeRecords } from './loss_test_records';
import { sweepDashboardHtml } from './sweep_dashboard';
import { writeDemoSweep } from './sweep_dashboard_test_util';

const CHROMIUM = process.env.EAR2FACE_CHROMIUM ?? '/usr/bin/chromium';
// Without the networking flags Chromium's background connections fail in a closed network; WebGL
// (the parallel-coordinates lines) runs on Chromium's software renderer, SwiftShader.
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const ORIGIN = 'http://widgets.test';
const ARTIFACTS = join(process.cwd(), 'test-artifacts');
const EVIL = '<script>alert(1)</script>';

let browser: Browser;
/** Pages served at ORIGIN/<name> in the shared context (tests 1–3 share it, so plotly.js loads twice, not four times). */
const served: Record<string, string> = {};
let shared: BrowserContext;
let main: { page: Page; errors: string[] };

before(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`browser_render_test: no Chromium at ${CHROMIUM}; install it with \`apt-get install chromium\` (or set EAR2FACE_CHROMIUM to a Chromium binary). This test needs a browser and never downloads one.`);
  }
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  shared = await serve(served);
});

after(async () => {
  await shared?.close();
  await browser?.close();
});

function page(body: string, head = ''): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>widgets</title>${head}</head><body style="margin:16px;width:1000px">${body}</body></html>`;
}

/** A context whose pages at ORIGIN/<name> are served from `pages` (nothing goes to the network). */
async function serve(pages: Record<string, string>, options: { javaScriptEnabled?: boolean } = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, ...options });
  await context.route(`${ORIGIN}/**`, (route) => {
    const name = new URL(route.request().url()).pathname.slice(1);
    const body = pages[name];
    return body === undefined ? route.fulfill({ status: 404, body: 'not found' }) : route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body });
  });
  return context;
}

/** Opens `name` and collects page errors and dialogs (an alert would mean injected script ran). */
async function open(context: BrowserContext, name: string): Promise<{ page: Page; errors: string[] }> {
  const p = await context.newPage();
  const errors: string[] = [];
  p.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  p.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  p.on('dialog', (d) => {
    errors.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  await p.goto(`${ORIGIN}/${name}`);
  return { page: p, errors };
}

async function waitForPlots(p: Page, count: number): Promise<void> {
  await p.waitForFunction((n) => document.querySelectorAll('.ear2face-plot .main-svg').length >= n, count, { timeout: 20_000 });
}

test('loss curves, Gram heatmaps and the sample slider render in Chromium', async () => {
  resetPlotlyInlining();
  const runs = { baseline: fakeRecords(40), [EVIL]: fakeRecords(40, 1.5) };
  const loss = figureHtml(lossCurvesFigure(runs, { title: 'losses' }), { fallbackHtml: lossSummaryTable(runs) });
  const target = [[4, 0, 3.5, 0], [0, 1, 0, 0.9], [3.5, 0, 4, 0], [0, 0.9, 0, 1]];
  const generated = target.map((row, i) => row.map((v, j) => v * 0.8 + (i === j ? 0.3 : 0.1)));
  const gram = figureHtml(gramHeatmapFigure({ generated, target, layer: 'conv </script> 1' }));
  const grids = [];
  for (const [step, fill] of [[100, -1], [200, 0], [300, 1]] as const) {
    grids.push({ step, png: await sampleGridPng([{ ear: createRgb(16, 16, fill), generated: createRgb(16, 16, [fill, -1, -1]), real: createRgb(16, 16, [-1, -1, fill]) }]) });
  }
  const samples = sampleGridHtml(grids, { title: 'samples <held-out>' });
  // A classic-notebook-like page: an AMD loader is present while plotly.js loads.
  const amd = '<script>window.define = function () { window.amdUsed = true; }; window.define.amd = {};</script>';
  served.main = page(`<div id="out1">${loss}</div><div id="out2">${gram}</div><div id="out3">${samples}</div><div id="output"></div>`, amd);
  main = await open(shared, 'main');
  const { page: p, errors } = main;
  await waitForPlots(p, 2);

  const facts = await p.evaluate(() => {
    const [lossDiv, gramDiv] = Array.from(document.querySelectorAll('.ear2face-figure'));
    const w = window as unknown as { amdUsed?: boolean; define?: { amd?: unknown }; Plotly?: unknown };
    const define = w.define as unknown;
    return {
      lossTraces: lossDiv.querySelectorAll('.scatterlayer .trace').length,
      lossPaths: lossDiv.querySelectorAll('.scatterlayer .trace path.js-line').length,
      legend: lossDiv.querySelector('.legend')?.textContent ?? '',
      gramImages: gramDiv.querySelectorAll('.heatmaplayer image, .hm image').length,
      gramTitle: gramDiv.querySelector('.gtitle')?.textContent ?? '',
      fallbackShown: Array.from(document.querySelectorAll('.ear2face-fallback')).map((f) => getComputedStyle(f).display !== 'none'),
      injectedScripts: document.querySelectorAll('script').length,
      amdUsed: w.amdUsed === true,
      defineRestored: typeof define === 'function' && (define as { amd?: unknown }).amd !== undefined,
      plotly: typeof w.Plotly,
    };
  });
  assert.deepEqual(errors, []);
  assert.ok(facts.lossTraces >= 16, `${facts.lossTraces} loss traces drawn`);
  assert.ok(facts.lossPaths >= 16, `${facts.lossPaths} loss lines drawn`);
  assert.ok(facts.legend.includes(EVIL), 'the legend shows the run name literally');
  assert.equal(facts.gramImages, 3);
  assert.ok(facts.gramTitle.includes('conv </script> 1'));
  assert.deepEqual(facts.fallbackShown, [false, false]);
  assert.equal(facts.amdUsed, false);
  assert.equal(facts.defineRestored, true);
  assert.equal(facts.plotly, 'object');

  // The log-y button switches both subplots.
  await p.locator('#out1 .updatemenu-button').nth(1).click();
  await p.waitForFunction(() => {
    const gd = document.querySelector('#out1 .ear2face-plot > div') as unknown as { _fullLayout?: { yaxis: { type: string }; yaxis2: { type: string } } };
    return gd._fullLayout?.yaxis.type === 'log' && gd._fullLayout?.yaxis2.type === 'log';
  });

  // The slider shows the chosen step.
  const slider = p.locator('#out3 input[type=range]');
  assert.equal(await slider.isVisible(), true);
  const visibleStep = () => p.evaluate(() => Array.from(document.querySelectorAll('#out3 img')).filter((i) => (i as HTMLElement).style.display !== 'none').map((i) => i.getAttribute('data-step')));
  assert.deepEqual(await visibleStep(), ['300']);
  await slider.fill('0');
  assert.deepEqual(await visibleStep(), ['100']);
  assert.equal(await p.locator('#out3 .ear2face-samples-step').textContent(), 'step 100');

  mkdirSync(ARTIFACTS, { recursive: true });
  await p.screenshot({ path: join(ARTIFACTS, 'widgets.png'), fullPage: true });
  assert.deepEqual(errors, []);
});

test('updates with one updateKey redraw the same graph div in place', async () => {
  assert.ok(main, 'needs the page of the first test');
  const html = (n: number) => figureHtml(lossCurvesFigure({ run: fakeRecords(n) }), { includePlotly: 'never', updateKey: 'live-1' });
  const { page: p, errors } = main;
  // Replaces the output's content the way a notebook front end does: new nodes, scripts re-created so they run.
  const replace = (content: string) =>
    p.evaluate((c) => {
      const old = document.getElementById('output') as HTMLElement;
      const next = document.createElement('div');
      next.innerHTML = c;
      for (const s of Array.from(next.querySelectorAll('script'))) {
        const run = document.createElement('script');
        run.text = s.text;
        s.replaceWith(run);
      }
      old.removeAttribute('id');
      next.id = 'output';
      old.after(next);
      old.remove();
    }, content);
  await replace(html(5));
  await waitForPlots(p, 3);
  await p.evaluate(() => {
    (document.querySelector('#output .ear2face-plot > div') as unknown as { marker: number }).marker = 7;
  });
  await replace(html(30));
  await p.waitForFunction(() => {
    const gd = document.querySelector('#output .ear2face-plot > div') as unknown as { data?: Array<{ x: number[] }> } | null;
    return gd?.data?.[0]?.x.length === 30;
  });
  const marker = await p.evaluate(() => (document.querySelector('#output .ear2face-plot > div') as unknown as { marker?: number }).marker);
  assert.equal(marker, 7, 'the graph div moved into the new output');
  assert.equal(await p.locator('#output .main-svg').count() > 0, true);
  assert.equal(await p.locator('.ear2face-plot .main-svg').count() > 0, true);
  assert.deepEqual(errors, []);
});

test('a reloaded page finds plotly.js in IndexedDB when the output that carried it is gone', async () => {
  assert.ok(main, 'needs the page of the first test (it carried plotly.js)');
  served.later = page(figureHtml({ data: [{ type: 'bar', y: [2, 1] }] }, { includePlotly: 'never' }));
  // Wait until the first page has stored its copy.
  await main.page.waitForFunction(
    () =>
      new Promise<boolean>((resolve) => {
        const req = indexedDB.open('ear2face-widgets', 1);
        req.onsuccess = () => {
          const db = req.result;
          const get = db.transaction('libraries').objectStore('libraries').get('plotly');
          get.onsuccess = () => {
            db.close();
            resolve(typeof get.result?.source === 'string');
          };
        };
      }),
    undefined,
    { timeout: 10_000 },
  );
  await main.page.close();
  const later = await open(shared, 'later');
  await waitForPlots(later.page, 1);
  assert.equal(await later.page.locator('.ear2face-plot .barlayer .trace').count(), 1);
  assert.deepEqual([...main.errors, ...later.errors], []);
});

test('without plotly.js the fallback stays and a note says how to get it back', async () => {
  resetPlotlyInlining();
  const html = figureHtml({ data: [{ type: 'scatter', name: 'g/l1', y: [0.5, 0.25] }] }, { includePlotly: 'never' });
  const context = await serve({ bare: page(html) });
  const { page: p, errors } = await open(context, 'bare');
  await p.locator('.ear2face-status').waitFor({ state: 'visible', timeout: 10_000 });
  assert.match((await p.locator('.ear2face-status').textContent()) ?? '', /resetPlotlyInlining\(\)/);
  assert.match((await p.locator('.ear2face-fallback').textContent()) ?? '', /g\/l1.*0\.25/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('with scripts off the static fallbacks show', async () => {
  resetPlotlyInlining();
  const runs = { baseline: fakeRecords(3) };
  const loss = figureHtml(lossCurvesFigure(runs), { includePlotly: 'never', fallbackHtml: lossSummaryTable(runs) });
  const png = await sampleGridPng([{ ear: createRgb(8, 8), generated: createRgb(8, 8), real: createRgb(8, 8) }]);
  const samples = sampleGridHtml([{ step: 1, png }, { step: 2, png }]);
  const context = await serve({ static: page(loss + samples) }, { javaScriptEnabled: false });
  const p = await context.newPage();
  await p.goto(`${ORIGIN}/static`);
  assert.equal(await p.locator('.ear2face-fallback table').isVisible(), true);
  assert.match((await p.locator('.ear2face-fallback').innerText()) ?? '', /baseline\s+g\/l1\s+3/);
  assert.equal(await p.locator('.ear2face-status').isVisible(), false);
  assert.equal(await p.locator('input[type=range]').isVisible(), false);
  assert.deepEqual(await p.locator('img').evaluateAll((imgs) => imgs.map((i) => (i as HTMLElement).style.display !== 'none')), [false, true]);
  await context.close();
});

test('the sweep dashboard draws its parallel coordinates with WebGL, and its dropdowns and picker work', async () => {
  resetPlotlyInlining();
  const sweep = await writeDemoSweep();
  const context = await serve({ dashboard: page(sweepDashboardHtml(sweep)) });
  const { page: p, errors } = await open(context, 'dashboard');
  await waitForPlots(p, 2);
  // The lines are drawn into WebGL canvases: count their coloured pixels (none when WebGL is unavailable).
  const linePixels = () =>
    p.evaluate(() => {
      let count = 0;
      for (const canvas of Array.from(document.querySelectorAll<HTMLCanvasElement>('.ear2face-plot canvas.gl-canvas-focus'))) {
        const copy = document.createElement('canvas');
        copy.width = canvas.width;
        copy.height = canvas.height;
        const ctx = copy.getContext('2d') as CanvasRenderingContext2D;
        ctx.drawImage(canvas, 0, 0);
        const data = ctx.getImageData(0, 0, copy.width, copy.height).data;
        for (let i = 3; i < data.length; i += 4) if (data[i] > 0) count++;
      }
      return count;
    });
  await p.waitForFunction(() => document.querySelectorAll('.ear2face-plot g.parcoords g.y-axis').length === 7, undefined, { timeout: 20_000 });
  assert.ok((await linePixels()) > 500, 'the parallel-coordinates lines are drawn');
  const axisTitles = await p.locator('.ear2face-plot g.parcoords text.axis-title').allTextContents();
  assert.deepEqual(axisTitles, ['λ feature', 'λ style', 'PSNR (dB)', 'SSIM', 'identity cosine', 'Rank-1', 'Rank-10']);
  const ticks = await p.locator('.ear2face-plot g.parcoords g.y-axis').first().locator('g.tick text').allTextContents();
  assert.deepEqual(ticks, ['off', '100']);

  type Graph = { _fullData: Array<{ line?: { color: number[]; colorbar: { title: { text: string } } }; visible?: unknown; y?: number[] }> };
  const graphs = p.locator('.ear2face-plot > div');
  const lineColor = () => graphs.nth(0).evaluate((gd) => { const line = (gd as unknown as Graph)._fullData[0].line!; return { color: Array.from(line.color), title: line.colorbar.title.text }; });
  assert.deepEqual(await lineColor(), { color: [0.2, 0.4, 0.2, 0.6], title: 'Rank-1' });
  // The colour dropdown: open it, pick SSIM.
  await graphs.nth(0).locator('.updatemenu-header-group').click();
  await graphs.nth(0).locator('.updatemenu-dropdown-button', { hasText: 'colour: SSIM' }).click();
  await p.waitForFunction(() => ((document.querySelector('.ear2face-plot > div') as unknown as Graph)._fullData[0].line!.colorbar.title.text === 'SSIM'));
  assert.deepEqual(await lineColor(), { color: [0.3, 0.32, 0.34, 0.36], title: 'SSIM' });
  assert.ok((await linePixels()) > 500, 'still drawn after recolouring');

  // The loss curves: five trials; the term dropdown switches every trace; a legend click hides one trial.
  const losses = graphs.nth(1);
  assert.equal(await losses.locator('.scatterlayer .trace').count(), 5);
  await losses.locator('.updatemenu-header-group').first().click();
  await losses.locator('.updatemenu-dropdown-button', { hasText: 'g/l1' }).click();
  await p.waitForFunction(() => (document.querySelectorAll('.ear2face-plot > div')[1] as unknown as Graph)._fullData[0].y?.[0] === 0.5);
  await losses.locator('.legend .traces').first().click();
  await p.waitForFunction(() => (document.querySelectorAll('.ear2face-plot > div')[1] as unknown as Graph)._fullData[0].visible === 'legendonly');

  // The sample picker starts on the best trial by Rank-1 and switches pictures.
  const picker = p.locator('.ear2face-picker');
  const visible = () => picker.locator('img').evaluateAll((imgs) => imgs.filter((i) => (i as HTMLElement).style.display !== 'none').map((i) => i.getAttribute('data-choice')));
  assert.deepEqual(await visible(), ['trial-003']);
  assert.equal(await picker.locator('select').isVisible(), true);
  await picker.locator('select').selectOption('trial-000');
  assert.deepEqual(await visible(), ['trial-000']);
  assert.equal(await picker.locator('.ear2face-picker-caption').textContent(), 'trial-000 (λ feature 0, λ style 0) · done · step 20');
  assert.equal(await p.locator('.ear2face-sweep-unfinished img').count(), 0, 'the failure log line is text');

  mkdirSync(ARTIFACTS, { recursive: true });
  await p.screenshot({ path: join(ARTIFACTS, 'sweep-dashboard.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});

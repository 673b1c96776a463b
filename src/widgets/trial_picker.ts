/**
 * A picture per choice with a drop-down list to pick one: static HTML (every picture inline as a
 * PNG data URI) and a tiny script that shows the list and swaps the pictures. Without scripts the
 * list stays hidden and the selected picture shows.
 */
import { escapeHtml, jsonForScript } from './html_escape';
import { uniqueId } from './plotly_html';
import { pngSize } from './sample_grid';

/** One choice of the picker. */
export interface PickerChoice {
  /** The option's value (unique). */
  value: string;
  /** The option's text in the list (plain text). */
  label: string;
  /** Shown above the picture while it is chosen (plain text). */
  caption: string;
  png: Uint8Array;
}

/** Options of {@link trialPickerHtml}. */
export interface TrialPickerOptions {
  /** The value shown first; default the first choice. */
  selected?: string;
  /** Heading (plain text). */
  title?: string;
  /** Text before the list (plain text); default 'trial'. */
  listLabel?: string;
}

const PICKER_SCRIPT = `(function (id) {
  var tries = 0;
  (function attempt() {
    var root = document.getElementById(id);
    if (!root) { if (++tries < 400) setTimeout(attempt, 50); return; }
    var select = root.querySelector('select'), caption = root.querySelector('.ear2face-picker-caption');
    var images = root.querySelectorAll('img[data-choice]');
    if (!select) return;
    root.querySelector('.ear2face-picker-controls').style.display = '';
    select.addEventListener('change', function () {
      for (var i = 0; i < images.length; i++) {
        var on = images[i].getAttribute('data-choice') === select.value;
        images[i].style.display = on ? '' : 'none';
        if (on) caption.textContent = images[i].getAttribute('data-caption');
      }
    });
  })();
})`;

/**
 * The choices as one HTML block: a `<select>` (shown by a small script) and one inline PNG per
 * choice, the selected one visible, drawn at a whole-number zoom (pixelated) of at least 384 px
 * wide. All text is escaped.
 *
 * @example
 * show(trialPickerHtml([{ value: 'trial-000', label: 'trial-000 (λ style 0)', caption: 'step 60', png }], { title: 'samples' }));
 */
export function trialPickerHtml(choices: readonly PickerChoice[], options: TrialPickerOptions = {}): string {
  if (!Array.isArray(choices) || choices.length === 0) throw new Error(`trialPickerHtml: choices is ${Array.isArray(choices) ? 'empty' : typeof choices}; expected at least one { value, label, caption, png }`);
  const values = choices.map((c) => c.value);
  if (new Set(values).size !== values.length) throw new Error(`trialPickerHtml: choice values ${JSON.stringify(values)} repeat; expected each once`);
  const selected = options.selected ?? values[0];
  if (!values.includes(selected)) throw new Error(`trialPickerHtml: selected is ${JSON.stringify(selected)}; expected one of ${values.join(', ')}`);
  const id = uniqueId('ear2face-picker');
  const chosen = choices.find((c) => c.value === selected)!;
  const optionTags = choices.map((c) => `<option value="${escapeHtml(c.value)}"${c.value === selected ? ' selected' : ''}>${escapeHtml(c.label)}</option>`);
  const images = choices.map((c, i) => {
    const { width, height } = pngSize(c.png, `trialPickerHtml: choices[${i}].png`);
    const scale = Math.min(4, Math.max(1, Math.ceil(384 / width)));
    const src = `data:image/png;base64,${Buffer.from(c.png.buffer, c.png.byteOffset, c.png.byteLength).toString('base64')}`;
    const style = `${c.value === selected ? '' : 'display:none;'}image-rendering:pixelated;max-width:100%`;
    return `<img data-choice="${escapeHtml(c.value)}" data-caption="${escapeHtml(c.caption)}" width="${width * scale}" height="${height * scale}" style="${style}" alt="${escapeHtml(c.label)}" src="${src}">`;
  });
  const title = options.title ? `<div style="font-weight:bold">${escapeHtml(options.title)}</div>` : '';
  return (
    `<div class="ear2face-picker" id="${id}" style="font:13px sans-serif">` +
    title +
    `<div class="ear2face-picker-controls" style="display:none;margin:4px 0"><label>${escapeHtml(options.listLabel ?? 'trial')} <select>${optionTags.join('')}</select></label></div>` +
    `<div class="ear2face-picker-caption" style="color:#555">${escapeHtml(chosen.caption)}</div>` +
    `<div>${images.join('')}</div>` +
    `</div>` +
    `<script>${PICKER_SCRIPT}(${jsonForScript(id)});</script>`
  );
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HAIR_COLOURS, IDENTITY_PARAMETERS, identityFor, type SyntheticIdentity } from './identity';
import { earHeight, earJitterFor, NO_EAR_JITTER, randomEarJitter, renderEar } from './render_ear';
import { faceHalfWidth, faceJitterFor, NO_FACE_JITTER, randomFaceJitter, renderFace } from './render_face';
import { renderSyntheticPair, syntheticPairs } from './pair';
import { sessionBrightness, STREAM, streamFor } from './seeds';
import { skinColour } from './palette';
import type { RgbImage } from '../image_io';

const meanAbs = (a: Float32Array, b: Float32Array) => a.reduce((s, v, i) => s + Math.abs(v - b[i]), 0) / a.length;

/** The same identity with one parameter moved well away from its value (or to the next name). */
function changed(id: SyntheticIdentity, name: keyof SyntheticIdentity): SyntheticIdentity {
  const spec = IDENTITY_PARAMETERS.find((p) => p.name === name)!;
  const v = id[name];
  const next = spec.values === 'unit' ? ((v as number) < 0.5 ? (v as number) + 0.45 : (v as number) - 0.45) : spec.values[(spec.values.indexOf(v as string) + 1) % spec.values.length];
  return { ...id, [name]: next } as SyntheticIdentity;
}

/** Share of the picture a mask covers (masks are white on black). */
const coverage = (mask: RgbImage) => mask.data.reduce((s, v, i) => (i % 3 === 0 ? s + (v + 1) / 2 : s), 0) / (mask.width * mask.height);

/** How many mask pixels of row `y` are on. */
const rowWidth = (mask: RgbImage, y: number) => {
  let n = 0;
  for (let x = 0; x < mask.width; x++) n += (mask.data[(y * mask.width + x) * 3] + 1) / 2;
  return n;
};

test('the same (seed, subject, picture) renders the same pixels; other seeds and subjects differ', () => {
  const a = renderSyntheticPair(4, 2, 1, 64);
  const b = renderSyntheticPair(4, 2, 1, 64);
  assert.deepEqual(a.ear.data, b.ear.data);
  assert.deepEqual(a.face.data, b.face.data);
  const otherSeed = renderSyntheticPair(5, 2, 1, 64);
  assert.ok(meanAbs(a.ear.data, otherSeed.ear.data) > 0.02 && meanAbs(a.face.data, otherSeed.face.data) > 0.02);
  // Two pictures of one person differ by jitter only: less than pictures of different people.
  const samePerson = renderSyntheticPair(4, 2, 0, 64);
  let closer = 0;
  for (let s = 3; s < 13; s++) {
    const other = renderSyntheticPair(4, s, 1, 64);
    if (meanAbs(a.face.data, samePerson.face.data) < meanAbs(a.face.data, other.face.data)) closer++;
  }
  assert.ok(closer >= 8, `the same person was closer than ${closer} of 10 others`);
});

test('sizes 64, 128 and 256 render in [-1, 1], and the small picture is the big one seen smaller', () => {
  const id = identityFor(2, 6);
  const pictures = [64, 128, 256].map((size) => ({ size, ear: renderEar(id, size, earJitterFor(2, 6, 0)), face: renderFace(id, size, faceJitterFor(2, 6, 0)) }));
  for (const { size, ear, face } of pictures) {
    for (const img of [ear, face]) {
      assert.equal(img.width, size);
      assert.equal(img.data.length, size * size * 3);
      assert.ok(img.data.every((v) => v >= -1 && v <= 1));
    }
  }
  // Box-filtering the 256² picture to 64² gives nearly the 64² picture: edges are anti-aliased.
  for (const kind of ['ear', 'face'] as const) {
    const big = pictures[2][kind];
    const small = pictures[0][kind];
    const reduced = new Float32Array(64 * 64 * 3);
    for (let y = 0; y < 256; y++) for (let x = 0; x < 256; x++) for (let c = 0; c < 3; c++) reduced[((y >> 2) * 64 + (x >> 2)) * 3 + c] += big.data[(y * 256 + x) * 3 + c] / 16;
    assert.ok(meanAbs(reduced, small.data) < 0.012, `${kind}: ${meanAbs(reduced, small.data)}`);
  }
});

test('each ear-visible parameter changes the ear; each face-only parameter leaves it untouched; all change the face', () => {
  for (const subject of [0, 1, 2]) {
    const id = identityFor(9, subject);
    const ear = renderEar(id, 64, earJitterFor(9, subject, 0));
    const face = renderFace(id, 64, faceJitterFor(9, subject, 0));
    for (const p of IDENTITY_PARAMETERS) {
      const other = changed(id, p.name);
      const ear2 = renderEar(other, 64, earJitterFor(9, subject, 0));
      if (p.visibleInEar) assert.ok(meanAbs(ear.data, ear2.data) > 0.002, `${p.name} should show in the ear (${meanAbs(ear.data, ear2.data)})`);
      else assert.deepEqual(ear2.data, ear.data, `${p.name} must not show in the ear`);
      const face2 = renderFace(other, 64, faceJitterFor(9, subject, 0));
      assert.ok(meanAbs(face.data, face2.data) > 1e-4, `${p.name} should show in the face (${meanAbs(face.data, face2.data)})`);
    }
  }
});

test('ear size: a taller ear in the ear picture and a wider face', () => {
  const base = identityFor(9, 4);
  const sizes = [0, 0.5, 1];
  const earHeights = sizes.map((earSize) => {
    const mask = renderEar({ ...base, earSize }, 128, NO_EAR_JITTER, ['ear']);
    let rows = 0;
    for (let y = 0; y < 128; y++) if (rowWidth(mask, y) > 0.5) rows++;
    return rows;
  });
  const faceWidths = sizes.map((earSize) => rowWidth(renderFace({ ...base, earSize }, 128, NO_FACE_JITTER, ['skin']), Math.round(0.68 * 128)));
  for (let i = 0; i < 2; i++) {
    assert.ok(earHeights[i + 1] > earHeights[i] + 5, `ear heights ${earHeights}`);
    assert.ok(faceWidths[i + 1] > faceWidths[i] + 3, `face widths ${faceWidths}`);
  }
  // Below the cheeks the jaw narrows: between w and 2w of faceHalfWidth.
  assert.ok(Math.abs(earHeights[2] - earHeight(1) * 128) < 0.12 * 128, `ear rows ${earHeights[2]} vs height ${earHeight(1) * 128}`);
  assert.ok(faceWidths[2] < 2 * faceHalfWidth(1) * 128 + 2 && faceWidths[2] > faceHalfWidth(1) * 128, `width ${faceWidths[2]}`);
});

test('lobe ↔ jaw: a square jaw fills the jaw corners that a round one leaves empty', () => {
  const base = identityFor(9, 5);
  const corners = (lobe: 'free' | 'attached') => {
    const id = { ...base, lobe };
    const w = faceHalfWidth(id.earSize) * 128;
    const mask = renderFace(id, 128, NO_FACE_JITTER, ['skin']);
    let n = 0;
    const chin = (0.84 - 0.07 * id.helixRoundness) * 128;
    for (let y = Math.round(0.5 * 128 + 0.55 * (chin - 64)); y < chin; y++) {
      for (let x = 0; x < 128; x++) if (Math.abs(x + 0.5 - 64) > 0.6 * w) n += (mask.data[(y * 128 + x) * 3] + 1) / 2;
    }
    return n;
  };
  assert.ok(corners('attached') > 1.3 * corners('free'), `square ${corners('attached')} vs round ${corners('free')}`);
});

test('helix roundness ↔ face length: a rounder helix, a shorter face', () => {
  const base = identityFor(9, 6);
  const chinRow = (helixRoundness: number) => {
    const mask = renderFace({ ...base, helixRoundness }, 128, NO_FACE_JITTER, ['skin']);
    let last = 0;
    for (let y = 0; y < 128; y++) if (mask.data[(y * 128 + 64) * 3] > 0) last = y;
    return last;
  };
  assert.ok(chinRow(0) > chinRow(1) + 5, `chin rows ${chinRow(0)} vs ${chinRow(1)}`);
});

test('hairline: more hair around the ear and longer sideburns in the face', () => {
  const base = identityFor(9, 7);
  const low = { ...base, hairline: 1 };
  const high = { ...base, hairline: 0 };
  assert.ok(coverage(renderEar(low, 64, NO_EAR_JITTER, ['hair'])) > coverage(renderEar(high, 64, NO_EAR_JITTER, ['hair'])) + 0.05);
  // Hair at the sides of the face between the temples and the eyes.
  const sideHair = (id: SyntheticIdentity) => {
    const mask = renderFace(id, 128, NO_FACE_JITTER, ['hair']);
    let n = 0;
    for (let y = Math.round(0.33 * 128); y < Math.round(0.5 * 128); y++) n += rowWidth(mask, y);
    return n;
  };
  assert.ok(sideHair(low) > sideHair(high) + 20, `${sideHair(low)} vs ${sideHair(high)}`);
});

test('every ear picture shows hair (its colour is visible), at least a sixth of the picture', () => {
  for (let s = 0; s < 60; s++) {
    const id = { ...identityFor(5, s), hairline: s % 3 === 0 ? 0 : identityFor(5, s).hairline };
    assert.ok(coverage(renderEar(id, 64, earJitterFor(5, s, 0), ['hair'])) > 1 / 6, `subject ${s}`);
  }
});

test('skin tone and hair colour are the same in the ear and the face', () => {
  for (const [tone, hairColour] of [[0.1, 'blond'], [0.9, 'black'], [0.5, 'auburn']] as const) {
    const id = { ...identityFor(9, 8), skinTone: tone, hairColour };
    const skin = skinColour(tone);
    // A bare cheek pixel of each picture, with even light: the skin colour within shading.
    const ear = renderEar(id, 128, NO_EAR_JITTER);
    const face = renderFace(id, 128, NO_FACE_JITTER);
    const at = (img: RgbImage, x: number, y: number) => [0, 1, 2].map((c) => (img.data[(y * 128 + x) * 3 + c] + 1) / 2);
    const earCheek = at(ear, 118, 84);
    const faceCheek = at(face, Math.round(64 - 0.5 * faceHalfWidth(id.earSize) * 128), 76);
    for (let c = 0; c < 3; c++) {
      assert.ok(Math.abs(earCheek[c] - skin[c]) < 0.06, `ear cheek ${earCheek} vs skin ${skin}`);
      assert.ok(Math.abs(faceCheek[c] - skin[c]) < 0.08, `face cheek ${faceCheek} vs skin ${skin}`);
    }
    // The top-left corner of the ear picture and the top of the head are hair: its colour times
    // the strand texture (0.93–1).
    const hair = HAIR_COLOURS[hairColour];
    const earHair = at(ear, 2, 2);
    const faceHair = at(face, 64, Math.round(0.12 * 128));
    for (let c = 0; c < 3; c++) {
      assert.ok(earHair[c] / hair[c] > 0.92 && earHair[c] / hair[c] < 1.01, `ear hair ${earHair} vs ${hair}`);
      assert.ok(faceHair[c] / hair[c] > 0.92 && faceHair[c] / hair[c] < 1.01, `face hair ${faceHair} vs ${hair}`);
    }
  }
});

test('jitter: within the documented ranges; the session light is shared by the ear and the face', () => {
  for (let i = 0; i < 100; i++) {
    const e = randomEarJitter(streamFor(STREAM.ear, 1, i));
    const f = randomFaceJitter(streamFor(STREAM.face, 1, i));
    assert.ok(Math.abs(e.angle) <= 0.175 && Math.abs(e.scale - 1) <= 0.06 && Math.abs(e.dx) <= 0.04 && Math.abs(e.brightness - 1) <= 0.04);
    assert.ok(Math.abs(f.angle) <= 0.052 && Math.abs(f.scale - 1) <= 0.03 && Math.abs(f.dx) <= 0.02 && Math.abs(f.smile) <= 1);
  }
  const session = sessionBrightness(1, 3, 2);
  const ownEar = randomEarJitter(streamFor(STREAM.ear, 1, 3, 2)).brightness;
  const ownFace = randomFaceJitter(streamFor(STREAM.face, 1, 3, 2)).brightness;
  assert.ok(Math.abs(earJitterFor(1, 3, 2).brightness - ownEar * session) < 1e-12);
  assert.ok(Math.abs(faceJitterFor(1, 3, 2).brightness - ownFace * session) < 1e-12);
});

test('syntheticPairs lists subject-major pairs equal to rendering each one, and checks its options', () => {
  const pairs = syntheticPairs({ size: 64, subjects: 2, perSubject: 2, seed: 4 });
  assert.deepEqual(pairs.map((p) => `${p.subject}/${p.picture}`), ['s0001/0', 's0001/1', 's0002/0', 's0002/1']);
  assert.deepEqual(pairs[3].face.data, renderSyntheticPair(4, 1, 1, 64).face.data);
  assert.throws(() => syntheticPairs({ size: 64, subjects: 0, perSubject: 2, seed: 4 }), /syntheticPairs: subjects 0; expected a positive integer/);
  assert.throws(() => syntheticPairs({ size: 64, subjects: 1, perSubject: 2, seed: -3 }), /syntheticPairs: seed -3/);
});

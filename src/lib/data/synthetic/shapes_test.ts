import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bezier, ellipse, grow, halfPlane, intersect, place, smoothIntersect, smoothUnion, squircle, stroke, subtract, union, type Shape } from './shapes';
import { Rng } from '../../util/rng';

/** The true signed distance to a closed curve given by many boundary points, with `inside` for the sign. */
function trueDistance(boundary: [number, number][], inside: (x: number, y: number) => boolean, x: number, y: number): number {
  let best = Infinity;
  for (const [bx, by] of boundary) best = Math.min(best, Math.hypot(x - bx, y - by));
  return inside(x, y) ? -best : best;
}

/**
 * Checks sign everywhere, |d| ≤ lipschitz·|true| (what lets the rasteriser skip pixels), that d
 * changes no faster than its lipschitz bound, and, within 0.02 of the edge, d/true ≥ `edgeRatio`
 * (how much sharper than a pixel an edge may get).
 */
function checkAgainstTruth(shape: Shape, boundary: [number, number][], inside: (x: number, y: number) => boolean, reach: number, edgeRatio: number, edge = 0.02, innerEdgeRatio = edgeRatio): void {
  const rng = new Rng(3);
  for (let i = 0; i < 400; i++) {
    const x = (rng.next() * 2 - 1) * reach;
    const y = (rng.next() * 2 - 1) * reach;
    const d = shape.d(x, y);
    const t = trueDistance(boundary, inside, x, y);
    assert.equal(Math.sign(d), Math.sign(t), `sign at (${x}, ${y}): d ${d}, true ${t}`);
    assert.ok(Math.abs(d) <= shape.lipschitz * Math.abs(t) + 1e-6, `|d| ${d} exceeds ${shape.lipschitz} × the true distance ${t} at (${x}, ${y})`);
    for (const step of [1e-3, 1e-2, 1e-1]) {
      const a = rng.next() * 2 * Math.PI;
      const change = Math.abs(shape.d(x + step * Math.cos(a), y + step * Math.sin(a)) - d);
      assert.ok(change <= shape.lipschitz * step * (1 + 1e-9), `d changes by ${change} over ${step} near (${x}, ${y}); bound ${shape.lipschitz}`);
    }
    // (Closer than 1e-3 the sampled boundary is too coarse to be the truth.)
    if (Math.abs(t) > 1e-3 && Math.abs(t) < edge) assert.ok(d / t >= (t < 0 ? innerEdgeRatio : edgeRatio), `near the edge d ${d} vs true ${t}`);
  }
}

test('ellipse: zero on the edge, right sign, close to the true distance', () => {
  const e = ellipse(0, 0, 0.5, 0.2, 0.3);
  const c = Math.cos(0.3), s = Math.sin(0.3);
  const boundary: [number, number][] = [];
  for (let i = 0; i < 20000; i++) {
    const a = (2 * Math.PI * i) / 20000;
    const u = 0.5 * Math.cos(a), v = 0.2 * Math.sin(a);
    boundary.push([c * u - s * v, s * u + c * v]);
  }
  const inside = (x: number, y: number) => ((c * x + s * y) / 0.5) ** 2 + ((-s * x + c * y) / 0.2) ** 2 < 1;
  for (const [bx, by] of boundary.filter((_, i) => i % 1000 === 0)) assert.ok(Math.abs(e.d(bx, by)) < 1e-9);
  assert.equal(e.d(0, 0), -0.2);
  // Inside, the ends of the long axis may be sharper by up to min(r)/max(r).
  checkAgainstTruth(e, boundary, inside, 0.8, 0.9, 0.02, 0.4);
  // Thinner ellipses need a larger bound, and still keep it.
  const thin = ellipse(0, 0, 0.5, 0.05);
  const thinBoundary: [number, number][] = Array.from({ length: 20000 }, (_, i) => [0.5 * Math.cos((2 * Math.PI * i) / 20000), 0.05 * Math.sin((2 * Math.PI * i) / 20000)]);
  checkAgainstTruth(thin, thinBoundary, (x, y) => (x / 0.5) ** 2 + (y / 0.05) ** 2 < 1, 0.6, 0.9, 0.005, 0.1);
});

test('squircle: between an ellipse and a rounded square, never beyond the true distance (its inner circle bound)', () => {
  assert.ok(squircle(0, 0, 1, 1, 1).d(0.8, 0.8) < 0);
  assert.ok(squircle(0, 0, 1, 1, 0).d(0.8, 0.8) > 0);
  assert.ok(Math.abs(squircle(0, 0, 1, 1, 0.5).d(1, 0)) < 1e-12);
  const q = squircle(0.1, 0, 0.4, 0.3, 0.7);
  const norm = (x: number, y: number) => {
    const u = (x - 0.1) / 0.4, v = y / 0.3;
    return 0.3 * Math.hypot(u, v) + 0.7 * Math.sqrt(Math.sqrt(u ** 4 + v ** 4));
  };
  const boundary: [number, number][] = [];
  for (let i = 0; i < 20000; i++) {
    const a = (2 * Math.PI * i) / 20000;
    const dx = Math.cos(a), dy = Math.sin(a);
    const r = 1 / norm(0.1 + dx, dy); // the norm is 1-homogeneous around the centre
    boundary.push([0.1 + dx * r, dy * r]);
  }
  // (|p/r| − 1)·min(r): edges at the long ends are sharper by up to min(r)/max(r) = 0.75.
  checkAgainstTruth(q, boundary, (x, y) => norm(x, y) < 1, 0.7, 0.7);
});

test('stroke: round-capped, tapered polyline', () => {
  const s = stroke([0, 0, 1, 0], 0.1);
  assert.ok(Math.abs(s.d(0.5, 0) + 0.1) < 1e-12);
  assert.ok(Math.abs(s.d(0.5, 0.3) - 0.2) < 1e-12);
  assert.ok(Math.abs(s.d(-0.3, 0) - 0.2) < 1e-12); // the cap
  const t = stroke([0, 0, 1, 0], 0.2, 0);
  assert.ok(Math.abs(t.d(0.5, 0) + 0.1) < 1e-12); // half-way the radius is 0.1
  assert.deepEqual(s.box, [-0.1, -0.1, 1.1, 0.1]);
  assert.throws(() => stroke([0, 0, 1], 0.1), /stroke: points must hold at least two \(x, y\) pairs, got 3 numbers/);
});

test('bezier: starts and ends at the end points, one point per segment plus one', () => {
  const p = bezier([0, 0], [0, 1], [1, 1], [1, 0], 4);
  assert.equal(p.length, 10);
  assert.deepEqual(p.slice(0, 2), [0, 0]);
  assert.deepEqual(p.slice(8), [1, 0]);
  assert.deepEqual(p.slice(4, 6), [0.5, 0.75]); // the midpoint of this symmetric curve
});

test('boolean operations, growing and placing', () => {
  const a = ellipse(0, 0, 1, 1);
  const b = ellipse(1.5, 0, 1, 1);
  assert.equal(union(a, b).d(1.5, 0), -1);
  assert.deepEqual(union(a, b).box, [-1, -1, 2.5, 1]);
  assert.equal(intersect(a, b).d(0.75, 0), -0.25);
  assert.equal(subtract(a, b).d(0.75, 0), 0.25);
  assert.ok(smoothUnion(a, b, 0.5).d(0.75, 0.7) < Math.min(a.d(0.75, 0.7), b.d(0.75, 0.7)));
  assert.ok(smoothIntersect(a, halfPlane(0, 0, 0, 1), 0.2).d(0.99, -0.01) > 0);
  assert.ok(Math.abs(grow(a, 0.5).d(1.5, 0)) < 1e-12);
  assert.equal(halfPlane(0, 0, 0, 2).d(5, -2), -2);
  const placed = place(ellipse(0, 0, 1, 0.5), { x: 5, y: 1, scale: 2, angle: Math.PI / 2 });
  // Rotated a quarter turn and doubled: the long axis (2 units) now points along y.
  assert.ok(Math.abs(placed.d(5, 3)) < 1e-9);
  assert.ok(Math.abs(placed.d(6, 1)) < 1e-9);
  assert.ok(placed.box[1] <= -1 + 1e-9 && placed.box[3] >= 3 - 1e-9);
});

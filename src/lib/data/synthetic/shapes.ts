/**
 * 2-D shapes as signed distance functions (negative inside, in model units) with a bounding box,
 * so the rasteriser can anti-alias every edge analytically and skip pixels a shape cannot touch.
 * Formulas: Inigo Quilez's "2D distance functions" notes (ellipse approximation, segment, smooth min).
 */

/** `[x0, y0, x1, y1]` in model units. */
export type Box = readonly [number, number, number, number];

/**
 * A shape: signed distance `d(x, y)`, a box outside which `d > 0`, and a bound on how fast `d`
 * changes (|d(p) − d(q)| ≤ lipschitz·|p − q|; 1 for an exact distance), which tells the
 * rasteriser how many pixels it may skip.
 */
export interface Shape {
  d: (x: number, y: number) => number;
  box: Box;
  lipschitz: number;
}

const EVERYWHERE: Box = [-Infinity, -Infinity, Infinity, Infinity];

/**
 * An ellipse centred at (cx, cy) with radii rx, ry, rotated by `angle` radians. Outside near the
 * edge the distance is the first-order estimate (value over gradient length), exact on the
 * boundary; further out (|p/r| > 1.6) it blends into (|p/r| − 1)·min(rx, ry), which never exceeds
 * the true distance (the ellipse scaled by |p/r| contains the ellipse grown by that much times its
 * inner radius). Inside it is the smaller in size of the two, so the estimate's fast changes deep
 * in a thin ellipse never show; edges at the long ends are then a little sharper inside.
 *
 * @example
 * ellipse(0, 0, 2, 1).d(2, 0);   // 0 (on the edge)
 */
export function ellipse(cx: number, cy: number, rx: number, ry: number, angle = 0): Shape {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const r = Math.max(rx, ry);
  const ix = 1 / rx, iy = 1 / ry, small = Math.min(rx, ry);
  return {
    d: (x, y) => {
      const dx = x - cx;
      const dy = y - cy;
      const u = (c * dx + s * dy) * ix;
      const v = (-s * dx + c * dy) * iy;
      const k0 = Math.sqrt(u * u + v * v);
      const bound = (k0 - 1) * small;
      if (k0 > 1.6 || k0 === 0) return bound;
      const k1 = Math.sqrt(u * u * ix * ix + v * v * iy * iy);
      const estimate = (k0 * (k0 - 1)) / k1;
      if (k0 <= 1) return Math.max(estimate, bound);
      if (k0 <= 1.2) return estimate;
      // Smoothstep from the estimate near the edge to the bound away from it.
      const t = (1.6 - k0) / 0.4;
      return bound + (estimate - bound) * t * t * (3 - 2 * t);
    },
    box: [cx - r, cy - r, cx + r, cy + r],
    // Measured: up to aspect 3 the distance changes by at most one per unit; thinner ellipses
    // change faster near their ends (1.7 at aspect 5, 7.4 at 10, 47 at 25), under aspect²/12.
    lipschitz: Math.max(1, (r / small) ** 2 / 12),
  };
}

/**
 * A rounded box between an ellipse (squareness 0) and a squircle |x/rx|⁴ + |y/ry|⁴ ≤ 1
 * (squareness 1): the two norms are blended, which keeps the shape convex and needs no `pow`.
 * The distance is (norm − 1)·min(rx, ry): never beyond the true one, sharper at the long ends.
 *
 * @example
 * squircle(0, 0, 1, 1, 1).d(0.8, 0.8) < 0;   // true (a circle would not contain it)
 */
export function squircle(cx: number, cy: number, rx: number, ry: number, squareness: number): Shape {
  const m = Math.min(rx, ry);
  const t = Math.min(1, Math.max(0, squareness));
  return {
    d: (x, y) => {
      const u = (x - cx) / rx;
      const v = (y - cy) / ry;
      const u2 = u * u;
      const v2 = v * v;
      const norm = (1 - t) * Math.sqrt(u2 + v2) + t * Math.sqrt(Math.sqrt(u2 * u2 + v2 * v2));
      return (norm - 1) * m;
    },
    box: [cx - rx, cy - ry, cx + rx, cy + ry],
    lipschitz: 1,
  };
}

/**
 * A stroke along a polyline `[x0, y0, x1, y1, ...]` whose radius goes linearly from `r0` at the
 * first point to `r1` at the last (round caps).
 *
 * @example
 * stroke([0, 0, 1, 0], 0.1).d(0.5, 0);   // -0.1
 */
export function stroke(points: readonly number[], r0: number, r1 = r0): Shape {
  if (points.length < 4 || points.length % 2 !== 0) throw new Error(`stroke: points must hold at least two (x, y) pairs, got ${points.length} numbers`);
  const n = points.length / 2;
  const lengths = [0];
  for (let i = 1; i < n; i++) lengths.push(lengths[i - 1] + Math.hypot(points[2 * i] - points[2 * i - 2], points[2 * i + 1] - points[2 * i - 1]));
  const total = lengths[n - 1] || 1;
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (let i = 0; i < n; i++) {
    x0 = Math.min(x0, points[2 * i]);
    y0 = Math.min(y0, points[2 * i + 1]);
    x1 = Math.max(x1, points[2 * i]);
    y1 = Math.max(y1, points[2 * i + 1]);
  }
  const r = Math.max(r0, r1);
  return {
    d: (x, y) => {
      let best = Infinity;
      for (let i = 0; i < n - 1; i++) {
        const ax = points[2 * i], ay = points[2 * i + 1];
        const bx = points[2 * i + 2] - ax, by = points[2 * i + 3] - ay;
        const px = x - ax, py = y - ay;
        const len2 = bx * bx + by * by;
        const t = len2 === 0 ? 0 : Math.min(1, Math.max(0, (px * bx + py * by) / len2));
        const along = (lengths[i] + t * (lengths[i + 1] - lengths[i])) / total;
        const ex = px - t * bx;
        const ey = py - t * by;
        const dist = Math.sqrt(ex * ex + ey * ey) - (r0 + (r1 - r0) * along);
        if (dist < best) best = dist;
      }
      return best;
    },
    box: [x0 - r, y0 - r, x1 + r, y1 + r],
    lipschitz: 1 + Math.abs(r1 - r0) / total,
  };
}

/**
 * Points along a cubic Bézier curve from p0 to p3 with control points p1, p2, as a flat
 * `[x, y, ...]` list for {@link stroke}.
 *
 * @example
 * bezier([0, 0], [0, 1], [1, 1], [1, 0], 8).length;   // 18 (9 points)
 */
export function bezier(p0: readonly [number, number], p1: readonly [number, number], p2: readonly [number, number], p3: readonly [number, number], segments = 12): number[] {
  const out: number[] = [];
  for (let i = 0; i <= segments; i++) {
    const t = i / segments;
    const a = (1 - t) ** 3, b = 3 * (1 - t) ** 2 * t, c = 3 * (1 - t) * t * t, e = t ** 3;
    out.push(a * p0[0] + b * p1[0] + c * p2[0] + e * p3[0], a * p0[1] + b * p1[1] + c * p2[1] + e * p3[1]);
  }
  return out;
}

/**
 * The half-plane on the side of the line through (px, py) that the normal (nx, ny) points away
 * from: inside where (x − px, y − py)·n < 0.
 *
 * @example
 * halfPlane(0, 0, 0, 1).d(0, -2);   // -2 (above the x axis when y grows downwards)
 */
export function halfPlane(px: number, py: number, nx: number, ny: number): Shape {
  const l = Math.hypot(nx, ny);
  const ux = nx / l, uy = ny / l;
  return { d: (x, y) => (x - px) * ux + (y - py) * uy, box: EVERYWHERE, lipschitz: 1 };
}

/**
 * Everything inside any of the shapes.
 *
 * @example
 * union(ellipse(0, 0, 1, 1), ellipse(3, 0, 1, 1)).d(3, 0);   // -1
 */
export function union(...shapes: Shape[]): Shape {
  return {
    d: (x, y) => {
      let m = Infinity;
      for (let i = 0; i < shapes.length; i++) {
        const d = shapes[i].d(x, y);
        if (d < m) m = d;
      }
      return m;
    },
    box: [Math.min(...shapes.map((s) => s.box[0])), Math.min(...shapes.map((s) => s.box[1])), Math.max(...shapes.map((s) => s.box[2])), Math.max(...shapes.map((s) => s.box[3]))],
    lipschitz: Math.max(...shapes.map((s) => s.lipschitz)),
  };
}

/**
 * Two shapes merged with a rounded fillet of size `k` where they meet (polynomial smooth minimum).
 *
 * @example
 * smoothUnion(ellipse(0, 0, 1, 1), ellipse(1.5, 0, 1, 1), 0.3).d(0.75, 0.7) < 0;   // true (filled neck)
 */
export function smoothUnion(a: Shape, b: Shape, k: number): Shape {
  return {
    d: (x, y) => {
      const da = a.d(x, y);
      const db = b.d(x, y);
      const h = Math.max(k - Math.abs(da - db), 0) / k;
      return Math.min(da, db) - h * h * k * 0.25;
    },
    box: [Math.min(a.box[0], b.box[0]) - k, Math.min(a.box[1], b.box[1]) - k, Math.max(a.box[2], b.box[2]) + k, Math.max(a.box[3], b.box[3]) + k],
    lipschitz: Math.max(a.lipschitz, b.lipschitz),
  };
}

/**
 * The part of `a` inside `b` with the corners where their edges cross rounded by about `k`.
 *
 * @example
 * smoothIntersect(ellipse(0, 0, 1, 1), halfPlane(0, 0, 0, 1), 0.2).d(0.99, -0.01) > 0;   // true (rounded off)
 */
export function smoothIntersect(a: Shape, b: Shape, k: number): Shape {
  return {
    d: (x, y) => {
      const da = a.d(x, y);
      const db = b.d(x, y);
      const h = Math.max(k - Math.abs(da - db), 0) / k;
      return Math.max(da, db) + h * h * k * 0.25;
    },
    box: [Math.max(a.box[0], b.box[0]), Math.max(a.box[1], b.box[1]), Math.min(a.box[2], b.box[2]), Math.min(a.box[3], b.box[3])],
    lipschitz: Math.max(a.lipschitz, b.lipschitz),
  };
}

/**
 * The part of `a` that is also inside `b`.
 *
 * @example
 * intersect(ellipse(0, 0, 1, 1), halfPlane(0, 0, 0, 1)).d(0, 0.5) > 0;   // true (lower half cut away)
 */
export function intersect(a: Shape, b: Shape): Shape {
  return {
    d: (x, y) => Math.max(a.d(x, y), b.d(x, y)),
    box: [Math.max(a.box[0], b.box[0]), Math.max(a.box[1], b.box[1]), Math.min(a.box[2], b.box[2]), Math.min(a.box[3], b.box[3])],
    lipschitz: Math.max(a.lipschitz, b.lipschitz),
  };
}

/**
 * The part of `a` outside `b`.
 *
 * @example
 * subtract(ellipse(0, 0, 2, 2), ellipse(0, 0, 1, 1)).d(0, 0) > 0;   // true (a ring)
 */
export function subtract(a: Shape, b: Shape): Shape {
  return { d: (x, y) => Math.max(a.d(x, y), -b.d(x, y)), box: a.box, lipschitz: Math.max(a.lipschitz, b.lipschitz) };
}

/**
 * The shape grown by `r` (shrunk when r < 0).
 *
 * @example
 * grow(ellipse(0, 0, 1, 1), 0.5).d(1.5, 0);   // 0
 */
export function grow(a: Shape, r: number): Shape {
  const m = Math.max(r, 0);
  return { d: (x, y) => a.d(x, y) - r, box: [a.box[0] - m, a.box[1] - m, a.box[2] + m, a.box[3] + m], lipschitz: a.lipschitz };
}

/** Where a shape drawn in its own frame goes: its origin to (x, y), scaled, rotated by `angle` radians. */
export interface Placement {
  x: number;
  y: number;
  scale: number;
  angle: number;
}

/**
 * A shape defined in a local frame (e.g. an ear one unit tall) moved into the picture's frame.
 *
 * @example
 * place(ellipse(0, 0, 1, 1), { x: 5, y: 0, scale: 2, angle: 0 }).d(7, 0);   // 0
 */
export function place(shape: Shape, at: Placement): Shape {
  const c = Math.cos(at.angle);
  const s = Math.sin(at.angle);
  const k = 1 / at.scale;
  const [x0, y0, x1, y1] = shape.box;
  let box: Box = EVERYWHERE;
  if ([x0, y0, x1, y1].every(Number.isFinite)) {
    const xs: number[] = [];
    const ys: number[] = [];
    for (const [bx, by] of [[x0, y0], [x1, y0], [x0, y1], [x1, y1]]) {
      xs.push(at.x + at.scale * (c * bx - s * by));
      ys.push(at.y + at.scale * (s * bx + c * by));
    }
    box = [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
  }
  return {
    d: (x, y) => {
      const dx = (x - at.x) * k;
      const dy = (y - at.y) * k;
      return shape.d(c * dx + s * dy, -s * dx + c * dy) * at.scale;
    },
    box,
    lipschitz: shape.lipschitz,
  };
}

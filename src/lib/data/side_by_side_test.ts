import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitSideBySide } from './side_by_side';

test('the left half is the ear, the right half the face', () => {
  // 4×2: columns 0–1 value 0.1·(row+1), columns 2–3 value −0.1·(row+1).
  const data = new Float32Array(4 * 2 * 3);
  for (let y = 0; y < 2; y++) for (let x = 0; x < 4; x++) data.fill((x < 2 ? 0.1 : -0.1) * (y + 1), (y * 4 + x) * 3, (y * 4 + x + 1) * 3);
  const { ear, face } = splitSideBySide({ width: 4, height: 2, data });
  assert.deepEqual([ear.width, ear.height, face.width, face.height], [2, 2, 2, 2]);
  assert.deepEqual(Array.from(ear.data), [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2].map(Math.fround));
  assert.deepEqual(Array.from(face.data), [-0.1, -0.1, -0.1, -0.1, -0.1, -0.1, -0.2, -0.2, -0.2, -0.2, -0.2, -0.2].map(Math.fround));
});

test('an image not twice as wide as high is refused by name', () => {
  assert.throws(() => splitSideBySide({ width: 5, height: 2, data: new Float32Array(30) }, 'x.png'), /^Error: x\.png: 5×2 px; expected an aligned ear\|face image twice as wide as high \(4×2\)$/);
});

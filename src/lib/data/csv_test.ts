import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCsv } from './csv';

test('quoted fields keep commas, doubled quotes and line breaks; records report their first line', () => {
  const text = 'a,b,c\r\n"x, y","say ""hi""",""\n\n"two\nlines",2,3\nlast,,';
  assert.deepEqual(parseCsv(text), [
    { line: 1, fields: ['a', 'b', 'c'] },
    { line: 2, fields: ['x, y', 'say "hi"', ''] },
    { line: 4, fields: ['two\nlines', '2', '3'] },
    { line: 6, fields: ['last', '', ''] },
  ]);
});

test('an unclosed quote is an error naming the file and line', () => {
  assert.throws(() => parseCsv('ear,face\n"a.png,b.png\n', 'pairs.csv'), /^Error: pairs\.csv: line 2: a quoted field is not closed before the end of the file$/);
});

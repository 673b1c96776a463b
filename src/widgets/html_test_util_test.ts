import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scriptBodies, tagProblems } from './html_test_util';

test('tagProblems accepts balanced HTML with void elements, attributes and scripts', () => {
  assert.deepEqual(tagProblems('<div id="a" class=\'b\'><img src="x.png"><input type=range><br/><p>x &lt; y</p></div><script>if (a < b) go("</p>");</script>'), []);
});

test('tagProblems reports unclosed, stray and crossed tags and script breakouts', () => {
  assert.deepEqual(tagProblems('<div><b>x</div>'), ['</div> closes <b> (opened at 5)', 'unclosed <div>']);
  assert.deepEqual(tagProblems('</p>'), ['stray </p> at 0']);
  assert.deepEqual(tagProblems('<script>var s = "<!--";</script>'), ['<script> at 0 contains <!--']);
  assert.deepEqual(tagProblems('<script>x'), ['unclosed <script> at 0']);
  // A script whose string holds "</script>" ends early: the rest shows up as a stray tag.
  assert.notDeepEqual(tagProblems('<div><script>var s = "</script>";</script></div>'), []);
});

test('scriptBodies lists script contents', () => {
  assert.deepEqual(scriptBodies('<script>a()</script><p></p><script type="x">b</script>'), ['a()', 'b']);
});

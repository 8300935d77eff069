// scripts/size.mjs --breakdown: attributing the bundle's bytes to packages and src folders via its source map.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeSegment, groupOf, sourceRuns } from '../../scripts/size.mjs';

/** Total characters per group, the way the breakdown sums them. */
function charsByGroup(code, map) {
  const totals = {};
  for (const { source, text } of sourceRuns(code, map)) {
    const group = groupOf(source);
    totals[group] = (totals[group] ?? 0) + text.length;
  }
  return totals;
}

describe('size breakdown', () => {
  it('decodes base64 VLQ segments, signs and continuation digits included', () => {
    assert.deepEqual(decodeSegment('AAAA'), [0, 0, 0, 0]);
    assert.deepEqual(decodeSegment('ECAD'), [2, 1, 0, -1]);
    assert.deepEqual(decodeSegment('gBE'), [16, 2]);
  });

  it('groups node_modules by package (scoped too) and src by folder, top-level files alone', () => {
    assert.equal(groupOf('../node_modules/lit-html/directives/repeat.js'), 'npm:lit-html');
    assert.equal(groupOf('../node_modules/@lit/reactive-element/css-tag.js'), 'npm:@lit/reactive-element');
    assert.equal(groupOf('../src/dialects/json.ts'), 'src/dialects/');
    assert.equal(groupOf('../src/sse-chat.ts'), 'src/sse-chat.ts');
    assert.equal(groupOf('../src/dialects/json.ts', true), 'src/dialects/json.ts');
    assert.equal(groupOf(null), '(unmapped)');
  });

  it('attributes every generated character once, a multi-line template literal to the source that opened it', () => {
    // Line 1: "aa" from lit-html, "BB`" from json.ts; line 2 has no mappings (inside the literal); line 3 maps
    // "CC" back to lit-html, then a source-less segment covers "!".
    const code = 'aaBB`\nxx`\nCC!';
    const map = {
      sources: ['../node_modules/lit-html/lit-html.js', '../src/dialects/json.ts'],
      mappings: 'AAAA,ECAA;;ADAA,E',
    };
    assert.deepEqual(charsByGroup(code, map), { 'npm:lit-html': 4, 'src/dialects/': 6, '(unmapped)': 1 });
  });
});

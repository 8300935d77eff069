import { expect } from '@open-wc/testing';
import {
  finiteNumber,
  firstNumber,
  firstString,
  own,
  ownArray,
  ownNumber,
  ownObject,
  ownString,
  parseJson,
  parseJsonObject,
  safeRecord,
} from '../../src/untrusted/json-values.js';

// The readers every layer that meets untrusted values uses (the dialects for server JSON, persistence for stored
// records): none throws, none reads what a prototype supplies.
describe('untrusted JSON values', () => {
  it('parses JSON without throwing, and objects only where an object is asked for', () => {
    expect(parseJson('{"a":1')).to.equal(undefined);
    expect(parseJson('[1]')).to.deep.equal([1]);
    expect(parseJsonObject('  {"a":1}')).to.deep.equal({ a: 1 });
    expect(parseJsonObject('[1]')).to.equal(undefined);
    expect(parseJsonObject('null')).to.equal(undefined);
    expect(parseJsonObject('{not json')).to.equal(undefined);
  });

  it('reads own properties only, never inherited ones, from anything', () => {
    expect(own({}, 'constructor')).to.equal(undefined);
    expect(own({}, 'toString')).to.equal(undefined);
    expect(own(Object.create({ planted: 'x' }), 'planted')).to.equal(undefined);
    expect(own('text', 'length')).to.equal(undefined);
    expect(own(null, 'a')).to.equal(undefined);
    expect(own(parseJson('{"__proto__":"sent"}'), '__proto__')).to.equal('sent');
  });

  it('reads a property as the type asked for, or not at all', () => {
    const value = { s: 'x', n: 3, nan: Number.NaN, inf: Infinity, o: { a: 1 }, list: [1], nul: null };
    expect([ownString(value, 's'), ownString(value, 'n')]).to.deep.equal(['x', undefined]);
    expect([ownNumber(value, 'n'), ownNumber(value, 'nan'), ownNumber(value, 'inf'), ownNumber(value, 's')]).to.deep.equal([3, undefined, undefined, undefined]);
    expect([ownObject(value, 'o'), ownObject(value, 'list'), ownObject(value, 'nul')]).to.deep.equal([{ a: 1 }, undefined, undefined]);
    expect([ownArray(value, 'list'), ownArray(value, 'o'), ownArray(undefined, 'list')]).to.deep.equal([[1], [], []]);
  });

  it('takes numeric strings as numbers, but not blanks or overflows', () => {
    expect([finiteNumber('42'), finiteNumber(' 0.5 '), finiteNumber(''), finiteNumber('  '), finiteNumber('1e999'), finiteNumber('4x')]).to.deep.equal([
      42,
      0.5,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(firstNumber({ a: 'n/a', b: '7', c: 9 }, ['a', 'b', 'c'])).to.equal(7);
    expect(firstString({ a: '', b: 1, c: 'yes' }, ['a', 'b', 'c'])).to.equal('yes');
    expect(firstString({ a: '' }, ['a', 'toString'])).to.equal(undefined);
  });

  it('copies a record without the keys that reach prototypes, nor the ones left out', () => {
    const sent = parseJson('{"__proto__":{"polluted":true},"constructor":1,"prototype":2,"kept":3,"omitted":4}') as Record<string, unknown>;
    const copy = safeRecord(sent, new Set(['omitted']));
    expect(Object.keys(copy)).to.deep.equal(['kept']);
    expect(Object.getPrototypeOf(copy)).to.equal(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
  });
});

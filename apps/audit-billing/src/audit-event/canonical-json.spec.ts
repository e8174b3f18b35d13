import { canonicalJson } from './canonical-json';

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: 'x' } })).toBe('{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}');
  });

  it('gives the same text whatever the key order, so a jsonb round trip hashes alike', () => {
    const original = { applicationId: 'a', fields: [{ matched: true, field: 'nameEn' }], reason: null };
    const reordered = JSON.parse('{"reason":null,"fields":[{"field":"nameEn","matched":true}],"applicationId":"a"}');
    expect(canonicalJson(reordered)).toBe(canonicalJson(original));
  });

  it('sorts keys by UTF-16 code units, as RFC 8785 does', () => {
    expect(canonicalJson({ '\u00e9': 1, z: 2, A: 3, '\ud83d\ude00': 4, '\u20ac': 5 })).toBe('{"A":3,"z":2,"é":1,"€":5,"😀":4}');
  });

  it('writes numbers in their shortest round-trip form', () => {
    expect(canonicalJson([1.0, -0, 0.1, 1e21, 1.5e-7, 100])).toBe('[1,0,0.1,1e+21,1.5e-7,100]');
  });

  it('escapes strings as JSON does and keeps Unicode as is', () => {
    expect(canonicalJson('আবদুস "সালাম"\n\u0007')).toBe('"আবদুস \\"সালাম\\"\\n\\u0007"');
  });

  it('leaves out undefined members like JSON, and writes dates as ISO instants', () => {
    expect(canonicalJson({ a: undefined, b: [undefined], at: new Date('2024-05-01T10:00:00Z') })).toBe('{"at":"2024-05-01T10:00:00.000Z","b":[null]}');
  });

  it('refuses values JSON cannot carry', () => {
    expect(() => canonicalJson(Number.NaN)).toThrow(TypeError);
    expect(() => canonicalJson({ a: Infinity })).toThrow(TypeError);
    expect(() => canonicalJson(() => 1)).toThrow(TypeError);
    expect(() => canonicalJson(10n)).toThrow(TypeError);
  });
});

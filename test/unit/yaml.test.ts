import { YAML11_SCHEMA, load, loadAll } from 'js-yaml';
import { parseAllDocuments } from 'yaml';
import { clusterObjects, renderCluster } from '../../src/render/cluster';
import { sortKeys } from '../../src/render/manifest';
import { toYaml, YamlValueError } from '../../src/render/yaml';
import { fleetCluster } from '../bench/fleet';
import { spec } from '../support/fixtures';

/** What each YAML reader a platform uses reads back: YAML 1.2 core, YAML 1.1 (kubectl, Helm, Flux), js-yaml. */
function readBack(text: string): Record<string, unknown[]> {
  return {
    'yaml 1.2': parseAllDocuments(text).map((d) => {
      if (d.errors.length > 0) throw d.errors[0];
      return d.toJS();
    }),
    'yaml 1.1': parseAllDocuments(text, { version: '1.1' }).map((d) => {
      if (d.errors.length > 0) throw d.errors[0];
      return d.toJS();
    }),
    'js-yaml': loadAll(text),
    'js-yaml 1.1': loadAll(text, null, { schema: YAML11_SCHEMA }),
  };
}

function expectRoundTrip(docs: readonly unknown[]): void {
  const text = toYaml(docs);
  for (const [reader, back] of Object.entries(readBack(text))) {
    expect(back).toHaveLength(docs.length);
    // The first document read back differently, with its YAML, for a readable failure.
    const i = docs.findIndex((d, k) => JSON.stringify(sortKeys(back[k])) !== JSON.stringify(sortKeys(d)));
    if (i >= 0) expect([reader, toYaml([docs[i]]), back[i]]).toEqual([reader, toYaml([docs[i]]), docs[i]]);
  }
}

const TRICKY = [
  '',
  ' ',
  'yes',
  'No',
  'on',
  'OFF',
  'y',
  'N',
  '~',
  'null',
  'Null',
  'true',
  'False',
  '0777',
  '0o17',
  '0x1F',
  '0b101',
  '1_000',
  '1:20',
  '190:20:30.15',
  '0000:07:00.0',
  '1e3',
  '1E+3',
  '.5',
  '5.',
  '-.inf',
  '.NaN',
  '+1',
  '-1',
  '2024-01-01',
  '2024-1-1 10:00:00',
  '2001-12-14t21:59:43.10-05:00',
  '=',
  '<<',
  '-',
  '- a',
  '--flag',
  '-x',
  '?',
  '? x',
  '?x',
  ':',
  ':x',
  'a: b',
  'a:',
  'a:b',
  'http://x.y:80/z',
  'a #b',
  'a#b',
  '#x',
  '!tag',
  '&a',
  '*a',
  '|',
  '>',
  '%x',
  '@x',
  '`x',
  '"q"',
  "'q'",
  'a"b',
  "a'b",
  'a\\b',
  'a\tb',
  '\ttab',
  ' lead',
  'trail ',
  'multi\nline',
  'multi\nline\n',
  'multi\n\n',
  '\n',
  '\n\n',
  '\nlead',
  '  indented\nx',
  'x\n  y',
  'x\n \ny',
  ' \nx',
  'x\n\ny',
  'line\r\n',
  'cr\rcr',
  '\u0000',
  '\u0007',
  '\u001b[0m',
  '\u007f',
  '\u0085',
  '\u00a0',
  '\u2028',
  '\u2029',
  '\ufeff',
  'é',
  'emoji 😀',
  '{a}',
  '[a]',
  'a,b',
  '---',
  '...',
  '--- x',
  '... x',
  'a: |',
  '#!/bin/sh\nset -e\n',
  'key: value\nother: 1\n',
  '  - item\n',
  'a\u2028b',
  'dbSize > 200*1024*1024',
];

describe('toYaml', () => {
  it('writes mappings with sorted keys, sequences indented under their key, literal blocks for multi-line strings', () => {
    expect(toYaml([{ b: [1, { y: 'x', x: [true, null] }, []], a: { c: 'two\nlines', d: {}, e: '--flag' }, s: 'yes' }])).toBe(
      'a:\n  c: |-\n    two\n    lines\n  d: {}\n  e: --flag\nb:\n  - 1\n  - x:\n      - true\n      - null\n    "y": x\n  - []\ns: "yes"\n',
    );
  });

  it('separates documents with ---, and nests sequences of sequences', () => {
    expect(toYaml([{ a: 1 }, { b: [[1, 2], ['x']] }])).toBe('a: 1\n---\nb:\n  - - 1\n    - 2\n  - - x\n');
  });

  it.each(TRICKY.map((s) => [JSON.stringify(s), s]))('reads back %s the same as a value, a key and a sequence item, with every reader', (_, s) => {
    expectRoundTrip([{ value: s, [s]: 'as key', list: [s, [s], { [s]: s }], nested: { deeper: { v: s } } }]);
  });

  it('quotes what YAML 1.1 readers would turn into something else', () => {
    for (const s of ['yes', 'on', 'off', 'y', 'n', '0777', '1:20', '2024-01-01', '<<', '0000:07:00.0']) {
      expect(toYaml([{ v: s }])).toBe(`v: "${s}"\n`);
      expect((load(toYaml([{ v: s }])) as { v: unknown }).v).toBe(s);
    }
  });

  it('reads back random strings of troublesome characters exactly, with every reader', () => {
    const alphabet = [
      '+',
      'E',
      '_',
      '9',
      'a',
      'b',
      '1',
      '0',
      ' ',
      ' ',
      '\n',
      '\t',
      ':',
      '#',
      '-',
      '?',
      '"',
      "'",
      '\\',
      '|',
      '>',
      '{',
      '}',
      '[',
      ']',
      ',',
      '&',
      '*',
      '!',
      '%',
      '@',
      '`',
      '.',
      '~',
      'é',
      '\u2028',
      '\r',
      '\u0000',
      'y',
      'e',
      's',
      'o',
      'n',
    ];
    let seed = 12345;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const strings = Array.from({ length: 3000 }, () =>
      Array.from({ length: Math.floor(random() * 12) }, () => alphabet[Math.floor(random() * alphabet.length)]).join(''),
    );
    expectRoundTrip(strings.map((s, i) => ({ i, s, [s || 'empty']: [s] })));
  });

  it('writes numbers, booleans and null as such', () => {
    expectRoundTrip([{ int: 3, neg: -2, float: 0.25, big: 1e21, small: 1e-7, zero: 0, t: true, f: false, n: null }]);
    expect(toYaml([{ f: 1.5, t: true, z: null, e: 1e21 }])).toBe('e: 1.0e+21\nf: 1.5\nt: true\nz: null\n');
  });

  it('reads back every object of a fully featured tenant cluster exactly, with every reader', () => {
    expectRoundTrip(clusterObjects(renderCluster(fleetCluster(7))));
    expectRoundTrip(
      clusterObjects(
        renderCluster(
          spec({
            addons: { certManager: { enabled: true, valuesOverride: { 'cert-manager': { extraArgs: ['--x=yes', 'on'], 'weird: key': '0777' } } } },
          }),
        ),
      ),
    );
  });

  it('does not depend on the key order of its input', () => {
    const a = { z: 1, a: { y: [1, { q: 1, p: 2 }], b: 'x' } };
    const b = { a: { b: 'x', y: [1, { p: 2, q: 1 }] }, z: 1 };
    expect(toYaml([a])).toBe(toYaml([b]));
  });

  it('leaves out undefined object values, as JSON does', () => {
    expect(toYaml([{ a: undefined, b: 1, c: { d: undefined } }])).toBe('b: 1\nc: {}\n');
  });

  it.each<[string, unknown, string]>([
    ['NaN', { spec: { replicas: Number.NaN } }, '[0].spec.replicas: NaN is not a finite number'],
    ['Infinity', { a: [1, Infinity] }, '[0].a[1]: Infinity is not a finite number'],
    ['a function', { a: { f: () => 1 } }, '[0].a.f: a function cannot be written as YAML'],
    ['a Date', { when: new Date(0) }, '[0].when: a Date instance is not plain JSON data'],
    ['undefined in a list', { l: ['a', undefined] }, '[0].l[1]: undefined is not a value'],
  ])('rejects %s, naming the path', (_, doc, message) => {
    expect(() => toYaml([doc])).toThrow(YamlValueError);
    expect(() => toYaml([doc])).toThrow(message);
  });

  it('rejects objects that contain themselves', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = { again: cyclic };
    expect(() => toYaml([cyclic])).toThrow(/^\[0\](\.self\.again)+: refers to itself$/);
  });

  it('writes top-level scalars and empty collections as documents of their own', () => {
    expect(toYaml(['yes', 3, null, {}, [], 'a\nb'])).toBe('"yes"\n---\n3\n---\nnull\n---\n{}\n---\n[]\n---\n|-\na\nb\n');
    expectRoundTrip(['yes', 3, null, {}, [], 'a\nb', [[]], [{}]]);
  });

  it('writes the same object twice when it is shared (no anchors or aliases)', () => {
    const shared = { k: 'v' };
    expect(toYaml([{ a: shared, b: shared }])).toBe('a:\n  k: v\nb:\n  k: v\n');
  });
});

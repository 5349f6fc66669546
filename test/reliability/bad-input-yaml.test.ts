// Bad input that only a file can carry (aliases, tags, duplicate keys, file types, sizes, encodings), through the CLI's
// `synth` and `fleet`: exit 2, one problem line naming the file (and the path inside it where there is one), nothing on
// stdout, no stack trace, no secret, and no hang.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LIMITS } from '../../src/spec/limits';
import { cli } from '../support/cli';
import { SECRET } from './bad-input-corpus';

const dir = mkdtempSync(join(tmpdir(), 'tk-bad-yaml-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const FLAGS = ['--name', 'foo', '--namespace', 'tenant-foo', '--tenant-host', 'example.org'];

let n = 0;
function file(text: string | Buffer): string {
  const p = join(dir, `f${n++}.yaml`);
  writeFileSync(p, text);
  return p;
}

/** A billion laughs in `valuesOverride`: nine levels of ten aliases each, about 600 bytes. */
function aliasBomb(): string {
  const lines = [
    'addons:',
    '  certManager:',
    '    enabled: true',
    '    valuesOverride:',
    `      l0: &l0 ["${SECRET}","lol","lol","lol","lol","lol","lol","lol","lol","lol"]`,
  ];
  for (let i = 1; i < 9; i++)
    lines.push(
      `      l${i}: &l${i} [${Array(10)
        .fill(`*l${i - 1}`)
        .join(',')}]`,
    );
  return `${lines.join('\n')}\n`;
}

const nestedList = (depth: number) => `addons:\n  cilium:\n    valuesOverride:\n      deep: ${'['.repeat(depth)}${']'.repeat(depth)}\n`;

/** Where a problem line must start: at the file itself, at a YAML error position, at a path in the file, at a field. */
type Where = (file: string) => string;
const theFile: Where = (f) => `${f}: `;
const yamlError: Where = (f) => `${f}:`;
const inFile =
  (path: string): Where =>
  (f) =>
    `${f}: ${path}`;
/** Problems of the spec name the field only: values files merge into one spec. */
const field =
  (path: string): Where =>
  () =>
    `${path}: `;

/** [title, file contents, where the problem line starts, message fragment]. */
const CASES: ReadonlyArray<[string, string | Buffer, Where, string]> = [
  ['an alias bomb', aliasBomb(), inFile('addons.certManager.valuesOverride.l'), 'aliases expand this file past'],
  [
    'a self-referencing list alias',
    'addons:\n  certManager:\n    valuesOverride:\n      a: &a [*a]\n',
    inFile('addons.certManager.valuesOverride.a[0]'),
    'a cycle',
  ],
  [
    'a self-referencing mapping alias',
    `addons:\n  cilium:\n    valuesOverride: &v\n      token: ${SECRET}\n      again: *v\n`,
    inFile('addons.cilium.valuesOverride.again'),
    'a cycle',
  ],
  [
    'aliases nesting an anchor past 100 levels',
    `a: &a ${'['.repeat(60)}${']'.repeat(60)}\nb: ${'['.repeat(50)}*a${']'.repeat(50)}\n`,
    inFile('b[0]'),
    'nests deeper than 100 levels',
  ],
  ['nesting past 100 levels', nestedList(150), yamlError, 'nesting exceeded maxDepth'],
  [
    'a !!js/function tag',
    `addons:\n  cilium:\n    valuesOverride:\n      f: !!js/function "function () { return '${SECRET}' }"\n`,
    yamlError,
    'unknown scalar tag',
  ],
  ['a !!binary tag', 'a: !!binary aGVsbG8=\n', yamlError, 'unknown scalar tag'],
  ['a !!python/object tag', 'a: !!python/object:os.system {}\n', yamlError, 'unknown mapping tag'],
  ['a duplicate key', `addons:\n  cilium:\n    valuesOverride:\n      password: ${SECRET}\n      password: x\n`, yamlError, 'duplicated mapping key'],
  [
    'a syntax error below a secret',
    `addons:\n  cilium:\n    valuesOverride:\n      password: ${SECRET}\n      bad: [unclosed\n`,
    yamlError,
    'invalid YAML',
  ],
  ['two documents', 'version: v1.33\n---\nversion: v1.32\n', theFile, 'one YAML document'],
  ['a list', `- ${SECRET}\n`, theFile, 'must be a YAML mapping'],
  ['a scalar', `${SECRET}\n`, theFile, 'must be a YAML mapping'],
  ['invalid UTF-8', Buffer.from([0x61, 0x3a, 0x20, 0xff, 0xfe, 0x0a]), theFile, 'not UTF-8 text'],
  ['a 50 MB file', Buffer.alloc(50 * 1024 * 1024, 0x20), theFile, `too large: 52428800 bytes, at most ${LIMITS.inputFileBytes}`],
  [
    'one byte over the size limit',
    Buffer.concat([Buffer.from('version: v1.33\n'), Buffer.alloc(LIMITS.inputFileBytes - 14, 0x0a)]),
    theFile,
    `too large: ${LIMITS.inputFileBytes + 1} bytes`,
  ],
  // Helm reads the merge key (it brings in version): only b is unknown.
  ['a merge key (YAML 1.1, as Helm reads it)', 'b: &b {version: v1.33}\n<<: *b\n', field('b'), 'unknown field'],
  ['a __proto__ key at the top', `__proto__:\n  etcd: {replicas: 100000000}\n  token: ${SECRET}\n`, field('__proto__'), 'unknown field'],
];

function expectProblemLine(r: { status: number; stdout: string; stderr: string }, prefix: string, message: string): void {
  expect({ status: r.status, stdout: r.stdout }).toEqual({ status: 2, stdout: '' });
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines.find((l) => l.startsWith(prefix) && l.includes(message)) ?? lines).toEqual(expect.any(String));
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(r.stderr).not.toContain(SECRET);
}

describe('bad YAML files through synth', () => {
  it.each(CASES)('%s', async (_title, text, where, message) => {
    const f = file(text);
    expectProblemLine(await cli(['synth', ...FLAGS, '-f', f]), where(f), message);
  });

  it('refuses a character device without reading it', async () => {
    expectProblemLine(await cli(['synth', ...FLAGS, '-f', '/dev/zero']), '/dev/zero: ', 'it is a character device, not a regular file');
  });

  it('refuses a FIFO without waiting for a writer', async () => {
    const fifo = join(dir, 'values.fifo');
    execFileSync('mkfifo', [fifo]);
    expectProblemLine(await cli(['synth', ...FLAGS, '-f', fifo]), `${fifo}: `, 'it is a named pipe, not a regular file');
  });

  it('refuses a directory', async () => {
    const d = join(dir, 'values.d');
    mkdirSync(d);
    expectProblemLine(await cli(['synth', ...FLAGS, '-f', d]), `${d}: `, 'it is a directory, not a regular file');
  });

  it('expands aliases that repeat content, and renders them as plain trees', async () => {
    const f = file(
      'addons:\n  certManager:\n    enabled: true\n    valuesOverride:\n      a: &shared {replicas: 2, labels: {team: x}}\n      b: *shared\n',
    );
    const r = await cli(['synth', ...FLAGS, '-f', f]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(
      '  values:\n    a:\n      labels:\n        team: x\n      replicas: 2\n    b:\n      labels:\n        team: x\n      replicas: 2\n---',
    );
    expect(r.stdout).not.toMatch(/[&*]shared/);
  });

  it('reads a file of exactly the size limit', async () => {
    const head = Buffer.from('version: v1.33\n');
    const r = await cli(['synth', ...FLAGS, '-f', file(Buffer.concat([head, Buffer.alloc(LIMITS.inputFileBytes - head.length, 0x0a)]))]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});

describe('bad YAML files through fleet', () => {
  const cluster = `name: foo\ntenant: {namespace: tenant-foo, host: example.org}\n`;

  it('refuses an alias bomb in a cluster file, naming the file and document', async () => {
    const f = file(`${cluster}---\n${cluster.replace('foo', 'bar')}${aliasBomb()}`);
    expectProblemLine(await cli(['fleet', f]), `${f}#2: addons.certManager.valuesOverride.l`, 'aliases expand this file past');
  });

  it('names a misspelled key holding credentials without printing them', async () => {
    const f = file(`${cluster}addons:\n  certManager:\n    valueOverride:\n      password: ${SECRET}\n`);
    expectProblemLine(await cli(['fleet', f]), `${f}: addons.certManager.valueOverride: `, 'unknown field');
  });

  it('refuses a FIFO given as a cluster file without waiting for a writer', async () => {
    const fifo = join(dir, 'cluster.yaml.fifo');
    execFileSync('mkfifo', [fifo]);
    expectProblemLine(await cli(['fleet', fifo]), `${fifo}: `, 'regular file');
  });
});

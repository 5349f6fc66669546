// The helm tier's corpus: values files and --set strings whose `.Values` the CLI must compute exactly as Helm v3 does.
import type { SetFlag } from '../../src/cli/values';

export interface ValuesCase {
  readonly name: string;
  /** Values files, in order (`-f`). */
  readonly files: readonly string[];
  /** `--set`/`--set-string`, in command-line order. */
  readonly set?: readonly SetFlag[];
  /** When given, one more `-f -` (after the files) reads this from standard input. */
  readonly stdin?: string;
  /** Files for `--set-file`: `@NAME@` in a set value is the path of a file holding `setFiles[NAME]`. */
  readonly setFiles?: Readonly<Record<string, string>>;
}

const set = (value: string): SetFlag => ({ flag: '--set', value });
const setString = (value: string): SetFlag => ({ flag: '--set-string', value });
const setJson = (value: string): SetFlag => ({ flag: '--set-json', value });
const setFile = (value: string): SetFlag => ({ flag: '--set-file', value });

/** Plain scalars whose YAML 1.1 reading differs between readers: each one a value, in a list and as a key. */
export const SCALARS = [
  'yes',
  'Yes',
  'YES',
  'yEs',
  'no',
  'No',
  'NO',
  'on',
  'On',
  'ON',
  'off',
  'Off',
  'OFF',
  'y',
  'Y',
  'n',
  'N',
  'true',
  'True',
  'TRUE',
  'tRue',
  'false',
  'False',
  'FALSE',
  '~',
  'null',
  'Null',
  'NULL',
  'nULL',
  '0644',
  '0777',
  '08',
  '09.5',
  '0o17',
  '0O17',
  '0x1F',
  '0X1f',
  '-0x1F',
  '+0x1F',
  '0b101',
  '0B11',
  '-0b101',
  '0b-101',
  '1_000',
  '1__000',
  '_1000',
  '1_000.5',
  '+12',
  '-0',
  '-0.0',
  '00',
  '0',
  '.5',
  '.5_0',
  '._5',
  '.5e3',
  '1e3',
  '1E-3',
  '1.5e10',
  '6.02e+23',
  '1e400',
  '-1e400',
  '1e-400',
  '.Nan',
  '9007199254740993',
  '12345678901234567890',
  '18446744073709551615',
  '18446744073709551616',
  '99999999999999999999',
  '-9223372036854775808',
  '-9223372036854775809',
  '2024-01-01',
  '2024-1-2',
  '2024-13-01',
  '2024-01-01T10:00:00Z',
  '2024-01-01 10:00:00',
  '2001-12-14t21:59:43.10-05:00',
  '1:20',
  '190:20:30',
  '0000:07:00.0',
  '0.',
  '1.',
  '+.5',
  '-.5',
  '1e',
  'e3',
  '0x',
  '0o',
  '0b',
  '0xG',
  'Infinity',
  'inf',
  'NaN',
  '=',
  '<<',
  '1,000',
  '12e3_0',
  '0x_1F',
  '0b1_0',
  '1.0',
];

/** Keys whose Helm string form is interesting (numbers, booleans, floats written Go's way). */
export const KEYS = [
  'yes',
  'Off',
  '1',
  '0644',
  '0x1F',
  '1_000',
  '1.5',
  '1.5e10',
  '1e6',
  '100000',
  '0.1',
  '3.25',
  '1e-5',
  '-7',
  '2024-01-01',
  '"quoted"',
];

const chartDefaultsEdits: ValuesCase[] = [
  { name: 'no values at all', files: [] },
  { name: 'an empty file', files: [''] },
  { name: 'a comment-only file', files: ['# nothing\n'] },
  { name: 'a document marker', files: ['---\na: 1\n'] },
  { name: 'a null document', files: ['null\n'] },
  {
    name: 'md0 removed, workers added',
    files: ['nodeGroups:\n  md0: null\n  workers:\n    minReplicas: 1\n    maxReplicas: 3\n    instanceType: u1.large\n'],
  },
  { name: 'workers added next to the default md0', files: ['nodeGroups:\n  workers: {minReplicas: 1, maxReplicas: 3, instanceType: u1.large}\n'] },
  { name: 'nodeGroups: {} keeps md0', files: ['nodeGroups: {}\n'] },
  { name: 'nodeGroups: null', files: ['nodeGroups: null\n'] },
  { name: 'nodeGroups: ~', files: ['nodeGroups: ~\n'] },
  { name: 'nodeGroups empty value', files: ['nodeGroups:\n'] },
  { name: 'storageClass: null', files: ['storageClass: null\n'] },
  { name: 'storageClass empty string', files: ['storageClass: ""\n'] },
  { name: 'md0 fields nulled', files: ['nodeGroups:\n  md0:\n    roles: null\n    instanceType: ~\n    resources: {cpu: 2, memory: 4Gi}\n'] },
  { name: 'md0 roles replaced (lists are replaced)', files: ['nodeGroups:\n  md0:\n    roles: [worker]\n'] },
  { name: 'a null for a key the chart lacks stays', files: ['etcd: null\nnodeGroups:\n  workers:\n    roles: null\n    minReplicas: 1\n'] },
  { name: 'a table over a scalar default', files: ['storageClass: {name: x}\nversion: [v1.30]\n'] },
  { name: 'a scalar over a table default', files: ['addons: enabled\ncontrolPlane: 3\n'] },
  {
    name: 'nested nulls in addons',
    files: ['addons:\n  certManager: null\n  ingressNginx:\n    hosts: null\n    exposeMethod: null\n    enabled: yes\n'],
  },
  {
    name: 'controlPlane deep edit',
    files: [
      'controlPlane:\n  replicas: 0x3\n  apiServer:\n    resources: {cpu: 2, memory: 4Gi}\n    resourcesPreset: null\n  konnectivity:\n    server: null\n',
    ],
  },
  {
    name: 'valuesOverride deep content',
    files: ['addons:\n  cilium:\n    valuesOverride:\n      cilium: {mtu: 1400, ipv6: {enabled: on}, list: [1, two, {x: null}]}\n'],
  },
];

const multipleFiles: ValuesCase[] = [
  {
    name: 'later files win, maps merge deeply',
    files: [
      'version: v1.30\nnodeGroups:\n  md0:\n    maxReplicas: 4\n    instanceType: u1.small\n',
      'version: v1.31\nnodeGroups:\n  md0:\n    maxReplicas: 6\n',
    ],
  },
  {
    name: 'a null in a later file replaces a map of an earlier one',
    files: ['nodeGroups:\n  workers: {minReplicas: 1}\n', 'nodeGroups:\n  workers: null\n'],
  },
  { name: 'a map in a later file replaces an earlier null', files: ['nodeGroups:\n  md0: null\n', 'nodeGroups:\n  md0: {maxReplicas: 2}\n'] },
  { name: 'an earlier null, a later file without the key', files: ['storageClass: null\nnodeGroups: {md0: null}\n', 'version: v1.32\n'] },
  {
    name: 'lists replaced, not merged',
    files: ['addons:\n  ingressNginx:\n    hosts: [a.example.org, b.example.org]\n', 'addons:\n  ingressNginx:\n    hosts: [c.example.org]\n'],
  },
  { name: 'a scalar replaces a map across files', files: ['x: {a: 1}\n', 'x: 2\n'] },
  { name: 'a map replaces a scalar across files', files: ['x: 2\n', 'x: {a: 1}\n'] },
  { name: 'three files', files: ['a: {b: {c: 1, d: 2}}\n', 'a: {b: {d: null, e: 3}}\n', 'a: {b: {c: yes}}\n'] },
  { name: 'anchors and aliases', files: ['base: &b {minReplicas: 1, maxReplicas: 3}\nnodeGroups:\n  a: *b\n  b: {<<: *b, maxReplicas: 5}\n'] },
  { name: 'merge keys from a list, earlier wins', files: ['x: &x {a: 1, b: 1}\ny: &y {b: 2, c: 2}\nz:\n  <<: [*x, *y]\n  d: 4\n'] },
  { name: 'block scalars', files: ['a: |\n  line one\n  line two\nb: >-\n  folded\n  text\nc: |+\n  keep\n\n'] },
  { name: 'quoted scalars stay strings', files: ['a: "yes"\nb: \'0644\'\nc: "null"\nd: "1e3"\ne: !!str on\n'] },
  { name: 'explicit tags', files: ['a: !!int "12"\nb: !!float 1\nc: !!bool "yes"\nd: !!null ""\ne: !!str 0x1F\n'] },
  { name: 'unicode keys and values', files: ['ключ: значение\n"a.b": 1\n"a b": "c\\u00e9"\n'] },
];

const sets: ValuesCase[] = [
  { name: '--set a.b=c', files: [], set: [set('a.b=c')] },
  { name: '--set types', files: [], set: [set('a=true,b=FALSE,c=null,d=0,e=007,f=12,g=-5,h=+5,i=1.5,j=1e3,k=yes,l=,m=9223372036854775808')] },
  { name: '--set-string keeps strings', files: [], set: [setString('a=true,b=null,c=12,d={x,y}')] },
  { name: '--set lists', files: [], set: [set('a={x,y,z},b={},c={1,true,null},d[0]=x,d[2]=z')] },
  { name: '--set list items of maps', files: [], set: [set('list[0].name=a,list[1].name=b,list[0].value=1')] },
  { name: '--set nested lists', files: [], set: [set('m[0][1]=x,m[1][0][0]=y')] },
  { name: '--set escapes', files: [], set: [set('a\\.b=c,d=e\\,f,g=h\\=i,j=k=l,n\\[0\\]=m')] },
  {
    name: '--set into file values',
    files: ['nodeGroups:\n  md0:\n    roles: [a, b]\n'],
    set: [set('nodeGroups.md0.roles[1]=c,nodeGroups.md0.maxReplicas=3,nodeGroups.workers.minReplicas=1')],
  },
  { name: '--set null deletes a chart default', files: [], set: [set('nodeGroups.md0=null,storageClass=null')] },
  { name: '--set a map over a scalar from a file', files: ['x: 1\n'], set: [set('x=2')] },
  { name: '--set-string after --set whatever the order', files: [], set: [setString('a=1'), set('a=2'), setString('b=x'), set('b=y,c=3')] },
  { name: '--set many flags, later wins', files: [], set: [set('a=1'), set('a=2'), set('b.c=1'), set('b.d=2')] },
  { name: '--set empty value at the end', files: [], set: [set('a=')] },
  { name: '--set trailing comma', files: [], set: [set('a=1,')] },
  { name: '--set unicode', files: [], set: [set('ключ=значение,emoji=😀')] },
  { name: '--set index with a sign', files: [], set: [set('a[+1]=x')] },
  { name: '--set list item map at the end without value', files: [], set: [set('a[0].b=')] },
  { name: '--set nodeGroups=null', files: [], set: [set('nodeGroups=null')] },
  { name: '--set-string over a chart number', files: [], set: [setString('nodeGroups.md0.maxReplicas=3,controlPlane.replicas=0x2')] },
  { name: '--set a map key after a scalar of the same flag', files: [], set: [set('a.b=1,a.c=2,d=x')] },
  { name: '--set into a list from a file, growing it', files: ['l: [a, b]\n'], set: [set('l[3]=d,l[0].x=1')] },
  {
    name: '--set a list into a map from a file',
    files: ['addons: {ingressNginx: {hosts: [a.org]}}\n'],
    set: [set('addons.ingressNginx.hosts={b.org,c.org}')],
  },
  { name: '--set-json values', files: [], set: [setJson('a={"x":[1,"two",null,{"y":true}]},b=[1,2], c="s,t" ,d=,e=null,f=1.5e3,g[1]={"z":1}')] },
  { name: '--set-json before --set whatever the order', files: [], set: [set('a=1'), setJson('a=2,b={"c":3}'), set('b.d=4')] },
  { name: '--set-json text after a value', files: [], set: [setJson('a=1 b=2')] },
  {
    name: '--set-file values, last of all',
    files: [],
    set: [setFile('a=@one@,b={@one@,@two@}'), set('a=x,c=1')],
    setFiles: { one: 'line one\nyes\n', two: '0644' },
  },
  { name: '--set NULL and True in any case', files: [], set: [set('a=NULL,b=True,c=fAlSe,d=Null')] },
];

const stdin: ValuesCase[] = [
  { name: '-f - reads standard input', files: [], stdin: 'nodeGroups:\n  md0: null\nversion: v1.32\n' },
  { name: '-f - after files wins', files: ['version: v1.30\nx: {a: 1}\n'], stdin: 'x: {b: yes}\n' },
];

/** Inputs Helm refuses: the CLI must refuse them too. */
export const REFUSED: readonly ValuesCase[] = [
  { name: '.inf is not JSON', files: ['a: .inf\n'] },
  { name: '-.Inf in a list', files: ['a: [1, -.Inf]\n'] },
  { name: '.NAN', files: ['a: .NAN\n'] },
  { name: 'a null key', files: ['~: x\n'] },
  { name: 'a uint64 key', files: ['18446744073709551615: x\n'] },
  { name: 'a list as the document', files: ['- a\n'] },
  { name: 'a scalar document', files: ['hello\n'] },
  { name: 'a YAML syntax error', files: ['a: [1, 2\n'] },
  { name: '--set without a value', files: [], set: [set('a.b')] },
  { name: '--set map with an empty key', files: [], set: [set('a..b=1')] },
  { name: '.nan', files: ['a: .nan\n'] },
  { name: '--set ending in a comma after a key', files: [], set: [set('a,b=1')] },
  { name: '--set unterminated list', files: [], set: [set('a={x,y')] },
  { name: '--set negative index', files: [], set: [set('a[-1]=x')] },
  { name: '--set index not a number', files: [], set: [set('a[x]=1')] },
  { name: '--set index too large', files: [], set: [set('a[65537]=1')] },
  { name: '--set data after an index', files: [], set: [set('a[0]x=1')] },
  { name: '--set a key into a list', files: ['a: [1]\n'], set: [set('a.b=1')] },
  { name: '--set an index into a map', files: ['a: {b: 1}\n'], set: [set('a[0]=1')] },
  { name: '--set a key into a null', files: ['a: null\n'], set: [set('a.b=1')] },
  { name: '--set a key into a scalar set before', files: [], set: [set('a=1'), set('a.b=2')] },
  { name: '--set-file a missing file', files: [], set: [setFile('a=/nonexistent/tk-missing-file')] },
  { name: '--set-json invalid JSON', files: [], set: [setJson('a={"x":')] },
  { name: '--set-json a bare word', files: [], set: [setJson('a=tru')] },
  { name: '--set nested too deep', files: [], set: [set(`${Array.from({ length: 32 }, (_, i) => `k${i}`).join('.')}=1`)] },
];

/** Every case the CLI must compute exactly as Helm. */
export const CORPUS: readonly ValuesCase[] = [
  { name: 'YAML 1.1 scalars as values', files: [SCALARS.map((s, i) => `v${i}: ${s}\n`).join('')] },
  { name: 'YAML 1.1 scalars in a list', files: [`list:\n${SCALARS.map((s) => `  - ${s}\n`).join('')}`] },
  { name: 'YAML 1.1 scalars in a flow list', files: [`flow: [${SCALARS.filter((s) => !/[,[\]{}]/.test(s)).join(', ')}]\n`] },
  { name: 'keys as Helm writes them', files: [KEYS.map((k, i) => `${k}: ${i}\n`).join('')] },
  ...chartDefaultsEdits,
  ...multipleFiles,
  ...sets,
  ...stdin,
];

/**
 * A difference the CLI knows it has (docs/values.md): go-yaml v2 lets a merge key (`<<`) override a key written
 * before it in the same mapping; js-yaml keeps the explicit key. The tier shows that the comparison catches it.
 */
export const KNOWN_DIFFERENCE: ValuesCase = { name: 'merge key after an explicit key', files: ['base: &b {a: 2}\nm:\n  a: 1\n  <<: *b\n'] };

/** Inputs Helm accepts and the CLI refuses on purpose (docs/values.md). */
export const STRICTER: readonly ValuesCase[] = [
  { name: 'a duplicate key (Helm: the last wins)', files: ['a: 1\na: 2\n'] },
  { name: 'keys equal after conversion (Helm: either, by map order)', files: ['1: a\n"1": b\n'] },
  { name: '--set an integer beyond 2^53 (Helm: an exact int64)', files: [], set: [set('a=9007199254740993')] },
  { name: 'two YAML documents in one file (Helm: the first, the rest ignored)', files: ['a: 1\n---\nb: 2\n'] },
];

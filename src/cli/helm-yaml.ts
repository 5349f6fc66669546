// The YAML schema Helm v3 reads values files with: sigs.k8s.io/yaml over go-yaml v2 (go.yaml.in/yaml/v2 v2.4.4 in
// Helm v3.22.0), then a JSON round trip into map[string]interface{}. Ported from go-yaml v2's resolve.go and
// sigs.k8s.io/yaml's convertToJSONableObject; the rules, with examples, are in docs/values.md.
//
// - Plain scalars resolve by go-yaml v2's table: `y Y yes Yes YES true True TRUE on On ON` are true, the `n`/`no`/
//   `false`/`off` family false, `"" ~ null Null NULL` null, `.inf`/`.nan` families floats; a scalar starting with a
//   digit or sign is a timestamp (kept as its text), else an integer by Go's strconv.ParseInt(s, 0, 64) with every
//   `_` removed (`0x1F`, `0o17`, `0644` octal, `0b101`, `1_000`), else an unsigned 64-bit integer, else a float of
//   the YAML pattern, else a string. Quoted scalars are strings.
// - Every number becomes a float64 (the JSON round trip), as a JavaScript number is.
// - Map keys become strings as sigs.k8s.io/yaml writes them: integers in decimal, booleans `true`/`false`, floats by
//   Go's FormatFloat(f, 'g', -1, 32); a null, unsigned 64-bit, sequence or mapping key is an error (Helm's too).
// - A float that is infinite or NaN cannot be written as JSON: Helm refuses the file (firstUnjsonable finds it).
import { child } from '../spec/paths';
import { NOT_RESOLVED, Schema, defineMappingTag, defineScalarTag, defineSequenceTag, mergeTag, strTag } from 'js-yaml';

const BOOL_TAG = 'tag:yaml.org,2002:bool';
const INT_TAG = 'tag:yaml.org,2002:int';
const FLOAT_TAG = 'tag:yaml.org,2002:float';
const NULL_TAG = 'tag:yaml.org,2002:null';
const STR_TAG = 'tag:yaml.org,2002:str';

/** A float (go-yaml's float64) until it is stored: keys format floats differently from integers. */
class GoFloat {
  public constructor(public readonly value: number) {}
}
/** An integer above int64 (go-yaml's uint64): a value like any number, but not a valid map key. */
class GoUint {
  public constructor(public readonly value: number) {}
}

const RESOLVE_MAP: ReadonlyMap<string, { tag: string; value: unknown }> = (() => {
  const m = new Map<string, { tag: string; value: unknown }>();
  const add = (tag: string, value: unknown, words: string[]) => words.forEach((w) => m.set(w, { tag, value }));
  add(BOOL_TAG, true, ['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']);
  add(BOOL_TAG, false, ['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']);
  add(NULL_TAG, null, ['', '~', 'null', 'Null', 'NULL']);
  add(FLOAT_TAG, Number.NaN, ['.nan', '.NaN', '.NAN']);
  add(FLOAT_TAG, Number.POSITIVE_INFINITY, ['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF']);
  add(FLOAT_TAG, Number.NEGATIVE_INFINITY, ['-.inf', '-.Inf', '-.INF']);
  return m;
})();

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** Go's strconv.ParseInt(s, base, 64) / ParseUint for base 0 or 2 (no underscores: they are removed before). */
function parseGoInt(s: string, base: 0 | 2, signed: boolean): bigint | undefined {
  let rest = s;
  let negative = false;
  if (signed && (rest.startsWith('+') || rest.startsWith('-'))) {
    negative = rest.startsWith('-');
    rest = rest.slice(1);
  }
  let digits = /^[01]+$/;
  let prefix = '0b';
  if (base === 0) {
    const p = rest.slice(0, 2).toLowerCase();
    if (p === '0x') [digits, prefix, rest] = [/^[0-9a-fA-F]+$/, '0x', rest.slice(2)];
    else if (p === '0o') [digits, prefix, rest] = [/^[0-7]+$/, '0o', rest.slice(2)];
    else if (p === '0b') [digits, prefix, rest] = [/^[01]+$/, '0b', rest.slice(2)];
    else if (rest.length > 1 && rest.startsWith('0')) [digits, prefix, rest] = [/^[0-7]+$/, '0o', rest.slice(1)];
    else [digits, prefix] = [/^[0-9]+$/, ''];
  }
  if (!digits.test(rest)) return undefined;
  const magnitude = BigInt(`${prefix}${rest}`);
  const value = negative ? -magnitude : magnitude;
  if (signed ? value < INT64_MIN || value > INT64_MAX : value > UINT64_MAX) return undefined;
  return value;
}

/** Go's strconv.ParseFloat for a string starting with `.`: digits with single underscores between them. */
const DOT_FLOAT = /^\.[0-9]+(?:_[0-9]+)*(?:[eE][-+]?[0-9]+(?:_[0-9]+)*)?$/;
/** go-yaml v2's yamlStyleFloat. */
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

/** go-yaml v2's parseTimestamp: only whether it is one (a timestamp is read as its text). */
function isGoTimestamp(s: string): boolean {
  if (!/^[0-9]{4}-/.test(s)) return false;
  const date = '([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})';
  const m = new RegExp(`^${date}(?:(?:[Tt]| )([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})?)?$`).exec(s);
  if (m === null) return false;
  // The layouts with `T`/`t` need a zone; the one with a space has none.
  const sep = s.length > 10 ? s.charAt(m[1].length + m[2].length + m[3].length + 2) : '';
  if ((sep === 'T' || sep === 't') && m[8] === undefined) return false;
  if (sep === ' ' && m[8] !== undefined) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > new Date(Date.UTC(y, mo, 0)).getUTCDate()) return false;
  if (m[4] !== undefined && (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6]) > 59)) return false;
  if (m[7] !== undefined && m[7].length > 10) return false;
  if (m[8] !== undefined && m[8] !== 'Z' && (Number(m[8].slice(1, 3)) > 23 || Number(m[8].slice(4)) > 59)) return false;
  return true;
}

const number = (n: bigint): number => Number(n);

/** go-yaml v2's resolve(tag "", s) for a plain scalar: the tag it resolves to and its value. */
export function goYamlResolve(s: string): { tag: string; value: unknown } {
  const c = s.charAt(0);
  const hint = s === '' ? 'N' : c === '+' || c === '-' ? 'S' : c >= '0' && c <= '9' ? 'D' : 'yYnNtTfFoO~'.includes(c) ? 'M' : c === '.' ? '.' : '';
  if (hint === '') return { tag: STR_TAG, value: s };
  const known = RESOLVE_MAP.get(s);
  if (known !== undefined) return known;
  if (hint === '.') {
    if (DOT_FLOAT.test(s)) {
      const f = Number(s.replace(/_/g, ''));
      if (Number.isFinite(f)) return { tag: FLOAT_TAG, value: f };
    }
  } else if (hint === 'D' || hint === 'S') {
    if (isGoTimestamp(s)) return { tag: STR_TAG, value: s };
    const plain = s.replace(/_/g, '');
    const i = parseGoInt(plain, 0, true);
    if (i !== undefined) return { tag: INT_TAG, value: number(i) };
    const u = parseGoInt(plain, 0, false);
    if (u !== undefined) return { tag: INT_TAG, value: new GoUint(number(u)) };
    if (YAML_STYLE_FLOAT.test(plain)) {
      const f = Number(plain);
      // ParseFloat fails with ErrRange past float64: the scalar stays a string.
      if (Number.isFinite(f)) return { tag: FLOAT_TAG, value: f };
    }
    if (plain.startsWith('0b')) {
      const b = parseGoInt(plain.slice(2), 2, true);
      if (b !== undefined) return { tag: INT_TAG, value: number(b) };
      const ub = parseGoInt(plain.slice(2), 2, false);
      if (ub !== undefined) return { tag: INT_TAG, value: new GoUint(number(ub)) };
    } else if (plain.startsWith('-0b')) {
      const b = parseGoInt(`-${plain.slice(3)}`, 2, true);
      if (b !== undefined) return { tag: INT_TAG, value: number(b) };
    }
  }
  return { tag: STR_TAG, value: s };
}

/** A scalar tag that takes what go-yaml v2 resolves to `tagName` (explicitly tagged: `!!float 1` is a float too). */
function goScalarTag(tagName: string, firstChars: string[] | null) {
  return defineScalarTag(tagName, {
    implicit: true,
    implicitFirstChars: firstChars,
    resolve: (source: string, isExplicit: boolean) => {
      const r = goYamlResolve(source);
      const ok = r.tag === tagName || (isExplicit && tagName === FLOAT_TAG && r.tag === INT_TAG && !(r.value instanceof GoUint));
      if (!ok) return NOT_RESOLVED;
      if (tagName === FLOAT_TAG) return new GoFloat(typeof r.value === 'number' ? r.value : Number.NaN);
      return r.value;
    },
    identify: () => false,
  });
}

/** The stored form of a value: a plain number for the wrappers. */
function plain(value: unknown): unknown {
  return value instanceof GoFloat || value instanceof GoUint ? value.value : value;
}

/** Go's strconv.FormatFloat(f, 'g', -1, 32): the shortest float32 digits, exponent form below 1e-4 or from 1e6... */
export function formatGoFloat32(f: number): string {
  const f32 = Math.fround(f);
  if (Number.isNaN(f32)) return 'NaN';
  if (!Number.isFinite(f32)) return f32 > 0 ? '+Inf' : '-Inf';
  if (f32 === 0) return Object.is(f32, -0) ? '-0' : '0';
  let digits = '';
  let exp = 0;
  for (let p = 1; p <= 9; p++) {
    const e = f32.toExponential(p - 1);
    if (Math.fround(Number(e)) === f32) {
      const [mantissa, ex] = e.split('e');
      digits = mantissa.replace('-', '').replace('.', '');
      exp = Number(ex);
      break;
    }
  }
  const sign = f32 < 0 ? '-' : '';
  // %g with the shortest digits: exponent form when exp < -4 or exp >= 21 for 64-bit... for 'g' and -1 precision Go
  // uses eprec = 6 when shortest, raised to the digit count when that is larger than the decimal point position.
  let eprec = 6;
  if (digits.length > eprec && digits.length >= exp + 1) eprec = digits.length;
  if (exp < -4 || exp >= eprec) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const es = Math.abs(exp) < 10 ? `0${Math.abs(exp)}` : String(Math.abs(exp));
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${es}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  if (digits.length <= exp + 1) return `${sign}${digits}${'0'.repeat(exp + 1 - digits.length)}`;
  return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
}

/** The key as sigs.k8s.io/yaml writes it, or a problem (a string starting with `!`). */
function goKey(key: unknown): { key: string } | { error: string } {
  if (typeof key === 'string') return { key };
  if (typeof key === 'boolean') return { key: key ? 'true' : 'false' };
  if (typeof key === 'number') return { key: String(key) };
  if (key instanceof GoFloat) {
    const s = formatGoFloat32(key.value);
    return { key: s === '+Inf' ? '.inf' : s === '-Inf' ? '-.inf' : s === 'NaN' ? '.nan' : s };
  }
  if (key === null) return { error: 'a null map key: Helm refuses it ("unsupported map key of type <nil>"); quote it' };
  if (key instanceof GoUint)
    return { error: 'a map key above the signed 64-bit range: Helm refuses it (unsupported map key of type uint64); quote it' };
  return { error: 'a sequence or mapping as a map key: values take string keys' };
}

/** Plain objects, keys defined (never assigned: `__proto__`), keys converted as Helm converts them. */
const goMapTag = defineMappingTag('tag:yaml.org,2002:map', {
  create: () => ({}),
  identify: (data: unknown) => typeof data === 'object' && data !== null && !Array.isArray(data),
  addPair: (container: Record<string, unknown>, key: unknown, value: unknown) => {
    const k = goKey(key);
    if ('error' in k) return k.error;
    Object.defineProperty(container, k.key, { value: plain(value), enumerable: true, writable: true, configurable: true });
    return '';
  },
  has: (container: Record<string, unknown>, key: unknown) => {
    const k = goKey(key);
    return 'key' in k && Object.hasOwn(container, k.key);
  },
  keys: (container: Record<string, unknown>) => Object.keys(container),
  get: (container: Record<string, unknown>, key: unknown) => {
    const k = goKey(key);
    return 'key' in k && Object.hasOwn(container, k.key) ? container[k.key] : null;
  },
});

const goSeqTag = defineSequenceTag('tag:yaml.org,2002:seq', {
  create: () => [] as unknown[],
  addItem: (container: unknown[], item: unknown) => {
    container.push(plain(item));
    return '';
  },
  identify: Array.isArray,
});

/** The schema Helm v3 reads values files with (see the top of this file). */
export const HELM_VALUES_SCHEMA: Schema = new Schema([
  strTag,
  goSeqTag,
  goMapTag,
  goScalarTag(NULL_TAG, null),
  goScalarTag(BOOL_TAG, [...'yYnNtTfFoO']),
  goScalarTag(INT_TAG, [...'+-0123456789']),
  goScalarTag(FLOAT_TAG, [...'+-.0123456789']),
  mergeTag,
]);

/** A document's value as stored (a document that is one scalar is unwrapped too). */
export function helmDocumentValue(value: unknown): unknown {
  return plain(value);
}

/**
 * The first number Helm cannot carry through JSON (an infinity or NaN: encoding/json refuses them, so Helm refuses
 * the file), with its path; undefined when there is none.
 */
export function firstUnjsonable(value: unknown, path = ''): { path: string; value: number } | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : { path, value };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const r = firstUnjsonable(value[i], child(path, i));
      if (r !== undefined) return r;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const r = firstUnjsonable(v, child(path, k));
      if (r !== undefined) return r;
    }
  }
  return undefined;
}

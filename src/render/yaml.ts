// The YAML writer of every output: Kubernetes objects (JSON data: objects, arrays, strings, finite numbers,
// booleans, null) as multi-document YAML. Keys are sorted, so the same objects give the same bytes whatever order
// they were built in. Strings stay plain only where every YAML reader a platform uses (YAML 1.2 core, and the YAML 1.1
// readers of kubectl, Helm and Flux: `yes`, `on`, `0777`, `1:20`, `2024-01-01`) reads them back as the same string;
// otherwise they are double-quoted. Multi-line strings (scripts, embedded files) are literal blocks.
// Hand-written for speed: it is several times faster than general-purpose YAML libraries on these objects.

/** Raised for values that have no place in a Kubernetes object (functions, NaN, cycles...). */
export class YamlValueError extends Error {
  public constructor(public readonly path: string, message: string) {
    super(`${path}: ${message}`);
    this.name = 'YamlValueError';
  }
}

const INDENTS: string[] = [''];
function indent(level: number): string {
  while (INDENTS.length <= level) INDENTS.push(INDENTS[INDENTS.length - 1] + '  ');
  return INDENTS[level];
}

// Printable characters (YAML's c-printable minus the ones readers treat as line breaks or BOM), tab excluded.
// eslint-disable-next-line no-control-regex
const NON_PRINTABLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff\ud800-\udfff]/;
// eslint-disable-next-line no-control-regex
const NON_PRINTABLE_G = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]/g;
/** Scalars that some YAML version reads as null, a boolean, a number, a timestamp or a merge/value key. */
const SPECIAL =
  /^(?:[-+]?(?:[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?|0b[01_]+|0o?[0-7_]+|0x[0-9a-fA-F_]+|(?:[0-9][0-9_]*)?(?:\.[0-9._]*)?(?:[eE][-+]?[0-9]+)?|\.(?:inf|Inf|INF|nan|NaN|NAN))|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt \t].*)?|~|null|Null|NULL|y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|=|<<)$/;
/**
 * Starts that make something other than a plain scalar: indicators, white space, `-`/`?`/`:` followed by a space or
 * nothing (`--flag` stays plain), and document markers.
 */
const INDICATOR_START = /^(?:[,[\]{}#&*!|>'"%@`\s]|[-?:](?:\s|$)|---|\.\.\.)/;
/** Sequences that end a plain scalar early or make it something else. */
const BREAKS_PLAIN = /: |:$|\s#|\s$|\t|\n|\r/;

function plainSafe(s: string): boolean {
  return s.length > 0 && !INDICATOR_START.test(s) && !BREAKS_PLAIN.test(s) && !SPECIAL.test(s) && !NON_PRINTABLE.test(s);
}

function escapeChar(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

function doubleQuoted(s: string): string {
  // JSON's escapes are YAML's too; escape what JSON leaves alone but YAML readers do not accept raw.
  return JSON.stringify(s).replace(NON_PRINTABLE_G, escapeChar);
}

/** A multi-line string as a literal block, when that represents it exactly; otherwise `undefined`. */
function literalBlock(s: string, level: number): string | undefined {
  if (NON_PRINTABLE.test(s) || s.includes('\r')) return undefined;
  let body = s;
  let chomp = '-';
  if (body.endsWith('\n')) {
    body = body.slice(0, -1);
    chomp = '';
    if (body.endsWith('\n') || body.length === 0) return undefined; // trailing blank lines: keep it simple, quote it
  }
  const lines = body.split('\n');
  // Readers disagree on lines of white space alone: quote those strings.
  if (lines.some((l) => l.length > 0 && l.trim().length === 0)) return undefined;
  // An explicit indentation indicator when the text starts with spaces (the indentation is not guessed then).
  const explicit = (lines.find((l) => l.length > 0) ?? '').startsWith(' ') ? '2' : '';
  const pad = indent(level);
  let out = `|${explicit}${chomp}`;
  for (const line of lines) out += line.length === 0 ? '\n' : `\n${pad}${line}`;
  return out;
}

function scalarString(s: string, level: number): string {
  if (plainSafe(s)) return s;
  if (s.includes('\n')) {
    const block = literalBlock(s, level);
    if (block !== undefined) return block;
  }
  return doubleQuoted(s);
}

function keyString(k: string): string {
  return plainSafe(k) ? k : doubleQuoted(k);
}

function isEmpty(v: unknown): boolean {
  if (Array.isArray(v)) return v.length === 0;
  if (v !== null && typeof v === 'object') {
    for (const k in v) if ((v as Record<string, unknown>)[k] !== undefined) return false;
    return true;
  }
  return false;
}

function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  // Any realm's Object.prototype (or none): not a Date, Map or class instance.
  return proto === null || Object.getPrototypeOf(proto) === null;
}

class Writer {
  public out = '';
  private readonly active = new Set<object>();
  /** Keys and indexes down to the value being written (for error messages only). */
  private readonly stack: Array<string | number> = [];

  private fail(message: string): never {
    const path = this.stack.map((k) => (typeof k === 'number' ? `[${k}]` : `.${k}`)).join('');
    throw new YamlValueError(path.replace(/^\./, '') || '(document)', message);
  }

  /** A scalar or empty collection, for the end of a `key: ` or `- ` line. */
  private inline(v: unknown, level: number): string {
    switch (typeof v) {
      case 'string':
        return scalarString(v, level);
      case 'number':
        return this.number(v);
      case 'boolean':
        return v ? 'true' : 'false';
      case 'object':
        if (v === null) return 'null';
        if (Array.isArray(v)) return '[]';
        if (!isPlainObject(v)) this.fail(`a ${v.constructor?.name ?? 'class'} instance is not plain JSON data`);
        return '{}';
      case 'bigint':
        return v.toString();
      default:
        return this.fail(`a ${typeof v} cannot be written as YAML`);
    }
  }

  /** JavaScript's shortest form; exponents get a fraction (`1.0e+21`), which YAML 1.1 needs to read a float. */
  private number(n: number): string {
    if (!Number.isFinite(n)) this.fail(`${n} is not a finite number`);
    const s = String(n);
    const e = s.indexOf('e');
    return e > 0 && !s.includes('.') ? `${s.slice(0, e)}.0${s.slice(e)}` : s;
  }

  private enter(v: object): void {
    if (this.active.has(v)) this.fail('refers to itself');
    if (!Array.isArray(v) && !isPlainObject(v)) this.fail(`a ${v.constructor?.name ?? 'class'} instance is not plain JSON data`);
    this.active.add(v);
  }

  /** A mapping's entries, each on its own line at `level`; `first` is written before the first key. */
  public mapping(obj: Record<string, unknown>, level: number, first: string): void {
    this.enter(obj);
    const keys = Object.keys(obj).sort();
    let lead = first;
    const pad = indent(level);
    for (const k of keys) {
      const v = obj[k];
      if (v === undefined) continue;
      this.out += `${lead}${keyString(k)}:`;
      lead = `\n${pad}`;
      this.stack.push(k);
      this.value(v, level);
      this.stack.pop();
    }
    this.active.delete(obj);
  }

  /** A sequence's items at `level`; `first` is written before the first dash. */
  public sequence(arr: readonly unknown[], level: number, first: string): void {
    this.enter(arr);
    let lead = first;
    const pad = indent(level);
    for (let i = 0; i < arr.length; i++) {
      const v = arr[i];
      this.stack.push(i);
      if (v === undefined) this.fail('undefined is not a value');
      this.out += `${lead}-`;
      lead = `\n${pad}`;
      if (v !== null && typeof v === 'object' && !isEmpty(v)) {
        // `- key: v` / `- - item`: the collection continues on the dash's line, indented past it.
        if (Array.isArray(v)) this.sequence(v, level + 1, ' ');
        else this.mapping(v as Record<string, unknown>, level + 1, ' ');
      } else {
        this.out += ` ${this.inline(v, level + 1)}`;
      }
      this.stack.pop();
    }
    this.active.delete(arr);
  }

  /** The value after `key:` (a mapping's child is indented one level, a sequence's dashes too). */
  private value(v: unknown, level: number): void {
    if (v !== null && typeof v === 'object' && !isEmpty(v)) {
      const pad = `\n${indent(level + 1)}`;
      if (Array.isArray(v)) this.sequence(v, level + 1, pad);
      else this.mapping(v as Record<string, unknown>, level + 1, pad);
    } else {
      this.out += ` ${this.inline(v, level + 1)}`;
    }
  }

  public document(doc: unknown, index: number): void {
    this.stack.length = 0;
    this.stack.push(index);
    if (doc !== null && typeof doc === 'object' && !isEmpty(doc)) {
      if (Array.isArray(doc)) this.sequence(doc, 0, '');
      else this.mapping(doc as Record<string, unknown>, 0, '');
    } else {
      this.out += this.inline(doc, 0);
    }
    this.out += '\n';
  }
}

/**
 * Objects as multi-document YAML (`---` between documents): keys sorted, no line folding, byte-identical for the
 * same objects. Throws {@link YamlValueError} for values JSON cannot hold.
 */
export function toYaml(objects: readonly unknown[]): string {
  const w = new Writer();
  for (let i = 0; i < objects.length; i++) {
    if (i > 0) w.out += '---\n';
    w.document(objects[i], i);
  }
  return w.out;
}

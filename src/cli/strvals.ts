// `--set` and `--set-string` as Helm v3 parses them: a port of helm.sh/helm/v3 pkg/strvals/parser.go (v3.22.0),
// the same grammar, type rules and limits, applied into the values read from the `-f` files. The rules, with
// examples, are in docs/values.md.

/**
 * A problem with one `--set` string. Messages quote nothing the user wrote: a `--set` without `=` may be a credential
 * pasted by mistake.
 */
export class StrvalsError extends Error {}

/** Helm's limits: list indexes and name nesting. */
export const MAX_INDEX = 65536;
export const MAX_NESTED_NAME_LEVEL = 30;

type Map = Record<string, unknown>;

const isMap = (v: unknown): v is Map => typeof v === 'object' && v !== null && !Array.isArray(v);

function setOwn(data: Map, key: string, value: unknown): void {
  if (key.length === 0) return;
  Object.defineProperty(data, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Reads code points (Go's runes) with one step of unread. */
class Scanner {
  private readonly runes: string[];
  private pos = 0;
  public constructor(text: string) {
    this.runes = Array.from(text);
  }
  public read(): string | undefined {
    return this.pos < this.runes.length ? this.runes[this.pos++] : undefined;
  }
  public unread(): void {
    this.pos--;
  }
  /** What is left, as text. */
  public rest(): string {
    return this.runes.slice(this.pos).join('');
  }
  public skip(runes: number): void {
    this.pos += runes;
  }
  /** Helm's emptyVal: skips white space; true at the end or after a `,` (consumed), false before anything else. */
  public emptyVal(): boolean {
    for (;;) {
      const r = this.read();
      if (r === undefined || r === ',') return true;
      if (!/^\s$/u.test(r)) {
        this.unread();
        return false;
      }
    }
  }
  /** Runes up to one of `stop` (consumed, returned as `last`; undefined at the end); `\` escapes the next rune. */
  public until(stop: string): { text: string; last: string | undefined } {
    let text = '';
    for (;;) {
      const r = this.read();
      if (r === undefined) return { text, last: undefined };
      if (stop.includes(r)) return { text, last: r };
      if (r === '\\') {
        const next = this.read();
        if (next === undefined) return { text, last: undefined };
        text += next;
      } else {
        text += r;
      }
    }
  }
}

/** Helm's typedVal: `--set` infers booleans, null and int64 integers; `--set-string` keeps strings. */
export function typedVal(val: string, asString: boolean): unknown {
  if (asString) return val;
  const lower = val.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  if (lower === 'null') return null;
  if (val === '0') return 0;
  if (val.length !== 0 && val[0] !== '0' && /^[+-]?[0-9]+$/.test(val)) {
    const n = BigInt(val);
    if (n >= -(2n ** 63n) && n <= 2n ** 63n - 1n) {
      // Helm keeps an int64; beyond 2^53 a JavaScript number would change it, so it is refused, not rounded.
      if (n > BigInt(Number.MAX_SAFE_INTEGER) || n < BigInt(Number.MIN_SAFE_INTEGER)) {
        throw new StrvalsError(`an integer of ${val.length} digits is beyond 2^53: tenant-kubernetes cannot carry it exactly (use --set-string)`);
      }
      return Number(n);
    }
  }
  return val;
}

/** How values are read: typed (`--set`), strings (`--set-string`), a file's text (`--set-file`), JSON (`--set-json`). */
export type ValueMode = 'typed' | 'string' | { readonly file: (path: string) => string } | 'json';

/** The length (in UTF-16 units) of the JSON value at the start of `text` after JSON whitespace, or undefined. */
function jsonValueEnd(text: string): number | undefined {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  ws();
  const start = i;
  const c = text[i];
  if (c === '{' || c === '[') {
    let depth = 0;
    for (; i < text.length; i++) {
      const ch = text[i];
      if (ch === '"') {
        for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
        if (i >= text.length) return undefined;
      } else if (ch === '{' || ch === '[') depth++;
      else if (ch === '}' || ch === ']') {
        if (--depth === 0) return i + 1;
      }
    }
    return undefined;
  }
  if (c === '"') {
    for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    return i < text.length ? i + 1 : undefined;
  }
  const m = /^(?:-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?|true|false|null)/.exec(text.slice(start));
  return m === null ? undefined : start + m[0].length;
}

class Parser {
  private readonly sc: Scanner;
  public constructor(
    text: string,
    private readonly data: Map,
    private readonly mode: ValueMode,
  ) {
    this.sc = new Scanner(text);
  }

  /** The value of runes read up to `,` (typedVal for --set and --set-string, the file's text for --set-file). */
  private value(text: string): unknown {
    if (this.mode === 'typed' || this.mode === 'string') return typedVal(text, this.mode === 'string');
    if (this.mode === 'json') throw new StrvalsError('internal: a JSON value read as text');
    return this.mode.file(text);
  }

  /** `--set-json`: the JSON value after `=` (an empty value is null), then what follows it up to a `,`. */
  private jsonValue(): unknown {
    if (this.sc.emptyVal()) return null;
    const rest = this.sc.rest();
    const end = jsonValueEnd(rest);
    let value: unknown;
    try {
      if (end === undefined) throw new Error('no JSON value');
      value = JSON.parse(rest.slice(0, end));
    } catch {
      throw new StrvalsError('the value is not JSON');
    }
    this.sc.skip(Array.from(rest.slice(0, end)).length);
    this.sc.emptyVal();
    return value;
  }

  public parse(): void {
    while (this.key(this.data, 0)) {
      /* next key */
    }
  }

  /** One `key...=value`; false at the end of the input. */
  private key(data: Map, nestedNameLevel: number): boolean {
    const { text: k, last } = this.sc.until('=[,.');
    if (last === undefined) {
      if (k.length === 0) return false;
      throw new StrvalsError('a key has no value (no "=")');
    }
    if (last === '[') {
      const i = this.keyIndex();
      let list: unknown[] = [];
      if (Object.hasOwn(data, k)) {
        if (!Array.isArray(data[k])) throw new StrvalsError('a key with an index holds something other than a list');
        list = data[k] as unknown[];
      }
      const { list: l, more } = this.listItem(list, i, nestedNameLevel);
      setOwn(data, k, l);
      return more;
    }
    if (last === '=') {
      if (this.mode === 'json') {
        setOwn(data, k, this.jsonValue());
        return true;
      }
      const vl = this.valList();
      if (vl === 'eof') {
        setOwn(data, k, '');
        return false;
      }
      if (vl !== 'not-a-list') {
        setOwn(data, k, vl);
        return true;
      }
      // Helm reports no end of input here: the next key finds it.
      const { text: v } = this.sc.until(',');
      setOwn(data, k, this.value(v));
      return true;
    }
    if (last === ',') throw new StrvalsError('a key has no value (a "," before any "=")');
    // last === '.'
    if (++nestedNameLevel > MAX_NESTED_NAME_LEVEL) {
      throw new StrvalsError(`value name nested level is greater than maximum supported nested level of ${MAX_NESTED_NAME_LEVEL}`);
    }
    let inner: Map = {};
    if (Object.hasOwn(data, k)) {
      if (!isMap(data[k])) throw new StrvalsError('a dotted key goes into something other than a map');
      inner = data[k];
    }
    const more = this.key(inner, nestedNameLevel);
    if (more && Object.keys(inner).length === 0) throw new StrvalsError('a dotted key has no value');
    if (Object.keys(inner).length !== 0) setOwn(data, k, inner);
    return more;
  }

  private keyIndex(): number {
    const { text, last } = this.sc.until(']');
    if (last === undefined) throw new StrvalsError('error parsing index: no closing ]');
    // Go's strconv.Atoi: an optional sign and decimal digits.
    if (!/^[+-]?[0-9]+$/.test(text)) throw new StrvalsError('an index is not a whole number');
    const n = Number(text);
    if (!Number.isSafeInteger(n)) throw new StrvalsError('an index is out of range');
    return n;
  }

  private setIndex(list: unknown[], index: number, value: unknown): unknown[] {
    if (index < 0) throw new StrvalsError(`negative ${index} index not allowed`);
    if (index > MAX_INDEX) throw new StrvalsError(`index of ${index} is greater than maximum supported index of ${MAX_INDEX}`);
    const out = list.length <= index ? [...list, ...Array.from({ length: index + 1 - list.length }, () => null)] : list;
    out[index] = value;
    return out;
  }

  private listItem(list: unknown[], i: number, nestedNameLevel: number): { list: unknown[]; more: boolean } {
    if (i < 0) throw new StrvalsError(`negative ${i} index not allowed`);
    const { text: k, last } = this.sc.until('[.=');
    if (k.length > 0) throw new StrvalsError('unexpected text after an index (expected "=", "." or "[")');
    if (last === undefined) return { list, more: false };
    if (last === '=') {
      if (this.mode === 'json') return { list: this.setIndex(list, i, this.jsonValue()), more: true };
      const vl = this.valList();
      if (vl === 'eof') return { list: this.setIndex(list, i, ''), more: true };
      if (vl !== 'not-a-list') return { list: this.setIndex(list, i, vl), more: true };
      const { text: v } = this.sc.until(',');
      return { list: this.setIndex(list, i, this.value(v)), more: true };
    }
    if (last === '[') {
      const next = this.keyIndex();
      let current: unknown[] = [];
      if (list.length > i && list[i] !== null && list[i] !== undefined) {
        if (!Array.isArray(list[i])) throw new StrvalsError(`index ${i} holds something other than a list`);
        current = list[i] as unknown[];
      }
      const { list: l2, more } = this.listItem(current, next, nestedNameLevel);
      return { list: this.setIndex(list, i, l2), more };
    }
    // last === '.'
    let inner: Map = {};
    if (list.length > i) {
      if (isMap(list[i])) inner = list[i];
      else list[i] = inner;
    }
    // At the end of the input Helm returns before storing a new map (one already in the list was changed in place).
    if (!this.key(inner, nestedNameLevel)) return { list, more: false };
    return { list: this.setIndex(list, i, inner), more: true };
  }

  /** `{a,b}`: a list; 'not-a-list' when the value does not start with `{`; 'eof' for an empty value at the end. */
  private valList(): unknown[] | 'not-a-list' | 'eof' {
    const r = this.sc.read();
    if (r === undefined) return 'eof';
    if (r !== '{') {
      this.sc.unread();
      return 'not-a-list';
    }
    const list: unknown[] = [];
    for (;;) {
      const { text, last } = this.sc.until(',}');
      if (last === undefined) throw new StrvalsError("list must terminate with '}'");
      list.push(this.value(text));
      if (last === '}') {
        const after = this.sc.read();
        if (after !== undefined && after !== ',') this.sc.unread();
        return list;
      }
    }
  }
}

/**
 * Applies one `--set` ('typed'), `--set-string` ('string'), `--set-file` (a reader of files) or `--set-json` string
 * into `data`, changing it in place as Helm does. Throws StrvalsError for a malformed string; what was set before
 * the error stays set (Helm stops there too).
 */
export function parseInto(text: string, data: Record<string, unknown>, mode: ValueMode | boolean): void {
  new Parser(text, data, mode === true ? 'string' : mode === false ? 'typed' : mode).parse();
}

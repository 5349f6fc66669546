// Exact decimal arithmetic on numeric strings, as Helm's sprig `mulf`/`divf` do it (shopspring/decimal),
// so resource requests come out as the reference chart prints them (0.7/10 is "0.07", not 0.06999…).

/** A decimal number: coefficient × 10^-scale. */
interface Decimal {
  readonly coefficient: bigint;
  readonly scale: number;
}

const DECIMAL_TEXT = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** Parses a plain or exponent decimal string (e.g. `"1.5"`, `"2e3"`, `"1e-05"`). */
function parseDecimal(text: string): Decimal {
  const m = DECIMAL_TEXT.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new Error(`not a decimal number: ${text}`);
  const digits = `${m[2]}${m[3] ?? ''}` || '0';
  let scale = (m[3] ?? '').length - Number(m[4] ?? 0);
  let coefficient = BigInt(digits);
  if (scale < 0) {
    coefficient *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { coefficient: m[1] === '-' ? -coefficient : coefficient, scale };
}

function toNumber(d: Decimal): number {
  const negative = d.coefficient < 0n;
  const digits = (negative ? -d.coefficient : d.coefficient).toString().padStart(d.scale + 1, '0');
  const text = d.scale === 0 ? digits : `${digits.slice(0, digits.length - d.scale)}.${digits.slice(digits.length - d.scale)}`;
  return Number(negative ? `-${text}` : text);
}

/** The shortest decimal text of a float64, as Go's `strconv.FormatFloat(f, 'f', -1, 64)` gives it. */
function floatText(value: number): string {
  return String(value);
}

/** `a × b` computed exactly in decimal, returned as the nearest float64 (sprig `mulf`). */
export function mulf(a: number | string, b: number | string): number {
  const x = parseDecimal(typeof a === 'number' ? floatText(a) : a);
  const y = parseDecimal(typeof b === 'number' ? floatText(b) : b);
  return toNumber({ coefficient: x.coefficient * y.coefficient, scale: x.scale + y.scale });
}

/** Digits after the decimal point that shopspring/decimal keeps in a division (`DivisionPrecision`). */
const DIVISION_PRECISION = 16;

/** `a ÷ b` in decimal, rounded half away from zero to 16 fractional digits, as float64 (sprig `divf`). */
export function divf(a: number | string, b: number | string): number {
  const x = parseDecimal(typeof a === 'number' ? floatText(a) : a);
  const y = parseDecimal(typeof b === 'number' ? floatText(b) : b);
  if (y.coefficient === 0n) throw new Error('division by zero');
  // x/y = (xc / 10^xs) / (yc / 10^ys); scale the quotient to DIVISION_PRECISION + 1 digits, then round.
  const extra = DIVISION_PRECISION + 1;
  const exponent = extra - x.scale + y.scale;
  let numerator = x.coefficient;
  let denominator = y.coefficient;
  if (exponent >= 0) numerator *= 10n ** BigInt(exponent);
  else denominator *= 10n ** BigInt(-exponent);
  const negative = numerator < 0n !== denominator < 0n;
  const absNum = numerator < 0n ? -numerator : numerator;
  const absDen = denominator < 0n ? -denominator : denominator;
  let q = absNum / absDen; // DIVISION_PRECISION + 1 fractional digits, truncated
  q = (q + 5n) / 10n; // round half away from zero to DIVISION_PRECISION digits
  return toNumber({ coefficient: negative ? -q : q, scale: DIVISION_PRECISION });
}

/**
 * Prints a float64 as Go's `fmt.Sprintf("%v", f)` does (what Helm's `toString` gives): the shortest
 * representation (`strconv` 'g' with precision -1), in exponent form when the decimal exponent is below -4 or
 * at least 6 — Go's rule for the shortest form (`fmt.Println(1e6)` prints `1e+06`). Only CPU requests of a
 * million cores or more, or below 0.0001, take the exponent form.
 */
export function goFloatString(value: number): string {
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : value < 0 ? '-Inf' : 'NaN';
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  const [mantissa, exp] = value.toExponential().split('e');
  const exponent = Number(exp);
  if (exponent < -4 || exponent >= 6) {
    const sign = exponent < 0 ? '-' : '+';
    const abs = Math.abs(exponent);
    return `${mantissa}e${sign}${abs < 10 ? `0${abs}` : abs}`;
  }
  // Plain notation: JavaScript's String() is plain in this range, with the same shortest digits.
  return String(value);
}

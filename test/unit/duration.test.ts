import { canonicalDuration } from '../../src/render/duration';

describe('canonicalDuration: Go time.Duration.String(), as the API server stores metav1.Duration', () => {
  // Each right-hand side is what Go 1.26's time.ParseDuration(in).String() prints.
  const GO: Array<[string, string]> = [
    ['5m', '5m0s'],
    ['10m', '10m0s'],
    ['20m', '20m0s'],
    ['30s', '30s'],
    ['300s', '5m0s'],
    ['90s', '1m30s'],
    ['1h', '1h0m0s'],
    ['1h30m', '1h30m0s'],
    ['1.5h', '1h30m0s'],
    ['0s', '0s'],
    ['0h', '0s'],
    ['500ms', '500ms'],
    ['1.5s', '1.5s'],
    ['2m3.5s', '2m3.5s'],
    ['100us', '100µs'],
    ['100µs', '100µs'],
    ['42ns', '42ns'],
    ['1500ns', '1.5µs'],
    ['61m', '1h1m0s'],
    ['25h', '25h0m0s'],
    ['1000h', '1000h0m0s'],
    ['0.5m', '30s'],
    ['3m60s', '4m0s'],
    ['1h0m1s', '1h0m1s'],
    ['2160h', '2160h0m0s'],
    ['10ms', '10ms'],
    ['999ms', '999ms'],
    ['1.000000001s', '1.000000001s'],
  ];
  it.each(GO)('%s -> %s', (input, expected) => {
    expect(canonicalDuration(input)).toBe(expected);
  });
  it('is idempotent', () => {
    for (const [, canonical] of GO) expect(canonicalDuration(canonical)).toBe(canonical);
  });
  it('rejects what is not a duration', () => {
    expect(() => canonicalDuration('5 minutes')).toThrow('not a duration');
  });
});

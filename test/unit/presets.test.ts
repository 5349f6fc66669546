import { divf, goFloatString, mulf } from '../../src/spec/decimal';
import {
  DEFAULT_ALLOCATION_RATIOS,
  defaultingSanitize,
  LEGACY_PRESET_EQUIVALENTS,
  LEGACY_PRESET_NAMES,
  PRESET_NAMES,
  RESOURCE_PRESETS,
  sanitizeResources,
  SERIES_PRESET_NAMES,
  type ResourcesPreset,
} from '../../src/spec/presets';
import { isQuantity, quantityValue } from '../../src/spec/quantity';

const R = DEFAULT_ALLOCATION_RATIOS;

describe('cozy-lib preset arithmetic (spec §1.16)', () => {
  // The table of §1.16: limits and requests with ratios 10 / 1 / 40 and no explicit resources.
  const table: Array<[keyof typeof RESOURCE_PRESETS, string, string, string, string]> = [
    ['nano', '250m', '128Mi', '0.025', '134217728'],
    ['micro', '500m', '256Mi', '0.05', '268435456'],
    ['small', '1', '512Mi', '0.1', '536870912'],
    ['medium', '1', '1Gi', '0.1', '1073741824'],
    ['large', '2', '2Gi', '0.2', '2147483648'],
    ['xlarge', '4', '4Gi', '0.4', '4294967296'],
    ['2xlarge', '8', '8Gi', '0.8', '8589934592'],
  ];
  it.each(table)('%s', (preset, cpu, memory, requestCpu, requestMemory) => {
    expect(defaultingSanitize(preset, {}, R)).toEqual({
      limits: { cpu, memory, 'ephemeral-storage': '2Gi' },
      requests: { cpu: requestCpu, memory: requestMemory, 'ephemeral-storage': '53687091' },
    });
  });

  it('overrides one preset key and keeps the others (medium + cpu 4)', () => {
    expect(defaultingSanitize('medium', { cpu: '4' }, R)).toEqual({
      limits: { cpu: '4', memory: '1Gi', 'ephemeral-storage': '2Gi' },
      requests: { cpu: '0.4', memory: '1073741824', 'ephemeral-storage': '53687091' },
    });
  });

  it('gives the same strings for integer and string cpu (micro + cpu 2, memory 4Gi)', () => {
    const expected = {
      limits: { cpu: '2', memory: '4Gi', 'ephemeral-storage': '2Gi' },
      requests: { cpu: '0.2', memory: '4294967296', 'ephemeral-storage': '53687091' },
    };
    expect(defaultingSanitize('micro', { cpu: '2', memory: '4Gi' }, R)).toEqual(expected);
    expect(defaultingSanitize('micro', { cpu: '2', memory: '4Gi' }, R)).toEqual(expected);
  });

  it('treats empty strings as unset', () => {
    expect(defaultingSanitize('micro', { cpu: '', memory: '' }, R)).toEqual(defaultingSanitize('micro', {}, R));
  });

  it('uses the allocation ratios given', () => {
    const r = sanitizeResources({ cpu: '2', memory: '4Gi', 'ephemeral-storage': '2Gi' }, { cpu: 4, memory: 2, ephemeralStorage: 10 });
    expect(r.requests).toEqual({ cpu: '0.5', memory: '2147483648', 'ephemeral-storage': '214748364' });
  });

  it('copies keys other than cpu, memory and ephemeral-storage to both', () => {
    expect(sanitizeResources({ 'nvidia.com/gpu': '1' }, R)).toEqual({ limits: { 'nvidia.com/gpu': '1' }, requests: { 'nvidia.com/gpu': '1' } });
  });

  it('divides in decimal, as sprig divf does', () => {
    expect(divf(0.7, 10)).toBe(0.07); // binary floating point gives 0.06999999999999999
    expect(divf('1', 3)).toBe(0.3333333333333333);
    expect(mulf('700', '0.001')).toBe(0.7);
    expect(sanitizeResources({ cpu: '700m' }, R).requests.cpu).toBe('0.07');
  });

  it('prints floats as Go %v does', () => {
    expect(goFloatString(0.1)).toBe('0.1');
    expect(goFloatString(0.0001)).toBe('0.0001');
    expect(goFloatString(0.00001)).toBe('1e-05');
    expect(goFloatString(123456)).toBe('123456');
    expect(goFloatString(1e6)).toBe('1e+06');
    expect(goFloatString(2)).toBe('2');
  });
});

describe('cozy-lib v1.5.4 instance-type presets (delta §1.10)', () => {
  // The delta's table: limits cpu / memory, requests cpu / memory bytes, with ratios 10 / 1 / 40.
  const CPU: Array<[string, string]> = [
    ['250m', '0.025'],
    ['500m', '0.05'],
    ['1', '0.1'],
    ['2', '0.2'],
    ['4', '0.4'],
    ['8', '0.8'],
    ['16', '1.6'],
    ['32', '3.2'],
  ];
  const SIZES = ['nano', 'micro', 'small', 'medium', 'large', 'xlarge', '2xlarge', '4xlarge'];
  const MEMORY: Record<string, string[]> = {
    t1: ['128Mi', '256Mi', '512Mi', '1Gi', '2Gi', '4Gi', '8Gi', '16Gi'],
    c1: ['256Mi', '512Mi', '1Gi', '2Gi', '4Gi', '8Gi', '16Gi', '32Gi'],
    s1: ['512Mi', '1Gi', '2Gi', '4Gi', '8Gi', '16Gi', '32Gi', '64Gi'],
    u1: ['1Gi', '2Gi', '4Gi', '8Gi', '16Gi', '32Gi', '64Gi', '128Gi'],
    m1: ['2Gi', '4Gi', '8Gi', '16Gi', '32Gi', '64Gi', '128Gi', '256Gi'],
  };
  const MEMORY_BYTES: Record<string, string[]> = {
    t1: ['134217728', '268435456', '536870912', '1073741824', '2147483648', '4294967296', '8589934592', '17179869184'],
    c1: ['268435456', '536870912', '1073741824', '2147483648', '4294967296', '8589934592', '17179869184', '34359738368'],
    s1: ['536870912', '1073741824', '2147483648', '4294967296', '8589934592', '17179869184', '34359738368', '68719476736'],
    u1: ['1073741824', '2147483648', '4294967296', '8589934592', '17179869184', '34359738368', '68719476736', '137438953472'],
    m1: ['2147483648', '4294967296', '8589934592', '17179869184', '34359738368', '68719476736', '137438953472', '274877906944'],
  };
  const table: Array<[string, string, string, string, string]> = Object.keys(MEMORY).flatMap((series) =>
    SIZES.map((size, i): [string, string, string, string, string] => [
      `${series}.${size}`,
      CPU[i][0],
      MEMORY[series][i],
      CPU[i][1],
      MEMORY_BYTES[series][i],
    ]),
  );

  it('has 40 of them, series by series, and 47 names with the legacy ones', () => {
    expect(table).toHaveLength(40);
    expect(SERIES_PRESET_NAMES).toEqual(table.map(([name]) => name));
    expect(PRESET_NAMES).toEqual([...SERIES_PRESET_NAMES, 'nano', 'micro', 'small', 'medium', 'large', 'xlarge', '2xlarge']);
    expect(Object.keys(RESOURCE_PRESETS).sort()).toEqual([...PRESET_NAMES].sort());
  });

  it.each(table)('%s', (preset, cpu, memory, requestCpu, requestMemory) => {
    expect(defaultingSanitize(preset as ResourcesPreset, {}, R)).toEqual({
      limits: { cpu, memory, 'ephemeral-storage': '2Gi' },
      requests: { cpu: requestCpu, memory: requestMemory, 'ephemeral-storage': '53687091' },
    });
  });

  it('gives each legacy name the numbers of its migration-39 instance-type name', () => {
    expect(LEGACY_PRESET_EQUIVALENTS).toEqual({
      nano: 't1.nano',
      micro: 't1.micro',
      small: 't1.small',
      medium: 'c1.small',
      large: 'c1.medium',
      xlarge: 'c1.large',
      '2xlarge': 'c1.xlarge',
    });
    for (const legacy of LEGACY_PRESET_NAMES)
      expect([legacy, RESOURCE_PRESETS[legacy]]).toEqual([legacy, RESOURCE_PRESETS[LEGACY_PRESET_EQUIVALENTS[legacy]]]);
    // Same name, other numbers: legacy medium is 1 / 1Gi, c1.medium 2 / 2Gi.
    expect(RESOURCE_PRESETS.medium).toEqual({ cpu: '1', memory: '1Gi', 'ephemeral-storage': '2Gi' });
    expect(RESOURCE_PRESETS['c1.medium']).toEqual({ cpu: '2', memory: '2Gi', 'ephemeral-storage': '2Gi' });
  });
});

describe('quantities', () => {
  it('accepts the Kubernetes grammar and rejects the rest', () => {
    for (const q of ['1', '500m', '4Gi', '1.5', '.5', '1e3', '2E-3', '100u', '7n', 3, 0.5]) expect(isQuantity(q)).toBe(true);
    for (const q of ['4 Gi', 'Gi', '4GB', '', 'abc', '1.2.3', NaN, Infinity]) expect(isQuantity(q)).toBe(false);
  });
  it('understands every suffix, u and n included', () => {
    expect(quantityValue('4Gi')).toBe(4 * 1024 ** 3);
    expect(quantityValue('500m')).toBe(0.5);
    expect(quantityValue('100u')).toBe(0.0001);
    expect(quantityValue('5n')).toBe(5e-9);
    expect(quantityValue('2k')).toBe(2000);
    expect(quantityValue('1e3')).toBe(1000);
    expect(quantityValue(7)).toBe(7);
  });
});

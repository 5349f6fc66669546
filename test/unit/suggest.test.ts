import { closest, didYouMean, editDistance } from '../../src/spec/suggest';

describe('did you mean', () => {
  it('measures edits case-insensitively, with - _ . alike', () => {
    expect(editDistance('u1.medium', 'u1-medium')).toBe(0);
    expect(editDistance('CertManager', 'certManager')).toBe(0);
    expect(editDistance('medum', 'medium')).toBe(1);
  });

  it('suggests the one close candidate, and nothing when none or two are as close', () => {
    expect(closest('u1.medum', ['u1.medium', 'u1.large'])).toBe('u1.medium');
    expect(closest('certmanger', ['certManager', 'certManagerCrds', 'cilium'])).toBe('certManager');
    expect(closest('zzz', ['u1.medium', 'u1.large'])).toBeUndefined();
    expect(closest('u1.x', ['u1.a', 'u1.b'])).toBeUndefined();
    expect(closest('u1.medium', ['u1.medium'])).toBeUndefined();
    expect(closest('a'.repeat(65), ['a'.repeat(64)])).toBeUndefined();
  });

  it('phrases it for a problem message', () => {
    expect(didYouMean('v1.3', ['v1.33', 'v1.32', 'v1.30'])).toBe('');
    expect(didYouMean('1.33', ['v1.33', 'v1.32'])).toBe(' (did you mean "v1.33"?)');
    expect(didYouMean(5, ['v1.33'])).toBe('');
  });
});

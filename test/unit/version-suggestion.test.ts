// A near-miss Kubernetes version gets the version meant; a far one gets the list only.
import { resolveSpec } from '../../src/render/resolve';
import { SpecValidationError } from '../../src/spec/errors';
import { spec } from '../support/fixtures';

const message = (version: unknown) => {
  try {
    resolveSpec({ ...spec(), version });
  } catch (e) {
    return (e as SpecValidationError).problems.find((p) => p.path === 'version')?.message;
  }
  throw new Error('accepted');
};

describe('version suggestions', () => {
  it('suggests the minor meant, and nothing for a far miss', () => {
    expect(message('1.33')).toMatch(/expected one of: v1\.28, .*v1\.33 \(did you mean "v1\.33"\?\)$/);
    expect(message('v1.99')).not.toMatch(/did you mean/);
  });
});

describe('version suggestions of form only', () => {
  it('corrects the form (no v, a patch, upper case, a YAML number) but never a number', () => {
    expect(message('v1.33.4')).toMatch(/did you mean "v1\.33"/);
    expect(message('V1.32')).toMatch(/did you mean "v1\.32"/);
    expect(message(1.3)).toMatch(/did you mean "v1\.30"\? YAML reads an unquoted 1\.30 as the number 1\.3: quote it/);
    expect(message('v1.2')).not.toMatch(/did you mean/);
  });
});

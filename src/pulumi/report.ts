// How an invalid component's error reaches Pulumi without ending the program, so that every invalid component of a
// program is reported in one run: the error is left rejected, and Pulumi's runtime (the CLI's program runner and the
// Automation API's inline server alike) reports each such ResourceError once, under its resource and without a
// stack trace, then fails the run when the program has finished.
import * as pulumi from '@pulumi/pulumi';
import { describeValue } from '../spec/errors';
import type { ComponentSpecError } from './args';

let report: (error: ComponentSpecError) => void = (error) => {
  void Promise.reject(error);
};

/** Hands an invalid component's error to Pulumi's runtime. */
export function reportInvalidComponent(error: ComponentSpecError): void {
  report(error);
}

/**
 * Replaces how invalid components are reported; returns the previous reporter. For tests under Pulumi's mocks, where
 * no Pulumi runtime listens for rejections (test/support/pulumi-mocks.ts records them instead).
 * @internal
 */
export function setInvalidComponentReporter(reporter: (error: ComponentSpecError) => void): (error: ComponentSpecError) => void {
  const previous = report;
  report = reporter;
  return previous;
}

/**
 * How the multi-language component reports an invalid description: the `construct` call fails with Pulumi's
 * `InputPropertiesError`, which the engine prints to a program in any language as one line per problem, under the
 * library's own paths (`nodeGroups.md0.maxReplicas`) and messages, with values described as the CLI describes them
 * (a value that may be a secret is never shown). The message is the library's whole problem list.
 */
export function throwAsInputPropertiesError(error: ComponentSpecError): never {
  throw new pulumi.InputPropertiesError({
    message: error.message,
    errors: error.problems.map((p) => ({
      propertyPath: p.path,
      reason: `${p.message} (got ${describeValue(p.value, p.sensitive === true)})`,
    })),
  });
}

// How an invalid component's error reaches Pulumi without ending the program, so that every invalid component of a
// program is reported in one run: the error is left rejected, and Pulumi's runtime (the CLI's program runner and the
// Automation API's inline server alike) reports each such ResourceError once, under its resource and without a
// stack trace, then fails the run when the program has finished.
import * as pulumi from '@pulumi/pulumi';
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
 * `InputPropertiesError` (gRPC `INVALID_ARGUMENT`) whose message is the library's whole problem list, so that a
 * program in any language prints the same lines as the CLI and the TypeScript component, one per problem, under the
 * library's paths, with values described as the CLI describes them. No per-property errors are attached: for each the
 * engine would add a line printing the raw input at that path, a value the library never shows when it may be a
 * secret (a misspelled key, a field of a free-form values tree).
 */
export function throwAsInputPropertiesError(error: ComponentSpecError): never {
  throw new pulumi.InputPropertiesError({ message: error.message, errors: [] });
}

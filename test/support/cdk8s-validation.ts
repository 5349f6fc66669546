// cdk8s reports a tenant cluster's problems when the App is synthesized (construct validation): what a test reads.
import { ApiObject, type Chart } from 'cdk8s';
import type { IConstruct } from 'constructs';

/** The message `Testing.synth(chart)` (like `app.synth()`) fails with; throws when synthesis succeeds. */
export function synthFailure(chart: Chart): string {
  try {
    chart.toJson();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected synthesis to fail validation');
}

/** The problem lines of a synthesis failure, each `[construct path] path: message (got value)`. */
export function synthProblems(chart: Chart): string[] {
  const message = synthFailure(chart);
  expect(message).toMatch(/^Validation failed with the following errors:\n/);
  return message
    .split('\n')
    .slice(1)
    .map((l) => l.trim());
}

/** The API objects under a construct (none for an invalid cluster). */
export function apiObjectsUnder(scope: IConstruct): ApiObject[] {
  return scope.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject);
}

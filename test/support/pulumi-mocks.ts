// Runs the Pulumi component under `pulumi.runtime.setMocks` and records every resource registered.
import * as pulumi from '@pulumi/pulumi';
import type { ComponentSpecError } from '../../src/pulumi/args';
import { setInvalidComponentReporter } from '../../src/pulumi/report';
import { sortKeys } from '../../src/render/manifest';

export interface Registered {
  readonly type: string;
  readonly name: string;
  readonly inputs: any;
  readonly id?: string;
  readonly provider?: string;
}

export const registered: Registered[] = [];

/** A kubeconfig Kamaji would write: base64 in the Secret, as the API returns it. */
export function fakeKubeconfig(server: string): string {
  return `apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    server: ${server}\n  name: tenant\n`;
}

/**
 * The errors of invalid components, as Pulumi's runtime would receive them (it reports each under its component and
 * fails the run); under the mocks no runtime listens, so they are recorded here.
 */
export const reportedErrors: ComponentSpecError[] = [];

export function installMocks(stack = 'test'): void {
  setInvalidComponentReporter((e) => reportedErrors.push(e));
  void pulumi.runtime.setMocks(
    {
      newResource(args) {
        registered.push({ type: args.type, name: args.name, inputs: args.inputs, id: args.id, provider: args.provider });
        if (args.type === 'pulumi:pulumi:StackReference') {
          return {
            id: args.name,
            state: {
              name: args.name,
              outputs: { prodKubeconfig: fakeKubeconfig('https://api.example:443'), prodClusterIdentifier: 'tenant-alice/kubernetes-prod' },
              secretOutputNames: ['prodKubeconfig'],
            },
          };
        }
        if (args.type === 'kubernetes:core/v1:Secret' && args.id) {
          const enc = (s: string) => Buffer.from(s).toString('base64');
          return {
            id: args.id,
            state: {
              data: {
                'admin.conf': enc(fakeKubeconfig('https://api.example:443')),
                'admin.svc': enc(fakeKubeconfig('https://svc:6443')),
                'super-admin.conf': enc(fakeKubeconfig('https://api.example:443/super')),
                'super-admin.svc': enc(fakeKubeconfig('https://svc:6443/super')),
              },
            },
          };
        }
        return {
          id: args.inputs?.metadata?.name ? `${args.inputs.metadata.namespace ?? ''}/${args.inputs.metadata.name}` : `${args.name}-id`,
          state: { ...args.inputs },
        };
      },
      call(args) {
        return args.inputs;
      },
    },
    'tenant-kubernetes-test',
    stack,
    false,
  );
}

/** The value of an output, once resolved. */
export function valueOf<T>(o: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) =>
    o.apply((v) => {
      resolve(v);
      return v;
    }),
  );
}

/** Waits until every registration so far has reached the mocks. */
export async function settle(resource: pulumi.Resource): Promise<void> {
  await valueOf(resource.urn);
  await new Promise((r) => setTimeout(r, 50));
}

/** Pulumi's signature of a secret value in registered inputs. */
export const SECRET_SIG = '1b47061264138c4ac30d75fd1eb44270';

/** Inputs with Pulumi's secret wrappers (`{ [sig]: secretSig, value }`) replaced by their values. */
export function revealed(v: any): any {
  if (Array.isArray(v)) return v.map(revealed);
  if (v === null || typeof v !== 'object') return v;
  if (v[pulumi.runtime.specialSigKey] === SECRET_SIG) return revealed(v.value);
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, revealed(x)]));
}

/**
 * The error an invalid component reported (it does not throw: the program goes on, and Pulumi reports every invalid
 * component of it); it is also what reading the component's children throws.
 */
export function componentRefusal(make: () => { readonly isValid: boolean; readonly resolved: unknown }): ComponentSpecError {
  const before = reportedErrors.length;
  const component = make();
  expect(component.isValid).toBe(false);
  expect(reportedErrors.length).toBe(before + 1);
  const reported = reportedErrors[reportedErrors.length - 1];
  expect(() => component.resolved).toThrow(reported);
  return reported;
}

/** The Kubernetes objects among registered resources (not read ones), as plain objects without Pulumi's own annotations. */
export function registeredKubeObjects(resources: readonly Registered[]): any[] {
  return resources
    .filter((r) => r.type.startsWith('kubernetes:') && !r.id)
    .map((r) => {
      const o = revealed(r.inputs);
      const annotations = Object.fromEntries(Object.entries(o.metadata.annotations ?? {}).filter(([k]) => !k.startsWith('pulumi.com/')));
      o.metadata = { ...o.metadata };
      if (Object.keys(annotations).length > 0) o.metadata.annotations = annotations;
      else delete o.metadata.annotations;
      return sortKeys(o);
    });
}

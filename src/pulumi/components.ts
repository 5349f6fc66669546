// The child components of a tenant cluster: each groups the Kubernetes objects of one concern under itself.
import type * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type { KubeObject } from '../render/manifest';
import { createObject } from './objects';

/** Package of the component type tokens (`tenant-kubernetes:index:<Kind>`). */
export const TYPE_PREFIX = 'tenant-kubernetes:index';

/** Options for the objects of one child: per-object resource options on top of the parent's. */
export type ObjectOptions = (o: KubeObject, index: number) => pulumi.CustomResourceOptions;

/**
 * A component holding rendered Kubernetes objects. The objects are created in order; `objectOptions` adds
 * dependencies, protection or retain-on-delete per object.
 */
export class KubernetesObjectsComponent extends pulumi.ComponentResource {
  /** The objects, by `<kind>/<name>` (core kinds as their typed classes, every other kind as a CustomResource). */
  public readonly objects: Readonly<Record<string, pulumi.CustomResource>>;

  public constructor(
    kind: string,
    name: string,
    objects: readonly KubeObject[],
    objectOptions: ObjectOptions,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super(`${TYPE_PREFIX}:${kind}`, name, {}, opts);
    const created: Record<string, pulumi.CustomResource> = {};
    objects.forEach((o, i) => {
      created[`${o.kind}/${o.metadata.name}`] = createObject(name, o, { ...objectOptions(o, i), parent: this });
    });
    this.objects = created;
    this.registerOutputs({});
  }

  /** The object of a kind (and name, when several), or an error naming what exists. */
  public object(kind: string, name?: string): pulumi.CustomResource {
    const key = Object.keys(this.objects).find((k) => k.startsWith(`${kind}/`) && (name === undefined || k === `${kind}/${name}`));
    if (key === undefined) throw new Error(`no ${kind}${name ? ` ${name}` : ''} in ${Object.keys(this.objects).join(', ')}`);
    return this.objects[key];
  }

  /** The object of a custom (non-core) kind, which is always a `CustomResource`. */
  protected customObject(kind: string): k8s.apiextensions.CustomResource {
    return this.object(kind) as k8s.apiextensions.CustomResource;
  }
}

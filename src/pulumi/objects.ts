// Creates one Kubernetes object with @pulumi/kubernetes, exactly as rendered.
import * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';
import type { KubeObject } from '../render/manifest';

/** The Pulumi name of an object: unique in a stack as long as the component names are. */
export function objectResourceName(component: string, o: KubeObject): string {
  return `${component}:${o.kind}/${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;
}

type TypedConstructor = new (name: string, args: Record<string, unknown>, opts?: pulumi.CustomResourceOptions) => pulumi.CustomResource;

/**
 * Registers a rendered object. `k8s.apiextensions.CustomResource` takes any group/version and kind and registers the
 * same type token (`kubernetes:<group>/<version>:<kind>`) as the typed classes, so the provider applies its usual
 * await logic to built-in kinds. The core group (`apiVersion: v1`) is the exception: the provider's token for it is
 * `kubernetes:core/v1:<kind>` and it rejects `CustomResource`s of `v1`, so those get their typed class.
 */
export function createObject(component: string, o: KubeObject, opts: pulumi.CustomResourceOptions): pulumi.CustomResource {
  const { apiVersion, kind, metadata, ...rest } = o;
  const name = objectResourceName(component, o);
  if (apiVersion === 'v1') {
    const Typed = (k8s.core.v1 as unknown as Record<string, TypedConstructor | undefined>)[kind];
    if (typeof Typed !== 'function') throw new Error(`@pulumi/kubernetes has no class for the core kind ${kind}`);
    return new Typed(name, { metadata: { ...metadata }, ...rest }, opts);
  }
  return new k8s.apiextensions.CustomResource(name, { apiVersion, kind, metadata: { ...metadata }, ...rest }, opts);
}

/** Adds annotations to a rendered object (e.g. `pulumi.com/waitFor`) without changing the original. */
export function withAnnotations(o: KubeObject, annotations: Readonly<Record<string, string>>): KubeObject {
  return { ...o, metadata: { ...o.metadata, annotations: { ...o.metadata.annotations, ...annotations } } };
}

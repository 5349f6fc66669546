// Creates one Kubernetes object with @pulumi/kubernetes, exactly as rendered.
import * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';
import type { KubeObject } from '../render/manifest';

/** The Pulumi name of an object: unique in a stack as long as the component names are. */
export function objectResourceName(component: string, o: KubeObject): string {
  return `${component}:${o.kind}/${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;
}

/**
 * Registers a rendered object. `k8s.apiextensions.CustomResource` takes any apiVersion and kind and registers the
 * same type token (`kubernetes:<apiVersion>:<kind>`) as the typed classes, so the provider applies its usual await
 * logic to built-in kinds.
 */
export function createObject(component: string, o: KubeObject, opts: pulumi.CustomResourceOptions): k8s.apiextensions.CustomResource {
  const { apiVersion, kind, metadata, ...rest } = o;
  return new k8s.apiextensions.CustomResource(objectResourceName(component, o), { apiVersion, kind, metadata: { ...metadata }, ...rest }, opts);
}

/** Adds annotations to a rendered object (e.g. `pulumi.com/waitFor`) without changing the original. */
export function withAnnotations(o: KubeObject, annotations: Readonly<Record<string, string>>): KubeObject {
  return { ...o, metadata: { ...o.metadata, annotations: { ...o.metadata.annotations, ...annotations } } };
}

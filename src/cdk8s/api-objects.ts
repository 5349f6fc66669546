import { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import type { KubeObject } from '../render/manifest';

/** Wraps a rendered object in a cdk8s ApiObject, unchanged. */
export function toApiObject(scope: Construct, id: string, object: KubeObject): ApiObject {
  const { apiVersion, kind, metadata, ...rest } = object;
  return new ApiObject(scope, id, { apiVersion, kind, metadata: { ...metadata }, ...rest });
}

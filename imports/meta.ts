// Written by scripts/import-crds.js (manifest-only.js): the cdk8s types the generated classes refer to, declared
// here so that the library's generated code needs neither cdk8s nor constructs. Do not edit.

/** The apiVersion and kind of an object. */
export interface GroupVersionKind {
  readonly apiVersion: string;
  readonly kind: string;
}

/** The metadata of an object, as rendered (the fields of Kubernetes's ObjectMeta that callers set). */
export interface ApiObjectMetadata {
  readonly name?: string;
  readonly namespace?: string;
  readonly labels?: { readonly [key: string]: string };
  readonly annotations?: { readonly [key: string]: string };
  readonly finalizers?: string[];
  readonly ownerReferences?: ReadonlyArray<{
    readonly apiVersion: string;
    readonly kind: string;
    readonly name: string;
    readonly uid: string;
    readonly blockOwnerDeletion?: boolean;
    readonly controller?: boolean;
  }>;
  readonly [key: string]: unknown;
}

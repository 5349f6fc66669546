import type { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { AddonRelease, RenderedAddon } from '../render/addons/helm-release';
import type { AddonOptions } from '../spec/types';
import { toApiObject } from './api-objects';

/** Options of `TenantKubernetesCluster.addAddon`: any further HelmRelease into the tenant cluster. */
export interface AddAddonOptions extends AddonOptions {}

/**
 * One Flux HelmRelease that installs a chart into the tenant cluster, with its companion objects (the cert-manager
 * CRDs' values Secret, the Proxied ingress Service and Ingress of ingress-nginx). Built-in addons are created by the
 * cluster from `addons`; further ones with `cluster.addAddon(id, options)`.
 */
export class Addon extends Construct {
  /** Addon id: a built-in id (`cilium`, `ingressNginx`, …) or the id given to `addAddon`. */
  public readonly addonId: string;
  /** What the HelmRelease was made from: release name, chart, namespaces, dependencies, values. */
  public readonly release: AddonRelease;
  /** `helm.toolkit.fluxcd.io/v2` HelmRelease `kubernetes-<name>-<addon>`. */
  public readonly helmRelease: ApiObject;
  public readonly companions: readonly ApiObject[];

  /** @internal Created by `TenantKubernetesCluster`. */
  public constructor(scope: Construct, id: string, rendered: RenderedAddon) {
    super(scope, id);
    this.addonId = rendered.release.id;
    this.release = rendered.release;
    this.companions = rendered.companions.map((o) => toApiObject(this, `${o.kind}-${o.metadata.name}`, o));
    this.helmRelease = toApiObject(this, 'HelmRelease', rendered.helmRelease);
  }

  /** `metadata.name` of the HelmRelease (what other HelmReleases list in `dependsOn`). */
  public get name(): string {
    return this.release.name;
  }

  /** Namespace inside the tenant cluster. */
  public get targetNamespace(): string {
    return this.release.targetNamespace;
  }
}

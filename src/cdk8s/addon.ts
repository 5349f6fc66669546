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
  /**
   * An addon whose options were invalid: no objects; reading what it would hold throws the cluster's problems (they
   * are reported at synth).
   * @internal
   */
  public static unrendered(scope: Construct, id: string, error: () => Error): Addon {
    return new Addon(scope, id, undefined, error);
  }

  /** Addon id: a built-in id (`cilium`, `ingressNginx`, …) or the id given to `addAddon`. */
  public readonly addonId: string;
  private readonly objects:
    { readonly release: AddonRelease; readonly helmRelease: ApiObject; readonly companions: readonly ApiObject[] } | undefined;
  private readonly error: () => Error;

  /** @internal Created by `TenantKubernetesCluster`. */
  public constructor(
    scope: Construct,
    id: string,
    rendered: RenderedAddon | undefined,
    error: () => Error = () => new Error(`addon ${id} was not rendered`),
  ) {
    super(scope, id);
    this.addonId = rendered?.release.id ?? id;
    this.error = error;
    this.objects =
      rendered === undefined
        ? undefined
        : {
            release: rendered.release,
            companions: rendered.companions.map((o) => toApiObject(this, `${o.kind}-${o.metadata.name}`, o)),
            helmRelease: toApiObject(this, 'HelmRelease', rendered.helmRelease),
          };
  }

  /** What the HelmRelease was made from: release name, chart, namespaces, dependencies, values. */
  public get release(): AddonRelease {
    return this.rendered().release;
  }

  /** `helm.toolkit.fluxcd.io/v2` HelmRelease `kubernetes-<name>-<addon>`. */
  public get helmRelease(): ApiObject {
    return this.rendered().helmRelease;
  }

  public get companions(): readonly ApiObject[] {
    return this.rendered().companions;
  }

  /** `metadata.name` of the HelmRelease (what other HelmReleases list in `dependsOn`). */
  public get name(): string {
    return this.release.name;
  }

  /** Namespace inside the tenant cluster. */
  public get targetNamespace(): string {
    return this.release.targetNamespace;
  }

  private rendered(): NonNullable<Addon['objects']> {
    if (this.objects === undefined) throw this.error();
    return this.objects;
  }
}

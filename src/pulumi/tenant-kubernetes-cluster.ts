// Pulumi ComponentResource over the same spec and render code as the cdk8s constructs: one model, two engines,
// identical objects. The component waits until the control plane is ready, then reads the kubeconfigs Kamaji wrote.
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { autoscalerObjects } from '../render/autoscaler';
import { cloudControllerObjects } from '../render/cloud-controller';
import { clusterNodePoolObjects, renderResolvedCluster } from '../render/cluster';
import { csiObjects } from '../render/csi';
import { datastoreObjects } from '../render/datastore';
import type { KubeObject } from '../render/manifest';
import { claimCluster } from '../spec/cluster-claims';
import { SpecValidationError } from '../spec/errors';
import type { ResolvedCluster } from '../spec/resolved';
import type { AddonOptions, TenantKubernetesClusterSpec } from '../spec/types';
import { ComponentSpecError, resolveArgs, type ResolvedArgs } from './args';
import { reportInvalidComponent } from './report';
import { KubernetesObjectsComponent, TYPE_PREFIX } from './components';
import { withAnnotations } from './objects';

/** Arguments of {@link TenantKubernetesCluster}: the spec (as for cdk8s and the CLI) plus Pulumi-only settings. */
export interface TenantKubernetesClusterArgs extends TenantKubernetesClusterSpec {
  /** How long `pulumi up` waits for the control plane to become ready. @default 1200 */
  readonly readinessTimeoutSeconds?: number;
  /** Protect the dedicated etcd and its DataStore from deletion (Pulumi `protect`). @default false */
  readonly protectDatastore?: boolean;
  /** Further HelmReleases into the tenant cluster, by addon id (as `addAddon` in cdk8s). @default {} */
  readonly extraAddons?: Readonly<Record<string, AddonOptions>>;
}

/**
 * Per-object resource options. Worker templates are immutable and content-named: an old one must stay for the
 * machines that still run on it, so Pulumi forgets it instead of deleting it (CAPI garbage-collects it with the
 * Cluster, which owns it). `protectDatastore` protects the etcd and its DataStore.
 */
export function objectPolicy(o: KubeObject, args: Pick<TenantKubernetesClusterArgs, 'protectDatastore'>): pulumi.CustomResourceOptions {
  if (o.kind === 'KubevirtMachineTemplate') return { retainOnDelete: true };
  if (args.protectDatastore === true && (o.kind === 'EtcdCluster' || o.kind === 'DataStore')) return { protect: true };
  return {};
}

/**
 * An addon's companion Service or Ingress (the Proxied ingress of ingress-nginx) is not awaited: the Service's
 * endpoints are the virt-launcher pods of ingress-nginx workers, which may be scaled to zero, and the Ingress's address
 * comes from the tenant namespace's ingress controller; neither says anything about this cluster being ready, so
 * `pulumi up` would fail after its timeout.
 */
function addonCompanion(o: KubeObject): KubeObject {
  return o.kind === 'Service' || o.kind === 'Ingress' ? withAnnotations(o, { 'pulumi.com/skipAwait': 'true' }) : o;
}

/** Process-wide stand-in for the program's default provider when no Pulumi engine is attached. */
const DEFAULT_SCOPE = {};

/**
 * What stands for one management cluster: the Kubernetes provider the component is given, or else the program's
 * default provider (one per engine connection: the mocks of a test are a new one).
 */
function managementScope(opts: pulumi.ComponentResourceOptions | undefined): object {
  if (opts?.provider !== undefined) return opts.provider;
  const providers = opts?.providers;
  const given = Array.isArray(providers)
    ? providers.find((p) => pulumi.ProviderResource.isInstance(p) && (p as unknown as { getPackage(): string }).getPackage() === 'kubernetes')
    : providers?.kubernetes;
  return given ?? pulumi.runtime.getMonitor() ?? DEFAULT_SCOPE;
}

function dependenciesOf(opts: pulumi.ComponentResourceOptions | undefined): pulumi.Input<pulumi.Resource>[] {
  const d = opts?.dependsOn;
  if (d === undefined) return [];
  return Array.isArray(d) ? [...d] : [d as pulumi.Input<pulumi.Resource>];
}

/** The four kubeconfigs Kamaji writes into `<base>-admin-kubeconfig`. */
export interface TenantKubeconfigs {
  /** `admin.conf`: cluster-admin, external endpoint. */
  readonly adminConf: pulumi.Output<string>;
  /** `admin.svc`: cluster-admin, in-cluster endpoint `https://<base>.<namespace>.svc:6443`. */
  readonly adminSvc: pulumi.Output<string>;
  /** `super-admin.conf`: system:masters, external endpoint. */
  readonly superAdminConf: pulumi.Output<string>;
  /** `super-admin.svc`: system:masters, in-cluster endpoint. */
  readonly superAdminSvc: pulumi.Output<string>;
}

/** The control plane: CAPI Cluster, KamajiControlPlane (awaited until ready) and KubevirtCluster. */
export class ControlPlane extends KubernetesObjectsComponent {
  public get kamajiControlPlane(): k8s.apiextensions.CustomResource {
    return this.customObject('KamajiControlPlane');
  }

  public get cluster(): k8s.apiextensions.CustomResource {
    return this.customObject('Cluster');
  }
}

/** The dedicated etcd: PKI, EtcdCluster, Kamaji DataStore and the defragmentation CronJob. */
export class EtcdDatastore extends KubernetesObjectsComponent {
  public get dataStore(): k8s.apiextensions.CustomResource {
    return this.customObject('DataStore');
  }

  public get etcdCluster(): k8s.apiextensions.CustomResource {
    return this.customObject('EtcdCluster');
  }
}

/** A worker node pool: KubeadmConfigTemplate, KubevirtMachineTemplate(s), MachineDeployment, MachineHealthCheck. */
export class NodePool extends KubernetesObjectsComponent {
  public get machineDeployment(): k8s.apiextensions.CustomResource {
    return this.customObject('MachineDeployment');
  }
}

/** One addon HelmRelease (and its companions) installed into the tenant cluster. */
export class Addon extends KubernetesObjectsComponent {
  public get helmRelease(): k8s.apiextensions.CustomResource {
    return this.customObject('HelmRelease');
  }
}

/** Objects every tenant cluster has in the management cluster: autoscaler, cloud controller, CSI controller. */
export class PlatformComponent extends KubernetesObjectsComponent {}

/** The children of a valid component. */
interface Children {
  readonly resolved: ResolvedCluster;
  readonly controlPlane: ControlPlane;
  readonly datastore: EtcdDatastore | undefined;
  readonly nodePools: readonly NodePool[];
  readonly addons: readonly Addon[];
  readonly platformComponents: readonly PlatformComponent[];
}

/**
 * What a component holds besides its outputs: the children of a valid one, the error of an invalid one, and the
 * provider for the tenant cluster. Kept outside the instance, because every property of the class is an output of
 * the multi-language component's schema, and these have no type other languages could receive.
 */
interface Internals {
  readonly children: Children | undefined;
  readonly failure: ComponentSpecError | undefined;
  readonly provider: k8s.Provider;
}

const INTERNALS = new WeakMap<TenantKubernetesCluster, Internals>();

/** What the component exports. */
interface Exports {
  readonly kubeconfigs: TenantKubeconfigs;
  readonly adminKubeconfigSecretName: pulumi.Output<string>;
  readonly capiKubeconfigSecretName: pulumi.Output<string>;
  readonly apiEndpoint: pulumi.Output<string>;
  readonly internalApiEndpoint: pulumi.Output<string>;
  readonly clusterIdentifier: pulumi.Output<string>;
}

/**
 * A tenant Kubernetes cluster as a Pulumi component. The arguments — the spec, the Pulumi-only settings and
 * `extraAddons` — are validated in the constructor. Invalid ones do not throw, so that a program reports every
 * invalid component in one run: the component renders nothing, its outputs are unknown, and a `SpecValidationError`
 * listing every problem (the CLI's messages) reaches Pulumi's runtime as this component's `ResourceError`, which it
 * reports under the component's name without a stack trace and which fails the run. Reading the children of an
 * invalid component throws that error. `pulumi.Output`s in the arguments are refused: the description must be plain
 * data.
 *
 * The children map the groups of the rendered cluster (`renderResolvedCluster`): the objects are exactly those CLI
 * `synth` prints and the cdk8s constructs synthesize. What the component adds is Pulumi's: `waitFor` on the
 * control plane, `skipAwait` on the Proxied ingress, `retainOnDelete` on worker templates, `protect` with
 * `protectDatastore`, and dependsOn between the children (the order `destroy` follows).
 *
 * `teardown.helmHook` is rejected (a `SpecValidationError` at `teardown.helmHook`): Pulumi runs no Helm hooks. Run the
 * cleanup Job — `tenant-kubernetes teardown`, or `renderTeardown(spec)` applied and awaited — before `pulumi destroy`.
 *
 * Outputs, available once the control plane is ready: `kubeconfig` and `kubeconfigs` (secrets), the Secret names,
 * the API endpoints, `clusterIdentifier`, and `provider`, a `k8s.Provider` for the tenant cluster with that stable
 * `clusterIdentifier`.
 */
export class TenantKubernetesCluster extends pulumi.ComponentResource {
  /** `admin.conf` of the tenant cluster (secret). */
  public readonly kubeconfig: pulumi.Output<string>;
  /** All four kubeconfigs (secrets). */
  public readonly kubeconfigs: TenantKubeconfigs;
  /** `<base>-admin-kubeconfig` (written by Kamaji). */
  public readonly adminKubeconfigSecretName: pulumi.Output<string>;
  /** `<base>-kubeconfig` (written by the Kamaji CAPI provider, key `value`). */
  public readonly capiKubeconfigSecretName: pulumi.Output<string>;
  /** External API endpoint, `https://<host>:443`. */
  public readonly apiEndpoint: pulumi.Output<string>;
  /** In-cluster API endpoint, `https://<base>.<namespace>.svc:6443`. */
  public readonly internalApiEndpoint: pulumi.Output<string>;
  /**
   * `<namespace>/kubernetes-<name>`: the stable identity of the tenant cluster, the `clusterIdentifier` of the
   * component's `provider`. Give it to a Kubernetes provider of your own (another stack, another language) with
   * `kubeconfig`, so that rotated credentials never replace downstream resources.
   */
  public readonly clusterIdentifier: pulumi.Output<string>;

  public constructor(name: string, args: TenantKubernetesClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super(`${TYPE_PREFIX}:TenantKubernetesCluster`, name, {}, opts);
    let resolvedArgs: ResolvedArgs | undefined;
    let failure: ComponentSpecError | undefined;
    let children: Children | undefined;
    try {
      resolvedArgs = resolveArgs(args);
      claimCluster(managementScope(opts), resolvedArgs.cluster, `component ${name}`);
    } catch (e) {
      if (!(e instanceof SpecValidationError)) throw e;
      resolvedArgs = undefined; // a refused claim comes after the arguments resolved
      failure = new ComponentSpecError(e.problems, this, name);
      // Not thrown: the program goes on, so that every invalid component of it is reported in the same run.
      reportInvalidComponent(failure);
    }
    let exports: Exports;
    if (resolvedArgs !== undefined) {
      [children, exports] = this.build(name, resolvedArgs, opts);
    } else {
      // Unknown, as in a preview: nothing downstream gets a value, and nothing waits forever for one.
      const unknown = () => pulumi.output<string>(pulumi.unknown as unknown as string);
      const kubeconfig = pulumi.secret(unknown());
      exports = {
        kubeconfigs: { adminConf: kubeconfig, adminSvc: kubeconfig, superAdminConf: kubeconfig, superAdminSvc: kubeconfig },
        adminKubeconfigSecretName: unknown(),
        capiKubeconfigSecretName: unknown(),
        apiEndpoint: unknown(),
        internalApiEndpoint: unknown(),
        clusterIdentifier: unknown(),
      };
    }
    this.kubeconfigs = exports.kubeconfigs;
    this.kubeconfig = exports.kubeconfigs.adminConf;
    this.adminKubeconfigSecretName = exports.adminKubeconfigSecretName;
    this.capiKubeconfigSecretName = exports.capiKubeconfigSecretName;
    this.apiEndpoint = exports.apiEndpoint;
    this.internalApiEndpoint = exports.internalApiEndpoint;
    this.clusterIdentifier = exports.clusterIdentifier;
    const provider = new k8s.Provider(`${name}-tenant`, { kubeconfig: this.kubeconfig, clusterIdentifier: this.clusterIdentifier }, { parent: this });
    INTERNALS.set(this, { children, failure, provider });
    this.registerOutputs({
      kubeconfig: this.kubeconfig,
      kubeconfigs: this.kubeconfigs,
      adminKubeconfigSecretName: this.adminKubeconfigSecretName,
      capiKubeconfigSecretName: this.capiKubeconfigSecretName,
      apiEndpoint: this.apiEndpoint,
      internalApiEndpoint: this.internalApiEndpoint,
      clusterIdentifier: this.clusterIdentifier,
    });
  }

  /**
   * A provider for the tenant cluster (admin.conf), for TypeScript programs. Its `clusterIdentifier` is stable:
   * rotated credentials never replace downstream resources. Programs in other languages build their own from
   * `kubeconfig` and `clusterIdentifier` (README, "Using the component from other languages").
   */
  public get provider(): k8s.Provider {
    return INTERNALS.get(this)!.provider;
  }

  /** The validated description with every default applied. */
  public get resolved(): ResolvedCluster {
    return this.valid().resolved;
  }

  /** Cluster, KamajiControlPlane, KubevirtCluster. */
  public get controlPlane(): ControlPlane {
    return this.valid().controlPlane;
  }

  /** The dedicated etcd, or `undefined` when `tenant.dataStoreName` is given. */
  public get datastore(): EtcdDatastore | undefined {
    return this.valid().datastore;
  }

  public get nodePools(): readonly NodePool[] {
    return this.valid().nodePools;
  }

  public get addons(): readonly Addon[] {
    return this.valid().addons;
  }

  public get platformComponents(): readonly PlatformComponent[] {
    return this.valid().platformComponents;
  }

  /** Whether the arguments were valid; when not, the run fails with their problems, and the outputs are unknown. */
  public get isValid(): boolean {
    return INTERNALS.get(this)!.children !== undefined;
  }

  /** The children; an invalid component throws its problems. */
  private valid(): Children {
    const { children, failure } = INTERNALS.get(this)!;
    if (children === undefined) throw failure!;
    return children;
  }

  private build(name: string, args: ResolvedArgs, opts: pulumi.ComponentResourceOptions | undefined): [Children, Exports] {
    const { cluster, customAddons, readinessTimeoutSeconds, protectDatastore } = args;
    const rendered = renderResolvedCluster(cluster, customAddons);
    const child = { parent: this };
    // Children do not inherit a component's dependsOn: pass it on, so that every object waits for what the caller named.
    const callerDeps = dependenciesOf(opts);
    const after = (...resources: pulumi.Resource[]): pulumi.ComponentResourceOptions => ({ ...child, dependsOn: [...callerDeps, ...resources] });

    // Datastore first: the control plane names it.
    const policy = (o: KubeObject) => objectPolicy(o, { protectDatastore });
    const datastore =
      rendered.datastore === undefined
        ? undefined
        : new EtcdDatastore('EtcdDatastore', `${name}-etcd`, datastoreObjects(rendered.datastore), policy, after());

    // The control plane waits on the status field the pinned Kamaji provider CRD exposes.
    const controlPlaneObjects = rendered.controlPlane.map((o) =>
      o.kind === 'KamajiControlPlane'
        ? withAnnotations(o, { 'pulumi.com/waitFor': 'jsonpath={.status.ready}=true', 'pulumi.com/timeoutSeconds': String(readinessTimeoutSeconds) })
        : o,
    );
    // No dependencies inside: the KamajiControlPlane only becomes ready once the Cluster and KubevirtCluster exist.
    const controlPlane = new ControlPlane(
      'ControlPlane',
      `${name}-control-plane`,
      controlPlaneObjects,
      policy,
      after(...(datastore ? [datastore] : [])),
    );

    const nodePools = rendered.nodePools.map(
      (pool) => new NodePool('NodePool', `${name}-${pool.group.name}`, clusterNodePoolObjects(pool), policy, after(controlPlane)),
    );

    // A new options object per child: the SDK may adjust the one it is given.
    const afterControlPlane = (): pulumi.ComponentResourceOptions => after(controlPlane);
    const platformComponents = [
      new PlatformComponent('ClusterAutoscaler', `${name}-autoscaler`, autoscalerObjects(rendered.autoscaler), policy, afterControlPlane()),
      new PlatformComponent('CloudControllerManager', `${name}-kccm`, cloudControllerObjects(rendered.cloudController), policy, afterControlPlane()),
      new PlatformComponent('CsiController', `${name}-csi`, csiObjects(rendered.csi), policy, afterControlPlane()),
      ...(rendered.platformIntegration.length > 0
        ? [new PlatformComponent('PlatformIntegration', `${name}-integration`, rendered.platformIntegration, policy, after())]
        : []),
    ];

    // Addons depend on the control plane and the platform components, so `destroy` uninstalls them while the tenant
    // API, the cloud controller and the CSI controller still run (their LoadBalancer Services and volumes are
    // released properly); and on the addons they list in dependsOn, so they are removed before those.
    const byName = new Map<string, Addon>();
    const addons = rendered.addons.map(({ release, companions, helmRelease }) => {
      const installedFirst = release.dependsOn.map((d) => byName.get(d)).filter((a): a is Addon => a !== undefined);
      const objects = [...companions.map(addonCompanion), helmRelease];
      const addon = new Addon(
        'Addon',
        `${name}-${release.name.slice(cluster.names.base.length + 1)}`,
        objects,
        policy,
        after(controlPlane, ...platformComponents, ...installedFirst),
      );
      byName.set(release.name, addon);
      return addon;
    });

    // Kamaji writes the admin kubeconfig Secret once the control plane is up; read it after the wait.
    const secrets = rendered.kubeconfigs;
    const secret = k8s.core.v1.Secret.get(`${name}-admin-kubeconfig`, `${secrets.admin.namespace}/${secrets.admin.name}`, {
      ...child,
      dependsOn: [controlPlane.kamajiControlPlane],
    });
    const key = (k: string) =>
      pulumi.secret(
        secret.data.apply((data) => {
          const value = data?.[k];
          if (value === undefined) throw new Error(`Secret ${secrets.admin.namespace}/${secrets.admin.name} has no key ${k}`);
          return Buffer.from(value, 'base64').toString('utf8');
        }),
      );
    const children = { resolved: cluster, controlPlane, datastore, nodePools, addons, platformComponents };
    return [
      children,
      {
        kubeconfigs: {
          adminConf: key('admin.conf'),
          adminSvc: key('admin.svc'),
          superAdminConf: key('super-admin.conf'),
          superAdminSvc: key('super-admin.svc'),
        },
        adminKubeconfigSecretName: pulumi.output(secrets.admin.name),
        capiKubeconfigSecretName: pulumi.output(secrets.capi.name),
        apiEndpoint: pulumi.output(`https://${cluster.host}:443`),
        internalApiEndpoint: pulumi.output(`https://${cluster.names.apiServiceHost}:6443`),
        clusterIdentifier: pulumi.output(`${cluster.namespace}/${cluster.names.base}`),
      },
    ];
  }
}

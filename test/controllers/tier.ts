// One management cluster for a controllers-tier test file: a real kube-apiserver with CRDs that accept both platform
// lines' output (contract labels added; RealControllers.installCrds), the real Cluster API managers and cert-manager
// controller, and the stand-ins for what the Go module proxy does not serve (Kamaji with its CAPI provider, the
// KubeVirt provider and the workers' kubelets).
import { clusterObjects, renderResolvedCluster } from '../../src/render/cluster';
import type { KubeObject } from '../../src/render/manifest';
import { resolveSpec } from '../../src/render/resolve';
import type { TenantKubernetesClusterSpec } from '../../src/spec/types';
import { Applier } from '../support/apply';
import {
  capiConflictRetry,
  certificateRequestCreateRace,
  deletedObjectRace,
  RealControllers,
  transientCertManagerError,
  whileDisconnected,
  type ControllerError,
} from '../support/controllers';
import { KamajiStandIn } from '../support/kamaji-standin';
import { KubeHarness } from '../support/kube-harness';
import { KubevirtStandIn } from '../support/kubevirt-standin';
import { controllersBinDir, testbinDir } from '../support/testbin';

export interface ControllersTier {
  readonly kube: KubeHarness;
  readonly controllers: RealControllers;
  readonly kamaji: KamajiStandIn;
  readonly kubevirt: KubevirtStandIn;
  readonly applier: Applier;
  /** GET of a path; the items of a list. */
  list(path: string): Promise<any[]>;
  get(path: string): Promise<any>;
  /** Renders a spec and applies every object (namespace first); returns the objects. */
  applyCluster(spec: TenantKubernetesClusterSpec): Promise<KubeObject[]>;
  /** The Machines of a MachineDeployment. */
  machines(namespace: string, machineDeployment: string): Promise<any[]>;
  /** When each CA Issuer became Ready, by the CA Secret it signs with (ms since the epoch). */
  caIssuersReadyAt(): Promise<Map<string, number>>;
  /**
   * Every error a controller logged that is neither one of the bounded races of test/support/controllers.ts nor
   * `withheld` (what a test provokes on purpose); each with its manager's cluster-cache lines for that namespace, so
   * that a failing run shows when the connection came and went.
   */
  unexplainedErrors(withheld?: (error: ControllerError) => boolean): Promise<Array<ControllerError & { clusterCache: string[] }>>;
  /** What went wrong in the stand-ins' background loops. */
  standInErrors(): string[];
  stop(): Promise<void>;
}

export async function startControllersTier(): Promise<ControllersTier> {
  const bin = testbinDir();
  const kube = new KubeHarness({ binDir: bin });
  await kube.start();
  const controllers = new RealControllers(kube, controllersBinDir());
  try {
    await controllers.installCrds();
    await controllers.start();
  } catch (e) {
    await kube.stop();
    throw e;
  }
  // The real CAPI makes the Cluster own the worker templates: the stand-in must not do it for it.
  const kamaji = new KamajiStandIn(kube, bin, { ownTemplates: false });
  const kubevirt = new KubevirtStandIn(kube, kamaji);
  kamaji.start();
  kubevirt.start();
  const applier = new Applier(kube);
  const get = async (path: string) => (await kube.call('GET', path)).body;
  const list = async (path: string): Promise<any[]> => (await get(path))?.items ?? [];
  const caIssuersReadyAt = async () => {
    const readyAt = new Map<string, number>();
    for (const issuer of await list('/apis/cert-manager.io/v1/issuers')) {
      const ready = issuer.status?.conditions?.find((c: any) => c.type === 'Ready' && c.status === 'True');
      if (issuer.spec.ca && ready) readyAt.set(issuer.spec.ca.secretName, Date.parse(ready.lastTransitionTime));
    }
    return readyAt;
  };
  return {
    kube,
    controllers,
    kamaji,
    kubevirt,
    applier,
    get,
    list,
    caIssuersReadyAt,
    machines: (namespace, md) => list(`${CAPI}/namespaces/${namespace}/machines?${selector({ 'cluster.x-k8s.io/deployment-name': md })}`),
    async unexplainedErrors(withheld = () => false) {
      const caReady = await caIssuersReadyAt();
      const disconnected = controllers.disconnectedSpans();
      const key = (o: any) => `${o.metadata.namespace}/${o.metadata.name}`;
      const live = {
        machines: new Set((await list(`${CAPI}/machines`)).map(key)),
        machineSets: new Set((await list(`${CAPI}/machinesets`)).map(key)),
      };
      const requests = await list('/apis/cert-manager.io/v1/certificaterequests');
      const liveRequests = new Set(requests.map(key));
      const namespaces = [...new Set<string>(requests.map((r) => r.metadata.namespace))];
      return controllers
        .errors()
        .filter(
          (e) =>
            !transientCertManagerError(e, caReady) &&
            !capiConflictRetry(e) &&
            !whileDisconnected(e, disconnected) &&
            !deletedObjectRace(e, live) &&
            !certificateRequestCreateRace(e, liveRequests, namespaces) &&
            !withheld(e),
        )
        .map((e) => ({ ...e, clusterCache: controllers.clusterCacheLines(e) }));
    },
    async applyCluster(spec) {
      await applier.ensureNamespace(spec.tenant.namespace);
      const objects = clusterObjects(renderResolvedCluster(resolveSpec(spec)));
      const failures = await applier.applyAll(objects, false);
      if (failures.length > 0) throw new Error(`apply of ${spec.name}:\n${failures.join('\n')}`);
      return objects;
    },
    standInErrors: () => [...kamaji.errors, ...kubevirt.errors],
    async stop() {
      // TENANT_KUBERNETES_KEEP_LOGS=DIR keeps the controllers' whole logs (they go with the harness otherwise).
      if (process.env.TENANT_KUBERNETES_KEEP_LOGS) controllers.copyLogs(process.env.TENANT_KUBERNETES_KEEP_LOGS);
      await kubevirt.stop();
      await kamaji.stop();
      await kube.stop();
    },
  };
}

/** Polls until `check` returns a value (not undefined/false), or fails with what it saw last. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
}

/** A `labelSelector=` query parameter. */
export const selector = (labels: Record<string, string>) =>
  `labelSelector=${encodeURIComponent(
    Object.entries(labels)
      .map(([k, v]) => `${k}=${v}`)
      .join(','),
  )}`;

export const CAPI = '/apis/cluster.x-k8s.io/v1beta1';
export const CABPK = '/apis/bootstrap.cluster.x-k8s.io/v1beta1';
export const CAPK = '/apis/infrastructure.cluster.x-k8s.io/v1alpha1';

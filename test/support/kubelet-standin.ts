// TEST STAND-IN for the scheduler and the kubelets of the management cluster. Test code only: there are no nodes and
// no container runtime here, but the Pulumi provider waits for Deployments (autoscaler, cloud controller, CSI
// controller) to become available, exactly as it would on a real management cluster. With kube-controller-manager's
// deployment and replicaset controllers running, this loop closes the circle the way a scheduler and a kubelet do:
//  - a pending Pod is bound to the stand-in node (the Binding subresource, as kube-scheduler does);
//  - a bound Pod gets the status a kubelet reports once its containers run: phase Running, Ready, every container
//    ready (the ReplicaSet and Deployment controllers then count it, and the Deployment becomes Available);
//  - a Pod being deleted is confirmed with grace period 0, as a kubelet does once its containers stopped.
import type { KubeHarness } from './kube-harness';
import { PollingLoop } from './polling-loop';

export const STANDIN_NODE = 'kubelet-standin';

export class KubeletStandIn extends PollingLoop {
  /** How many Pods were started, by `namespace/name` (for assertions). */
  public readonly started = new Set<string>();

  public constructor(private readonly cluster: KubeHarness) {
    super();
  }

  protected async poll(): Promise<void> {
    const pods = (await this.cluster.call('GET', '/api/v1/pods')).body?.items ?? [];
    for (const pod of pods) await this.reconcile(pod);
  }

  private async reconcile(pod: any): Promise<void> {
    const { name, namespace } = pod.metadata;
    const path = `/api/v1/namespaces/${namespace}/pods/${name}`;
    if (pod.metadata.deletionTimestamp) {
      await this.expect(this.cluster.call('DELETE', path, { apiVersion: 'v1', kind: 'DeleteOptions', gracePeriodSeconds: 0 }), [200, 404]);
      return;
    }
    if (!pod.spec.nodeName) {
      await this.expect(
        this.cluster.call('POST', `${path}/binding`, {
          apiVersion: 'v1',
          kind: 'Binding',
          metadata: { name, namespace },
          target: { apiVersion: 'v1', kind: 'Node', name: STANDIN_NODE },
        }),
        [201, 404, 409],
      );
      return;
    }
    if (pod.status?.phase === 'Running') return;
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const condition = (type: string) => ({ type, status: 'True', lastProbeTime: null, lastTransitionTime: now });
    await this.expect(
      this.cluster.call(
        'PATCH',
        `${path}/status`,
        {
          status: {
            phase: 'Running',
            hostIP: '127.0.0.1',
            podIP: '127.0.0.1',
            startTime: now,
            conditions: ['PodScheduled', 'Initialized', 'ContainersReady', 'Ready'].map(condition),
            containerStatuses: pod.spec.containers.map((c: any) => ({
              name: c.name,
              image: c.image,
              imageID: '',
              ready: true,
              started: true,
              restartCount: 0,
              state: { running: { startedAt: now } },
            })),
          },
        },
        'application/merge-patch+json',
      ),
      [200, 404],
    );
    this.started.add(`${namespace}/${name}`);
  }

  private async expect(call: Promise<{ status: number; body: any }>, ok: number[]): Promise<void> {
    const r = await call;
    if (!ok.includes(r.status)) throw new Error(`kubelet stand-in: ${r.status} ${JSON.stringify(r.body)}`);
  }
}

// The controllers tier allows a few races of the real controllers by their exact log lines; these lines are what the
// controllers printed (copied from failing runs), so a change of wording or of the rule shows here, in the fast tier.
import {
  certificateRequestCreateRace,
  CONNECT_SLACK_MS,
  deletedObjectRace,
  disconnectedSpans,
  klogTime,
  whileDisconnected,
  type ControllerError,
  type DisconnectedSpan,
} from '../support/controllers';

const from =
  (controller: ControllerError['controller']) =>
  (line: string): ControllerError => ({ controller, line });
const certManager = from('cert-manager-controller');
const capi = from('capi-manager');

describe('certificateRequestCreateRace', () => {
  const RACE = String.raw`E1201 15:07:31.697077    7361 controller.go:157] "re-queuing item due to error processing" err="certificaterequests.cert-manager.io \"kubernetes-empty-d-etcd-peer-ca-1\" already exists" logger="cert-manager"`;

  it('allows the second create of a CertificateRequest that exists', () => {
    expect(certificateRequestCreateRace(certManager(RACE), new Set(['tenant-empty/kubernetes-empty-d-etcd-peer-ca-1']), ['tenant-empty'])).toBe(true);
  });

  it('reports it when the CertificateRequest does not exist, and any other error', () => {
    expect(certificateRequestCreateRace(certManager(RACE), new Set(['tenant-empty/kubernetes-empty-d-etcd-ca-1']), ['tenant-empty'])).toBe(false);
    expect(
      certificateRequestCreateRace(
        certManager(RACE.replace('already exists', 'is invalid')),
        new Set(['tenant-empty/kubernetes-empty-d-etcd-peer-ca-1']),
        ['tenant-empty'],
      ),
    ).toBe(false);
    expect(certificateRequestCreateRace(capi(RACE), new Set(['tenant-empty/kubernetes-empty-d-etcd-peer-ca-1']), ['tenant-empty'])).toBe(false);
  });
});

describe('deletedObjectRace', () => {
  const MACHINE_SET = String.raw`E1201 15:40:40.477734   20894 controller.go:347] "Reconciler error" err="failed to patch MachineSet tenant-roll/kubernetes-roll-md0-6p92w: machinesets.cluster.x-k8s.io \"kubernetes-roll-md0-6p92w\" not found" controller="machineset" controllerGroup="cluster.x-k8s.io" controllerKind="MachineSet" MachineSet="tenant-roll/kubernetes-roll-md0-6p92w" namespace="tenant-roll" name="kubernetes-roll-md0-6p92w" reconcileID="d6b237f5-56a3-4461-bbac-6204e5c622a1"`;
  const none = { machines: new Set<string>(), machineSets: new Set<string>() };

  it('allows a MachineSet status patch that lost to the rollout deleting that MachineSet', () => {
    expect(deletedObjectRace(capi(MACHINE_SET), none)).toBe(true);
  });

  it('reports it while the MachineSet exists, under a Machine of that name, or from another controller', () => {
    expect(deletedObjectRace(capi(MACHINE_SET), { ...none, machineSets: new Set(['tenant-roll/kubernetes-roll-md0-6p92w']) })).toBe(false);
    expect(deletedObjectRace(capi(MACHINE_SET.replace('not found" controller', 'is invalid" controller')), none)).toBe(false);
    expect(deletedObjectRace(from('cabpk-manager')(MACHINE_SET), none)).toBe(false);
  });
});

describe('whileDisconnected', () => {
  const DOWN = String.raw`E1201 15:43:53.812323   22119 controller.go:347] "Reconciler error" err="error creating watch machine-watchNodes for *v1.Node: connection to the workload cluster is down" controller="machine" controllerGroup="cluster.x-k8s.io" controllerKind="Machine" Machine="tenant-several-s/kubernetes-several-s-small-cdgrf-kckvk" namespace="tenant-several-s" name="kubernetes-several-s-small-cdgrf-kckvk" reconcileID="2c892c57-4013-4b1f-b4d5-8e76081d2200"`;
  const at = klogTime(DOWN);
  const spans = (...list: DisconnectedSpan[]) => new Map([['capi-manager/tenant-several-s', list]]);

  it('allows it before the first connection and after a reconnection, up to the slack', () => {
    expect(whileDisconnected(capi(DOWN), spans({ from: Number.NEGATIVE_INFINITY, to: at + 10 }))).toBe(true);
    expect(
      whileDisconnected(capi(DOWN), spans({ from: Number.NEGATIVE_INFINITY, to: at - 60_000 }, { from: at - 5_000, to: at - CONNECT_SLACK_MS + 1 })),
    ).toBe(true);
  });

  it('reports it while connected, in a span that never reconnected, for another namespace or manager', () => {
    expect(whileDisconnected(capi(DOWN), spans({ from: Number.NEGATIVE_INFINITY, to: at - CONNECT_SLACK_MS - 1 }))).toBe(false);
    expect(
      whileDisconnected(capi(DOWN), spans({ from: Number.NEGATIVE_INFINITY, to: at - 60_000 }, { from: at - 5_000, to: Number.POSITIVE_INFINITY })),
    ).toBe(false);
    expect(whileDisconnected(capi(DOWN.replaceAll('tenant-several-s', 'tenant-other')), spans({ from: Number.NEGATIVE_INFINITY, to: at }))).toBe(
      false,
    );
    expect(whileDisconnected(from('cabpk-manager')(DOWN), spans({ from: Number.NEGATIVE_INFINITY, to: at }))).toBe(false);
    expect(whileDisconnected(certManager(DOWN), spans({ from: Number.NEGATIVE_INFINITY, to: at }))).toBe(false);
  });
});

describe('disconnectedSpans', () => {
  // The shape of CAPI v1.10.1's cluster-cache lines at --v=2.
  const line = (time: string, msg: string, ns: string) =>
    `I1201 ${time}   22119 cluster_accessor.go:274] "${msg}" controller="clustercache" controllerGroup="cluster.x-k8s.io" controllerKind="Cluster" Cluster="${ns}/kubernetes-x" namespace="${ns}" name="kubernetes-x"`;

  it('opens at the start and after each Disconnecting, and closes at the next Connected', () => {
    const log = [
      line('15:40:00.000000', 'Connecting', 'tenant-a'),
      line('15:40:01.000000', 'Connected', 'tenant-a'),
      line('15:40:02.000000', 'Connected', 'tenant-b'),
      line('15:41:00.000000', 'Disconnecting', 'tenant-a'),
      line('15:41:00.100000', 'Disconnected', 'tenant-a'),
      line('15:41:05.000000', 'Connected', 'tenant-a'),
      line('15:42:00.000000', 'Disconnecting', 'tenant-b'),
    ].join('\n');
    const t = (time: string) => klogTime(`I1201 ${time}`);
    expect(disconnectedSpans(log)).toEqual(
      new Map([
        [
          'tenant-a',
          [
            { from: Number.NEGATIVE_INFINITY, to: t('15:40:01.000000') },
            { from: t('15:41:00.000000'), to: t('15:41:05.000000') },
          ],
        ],
        [
          'tenant-b',
          [
            { from: Number.NEGATIVE_INFINITY, to: t('15:40:02.000000') },
            { from: t('15:42:00.000000'), to: Number.POSITIVE_INFINITY },
          ],
        ],
      ]),
    );
  });
});

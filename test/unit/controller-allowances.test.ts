// The controllers tier allows a few races of the real controllers by their exact log lines; these lines are what the
// controllers printed (copied from failing runs), so a change of wording or of the rule shows here, in the fast tier.
import { certificateRequestCreateRace, type ControllerError } from '../support/controllers';

const certManager = (line: string): ControllerError => ({ controller: 'cert-manager-controller', line }) as ControllerError;
const RACE = String.raw`E1201 15:07:31.697077    7361 controller.go:157] "re-queuing item due to error processing" err="certificaterequests.cert-manager.io \"kubernetes-empty-d-etcd-peer-ca-1\" already exists" logger="cert-manager"`;

describe('certificateRequestCreateRace', () => {
  it('allows the second create of a CertificateRequest that exists', () => {
    expect(certificateRequestCreateRace(certManager(RACE), new Set(['tenant-empty/kubernetes-empty-d-etcd-peer-ca-1']), ['tenant-empty'])).toBe(true);
  });

  it('reports it when the CertificateRequest does not exist, and any other error', () => {
    expect(certificateRequestCreateRace(certManager(RACE), new Set(['tenant-empty/kubernetes-empty-d-etcd-ca-1']), ['tenant-empty'])).toBe(false);
    expect(certificateRequestCreateRace(certManager(RACE.replace('already exists', 'is invalid')), new Set(['tenant-empty/kubernetes-empty-d-etcd-peer-ca-1']), ['tenant-empty'])).toBe(false);
    expect(certificateRequestCreateRace({ ...certManager(RACE), controller: 'capi-manager' } as ControllerError, new Set(['tenant-empty/kubernetes-empty-d-etcd-peer-ca-1']), ['tenant-empty'])).toBe(false);
  });
});

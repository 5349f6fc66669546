import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderTeardown, teardownScript } from '../../src/render/teardown';
import { resolveSpec } from '../../src/render/resolve';
import { spec } from '../support/fixtures';

const cluster = resolveSpec(spec());

/**
 * Runs the cleanup script with a stand-in `kubectl` that records its arguments. `behaviour` maps a pattern of the
 * argument line to [exit status, output].
 */
function runScript(behaviour: Array<[RegExp, number, string]>): { status: number; calls: string[]; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'tk-teardown-'));
  const log = join(dir, 'calls');
  const rules = behaviour
    .map(([re, code, out], i) => `  if echo "$*" | grep -Eq '${re.source}'; then printf '%b' '${out}'; exit ${code}; fi # ${i}`)
    .join('\n');
  writeFileSync(join(dir, 'kubectl'), `#!/bin/sh\necho "$*" >> ${log}\n${rules}\nexit 0\n`);
  chmodSync(join(dir, 'kubectl'), 0o755);
  writeFileSync(log, '');
  let status = 0;
  let output: string;
  try {
    output = execFileSync('/bin/sh', ['-c', teardownScript(cluster)], { env: { PATH: `${dir}:/usr/bin:/bin` }, encoding: 'utf8' });
  } catch (e) {
    status = (e as { status: number }).status;
    output = String((e as { stdout: string }).stdout);
  }
  return { status, calls: readFileSync(log, 'utf8').trim().split('\n'), output };
}

describe('teardown', () => {
  it('uninstalls the addons, then deletes the control plane, then volumes and load balancers, then the datastore finalizer', () => {
    const r = runScript([
      [/^api-resources/, 0, 'datavolumes.cdi.kubevirt.io\\n'],
      [
        /get services -l cluster.x-k8s.io\/cluster-name=kubernetes-foo -o jsonpath=\{range .items\[\?\(@.spec.type=="LoadBalancer"\)\]\}\{.metadata.name\}/,
        0,
        'lb-a lb-b ',
      ],
      [/get secret kubernetes-foo-datastore-config/, 0, ''],
    ]);
    const verbs = r.calls.map((c) => c.replace(/^-n tenant-foo /, ''));
    const index = (re: RegExp) => verbs.findIndex((c) => re.test(c));
    expect(index(/^delete helmreleases.helm.toolkit.fluxcd.io -l cozystack.io\/target-cluster-name=kubernetes-foo .*--wait=true --timeout=5m/)).toBe(
      0,
    );
    const kcp = index(/^delete kamajicontrolplanes.controlplane.cluster.x-k8s.io kubernetes-foo/);
    const tcp = index(/^delete tenantcontrolplanes.kamaji.clastix.io kubernetes-foo/);
    const dv = index(/^delete datavolumes.cdi.kubevirt.io -l cluster.x-k8s.io\/cluster-name=kubernetes-foo/);
    const lbA = index(/^delete service lb-a/);
    const lbB = index(/^delete service lb-b/);
    const fin = index(/^patch secret kubernetes-foo-datastore-config --type=merge -p \{"metadata":\{"finalizers":null\}\}/);
    expect([kcp, tcp, dv, lbA, lbB, fin].every((i) => i > 0)).toBe(true);
    expect(kcp).toBeLessThan(tcp);
    expect(tcp).toBeLessThan(dv);
    expect(dv).toBeLessThan(lbA);
    expect(lbB).toBeLessThan(fin);
    expect(r.status).toBe(0);
  });

  it('fails, naming them, when objects are left behind', () => {
    const r = runScript([[/service\/\{.metadata.name\}/, 0, 'service/lb-a ']]);
    expect(r.status).toBe(1);
    expect(r.output).toContain('left behind: service/lb-a');
  });

  it('succeeds when nothing is left', () => {
    const r = runScript([]);
    expect(r.status).toBe(0);
    expect(r.output).toContain('[cleanup kubernetes-foo] done');
    expect(r.calls.some((c) => c.includes('datavolumes.cdi.kubevirt.io -l'))).toBe(false); // no CDI on this cluster
  });

  it('does not hang when the addons cannot be uninstalled: suspends them and releases their finalizers', () => {
    const r = runScript([
      [/delete helmreleases/, 1, ''],
      [
        /get helmreleases.helm.toolkit.fluxcd.io -l cozystack.io\/target-cluster-name=kubernetes-foo -o name$/,
        0,
        'helmrelease.helm.toolkit.fluxcd.io/kubernetes-foo-cilium\\n',
      ],
    ]);
    expect(r.calls).toContain(
      '-n tenant-foo patch helmrelease.helm.toolkit.fluxcd.io/kubernetes-foo-cilium --type=merge -p {"spec":{"suspend":true}}',
    );
    expect(r.calls).toContain(
      '-n tenant-foo patch helmrelease.helm.toolkit.fluxcd.io/kubernetes-foo-cilium --type=merge -p {"metadata":{"finalizers":null}}',
    );
    expect(r.calls.some((c) => c.includes('delete kamajicontrolplanes'))).toBe(true);
  });

  it('fails when the control plane cannot be deleted', () => {
    expect(runScript([[/delete kamajicontrolplanes/, 1, '']]).status).toBe(1);
  });

  it('renders a bounded Job with just the RBAC it needs', () => {
    const [sa, role, rb, job] = renderTeardown(cluster) as any[];
    expect(sa.metadata).toEqual({ name: 'kubernetes-foo-cleanup', namespace: 'tenant-foo' });
    expect(role.rules.map((r: any) => `${r.apiGroups[0]}/${r.resources[0]}:${r.verbs.join(',')}`)).toEqual([
      'helm.toolkit.fluxcd.io/helmreleases:get,list,watch,patch,delete',
      'controlplane.cluster.x-k8s.io/kamajicontrolplanes:get,list,watch,delete',
      'kamaji.clastix.io/tenantcontrolplanes:get,list,watch,delete',
      'cdi.kubevirt.io/datavolumes:get,list,watch,delete',
      '/services:get,list,watch,delete',
      '/secrets:get,patch',
    ]);
    expect(role.rules[5].resourceNames).toEqual(['kubernetes-foo-datastore-config']);
    expect(rb.subjects).toEqual([{ kind: 'ServiceAccount', name: 'kubernetes-foo-cleanup', namespace: 'tenant-foo' }]);
    expect(job.spec.backoffLimit).toBe(1);
    expect(job.spec.activeDeadlineSeconds).toBe(6 * 300 + 300);
    expect(job.spec.template.metadata.labels).toEqual({ 'policy.cozystack.io/allow-to-apiserver': 'true' });
    expect(job.spec.template.spec.restartPolicy).toBe('Never');
    expect(job.spec.template.spec.containers[0].command.slice(0, 2)).toEqual(['/bin/sh', '-c']);
  });

  it('is a Helm pre-delete hook only when asked, kept on failure', () => {
    expect(renderTeardown(cluster).every((o) => o.metadata.annotations === undefined)).toBe(true);
    const hooked = renderTeardown(cluster, { helmHook: true });
    expect(hooked.map((o) => o.metadata.annotations)).toEqual(
      [0, 5, 5, 10].map((w) => ({
        'helm.sh/hook': 'pre-delete',
        'helm.sh/hook-weight': String(w),
        'helm.sh/hook-delete-policy': 'before-hook-creation,hook-succeeded',
      })),
    );
  });

  it('uses the configured wait', () => {
    const c = resolveSpec(spec({ teardown: { waitTimeout: '2m' } }));
    expect(teardownScript(c)).toContain('WAIT=2m');
    expect((renderTeardown(c)[3] as any).spec.activeDeadlineSeconds).toBe(6 * 120 + 300);
  });
});

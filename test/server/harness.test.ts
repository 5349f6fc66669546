// The harness cleans up after itself: on stop, and when the process that started it is killed outright.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testbinDir } from '../support/testbin';

jest.setTimeout(120_000);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const childrenOf = (pid: number): number[] => {
  try {
    return execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
};

describe('KubeHarness cleanup', () => {
  it('kills etcd, kube-apiserver and kube-controller-manager and removes its directory when its process is killed', async () => {
    const before = new Set(readdirSync(tmpdir()).filter((d) => d.startsWith('tenant-kubernetes-kube-')));
    const script = `
      const { KubeHarness } = require(${JSON.stringify(join(__dirname, '../support/kube-harness.ts'))});
      const k = new KubeHarness({ binDir: ${JSON.stringify(testbinDir())} });
      k.start().then(() => { console.log('READY'); setInterval(() => {}, 1000); }, (e) => { console.error(e); process.exit(1); });`;
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], { cwd: join(__dirname, '../..'), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      out += d;
    });
    const deadline = Date.now() + 90_000;
    while (!out.includes('READY') && Date.now() < deadline && child.exitCode === null) await sleep(200);
    expect(out).toContain('READY');
    const servers = childrenOf(child.pid!).filter((p) =>
      /etcd|kube-/.test(execFileSync('ps', ['-o', 'comm=', '-p', String(p)], { encoding: 'utf8' })),
    );
    expect(servers.length).toBe(3);
    const dirs = readdirSync(tmpdir()).filter((d) => d.startsWith('tenant-kubernetes-kube-') && !before.has(d));
    expect(dirs).toHaveLength(1);
    child.kill('SIGKILL');
    const gone = Date.now() + 15_000;
    while ((servers.some(alive) || existsSync(join(tmpdir(), dirs[0]))) && Date.now() < gone) await sleep(200);
    expect(servers.filter(alive)).toEqual([]);
    expect(existsSync(join(tmpdir(), dirs[0]))).toBe(false);
  });
});

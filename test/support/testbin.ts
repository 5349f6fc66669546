// Where the server tier finds its binaries: $TENANT_KUBERNETES_TESTBIN_DIR (set by `npm test`), or whatever
// scripts/testbin.sh builds or reuses. A build failure fails the tier loudly; it is never skipped.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export function testbinDir(): string {
  const fromEnv = process.env.TENANT_KUBERNETES_TESTBIN_DIR;
  if (fromEnv) return fromEnv;
  try {
    return execFileSync('bash', [join(__dirname, '../../scripts/testbin.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  } catch (e) {
    throw new Error(`SERVER TIER CANNOT RUN: scripts/testbin.sh failed to build kube-apiserver/etcd (${(e as Error).message})`);
  }
}

// Where the server and engine tiers find their binaries: an environment variable, or whatever the tier's build
// script builds or reuses. A build failure fails the tier loudly; it is never skipped.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** The directory a build script prints (it builds only what its cache lacks). */
export function builtBinDir(envVar: string, script: string, what: string): string {
  const fromEnv = process.env[envVar];
  if (fromEnv) return fromEnv;
  try {
    return execFileSync('bash', [join(__dirname, '../../scripts', script)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  } catch (e) {
    throw new Error(`${what} CANNOT RUN: scripts/${script} failed to build its binaries (${(e as Error).message})`, { cause: e });
  }
}

/** kube-apiserver, kube-controller-manager, kubectl and etcd for the server tier. */
export function testbinDir(): string {
  return builtBinDir('TENANT_KUBERNETES_TESTBIN_DIR', 'testbin.sh', 'SERVER TIER (kube-apiserver/etcd)');
}

/** The Cluster API managers and the cert-manager controller for the controllers tier. */
export function controllersBinDir(): string {
  return builtBinDir('TENANT_KUBERNETES_CONTROLLERS_BIN_DIR', 'controllers-testbin.sh', 'CONTROLLERS TIER (Cluster API, cert-manager)');
}

/** The Helm v3 CLI for the helm tier (scripts/helm-testbin.sh). */
export function helmBinDir(): string {
  return builtBinDir('TENANT_KUBERNETES_HELM_BIN_DIR', 'helm-testbin.sh', 'HELM TIER (the Helm v3 CLI)');
}

// Where the engine tier finds the Pulumi CLI and provider: $TENANT_KUBERNETES_PULUMI_BIN_DIR, or whatever
// scripts/pulumi-testbin.sh builds or reuses. A build failure fails the tier loudly; it is never skipped.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export function pulumiBinDir(): string {
  const fromEnv = process.env.TENANT_KUBERNETES_PULUMI_BIN_DIR;
  if (fromEnv) return fromEnv;
  try {
    return execFileSync('bash', [join(__dirname, '../../scripts/pulumi-testbin.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  } catch (e) {
    throw new Error(`ENGINE TIER CANNOT RUN: scripts/pulumi-testbin.sh failed to build the Pulumi CLI or provider (${(e as Error).message})`);
  }
}

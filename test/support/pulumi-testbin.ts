import { builtBinDir } from './testbin';

/** The Pulumi CLI and the Kubernetes provider for the engine tier. */
export function pulumiBinDir(): string {
  return builtBinDir('TENANT_KUBERNETES_PULUMI_BIN_DIR', 'pulumi-testbin.sh', 'ENGINE TIER (Pulumi CLI/provider)');
}

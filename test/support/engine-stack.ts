// A Pulumi stack for the engine tier: an inline Automation API program in a local file backend under `work`, with
// the management cluster's kubeconfig as the secret config `managementKubeconfig`, and no plugin downloads.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { LocalWorkspace, type Stack } from '@pulumi/pulumi/automation';

/** A workspace directory of its own per project and stack, under `work`. */
function workspaceDir(work: string, project: string, stack: string): string {
  const dir = join(work, 'workspaces', project, stack);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Makes stacks in `work` (which must have a `state` directory) for a management cluster's kubeconfig. */
export function stackMaker(
  work: string,
  managementKubeconfig: () => string,
): (name: string, project: string, program: () => Promise<Record<string, unknown> | void>) => Promise<Stack> {
  return async (name, project, program) => {
    const s = await LocalWorkspace.createOrSelectStack(
      { stackName: name, projectName: project, program },
      {
        // In `work`, which the test removes: by default the Automation API leaves a directory in /tmp per stack, holding
        // its settings (the encrypted management kubeconfig).
        workDir: workspaceDir(work, project, name),
        pulumiHome: join(work, 'home'),
        projectSettings: { name: project, runtime: 'nodejs', backend: { url: `file://${join(work, 'state')}` } },
        envVars: {
          PULUMI_CONFIG_PASSPHRASE: 'engine-tier',
          PULUMI_SKIP_UPDATE_CHECK: 'true',
          PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: 'true',
          PULUMI_DISABLE_REGISTRY_RESOLVE: 'true',
          PATH: process.env.PATH!,
        },
      },
    );
    await s.setConfig('managementKubeconfig', { value: managementKubeconfig(), secret: true });
    return s;
  };
}

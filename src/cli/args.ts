// Command-line parsing for `tenant-kubernetes synth`, `teardown` and `fleet`.
import type { FleetArgs } from './fleet';

export interface SynthArgs {
  /** `synth` prints the cluster; `teardown` prints the cleanup Job to run before deleting it. */
  readonly command: 'synth' | 'teardown';
  readonly name: string | undefined;
  readonly namespace: string | undefined;
  readonly valuesFiles: readonly string[];
  readonly tenantEtcd: string | undefined;
  readonly tenantIngress: string | undefined;
  readonly tenantHost: string | undefined;
  readonly tenantMonitoring: string | undefined;
  /** WorkloadMonitors and dashboard RBAC, as the reference chart renders them. */
  readonly platformIntegration: boolean;
  /** Add the cleanup Job as a Helm pre-delete hook. */
  readonly teardownHook: boolean;
}

export type ParsedArgs = SynthArgs | FleetArgs | { readonly command: 'help' } | { readonly command: 'version' };

export class UsageError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const USAGE = `Usage: tenant-kubernetes synth --name NAME --namespace NS [-f values.yaml]...
                              [--tenant-etcd DATASTORE] [--tenant-ingress CLASS] [--tenant-host HOST]
                              [--tenant-monitoring NS] [--no-platform-integration] [--teardown-hook]
       tenant-kubernetes teardown --name NAME --namespace NS [-f values.yaml]... [same tenant options]
       tenant-kubernetes fleet [--output-dir DIR] [--jobs N] [--dry-run] [--allow-empty] [--follow-symlinks]
                               FILE|DIR...

synth     prints every management-cluster object of tenant cluster kubernetes-NAME as multi-document YAML.
teardown  prints the cleanup Job (and its RBAC) that takes the cluster down in order: apply it, wait for it to
          complete, then delete the cluster's objects.
fleet     synthesizes many clusters at once. Every YAML document in the FILEs (and in the *.yaml/*.yml files under
          the DIRs) is one whole cluster description: name, tenant and the rest, as the library's
          TenantKubernetesClusterSpec. Prints every cluster, or with --output-dir writes DIR/NAMESPACE/NAME.yaml
          per cluster and replaces the earlier output all at once or not at all, even if killed: DIR must be new,
          empty or fleet's own (its marker DIR/.tenant-kubernetes-fleet lists the files fleet wrote, by SHA-256;
          fleet refuses a DIR whose YAML files differ from it, and keeps files of other kinds). One run per DIR at a
          time (a lock). A summary goes to stderr. Zero clusters found is an error unless --allow-empty.

  --name NAME               cluster name; objects are named kubernetes-NAME
  --namespace NS            tenant namespace (namespace.cozystack.io annotations' owner)
  -f, --values FILE         values file in the reference chart's format; repeatable, later files win
  --tenant-etcd DATASTORE   existing Kamaji DataStore (namespace.cozystack.io/etcd); omit for a dedicated etcd
  --tenant-ingress CLASS    IngressClass of the tenant ingress (namespace.cozystack.io/ingress)
  --tenant-host HOST        tenant base domain (namespace.cozystack.io/host)
  --tenant-monitoring NS    tenant monitoring namespace (namespace.cozystack.io/monitoring)
  --no-platform-integration leave out the WorkloadMonitors and dashboard RBAC of the reference platform
  --teardown-hook           add the cleanup Job as a Helm pre-delete hook (only for output installed by Helm)
  -o, --output-dir DIR      (fleet) write one file per cluster under DIR
  -j, --jobs N              (fleet) render on N threads (at most one per core: more are cut down, with a note);
                            default: one per core, at most one per 100 clusters
  --dry-run                 (fleet) read, check and render everything and print the summary; write nothing
  --allow-empty             (fleet) zero clusters found is not an error (the output directory is emptied)
  --follow-symlinks         (fleet) follow symbolic links in input directories that point outside them
  -h, --help                show this help
  --version                 print the version

Exit status: 0 success; 2 invalid input, or (fleet) an output directory that cannot be written as asked: refused,
locked, full, failing (nothing is printed on stdout, nothing is changed, one line per problem on stderr);
1 unexpected failure (a bug in tenant-kubernetes).`;

const VALUE_FLAGS: Readonly<Record<string, string>> = {
  '--name': 'name',
  '--namespace': 'namespace',
  '-f': 'valuesFiles',
  '--values': 'valuesFiles',
  '--tenant-etcd': 'tenantEtcd',
  '--tenant-ingress': 'tenantIngress',
  '--tenant-host': 'tenantHost',
  '--tenant-monitoring': 'tenantMonitoring',
};
const BOOLEAN_FLAGS: Readonly<Record<string, string>> = {
  '--no-platform-integration': 'noPlatformIntegration',
  '--teardown-hook': 'teardownHook',
};

/** Parses argv (without node and script). Collects every usage problem before failing. */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  if (argv.length === 0) throw new UsageError('missing command: synth');
  if (argv.includes('-h') || argv.includes('--help') || argv[0] === 'help') return { command: 'help' };
  if (argv[0] === '--version' || argv[0] === 'version') return { command: 'version' };
  const [command, ...rest] = argv;
  if (command === 'fleet') return parseFleetArgs(rest);
  if (command !== 'synth' && command !== 'teardown') throw new UsageError(`unknown command "${command}"; expected synth, teardown or fleet`);
  const problems: string[] = [];
  const single: Record<string, string> = {};
  const valuesFiles: string[] = [];
  const booleans = new Set<string>();
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (BOOLEAN_FLAGS[flag] !== undefined && eq < 0) {
      booleans.add(BOOLEAN_FLAGS[flag]);
      continue;
    }
    const target = VALUE_FLAGS[flag];
    if (target === undefined) {
      problems.push(arg.startsWith('-') ? `unknown option ${flag}` : `unexpected argument "${arg}"`);
      continue;
    }
    let value: string | undefined;
    if (eq > 0) value = arg.slice(eq + 1);
    else if (i + 1 < rest.length) value = rest[++i];
    if (value === undefined) {
      problems.push(`${flag} needs a value`);
      continue;
    }
    if (target === 'valuesFiles') valuesFiles.push(value);
    else if (single[target] !== undefined) problems.push(`${flag} given more than once`);
    else single[target] = value;
  }
  if (single.name === undefined) problems.push('--name is required');
  if (single.namespace === undefined) problems.push('--namespace is required');
  if (problems.length > 0) throw new UsageError(problems.join('\n'));
  return {
    command,
    name: single.name,
    namespace: single.namespace,
    valuesFiles,
    tenantEtcd: single.tenantEtcd,
    tenantIngress: single.tenantIngress,
    tenantHost: single.tenantHost,
    tenantMonitoring: single.tenantMonitoring,
    platformIntegration: !booleans.has('noPlatformIntegration'),
    teardownHook: booleans.has('teardownHook'),
  };
}

const FLEET_BOOLEAN_FLAGS: Readonly<Record<string, 'dryRun' | 'allowEmpty' | 'followSymlinks'>> = {
  '--dry-run': 'dryRun',
  '--allow-empty': 'allowEmpty',
  '--follow-symlinks': 'followSymlinks',
};

function parseFleetArgs(rest: readonly string[]): FleetArgs {
  const problems: string[] = [];
  const inputs: string[] = [];
  const booleans = { dryRun: false, allowEmpty: false, followSymlinks: false };
  let outputDir: string | undefined;
  let jobs: number | undefined;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (flag === '-o' || flag === '--output-dir') {
      const value = eq > 0 ? arg.slice(eq + 1) : rest[++i];
      if (value === undefined || value === '') problems.push(`${flag} needs a value`);
      else if (outputDir !== undefined) problems.push(`${flag} given more than once`);
      else outputDir = value;
    } else if (flag === '-j' || flag === '--jobs') {
      const value = eq > 0 ? arg.slice(eq + 1) : rest[++i];
      if (value === undefined || value === '') problems.push(`${flag} needs a value`);
      else if (!/^[1-9][0-9]{0,3}$/.test(value)) problems.push(`${flag} must be a whole number from 1 to 9999, not "${value}"`);
      else if (jobs !== undefined) problems.push(`${flag} given more than once`);
      else jobs = Number(value);
    } else if (FLEET_BOOLEAN_FLAGS[flag] !== undefined) {
      if (eq > 0) problems.push(`${flag} takes no value`);
      else booleans[FLEET_BOOLEAN_FLAGS[flag]] = true;
    } else if (arg.startsWith('-') && arg !== '-') {
      problems.push(`unknown option ${flag}`);
    } else {
      inputs.push(arg);
    }
  }
  if (inputs.length === 0) problems.push('fleet needs at least one FILE or DIR of cluster descriptions');
  if (problems.length > 0) throw new UsageError(problems.join('\n'));
  return { command: 'fleet', inputs, outputDir, jobs, ...booleans };
}

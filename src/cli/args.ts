// Command-line parsing for `tenant-kubernetes synth`, `teardown` and `fleet`.
import { PLATFORM_RELEASES, type PlatformRelease } from '../spec/platform-lines';
import { didYouMean } from '../spec/suggest';
import type { FleetArgs } from './fleet';
import type { SetFlag } from './values';

export interface SynthArgs {
  /**
   * `synth` prints the cluster; `teardown` prints the cleanup Job to run before deleting it; `diff` prints what changes
   * between the renders on two platform releases.
   */
  readonly command: 'synth' | 'teardown' | 'diff';
  readonly name: string | undefined;
  readonly namespace: string | undefined;
  /** `-f` files in order; `-` is standard input. */
  readonly valuesFiles: readonly string[];
  /** `--set` and `--set-string`, in command-line order. */
  readonly set: readonly SetFlag[];
  /** (teardown) cluster descriptions in fleet's format, instead of --name, --namespace and values. */
  readonly clusterFiles: readonly string[];
  readonly tenantEtcd: string | undefined;
  readonly tenantIngress: string | undefined;
  readonly tenantHost: string | undefined;
  readonly tenantMonitoring: string | undefined;
  /** WorkloadMonitors and dashboard RBAC, as the reference chart renders them. */
  readonly platformIntegration: boolean;
  /** Add the cleanup Job as a Helm pre-delete hook. */
  readonly teardownHook: boolean;
  /** `--platform-release`: the platform line, which also picks the chart values.yaml the values are coalesced over. */
  readonly platformRelease: PlatformRelease | undefined;
  /** (diff) `--from-release` and `--to-release`: the two platform lines compared. */
  readonly fromRelease?: PlatformRelease;
  readonly toRelease?: PlatformRelease;
}

export type Command = 'synth' | 'teardown' | 'diff' | 'fleet' | 'schema';

/** The JSON Schemas `tenant-kubernetes schema` prints (schemas/NAME.schema.json). */
export const SCHEMA_NAMES = ['cluster', 'values'] as const;
export type SchemaName = (typeof SCHEMA_NAMES)[number];

/** `tenant-kubernetes schema [NAME]`: one schema, or (none named) both. */
export interface SchemaArgs {
  readonly command: 'schema';
  /** @default - both, as one JSON object keyed by name */
  readonly name?: SchemaName;
}

export type ParsedArgs =
  SynthArgs | FleetArgs | SchemaArgs | { readonly command: 'help'; readonly topic?: Command } | { readonly command: 'version' };

export class UsageError extends Error {
  public constructor(
    message: string,
    public readonly topic?: Command,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

export const COMMANDS: readonly Command[] = ['synth', 'teardown', 'diff', 'fleet', 'schema'];

const VALUES_OPTIONS = `  -f, --values FILE         values file in the reference chart's format, read as Helm v3 reads it (YAML 1.1:
                            yes/no/on/off are booleans, 0644 is octal); repeatable, later files win; - is
                            standard input. Coalesced over the chart's values.yaml: null deletes a key, defaults
                            included (nodeGroups: {md0: null} removes the default md0). Rules: docs/values.md
  --set KEY=VAL[,KEY=VAL]   set values as Helm's --set does (a.b=c, a[0]=x, {x,y} lists, \\ escapes; true, false,
                            null and integers are typed); repeatable, applied after the files
  --set-string KEY=VAL      the same, every value a string; applied after every --set
  --set-json KEY=JSON       the same, each value JSON; applied before every --set
  --set-file KEY=FILE       the same, each value the text of FILE (- is standard input); applied last`;

const TENANT_OPTIONS = `  --tenant-etcd DATASTORE   existing Kamaji DataStore (namespace.cozystack.io/etcd); omit for a dedicated etcd
  --tenant-ingress CLASS    IngressClass of the tenant ingress (namespace.cozystack.io/ingress)
  --tenant-host HOST        tenant base domain (namespace.cozystack.io/host)
  --tenant-monitoring NS    tenant monitoring namespace (namespace.cozystack.io/monitoring)`;

const RELEASE_OPTION = `  --platform-release REL    Cozystack platform line: v1.5 (Cozystack v1.5.4, default) or v0.37 (the seed's); picks
                            the chart values.yaml the values are coalesced over (docs/platform-lines.md)`;

const EXIT_STATUS = `Exit status: 0 success; 2 invalid input, or (fleet) an output directory that cannot be written as asked: refused,
locked, full, failing (nothing is printed on stdout, nothing is changed, one line per problem on stderr);
1 unexpected failure (a bug in tenant-kubernetes).`;

export const SYNTH_USAGE = `Usage: tenant-kubernetes synth --name NAME --namespace NS [-f values.yaml|-]... [--set K=V]... [--set-string K=V]...
                              [--tenant-etcd DATASTORE] [--tenant-ingress CLASS] [--tenant-host HOST]
                              [--tenant-monitoring NS] [--platform-release REL] [--no-platform-integration]
                              [--teardown-hook]

Prints every management-cluster object of tenant cluster kubernetes-NAME as multi-document YAML, from values in the
reference chart's format, as the chart would render them.

  --name NAME               cluster name; objects are named kubernetes-NAME
  --namespace NS            tenant namespace (namespace.cozystack.io annotations' owner)
${VALUES_OPTIONS}
${TENANT_OPTIONS}
${RELEASE_OPTION}
  --no-platform-integration leave out the WorkloadMonitors and dashboard RBAC of the reference platform
  --teardown-hook           add the cleanup Job as a Helm pre-delete hook (only for output installed by Helm)
  -h, --help                show this help

${EXIT_STATUS}`;

export const TEARDOWN_USAGE = `Usage: tenant-kubernetes teardown --name NAME --namespace NS [-f values.yaml|-]... [--set K=V]... [--set-string K=V]...
       tenant-kubernetes teardown CLUSTER_FILE...

Prints the cleanup Job (and its RBAC) that takes the cluster down in order: apply it, wait for it to complete, then
delete the cluster's objects. It takes the same values as synth (only the name, namespace, teardown.* and the kubectl
image matter; the --tenant-* options are accepted and not needed), or cluster descriptions in fleet's format: every
YAML document of each CLUSTER_FILE is one cluster, and the Jobs of all of them are printed.

  --name NAME               cluster name; objects are named kubernetes-NAME
  --namespace NS            tenant namespace
${VALUES_OPTIONS}
${TENANT_OPTIONS}
${RELEASE_OPTION}
  --teardown-hook           annotate the objects as a Helm pre-delete hook
  -h, --help                show this help

${EXIT_STATUS}`;

export const DIFF_USAGE = `Usage: tenant-kubernetes diff --from-release REL --to-release REL --name NAME --namespace NS [-f values.yaml|-]...
                             [--set K=V]... [synth's other options]

Prints what changes when one cluster moves from one platform line to another: the same values rendered on both
(each coalesced over its own line's chart values.yaml), compared object by object. One line per object:
  + KIND NS/NAME            only in the new render (applying it creates the object)
  - KIND NS/NAME            only in the old render (prune it once nothing uses it)
  > KIND NS/OLD -> NEW      renamed: a content-hashed name changed (a worker template: the node group rolls)
  ~ KIND NS/NAME            changed; each changed field follows as "path: old -> new"
then a count. Exit status 0 whether or not there are differences. The upgrade path: README "Moving a cluster to
platform release v1.5".

  --from-release REL        the platform line the cluster runs on now (v0.37 or v1.5)
  --to-release REL          the platform line it moves to
  --name, --namespace, -f, --set…, --tenant-*, --no-platform-integration
                            as for synth (tenant-kubernetes synth --help)
  -h, --help                show this help

${EXIT_STATUS}`;

export const FLEET_USAGE = `Usage: tenant-kubernetes fleet [--output-dir DIR] [--jobs N] [--dry-run] [--allow-empty] [--follow-symlinks]
                               FILE|DIR...

Synthesizes many clusters at once. Every YAML document in the FILEs (and in the *.yaml/*.yml files under the DIRs)
is one whole cluster description: name, tenant and the rest, as the library's TenantKubernetesClusterSpec (YAML 1.2).
Prints every cluster, or with --output-dir writes DIR/NAMESPACE/NAME.yaml per cluster and replaces the earlier output
all at once or not at all, even if killed: DIR must be new, empty or fleet's own (its marker
DIR/.tenant-kubernetes-fleet lists the files fleet wrote, by SHA-256; fleet refuses a DIR whose YAML files differ from
it, and keeps files of other kinds). One run per DIR at a time (a lock). A summary goes to stderr. Zero clusters
found is an error unless --allow-empty.

  -o, --output-dir DIR      write one file per cluster under DIR
  -j, --jobs N              render on N threads (at most one per core: more are cut down, with a note);
                            default: one per core, at most one per 100 clusters
  --dry-run                 read, check and render everything and print the summary; write nothing
  --allow-empty             zero clusters found is not an error (the output directory is emptied)
  --follow-symlinks         follow symbolic links in input directories that point outside them
  -h, --help                show this help

${EXIT_STATUS}`;

export const SCHEMA_USAGE = `Usage: tenant-kubernetes schema [cluster|values]

Prints a JSON Schema (draft-07), for editors, dashboards and form generators:
  cluster   a cluster description: the library's TenantKubernetesClusterSpec, and each document of a fleet cluster file
  values    a values file of synth, teardown and diff (the reference chart's values; a null deletes a key)
With no name, prints both as one JSON object {"cluster": …, "values": …}. The same files ship in the package as
schemas/cluster.schema.json and schemas/values.schema.json. Both platform lines: keys of one line only say so in their
description; rules across fields are checked by synth and fleet, not by the schemas (README "Editor completion").

  -h, --help                show this help

${EXIT_STATUS}`;

export const USAGE = `Usage: tenant-kubernetes synth --name NAME --namespace NS [-f values.yaml|-]... [--set K=V]... [options]
       tenant-kubernetes teardown --name NAME --namespace NS [-f values.yaml|-]... [--set K=V]...
       tenant-kubernetes teardown CLUSTER_FILE...
       tenant-kubernetes diff --from-release REL --to-release REL --name NAME --namespace NS [-f values.yaml|-]...
       tenant-kubernetes fleet [--output-dir DIR] [--jobs N] [--dry-run] [--allow-empty] [--follow-symlinks]
                               FILE|DIR...
       tenant-kubernetes schema [cluster|values]
       tenant-kubernetes COMMAND --help
       tenant-kubernetes --version

synth     prints every management-cluster object of tenant cluster kubernetes-NAME as multi-document YAML, from
          values files in the reference chart's format (read and merged as Helm v3 does).
teardown  prints the cleanup Job (and its RBAC) that takes the cluster down in order.
diff      prints what changes between the renders of one cluster on two platform releases (the upgrade path).
fleet     synthesizes many clusters at once from cluster descriptions, printed or written to a directory.
schema    prints the JSON Schema of cluster descriptions or of values files (for editors and dashboards).

Run \`tenant-kubernetes COMMAND --help\` for a command's options.

${EXIT_STATUS}`;

/** What `tenant-kubernetes` alone prints (on stderr, exit status 2). */
export const SHORT_USAGE = `tenant-kubernetes: a command is needed: synth, teardown, diff, fleet or schema.
Run \`tenant-kubernetes --help\` for an overview, or \`tenant-kubernetes COMMAND --help\` for a command's options.`;

/** The help of one command, or the overview. */
export function usage(topic?: Command): string {
  return topic === 'synth'
    ? SYNTH_USAGE
    : topic === 'teardown'
      ? TEARDOWN_USAGE
      : topic === 'diff'
        ? DIFF_USAGE
        : topic === 'fleet'
          ? FLEET_USAGE
          : topic === 'schema'
            ? SCHEMA_USAGE
            : USAGE;
}

const VALUE_FLAGS: Readonly<Record<string, string>> = {
  '--name': 'name',
  '--namespace': 'namespace',
  '-f': 'valuesFiles',
  '--values': 'valuesFiles',
  '--set': 'set',
  '--set-string': 'set',
  '--set-json': 'set',
  '--set-file': 'set',
  '--tenant-etcd': 'tenantEtcd',
  '--tenant-ingress': 'tenantIngress',
  '--tenant-host': 'tenantHost',
  '--tenant-monitoring': 'tenantMonitoring',
  '--platform-release': 'platformRelease',
  '--from-release': 'fromRelease',
  '--to-release': 'toRelease',
};
const BOOLEAN_FLAGS: Readonly<Record<string, string>> = {
  '--no-platform-integration': 'noPlatformIntegration',
  '--teardown-hook': 'teardownHook',
};
const HELP_FLAGS = ['-h', '--help'];

/** `unknown option X`, with the closest known option when one is near. */
function unknownOption(flag: string, known: Iterable<string>): string {
  return `unknown option ${flag}${didYouMean(flag, known)}`;
}

/** Parses argv (without node and script). Collects every usage problem before failing. */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  if (argv.length === 0) throw new UsageError(SHORT_USAGE);
  const [command, ...rest] = argv;
  if (HELP_FLAGS.includes(command)) return { command: 'help' };
  if (command === 'help') {
    const topic = rest[0];
    if (topic === undefined) return { command: 'help' };
    if ((COMMANDS as readonly string[]).includes(topic)) return { command: 'help', topic: topic as Command };
    throw new UsageError(`help: unknown command "${topic}"${didYouMean(topic, COMMANDS)}; the commands: ${COMMANDS.join(', ')}`);
  }
  if (command === '--version' || command === 'version') return { command: 'version' };
  if (!(COMMANDS as readonly string[]).includes(command)) {
    const what = command.startsWith('-')
      ? unknownOption(command, ['--help', '--version'])
      : `unknown command "${command}"${didYouMean(command, COMMANDS)}`;
    throw new UsageError(`${what}; expected ${COMMANDS.join(', ')}`);
  }
  // `COMMAND --help` anywhere before a `--`-free value: the command's help only.
  if (rest.some((a) => HELP_FLAGS.includes(a))) return { command: 'help', topic: command as Command };
  if (command === 'fleet') return parseFleetArgs(rest);
  if (command === 'schema') return parseSchemaArgs(rest);
  return parseSynthArgs(command as 'synth' | 'teardown' | 'diff', rest);
}

/** Flags each of synth, teardown and diff does not take. */
const NOT_TAKEN: Readonly<Record<'synth' | 'teardown' | 'diff', readonly string[]>> = {
  synth: ['--from-release', '--to-release'],
  teardown: ['--no-platform-integration', '--from-release', '--to-release'],
  diff: ['--platform-release', '--teardown-hook'],
};

function parseSynthArgs(command: 'synth' | 'teardown' | 'diff', rest: readonly string[]): SynthArgs {
  const problems: string[] = [];
  const single: Record<string, string> = {};
  const valuesFiles: string[] = [];
  const set: SetFlag[] = [];
  const clusterFiles: string[] = [];
  const booleans = new Set<string>();
  const known = [...Object.keys(VALUE_FLAGS), ...Object.keys(BOOLEAN_FLAGS), ...HELP_FLAGS].filter((f) => !NOT_TAKEN[command].includes(f));
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (BOOLEAN_FLAGS[flag] !== undefined && known.includes(flag)) {
      if (eq > 0) problems.push(`${flag} takes no value`);
      else booleans.add(BOOLEAN_FLAGS[flag]);
      continue;
    }
    const target = known.includes(flag) ? VALUE_FLAGS[flag] : undefined;
    if (target === undefined) {
      if (arg.startsWith('-') && arg !== '-') problems.push(unknownOption(flag, known));
      else if (command === 'teardown') clusterFiles.push(arg);
      else problems.push(`unexpected argument "${arg}" (${command} takes values files with -f)`);
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
    else if (target === 'set') set.push({ flag: flag as SetFlag['flag'], value });
    else if (single[target] !== undefined) problems.push(`${flag} given more than once`);
    else single[target] = value;
  }
  for (const [flag, key] of [
    ['--platform-release', 'platformRelease'],
    ['--from-release', 'fromRelease'],
    ['--to-release', 'toRelease'],
  ] as const) {
    const value = single[key];
    if (value !== undefined && !(PLATFORM_RELEASES as readonly string[]).includes(value)) {
      problems.push(`${flag} must be one of ${PLATFORM_RELEASES.join(', ')}, not "${value}"${didYouMean(value, PLATFORM_RELEASES)}`);
    }
  }
  if (command === 'diff') {
    if (single.fromRelease === undefined) problems.push('--from-release is required');
    if (single.toRelease === undefined) problems.push('--to-release is required');
  }
  const release = single.platformRelease;
  if (clusterFiles.length > 0) {
    // Cluster files describe everything: the flags that describe one cluster would be ambiguous beside them.
    const given = [
      ...(single.name !== undefined ? ['--name'] : []),
      ...(single.namespace !== undefined ? ['--namespace'] : []),
      ...(valuesFiles.length > 0 ? ['-f'] : []),
      ...(set.length > 0 ? ['--set/--set-string'] : []),
      ...Object.keys(single)
        .filter((k) => k.startsWith('tenant') || k === 'platformRelease')
        .map((k) => Object.keys(VALUE_FLAGS).find((f) => VALUE_FLAGS[f] === k)!),
    ];
    if (given.length > 0)
      problems.push(
        `teardown takes either cluster files or ${given.join(', ')}, not both (got ${clusterFiles.length} cluster file${clusterFiles.length === 1 ? '' : 's'})`,
      );
  } else {
    if (single.name === undefined) problems.push('--name is required');
    if (single.namespace === undefined) problems.push('--namespace is required');
  }
  if (problems.length > 0) throw new UsageError(problems.join('\n'), command);
  return {
    command,
    name: single.name,
    namespace: single.namespace,
    valuesFiles,
    set,
    clusterFiles,
    tenantEtcd: single.tenantEtcd,
    tenantIngress: single.tenantIngress,
    tenantHost: single.tenantHost,
    tenantMonitoring: single.tenantMonitoring,
    platformIntegration: !booleans.has('noPlatformIntegration'),
    teardownHook: booleans.has('teardownHook'),
    platformRelease: release as PlatformRelease | undefined,
    ...(command === 'diff' ? { fromRelease: single.fromRelease as PlatformRelease, toRelease: single.toRelease as PlatformRelease } : {}),
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
      problems.push(unknownOption(flag, ['-o', '--output-dir', '-j', '--jobs', ...Object.keys(FLEET_BOOLEAN_FLAGS), ...HELP_FLAGS]));
    } else {
      inputs.push(arg);
    }
  }
  if (inputs.length === 0) problems.push('fleet needs at least one FILE or DIR of cluster descriptions');
  if (problems.length > 0) throw new UsageError(problems.join('\n'), 'fleet');
  return { command: 'fleet', inputs, outputDir, jobs, ...booleans };
}

/** `schema [NAME]`: at most one name, no options. */
function parseSchemaArgs(rest: readonly string[]): SchemaArgs {
  const problems: string[] = [];
  const names: SchemaName[] = [];
  for (const arg of rest) {
    if (arg.startsWith('-')) problems.push(unknownOption(arg, HELP_FLAGS));
    else if ((SCHEMA_NAMES as readonly string[]).includes(arg)) names.push(arg as SchemaName);
    else problems.push(`unknown schema "${arg}"${didYouMean(arg, SCHEMA_NAMES)}; the schemas: ${SCHEMA_NAMES.join(', ')}`);
  }
  if (names.length > 1) problems.push(`schema prints one schema or both: give at most one name (got ${names.join(', ')})`);
  if (problems.length > 0) throw new UsageError(problems.join('\n'), 'schema');
  return names.length === 0 ? { command: 'schema' } : { command: 'schema', name: names[0] };
}

// Every bound the library puts on its input, in one table (docs/limits.md explains each one). A bound exceeded is a
// validation problem with its path and value, never an abort: a tenant's file can fail, not take the machine down.

/** An inclusive range of numbers. */
export interface NumberRange {
  readonly min: number;
  readonly max: number;
}

/** An inclusive range of Kubernetes quantities, e.g. `{ min: '1Mi', max: '64Ti' }`. */
export interface QuantityRange {
  readonly min: string;
  readonly max: string;
}

/** An inclusive range of Go durations, e.g. `{ min: '1s', max: '24h' }`. */
export interface DurationRange {
  readonly min: string;
  readonly max: string;
}

const MiB = 1024 * 1024;

/** The limits, by what they bound. Exported so that tests and docs/limits.md can be checked against them. */
export const LIMITS = Object.freeze({
  /**
   * Bytes of one values file or fleet cluster file. Real values files are a few KiB. js-yaml keeps an event per value it parses, so
   * the worst 2 MiB file (a million one-character values) needs a heap of about 190 MB.
   */
  inputFileBytes: 2 * MiB,
  /**
   * What YAML aliases may expand a file to, in size units (one per value, plus one per character of every key and
   * string): this factor times the file's bytes, plus {@link LIMITS.aliasExpansionSlack}. Content written out without
   * aliases never exceeds its byte count, so only files whose aliases multiply content are refused.
   */
  aliasExpansionFactor: 2,
  aliasExpansionSlack: 256 * 1024,
  /** Nesting of YAML collections, aliases expanded. */
  yamlDepth: 100,
  /** Nesting below a free-form values tree (`valuesOverride`, an addon's `values`). */
  valuesDepth: 64,
  /**
   * Size units (as for aliases) of one values tree: it is rendered into one HelmRelease, and etcd keeps no object
   * larger than 1.5 MiB.
   */
  valuesSize: MiB,
  /** Characters of a key in a values tree: the longest Kubernetes label or annotation key (253 + "/" + 63). */
  keyLength: 317,
  /** Characters of a string field of the spec that names no tighter Kubernetes limit (images, chart names...). */
  stringLength: 1024,
  /** Characters of a quantity or duration as written. */
  scalarTextLength: 64,
  /** Members of a dedicated etcd: etcd clusters beyond 7 members get slower, not safer; 9 leaves headroom. */
  etcdReplicas: { min: 1, max: 9 },
  /** Tenant API server (Kamaji) replicas. */
  controlPlaneReplicas: { min: 1, max: 16 },
  /** Workers of one node group (min and max): Kubernetes is tested up to 5000 nodes per cluster. */
  nodeGroupReplicas: { min: 0, max: 5000 },
  /** `maxSkew` of a topology spread constraint. */
  maxSkew: { min: 1, max: 5000 },
  /** Guest vCPUs of a declared instance type. */
  instanceTypeCpu: { min: 1, max: 1024 },
  /** Allocation ratios (request = limit ÷ ratio): below 1 a request would exceed its limit, which Kubernetes rejects. */
  allocationRatio: { min: 1, max: 1000 },
  /** CPU quantities (cores): 1m is the finest CPU Kubernetes keeps. */
  cpu: { min: '1m', max: '1024' },
  /** Memory quantities (container limits, VM guest memory). */
  memory: { min: '1Mi', max: '64Ti' },
  /** Storage quantities (etcd volumes, worker ephemeral disks). */
  storage: { min: '1Mi', max: '1Pi' },
  /** Timeouts and waits (health checks, node provisioning, addon installs, teardown steps). */
  duration: { min: '1s', max: '24h' },
  /** A MachineHealthCheck's `nodeStartupTimeout`: Cluster API's webhook refuses less than 30s. */
  nodeStartupTimeout: { min: '30s', max: '24h' },
});

/** A pointer to where the limits are explained, for problem messages. */
export const LIMITS_DOC = 'docs/limits.md';

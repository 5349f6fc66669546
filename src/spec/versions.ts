/**
 * The Kubernetes minor versions a tenant cluster can run on some platform line (`PLATFORM_LINES`). An object of
 * constants and the union of its values: TypeScript callers write the literal (`'v1.35'`), other languages get an
 * enum (`KubernetesMinorVersion.V1_35`).
 */
export const KubernetesMinorVersion = {
  V1_28: 'v1.28',
  V1_29: 'v1.29',
  V1_30: 'v1.30',
  V1_31: 'v1.31',
  V1_32: 'v1.32',
  V1_33: 'v1.33',
  V1_34: 'v1.34',
  V1_35: 'v1.35',
} as const;
export type KubernetesMinorVersion = (typeof KubernetesMinorVersion)[keyof typeof KubernetesMinorVersion];

/**
 * A Kubernetes minor version users choose. Which minors a cluster may run, and the patch release each renders, are
 * the platform line's (`platformLine(release).versions`): v1.33 is v1.33.0 on `v0.37` and v1.33.8 on `v1.5`.
 */
export class KubernetesVersion {
  public static readonly V1_28 = new KubernetesVersion('v1.28');
  public static readonly V1_29 = new KubernetesVersion('v1.29');
  public static readonly V1_30 = new KubernetesVersion('v1.30');
  public static readonly V1_31 = new KubernetesVersion('v1.31');
  public static readonly V1_32 = new KubernetesVersion('v1.32');
  public static readonly V1_33 = new KubernetesVersion('v1.33');
  public static readonly V1_34 = new KubernetesVersion('v1.34');
  public static readonly V1_35 = new KubernetesVersion('v1.35');

  /** Every minor some platform line supports, oldest first. */
  public static readonly ALL: readonly KubernetesVersion[] = [
    KubernetesVersion.V1_28,
    KubernetesVersion.V1_29,
    KubernetesVersion.V1_30,
    KubernetesVersion.V1_31,
    KubernetesVersion.V1_32,
    KubernetesVersion.V1_33,
    KubernetesVersion.V1_34,
    KubernetesVersion.V1_35,
  ];

  /** Looks a minor version up; `undefined` when no platform line supports it. */
  public static find(minor: string): KubernetesVersion | undefined {
    return KubernetesVersion.ALL.find((v) => v.minor === minor);
  }

  private constructor(
    /** `vMAJOR.MINOR`, e.g. `v1.33`. */
    public readonly minor: KubernetesMinorVersion,
  ) {}

  /** The minor number, e.g. 33. */
  public get minorNumber(): number {
    return Number(this.minor.split('.')[1]);
  }

  public toString(): string {
    return this.minor;
  }
}

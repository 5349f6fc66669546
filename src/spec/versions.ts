/** The Kubernetes minor versions a tenant cluster can run, as the product page names them. */
export type KubernetesMinorVersion = 'v1.28' | 'v1.29' | 'v1.30' | 'v1.31' | 'v1.32' | 'v1.33';

/**
 * A supported Kubernetes version: the minor version users choose and the patch release it renders
 * (the reference chart's `files/versions.yaml`).
 */
export class KubernetesVersion {
  public static readonly V1_28 = new KubernetesVersion('v1.28', 'v1.28.15');
  public static readonly V1_29 = new KubernetesVersion('v1.29', 'v1.29.15');
  public static readonly V1_30 = new KubernetesVersion('v1.30', 'v1.30.14');
  public static readonly V1_31 = new KubernetesVersion('v1.31', 'v1.31.10');
  public static readonly V1_32 = new KubernetesVersion('v1.32', 'v1.32.6');
  public static readonly V1_33 = new KubernetesVersion('v1.33', 'v1.33.0');

  /** Every supported version, oldest first. */
  public static readonly ALL: readonly KubernetesVersion[] = [
    KubernetesVersion.V1_28,
    KubernetesVersion.V1_29,
    KubernetesVersion.V1_30,
    KubernetesVersion.V1_31,
    KubernetesVersion.V1_32,
    KubernetesVersion.V1_33,
  ];

  /** The version used when none is given. */
  public static readonly DEFAULT = KubernetesVersion.V1_33;

  /** Looks a minor version up; `undefined` when it is not supported. */
  public static find(minor: string): KubernetesVersion | undefined {
    return KubernetesVersion.ALL.find((v) => v.minor === minor);
  }

  private constructor(
    /** `vMAJOR.MINOR`, e.g. `v1.33`. */
    public readonly minor: KubernetesMinorVersion,
    /** The patch release rendered into `KamajiControlPlane.spec.version` and `MachineDeployment` (e.g. `v1.33.0`). */
    public readonly patch: string,
  ) {}

  /** The minor number, e.g. 33. */
  public get minorNumber(): number {
    return Number(this.minor.split('.')[1]);
  }

  public toString(): string {
    return this.minor;
  }
}

// Platform lines (issue 16): `platform.release` selects the facts of one Cozystack release. What each line renders is
// pinned by the tests of each object group; these check the input and the line tables themselves.
import { objectsOf, problemsOf, find, objectsOfV15, problemsOfV15, resolveV15 } from '../support/render';
import { BASE_SPEC, spec } from '../support/fixtures';
import { resolveSpec } from '../../src/render/resolve';
import { DEFAULT_PLATFORM_RELEASE, PLATFORM_LINES, PLATFORM_RELEASES } from '../../src/spec/platform-lines';
import { KubernetesVersion } from '../../src/spec/versions';

describe('platform.release', () => {
  it('is v1.5 unless given: new clusters get supported Kubernetes', () => {
    expect(DEFAULT_PLATFORM_RELEASE).toBe('v1.5');
    const unpinned = { ...BASE_SPEC };
    expect(resolveSpec(unpinned).platform.release).toBe('v1.5');
    expect(resolveSpec(unpinned).version.minor).toBe('v1.35');
    expect(objectsOf(unpinned)).toEqual(objectsOfV15(unpinned));
    // The unit fixture pins v0.37 (its tests are that line's); v0.37 is still one setting away.
    expect(resolveSpec(spec()).platform.release).toBe('v0.37');
    expect(resolveSpec({ ...BASE_SPEC, platform: { release: 'v0.37' } }).version.minor).toBe('v1.33');
  });

  it('refuses a release that does not exist, listing those that do', () => {
    const [p] = problemsOf(spec({ platform: { release: 'v1.6' as never } }));
    expect(p.path).toBe('platform.release');
    expect(p.value).toBe('v1.6');
    expect(p.message).toContain('v0.37, v1.5');
  });
});

describe('Kubernetes versions by line', () => {
  it('v0.37 offers v1.28–v1.33, default v1.33; v1.5 offers v1.30–v1.35, default v1.35', () => {
    expect(PLATFORM_LINES['v0.37'].versions.map((v) => v.minor)).toEqual(['v1.28', 'v1.29', 'v1.30', 'v1.31', 'v1.32', 'v1.33']);
    expect(PLATFORM_LINES['v1.5'].versions.map((v) => v.minor)).toEqual(['v1.30', 'v1.31', 'v1.32', 'v1.33', 'v1.34', 'v1.35']);
    expect(PLATFORM_LINES['v0.37'].defaultVersion).toBe('v1.33');
    expect(PLATFORM_LINES['v1.5'].defaultVersion).toBe('v1.35');
    expect(KubernetesVersion.ALL.map((v) => v.minor)).toEqual([
      ...new Set(PLATFORM_RELEASES.flatMap((r) => PLATFORM_LINES[r].versions.map((v) => v.minor))),
    ]);
  });

  it('renders the v1.5 patch releases of files/versions.yaml@v1.5.4', () => {
    const patches = Object.fromEntries(PLATFORM_LINES['v1.5'].versions.map((v) => [v.minor, v.patch]));
    expect(patches).toEqual({
      'v1.30': 'v1.30.14',
      'v1.31': 'v1.31.14',
      'v1.32': 'v1.32.12',
      'v1.33': 'v1.33.8',
      'v1.34': 'v1.34.4',
      'v1.35': 'v1.35.1',
    });
    for (const [minor, patch] of Object.entries(patches)) {
      const cluster = resolveV15(spec({ version: minor as never }));
      expect([minor, cluster.patchVersion]).toEqual([minor, patch]);
    }
    expect(resolveV15(spec()).version.minor).toBe('v1.35');
  });

  it('pins one worker disk per minor on v1.5, by digest', () => {
    for (const v of PLATFORM_LINES['v1.5'].versions) {
      expect(v.workerContainerDisk).toMatch(
        new RegExp(`^ghcr\\.io/cozystack/cozystack/ubuntu-container-disk:${v.minor.replace('.', '\\.')}-v1\\.5\\.4@sha256:[0-9a-f]{64}$`),
      );
    }
    expect(new Set(PLATFORM_LINES['v1.5'].versions.map((v) => v.workerContainerDisk)).size).toBe(6);
    expect(resolveV15(spec({ version: 'v1.33' })).platform.workerContainerDisk).toBe(
      'ghcr.io/cozystack/cozystack/ubuntu-container-disk:v1.33-v1.5.4@sha256:7cb962b00258485ae576d0ce41209fb6209a41ac617cb1e89a1116210e9bb791',
    );
  });

  it('pins konnectivity v0.34.0 for v1.35 only', () => {
    expect(PLATFORM_LINES['v1.5'].versions.filter((v) => v.konnectivityVersion !== undefined).map((v) => [v.minor, v.konnectivityVersion])).toEqual([
      ['v1.35', 'v0.34.0'],
    ]);
    expect(resolveV15(spec({ version: 'v1.35' })).konnectivityVersion).toBe('v0.34.0');
    expect(resolveV15(spec({ version: 'v1.34' })).konnectivityVersion).toBeUndefined();
    expect(PLATFORM_LINES['v0.37'].versions.every((v) => v.konnectivityVersion === undefined)).toBe(true);
  });

  it('says which line supports a version the selected line does not', () => {
    expect(problemsOf(spec({ version: 'v1.35' as never }))).toEqual([
      {
        path: 'version',
        value: 'v1.35',
        message: 'is not supported by platform release v0.37 (v1.28–v1.33); platform release v1.5 supports it (platform.release)',
      },
    ]);
    expect(problemsOfV15(spec({ version: 'v1.28' }))).toEqual([
      {
        path: 'version',
        value: 'v1.28',
        message: 'is not supported by platform release v1.5 (v1.30–v1.35); platform release v0.37 supports it (platform.release)',
      },
    ]);
  });

  it('checks patch and disk overrides against the line’s versions', () => {
    const [p] = problemsOfV15(spec({ platform: { kubernetesPatchVersions: { 'v1.29': 'v1.29.1' } } }));
    expect(p.path).toBe('platform.kubernetesPatchVersions["v1.29"]');
    expect(p.message).toContain('v1.30, v1.31, v1.32, v1.33, v1.34, v1.35');
    const cluster = resolveV15(spec({ platform: { kubernetesPatchVersions: { 'v1.35': 'v1.35.6' } } }));
    expect(cluster.patchVersion).toBe('v1.35.6');
  });
});

describe('line defaults of the platform', () => {
  it('selects helm-controller 1.5.0 on v1.5, so CNI and CSI retry instead of uninstalling', () => {
    expect(resolveSpec(spec()).platform.helmReleaseRetryStrategy).toBe(false);
    expect(resolveV15(spec()).platform.helmReleaseRetryStrategy).toBe(true);
  });

  it('selects the v1.5 images and instance types', () => {
    const v15 = resolveV15(spec());
    expect(v15.platform.images.clusterAutoscaler).toMatch(/cluster-autoscaler:v1\.5\.4@sha256:b4ac67d2/);
    expect(v15.platform.images.waitForKubeconfig).toMatch(/^docker\.io\/library\/busybox:1\.37\.0@sha256:1487d0af/);
    expect(resolveSpec(spec()).platform.images.waitForKubeconfig).toBeUndefined();
    expect(Object.keys(v15.platform.instanceTypes)).toHaveLength(69);
    expect(Object.keys(resolveSpec(spec()).platform.instanceTypes)).toHaveLength(48);
  });

  it('renders on v1.5 with the test-only option', () => {
    expect(find(objectsOfV15(spec()), 'KamajiControlPlane').spec.version).toBe('v1.35.1');
  });
});

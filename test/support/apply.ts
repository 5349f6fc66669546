// Server-side apply of rendered objects against a KubeHarness, as `kubectl apply --server-side
// --field-manager=tenant-kubernetes` with strict field validation.
import type { KubeObject } from '../../src/render/manifest';
import type { ApiResponse, KubeHarness } from './kube-harness';

interface ResourceInfo {
  readonly plural: string;
  readonly namespaced: boolean;
}

export const FIELD_MANAGER = 'tenant-kubernetes';

export class Applier {
  private readonly discovery = new Map<string, Map<string, ResourceInfo>>();

  public constructor(private readonly kube: KubeHarness) {}

  /** The REST path of an object, from API discovery. */
  public async path(o: KubeObject): Promise<string> {
    const info = await this.resource(o.apiVersion, o.kind);
    const base = o.apiVersion.includes('/') ? `/apis/${o.apiVersion}` : `/api/${o.apiVersion}`;
    const ns = info.namespaced ? `/namespaces/${o.metadata.namespace}` : '';
    return `${base}${ns}/${info.plural}/${o.metadata.name}`;
  }

  /** Server-side apply with `fieldValidation=Strict`; `dryRun` asks the server to validate and admit only. */
  public async apply(o: KubeObject, dryRun: boolean): Promise<ApiResponse> {
    const query = `fieldManager=${FIELD_MANAGER}&fieldValidation=Strict&force=true${dryRun ? '&dryRun=All' : ''}`;
    return this.kube.call('PATCH', `${await this.path(o)}?${query}`, o, 'application/apply-patch+yaml');
  }

  /** Applies every object; returns the failures as readable lines (empty when all were accepted). */
  public async applyAll(objects: readonly KubeObject[], dryRun: boolean): Promise<string[]> {
    const failures: string[] = [];
    for (const o of objects) {
      const r = await this.apply(o, dryRun);
      if (r.status < 200 || r.status >= 300)
        failures.push(
          `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}: ${r.status} ${r.body?.message ?? JSON.stringify(r.body).slice(0, 300)}`,
        );
      else if (Array.isArray(r.body?.warnings) && r.body.warnings.length > 0)
        failures.push(`${o.kind}/${o.metadata.name}: warnings ${r.body.warnings.join('; ')}`);
    }
    return failures;
  }

  /**
   * Dry run, real apply, then re-applies that must change nothing. The API server may rewrite an object once right
   * after creating it (CRD defaulting of HelmRelease, KamajiControlPlane, EtcdCluster status: measured as one
   * resourceVersion bump on the first re-apply within the same second), so the no-op is checked in steady state.
   * Returns what failed, in order: empty when the round trip held.
   */
  public async roundTrip(objects: readonly KubeObject[]): Promise<{ dryRun: string[]; apply: string[]; reapply: string[]; changed: string[] }> {
    const dryRun = await this.applyAll(objects, true);
    const apply = await this.applyAll(objects, false);
    const reapply = [...(await this.applyAll(objects, false))];
    const versions = await Promise.all(objects.map(async (o) => (await this.get(o)).body.metadata.resourceVersion as string));
    reapply.push(...(await this.applyAll(objects, false)));
    const again = await Promise.all(objects.map(async (o) => (await this.get(o)).body.metadata.resourceVersion as string));
    const changed = objects.filter((_, i) => again[i] !== versions[i]).map((o) => `${o.kind}/${o.metadata.name}`);
    return { dryRun, apply, reapply, changed };
  }

  public async get(o: KubeObject): Promise<ApiResponse> {
    return this.kube.call('GET', await this.path(o));
  }

  public async ensureNamespace(name: string): Promise<void> {
    const r = await this.kube.call('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    if (r.status !== 201 && r.status !== 409) throw new Error(`namespace ${name}: ${r.status} ${JSON.stringify(r.body)}`);
  }

  private async resource(apiVersion: string, kind: string): Promise<ResourceInfo> {
    let kinds = this.discovery.get(apiVersion);
    if (kinds === undefined) {
      const r = await this.kube.call('GET', apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`);
      if (r.status !== 200) throw new Error(`discovery of ${apiVersion}: ${r.status}`);
      kinds = new Map();
      for (const res of r.body.resources as Array<{ name: string; kind: string; namespaced: boolean }>) {
        if (!res.name.includes('/')) kinds.set(res.kind, { plural: res.name, namespaced: res.namespaced });
      }
      this.discovery.set(apiVersion, kinds);
    }
    const info = kinds.get(kind);
    if (info === undefined) throw new Error(`the server does not serve ${apiVersion} ${kind}`);
    return info;
  }
}

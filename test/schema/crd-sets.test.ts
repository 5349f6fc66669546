// The CRD set of each platform line (docs/crd-sets.md): every vendored file is what crds/v1.5/README.md says it is
// (sha256 prefix per file, so the two cannot drift), every YAML file parses, the Helm templates are the only files
// that do not, and the two sets line up file for file where the README says their layout is the same.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { CRDS_DIR, CrdValidator, crdDocuments, crdsDir, HELM_TEMPLATES, yamlFiles, type PlatformRelease } from '../support/crd-schema';

const V15 = crdsDir('v1.5');

/** Every file under a directory, relative, `/`-separated, sorted. */
function files(dir: string): string[] {
  const walk = (d: string): string[] =>
    readdirSync(d, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(d, e.name)) : [relative(dir, join(d, e.name)).split(sep).join('/')],
    );
  return walk(dir).sort();
}

/** The README's Files tables: `| \`path\` | … | sha256 prefix |` rows. */
function readmeTable(dir: string): Map<string, string> {
  const rows = new Map<string, string>();
  for (const line of readFileSync(join(dir, 'README.md'), 'utf8').split('\n')) {
    const m = /^\| `([^`]+)` \|.*\| ([0-9a-f]{16}) \|$/.exec(line);
    if (m) rows.set(m[1], m[2]);
  }
  return rows;
}

const sha16 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 16);
const crdNames = (line: PlatformRelease) => crdDocuments(line).map(({ crd }) => crd.metadata.name as string);

describe('the v1.5 CRD set (crds/v1.5)', () => {
  const all = files(V15);

  it('holds the vendored files, the README and the generated schema comparison', () => {
    expect(all.length).toBe(35);
    expect(all).toEqual(expect.arrayContaining(['README.md', 'SCHEMA-DIFF.txt']));
    expect(all.filter((f) => f.endsWith('.yaml'))).toHaveLength(33);
  });

  it('matches the sha256 prefix of every file in the README, and the README lists no other file', () => {
    const table = readmeTable(V15);
    const vendored = all.filter((f) => f !== 'README.md');
    expect([...table.keys()].sort()).toEqual(vendored);
    expect(vendored.filter((f) => sha16(join(V15, f)) !== table.get(f))).toEqual([]);
  });

  it('parses every YAML file without errors or warnings, except the Helm templates, which do not parse', () => {
    const loaded = yamlFiles('v1.5').map((f) => relative(V15, f).split(sep).join('/'));
    expect([...loaded, ...HELM_TEMPLATES['v1.5']].sort()).toEqual(all.filter((f) => f.endsWith('.yaml')));
    for (const f of loaded) {
      const docs = parseAllDocuments(readFileSync(join(V15, f), 'utf8'));
      expect([f, docs.flatMap((d) => [...d.errors, ...d.warnings]).map((e) => e.message)]).toEqual([f, []]);
    }
    for (const f of HELM_TEMPLATES['v1.5']) {
      const docs = parseAllDocuments(readFileSync(join(V15, f), 'utf8'));
      expect([f, docs.some((d) => d.errors.length > 0)]).toEqual([f, true]);
    }
  });

  it('has exactly one apiextensions.k8s.io/v1 CRD per CRD file, 27 in all, and the instance type data', () => {
    const docs = crdDocuments('v1.5');
    expect(docs).toHaveLength(27);
    expect(new Set(docs.map((d) => d.file)).size).toBe(27);
    expect(docs.every(({ crd }) => crd.apiVersion === 'apiextensions.k8s.io/v1')).toBe(true);
    const objects = (f: string) => parseAllDocuments(readFileSync(join(V15, 'kubevirt-instancetypes', f), 'utf8')).flatMap((d) => [d.toJS()].flat());
    const count = (f: string, kind: string) => objects(f).filter((o) => o?.kind === kind).length;
    expect(count('instancetypes.yaml', 'VirtualMachineClusterInstancetype')).toBe(65);
    expect(count('extra-instancetypes.yaml', 'VirtualMachineClusterInstancetype')).toBe(4);
    expect(count('extra-instancetypes.yaml', 'VirtualMachineClusterPreference')).toBe(5);
    expect(count('preferences.yaml', 'VirtualMachineClusterPreference')).toBe(54);
  });
});

describe('the v0.37 and v1.5 sets line up', () => {
  const old = files(CRDS_DIR).filter((f) => f !== 'README.md');
  const neu = files(V15).filter((f) => f !== 'README.md');
  const dirs = (list: string[]) => [...new Set(list.map((f) => f.split('/')[0]))].filter((d) => !d.includes('.')).sort();

  it('has the same component directories', () => {
    expect(dirs(neu)).toEqual(dirs(old));
    expect(dirs(old)).toHaveLength(10);
  });

  it('has every v0.37 file at the same path in v1.5, except cert-manager (renamed upstream, and rendered/)', () => {
    expect(old.filter((f) => !f.startsWith('cert-manager/') && !neu.includes(f))).toEqual([]);
    expect(neu.filter((f) => !f.startsWith('cert-manager/') && !old.includes(f))).toEqual([
      'SCHEMA-DIFF.txt',
      'fluxcd-source-controller/source.toolkit.fluxcd.io_externalartifacts.yaml',
      'kubevirt-instancetypes/extra-instancetypes.yaml',
    ]);
    const renamed = old
      .filter((f) => f.startsWith('cert-manager/'))
      .map((f) => f.replace('cert-manager/crd-', 'cert-manager/rendered/crd-cert-manager.io_'));
    expect(renamed.filter((f) => !neu.includes(f))).toEqual([]);
  });

  it('defines the same CRDs, plus ExternalArtifact in v1.5', () => {
    const a = crdNames('v0.37').sort();
    const b = crdNames('v1.5').sort();
    expect(b.filter((n) => !a.includes(n))).toEqual(['externalartifacts.source.toolkit.fluxcd.io']);
    expect(a.filter((n) => !b.includes(n))).toEqual([]);
  });
});

describe('CrdValidator per platform line', () => {
  it('defaults to v0.37 and loads the same versions as a validator for v0.37', () => {
    expect(new CrdValidator().line).toBe('v0.37');
    expect(new CrdValidator().kinds).toEqual(new CrdValidator('v0.37').kinds);
  });

  it('loads the v1.5 versions: Flux lists only its GA versions, ExternalArtifact is new', () => {
    const old = new Set(new CrdValidator('v0.37').kinds);
    const neu = new Set(new CrdValidator('v1.5').kinds);
    expect([...neu].filter((k) => !old.has(k))).toEqual(['source.toolkit.fluxcd.io/v1/ExternalArtifact']);
    expect([...old].filter((k) => !neu.has(k)).sort()).toEqual([
      'helm.toolkit.fluxcd.io/v2beta1/HelmRelease',
      'helm.toolkit.fluxcd.io/v2beta2/HelmRelease',
      'source.toolkit.fluxcd.io/v1beta1/GitRepository',
      'source.toolkit.fluxcd.io/v1beta1/HelmChart',
      'source.toolkit.fluxcd.io/v1beta1/HelmRepository',
      'source.toolkit.fluxcd.io/v1beta2/GitRepository',
      'source.toolkit.fluxcd.io/v1beta2/HelmChart',
      'source.toolkit.fluxcd.io/v1beta2/HelmRepository',
      'source.toolkit.fluxcd.io/v1beta2/OCIRepository',
    ]);
  });
});

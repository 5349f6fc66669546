// The whole output of the shared matrix, pinned by hash: a refactor that must not change what is rendered (the
// platform-line model of docs/platform-lines.md, for one) proves it here, and a change that should alter the output
// shows every case it alters. After a deliberate change, `UPDATE_GOLDEN=1 npx jest test/unit/golden.test.ts`
// rewrites the file; the diff of test/unit/golden/v0.37.json then belongs in the same commit.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { clusterObjects, renderCluster } from '../../src/render/cluster';
import { toYaml } from '../../src/render/yaml';
import type { TenantKubernetesClusterSpec } from '../../src/spec/types';
import { spec } from '../support/fixtures';
import { addonCombinations, DATASTORES, NODE_GROUP_SHAPES, shapeMatrix } from '../support/matrix';

const FILE = join(__dirname, 'golden/v0.37.json');

function cases(): Array<[string, TenantKubernetesClusterSpec]> {
  const shapes = shapeMatrix().map(([version, shape, ds]): [string, TenantKubernetesClusterSpec] => [
    `${version} ${shape} ${ds}`,
    spec({
      version: version as never,
      nodeGroups: NODE_GROUP_SHAPES[shape],
      tenant: {
        namespace: 'tenant-foo',
        host: 'example.org',
        dataStoreName: DATASTORES[ds],
        ingressClassName: 'tenant-root',
        monitoringNamespace: 'tenant-root',
      },
    }),
  ]);
  const addons = addonCombinations().flatMap(({ name, on }) =>
    [false, true].map((integration): [string, TenantKubernetesClusterSpec] => [
      `addons ${name}${integration ? ' integration' : ''}`,
      spec({
        platformIntegration: integration,
        addons: Object.fromEntries(on.map((t) => [t, t === 'ingressNginx' ? { enabled: true, hosts: ['a.example.org'] } : { enabled: true }])),
        tenant: { namespace: 'tenant-foo', host: 'example.org', ingressClassName: 'tenant-root', monitoringNamespace: 'tenant-root' },
      }),
    ]),
  );
  return [...shapes, ...addons];
}

const digest = (s: TenantKubernetesClusterSpec) =>
  createHash('sha256')
    .update(toYaml(clusterObjects(renderCluster(s))))
    .digest('hex');

describe('the golden output of v0.37', () => {
  const actual = Object.fromEntries(cases().map(([name, s]) => [name, digest(s)]));

  it('covers the whole matrix: every shape, datastore and version, every addon combination with and without integration', () => {
    expect(Object.keys(actual)).toHaveLength(shapeMatrix().length + addonCombinations().length * 2);
  });

  it('renders every case exactly as pinned', () => {
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(FILE, `${JSON.stringify(actual, null, 2)}\n`);
    const pinned = JSON.parse(readFileSync(FILE, 'utf8')) as Record<string, string>;
    const changed = Object.keys({ ...pinned, ...actual }).filter((k) => pinned[k] !== actual[k]);
    expect(changed).toEqual([]);
  });
});

// Consumer tier: the package as users get it. `npm pack` makes the tarball; fresh projects shaped like the standard
// templates install it from there (with the registry for everything else) and use it the way their tools do: the
// Pulumi TypeScript template (commonjs, node resolution, ts-node), a `cdk8s init typescript-app` app on cdk8s-plus-33
// (`cdk8s synth`), an ES module under node16, nodenext and bundler resolution, and a project that only runs the CLI.
// Every TypeScript block of the README is compiled in the project its imports belong to.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';

jest.setTimeout(900_000);

const ROOT = resolve(__dirname, '../..');
const FIXTURES = join(__dirname, 'fixtures');
const work = mkdtempSync(join(tmpdir(), 'tk-consumer-'));
let tarball = '';
let packed: string[] = [];

/** Runs a command; on failure the error carries what it printed. */
function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): string {
  try {
    return execFileSync(command, args, {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
      maxBuffer: 64 * 2 ** 20,
    });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${command} ${args.join(' ')} (in ${cwd}) failed: ${err.message}\n${err.stdout ?? ''}\n${err.stderr ?? ''}`, { cause: e });
  }
}

/** A copy of a fixture project with the tarball and its own dependencies installed. */
function project(name: string): string {
  const dir = join(work, name);
  cpSync(join(FIXTURES, name), dir, { recursive: true });
  // Install scripts stay off, as npm 11 keeps them unless approved (@pulumi/kubernetes's would download a plugin).
  run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error', tarball], dir);
  return dir;
}

const installed = (dir: string, pkg: string) => existsSync(join(dir, 'node_modules', pkg, 'package.json'));
const tsc = (dir: string, ...args: string[]) => run(process.execPath, [join(dir, 'node_modules/typescript/bin/tsc'), ...args], dir);

/** The ```ts blocks of the README. */
function readmeBlocks(): string[] {
  return [...readFileSync(join(ROOT, 'README.md'), 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
}

/** Compiles each README block that `belongs` as its own module, with the project's compiler options. */
function compileReadmeBlocks(dir: string, belongs: (block: string) => boolean): number {
  const blocks = readmeBlocks().filter(belongs);
  const files = blocks.map((block, i) => {
    const file = `readme-${i}.ts`;
    writeFileSync(join(dir, file), `${block}\nexport {};\n`);
    return file;
  });
  writeFileSync(
    join(dir, 'tsconfig.readme.json'),
    JSON.stringify({ extends: './tsconfig.json', compilerOptions: { noEmit: true }, files, include: [] }),
  );
  tsc(dir, '-p', 'tsconfig.readme.json');
  return blocks.length;
}

const usesPulumi = (block: string) => block.includes("from 'tenant-kubernetes/pulumi'");

beforeAll(() => {
  // `npm test` has built lib/; packing must not build again.
  const out = JSON.parse(run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], ROOT));
  tarball = join(work, out[0].filename);
  packed = out[0].files.map((f: { path: string }) => f.path).sort();
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('the tarball', () => {
  it('holds the built library, its Kubernetes types, the CLI, the JSON Schemas and the Pulumi package schema, the licence and notices, and nothing else', () => {
    expect(packed).toEqual(
      expect.arrayContaining([
        'LICENSE',
        'NOTICE',
        'README.md',
        'package.json',
        'bin/tenant-kubernetes.js',
        'lib/src/index.js',
        'lib/src/index.d.ts',
        'lib/src/pulumi/index.d.ts',
        'lib/imports/k8s.js',
        'lib/imports/k8s.d.ts',
        'schemas/cluster.schema.json',
        'schemas/values.schema.json',
        'schemas/pulumi-schema.json',
      ]),
    );
    const stray = packed.filter(
      (f) =>
        !/^(LICENSE|NOTICE|README\.md|package\.json|bin\/tenant-kubernetes\.js|lib\/(src|imports)\/.+\.(js|d\.ts)|schemas\/[a-z]+\.schema\.json|schemas\/pulumi-schema\.json)$/.test(
          f,
        ),
    );
    expect(stray).toEqual([]);
  });
});

describe('a Pulumi TypeScript project (commonjs, node resolution, as `pulumi new` makes it)', () => {
  let dir: string;
  beforeAll(() => {
    dir = project('pulumi-ts');
  });

  it('installs no cdk8s package', () => {
    expect(['cdk8s', 'constructs', 'cdk8s-plus-28', 'cdk8s-plus-33'].filter((p) => installed(dir, p))).toEqual([]);
  });

  it("compiles with the template's settings (no skipLibCheck)", () => {
    tsc(dir, '-p', '.');
    expect(existsSync(join(dir, 'bin/index.js'))).toBe(true);
  });

  it("runs under Pulumi's mocks through ts-node, the way `pulumi up` runs a TypeScript program", () => {
    const out = JSON.parse(run(process.execPath, ['-r', 'ts-node/register', 'mocks.js', './index.ts'], dir).trim().split('\n').pop()!);
    expect(out.exports).toEqual(['apiEndpoint', 'base', 'kubeconfig']);
    expect(out.types).toEqual(
      expect.arrayContaining([
        'tenant-kubernetes:index:TenantKubernetesCluster',
        'kubernetes:controlplane.cluster.x-k8s.io/v1alpha1:KamajiControlPlane',
        'kubernetes:core/v1:Namespace',
      ]),
    );
    expect(out.resources).toBeGreaterThan(40);
  });

  it('compiles every Pulumi example of the README', () => {
    expect(compileReadmeBlocks(dir, usesPulumi)).toBeGreaterThan(0);
  });
});

describe('a cdk8s app on cdk8s-plus-33 (as `cdk8s init typescript-app` makes it)', () => {
  let dir: string;
  beforeAll(() => {
    dir = project('cdk8s-app');
  });

  it('brings no other cdk8s-plus and no Pulumi', () => {
    expect(['cdk8s-plus-28', '@pulumi/pulumi', '@pulumi/kubernetes'].filter((p) => installed(dir, p))).toEqual([]);
    expect(installed(dir, 'cdk8s-plus-33')).toBe(true);
  });

  it("compiles with the template's settings (lib es2016, @types/node 14, no skipLibCheck)", () => {
    tsc(dir, '-p', '.', '--noEmit');
  });

  it('synthesizes with `cdk8s synth`', () => {
    run(process.execPath, [join(dir, 'node_modules/cdk8s-cli/bin/cdk8s'), 'synth', '--no-check-upgrade'], dir, { CDK8S_CHECK_UPGRADE: 'false' });
    const files = readdirSync(join(dir, 'dist'));
    expect(files).toEqual(['tenant-alice.k8s.yaml']);
    const kinds = parseAllDocuments(readFileSync(join(dir, 'dist', files[0]), 'utf8')).map((d) => d.toJS().kind);
    expect(kinds).toEqual(expect.arrayContaining(['KamajiControlPlane', 'MachineDeployment', 'EtcdCluster', 'ConfigMap']));
  });

  it('compiles every cdk8s and framework-free example of the README', () => {
    expect(compileReadmeBlocks(dir, (b) => !usesPulumi(b))).toBeGreaterThan(0);
  });
});

describe('an ES module (node16, nodenext and bundler resolution)', () => {
  let dir: string;
  beforeAll(() => {
    dir = project('esm');
  });

  it('compiles under node16 and runs, importing the CommonJS package by name', () => {
    tsc(dir, '-p', 'tsconfig.json');
    const out = JSON.parse(run(process.execPath, ['dist/index.js'], dir).trim());
    expect(out.objects).toBeGreaterThan(30);
    expect(out.yamlBytes).toBeGreaterThan(10_000);
    expect(out.synthesized).toBe(out.objects);
    expect(out.component).toBe('function');
  });

  it.each([['nodenext'], ['bundler']])('type-checks under %s resolution', (mode) => {
    tsc(dir, '-p', `tsconfig.${mode}.json`);
  });
});

describe('a project that only runs the CLI', () => {
  let dir: string;
  beforeAll(() => {
    dir = project('cli-only');
  });

  it('installs the CLI and no framework', () => {
    expect(
      readdirSync(join(dir, 'node_modules'))
        .filter((p) => !p.startsWith('.'))
        .sort(),
    ).toEqual(['argparse', 'js-yaml', 'tenant-kubernetes']);
  });

  it('synthesizes a cluster with `npx tenant-kubernetes synth` and a fleet with `fleet`', () => {
    const yaml = run(
      'npx',
      ['--no-install', 'tenant-kubernetes', 'synth', '--name', 'demo', '--namespace', 'tenant-demo', '--tenant-host', 'demo.example.org'],
      dir,
    );
    const kinds = parseAllDocuments(yaml).map((d) => d.toJS().kind);
    expect(kinds).toEqual(expect.arrayContaining(['Cluster', 'KamajiControlPlane', 'MachineDeployment', 'WorkloadMonitor']));
    writeFileSync(join(dir, 'prod.yaml'), 'name: prod\ntenant: { namespace: tenant-alice, host: alice.example.org }\n');
    run('npx', ['--no-install', 'tenant-kubernetes', 'fleet', '-o', 'dist', 'prod.yaml'], dir);
    expect(readdirSync(join(dir, 'dist/tenant-alice'))).toEqual(['prod.yaml']);
  });
});

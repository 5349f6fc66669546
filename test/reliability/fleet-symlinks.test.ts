// Symbolic links, FIFOs and other special files where `fleet` reads or writes: in the output directory it refuses
// every link (exit 2, naming it) and writes nothing through one; in input directories it follows a link only when it
// stays inside (or with --follow-symlinks), and it reads regular files only. Nothing outside is ever changed, and
// nothing it read through a refused link is printed.
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FLEET_MARKER, FLEET_WORK } from '../../src/cli/fleet-marker';
import { toYaml } from '../../src/render/yaml';
import { cli } from '../support/cli';
import { EARLIER, LATER, fleetFile, scratch, snapshot, summary } from './fleet-harness';

const root = scratch('fleet-links');
const earlierInput = fleetFile(root, 'earlier.yaml', EARLIER);
const laterInput = fleetFile(root, 'later.yaml', LATER);
const TOKEN = `eyJhbGciOiJSUzI1NiJ9.${'x'.repeat(80)}.secret-signature`;
const KUBECONFIG = `apiVersion: v1\nkind: Config\nclusters: [{name: prod, cluster: {server: "https://10.0.0.1:6443"}}]\nusers: [{name: admin, user: {token: "${TOKEN}"}}]\n`;

let n = 0;
/** A directory holding the earlier output, and a directory and kubeconfig outside it. */
async function setup(): Promise<{ dir: string; outside: string; kubeconfig: string }> {
  const base = join(root, `case-${n++}`);
  const outside = join(base, 'outside');
  mkdirSync(outside, { recursive: true });
  writeFileSync(join(outside, 'c0.yaml'), 'not: fleet output\n');
  const kubeconfig = join(base, 'kubeconfig');
  writeFileSync(kubeconfig, KUBECONFIG);
  const dir = join(base, 'out');
  expect((await cli(['fleet', '-o', dir, earlierInput])).status).toBe(0);
  return { dir, outside, kubeconfig };
}

describe('fleet and symbolic links in the output directory', () => {
  it.each<[string, (s: { dir: string; outside: string; kubeconfig: string }) => string, string]>([
    [
      'a namespace directory',
      ({ dir, outside }) => {
        rmSync(join(dir, 'tenant-t0'), { recursive: true });
        symlinkSync(outside, join(dir, 'tenant-t0'));
        return join(dir, 'tenant-t0');
      },
      'is a symbolic link: fleet never follows links in its output directory (it could be sent to write anywhere); replace it with a real file or directory, or remove it (got "symbolic link")',
    ],
    [
      'a cluster file',
      ({ dir, outside }) => {
        rmSync(join(dir, 'tenant-t0/c1.yaml'));
        symlinkSync(join(outside, 'c0.yaml'), join(dir, 'tenant-t0/c1.yaml'));
        return join(dir, 'tenant-t0/c1.yaml');
      },
      'is a symbolic link: fleet never follows links in its output directory',
    ],
    [
      'a new namespace directory',
      ({ dir, outside }) => {
        symlinkSync(outside, join(dir, 'tenant-t2'));
        return join(dir, 'tenant-t2');
      },
      'is a symbolic link: fleet never follows links in its output directory',
    ],
    [
      'the marker (to a kubeconfig)',
      ({ dir, kubeconfig }) => {
        rmSync(join(dir, FLEET_MARKER));
        symlinkSync(kubeconfig, join(dir, FLEET_MARKER));
        return join(dir, FLEET_MARKER);
      },
      'is a symbolic link, not the marker fleet writes: remove it (got "symbolic link")',
    ],
  ])('refuses a link as %s: exit 2 naming it, nothing written through it', async (_, plant, message) => {
    const s = await setup();
    const path = plant(s);
    const before = snapshot(join(s.dir, '..'));
    const r = await cli(['fleet', '-o', s.dir, laterInput]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^${path}: `));
    expect(r.stderr).toContain(`${path}: ${message}`);
    expect(r.stderr).not.toContain(TOKEN);
    expect(snapshot(join(s.dir, '..'))).toEqual(before);
  });

  it('refuses an output directory that is a link, or is reached through one, and creates nothing there', async () => {
    const s = await setup();
    const link = join(s.dir, '..', 'link');
    symlinkSync(s.outside, link);
    const asDir = await cli(['fleet', '-o', link, laterInput]);
    expect(asDir.status).toBe(2);
    expect(asDir.stderr).toBe(
      `${link}: is a symbolic link: fleet writes its output only where the path given says, never through a link (give the real path of the output directory) (got "symbolic link")\n`,
    );
    const below = await cli(['fleet', '-o', join(link, 'dist'), laterInput]);
    expect(below.stderr).toContain(`${link}: is a symbolic link`);
    expect(existsSync(join(s.outside, 'dist'))).toBe(false);
    expect(snapshot(s.outside)).toEqual({ 'c0.yaml': 'not: fleet output\n' });
  });

  it('removes a work directory planted as a link without touching where it points', async () => {
    const s = await setup();
    symlinkSync(s.outside, join(s.dir, FLEET_WORK));
    const r = await cli(['fleet', '-o', s.dir, laterInput]);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain(`fleet: removed the work directory a killed fleet run left in ${s.dir}\n`);
    expect(snapshot(s.outside)).toEqual({ 'c0.yaml': 'not: fleet output\n' });
    expect(existsSync(join(s.dir, FLEET_WORK))).toBe(false);
  });

  it('leaves top-level dot entries alone (a repository rooted at the output), links among them included', async () => {
    const s = await setup();
    mkdirSync(join(s.dir, '.git'));
    writeFileSync(join(s.dir, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    symlinkSync(s.kubeconfig, join(s.dir, '.envrc'));
    const r = await cli(['fleet', '-o', s.dir, laterInput]);
    expect(r.stderr).toBe(`${summary(s.dir, 4, 2, 1, 1, 2)}\n`);
    expect(readFileSync(join(s.dir, '.git', 'HEAD'), 'utf8')).toBe('ref: refs/heads/main\n');
    expect(lstatSync(join(s.dir, '.envrc')).isSymbolicLink()).toBe(true);
  });
});

describe('fleet and symbolic links and special files in the inputs', () => {
  let m = 0;
  function repo(): string {
    const dir = join(root, `repo-${m++}`);
    mkdirSync(join(dir, 'clusters'), { recursive: true });
    writeFileSync(join(dir, 'kubeconfig'), KUBECONFIG);
    writeFileSync(join(dir, 'clusters', 'a.yaml'), toYaml([EARLIER[0]]));
    return dir;
  }

  it('does not follow a link to outside an input directory (a kubeconfig), and says so without printing it', async () => {
    const dir = repo();
    symlinkSync(join(dir, 'kubeconfig'), join(dir, 'clusters', 'prod.yaml'));
    const r = await cli(['fleet', join(dir, 'clusters')]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `${join(dir, 'clusters', 'prod.yaml')}: is a symbolic link to outside its input directory: fleet does not follow those (pass --follow-symlinks to read it anyway) (got "symbolic link")\n`,
    );
    // Told to, it reads the file; a kubeconfig is no cluster description, and its token is still not printed.
    const followed = await cli(['fleet', '--follow-symlinks', join(dir, 'clusters')]);
    expect(followed.status).toBe(2);
    expect(followed.stderr).toContain(`${join(dir, 'clusters', 'prod.yaml')}: `);
    expect(followed.stderr).not.toContain(TOKEN);
    expect(followed.stderr).not.toContain('secret-signature');
  });

  it('refuses a link to a directory outside, but follows links that stay inside (each file read once, no loop)', async () => {
    const dir = repo();
    symlinkSync(dir, join(dir, 'clusters', 'up'));
    expect((await cli(['fleet', join(dir, 'clusters')])).stderr).toContain(
      `${join(dir, 'clusters', 'up')}: is a symbolic link to outside its input directory`,
    );
    rmSync(join(dir, 'clusters', 'up'));
    mkdirSync(join(dir, 'clusters', 'sub'));
    symlinkSync(join(dir, 'clusters'), join(dir, 'clusters', 'sub', 'loop'));
    symlinkSync(join(dir, 'clusters', 'a.yaml'), join(dir, 'clusters', 'sub', 'same.yaml'));
    const r = await cli(['fleet', join(dir, 'clusters')]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('fleet: 1 cluster rendered to stdout\n');
  });

  it('reports a dangling link named like a cluster file', async () => {
    const dir = repo();
    symlinkSync(join(dir, 'gone.yaml'), join(dir, 'clusters', 'b.yaml'));
    const r = await cli(['fleet', join(dir, 'clusters')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`${join(dir, 'clusters', 'b.yaml')}: is a symbolic link that cannot be followed: ENOENT (got "symbolic link")\n`);
  });

  it('refuses a FIFO in an input directory or on the command line instead of waiting on it', async () => {
    const dir = repo();
    const fifo = join(dir, 'clusters', 'pipe.yaml');
    execFileSync('mkfifo', [fifo]);
    const line = `${fifo}: is not a regular file: fleet reads cluster descriptions from regular files only (got "FIFO")\n`;
    expect(await cli(['fleet', join(dir, 'clusters')])).toEqual({ status: 2, stdout: '', stderr: line });
    expect(await cli(['fleet', fifo])).toEqual({ status: 2, stdout: '', stderr: line });
    expect(await cli(['fleet', '/dev/null'])).toEqual({
      status: 2,
      stdout: '',
      stderr: '/dev/null: is not a regular file: fleet reads cluster descriptions from regular files only (got "device")\n',
    });
  });
});

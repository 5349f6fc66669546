// What `fleet` reports and when it refuses to start: zero clusters (a mistyped path must not empty the output),
// --allow-empty, --dry-run (the same summary, nothing touched), the summary's numbers, --jobs beyond the cores.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { FLEET_MARKER } from '../../src/cli/fleet-marker';
import { cli } from '../support/cli';
import { fleetRun, snapshot, summary, switchScenario } from './fleet-harness';

const { root, earlierInput, laterInput, earlierOutput } = switchScenario('fleet-options');

describe('fleet options and summary', () => {
  it('refuses zero clusters found (an empty or mistyped input directory): exit 2, the output unchanged', async () => {
    const dir = await earlierOutput();
    const before = snapshot(dir);
    const empty = join(root, 'empty-repo');
    mkdirSync(empty);
    writeFileSync(join(empty, 'README.md'), '# clusters\n');
    writeFileSync(join(empty, 'blank.yaml'), '---\n');
    const r = await cli(['fleet', '-o', dir, empty]);
    expect(r).toEqual({
      status: 2,
      stdout: '',
      stderr: `${empty}: holds no cluster description (no YAML document in any *.yaml or *.yml file): check the path, or pass --allow-empty to render an empty fleet (got "${empty}")\n`,
    });
    expect(snapshot(dir)).toEqual(before);
    expect((await cli(['fleet', empty])).status).toBe(2);
  });

  it('with --allow-empty, empties the output (every file fleet wrote goes, the marker stays) and prints nothing', async () => {
    const dir = await earlierOutput();
    const empty = join(root, 'nothing');
    mkdirSync(empty);
    const r = await cli(['fleet', '--allow-empty', '-o', dir, empty]);
    expect(r.stderr).toBe(`${summary(dir, 0, 0, 0, 0, 4)}\n`);
    expect(Object.keys(snapshot(dir))).toEqual([FLEET_MARKER]);
    expect(JSON.parse(snapshot(dir)[FLEET_MARKER]).files).toEqual({});
    expect(await cli(['fleet', '--allow-empty', empty])).toEqual({ status: 0, stdout: '', stderr: 'fleet: 0 clusters rendered to stdout\n' });
  });

  it('counts what a run writes: added, changed, unchanged, removed', async () => {
    const dir = await earlierOutput();
    expect((await cli(['fleet', '-o', dir, laterInput])).stderr).toBe(`${summary(dir, 4, 2, 1, 1, 2)}\n`);
    expect((await cli(['fleet', '-o', dir, laterInput])).stderr).toBe(`${summary(dir, 4, 0, 0, 4, 0)}\n`);
    expect((await cli(['fleet', '-o', dir, earlierInput])).stderr).toBe(`${summary(dir, 4, 2, 1, 1, 2)}\n`);
  });

  it('with --dry-run, prints the counts the real run then has, and changes nothing (no lock, no directory)', async () => {
    const dir = await earlierOutput();
    const before = snapshot(dir);
    const dry = await cli(['fleet', '--dry-run', '-o', dir, laterInput]);
    expect(dry).toEqual({
      status: 0,
      stdout: '',
      stderr: `fleet --dry-run: 4 clusters rendered; ${dir}: 3 files to write (2 added, 1 changed), 1 unchanged, 2 to remove; nothing was changed\n`,
    });
    expect(snapshot(dir)).toEqual(before);
    expect((await cli(['fleet', '-o', dir, laterInput])).stderr).toBe(`${summary(dir, 4, 2, 1, 1, 2)}\n`);
    const fresh = join(root, 'not-yet', 'dist');
    expect((await cli(['fleet', '--dry-run', '-o', fresh, laterInput])).stderr).toBe(
      `fleet --dry-run: 4 clusters rendered; ${fresh}: 4 files to write (4 added, 0 changed), 0 unchanged, 0 to remove; nothing was changed\n`,
    );
    expect(existsSync(join(root, 'not-yet'))).toBe(false);
    expect(await cli(['fleet', '--dry-run', laterInput])).toEqual({
      status: 0,
      stdout: '',
      stderr: 'fleet --dry-run: 4 clusters rendered; nothing printed\n',
    });
  });

  it('with --dry-run, reports the problems a real run would (a changed file), exit 2', async () => {
    const dir = await earlierOutput();
    writeFileSync(join(dir, 'tenant-t0', 'c0.yaml'), 'edited\n');
    const r = await cli(['fleet', '--dry-run', '-o', dir, laterInput]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${join(dir, 'tenant-t0', 'c0.yaml')}: was changed since fleet wrote it`);
  });

  it('with --dry-run after an interrupted swap, counts against the output the rollback brings back, touching nothing', async () => {
    const dir = await earlierOutput();
    expect((await fleetRun(['-o', dir, laterInput], 'place#2')).signal).toBe('SIGKILL');
    const before = snapshot(dir);
    const dry = await cli(['fleet', '--dry-run', '-o', dir, laterInput]);
    expect(dry.stderr.split('\n')).toEqual([
      expect.stringMatching(/^fleet: the lock of a killed fleet run \(pid \d+ on .*\) is here: a run without --dry-run takes it over$/),
      `fleet: a fleet run was interrupted in ${dir}: a run without --dry-run first puts the earlier output back (the counts are against it)`,
      `fleet --dry-run: 4 clusters rendered; ${dir}: 3 files to write (2 added, 1 changed), 1 unchanged, 2 to remove; nothing was changed`,
      '',
    ]);
    expect(snapshot(dir)).toEqual(before);
    expect((await cli(['fleet', '-o', dir, laterInput])).stderr).toContain(summary(dir, 4, 2, 1, 1, 2));
  });

  it('cuts --jobs down to the cores, saying so, with the same bytes on any number of threads', async () => {
    const cores = availableParallelism();
    const many = await fleetRun(['-j', '9999', '-o', join(root, 'many'), laterInput]);
    expect(many.stderr).toBe(
      `fleet: --jobs 9999 is more than the ${cores} core${cores === 1 ? '' : 's'} here: rendering on ${cores} thread${cores === 1 ? '' : 's'}\n${summary(join(root, 'many'), 4, 4, 0, 0, 0)}\n`,
    );
    const one = await fleetRun(['-j', '1', '-o', join(root, 'one'), laterInput]);
    expect(one.status).toBe(0);
    expect(snapshot(join(root, 'many'))).toEqual(snapshot(join(root, 'one')));
  });
});

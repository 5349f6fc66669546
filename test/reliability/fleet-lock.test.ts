// Two `fleet -o` runs on one directory: the second is refused while the first is alive, takes the lock over once it
// is dead, and runs started all at once never mix their outputs. Needs the built CLI.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { FLEET_LOCK, FLEET_LOCK_CLAIM } from '../../src/cli/fleet-marker';
import { fleetRun, snapshot, startFleet, stopped, summary, switchScenario, visible } from './fleet-harness';

const { root, earlierInput, laterInput, expected, earlierOutput } = switchScenario('fleet-lock');

/** A pid that no process has any more. */
function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
}

const lockLine = (dir: string, pid: number) =>
  new RegExp(
    `^${join(dir, FLEET_LOCK)}: another fleet run \\(pid ${pid} on ${hostname()}, started [0-9T:.Z-]+\\) is writing this directory: run again when it is done \\(got "pid ${pid}"\\)\\n$`,
  );

describe('the lock of fleet -o', () => {
  it('refuses a second run while the first is writing (also a dry run), and lets it finish', async () => {
    const [earlier, later] = await expected();
    const dir = await earlierOutput();
    // The first run stops itself in the middle of its swap, lock held.
    const first = startFleet(['-o', dir, laterInput], 'stop:place#2');
    await stopped(first.pid);
    for (const args of [
      ['-o', dir, earlierInput],
      ['--dry-run', '-o', dir, earlierInput],
    ]) {
      const second = await fleetRun(args);
      expect(second.status).toBe(2);
      expect(second.stderr).toMatch(lockLine(dir, first.pid));
    }
    process.kill(first.pid, 'SIGCONT');
    expect((await first.done).status).toBe(0);
    expect(snapshot(dir)).toEqual(later);
    expect((await fleetRun(['-o', dir, earlierInput])).status).toBe(0);
    expect(snapshot(dir)).toEqual(earlier);
  });

  it('takes over the lock of a run killed while it held it, and rolls its swap back', async () => {
    const [earlier] = await expected();
    const dir = await earlierOutput();
    const first = startFleet(['-o', dir, laterInput], 'stop:backup#2');
    await stopped(first.pid);
    process.kill(first.pid, 'SIGKILL');
    expect((await first.done).signal).toBe('SIGKILL');
    const next = await fleetRun(['-o', dir, earlierInput]);
    expect(next.stderr).toBe(
      [
        `fleet: took over the lock of a fleet run that was killed (pid ${first.pid} on ${hostname()}, started ${/started ([^)]+)\)/.exec(next.stderr)?.[1]})`,
        `fleet: rolled back the swap of a fleet run that was interrupted: ${dir} was put back as it was before that run`,
        summary(dir, 4, 0, 0, 4, 0),
        '',
      ].join('\n'),
    );
    expect(snapshot(dir)).toEqual(earlier);
  });

  it('lets runs started at once on one directory through one at a time: each finishes or is refused, never a mix', async () => {
    const [earlier, later] = await expected();
    const dir = join(root, 'raced');
    const inputs = [earlierInput, laterInput, earlierInput, laterInput, earlierInput, laterInput];
    const runs = await Promise.all(inputs.map((input) => fleetRun(['-o', dir, input])));
    for (const r of runs) {
      if (r.status === 0) continue;
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(
        /\.tenant-kubernetes-fleet\.lock(\.claim)?: another fleet run (\(pid \d+ on .*\) is writing this directory|has been taking the lock)/,
      );
    }
    expect(runs.filter((r) => r.status === 0).length).toBeGreaterThan(0);
    const tree = snapshot(dir);
    expect([earlier, later]).toContainEqual(tree);
    // The last run that finished decides which: its input is what the directory holds.
    const again = await fleetRun(['-o', dir, tree['tenant-t1/'] === undefined ? laterInput : earlierInput]);
    expect(again.stderr).toBe(`${summary(dir, 4, 0, 0, 4, 0)}\n`);
  });

  it.each<[string, (dir: string) => void, RegExp]>([
    [
      'a lock of a live process on this host',
      (dir) =>
        writeFileSync(join(dir, FLEET_LOCK), JSON.stringify({ pid: process.pid, host: hostname(), started: '2024-05-01T10:00:00.000Z', nonce: 'x' })),
      /is writing this directory: run again when it is done/,
    ],
    [
      'a lock from another host (cannot be checked)',
      (dir) =>
        writeFileSync(
          join(dir, FLEET_LOCK),
          JSON.stringify({ pid: 1, host: 'ci-runner-7.example.org', started: '2024-05-01T10:00:00.000Z', nonce: 'x' }),
        ),
      /another fleet run \(pid 1 on ci-runner-7\.example\.org, started 2024-05-01T10:00:00\.000Z\) holds this directory and cannot be checked from here: run again when it is done, or delete this file if that run was killed/,
    ],
    [
      'a lock that is not one (secret-looking content)',
      (dir) => writeFileSync(join(dir, FLEET_LOCK), 'token: hunter2-secret\n'),
      /is not a lock fleet wrote .* \(got "unreadable"\)/,
    ],
    ['a lock that is a symbolic link', (dir) => symlinkSync(join(root, 'earlier.yaml'), join(dir, FLEET_LOCK)), /is not a lock fleet wrote/],
    ['a lock that is a directory', (dir) => mkdirSync(join(dir, FLEET_LOCK)), /is not a lock fleet wrote/],
    ['a claim that is a symbolic link', (dir) => symlinkSync('/nonexistent', join(dir, FLEET_LOCK_CLAIM)), /lock\.claim: is not a file fleet made/],
  ])('refuses %s with exit 2, changing nothing', async (_, plant, message) => {
    const dir = await earlierOutput();
    plant(dir);
    const before = snapshot(dir);
    const r = await fleetRun(['-o', dir, laterInput]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toContain('hunter2');
    expect(snapshot(dir)).toEqual(before);
  });

  it('takes over a lock whose process is gone, saying so', async () => {
    const [, later] = await expected();
    const dir = await earlierOutput();
    const pid = deadPid();
    writeFileSync(join(dir, FLEET_LOCK), JSON.stringify({ pid, host: hostname(), started: '2024-05-01T10:00:00.000Z', nonce: 'x' }));
    const dry = await fleetRun(['--dry-run', '-o', dir, laterInput]);
    expect(dry.stderr).toContain(
      `fleet: the lock of a killed fleet run (pid ${pid} on ${hostname()}, started 2024-05-01T10:00:00.000Z) is here: a run without --dry-run takes it over\n`,
    );
    const r = await fleetRun(['-o', dir, laterInput]);
    expect(r.stderr).toBe(
      `fleet: took over the lock of a fleet run that was killed (pid ${pid} on ${hostname()}, started 2024-05-01T10:00:00.000Z)\n${summary(dir, 4, 2, 1, 1, 2)}\n`,
    );
    expect(snapshot(dir)).toEqual(later);
    expect(existsSync(join(dir, FLEET_LOCK))).toBe(false);
    expect(visible(dir)).toEqual(later);
  });
});

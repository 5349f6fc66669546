// `fleet -o` killed (SIGKILL) at every step of its commit, and at every step of the rollback that follows: the output
// is always the earlier one or the new one, complete, once the next run has recovered; before the journal and after
// the commit point it is so even before any recovery. Needs the built CLI (`npm run build`).
import { rmSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { FLEET_FAULT_POINTS } from '../../src/cli/fleet-fault';
import { FLEET_LOCK_CLAIM } from '../../src/cli/fleet-marker';
import { fleetRun, snapshot, summary, switchScenario, visible } from './fleet-harness';

const { earlierInput, laterInput, expected, earlierOutput } = switchScenario('fleet-kill');

/** What the killed run had done: nothing visible yet, a swap under way, or the commit. */
type Stage = 'untouched' | 'swapping' | 'committed';
/** Every pass of every point on the way from EARLIER to LATER (see fleet-harness.ts), and where it falls. */
const STEPS: Array<[string, Stage]> = [
  ['claim', 'untouched'],
  ...[1, 2, 3, 4].map((i): [string, Stage] => [`write#${i}`, 'untouched']),
  ['journal', 'untouched'],
  ...[1, 2, 3].map((i): [string, Stage] => [`backup#${i}`, 'swapping']),
  ...[1, 2, 3].map((i): [string, Stage] => [`place#${i}`, 'swapping']),
  ['prune', 'swapping'],
  ['commit', 'swapping'],
  ['clean', 'committed'],
  ['unlock', 'committed'],
];

describe('fleet -o killed at every step', () => {
  it.concurrent.each(STEPS)('killed at %s, the next run recovers a complete output (%s)', async (fault, stage) => {
    const [earlier, later] = await expected();
    const dir = await earlierOutput();
    const killed = await fleetRun(['-o', dir, laterInput], fault);
    expect(killed.signal).toBe('SIGKILL');
    if (stage === 'untouched') expect(visible(dir)).toEqual(earlier);
    if (stage === 'committed') expect(visible(dir)).toEqual(later);
    // The next run with the input of whichever output the kill left: nothing to change, and nothing left over.
    const next = await fleetRun(['-o', dir, stage === 'committed' ? laterInput : earlierInput]);
    expect(next.status).toBe(0);
    const lines = next.stderr.trim().split('\n');
    expect(lines[lines.length - 1]).toBe(summary(dir, 4, 0, 0, 4, 0));
    if (stage === 'swapping')
      expect(lines).toContain(`fleet: rolled back the swap of a fleet run that was interrupted: ${dir} was put back as it was before that run`);
    if (fault !== 'claim') expect(lines[0]).toMatch(/^fleet: took over the lock of a fleet run that was killed \(pid \d+ on /);
    expect(snapshot(dir)).toEqual(stage === 'committed' ? later : earlier);
  });

  it.concurrent.each(['write#5', 'backup#4', 'place#4', 'prune#2'])(
    'passes no point more often than listed above: %s is never reached',
    async (fault) => {
      const dir = await earlierOutput();
      const r = await fleetRun(['-o', dir, laterInput], fault);
      expect([r.status, r.signal]).toEqual([0, null]);
      expect(snapshot(dir)).toEqual((await expected())[1]);
    },
  );

  it('killed while taking the lock, it leaves a claim that the next run names instead of guessing', async () => {
    const [earlier] = await expected();
    const dir = await earlierOutput();
    expect((await fleetRun(['-o', dir, laterInput], 'lock')).signal).toBe('SIGKILL');
    const refused = await fleetRun(['-o', dir, laterInput]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(
      new RegExp(
        `^${join(dir, FLEET_LOCK_CLAIM)}: was left by a fleet run killed while taking the lock \\(pid \\d+ on .*, no longer running\\): delete it and run again \\(got "pid \\d+"\\)\\n$`,
      ),
    );
    expect(visible(dir)).toEqual(earlier);
    unlinkSync(join(dir, FLEET_LOCK_CLAIM));
    const next = await fleetRun(['-o', dir, earlierInput]);
    expect(next.stderr).toBe(`${summary(dir, 4, 0, 0, 4, 0)}\n`);
    expect(snapshot(dir)).toEqual(earlier);
  });

  // The rollback of a swap is itself killed at each of its steps; each run does what is left, the last one finishes.
  it.each<[string, string[]]>([
    // Killed before the second file was moved in: three earlier files in the backup, one changed file in place.
    ['place#2', ['restore#1', 'restore#2', 'restore#1', 'unjournal']],
    // Killed with every file in place: three backups to move back, two new files and a new namespace to remove.
    ['prune', ['restore#4', 'restore#1', 'unjournal']],
  ])('killed at %s, then again at each step of the rollback (%j), the output comes back complete', async (first, rollbackFaults) => {
    const [earlier] = await expected();
    const dir = await earlierOutput();
    expect((await fleetRun(['-o', dir, laterInput], first)).signal).toBe('SIGKILL');
    for (const fault of rollbackFaults) expect((await fleetRun(['-o', dir, earlierInput], fault)).signal).toBe('SIGKILL');
    const next = await fleetRun(['-o', dir, earlierInput]);
    expect(next.status).toBe(0);
    expect(next.stderr).toContain('fleet: rolled back the swap of a fleet run that was interrupted');
    expect(next.stderr).toContain(summary(dir, 4, 0, 0, 4, 0));
    expect(snapshot(dir)).toEqual(earlier);
    rmSync(dir, { recursive: true });
  });

  it('covers every fault point there is', () => {
    const used = new Set([...STEPS.map(([f]) => f), 'lock', 'restore', 'unjournal'].map((f) => f.replace(/#.*/, '')));
    expect([...FLEET_FAULT_POINTS].filter((p) => !used.has(p))).toEqual([]);
  });
});

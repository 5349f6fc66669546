// `fleet -o` when the file system fails it: a full disk while the new files are written, a rename or a directory
// removal that fails in the middle of the swap, a failing cleanup. A failure before the commit point is exit status 2
// with one line, and the earlier output is put back byte for byte; one after it only adds a note. The failures are
// injected (TENANT_KUBERNETES_FLEET_FAULT=fail:POINT:CODE), as permissions cannot make them for root. Needs the
// built CLI.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { FLEET_LOCK, FLEET_WORK } from '../../src/cli/fleet-marker';
import { fleetRun, snapshot, summary, switchScenario } from './fleet-harness';

const { earlierInput, laterInput, expected, earlierOutput } = switchScenario('fleet-fail');

describe('fleet -o on a failing file system', () => {
  it.concurrent.each<[string, string]>([
    ['write#1:ENOSPC', 'ENOSPC: no space left on the device'],
    ['write#3:EDQUOT', 'EDQUOT: disk quota exceeded'],
  ])('a disk that fills up while the new files are written (%s) leaves the earlier output as it was', async (fault, why) => {
    const dir = await earlierOutput();
    const r = await fleetRun(['-o', dir, laterInput], `fail:${fault}`);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`${dir}: cannot write the new output: ${why}; the earlier output is unchanged (got "${fault.split(':')[1]}")\n`);
    expect(snapshot(dir)).toEqual((await expected())[0]);
  });

  it.concurrent.each(['journal:ENOSPC', 'backup#1:EIO', 'backup#3:EACCES', 'place#1:EXDEV', 'place#3:EIO', 'prune:EIO', 'commit:EIO'])(
    'a rename failing in the swap (%s) is rolled back at once: exit 2, the earlier output byte for byte',
    async (fault) => {
      const dir = await earlierOutput();
      const r = await fleetRun(['-o', dir, laterInput], `fail:${fault}`);
      const code = fault.split(':')[1];
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(
        new RegExp(`^${dir}: could not replace the output \\(${code}: [^)]+\\); the earlier output was put back unchanged \\(got "${code}"\\)\\n$`),
      );
      expect(r.stderr).not.toContain('    at '); // no stack trace
      expect(snapshot(dir)).toEqual((await expected())[0]);
    },
  );

  it('a rollback that fails too keeps the journal, and the next run finishes it', async () => {
    const dir = await earlierOutput();
    // The swap is killed half-way; the next run's rollback fails at its second step.
    expect((await fleetRun(['-o', dir, laterInput], 'place#2')).signal).toBe('SIGKILL');
    const failed = await fleetRun(['-o', dir, earlierInput], 'fail:restore#2:EIO');
    expect(failed.status).toBe(2);
    expect(failed.stderr).toContain(`${dir}: could not put back the output of an interrupted fleet run (EIO: `);
    expect(failed.stderr).toContain('its marker keeps the journal, and once the cause is fixed the next run does it (got "EIO")');
    expect(existsSync(join(dir, FLEET_LOCK))).toBe(false);
    const next = await fleetRun(['-o', dir, earlierInput]);
    expect(next.stderr).toContain('fleet: rolled back the swap of a fleet run that was interrupted');
    expect(snapshot(dir)).toEqual((await expected())[0]);
  });

  it('a failure after the commit point (removing the work directory) is a note: the new output stands', async () => {
    const [, later] = await expected();
    const dir = await earlierOutput();
    const r = await fleetRun(['-o', dir, laterInput], 'fail:clean:EIO');
    expect(r.status).toBe(0);
    expect(r.stderr).toBe(`fleet: could not remove ${join(dir, FLEET_WORK)} (EIO): the next run removes it\n${summary(dir, 4, 2, 1, 1, 2)}\n`);
    expect(existsSync(join(dir, FLEET_WORK))).toBe(true);
    const next = await fleetRun(['-o', dir, laterInput]);
    expect(next.stderr).toBe(`fleet: removed the work directory a killed fleet run left in ${dir}\n${summary(dir, 4, 0, 0, 4, 0)}\n`);
    expect(snapshot(dir)).toEqual(later);
  });

  it('a lock that cannot be removed is taken over by the next run', async () => {
    const [, later] = await expected();
    const dir = await earlierOutput();
    const r = await fleetRun(['-o', dir, laterInput], 'fail:unlock:EIO');
    expect(r.status).toBe(0);
    expect(r.stderr).toContain(`fleet: could not remove the lock (EIO: `);
    const next = await fleetRun(['-o', dir, laterInput]);
    expect(next.stderr).toMatch(/^fleet: took over the lock of a fleet run that was killed/);
    expect(snapshot(dir)).toEqual(later);
  });

  it('a directory fleet cannot create its lock in is exit 2, with nothing changed', async () => {
    const dir = await earlierOutput();
    const r = await fleetRun(['-o', dir, laterInput], 'fail:claim:EROFS');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      new RegExp(
        `^${dir}: cannot write the output \\(EROFS: read-only file system, at ${dir}/\\.tenant-kubernetes-fleet\\.lock\\.claim\\); the earlier output is unchanged \\(got "EROFS"\\)\\n$`,
      ),
    );
    expect(snapshot(dir)).toEqual((await expected())[0]);
  });
});

// Fault injection for `fleet -o` (test-only). The reliability tests (test/reliability/fleet-*.test.ts) run the CLI with
// TENANT_KUBERNETES_FLEET_FAULT set to make it die, stop or fail at a named point of the commit, then check what the
// directory holds and that the next run recovers. Unset (as in production), every call below returns at once: the
// variable is read, nothing else happens. It is not part of the CLI's documented interface.
//
//   TENANT_KUBERNETES_FLEET_FAULT=[kill:|stop:|fail:]POINT[#N][:CODE]
//     kill (the default)  SIGKILL this process just before the N-th time (default: first) it reaches POINT
//     stop                SIGSTOP it there (a test holds the run, lock and all, and sends SIGCONT or SIGKILL later)
//     fail                throw an I/O error with errno code CODE (default EIO) there, as a failing rename would
//
// Worker threads count their own passes of `write` (N counts per thread).

/** The environment variable that injects a fault. */
export const FLEET_FAULT_ENV = 'TENANT_KUBERNETES_FLEET_FAULT';

/**
 * Every point of `fleet -o` where a fault can be injected, in the order a run reaches them. Each is named for the
 * action it comes just before.
 */
export const FLEET_FAULT_POINTS = [
  'claim', // creating the lock's claim file (nothing done yet)
  'lock', // renaming the claim into the lock (the claim is held)
  'restore', // each step of rolling back a swap an earlier run left half-done (moving a file back, deleting a new one)
  'unjournal', // putting the earlier marker back at the end of a rollback
  'write', // writing each cluster's file into the work directory (in every render thread)
  'journal', // renaming the marker that records the swap into place (before it, the output is untouched)
  'backup', // moving each earlier file that changes or goes away into the backup
  'place', // moving each new or changed file into place
  'prune', // removing each namespace directory left empty
  'commit', // renaming the final marker into place: the commit point
  'clean', // removing the work directory (the new output is complete)
  'unlock', // removing the lock file
] as const;

/** A point of {@link FLEET_FAULT_POINTS}. */
export type FleetFaultPoint = (typeof FLEET_FAULT_POINTS)[number];

interface Fault {
  readonly action: 'kill' | 'stop' | 'fail';
  readonly point: string;
  readonly occurrence: number;
  readonly code: string;
}

const passes = new Map<string, number>();

function parseFault(text: string): Fault | undefined {
  const m = /^(?:(kill|stop|fail):)?([a-z]+)(?:#([1-9][0-9]*))?(?::([A-Z]+))?$/.exec(text);
  if (!m) return undefined;
  return { action: (m[1] ?? 'kill') as Fault['action'], point: m[2], occurrence: Number(m[3] ?? 1), code: m[4] ?? 'EIO' };
}

/** Blocks this thread until the signal just sent ends the process (a signal to oneself may land a moment later). */
function waitForSignal(): never {
  const cell = new Int32Array(new SharedArrayBuffer(4));
  for (;;) Atomics.wait(cell, 0, 0, 1000);
}

/**
 * Marks that `fleet` is about to do the action named `point` (on `path`, for the injected error's message). Does
 * nothing unless {@link FLEET_FAULT_ENV} names this point and this pass of it.
 */
export function faultPoint(point: FleetFaultPoint, path = ''): void {
  const text = process.env[FLEET_FAULT_ENV];
  if (text === undefined || text === '') return;
  const fault = parseFault(text);
  if (fault === undefined || fault.point !== point) return;
  const pass = (passes.get(point) ?? 0) + 1;
  passes.set(point, pass);
  if (pass !== fault.occurrence) return;
  if (fault.action === 'kill') {
    process.kill(process.pid, 'SIGKILL');
    waitForSignal();
  }
  if (fault.action === 'stop') {
    process.kill(process.pid, 'SIGSTOP');
    return;
  }
  throw Object.assign(new Error(`${fault.code}: injected by ${FLEET_FAULT_ENV} at ${point}${path ? `, '${path}'` : ''}`), {
    code: fault.code,
    syscall: point,
    path,
  });
}

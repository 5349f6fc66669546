// The lock of an output directory: DIR/.tenant-kubernetes-fleet.lock names the run (pid, host, a nonce) that writes
// DIR; another run on DIR refuses to start while that run is alive, and takes the lock over once it is not.
//
// Node has no flock(2), so the lock is built from the two atomic operations every local file system gives:
// open(O_CREAT|O_EXCL), which creates a name only if it is free, and rename(2), which replaces a name at once. Taking
// over a stale lock needs a compare-and-swap, which neither is, so every change of the lock file happens while holding
// a second, short-lived file, the claim (DIR/.tenant-kubernetes-fleet.lock.claim):
//   1. create the claim with O_EXCL and write this run's identity into it;
//   2. read the lock: if there is none, or its owner runs on this host and is dead, rename the claim onto the lock
//      (installing this run's identity and freeing the claim in one step); otherwise delete the claim and refuse.
// Only a claim holder creates or replaces the lock, and it does so only when the lock is absent or its owner dead
// (which stays true: nobody else can change the lock meanwhile), so two runs never both hold it. The lock always holds
// a complete identity, because it only ever comes into being by rename. A claim is held for a few system calls; a run
// killed inside them leaves a claim that is never taken over automatically (that would need the compare-and-swap
// again): the next run names it and asks for it to be deleted. Owners on another host cannot be checked and are never
// taken over either. The process check is kill(pid, 0): "same host" means the same host name and process namespace.
import { randomBytes } from 'node:crypto';
import { closeSync, constants, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { SpecProblem } from '../spec/errors';
import { faultPoint } from './fleet-fault';
import { readRegularFile } from './fleet-fs';
import { FLEET_LOCK, FLEET_LOCK_CLAIM } from './fleet-marker';

/** How long a run waits for another one's claim to go (a claim normally lasts well under a millisecond). */
const CLAIM_WAIT_MS = 2000;

interface LockOwner {
  readonly pid: number;
  readonly host: string;
  readonly started: string;
  readonly nonce: string;
}

/** A held lock. */
export interface FleetLock {
  /** What the user should know (a stale lock taken over). */
  readonly notes: readonly string[];
  /** Removes the lock (if it still is this run's). */
  release(): void;
}

function parseOwner(bytes: Buffer): LockOwner | undefined {
  try {
    const o = JSON.parse(bytes.toString('utf8')) as Partial<LockOwner>;
    if (!Number.isSafeInteger(o.pid) || (o.pid as number) <= 0) return undefined;
    if (typeof o.host !== 'string' || typeof o.started !== 'string' || typeof o.nonce !== 'string') return undefined;
    return o as LockOwner;
  } catch {
    return undefined;
  }
}

/**
 * A lock or claim file's owner: absent; `foreign` (not a regular file: fleet never made it); or `unreadable` (a regular
 * file without an identity: damaged, or a claim being written this moment).
 */
function readOwner(path: string): LockOwner | 'absent' | 'foreign' | 'unreadable' {
  const bytes = readRegularFile(path, 4096);
  if (bytes === 'missing') return 'absent';
  if (bytes === 'symbolic link' || bytes === 'not a regular file') return 'foreign';
  if (typeof bytes === 'string') return 'unreadable';
  return parseOwner(bytes) ?? 'unreadable';
}

/** Whether the owner still runs: `undefined` when that cannot be known (another host). */
function isAlive(owner: LockOwner): boolean | undefined {
  if (owner.host !== hostname()) return undefined;
  // This run is not holding the lock yet, so an owner with its pid was an earlier process, now gone.
  if (owner.pid === process.pid) return false;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // alive, but another user's
  }
}

/** The owner as a problem line may show it: a hand-made lock file must not get arbitrary text printed. */
function describeOwner(owner: LockOwner): string {
  const host = /^[A-Za-z0-9][-A-Za-z0-9.]{0,252}$/.test(owner.host) ? owner.host : 'another host';
  const started = /^[0-9T:.Z-]{1,40}$/.test(owner.started) ? `, started ${owner.started}` : '';
  return `pid ${owner.pid} on ${host}${started}`;
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Creates the claim holding `identity`; `false` when another run holds it. */
function createClaim(claim: string, identity: string): boolean {
  faultPoint('claim', claim);
  let fd: number;
  try {
    fd = openSync(claim, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    writeSync(fd, identity);
  } catch (e) {
    closeSync(fd);
    unlinkSync(claim);
    throw e;
  }
  closeSync(fd);
  return true;
}

/**
 * Why another run's claim stops this one, or `undefined` to wait for it to go. A claim without a readable identity may
 * be one being written: it counts as left behind only once `waited`.
 */
function claimProblem(claim: string, waited: boolean): SpecProblem | undefined {
  const owner = readOwner(claim);
  if (owner === 'absent') return undefined;
  if (owner === 'foreign') {
    return {
      path: claim,
      value: 'not a regular file',
      message: 'is not a file fleet made (a link, a directory): delete it when no fleet run is writing this directory, and run again',
    };
  }
  if (owner === 'unreadable') {
    if (!waited) return undefined;
    return {
      path: claim,
      value: 'unreadable',
      message: 'was left by a fleet run killed while taking the lock: delete it when no fleet run is writing this directory, and run again',
    };
  }
  const alive = isAlive(owner);
  if (alive === false) {
    return {
      path: claim,
      value: `pid ${owner.pid}`,
      message: `was left by a fleet run killed while taking the lock (${describeOwner(owner)}, no longer running): delete it and run again`,
    };
  }
  if (alive === undefined) {
    if (!waited) return undefined;
    return {
      path: claim,
      value: `pid ${owner.pid}`,
      message: `is held by a fleet run on another host (${describeOwner(owner)}): run again when it is done, or delete this file if that run was killed`,
    };
  }
  return undefined;
}

/** Why a lock that is there stops a run, or `undefined` when it is stale (its owner is dead). */
function heldProblem(lock: string, owner: LockOwner | 'foreign' | 'unreadable'): SpecProblem | undefined {
  if (owner === 'foreign' || owner === 'unreadable') {
    return {
      path: lock,
      value: 'unreadable',
      message:
        "is not a lock fleet wrote (not a regular file, or not a run's identity): delete it when no fleet run is writing this directory, and run again",
    };
  }
  const alive = isAlive(owner);
  if (alive === false) return undefined;
  return {
    path: lock,
    value: `pid ${owner.pid}`,
    message: alive
      ? `another fleet run (${describeOwner(owner)}) is writing this directory: run again when it is done`
      : `another fleet run (${describeOwner(owner)}) holds this directory and cannot be checked from here: run again when it is done, or delete this file if that run was killed`,
  };
}

/**
 * Takes the lock of `dir` (which exists) for this process. Returns the problem when another run holds it (or left a
 * lock or claim that needs a person to look at it); throws system errors (EACCES, EROFS) to the caller.
 */
export function lockOutputDir(dir: string): FleetLock | SpecProblem {
  const lock = join(dir, FLEET_LOCK);
  const claim = join(dir, FLEET_LOCK_CLAIM);
  const me: LockOwner = { pid: process.pid, host: hostname(), started: new Date().toISOString(), nonce: randomBytes(12).toString('hex') };
  const identity = `${JSON.stringify(me)}\n`;
  const deadline = Date.now() + CLAIM_WAIT_MS;
  while (!createClaim(claim, identity)) {
    const waited = Date.now() > deadline;
    const problem = claimProblem(claim, waited);
    if (problem) return problem;
    if (waited) {
      return {
        path: claim,
        value: 'held',
        message: `another fleet run has been taking the lock for more than ${CLAIM_WAIT_MS / 1000} s: run again when it is done, or delete this file if no fleet run is writing this directory`,
      };
    }
    sleep(10);
  }
  // The claim is held: nothing but this run can change the lock until the claim is renamed or deleted below.
  let current: ReturnType<typeof readOwner>;
  try {
    current = readOwner(lock);
  } catch (e) {
    unlinkSync(claim);
    throw e;
  }
  const notes: string[] = [];
  if (current !== 'absent') {
    const problem = heldProblem(lock, current);
    if (problem) {
      unlinkSync(claim);
      return problem;
    }
    notes.push(`took over the lock of a fleet run that was killed (${describeOwner(current as LockOwner)})`);
  }
  faultPoint('lock', lock);
  try {
    renameSync(claim, lock);
  } catch (e) {
    unlinkSync(claim);
    throw e;
  }
  return {
    notes,
    release(): void {
      const owner = readOwner(lock);
      // Not ours any more only if someone deleted it by hand and another run took it: leave that run's lock alone.
      if (typeof owner === 'string' || owner.nonce !== me.nonce) return;
      faultPoint('unlock', lock);
      unlinkSync(lock);
    },
  };
}

/**
 * What a dry run says about the lock without taking it: the problem a real run would report (another run holds it),
 * or a note when the lock was left by a killed run (a real run takes it over).
 */
export function peekLock(dir: string): { readonly problem?: SpecProblem; readonly note?: string } {
  const lock = join(dir, FLEET_LOCK);
  const owner = readOwner(lock);
  if (owner === 'absent') return {};
  const problem = heldProblem(lock, owner);
  if (problem) return { problem };
  return { note: `the lock of a killed fleet run (${describeOwner(owner as LockOwner)}) is here: a run without --dry-run takes it over` };
}

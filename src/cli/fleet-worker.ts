// A worker thread of `tenant-kubernetes fleet` (started by fleet-render.ts): renders clusters until none are left.
import { parentPort, workerData } from 'node:worker_threads';
import { renderShare, type FleetJob } from './fleet-render';

renderShare(workerData as FleetJob, (message) => parentPort!.postMessage(message));

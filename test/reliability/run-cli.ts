// The CLI from source, for tests that run it in a child process (e.g. under a small heap): `node --import tsx
// test/reliability/run-cli.ts synth ...`. Exits with the CLI's status; an abort (out of memory) shows as a signal.
import { main } from '../../src/cli/main';

void main(process.argv.slice(2));

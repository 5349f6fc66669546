// `tenant-kubernetes schema [cluster|values]`: prints the committed JSON Schemas, which ship in the npm package.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli } from '../support/cli';

const committed = (name: string): string => readFileSync(join(__dirname, '../../schemas', `${name}.schema.json`), 'utf8');

describe('tenant-kubernetes schema', () => {
  it.each(['cluster', 'values'])('schema %s prints the committed file byte for byte', async (name) => {
    const r = await cli(['schema', name]);
    expect(r).toEqual({ status: 0, stdout: committed(name), stderr: '' });
  });

  it('without a name prints both as one JSON object', async () => {
    const r = await cli(['schema']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ cluster: JSON.parse(committed('cluster')), values: JSON.parse(committed('values')) });
  });

  it('--help prints its usage; the overview lists it', async () => {
    const r = await cli(['schema', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Usage: tenant-kubernetes schema [cluster|values]');
    expect((await cli(['help', 'schema'])).stdout).toBe(r.stdout);
    expect((await cli(['--help'])).stdout).toContain('tenant-kubernetes schema [cluster|values]');
  });

  it.each([
    [['schema', 'valus'], 'unknown schema "valus" (did you mean "values"?)'],
    [['schema', 'cluster', 'values'], 'give at most one name'],
    [['schema', '--json'], 'unknown option --json'],
  ])('%j is a usage error, exit 2, nothing on stdout', async (argv, message) => {
    const r = await cli(argv);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain('tenant-kubernetes schema --help');
  });

  it('the schemas ship in the npm package', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as { files: string[] };
    expect(pkg.files).toContain('schemas');
  });

  it('the example values file names its schema in the modeline', () => {
    const example = readFileSync(join(__dirname, '../../examples/values/example.yaml'), 'utf8');
    expect(example.split('\n')[0]).toBe('# yaml-language-server: $schema=../../schemas/values.schema.json');
  });
});

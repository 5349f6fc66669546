// Nothing the project runs may read outside its own tree: a clone anywhere must build, import and test. Every
// relative path written in a source, test, script or tool file resolves inside the repository, and nothing names
// the workspace the project was developed in.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const RUN = /^(src|test|scripts|tools|bin|examples|\.ci)\/|^(package\.json|jest\.config\.js|tsconfig\.json|Pulumi\.yaml)$/;
const CODE = /\.(ts|js|sh|json|ya?ml|go|mod)$|^\.ci\/run$/;

function tracked(): string[] {
  return (
    execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' })
      .split('\n')
      // This file is left out: the patterns it looks for are written in it.
      .filter((f) => RUN.test(f) && CODE.test(f) && !f.includes('/upstream/') && f !== relative(ROOT, __filename))
  );
}

const inside = (p: string) => !relative(ROOT, p).startsWith('..');

describe('the repository is self-contained', () => {
  const files = tracked();

  it('finds the files it checks', () => {
    expect(files).toEqual(expect.arrayContaining(['scripts/import-crds.js', 'test/support/crd-schema.ts', 'scripts/testbin.sh', '.ci/run']));
  });

  it('resolves every relative path literal inside the repository', () => {
    const escapes: string[] = [];
    for (const file of files) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      // Module specifiers and paths built on __dirname are relative to the file itself.
      const relativeToFile = [
        ...text.matchAll(/(?:from\s+|require\(|import\()['"](\.\.?\/[^'"]*)['"]/g),
        ...text.matchAll(/(?:join|resolve)\(\s*__dirname\s*,\s*['"]([^'"]*)['"]/g),
      ];
      for (const [, literal] of relativeToFile) {
        if (!inside(resolve(ROOT, dirname(file), literal))) escapes.push(`${file}: ${literal}`);
      }
      // path.join(x, '..', '..', …) chains and shell `$root/..` leave the tree as well.
      if (/['"]\.\.['"]\s*,\s*['"]\.\.['"]/.test(text) || /\$\{?root\}?\/\.\./.test(text)) escapes.push(`${file}: a '..' chain`);
    }
    expect(escapes).toEqual([]);
  });

  it('names no sibling of the repository (shared material, the development workspace)', () => {
    const named = files.filter((f) =>
      /\.\.\/shared\b|['"]shared['"]\s*,\s*['"]crds|\/work\/(main|shared)\b|TENANT_KUBERNETES_CRDS/.test(readFileSync(join(ROOT, f), 'utf8')),
    );
    expect(named).toEqual([]);
  });

  it('reads its CRDs from crds/', () => {
    for (const file of ['scripts/import-crds.js', 'test/support/crd-schema.ts']) {
      expect([file, /crds['"], ['"]v0\.37|crds\/v0\.37/.test(readFileSync(join(ROOT, file), 'utf8'))]).toEqual([file, true]);
    }
    // One table per platform line, each from that line's set under crds/.
    expect(readFileSync(join(ROOT, 'scripts/gen-instance-types.js'), 'utf8')).toMatch(/path\.join\(root, 'crds', LINES\[line\]/);
  });
});

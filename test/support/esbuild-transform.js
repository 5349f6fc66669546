// Jest transform: TypeScript to CommonJS with esbuild (type checking is `tsc`'s job in `npm test`).
'use strict';
const { transformSync } = require('esbuild');

module.exports = {
  process(source, filename) {
    const result = transformSync(source, {
      loader: 'ts',
      format: 'cjs',
      target: 'node20',
      sourcemap: 'inline',
      sourcefile: filename,
    });
    return { code: result.code };
  },
  getCacheKey(source, filename) {
    return require('node:crypto').createHash('sha256').update(`esbuild-1\0${filename}\0${source}`).digest('hex');
  },
};

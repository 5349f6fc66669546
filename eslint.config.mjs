// ESLint flat config: @eslint/js and typescript-eslint recommended, type-aware (`npm run lint`; rules and why: CONTRIBUTING.md).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    // Built, installed or generated (imports/ and the instance types by `npm run import`, checked by `npm run check:imports`),
    // and upstream copies (crds/, tools/*/upstream/). The rest of tools/ is Go.
    ignores: [
      'lib/',
      'dist/',
      'coverage/',
      '**/node_modules/',
      'imports/',
      'src/spec/instance-types.data.ts',
      'crds/',
      'tools/',
      'examples/cdk8s/dist/',
      'examples/cdk8s/cdk8s.out/',
      '.testbin/',
    ],
  },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // Off: the `any` here is what cdk8s import generates (`toJson_*` return `any`) and parsed YAML or JSON; flagging every
      // use of it (about 1,300 places, almost all in tests) would mean casts everywhere and catch nothing.
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // Off: async callbacks without `await` are what the APIs take (Pulumi programs, `eventually`); dropping `async`
      // would turn a rejected promise into a synchronous throw.
      '@typescript-eslint/require-await': 'off',
      // The generated value classes' static `fromString` are passed as functions; they do not use `this`.
      '@typescript-eslint/unbound-method': ['error', { ignoreStatic: true }],
      // `interface Props extends Options {}` names a public props type.
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
      // Leaving out fields by destructuring (`const { uid, ...rest } = metadata`) is deliberate.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true, argsIgnorePattern: '^_' }],
    },
  },
  {
    // Tests reach into parsed objects, mocks and API responses with `any` deliberately.
    files: ['test/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Plain JavaScript (CommonJS scripts and configuration) and the consumer fixtures (projects that import the
    // packed tarball, which is not installed here): linted without type information.
    files: ['**/*.js', '**/*.mjs', 'test/consumer/fixtures/**'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { globals: globals.node },
  },
);

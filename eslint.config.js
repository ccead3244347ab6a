// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The layers of DESIGN.md, bottom to top. A file may import its own layer and the layers
 * below it, never above: this rule, not good intentions, keeps the core free of I/O.
 */
const LAYERS = [
  { dirs: ['net'], may: [] },
  { dirs: ['model'], may: ['net'] },
  { dirs: ['store'], may: ['net', 'model'] },
  { dirs: ['control', 'dataplane'], may: ['net', 'model'] },
  { dirs: ['analysis', 'ipam', 'flowlogs', 'cost'], may: ['net', 'model', 'dataplane'] },
  { dirs: ['topology', 'importer'], may: ['net', 'model', 'store', 'control'] },
];
const ALL = [
  'net',
  'model',
  'store',
  'control',
  'dataplane',
  'analysis',
  'ipam',
  'dns',
  'flowlogs',
  'cost',
  'topology',
  'importer',
  'api',
  'cli',
  'web',
];

const layerRules = LAYERS.flatMap(({ dirs, may }) => {
  const forbidden = ALL.filter((d) => !dirs.includes(d) && !may.includes(d));
  return dirs.map((dir) => ({
    files: [`src/${dir}/**/*.ts`],
    ignores: [`src/${dir}/**/*.test.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: forbidden.map((f) => ({
            group: [`**/${f}/**`, `../${f}/**`, `../../${f}/**`],
            message: `src/${dir} must not import src/${f}: layers point one way (DESIGN.md).`,
          })),
        },
      ],
    },
  }));
});

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/ban-ts-comment': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true },
      ],
    },
  },
  {
    files: ['**/*.test.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
  {
    files: ['bin/**/*.js', 'src/**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  ...layerRules,
);

import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'build/', 'dist/', 'data/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly', URL: 'readonly', fetch: 'readonly', performance: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', Buffer: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': 'off',
    },
  },
  {
    files: ['public/**/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: { window: 'readonly', document: 'readonly', fetch: 'readonly', setTimeout: 'readonly', encodeURIComponent: 'readonly', URLSearchParams: 'readonly', console: 'readonly' },
    },
  },
  {
    // The domain never knows Teams, HTTP or the process: keep botbuilder and restify at the edge.
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['botbuilder', 'botbuilder-*', 'botframework-*', 'restify', 'restify-*'], message: 'src/domain mag botbuilder en restify niet importeren.' },
            { group: ['node:process', 'process'], message: 'src/domain gebruikt geen process; geef waarden mee.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'process', message: 'src/domain gebruikt geen process; geef waarden mee.' }],
    },
  },
);

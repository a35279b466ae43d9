// ESLint flat config: typescript-eslint's recommended rules, plus the few type-aware rules that catch real bugs in a
// Fastify service (a promise nobody awaits, an async function where a callback is expected). Formatting is Prettier's.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  globalIgnores(['dist/', 'node_modules/', 'data/', 'coverage/', 'fixtures/', 'bench/results.json', 'web/src/api/schema.d.ts']),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      globals: globals.node,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'separate-type-imports' }],
      // `_name` marks a value taken apart on purpose (e.g. a field left out of an API answer).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    // The dashboard runs in the browser (its own tsconfig, web/tsconfig.json); only its build config runs in Node.
    files: ['web/src/**/*.ts', 'web/src/**/*.tsx'],
    languageOptions: { globals: globals.browser },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: globals.node },
  },
  {
    // Prettier keeps code within 140 columns; this also holds comments, strings and regular expressions to it.
    rules: { 'max-len': ['error', { code: 140, tabWidth: 2, ignoreUrls: true }] },
  },
);

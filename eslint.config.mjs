// Lint: typescript-eslint with type information over src/, test/, scripts/ and bench/ (floating
// and misused promises, unused code, type-only imports, assertions that change nothing), plain
// recommended rules for the build scripts (.mjs). The layering rules (src/engine has no I/O, only
// src/extension imports vscode) are scripts/check-imports.mjs; formatting is Prettier's.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'out/**',
      'out-*/**',
      'dist-*/**',
      'node_modules/**',
      '.vscode-test/**',
      '.cache/**',
      'reports/**',
      '.stryker-tmp/**',
      'media/**',
      'bench-results/**',
      'test-results/**',
      'demo/**',
      'examples/**',
      'test/fixtures/**',
    ],
  },
  js.configs.recommended,
  {
    files: ['**/*.ts'],
    extends: [...tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // `import('x').T` annotations stay: they name types of modules required lazily (the hook's start-up).
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Lazy loading is how the hook keeps its start-up small (engine/policy.ts, facts, the packs).
      '@typescript-eslint/no-require-imports': 'off',
      // An async function without await still turns a throw into a rejection, which the callers of
      // an interface that returns promises (bridge handlers, command handlers) rely on.
      '@typescript-eslint/require-await': 'off',
      // A `let` a closure reads before its one assignment (core.ts: the status bar made after the gate that updates it).
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    // Tests read JSON they wrote (fixtures, audit lines, agent answers): `any` there is checked by the assertions.
    files: ['test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { globals: { ...globals.node } },
  },
);

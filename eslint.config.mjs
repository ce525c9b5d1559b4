// Type-aware lint: floating promises and exhaustive switches are errors, import cycles are forbidden.
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'bench/node_modules/**',
      '.data/**',
      'bin/**',
      'coverage/**',
      '*.js',
      '*.mjs',
    ],
  },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
      // Without these two, import-x parses only .js files for its dependency graph: no-cycle silently
      // never followed an import between .ts files (a two-file cycle passed lint).
      'import-x/extensions': ['.ts', '.cjs', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: false },
      ],
      'import-x/no-cycle': ['error', { maxDepth: 10, ignoreExternal: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/restrict-template-expressions': 'off',
    },
  },
  {
    // DESIGN.md's layering, checked: each zone says which folders a folder must never import from.
    files: ['**/*.ts'],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './core',
              from: [
                './stores',
                './subgraphs',
                './sync',
                './migration',
                './gateway',
                './cli',
                './uh-simulator',
              ],
              message:
                'core/ is the bottom layer: config, logging, runtime file; it imports no project layer.',
            },
            {
              target: './stores',
              from: ['./subgraphs', './sync', './migration', './gateway', './cli', './uh-simulator'],
              except: [],
              message:
                "stores/ sit under everything that uses them; they import only core/ and each other's model.",
            },
            {
              target: './stores/uh',
              from: './stores/cloud',
              message:
                'one store never reaches into the other: stores/uh and stores/cloud share only stores/model.',
            },
            {
              target: './stores/cloud',
              from: './stores/uh',
              message:
                'one store never reaches into the other: stores/uh and stores/cloud share only stores/model.',
            },
            {
              target: './stores/model',
              from: ['./stores/uh', './stores/cloud'],
              message: 'stores/model is what both stores share: it imports neither.',
            },
            {
              target: './subgraphs/common',
              from: ['./subgraphs/legacy', './subgraphs/cloud'],
              message: 'subgraphs/common is shared by both subgraphs and imports neither.',
            },
            {
              target: './subgraphs/legacy',
              from: ['./subgraphs/cloud', './stores/cloud'],
              message: 'the legacy subgraph serves UH only (stores/uh).',
            },
            {
              target: './subgraphs/cloud',
              from: ['./subgraphs/legacy', './stores/uh'],
              message: 'the cloud subgraph serves the cloud store only (stores/cloud).',
            },
            {
              target: ['./sync', './migration'],
              from: ['./subgraphs', './gateway', './cli'],
              message:
                'sync and migration use the stores, never the subgraphs (nor GraphQL) or the entry points.',
            },
            {
              target: './migration',
              from: './sync',
              message: 'migration reads sync state through stores/cloud, never sync/ internals.',
            },
            {
              target: './gateway',
              from: ['./subgraphs', './stores', './sync', './cli', './uh-simulator'],
              message:
                'the gateway sees subgraphs only as SDL and URLs; its phase reads go through migration/.',
            },
            {
              target: './uh-simulator',
              from: ['./stores', './subgraphs', './sync', './migration', './gateway', './cli'],
              message: 'the UH simulator stands in for SQL Server: it knows nothing of its clients.',
            },
          ],
        },
      ],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'mssql', message: 'only stores/uh talks to UH (the simulator and tests excepted).' },
            { name: 'tedious', message: 'only stores/uh talks to UH (the simulator and tests excepted).' },
            { name: 'pg', message: 'only stores/cloud talks to PostgreSQL (tests excepted).' },
            { name: 'better-sqlite3', message: "only the UH simulator's engine uses SQLite." },
          ],
        },
      ],
    },
  },
  {
    files: ['stores/uh/**/*.ts', 'uh-simulator/seed/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'pg', message: 'only stores/cloud talks to PostgreSQL.' },
            { name: 'better-sqlite3', message: "only the UH simulator's engine uses SQLite." },
          ],
        },
      ],
    },
  },
  {
    files: ['stores/cloud/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'mssql', message: 'only stores/uh talks to UH.' },
            { name: 'tedious', message: 'only stores/uh talks to UH.' },
            { name: 'better-sqlite3', message: "only the UH simulator's engine uses SQLite." },
          ],
        },
      ],
    },
  },
  {
    files: ['uh-simulator/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'mssql', message: 'the engine is the server side; mssql is a client.' },
            { name: 'pg', message: 'only stores/cloud talks to PostgreSQL.' },
          ],
        },
      ],
    },
  },
  {
    // Tests read GraphQL responses as untyped JSON.
    // Tests and benches drive the stores and servers from outside: they may use the drivers directly.
    files: ['**/*.test.ts', 'test/**/*.ts', '**/test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      'no-restricted-imports': 'off',
    },
  },
);

// `npm run test:mutation`: StrykerJS over the code that decides — the engine's scoring, the policy
// (reading, matching), the one decision path, and the hook's answer mapping (each agent's allow /
// ask / deny) — against the in-process tests that hold them (not in CI, not in `npm test`).
// Stryker copies the project into .stryker-tmp/, writes every mutant into the sources there at
// once (switched on one at a time at run time), compiles them once with the tests' build, and runs
// each mutant against only the tests that reached it, in the worker process
// (scripts/mutation/mocha-runner.mjs: our mocha 12 on Node 20). Incremental: a second run only
// re-tests mutants whose code or tests changed (reports/mutation/incremental.json).
// The score and the survivors judged equivalent are in the README ("Mutation testing").

/** The answer mapping of each agent, by line range: parsing is another concern, tested elsewhere. */
const ANSWERS = [
  'src/cli/agents/claude-format.ts:33-85',
  'src/cli/agents/cursor.ts:32-46',
  'src/cli/agents/gemini.ts:27-38',
  'src/cli/agents/copilot.ts:29-42',
  'src/cli/agents/cline.ts:30-39',
  'src/cli/agents/kiro.ts:20-28',
  'src/cli/agents/windsurf.ts:41-49',
  'src/cli/agents/types.ts:62-70',
  // The wording of a decision without an editor (verdictOf), and of a broken policy.
  'src/cli/hook-local.ts:54-117',
  'src/cli/verdicts.ts',
];

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  plugins: ['./scripts/mutation/mocha-runner.mjs'],
  testRunner: 'br-mocha',
  coverageAnalysis: 'perTest',
  mutate: [
    // The one decision path and its shared I/O half.
    'src/engine/decision.ts',
    'src/decision/*.ts',
    // Policy: the light JSONC reader, locating and reading, parsing and resolving, matching.
    'src/engine/jsonc.ts',
    'src/facts/policy-locate.ts',
    'src/facts/policy-file.ts',
    'src/engine/policy.ts',
    'src/engine/policy-match.ts',
    // Scoring: level, class, reversibility, score bands, requirement, summary.
    'src/engine/assess.ts',
    ...ANSWERS,
  ],
  // The tests' build (file by file into out/), once, on the instrumented sources.
  buildCommand: 'node esbuild.config.mjs --tests',
  brMocha: {
    require: ['out/test/setup.js'],
    spec: [
      'out/test/unit/engine/decision.test.js',
      'out/test/unit/engine/jsonc.test.js',
      'out/test/unit/engine/policy.test.js',
      'out/test/unit/engine/policy-text.test.js',
      'out/test/unit/engine/policy-match.test.js',
      'out/test/unit/engine/scoring.test.js',
      'out/test/unit/engine/score.test.js',
      'out/test/unit/engine/task-scope.test.js',
      'out/test/unit/decision/call.test.js',
      'out/test/unit/facts/policy-file.test.js',
      'out/test/unit/hooks/answers.test.js',
      'out/test/unit/packs/team.test.js',
    ],
  },
  ignorePatterns: ['out', 'dist', '.vscode-test', 'test-results', 'bench-results', 'reports', 'docs', 'media', 'demo', '*.vsix', '.cache'],
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
  concurrency: 2,
  timeoutMS: 10000,
  incremental: true,
  incrementalFile: 'reports/mutation/incremental.json',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, maxTestsToLog: 0 },
  thresholds: { high: 90, low: 85, break: 85 },
};

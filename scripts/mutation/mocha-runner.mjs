// A StrykerJS test runner that runs the project's mocha (12) in the worker process, for
// `npm run test:mutation` (stryker.config.mjs). Why our own: @stryker-mutator/mocha-runner 9.x
// requires mocha < 12 (it loads mocha's lib/cli/*.js, which mocha 12 ships as .cjs), and 10.x needs
// Node 22, while this project runs on Node 20 with mocha 12.
//
// What it does, as Stryker's test runner contract (@stryker-mutator/api) asks: the dry run runs
// every spec file once and reports each test, with the mutants each test reached ("perTest"
// coverage: the instrumented code counts hits under `__stryker__.currentTestId`, which a root hook
// sets to the test's full title); a mutant run activates one mutant (`__stryker__.activeMutant`,
// and __STRYKER_ACTIVE_MUTANT__ for any child process) and runs only the tests that reached it,
// stopping at the first failure. A static mutant (reached while modules load) reloads the
// compiled sources under out/ with the mutant active.
// What it does not do: collect coverage from child processes (a mutant reached only there counts as
// not covered), or run tests in parallel (Stryker runs several workers instead).
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import Mocha from 'mocha';
import { commonTokens, declareClassPlugin, PluginKind, tokens } from '@stryker-mutator/api/plugin';
import { DryRunStatus, MutantRunStatus, TestStatus } from '@stryker-mutator/api/test-runner';

const require = createRequire(import.meta.url);

/** Stryker's namespace object on globalThis (the instrumented code reads and writes it). */
const ns = () => (globalThis.__stryker__ ??= {});

/** A reporter that reports nothing (results are read from the runner's events). */
class Silent extends Mocha.reporters.Base {}

export class InProcessMochaRunner {
  static inject = tokens(commonTokens.logger, commonTokens.options);

  constructor(log, options) {
    this.log = log;
    const o = options.brMocha ?? {};
    this.spec = (o.spec ?? []).map((f) => resolve(f));
    this.setup = (o.require ?? []).map((f) => resolve(f));
    this.timeout = o.timeout ?? 20000;
    this.loaded = false;
  }

  capabilities() {
    return { reloadEnvironment: true };
  }

  async init() {
    // The test setup (isolated HOME and temp folders for every test, out/test/setup.js) runs once
    // per worker; its afterAll (remove them, check the user's state) runs at dispose.
    this.hooks = this.setup.map((f) => require(f).mochaHooks).filter(Boolean);
  }

  async dispose() {
    for (const h of this.hooks ?? []) await h.afterAll?.call({});
  }

  /** Forgets the compiled sources and tests, so the next run loads them again. */
  reload() {
    const out = join(process.cwd(), 'out') + '/';
    for (const key of Object.keys(require.cache)) if (key.startsWith(out)) delete require.cache[key];
  }

  /** One mocha run over the spec files; `only`: the full titles to run (others are skipped). */
  async run({ only, bail, beforeLoad, afterLoad }) {
    const mocha = new Mocha({ reporter: Silent, timeout: this.timeout, bail, color: false });
    mocha.cleanReferencesAfterRun(true);
    for (const f of this.spec) mocha.addFile(f);
    const filter = only ? new Set(only) : undefined;
    mocha.rootHooks({
      beforeEach: [
        function () {
          const title = this.currentTest.fullTitle();
          if (filter && !filter.has(title)) this.skip();
          ns().currentTestId = title;
        },
      ],
      afterEach: [
        function () {
          ns().currentTestId = undefined;
        },
      ],
    });
    mocha.unloadFiles();
    beforeLoad?.();
    await mocha.loadFilesAsync();
    afterLoad?.();
    const tests = [];
    await new Promise((done) => {
      const runner = mocha.run(() => done());
      runner.on('pass', (t) =>
        tests.push({ id: t.fullTitle(), name: t.fullTitle(), timeSpentMs: t.duration ?? 0, status: TestStatus.Success, fileName: t.file }),
      );
      runner.on('fail', (t, err) =>
        tests.push({
          id: t.fullTitle(),
          name: t.fullTitle(),
          timeSpentMs: t.duration ?? 0,
          status: TestStatus.Failed,
          failureMessage: String(err?.message ?? err),
          fileName: t.file,
        }),
      );
    });
    return tests;
  }

  async dryRun(options) {
    try {
      ns().mutantCoverage = { static: {}, perTest: {} };
      ns().activeMutant = undefined;
      this.reload();
      const tests = await this.run({ bail: false });
      const failed = tests.filter((t) => t.status === TestStatus.Failed);
      if (failed.length)
        return {
          status: DryRunStatus.Error,
          errorMessage: `the tests fail without any mutant: ${failed.map((t) => `${t.name}: ${t.failureMessage}`).join('\n')}`,
        };
      return { status: DryRunStatus.Complete, tests, ...(options.coverageAnalysis === 'off' ? {} : { mutantCoverage: ns().mutantCoverage }) };
    } catch (err) {
      return { status: DryRunStatus.Error, errorMessage: err?.stack ?? String(err) };
    }
  }

  async mutantRun(options) {
    const id = options.activeMutant.id;
    const activate = () => {
      ns().activeMutant = id;
      process.env.__STRYKER_ACTIVE_MUTANT__ = id;
      if (options.hitLimit !== undefined) {
        ns().hitCount = 0;
        ns().hitLimit = options.hitLimit;
      }
    };
    try {
      if (options.reloadEnvironment) this.reload();
      const isStatic = options.mutantActivation === 'static';
      const tests = await this.run({
        only: options.testFilter,
        bail: !options.disableBail,
        // A static mutant is active while the modules load; a runtime one only once they are loaded.
        beforeLoad: isStatic ? activate : undefined,
        afterLoad: isStatic ? undefined : activate,
      });
      // Past the hit limit the mutant looped (the instrumented code throws): a timeout, not a kill.
      if (ns().hitLimit !== undefined && ns().hitCount > ns().hitLimit)
        return { status: MutantRunStatus.Timeout, reason: `hit limit reached (${ns().hitCount}/${ns().hitLimit})` };
      const failed = tests.filter((t) => t.status === TestStatus.Failed);
      if (failed.length)
        return { status: MutantRunStatus.Killed, killedBy: failed.map((t) => t.id), failureMessage: failed[0].failureMessage, nrOfTests: tests.length };
      return { status: MutantRunStatus.Survived, nrOfTests: tests.length };
    } catch (err) {
      return { status: MutantRunStatus.Error, errorMessage: err?.stack ?? String(err) };
    } finally {
      ns().activeMutant = undefined;
      ns().hitCount = undefined;
      ns().hitLimit = undefined;
      delete process.env.__STRYKER_ACTIVE_MUTANT__;
    }
  }
}

export const strykerPlugins = [declareClassPlugin(PluginKind.TestRunner, 'br-mocha', InProcessMochaRunner)];

export const strykerValidationSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  properties: {
    brMocha: {
      type: 'object',
      description: 'The in-process mocha runner (scripts/mutation/mocha-runner.mjs).',
      properties: {
        spec: { type: 'array', items: { type: 'string' }, description: 'Compiled test files to run.' },
        require: { type: 'array', items: { type: 'string' }, description: 'Setup files loaded once per worker (their mochaHooks.afterAll runs at dispose).' },
        timeout: { type: 'number', description: 'Mocha timeout per test, ms.' },
      },
      additionalProperties: false,
    },
  },
};

// The time and size budget every probe shares: one overall deadline (a probe that has not finished
// by then says `unknown`) and a cap on directory entries visited across all walks. Walks stop on
// the entry cap, not on the clock, so the same tree gives the same "at least N" on every run and
// in every caller (CLI, hook, editor); their clock is only a safety stop for a stalled file system.

/** Milliseconds on a monotonic clock (process.hrtime: no module to load on the hook's path). */
const now = (): number => Number(process.hrtime.bigint()) / 1e6;

/** Total time for all probes of one action, in milliseconds. */
export const DEFAULT_BUDGET_MS = 150;
/** Directory entries visited across all walks of one action (about 0.1 s on a warm disk). */
export const DEFAULT_MAX_ENTRIES = 20_000;
/** A walk that has not reached its entry cap by then stops anyway (a hung network mount). */
export const WALK_SAFETY_MS = 2_000;
/** Largest plan JSON read next to a planfile. */
export const DEFAULT_MAX_PLAN_BYTES = 32 * 1024 * 1024;
/** Largest config file (kubeconfig, AWS config, Terraform state header) read. */
export const MAX_CONFIG_BYTES = 4 * 1024 * 1024;

export class Budget {
  readonly started = now();
  readonly deadline: number;
  entries = 0;

  constructor(
    readonly ms: number,
    readonly maxEntries: number,
  ) {
    this.deadline = this.started + ms;
  }

  remaining(): number {
    return Math.max(0, this.deadline - now());
  }

  expired(): boolean {
    return now() >= this.deadline;
  }

  /** Counts one visited entry; false once the size budget is spent. */
  take(n = 1): boolean {
    this.entries += n;
    return this.entries <= this.maxEntries;
  }

  elapsed(): number {
    return now() - this.started;
  }

  /**
   * `p`, or `fallback` once the deadline has passed (plus a small grace for a process that was
   * just killed to report it): a slow child never holds the answer past the budget.
   */
  within<T>(p: Promise<T>, fallback: T, graceMs = 5): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<T>((resolve) => {
      timer = setTimeout(() => resolve(fallback), this.remaining() + graceMs);
    });
    return Promise.race([p, late]).finally(() => clearTimeout(timer));
  }
}

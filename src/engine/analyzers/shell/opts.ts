// A small getopt for analysis: flags, options with values (`-n x`, `-nx`, `--name=x`, `--name x`),
// combined short flags (`-rf`), and `--`. It never fails; unknown options count as flags.
import type { Arg } from './types';

export interface Parsed {
  flags: Set<string>;
  values: Map<string, string[]>;
  pos: Arg[];
  /** Positional arguments that came after `--`. */
  afterDashDash: boolean;
  has(...names: string[]): boolean;
  get(...names: string[]): string | undefined;
  all(...names: string[]): string[];
}

/**
 * `withValue` lists options that take a value (`-n`, `--namespace`). Long options may be given as
 * unique prefixes of the names in `longFlags` (git and GNU tools accept `--forc` for `--force`).
 * With `stopAtFirstPositional`, everything from the first positional on is positional.
 */
export function parseOpts(args: Arg[], withValue: readonly string[] = [], stopAtFirstPositional = false, singleDashLong = false): Parsed {
  const flags = new Set<string>();
  const values = new Map<string, string[]>();
  const pos: Arg[] = [];
  const takes = new Set(withValue);
  let afterDashDash = false;
  let stopped = false;
  const put = (k: string, v: string): void => {
    const list = values.get(k) ?? [];
    list.push(v);
    values.set(k, list);
    flags.add(k);
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const v = a.value;
    if (stopped || v === undefined || v === '-' || !v.startsWith('-')) {
      pos.push(a);
      if (stopAtFirstPositional) stopped = true;
      continue;
    }
    if (v === '--') {
      stopped = true;
      afterDashDash = true;
      continue;
    }
    if (v.startsWith('--')) {
      const eq = v.indexOf('=');
      if (eq > 0) put(v.slice(0, eq), v.slice(eq + 1));
      else if (takes.has(v) && i + 1 < args.length) put(v, args[++i]!.value ?? args[i]!.shape);
      else flags.add(v);
      continue;
    }
    // Single-dash long options (terraform's -auto-approve, -target=x; find's -name).
    const eq1 = v.indexOf('=');
    if (eq1 > 0 && takes.has(v.slice(0, eq1))) {
      put(v.slice(0, eq1), v.slice(eq1 + 1));
      continue;
    }
    if (v.length > 2 && takes.has(v) && i + 1 < args.length) {
      put(v, args[++i]!.value ?? args[i]!.shape);
      continue;
    }
    if (singleDashLong && v.length > 2) {
      if (eq1 > 0) put(v.slice(0, eq1), v.slice(eq1 + 1));
      else flags.add(v);
      continue;
    }
    // Short options, possibly combined: -rf, -n5, -nfoo
    for (let j = 1; j < v.length; j++) {
      const o = '-' + v.charAt(j);
      if (takes.has(o)) {
        const rest = v.slice(j + 1);
        if (rest) put(o, rest.replace(/^=/, ''));
        else if (i + 1 < args.length) put(o, args[++i]!.value ?? args[i]!.shape);
        else flags.add(o);
        break;
      }
      flags.add(o);
    }
  }
  return {
    flags,
    values,
    pos,
    afterDashDash,
    has: (...names) => names.some((n) => flags.has(n)),
    get: (...names) => {
      for (const n of names) {
        const l = values.get(n);
        if (l && l.length) return l[l.length - 1];
      }
      return undefined;
    },
    all: (...names) => names.flatMap((n) => values.get(n) ?? []),
  };
}

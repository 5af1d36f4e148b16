// One effect: what an action does to one path. Every analyzer that writes, deletes, moves, links
// or changes the mode of a file reports effects, and one judge (judge.ts) turns them into findings
// against one set of tables, so the same effect gets the same level whichever route it takes.
import type { ActionClass, Level, Reversibility, Target } from '../schema';

export type EffectOp =
  | 'create'
  | 'overwrite'
  | 'append'
  | 'truncate'
  /** Changed in place (an edit, `sed -i`), content known or not. */
  | 'modify'
  | 'delete'
  /** The source of a move: it leaves its place (a delete there, unless it is only renamed). */
  | 'move-away'
  /** The destination of a move or copy: whatever was there is replaced. */
  | 'move-over'
  /** A symbolic or hard link made at this path (replacing what was there with -f). */
  | 'link'
  | 'chmod'
  | 'chown';

export interface Effect {
  op: EffectOp;
  /** The path as written, as a shape: `${HOME}`, `$(…)` stand for values only known at run time. */
  path: string;
  /** The route, for messages: `rm -rf`, `>`, `sed -i`, `Write`, `python open(…, 'w')`. */
  how: string;
  recursive?: boolean;
  /** The path has unquoted glob characters. */
  glob?: boolean;
  force?: boolean;
  noPreserve?: boolean;
  /** Deletion by pattern under the path (find -delete); `filtered`: only matching files go. */
  find?: boolean;
  filtered?: boolean;
  /** The whole new content, when the route says it (a file tool, a static heredoc or echo). */
  content?: string;
  /** The previous content, when known (a file tool that read the file). */
  before?: string;
  /** Changed lines, when only a diff is known. */
  added?: string[];
  removed?: string[];
  context?: string[];
  /** The file does not exist yet (known from facts or the tool). */
  isNew?: boolean;
  /** For a move: the other end (destination of move-away, source of move-over). */
  other?: string;
}

/** A finding as the judge and the packs state it; the caller adds the evidence. */
export interface FindingSpec {
  rule: string;
  level: Level;
  message: string;
  cls: ActionClass;
  rev: Reversibility;
  targets?: Target[];
}

/** Ops that change a file's bytes or its place (everything but mode and owner). */
export const WRITE_OPS = new Set<EffectOp>(['create', 'overwrite', 'append', 'truncate', 'modify', 'move-over', 'link']);

export function targetOpOf(op: EffectOp): NonNullable<Target['op']> {
  switch (op) {
    case 'create':
      return 'create';
    case 'delete':
      return 'delete';
    case 'move-away':
      return 'move';
    case 'overwrite':
    case 'truncate':
    case 'move-over':
    case 'link':
      return 'overwrite';
    default:
      return 'modify';
  }
}

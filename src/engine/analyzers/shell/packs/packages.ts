// Package managers and registries: unpublishing a package is irreversible for everyone who
// depends on it. Scripts run through them are followed by the scripts pack.
import { parseOpts } from '../opts';
import { type Arg, type Invocation, type Sink, argText, ev, staticArg } from '../types';
import { type Handler, type Pack, again, f, names, runJoined } from './kit';

const npm: Handler = (inv, s, rest, name) => {
  const vals = rest.map((a) => a.value);
  s.mutates();
  if (vals[0] === 'unpublish') s.add(inv, f('shell.npm-unpublish', 'high', `Unpublishes ${vals.slice(1).filter((v) => v && !v.startsWith('-')).join(' ') || 'the package'} from the registry`, 'destructive', 'irreversible'));
  return;
};

export const PACKAGES: Pack = {
  family: 'packages',
  covers: 'npm / pnpm / yarn: unpublishing from the registry.',
  commands: { npm, pnpm: npm, yarn: npm },
  rules: [],
};

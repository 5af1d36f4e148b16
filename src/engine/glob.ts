// Minimal glob matching for policy patterns: `*` (within a segment), `**` (across segments),
// `?`, and literal text. Case-insensitive for names; paths compare with forward slashes.
const cache = new Map<string, RegExp>();

export function globToRegExp(glob: string): RegExp {
  let re = cache.get(glob);
  if (re) return re;
  let src = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        // `**/` matches zero or more whole segments; a bare `**` matches anything.
        if (glob[i + 2] === '/') {
          src += '(?:.*/)?';
          i += 2;
        } else {
          src += '.*';
          i += 1;
        }
      } else src += '[^/]*';
    } else if (c === '?') src += '[^/]';
    else src += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  re = new RegExp(`^${src}$`, 'i');
  cache.set(glob, re);
  return re;
}

export function globMatch(glob: string, text: string): boolean {
  return globToRegExp(glob).test(text.replace(/\\/g, '/'));
}

/** True when the path or any path suffix (so `secrets/**` matches `/repo/secrets/a`) matches. */
export function pathGlobMatch(glob: string, path: string): boolean {
  const p = path.replace(/\\/g, '/');
  if (globMatch(glob, p)) return true;
  if (glob.startsWith('/')) return false;
  const parts = p.split('/');
  for (let i = 1; i < parts.length; i++) if (globMatch(glob, parts.slice(i).join('/'))) return true;
  return false;
}

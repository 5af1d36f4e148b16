// Reads patch text into one record per file: unified diffs (plain `---`/`+++`, `git diff` with its
// extended headers: new/deleted file mode, renames, binary) and the Codex `apply_patch` envelope
// (`*** Begin Patch` / `*** Update File:` / `*** Add File:` / `*** Delete File:` / `*** Move to:`).
// Lenient on purpose: agents hand-write patches with wrong hunk counts or bare `@@` lines, so a
// hunk runs until the next header rather than trusting its counts. Never throws. Does not read
// combined (`diff --cc`) merges or context-format (`***`/`---` with `!`) diffs beyond counting.

export interface FilePatch {
  /** The path after the change (the old path for a delete). */
  path: string;
  /** Where a rename or move came from. */
  fromPath?: string;
  op: 'create' | 'modify' | 'delete' | 'move';
  added: string[];
  removed: string[];
  hunks: number;
  binary: boolean;
  /** A hunk that removes the whole file and adds nothing (`@@ -1,N +0,0 @@`). */
  emptied: boolean;
  /** Unchanged lines shown around the changes (bounded): settings keys often sit there. */
  context: string[];
}

const stripPrefix = (name: string): string => {
  let n = name.replace(/\t.*$/, '').trim();
  if (n.startsWith('"') && n.endsWith('"') && n.length > 1) n = n.slice(1, -1);
  return n === '/dev/null' ? n : n.replace(/^[ab]\//, '');
};

export function isApplyPatch(text: string): boolean {
  return /^\s*\*\*\* (?:Begin Patch|Update File:|Add File:|Delete File:)/m.test(text);
}

/** Both formats; the apply_patch envelope when it is there, unified otherwise. */
export function parsePatchText(text: string): FilePatch[] {
  return isApplyPatch(text) ? parseApplyPatch(text) : parseUnified(text);
}

function newPatch(path: string, op: FilePatch['op']): FilePatch {
  return { path, op, added: [], removed: [], hunks: 0, binary: false, emptied: false, context: [] };
}

export function parseApplyPatch(text: string): FilePatch[] {
  const out: FilePatch[] = [];
  let cur: FilePatch | undefined;
  let inHunk = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw;
    const header = /^\*\*\* (Update File|Add File|Delete File|Move to): (.+)$/.exec(line.trim());
    if (header) {
      const [, what, name] = header;
      const path = name!.trim();
      if (what === 'Move to') {
        if (cur) {
          cur.fromPath = cur.path;
          cur.path = path;
          cur.op = 'move';
        }
        continue;
      }
      cur = newPatch(path, what === 'Add File' ? 'create' : what === 'Delete File' ? 'delete' : 'modify');
      out.push(cur);
      inHunk = what === 'Add File';
      if (inHunk) cur.hunks = 1;
      continue;
    }
    if (/^\*\*\* (?:Begin Patch|End Patch|End of File)\s*$/.test(line.trim())) continue;
    if (!cur) continue;
    if (line.startsWith('@@')) {
      cur.hunks++;
      inHunk = true;
      if (cur.context.length < 200) cur.context.push(line.slice(2).trim());
      continue;
    }
    if (line.startsWith(' ') && cur.context.length < 200) cur.context.push(line.slice(1));
    if (line.startsWith('+')) {
      if (!inHunk) {
        cur.hunks++;
        inHunk = true;
      }
      cur.added.push(line.slice(1));
    } else if (line.startsWith('-')) {
      if (!inHunk) {
        cur.hunks++;
        inHunk = true;
      }
      cur.removed.push(line.slice(1));
    }
  }
  return out;
}

export function parseUnified(text: string): FilePatch[] {
  const out: FilePatch[] = [];
  const lines = text.split(/\r?\n/);
  let cur: FilePatch | undefined;
  /** Started by `diff --git`: the `---`/`+++` that follow name this same file. */
  let gitHeader = false;
  let inHunk = false;
  let oldLeft = 0;
  let newLeft = 0;
  let counted = false;
  let hunkOld = { start: 0, lines: 0 };
  let hunkNew = { start: 0, lines: 0 };

  const endHunk = (): void => {
    if (cur && inHunk && hunkOld.start <= 1 && hunkOld.lines > 0 && hunkNew.lines === 0 && cur.added.length === 0 && cur.op === 'modify') {
      cur.emptied = true;
    }
    inHunk = false;
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (inHunk) {
      const c = line[0];
      const body = line.slice(1);
      if (counted && oldLeft <= 0 && newLeft <= 0 && c !== '\\') {
        endHunk();
      } else if (c === '+' && !(line.startsWith('+++ ') && !counted && lines[i - 1]?.startsWith('--- '))) {
        cur!.added.push(body);
        newLeft--;
        continue;
      } else if (c === '-' && !(line.startsWith('--- ') && !counted && lines[i + 1]?.startsWith('+++ '))) {
        cur!.removed.push(body);
        oldLeft--;
        continue;
      } else if (c === ' ' || (line === '' && counted && (oldLeft > 0 || newLeft > 0))) {
        if (cur!.context.length < 200) cur!.context.push(body);
        oldLeft--;
        newLeft--;
        continue;
      } else if (c === '\\') {
        continue;
      } else {
        endHunk();
      }
    }

    let m: RegExpExecArray | null;
    if ((m = /^diff --git (?:"?a\/)?(.+?)"? (?:"?b\/)?(\S.*?)"?$/.exec(line))) {
      cur = newPatch(m[2]!, 'modify');
      if (m[1] !== m[2]) cur.fromPath = m[1]!;
      out.push(cur);
      gitHeader = true;
      continue;
    }
    if (/^diff (?:-\S+ )*\S/.test(line) && !line.startsWith('diff --git')) {
      gitHeader = false;
      continue;
    }
    if (cur && gitHeader) {
      if (/^new file mode/.test(line)) {
        cur.op = 'create';
        continue;
      }
      if (/^deleted file mode/.test(line)) {
        cur.op = 'delete';
        continue;
      }
      if ((m = /^rename from (.+)$/.exec(line)) || (m = /^copy from (.+)$/.exec(line))) {
        cur.fromPath = m[1]!.trim();
        if (cur.op === 'modify') cur.op = 'move';
        continue;
      }
      if ((m = /^rename to (.+)$/.exec(line)) || (m = /^copy to (.+)$/.exec(line))) {
        cur.path = m[1]!.trim();
        continue;
      }
      if (/^(?:Binary files .* differ|GIT binary patch)/.test(line)) {
        cur.binary = true;
        continue;
      }
    }
    if (line.startsWith('--- ') && lines[i + 1]?.startsWith('+++ ')) {
      const oldName = stripPrefix(line.slice(4));
      const newName = stripPrefix(lines[i + 1]!.slice(4));
      i++;
      const op: FilePatch['op'] = oldName === '/dev/null' ? 'create' : newName === '/dev/null' ? 'delete' : 'modify';
      const path = op === 'delete' ? oldName : newName;
      if (cur && gitHeader && cur.hunks === 0) {
        // Same file the `diff --git` line named; the ---/+++ pair is authoritative on names.
        cur.path = path;
        if (op !== 'modify') cur.op = op;
        else if (oldName !== newName && !cur.fromPath) {
          cur.fromPath = oldName;
          cur.op = 'move';
        }
      } else {
        cur = newPatch(path, op);
        if (op === 'modify' && oldName !== newName) cur.fromPath = oldName;
        out.push(cur);
      }
      gitHeader = false;
      continue;
    }
    if (line.startsWith('@@')) {
      if (!cur) {
        // A bare hunk with no file header: the caller names the file.
        cur = newPatch('', 'modify');
        out.push(cur);
      }
      cur.hunks++;
      inHunk = true;
      m = /^@@+ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(line);
      counted = Boolean(m);
      if (m) {
        hunkOld = { start: Number(m[1]), lines: m[2] === undefined ? 1 : Number(m[2]) };
        hunkNew = { start: Number(m[3]), lines: m[4] === undefined ? 1 : Number(m[4]) };
        oldLeft = hunkOld.lines;
        newLeft = hunkNew.lines;
      } else {
        hunkOld = { start: 0, lines: 0 };
        hunkNew = { start: 0, lines: 0 };
        oldLeft = Number.POSITIVE_INFINITY;
        newLeft = Number.POSITIVE_INFINITY;
      }
    }
  }
  if (inHunk) endHunk();
  return out;
}

// Splits a POSIX shell script (a Dockerfile RUN) into simple commands and words, the way sh would before
// expansion: quotes and backslashes removed, `&&`, `||`, `;`, `|`, `&`, newlines and `( )` separate
// commands, redirections are set aside. Expansions (`$X`, `$(…)`, backticks) are kept literally and flagged.
// One pass over the text; never throws (an unterminated quote runs to the end, as a lenient reader).

export interface ShellWord {
  /** The word after quote removal; expansions left as written. */
  text: string;
  /** Offset of the word's first character in the script. */
  offset: number;
  /** The word holds an unquoted or double-quoted `$…` or backtick expansion. */
  hasExpansion: boolean;
}

export interface ShellRedirect {
  operator: string;
  target?: ShellWord;
  offset: number;
  /** The operator touches the previous word (`pkg>=1.0` read by sh as `pkg` redirected to `=1.0`). */
  gluedToWord: boolean;
}

export interface ShellCommand {
  words: ShellWord[];
  redirects: ShellRedirect[];
}

const OPERATOR_CHARS = new Set([';', '&', '|', '(', ')', '\n']);
const BLANK = new Set([' ', '\t', '\r']);
/** Characters that end or change the reading of a word. */
const SPECIAL_IN_WORD = new Set([' ', '\t', '\r', ';', '&', '|', '(', ')', '\n', '<', '>', '\\', "'", '"', '$', '`']);

export function splitShellCommands(script: string): ShellCommand[] {
  const commands: ShellCommand[] = [];
  let current: ShellCommand = { words: [], redirects: [] };
  let pendingRedirect: ShellRedirect | undefined;
  const finishCommand = (): void => {
    if (current.words.length > 0 || current.redirects.length > 0) commands.push(current);
    current = { words: [], redirects: [] };
    pendingRedirect = undefined;
  };
  const n = script.length;
  let i = 0;
  let lastWordEnd = -1;
  while (i < n) {
    const c = script[i] as string;
    if (BLANK.has(c)) {
      i++;
      continue;
    }
    if (c === '\\' && script[i + 1] === '\n') {
      i += 2;
      continue;
    }
    if (c === '#') {
      // A comment runs to the end of the line.
      while (i < n && script[i] !== '\n') i++;
      continue;
    }
    if (OPERATOR_CHARS.has(c)) {
      finishCommand();
      i++;
      continue;
    }
    const redirect = /^(?:\d*|&)(?:>>|>&|>\||<&|<>|<<<|<<-|<<|>|<)/.exec(script.slice(i, i + 8));
    if (redirect !== null && (c === '>' || c === '<' || c === '&' || /\d/.test(c))) {
      const operator = redirect[0];
      // A digit only starts a redirect when it is directly followed by one (`2>&1`).
      if (!(/\d/.test(c) && !/[<>]/.test(operator))) {
        const gluedToWord = lastWordEnd === i && c !== '&' && !/\d/.test(c);
        const record: ShellRedirect = { operator, offset: i, gluedToWord };
        current.redirects.push(record);
        i += operator.length;
        // `>&1`, `2>&-` carry their target in the operator's next word, like any other.
        pendingRedirect = record;
        continue;
      }
    }
    const start = i;
    const word = readWord(script, i);
    i = word.end;
    lastWordEnd = i;
    const shellWord: ShellWord = { text: word.text, offset: start, hasExpansion: word.hasExpansion };
    if (pendingRedirect !== undefined) {
      pendingRedirect.target = shellWord;
      pendingRedirect = undefined;
    } else {
      current.words.push(shellWord);
    }
  }
  finishCommand();
  return commands;
}

function readWord(script: string, from: number): { text: string; end: number; hasExpansion: boolean } {
  const n = script.length;
  let i = from;
  let text = '';
  let hasExpansion = false;
  while (i < n) {
    const c = script[i] as string;
    if (BLANK.has(c) || OPERATOR_CHARS.has(c) || c === '<' || c === '>') break;
    if (c === '\\') {
      if (script[i + 1] === '\n') {
        i += 2;
        continue;
      }
      if (i + 1 < n) text += script[i + 1];
      i += 2;
      continue;
    }
    if (c === "'") {
      const close = script.indexOf("'", i + 1);
      const end = close < 0 ? n : close;
      text += script.slice(i + 1, end);
      i = end + 1;
      continue;
    }
    if (c === '"') {
      i++;
      while (i < n && script[i] !== '"') {
        const d = script[i] as string;
        if (d === '\\' && i + 1 < n && '$`"\\\n'.includes(script[i + 1] as string)) {
          if (script[i + 1] !== '\n') text += script[i + 1];
          i += 2;
          continue;
        }
        if (d === '$' || d === '`') {
          hasExpansion = true;
          const end = expansionEnd(script, i);
          text += script.slice(i, end);
          i = end;
          continue;
        }
        text += d;
        i++;
      }
      i++;
      continue;
    }
    if (c === '$' || c === '`') {
      hasExpansion = true;
      const end = expansionEnd(script, i);
      text += script.slice(i, end);
      i = end;
      continue;
    }
    // A run of ordinary characters is copied in one slice (per-character appends cost more on long words).
    const runStart = i;
    i++;
    while (i < n && !SPECIAL_IN_WORD.has(script[i] as string)) i++;
    text += script.slice(runStart, i);
  }
  return { text, end: Math.min(i, n), hasExpansion };
}

/** End offset of the expansion starting at `at` (`$NAME`, `${…}`, `$(…)`, `$((…))`, `` `…` ``). */
function expansionEnd(script: string, at: number): number {
  const n = script.length;
  if (script[at] === '`') {
    let i = at + 1;
    while (i < n && script[i] !== '`') i += script[i] === '\\' ? 2 : 1;
    return Math.min(i + 1, n);
  }
  const next = script[at + 1];
  if (next === '{' || next === '(') {
    const open = next;
    const close = open === '{' ? '}' : ')';
    let depth = 0;
    let i = at + 1;
    let quote: string | undefined;
    while (i < n) {
      const c = script[i] as string;
      if (quote !== undefined) {
        if (c === '\\' && quote === '"') i++;
        else if (c === quote) quote = undefined;
      } else if (c === "'" || c === '"') quote = c;
      else if (c === '\\') i++;
      else if (c === open) depth++;
      else if (c === close && --depth === 0) return i + 1;
      i++;
    }
    return n;
  }
  let i = at + 1;
  if (next !== undefined && /[@*#?$!0-9-]/.test(next)) return at + 2;
  while (i < n && /[A-Za-z0-9_]/.test(script[i] as string)) i++;
  return i;
}

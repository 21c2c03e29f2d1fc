// Splits a POSIX shell script (a Dockerfile RUN) into simple commands and words, the way sh would: quotes and
// backslashes removed, `&&`, `||`, `;`, `|`, `&`, newlines and `( )` separate commands, redirections are set
// aside. Parameter expansions of variables the caller knows (a Dockerfile's ARG defaults and ENV values) are
// expanded, with sh's field splitting when unquoted; every other expansion (`$UNKNOWN`, `$(…)`, backticks) is kept
// literally and flagged. One pass over the text; never throws (an unterminated quote runs to the end).
import { countWork } from '../work-meter';

// Characters the splitter examines, summed per step and handed to the work meter once per script (`shell.chars`).
let examined = 0;

/**
 * Expansion is bounded, since it multiplies: `ARG A1=${A0}${A0}` … doubles at every line, so 24 lines of a Dockerfile
 * would expand to hundreds of megabytes. One ARG or ENV value (or FROM reference) may take in at most
 * MAX_EXPANDED_VALUE characters of variable values, one RUN instruction at most MAX_SCRIPT_EXPANSION; an expansion
 * that would go beyond is left as written (unknown to depvet, so whatever it names cannot be checked).
 */
export const MAX_EXPANDED_VALUE = 64 * 1024;
export const MAX_SCRIPT_EXPANSION = 1024 * 1024;

/** What expansions may still insert; one budget is shared by every expansion of one value or script. */
export interface ExpansionBudget {
  /** Characters of variable values expansions may still insert. */
  remaining: number;
  /** The first expansion left as written because its value would overrun the budget. */
  refused?: string;
}

/** Variables a script sees, by name; `undefined` is declared without a value (unset until the build sets it). */
export type ShellVariables = ReadonlyMap<string, string | undefined>;

export interface ShellWord {
  /** The word after quote removal and the expansion of known variables; other expansions left as written. */
  text: string;
  /** Offset of the word's first character in the script. */
  offset: number;
  /** The word holds an unquoted or double-quoted `$…` or backtick expansion that was left as written. */
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

export function splitShellCommands(
  script: string,
  variables?: ShellVariables,
  budget: ExpansionBudget = { remaining: MAX_SCRIPT_EXPANSION },
): ShellCommand[] {
  try {
    return splitCommands(script, variables, budget);
  } finally {
    countWork('shell.chars', examined);
    examined = 0;
  }
}

function splitCommands(script: string, variables: ShellVariables | undefined, budget: ExpansionBudget): ShellCommand[] {
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
    examined++;
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
      const start = i;
      while (i < n && script[i] !== '\n') i++;
      examined += i - start;
      continue;
    }
    if (OPERATOR_CHARS.has(c)) {
      finishCommand();
      i++;
      continue;
    }
    examined += 8;
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
    const word = readWord(script, i, variables, budget);
    i = word.end;
    lastWordEnd = i;
    // An unquoted expansion may make several words (field splitting), or none.
    let field = 0;
    if (pendingRedirect !== undefined) {
      const target = word.fields[0];
      pendingRedirect.target = target !== undefined ? { text: target, offset: start, hasExpansion: word.hasExpansion } : { text: '', offset: start, hasExpansion: false };
      pendingRedirect = undefined;
      field = 1;
    }
    // One push per field (never a spread: an expanded value may split into more fields than a call takes arguments).
    for (; field < word.fields.length; field++) current.words.push({ text: word.fields[field] as string, offset: start, hasExpansion: word.hasExpansion });
  }
  finishCommand();
  return commands;
}

function readWord(script: string, from: number, variables: ShellVariables | undefined, budget: ExpansionBudget): { fields: string[]; end: number; hasExpansion: boolean } {
  const n = script.length;
  let i = from;
  const fields: string[] = [];
  let text = '';
  // Whether the current field holds quotes (`""` is an empty argument; an unquoted empty expansion is none).
  let quoted = false;
  let hasExpansion = false;
  /** Appends an expansion at `i` (ending at `end`): its value when it names a known variable, else as written. */
  const expansion = (end: number, inQuotes: boolean): void => {
    const written = script.slice(i, end);
    examined += written.length;
    const value = variables === undefined || written[0] === '`' ? undefined : expandParameter(written, variables, budget);
    if (value === undefined) {
      hasExpansion = true;
      text += written;
      return;
    }
    if (inQuotes) {
      text += value;
      return;
    }
    // Field splitting (default IFS): whitespace in an unquoted value separates words.
    examined += value.length;
    const parts = value.split(/[ \t\n]+/);
    text += parts[0];
    for (let k = 1; k < parts.length; k++) {
      if (text !== '' || quoted) fields.push(text);
      text = parts[k] as string;
      quoted = false;
    }
  };
  while (i < n) {
    examined++;
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
      examined += end - i;
      text += script.slice(i + 1, end);
      quoted = true;
      i = end + 1;
      continue;
    }
    if (c === '"') {
      quoted = true;
      i++;
      while (i < n && script[i] !== '"') {
        examined++;
        const d = script[i] as string;
        if (d === '\\' && i + 1 < n && '$`"\\\n'.includes(script[i + 1] as string)) {
          if (script[i + 1] !== '\n') text += script[i + 1];
          i += 2;
          continue;
        }
        if (d === '$' || d === '`') {
          const end = expansionEnd(script, i);
          expansion(end, true);
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
      const end = expansionEnd(script, i);
      expansion(end, false);
      i = end;
      continue;
    }
    // A run of ordinary characters is copied in one slice (per-character appends cost more on long words).
    const runStart = i;
    i++;
    while (i < n && !SPECIAL_IN_WORD.has(script[i] as string)) i++;
    examined += i - runStart;
    text += script.slice(runStart, i);
  }
  if (text !== '' || quoted) fields.push(text);
  return { fields, end: Math.min(i, n), hasExpansion };
}

// `${NAME}`, `${NAME<op>word}`, `$NAME`, or any other `${…}` (group 5, never expanded).
const PARAMETER_SOURCE = String.raw`\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*)|\{([^}]*)\})`;
const WHOLE_PARAMETER = new RegExp(`^${PARAMETER_SOURCE}$`);

/**
 * Expands the parameter expansions in `text` that name known variables: `$NAME`, `${NAME}`, `${NAME:-word}`,
 * `${NAME-word}`, `${NAME:+word}`, `${NAME+word}` (the forms Dockerfiles allow). A variable that is unknown or
 * declared without a value is left as written and its name added to `unresolved`, as is any other `${…}` form
 * and a nested default.
 */
export function substituteVariables(
  text: string,
  variables: ShellVariables,
  unresolved: string[],
  budget: ExpansionBudget = { remaining: MAX_EXPANDED_VALUE },
): string {
  countWork('shell.chars', text.length);
  if (!text.includes('$')) return text;
  // A fresh global RegExp per call: the replacer recurses for `word`, and a shared one would carry lastIndex.
  return text.replace(new RegExp(PARAMETER_SOURCE, 'g'), (whole: string, braced: string | undefined, op: string | undefined, word: string | undefined, bare: string | undefined, other: string | undefined) =>
    parameterValue(whole, other === undefined ? ((braced ?? bare) as string) : undefined, op, word, variables, unresolved, budget),
  );
}

/** The value of one parameter expansion `whole` (groups of PARAMETER_SOURCE); `name` undefined for other `${…}` forms. */
function parameterValue(whole: string, name: string | undefined, op: string | undefined, word: string | undefined, variables: ShellVariables, unresolved: string[], budget: ExpansionBudget): string {
  if (name === undefined) {
    unresolved.push(whole.slice(2, -1));
    return whole;
  }
  if (word?.includes('${')) {
    // A nested default (`${A:-${B}}`) ends at its first `}` here: rather than a wrong value, none.
    unresolved.push(name);
    return whole;
  }
  const value = variables.get(name);
  const set = value !== undefined;
  const empty = !set || value === '';
  /** A variable's value inserted, charged to the budget; left as written (unresolved) when it would overrun it. */
  const insert = (inserted: string): string => {
    if (inserted.length > budget.remaining) {
      budget.refused ??= whole;
      unresolved.push(name);
      return whole;
    }
    budget.remaining -= inserted.length;
    countWork('shell.expandedChars', inserted.length);
    return inserted;
  };
  const substituteWord = (): string => substituteVariables(word ?? '', variables, unresolved, budget);
  switch (op) {
    case ':-':
      return empty ? substituteWord() : insert(value as string);
    case '-':
      return set ? insert(value) : substituteWord();
    case ':+':
      return empty ? '' : substituteWord();
    case '+':
      return set ? substituteWord() : '';
    default:
      if (!set) {
        unresolved.push(name);
        return whole;
      }
      return insert(value);
  }
}

/** The value of one whole parameter expansion (`$X`, `${X:-y}`…), or undefined when it is not one or not known. */
function expandParameter(written: string, variables: ShellVariables, budget: ExpansionBudget): string | undefined {
  const match = WHOLE_PARAMETER.exec(written);
  if (match === null || match[5] !== undefined) return undefined;
  const unresolved: string[] = [];
  const value = parameterValue(written, match[1] ?? match[4], match[2], match[3], variables, unresolved, budget);
  return unresolved.length > 0 ? undefined : value;
}

/** End offset of the expansion starting at `at` (`$NAME`, `${…}`, `$(…)`, `$((…))`, `` `…` ``). */
function expansionEnd(script: string, at: number): number {
  const n = script.length;
  if (script[at] === '`') {
    let i = at + 1;
    while (i < n && script[i] !== '`') i += script[i] === '\\' ? 2 : 1;
    examined += i - at;
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
      examined++;
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
  examined += i - at;
  return i;
}

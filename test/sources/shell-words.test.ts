import { splitShellCommands, substituteVariables } from '../../src/sources/shell-words';

const words = (script: string, variables?: ReadonlyMap<string, string | undefined>) =>
  splitShellCommands(script, variables).map((command) => command.words.map((w) => (w.hasExpansion ? `${w.text} (kept)` : w.text)));

describe('splitShellCommands', () => {
  it('splits commands and removes quotes, keeping expansions as written when no variables are given', () => {
    expect(words(`pip install "a==1" 'b<2' c\\ d && echo $X; ls $(pwd)`)).toEqual([
      ['pip', 'install', 'a==1', 'b<2', 'c d'],
      ['echo', '$X (kept)'],
      ['ls', '$(pwd) (kept)'],
    ]);
  });

  it('expands the variables it is given, in every form a Dockerfile allows', () => {
    const vars = new Map([['V', '2.31.0'], ['EMPTY', ''], ['UNSET', undefined]]);
    expect(words('pip install requests==$V "requests==${V}" x==${EMPTY:-9} y==${UNSET:-8} z${V:+-ok} w${UNSET+-no}', vars)).toEqual([
      ['pip', 'install', 'requests==2.31.0', 'requests==2.31.0', 'x==9', 'y==8', 'z-ok', 'w'],
    ]);
  });

  it('leaves unknown variables, variables without a value, command substitutions and backticks as written', () => {
    const vars = new Map([['V', '1'], ['UNSET', undefined]]);
    expect(words('pip install a==$UNKNOWN b==${UNSET} c==$(cat v) d==`cat v` e==${V/1/2} f==$V', vars)).toEqual([
      ['pip', 'install', 'a==$UNKNOWN (kept)', 'b==${UNSET} (kept)', 'c==$(cat v) (kept)', 'd==`cat v` (kept)', 'e==${V/1/2} (kept)', 'f==1'],
    ]);
  });

  it('splits an unquoted value into words, as sh does, and keeps a quoted one whole', () => {
    const vars = new Map([['PKGS', ' requests==2.31.0  flask '], ['NONE', '']]);
    expect(words('pip install $PKGS "$PKGS" x$NONE $NONE ""', vars)).toEqual([['pip', 'install', 'requests==2.31.0', 'flask', ' requests==2.31.0  flask ', 'x', '']]);
    expect(words('pip install pre$PKGS', vars)).toEqual([['pip', 'install', 'pre', 'requests==2.31.0', 'flask']]);
  });

  it('never expands inside single quotes or after a backslash', () => {
    const vars = new Map([['V', '1']]);
    expect(words(`echo '$V' \\$V "\\$V"`, vars)).toEqual([['echo', '$V', '$V', '$V']]);
  });
});

describe('substituteVariables', () => {
  it('expands known names and defaults, and reports what it could not expand', () => {
    const unresolved: string[] = [];
    expect(substituteVariables('${REG:-docker.io}/python:$TAG-${X}', new Map([['TAG', '3.11']]), unresolved)).toBe('docker.io/python:3.11-${X}');
    expect(unresolved).toEqual(['X']);
  });

  it('reports a nested default as not expanded rather than cutting it at its first brace', () => {
    const unresolved: string[] = [];
    expect(substituteVariables('${REG:-${MIRROR:-docker.io}}/python', new Map(), unresolved)).toContain('${REG:-${MIRROR');
    expect(unresolved).toEqual(['REG']);
  });
});

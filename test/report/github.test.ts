import { escapeData, escapeProperty, renderGithub } from '../../src/report/github';
import { FIXTURE_NAMES, loadResult } from './load-result';

interface Annotation {
  command: string;
  props: Record<string, string>;
  message: string;
}

/** Parses workflow-command lines the way the runner does, undoing the escapes. */
function parse(output: string): Annotation[] {
  const unescape = (s: string): string =>
    s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
  return output
    .trimEnd()
    .split('\n')
    .map((line) => {
      const m = /^::(\w+) ([^:]*)::(.*)$/.exec(line);
      expect(m).not.toBeNull();
      const props: Record<string, string> = {};
      for (const pair of m![2]!.split(',')) {
        const eq = pair.indexOf('=');
        props[pair.slice(0, eq)] = unescape(pair.slice(eq + 1));
      }
      return { command: m![1]!, props, message: unescape(m![3]!) };
    });
}

describe('renderGithub', () => {
  it.each(FIXTURE_NAMES)('renders %s as one workflow command per line, ending with the outcome', (name) => {
    const annotations = parse(renderGithub(loadResult(name)));
    expect(annotations.every((a) => ['error', 'warning', 'notice'].includes(a.command))).toBe(true);
    expect(annotations[annotations.length - 1]!.props.title).toMatch(/^depvet (pass|fail|incomplete)$/);
  });

  it('annotates failing findings as errors at file and line, warnings as warnings', () => {
    const annotations = parse(renderGithub(loadResult('fail-license-and-advisory')));
    const chardet = annotations.find((a) => a.props.title?.includes('chardet==3.0.4'))!;
    expect(chardet).toEqual({
      command: 'error',
      props: { file: 'crypto/Pipfile.lock', line: '20', title: 'depvet license: license-denied (chardet==3.0.4)' },
      message: 'chardet 3.0.4 is licensed LGPL-2.1-only, which the policy denies\nImages: crypto',
    });
    expect(annotations.find((a) => a.props.title?.includes('reqeusts'))!.command).toBe('warning');
    const last = annotations[annotations.length - 1]!;
    expect(last.command).toBe('error');
    expect(last.message).toBe('FAIL: 3 failing findings (2 in license, 1 in advisories), 1 warning, 4 packages in 2 images');
  });

  it('annotates could-not-check entries as errors, and the outcome as an error, never a pass', () => {
    const annotations = parse(renderGithub(loadResult('incomplete-registry-unavailable')));
    const incomplete = annotations.filter((a) => a.props.title?.startsWith('depvet: could not check'));
    expect(incomplete).toHaveLength(3);
    for (const a of incomplete) expect(a.command).toBe('error');
    expect(incomplete[0]!.message).toBe('Incomplete, not a pass: PyPI answered 503 Service Unavailable after 3 retries');
    expect(incomplete[1]!.props).toMatchObject({ file: 'python3/Pipfile.lock', line: '25' });
    const last = annotations[annotations.length - 1]!;
    expect(last).toMatchObject({ command: 'error', props: { title: 'depvet incomplete' } });
  });

  it('shows suppressed and existing findings as notices with the reason, and policy notes as warnings', () => {
    const suppressed = parse(renderGithub(loadResult('suppressed-approval-and-ignore')));
    const chardet = suppressed.find((a) => a.props.title?.includes('chardet'))!;
    expect(chardet.command).toBe('notice');
    expect(chardet.message).toContain('Suppressed by approval: used unmodified as a dynamically linked library');
    const policy = suppressed.filter((a) => a.props.title?.startsWith('depvet policy'));
    expect(policy.map((a) => [a.command, a.props.file, a.props.title])).toEqual([
      ['warning', 'depvet.config.json', 'depvet policy: approval-unused'],
      ['warning', 'depvet.config.json', 'depvet policy: ignore-expired'],
    ]);
    expect(suppressed[suppressed.length - 1]).toMatchObject({ command: 'notice', props: { title: 'depvet pass' } });
    const diff = parse(renderGithub(loadResult('diff-existing-and-new')));
    const urllib3 = diff.find((a) => a.props.title?.includes('urllib3'))!;
    expect(urllib3.command).toBe('notice');
    expect(urllib3.props.title).toContain('already there, not failing');
  });

  it('lists failing findings and could-not-check entries before everything else', () => {
    const annotations = parse(renderGithub(loadResult('hostile-package-names')));
    const kinds = annotations.slice(0, -1).map((a) => a.command);
    expect(kinds.slice(0, 5)).toEqual(['error', 'error', 'error', 'error', 'error']);
    expect(kinds.slice(5)).not.toContain('error');
  });

  it('escapes hostile text so that it cannot start a command and comes back unchanged', () => {
    const out = renderGithub(loadResult('hostile-package-names'));
    const result = loadResult('hostile-package-names');
    // One line per annotation: newlines in names never reach the output.
    expect(out.trimEnd().split('\n')).toHaveLength(result.findings.length + result.couldNotCheck.length + 1);
    const annotations = parse(out);
    const evil = annotations.find((a) => a.props.title?.includes('evil'))!;
    expect(evil.props.title).toBe('depvet names: typosquat (evil\nname::error::injected==1.0\n::warning::x)');
    expect(evil.props.file).toBe('img<b>/requirements & more.txt');
    const pct = annotations.find((a) => a.props.title?.includes('pct'))!;
    expect(pct.props.title).toContain('pct%0Aname%25==1.0.0');
    const reason = annotations.find((a) => a.props.title?.includes('could not check'))!;
    expect(reason.message).toBe('Incomplete, not a pass: registry said: </details><script>x</script>\r\n| injected | row |');
  });

  it('implements the toolkit escaping rules', () => {
    expect(escapeData('50% done\r\nnext: a,b')).toBe('50%25 done%0D%0Anext: a,b');
    expect(escapeProperty('a:b,c%\n')).toBe('a%3Ab%2Cc%25%0A');
  });
});

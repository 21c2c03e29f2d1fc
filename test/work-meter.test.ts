import { countWork, measureWork, measureWorkAsync, resetWork, workDone } from '../src/work-meter';

describe('work meter', () => {
  it('adds per unit and clears on reset', () => {
    resetWork();
    countWork('a.chars', 3);
    countWork('a.chars');
    countWork('b.pages');
    expect(workDone('a.chars')).toBe(4);
    expect(workDone('b.pages')).toBe(1);
    expect(workDone('never')).toBe(0);
    resetWork();
    expect(workDone('a.chars')).toBe(0);
  });

  it('measures one run on a cleared tally', async () => {
    countWork('stale', 10);
    expect(measureWork(() => countWork('x', 2))).toEqual({ x: 2 });
    expect(await measureWorkAsync(async () => countWork('y', 5))).toEqual({ y: 5 });
  });
});

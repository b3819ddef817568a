import { describe, expect, it } from 'vitest';
import { LOG_TEXT_RUN, LogTextRuns, runRecordRange } from '../../src-main/store/log-text-runs';

function runsOf(records: [logNo: number, text: string][]): [number, string][] {
  const written: [number, string][] = [];
  const runs = new LogTextRuns((first, text) => written.push([first, text]));
  for (const [logNo, text] of records) runs.add(logNo, text);
  runs.flush();
  return written;
}

describe('runs of log text', () => {
  it('join up to LOG_TEXT_RUN consecutive records under the first one’s number, skipping empty texts', () => {
    const records = Array.from({ length: LOG_TEXT_RUN + 3 }, (_, i): [number, string] => [101 + i, i === 1 ? '' : `line ${i}`]);
    const written = runsOf(records);
    expect(written.map(([first]) => first)).toEqual([101, 101 + LOG_TEXT_RUN]);
    expect(written[0][1].split('\n')).toEqual(records.slice(0, LOG_TEXT_RUN).filter(([, t]) => t !== '').map(([, t]) => t));
    expect(written[1][1]).toBe(`line ${LOG_TEXT_RUN}\nline ${LOG_TEXT_RUN + 1}\nline ${LOG_TEXT_RUN + 2}`);
  });

  it('start a new run where the numbers jump, and write nothing for a run without text', () => {
    expect(runsOf([[1, 'a'], [2, 'b'], [9, 'c'], [10, '']])).toEqual([[1, 'a\nb'], [9, 'c']]);
    expect(runsOf([[1, ''], [2, '']])).toEqual([]);
  });

  it('read each record of matched runs once, newest run first', () => {
    expect(runRecordRange(101, Number.MAX_SAFE_INTEGER)).toEqual([101, 100 + LOG_TEXT_RUN]);
    // A short run (the end of a write) is followed at once by the next write's run.
    expect(runRecordRange(101, 105)).toEqual([101, 104]);
  });
});

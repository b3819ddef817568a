import { describe, expect, it } from 'vitest';
import { AnswerGate } from '../../../src-renderer/lib/search/answer-gate';

describe('which search answers the page takes', () => {
  it('takes the first answer to come when the same question was asked again, never an older one after it', () => {
    const gate = new AnswerGate();
    const first = gate.ask('?source=f1');
    const again = gate.ask('?source=f1');
    expect(gate.take(first)).toBe(true);
    expect(gate.take(again)).toBe(true);

    const older = gate.ask('?source=f1');
    const newer = gate.ask('?source=f1');
    expect(gate.take(newer)).toBe(true);
    expect(gate.take(older)).toBe(false);
  });

  it('drops the answer to a question the page no longer asks', () => {
    const gate = new AnswerGate();
    const file = gate.ask('?source=f1');
    const live = gate.ask('?');
    expect(gate.take(file)).toBe(false);
    expect(gate.isLatest(file)).toBe(false);
    expect(gate.isLatest(live)).toBe(true);
    expect(gate.take(live)).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { announcedSource } from '../../src-main/electron/announced-source';
import type { SourceInfo } from '../../src-main/model/api';

const source = (id: string, upload?: string): SourceInfo => ({ id, name: `${id}.json`, kind: 'file', format: '', spans: 0, traces: 0, logs: 0, state: 'loading', ...(upload ? { upload } : {}) });

describe('the source a file being opened became', () => {
  it('is the one listed with its upload token, asked again until it is there', async () => {
    const answers = [[], [source('f1', 'other')], [source('f1', 'other'), source('f2', 'mine')]];
    let asked = 0;
    const id = await announcedSource(async () => answers[Math.min(asked++, answers.length - 1)], 'mine', () => false, 100, async () => {});
    expect(id).toBe('f2');
    expect(asked).toBe(3);
  });

  it('is none once the upload has ended without it, and a failed listing is asked again', async () => {
    let asked = 0;
    const id = await announcedSource(
      async () => {
        asked++;
        if (asked === 1) throw new Error('the core is not answering');
        return [source('f1')];
      },
      'mine',
      () => asked >= 3,
      100,
      async () => {},
    );
    expect(id).toBeUndefined();
    expect(asked).toBe(3);
  });
});

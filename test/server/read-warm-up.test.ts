/** A read thread's warm-up answers the reads a first opened file asks for, over the warm-up trace in memory. */
import { describe, expect, it } from 'vitest';
import { warmUpReads } from '../../src-main/server/read-warm-up';

describe('the read threads warm-up', () => {
  it('answers the trace list, waterfall, trace and trace logs ten times each', async () => {
    expect(await warmUpReads()).toBe(40);
  });
});

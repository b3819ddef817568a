/**
 * A write that fails part-way (a full disk, a lock held too long) is rolled back, and the writer's caches with it:
 * the writes after it store exactly their own spans, and the summaries and the service map still agree with the rows.
 * Retention failing likewise (a full disk cannot even take deletions) leaves the writer running. The failures are
 * made by a trigger, from a connection of the test's own.
 */
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Store } from '../../src-main/store/store';
import { checkDatabase } from '../helpers/database-check';
import { tempDbPath } from '../helpers/serve-process';
import { callTrace as trace } from '../helpers/spans';

let store: Store | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await store?.close();
});

function failing(dbPath: string, when: string): Database.Database {
  const saboteur = new Database(dbPath);
  saboteur.exec(`CREATE TABLE fail_now (on_ INTEGER); INSERT INTO fail_now VALUES (1);`);
  for (const [i, event] of when.split(',').entries()) {
    saboteur.exec(`CREATE TRIGGER fail_${i} ${event} WHEN EXISTS (SELECT 1 FROM fail_now) BEGIN SELECT RAISE(ABORT, 'simulated disk failure'); END;`);
  }
  return saboteur;
}

describe('a write rolled back part-way', () => {
  it('leaves nothing of itself behind, and later writes stay consistent', async () => {
    const dbPath = tempDbPath();
    store = await Store.open({ dbPath, retention: { maxDbBytes: 0, retentionMs: 0 }, maxQueuedSpans: 10_000 });
    const first = trace();
    await store.write(first);

    // The failure comes at the service map's rows, the last step of the transaction: spans and summaries are written by then.
    const saboteur = failing(dbPath, 'AFTER INSERT ON map_spans,AFTER UPDATE ON map_spans');
    const failed = trace();
    await expect(store.write([...failed, ...trace(first[0].traceId).slice(0, 1)])).rejects.toThrow(/simulated disk failure/);
    saboteur.exec('DELETE FROM fail_now');

    const later = trace();
    await store.write(later);
    await store.write(trace(first[0].traceId)); // grows a trace stored before the failure
    saboteur.close();
    await store.close();
    store = undefined;

    const check = checkDatabase(dbPath);
    expect(check.integrity).toBe('ok');
    expect(check.traceIds.sort()).toEqual([first[0].traceId, later[0].traceId].sort());
    expect(check.spans).toBe(9);
    expect(check.miscountedTraces).toEqual([]);
    expect(check.danglingSpans).toBe(0);
    expect(check.mapSpans).toBe(check.spans);
  });

  it('keeps writing when retention fails, and retention succeeds later', async () => {
    const dbPath = tempDbPath();
    vi.useFakeTimers({ toFake: ['Date'] });
    store = await Store.open({ dbPath, retention: { maxDbBytes: 0, retentionMs: 60_000 }, maxQueuedSpans: 10_000 });
    const old = trace();
    await store.write(old);
    const saboteur = failing(dbPath, 'BEFORE DELETE ON traces');
    vi.setSystemTime(Date.now() + 120_000); // `old` is past retention: the next write's retention pass fails
    const kept = [trace(), trace()];
    for (const spans of kept) await store.write(spans);
    saboteur.exec('DELETE FROM fail_now');
    vi.setSystemTime(Date.now() + 10_000); // the next pass
    const last = trace();
    await store.write(last);
    saboteur.close();
    await store.close();
    store = undefined;

    const check = checkDatabase(dbPath);
    expect(check.traceIds.sort()).toEqual([...kept, last].map((spans) => spans[0].traceId).sort());
    expect(check.miscountedTraces).toEqual([]);
    expect(check.mapSpans).toBe(check.spans);
  });
});

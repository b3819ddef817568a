/** Two stored runs compared and written as the API's document: verdicts as the API names them, confidence, presence. */
import { describe, expect, it } from 'vitest';
import type { Span } from '../../src-main/model/span';
import { compareStoredRuns, runComparisonJson } from '../../src-main/query/run-comparison';
import { namedRun, UnknownRunError } from '../../src-main/query/run-list';
import { packSpans } from '../../src-main/store/encoded-batch';
import { KeyDictionary } from '../../src-main/store/key-dictionary';
import { openDatabase } from '../../src-main/store/open-database';
import { SpanWriter } from '../../src-main/store/span-writer';
import { StoreReader } from '../../src-main/store/store-reader';
import { hexId, resource, span } from '../helpers/spans';
import { drawDurations, seededRandom } from '../helpers/synthetic-durations';

const T0 = 1_700_000_000_000_000_000n;
const CALLS = 300;

/** `CALLS` root spans of `name` at `version`: seeded durations around `medianMs`, every `failEvery`th failing. */
function calls(version: string, name: string, medianMs: number, seed: number, failEvery = 0): Span[] {
  const at = resource('shop', { 'service.version': version });
  const durations = drawDurations({ medianNs: medianMs * 1e6, sigma: 0.2, slowShare: 0, slowFactor: 1 }, CALLS, seededRandom(seed));
  return [...durations].map((ns, i) =>
    span({ traceId: hexId(16), spanId: hexId(8), name, resource: at, startTimeUnixNano: T0, endTimeUnixNano: T0 + BigInt(ns), status: failEvery > 0 && i % failEvery === 0 ? { code: 'ERROR', message: '' } : { code: 'UNSET', message: '' } }),
  );
}

function storeWith(spans: Span[]): StoreReader {
  const db = openDatabase(':memory:');
  new SpanWriter(db).write([packSpans(spans, new KeyDictionary()).batch]);
  return new StoreReader(db);
}

describe('a comparison of stored runs, as the API writes it', () => {
  const reader = storeWith([
    ...calls('1.0', 'GET /steady', 20, 1),
    ...calls('1.1', 'GET /steady', 20, 2),
    ...calls('1.0', 'GET /faster', 40, 3),
    ...calls('1.1', 'GET /faster', 20, 4),
    ...calls('1.0', 'POST /failing', 20, 5, 50),
    ...calls('1.1', 'POST /failing', 20, 5, 5), // the same durations, ten times the errors
    ...calls('1.0', 'GET /gone', 20, 6),
    ...calls('1.1', 'GET /new', 20, 7).slice(0, 10),
  ]);
  const [a, b] = [namedRun(reader, 'service.version=1.0'), namedRun(reader, '1.1')];
  const comparison = runComparisonJson(reader, a, b, compareStoredRuns(reader, a, b));
  const row = (name: string) => comparison.operations.find((op) => op.name === name)!;

  it('calls more errors a regression, decided by the error test alone', () => {
    expect(comparison.regressions.map((op) => op.name)).toEqual(['POST /failing']);
    const failing = row('POST /failing');
    expect(failing).toMatchObject({ verdict: 'regression', p50Ratio: 1, a: { errorCount: 6, errorRate: 0.02 }, b: { errorCount: 60, errorRate: 0.2 } });
    expect(failing.errors?.verdict).toBe('more errors');
    expect(failing.confidence).toBe(1 - failing.errors!.adjustedP!);
  });

  it('calls a faster operation an improvement, and one without a change that counts unchanged', () => {
    expect(row('GET /faster')).toMatchObject({ verdict: 'improvement', presence: 'both' });
    expect(row('GET /faster').p50Ratio).toBeCloseTo(0.5, 1);
    expect(row('GET /faster').confidence).toBeGreaterThan(0.99);
    expect(row('GET /steady')).toMatchObject({ verdict: 'unchanged', confidence: null });
  });

  it("gives an operation only one run has 'not enough data', its presence, and zeros for the other run", () => {
    expect(row('GET /gone')).toMatchObject({ verdict: 'not enough data', presence: 'only in A', b: { count: 0, p95Nano: '0' }, p95Ratio: null, quantiles: null, errors: null, rankTest: null });
    expect(Number(row('GET /gone').impactNano)).toBeLessThan(0);
    expect(row('GET /new')).toMatchObject({ verdict: 'not enough data', presence: 'only in B', a: { count: 0 }, b: { count: 10 } });
  });

  it('finds a run by id, ORIGIN=LABEL or label, and a label that looks like ORIGIN=LABEL as a label', () => {
    const db = openDatabase(':memory:');
    const id = new SpanWriter(db).startRun('service.version=9', 1);
    const labelled = new StoreReader(db);
    expect(namedRun(labelled, 'service.version=9').id).toBe(id);
    expect(namedRun(labelled, 'manual=service.version=9').id).toBe(id);
    expect(namedRun(labelled, ` ${id} `).id).toBe(id);
    expect(namedRun(reader, String(a.id)).label).toBe('1.0');
  });

  it('names the runs there are when a name matches none', () => {
    expect(() => namedRun(reader, '3')).toThrow(new UnknownRunError(`there is no run "3" in this store; name a run by its id, ORIGIN=LABEL or its label: ${b.id} (service.version=1.1), ${a.id} (service.version=1.0)`));
    expect(() => namedRun(storeWith([]), 'baseline')).toThrow(
      'there is no run "baseline" in this store, which has no runs yet: runs come from the resource attributes service.version, vcs.ref.head.revision, deployment.environment.name, or are started by hand (POST /api/runs, spanscope run start LABEL)',
    );
  });
});

/**
 * A run's calls per operation (roots apart) as the run comparison takes them: durations and errors with the
 * operation's service, name and kind. What compares runs reads through here (the comparison, and later marks of
 * what is slower than usual).
 */
import type { OperationSamples } from '../diff/compare-runs';
import type { RunRow } from '../store/run-reader';
import type { StoreReader } from '../store/store-reader';

export function runOperationSamples(reader: StoreReader, run: RunRow): OperationSamples[] {
  return reader.runs.operationCalls(run).map(({ opId, isRoot, durations, errors }) => {
    const op = reader.operation(opId);
    return { key: { service: reader.serviceName(op.serviceId), name: op.name, kind: op.kind, isRoot }, durations, errors };
  });
}

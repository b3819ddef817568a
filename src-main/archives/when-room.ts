/** Archive writes wait for room instead of failing when live traffic has filled the store's queue. */
import { QueueFullError } from '../store/store';

const RETRY_MS = 50;

export function whenRoom<T>(attempt: () => Promise<T>): Promise<T> {
  const retried = (error: unknown): Promise<T> => {
    if (!(error instanceof QueueFullError)) throw error;
    return new Promise((resolve) => setTimeout(resolve, RETRY_MS)).then(attempt).catch(retried);
  };
  return attempt().catch(retried);
}

/** The HTTP answer for a failed receive: the status, the sentence, and headers such as Retry-After. */
import { DecodeError } from '../otlp/decode-result';
import { DatabaseError } from '../store/database-error';
import { QueueFullError, SpansNotStoredError, StoreClosedError } from '../store/store';
import { BudgetExceededError } from './byte-budget';
import { HttpError } from './read-body';

const RETRY_AFTER_SECONDS = '1';
/** A full disk or another program's lock passes, if at all, in minutes rather than seconds. */
const DATABASE_RETRY_AFTER_SECONDS = '30';

export interface Failure {
  status: number;
  message: string;
  headers: Record<string, string>;
}

export function failureStatus(error: unknown): Failure {
  if (error instanceof HttpError) return { status: error.status, message: error.message, headers: error.headers };
  if (error instanceof DecodeError || error instanceof SpansNotStoredError) return { status: 400, message: error.message, headers: {} };
  // A store that is closing answers as a busy one: the sender's retry reaches the server once it runs again.
  if (error instanceof QueueFullError || error instanceof StoreClosedError || error instanceof BudgetExceededError) return { status: 503, message: error.message, headers: { 'Retry-After': RETRY_AFTER_SECONDS } };
  // 503 rather than 507: OTLP exporters retry a 503 (and gRPC UNAVAILABLE), so spans sent meanwhile are not lost.
  if (error instanceof DatabaseError && error.temporary) return { status: 503, message: error.message, headers: { 'Retry-After': DATABASE_RETRY_AFTER_SECONDS } };
  return { status: 500, message: (error as Error).message, headers: {} };
}

/** The HTTP answer for a failed receive: the status, the sentence, and headers such as Retry-After. */
import { DecodeError } from '../otlp/decode-result';
import { QueueFullError } from '../store/store';
import { HttpError } from './read-body';

const RETRY_AFTER_SECONDS = '1';

export interface Failure {
  status: number;
  message: string;
  headers: Record<string, string>;
}

export function failureStatus(error: unknown): Failure {
  if (error instanceof HttpError) return { status: error.status, message: error.message, headers: error.headers };
  if (error instanceof DecodeError) return { status: 400, message: error.message, headers: {} };
  if (error instanceof QueueFullError) return { status: 503, message: error.message, headers: { 'Retry-After': RETRY_AFTER_SECONDS } };
  return { status: 500, message: (error as Error).message, headers: {} };
}

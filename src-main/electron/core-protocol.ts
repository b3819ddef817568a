/** What the core's utility process tells the main process. */
import type { CoreUrls } from '../core/start-core';

export type CoreMessage = { type: 'ready'; urls: CoreUrls; token: string } | { type: 'failed'; message: string };

/**
 * Where a run comes from (issue 17): started by hand, or one of the resource attributes that mark a build. A run
 * is stored with its origin's index in RUN_ORIGINS, so the order here is part of the database format.
 */
export const RUN_ORIGINS = ['manual', 'service.version', 'vcs.ref.head.revision', 'deployment.environment.name'] as const;

export type RunOrigin = (typeof RUN_ORIGINS)[number];

/** The index of the runs started by hand. */
export const MANUAL_ORIGIN = 0;

export function isRunOrigin(text: string): text is RunOrigin {
  return (RUN_ORIGINS as readonly string[]).includes(text);
}

/** The label of a run started by hand: `POST /api/runs` {"label"} and `spanscope run start LABEL` read it here. */
import { QueryError } from './query-error';

export const MAX_RUN_LABEL_CHARACTERS = 200;

const EXAMPLE = 'send {"label": "a name for the run"}';

/** The label of a `POST /api/runs` body. */
export function parseRunStart(body: Buffer): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw new QueryError(`the body is not JSON; ${EXAMPLE}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || !('label' in parsed)) throw new QueryError(`the body has no "label"; ${EXAMPLE}`);
  const { label } = parsed as { label: unknown };
  if (typeof label !== 'string') throw new QueryError(`"label" must be text, not ${JSON.stringify(label)}; ${EXAMPLE}`);
  return checkRunLabel(label);
}

/** The label trimmed; a QueryError naming what is wrong with it. */
export function checkRunLabel(text: string): string {
  const label = text.trim();
  if (label === '') throw new QueryError('the run\'s label is empty; name the run, after the build or the branch for instance');
  if (label.length > MAX_RUN_LABEL_CHARACTERS) throw new QueryError(`the run's label has ${label.length} characters; ${MAX_RUN_LABEL_CHARACTERS} at most`);
  const control = /[\u0000-\u001f\u007f]/.exec(label);
  if (control) throw new QueryError(`the run's label holds a control character (U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}); use plain text`);
  return label;
}

import { SCOPED_INTRINSICS, UNSCOPED_INTRINSIC_NAMES } from '../model/traceql-names';
import type { AttributeScope, IntrinsicName } from './ast';

/** The value type of an intrinsic; `any` for `parent`, whose type Tempo leaves open. */
export type IntrinsicType = 'duration' | 'string' | 'int' | 'status' | 'kind' | 'any';

export const INTRINSIC_TYPES: Record<IntrinsicName, IntrinsicType> = {
  'span:duration': 'duration',
  'span:name': 'string',
  'span:status': 'status',
  'span:statusMessage': 'string',
  'span:kind': 'kind',
  'span:id': 'string',
  'span:parentID': 'string',
  'span:childCount': 'int',
  'trace:duration': 'duration',
  'trace:rootName': 'string',
  'trace:rootService': 'string',
  'trace:id': 'string',
  'event:name': 'string',
  'event:timeSinceStart': 'duration',
  'link:traceID': 'string',
  'link:spanID': 'string',
  'instrumentation:name': 'string',
  'instrumentation:version': 'string',
  parent: 'any',
  nestedSetLeft: 'int',
  nestedSetRight: 'int',
  nestedSetParent: 'int',
};

/** The unscoped spellings Tempo still reads, each with the intrinsic it means (the list lives in the model, for the editor too). */
export const UNSCOPED_INTRINSICS: Record<string, IntrinsicName> = UNSCOPED_INTRINSIC_NAMES;

/** The intrinsics each `scope:` has (Tempo's scopedIntrinsicField). */
export { SCOPED_INTRINSICS };

/** Words that start an attribute when a '.' follows them (`span.x`), and the scope each gives. */
export const ATTRIBUTE_SCOPES: Record<string, AttributeScope | 'parent'> = {
  span: 'span',
  resource: 'resource',
  event: 'event',
  link: 'link',
  instrumentation: 'instrumentation',
  parent: 'parent',
};

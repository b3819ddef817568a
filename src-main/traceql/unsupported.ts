import type { ParsedQuery, ScalarFilter } from './ast';
import { TraceQLUnsupportedError } from './errors';
import { allNodes } from './walk';

/**
 * Features Tempo's grammar reads that Spanscope does not answer, by name. They are the ones Tempo's own
 * test list (test_examples.yaml, "unsupported") marks; nil comparisons, which it lists there too, are
 * supported (as Tempo does now: `span.foo = nil` is "span.foo is not set").
 */
export function findUnsupportedFeature(query: ParsedQuery): TraceQLUnsupportedError | null {
  const { source } = query;
  for (const node of allNodes(query)) {
    if (node.type === 'attribute' && node.parent) {
      return new TraceQLUnsupportedError('parent. attributes', 'parent. attributes are not supported yet', source, node.from, node.to);
    }
    if (node.type === 'intrinsic' && node.name === 'parent') {
      return new TraceQLUnsupportedError('the parent intrinsic', 'the parent intrinsic is not supported yet; to relate spans use { … } > { … }', source, node.from, node.to);
    }
    if (node.type === 'intrinsic' && node.spelling === 'childCount') {
      return new TraceQLUnsupportedError('childCount without a scope', 'childCount without a scope is not supported; write span:childCount', source, node.from, node.to);
    }
  }
  return null;
}

/**
 * Scalar filters Spanscope evaluates are an aggregate compared with a literal (`count() > 2`); Tempo
 * parses more (arithmetic on aggregates, aggregates on both sides, pipelines compared) and answers none.
 */
export function unsupportedScalarFilter(filter: ScalarFilter, source: string): TraceQLUnsupportedError | null {
  const { lhs, rhs } = filter;
  const error = (feature: string, detail: string) => new TraceQLUnsupportedError(feature, detail, source, filter.from, filter.to);
  if (lhs.type === 'pipeline' || (lhs.type === 'scalarOperation' && [...allNodes(lhs)].some((n) => n.type === 'pipeline'))) {
    return error('comparisons between pipelines', 'comparisons between pipelines, such as ({ … } | count()) > ({ … } | count()), are not supported yet');
  }
  if (lhs.type === 'static') {
    return error('scalar filters without an aggregate', 'a scalar filter that starts with a number is not supported yet; start it with an aggregate, for example count() > 2');
  }
  if (lhs.type === 'scalarOperation') {
    return error('arithmetic on aggregates', 'arithmetic on aggregates, such as max(duration) - min(duration), is not supported yet; compare one aggregate with a number');
  }
  if (rhs.type !== 'static') {
    return error(
      'comparisons with an aggregate or arithmetic on the right',
      'comparing an aggregate with another aggregate or with arithmetic is not supported yet; compare it with a number such as 2 or 100ms',
    );
  }
  return null;
}

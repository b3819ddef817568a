/**
 * TraceQL for CodeMirror: Grafana's Lezer grammar with highlighting tags, coloured by the theme's `--syntax-*`
 * tokens (so a theme change needs no reconfiguration). The grammar only colours: the core's parser decides what is
 * valid (it accepts queries this grammar does not, such as `span:childCount`).
 */
import { HighlightStyle, LRLanguage, LanguageSupport, syntaxHighlighting } from '@codemirror/language';
import { styleTags, tags as t } from '@lezer/highlight';
import { parser } from '@grafana/lezer-traceql';

const traceqlLanguage = LRLanguage.define({
  name: 'traceql',
  parser: parser.configure({
    props: [
      styleTags({
        'LineComment BlockComment': t.comment,
        String: t.string,
        'Integer Float Duration': t.number,
        Static: t.atom,
        IntrinsicField: t.keyword,
        'AttributeField/Identifier Identifier': t.propertyName,
        'Resource Span Event Link Instrumentation Parent': t.namespace,
        'FieldOp ComparisonOp ScalarOp And Or Gt Lt Desc Anc Pipe UnionStructuralOp ExperimentalOp': t.operator,
        'Aggregate/... GroupOperation/... SelectOperation/... CoalesceOperation/...': t.function(t.name),
        'MetricsOperation/... MetricsAggregatorFunctions/...': t.function(t.name),
      }),
    ],
  }),
  languageData: { commentTokens: { line: '//', block: { open: '/*', close: '*/' } }, closeBrackets: { brackets: ['(', '{', '"'] } },
});

const highlightStyle = HighlightStyle.define([
  { tag: t.comment, color: 'var(--syntax-comment)', fontStyle: 'italic' },
  { tag: t.string, color: 'var(--syntax-string)' },
  { tag: t.number, color: 'var(--syntax-number)' },
  { tag: t.atom, color: 'var(--syntax-number)' },
  { tag: t.keyword, color: 'var(--syntax-keyword)' },
  { tag: t.propertyName, color: 'var(--syntax-property)' },
  { tag: t.namespace, color: 'var(--syntax-scope)' },
  { tag: t.operator, color: 'var(--syntax-operator)' },
  { tag: t.function(t.name), color: 'var(--syntax-function)' },
]);

export function traceql(): LanguageSupport {
  return new LanguageSupport(traceqlLanguage, [syntaxHighlighting(highlightStyle)]);
}

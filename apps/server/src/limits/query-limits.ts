/**
 * Validation rules that refuse queries too deep or too expensive before they run, for HTTP and WebSocket alike.
 *
 * Cost: every field costs 1 plus the cost of its selection, times the field's list size: the `first`
 * argument of a connection, or LIST_ESTIMATE for a list without one. A 50x50 matrix's `values` is one field.
 */
import {
  type FieldNode,
  type FragmentDefinitionNode,
  GraphQLError,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  getNamedType,
  getNullableType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { ServerError } from '../errors.js';

/** Assumed length of a list field without a `first` argument. */
const LIST_ESTIMATE = 10;

export function createQueryLimitRules(limits: { maxDepth: number; maxComplexity: number }): ValidationRule[] {
  return [depthRule(limits.maxDepth), complexityRule(limits.maxComplexity)];
}

function depthRule(maxDepth: number): ValidationRule {
  return (context: ValidationContext) => ({
    OperationDefinition(operation) {
      const fragments = fragmentMap(context);
      const depth = selectionDepth(operation.selectionSet, fragments, new Set());
      if (depth > maxDepth) {
        const message = `query depth ${depth} exceeds the limit of ${maxDepth}; split it into smaller queries`;
        context.reportError(
          new GraphQLError(message, {
            nodes: [operation],
            originalError: new ServerError('QUERY_TOO_DEEP', message),
          }),
        );
      }
    },
  });
}

function complexityRule(maxComplexity: number): ValidationRule {
  return (context: ValidationContext) => ({
    OperationDefinition(operation) {
      const schema = context.getSchema();
      const root =
        operation.operation === 'query'
          ? schema.getQueryType()
          : operation.operation === 'mutation'
            ? schema.getMutationType()
            : schema.getSubscriptionType();
      if (!root) return;
      const cost = selectionCost(
        schema,
        root,
        operation.selectionSet,
        fragmentMap(context),
        context.getDocument().definitions.length,
      );
      if (cost > maxComplexity) {
        const message = `query cost ${Math.round(cost)} exceeds the limit of ${maxComplexity}; ask for fewer fields or smaller pages (first)`;
        context.reportError(
          new GraphQLError(message, {
            nodes: [operation],
            originalError: new ServerError('QUERY_TOO_COMPLEX', message),
          }),
        );
      }
    },
  });
}

function fragmentMap(context: ValidationContext): Map<string, FragmentDefinitionNode> {
  const map = new Map<string, FragmentDefinitionNode>();
  for (const def of context.getDocument().definitions) {
    if (def.kind === Kind.FRAGMENT_DEFINITION) map.set(def.name.value, def);
  }
  return map;
}

function selectionDepth(
  set: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
  seen: Set<string>,
): number {
  let max = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      const child = selection.selectionSet ? selectionDepth(selection.selectionSet, fragments, seen) : 0;
      max = Math.max(max, 1 + child);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      max = Math.max(max, selectionDepth(selection.selectionSet, fragments, seen));
    } else {
      const name = selection.name.value;
      const fragment = fragments.get(name);
      // A fragment cycle is reported by graphql's own NoFragmentCycles rule; stop here.
      if (!fragment || seen.has(name)) continue;
      max = Math.max(max, selectionDepth(fragment.selectionSet, fragments, new Set([...seen, name])));
    }
  }
  return max;
}

function selectionCost(
  schema: GraphQLSchema,
  type: GraphQLNamedType,
  set: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
  guard: number,
): number {
  if (guard > 1000) return Number.POSITIVE_INFINITY;
  let cost = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      cost += fieldCost(schema, type, selection, fragments, guard);
    } else {
      const fragment =
        selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments.get(selection.name.value);
      if (!fragment) continue;
      const condition = fragment.typeCondition ? schema.getType(fragment.typeCondition.name.value) : type;
      if (condition) cost += selectionCost(schema, condition, fragment.selectionSet, fragments, guard + 1);
    }
  }
  return cost;
}

function fieldCost(
  schema: GraphQLSchema,
  parent: GraphQLNamedType,
  node: FieldNode,
  fragments: Map<string, FragmentDefinitionNode>,
  guard: number,
): number {
  const field: GraphQLField<unknown, unknown> | undefined =
    isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[node.name.value] : undefined;
  if (!field || !node.selectionSet) return 1;
  const child = selectionCost(schema, getNamedType(field.type), node.selectionSet, fragments, guard + 1);
  return 1 + child * listSize(field, node);
}

function listSize(field: GraphQLField<unknown, unknown>, node: FieldNode): number {
  // A connection's size is counted at the connection field (its `first`), not again at its edges.
  if (field.name === 'edges') return 1;
  const first = node.arguments?.find((a) => a.name.value === 'first');
  if (first?.value.kind === Kind.INT) return Number(first.value.value);
  // A variable `first` is checked against the page limit (100) when it runs; assume the worst.
  if (first) return 100;
  if (field.args.some((a) => a.name === 'first')) return 20;
  return isListType(getNullableType(field.type)) ? LIST_ESTIMATE : 1;
}

// Resolves and type-checks a derived-column expression against a dataset's columns and
// saved derived columns: unknown columns (with a did-you-mean), unknown functions, wrong
// argument counts and types, and cycles between derived columns are refused with the
// position of the fault. A reference to another derived column is expanded in place.
import type { FieldInfo, FieldType } from '../dataset-schema.ts';
import { closestName } from '../did-you-mean.ts';
import { ExpressionError, type Position } from './expression-error.ts';
import { FUNCTIONS, FUNCTION_NAMES } from './expression-functions.ts';
import type { TypedExpression } from './expression-types.ts';
import { parseExpression, type ExpressionNode } from './parse-expression.ts';
import { COLUMN_CHAR } from './tokenize-expression.ts';

/** What an expression can refer to. */
export interface ExpressionScope {
  /** Sent fields by name. */
  readonly fields: ReadonlyMap<string, FieldInfo>;
  /** Derived columns by name (alias), as expression text. */
  readonly derived?: ReadonlyMap<string, string>;
}

/**
 * The checked tree of `text`. `name` is the derived column being defined, if any, so a
 * reference back to it is reported as a cycle.
 * @throws ExpressionError
 */
export function checkExpression(text: string, scope: ExpressionScope, name?: string): TypedExpression {
  return checkTree(parseExpression(text), scope, name === undefined ? [] : [name]);
}

/** The result type of a derived column as a field type; a column null everywhere reads as a float. */
export function derivedFieldType(expression: TypedExpression): FieldType {
  return expression.type === 'null' ? 'float' : expression.type;
}

function checkTree(root: ExpressionNode, scope: ExpressionScope, resolving: readonly string[]): TypedExpression {
  const visit = (node: ExpressionNode): TypedExpression => {
    switch (node.kind) {
      case 'literal':
        return {
          kind: 'literal',
          value: node.value,
          type:
            node.value === null
              ? 'null'
              : typeof node.value === 'string'
                ? 'string'
                : typeof node.value === 'boolean'
                  ? 'boolean'
                  : node.integer
                    ? 'integer'
                    : 'float',
          at: node.at,
        };
      case 'column':
        return column(node.name, node.at);
      case 'call': {
        const fn = node.name.toUpperCase();
        const signature = Object.hasOwn(FUNCTIONS, fn) ? FUNCTIONS[fn] : undefined;
        if (!signature) {
          const suggestion = closestName(node.name, FUNCTION_NAMES);
          throw new ExpressionError(`unknown function ${node.name}${suggestion ? `; did you mean ${suggestion}?` : ''}`, node.at);
        }
        const count = node.args.length;
        if (count < signature.min || count > signature.max) {
          const expected =
            signature.min === signature.max
              ? `${signature.min} argument${signature.min === 1 ? '' : 's'}`
              : signature.max === Infinity
                ? `at least ${signature.min} argument${signature.min === 1 ? '' : 's'}`
                : `${signature.min} to ${signature.max} arguments`;
          throw new ExpressionError(`${fn} expects ${expected}, got ${count} (${signature.usage})`, node.at);
        }
        const args = node.args.map(visit);
        return { kind: 'call', fn, args, type: signature.result(args, node.at), at: node.at };
      }
    }
  };

  const column = (name: string, at: Position): TypedExpression => {
    const derived = scope.derived?.get(name);
    if (derived !== undefined) {
      if (resolving.includes(name)) {
        throw new ExpressionError(`derived columns refer to each other in a cycle: ${[...resolving, name].map((n) => `$${n}`).join(' → ')}`, at);
      }
      try {
        return checkTree(parseExpression(derived), scope, [...resolving, name]);
      } catch (error) {
        if (!(error instanceof ExpressionError)) throw error;
        // Reported where this expression refers to it: the position inside the other text means nothing here.
        if (error.detail.startsWith('derived columns refer')) throw new ExpressionError(error.detail, at);
        throw new ExpressionError(`derived column $${name} does not work: ${error.message}`, at);
      }
    }
    const field = scope.fields.get(name);
    if (field) return { kind: 'field', field, type: field.type, at };
    const suggestion = closestName(name, [...scope.fields.keys(), ...(scope.derived?.keys() ?? [])]);
    throw new ExpressionError(`no column ${JSON.stringify(name)}${suggestion ? `; did you mean $${quoteColumn(suggestion)}?` : ''}`, at);
  };

  return visit(root);
}

/** A column name as an expression writes it: bare where the syntax allows, quoted otherwise. */
export function quoteColumn(name: string): string {
  return [...name].every((ch) => COLUMN_CHAR.test(ch)) && name.length > 0 ? name : JSON.stringify(name);
}

import {
  EXPRESSION_FUNCTIONS,
  EXPRESSION_OPERATORS,
  FUNCTION_NAMES,
} from '../../../shared/expression-functions';

/**
 * The expression language's functions and operators, one example each, from the shared
 * catalogue the checker uses: the help cannot list a function the language refuses.
 */
export function ExpressionHelp() {
  return (
    <details className="code-details expression-help">
      <summary>Functions and operators</summary>
      <table className="expression-help-table">
        <tbody>
          {FUNCTION_NAMES.map((name) => {
            const fn = EXPRESSION_FUNCTIONS[name];
            return (
              <tr key={name}>
                <td>
                  <code>{fn.signature}</code>
                </td>
                <td>{fn.does}</td>
                <td>
                  <code>{fn.example}</code>
                </td>
              </tr>
            );
          })}
          {EXPRESSION_OPERATORS.map((op) => (
            <tr key={op.operator}>
              <td>
                <code>{op.operator}</code>
              </td>
              <td>{op.does}</td>
              <td>
                <code>{op.example}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

// Column names in an expression come from telemetry: the editor shows them, and the
// checker's messages that quote them, as text.
import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { ExpressionEditor } from './expression-editor.tsx';

const HOSTILE = '<img src=x onerror=alert(1)>';

describe('the expression editor', () => {
  it('renders hostile names and messages as text, the error span marked', () => {
    const expression = `GT($"${HOSTILE}", 1)`;
    const html = renderToStaticMarkup(
      <ExpressionEditor
        value={expression}
        onChange={() => {}}
        problem={{ message: `no column "${HOSTILE}" at 1:4`, offset: 3 }}
        columns={[{ name: HOSTILE, type: 'string', firstSeen: '', lastSeen: '' }]}
        label="Expression"
      />,
    );
    expect(html).not.toMatch(/<img\b/i);
    expect(html).toContain('<span class="tok-column expression-error">$&quot;&lt;img src=x onerror=alert(1)&gt;&quot;</span>');
    expect(html).toContain('role="alert">no column &quot;&lt;img src=x onerror=alert(1)&gt;&quot; at 1:4</div>');
  });
});

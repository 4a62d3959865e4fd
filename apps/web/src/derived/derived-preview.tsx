// The live preview: the values the engine computes for the expression on the dataset's
// recent events, beside the columns it reads and how many events have each. Values are text.
import { quoteColumn } from '@flashlight/query';
import { runQuery } from '../api/client.ts';
import { FieldText } from '../ui/field-text.tsx';
import { useAsync } from '../ui/use-async.ts';
import { PREVIEW_ROWS, type Preview } from './preview-query.ts';

function Cell({ value }: { value: unknown }) {
  return value === null || value === undefined ? <span className="muted">missing</span> : <FieldText value={value} />;
}

export function DerivedPreview({ dataset, preview }: { dataset: string; preview: Preview }) {
  const answer = useAsync((signal) => runQuery(dataset, preview.query, signal), [dataset, JSON.stringify(preview.query)]);
  if (answer.status === 'loading') return <div className="derived-preview muted">Computing the preview…</div>;
  if (answer.status === 'error') {
    return (
      <div className="derived-preview error-text" role="alert">
        The preview failed: {answer.error.message}
      </div>
    );
  }
  const rows = answer.data.results;
  return (
    <div className="derived-preview" aria-label="Preview">
      <div className="muted">
        {rows.length === 0
          ? 'No events in the hour up to the newest one.'
          : `Its ${rows.length < PREVIEW_ROWS ? rows.length : `${PREVIEW_ROWS} most common`} values on the events of the hour up to the newest one, with the columns it reads:`}
      </div>
      {rows.length > 0 && (
        <table className="derived-preview-table">
          <thead>
            <tr>
              <th className="derived-value">{preview.name}</th>
              {preview.inputs.map((input) => (
                <th key={input}>${quoteColumn(input)}</th>
              ))}
              <th className="num">events</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => (
              <tr key={i}>
                <td className="derived-value" data-column="value">
                  <Cell value={row.data[preview.name]} />
                </td>
                {preview.inputs.map((input) => (
                  <td key={input}>
                    <Cell value={row.data[input]} />
                  </td>
                ))}
                <td className="num">
                  <Cell value={row.data.COUNT} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

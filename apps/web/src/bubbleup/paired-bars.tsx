// One column of a BubbleUp: each value's share of the selection and of the baseline as
// two bars side by side. Values are telemetry: shown as text only.
import { FieldText } from '../ui/field-text.tsx';
import { Link } from '../ui/navigation.tsx';
import { formatNumber } from '../results/chart-axes.ts';
import type { RankedColumn, ValueShare } from './bubbleup-api.ts';

/** Values shown per column; the rest are summed as "other values". */
const SHOWN_VALUES = 8;

const percent = (share: number) => `${(share * 100).toFixed(share > 0 && share < 0.01 ? 1 : 0)}%`;

function label(share: ValueShare): string {
  if (share.range) return `${formatNumber(share.range[0])} – ${formatNumber(share.range[1])}`;
  return share.value === null ? '(missing)' : String(share.value);
}

interface Props {
  column: RankedColumn;
  /** Adds the value to the query as a filter; null where the query cannot take more filters. */
  onFilter: ((share: ValueShare) => void) | null;
  /** A link to the entity lens of the value, where one makes sense. */
  lensHref: ((share: ValueShare) => string | null) | null;
}

export function PairedBars({ column, onFilter, lensHref }: Props) {
  // Buckets read in order; values by how much their shares differ, those with too few events to tell last.
  const values =
    column.kind === 'buckets'
      ? column.values
      : [...column.values].sort(
          (a, b) => Number(a.uncertain ?? false) - Number(b.uncertain ?? false) || Math.abs(b.selected - b.baseline) - Math.abs(a.selected - a.baseline),
        );
  const shown = values.slice(0, column.kind === 'buckets' ? values.length : SHOWN_VALUES);
  const hidden = values.slice(shown.length);
  const rest = {
    selected: column.other.selected + hidden.reduce((sum, v) => sum + v.selected, 0),
    baseline: column.other.baseline + hidden.reduce((sum, v) => sum + v.baseline, 0),
  };
  return (
    <table className="paired-bars">
      <tbody>
        {shown.map((share, i) => {
          const href = lensHref?.(share) ?? null;
          return (
            <tr key={i} data-value={label(share)} className={share.uncertain ? 'uncertain' : undefined}>
              <td className="paired-label">
                {onFilter ? (
                  <button
                    type="button"
                    className="link"
                    title={`Filter the query to ${column.field} ${share.range ? 'in' : '='} this value`}
                    onClick={() => onFilter(share)}
                  >
                    <FieldText value={label(share)} />
                  </button>
                ) : (
                  <FieldText value={label(share)} />
                )}
                {share.uncertain && <span className="too-few">too few events</span>}
                {href && (
                  <Link className="lens-link" href={href} title={`The entity lens of this ${column.field}`}>
                    lens
                  </Link>
                )}
              </td>
              <td className="paired-bars-cell">
                <Bar share={share.selected} kind="selected" />
                <Bar share={share.baseline} kind="baseline" />
              </td>
            </tr>
          );
        })}
        {(rest.selected > 0.0005 || rest.baseline > 0.0005) && (
          <tr className="muted" data-value="(other values)">
            <td className="paired-label">(other values)</td>
            <td className="paired-bars-cell">
              <Bar share={rest.selected} kind="selected" />
              <Bar share={rest.baseline} kind="baseline" />
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}

function Bar({ share, kind }: { share: number; kind: 'selected' | 'baseline' }) {
  return (
    <div className={`paired-bar ${kind}`} title={`${percent(share)} of the ${kind === 'selected' ? 'selection' : 'baseline'}`}>
      <span className="paired-fill" style={{ width: `${Math.min(100, share * 100)}%` }} />
      <span className="paired-share">{percent(share)}</span>
    </div>
  );
}

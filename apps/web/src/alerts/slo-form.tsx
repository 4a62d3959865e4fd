// Makes or changes an SLO: which events count (optional filters), what makes one good
// (filters, all of which must hold), the target and its window, and an optional webhook.
// Changing keeps what the form does not show (good_combination, further webhooks).
import { createSlo, definitionOf, updateSlo, type Slo } from './alerts-api.ts';
import { AlertField } from './alert-field.tsx';
import { formatFilters, parseFilters } from '../query/filters-text.ts';
import { useAlertForm } from './use-alert-form.ts';

function fieldsOf(slo: Slo | null) {
  if (!slo) return { name: '', dataset: '', scope: '', good: '', target: '99.9', days: '30', webhook: '' };
  return {
    name: slo.name,
    dataset: slo.dataset,
    scope: formatFilters(slo.scope),
    good: formatFilters(slo.good),
    target: String(slo.target_percent),
    days: String(slo.window_days),
    webhook: slo.recipients[0]?.url ?? '',
  };
}

interface Props {
  /** The SLO to change; null makes a new one. */
  editing: Slo | null;
  onSaved: () => void;
  onCancel: () => void;
}

export function SloForm({ editing, onSaved, onCancel }: Props) {
  const { fields, set, error, submit } = useAlertForm(
    fieldsOf(editing),
    async (fields) => {
      const scope = parseFilters(fields.scope);
      if (!scope.ok) throw new Error(scope.error);
      const good = parseFilters(fields.good);
      if (!good.ok) throw new Error(good.error);
      const before = editing ? definitionOf(editing) : null;
      const slo = {
        ...before,
        name: fields.name,
        dataset: fields.dataset,
        scope: scope.value,
        good: good.value,
        target_percent: Number(fields.target),
        window_days: Number(fields.days),
        recipients: [...(fields.webhook.trim() ? [{ url: fields.webhook.trim() }] : []), ...(before?.recipients.slice(1) ?? [])],
      };
      await (editing ? updateSlo(editing.id, slo) : createSlo(slo));
    },
    onSaved,
  );
  return (
    <form className="alert-form" aria-label={editing ? `Change SLO ${editing.name}` : 'New SLO'} onSubmit={submit}>
      <AlertField label="Name">
        <input value={fields.name} onChange={set('name')} />
      </AlertField>
      <AlertField label="Dataset">
        <input value={fields.dataset} onChange={set('dataset')} />
      </AlertField>
      <AlertField label="Events counted (optional)" wide>
        <input placeholder="name = checkout" value={fields.scope} onChange={set('scope')} />
      </AlertField>
      <AlertField label="Good events" wide>
        <input placeholder="duration_ms < 300 AND error != true" value={fields.good} onChange={set('good')} />
      </AlertField>
      <AlertField label="Target (%)">
        <input className="minutes" value={fields.target} onChange={set('target')} />
      </AlertField>
      <AlertField label="Window (days)">
        <input className="minutes" value={fields.days} onChange={set('days')} />
      </AlertField>
      <AlertField label="Webhook URL (optional)" wide>
        <input value={fields.webhook} onChange={set('webhook')} />
      </AlertField>
      <div className="alert-form-actions">
        <button type="submit" className="primary">
          {editing ? 'Save SLO' : 'Create SLO'}
        </button>
        {editing && (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
      {error && (
        <div role="alert" className="error-text">
          {error}
        </div>
      )}
    </form>
  );
}

// Makes or changes a trigger from a few typed clauses: one calculation, optional filters,
// a threshold, how often and over how long to check, and an optional webhook. Changing
// keeps what the form does not show (breakdowns, further webhooks) as it was.
import { formatCalculation, parseCalculation } from '@flashlight/query/clauses';
import { createTrigger, definitionOf, updateTrigger, type Trigger } from './alerts-api.ts';
import { AlertField } from './alert-field.tsx';
import { formatFilters, parseFilters } from '../query/filters-text.ts';
import { useAlertForm } from './use-alert-form.ts';

const OPS = ['>', '>=', '<', '<='] as const;

function fieldsOf(trigger: Trigger | null) {
  if (!trigger) return { name: '', dataset: '', calculation: 'COUNT', filter: '', op: '>', value: '', minutes: '1', window: '5', webhook: '' };
  return {
    name: trigger.name,
    dataset: trigger.dataset,
    calculation: formatCalculation(trigger.query.calculation),
    filter: formatFilters(trigger.query.filters),
    op: trigger.threshold.op,
    value: String(trigger.threshold.value),
    minutes: String(trigger.frequency_seconds / 60),
    window: String(trigger.duration_seconds / 60),
    webhook: trigger.recipients[0]?.url ?? '',
  };
}

interface Props {
  /** The trigger to change; null makes a new one. */
  editing: Trigger | null;
  onSaved: () => void;
  onCancel: () => void;
}

export function TriggerForm({ editing, onSaved, onCancel }: Props) {
  const { fields, set, error, submit } = useAlertForm(
    fieldsOf(editing),
    async (fields) => {
      const calculation = parseCalculation(fields.calculation);
      if (!calculation.ok) throw new Error(calculation.error);
      const filters = parseFilters(fields.filter);
      if (!filters.ok) throw new Error(filters.error);
      const before = editing ? definitionOf(editing) : null;
      const trigger = {
        ...before,
        name: fields.name,
        dataset: fields.dataset,
        query: { ...before?.query, calculation: calculation.value, filters: filters.value },
        threshold: { op: fields.op as (typeof OPS)[number], value: Number(fields.value) },
        frequency_seconds: Number(fields.minutes) * 60,
        duration_seconds: Number(fields.window) * 60,
        recipients: [...(fields.webhook.trim() ? [{ url: fields.webhook.trim() }] : []), ...(before?.recipients.slice(1) ?? [])],
      };
      await (editing ? updateTrigger(editing.id, trigger) : createTrigger(trigger));
    },
    onSaved,
  );
  return (
    <form className="alert-form" aria-label={editing ? `Change trigger ${editing.name}` : 'New trigger'} onSubmit={submit}>
      <AlertField label="Name">
        <input value={fields.name} onChange={set('name')} />
      </AlertField>
      <AlertField label="Dataset">
        <input value={fields.dataset} onChange={set('dataset')} />
      </AlertField>
      <AlertField label="Calculation">
        <input placeholder="P99(duration_ms)" value={fields.calculation} onChange={set('calculation')} />
      </AlertField>
      <AlertField label="Where (optional)" wide>
        <input placeholder="error = true AND http.route = /cart" value={fields.filter} onChange={set('filter')} />
      </AlertField>
      <AlertField label="Alert when">
        <select value={fields.op} onChange={set('op') as never}>
          {OPS.map((op) => (
            <option key={op} value={op}>
              {op}
            </option>
          ))}
        </select>
      </AlertField>
      <AlertField label="Threshold">
        <input inputMode="decimal" value={fields.value} onChange={set('value')} />
      </AlertField>
      <AlertField label="Check every (min)">
        <input className="minutes" value={fields.minutes} onChange={set('minutes')} />
      </AlertField>
      <AlertField label="Looking back (min)">
        <input className="minutes" value={fields.window} onChange={set('window')} />
      </AlertField>
      <AlertField label="Webhook URL (optional)" wide>
        <input value={fields.webhook} onChange={set('webhook')} />
      </AlertField>
      <div className="alert-form-actions">
        <button type="submit" className="primary">
          {editing ? 'Save trigger' : 'Create trigger'}
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

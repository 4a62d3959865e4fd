// Creates a trigger from a few typed clauses: one calculation, an optional filter, a
// threshold, how often and over how long to check, and an optional webhook.
import { parseCalculation, parseFilter } from '../query/clause-text.ts';
import { createTrigger } from './alerts-api.ts';
import { useCreateForm } from './use-create-form.ts';

const OPS = ['>', '>=', '<', '<='] as const;

export function NewTriggerForm({ onCreated }: { onCreated: () => void }) {
  const { fields, set, error, submit } = useCreateForm(
    { name: '', dataset: '', calculation: 'COUNT', filter: '', op: '>', value: '', minutes: '1', window: '5', webhook: '' },
    async (fields) => {
      const calculation = parseCalculation(fields.calculation);
      if (!calculation.ok) throw new Error(calculation.error);
      const filter = fields.filter.trim() ? parseFilter(fields.filter, () => undefined) : null;
      if (filter && !filter.ok) throw new Error(filter.error);
      await createTrigger({
        name: fields.name,
        dataset: fields.dataset,
        query: { calculation: calculation.value, filters: filter?.ok ? [filter.value] : [] },
        threshold: { op: fields.op as (typeof OPS)[number], value: Number(fields.value) },
        frequency_seconds: Number(fields.minutes) * 60,
        duration_seconds: Number(fields.window) * 60,
        recipients: fields.webhook.trim() ? [{ url: fields.webhook.trim() }] : [],
      });
    },
    onCreated,
  );
  return (
    <form className="alert-form" onSubmit={submit}>
      <input aria-label="Trigger name" placeholder="Name" value={fields.name} onChange={set('name')} />
      <input aria-label="Trigger dataset" placeholder="Dataset" value={fields.dataset} onChange={set('dataset')} />
      <input aria-label="Trigger calculation" placeholder="P99(duration_ms)" value={fields.calculation} onChange={set('calculation')} />
      <input aria-label="Trigger filter" placeholder="error = true (optional)" value={fields.filter} onChange={set('filter')} />
      <select aria-label="Threshold operator" value={fields.op} onChange={set('op') as never}>
        {OPS.map((op) => <option key={op} value={op}>{op}</option>)}
      </select>
      <input aria-label="Threshold" placeholder="Threshold" inputMode="decimal" value={fields.value} onChange={set('value')} />
      <label>every <input aria-label="Minutes between checks" className="minutes" value={fields.minutes} onChange={set('minutes')} /> min</label>
      <label>over <input aria-label="Minutes looked back" className="minutes" value={fields.window} onChange={set('window')} /> min</label>
      <input aria-label="Webhook URL" placeholder="Webhook URL (optional)" value={fields.webhook} onChange={set('webhook')} />
      <button type="submit" className="primary">Create trigger</button>
      {error && <div role="alert" className="error-text">{error}</div>}
    </form>
  );
}

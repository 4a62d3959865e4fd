// Creates an SLO: which events count (optional filter), what makes one good (filters,
// all of which must hold), the target and its window, and an optional webhook.
import type { Filter } from '../api/query-spec.ts';
import { parseFilter } from '../query/clause-text.ts';
import { createSlo } from './alerts-api.ts';
import { useCreateForm } from './use-create-form.ts';

/** Filters typed one per comma: `duration_ms < 300, error != true`. */
function parseFilters(text: string): { ok: true; value: Filter[] } | { ok: false; error: string } {
  const value: Filter[] = [];
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const parsed = parseFilter(part, () => undefined);
    if (!parsed.ok) return parsed;
    value.push(parsed.value);
  }
  return { ok: true, value };
}

export function NewSloForm({ onCreated }: { onCreated: () => void }) {
  const { fields, set, error, submit } = useCreateForm(
    { name: '', dataset: '', scope: '', good: '', target: '99.9', days: '30', webhook: '' },
    async (fields) => {
      const scope = parseFilters(fields.scope);
      if (!scope.ok) throw new Error(scope.error);
      const good = parseFilters(fields.good);
      if (!good.ok) throw new Error(good.error);
      await createSlo({
        name: fields.name,
        dataset: fields.dataset,
        scope: scope.value,
        good: good.value,
        target_percent: Number(fields.target),
        window_days: Number(fields.days),
        recipients: fields.webhook.trim() ? [{ url: fields.webhook.trim() }] : [],
      });
    },
    onCreated,
  );
  return (
    <form className="alert-form" onSubmit={submit}>
      <input aria-label="SLO name" placeholder="Name" value={fields.name} onChange={set('name')} />
      <input aria-label="SLO dataset" placeholder="Dataset" value={fields.dataset} onChange={set('dataset')} />
      <input aria-label="SLO scope" placeholder="Counts: name = checkout (optional)" value={fields.scope} onChange={set('scope')} />
      <input aria-label="SLO good events" placeholder="Good: duration_ms < 300, error != true" value={fields.good} onChange={set('good')} />
      <label><input aria-label="SLO target percent" className="minutes" value={fields.target} onChange={set('target')} /> % over</label>
      <label><input aria-label="SLO window days" className="minutes" value={fields.days} onChange={set('days')} /> days</label>
      <input aria-label="SLO webhook URL" placeholder="Webhook URL (optional)" value={fields.webhook} onChange={set('webhook')} />
      <button type="submit" className="primary">Create SLO</button>
      {error && <div role="alert" className="error-text">{error}</div>}
    </form>
  );
}

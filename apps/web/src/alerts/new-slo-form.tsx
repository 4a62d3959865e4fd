// Creates an SLO: which events count (optional filter), what makes one good (filters,
// all of which must hold), the target and its window, and an optional webhook.
import { useState, type FormEvent } from 'react';
import type { Filter } from '../api/query-spec.ts';
import { parseFilter } from '../query/clause-text.ts';
import { createSlo } from './alerts-api.ts';

/** Filters typed one per comma: `duration_ms < 300, error = false`. */
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
  const [fields, setFields] = useState({ name: '', dataset: '', scope: '', good: '', target: '99.9', days: '30', webhook: '' });
  const [error, setError] = useState<string | null>(null);
  const set = (name: keyof typeof fields) => (e: { target: { value: string } }) => setFields({ ...fields, [name]: e.target.value });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const scope = parseFilters(fields.scope);
    if (!scope.ok) return setError(scope.error);
    const good = parseFilters(fields.good);
    if (!good.ok) return setError(good.error);
    try {
      await createSlo({
        name: fields.name,
        dataset: fields.dataset,
        scope: scope.value,
        good: good.value,
        target_percent: Number(fields.target),
        window_days: Number(fields.days),
        recipients: fields.webhook.trim() ? [{ url: fields.webhook.trim() }] : [],
      });
      setError(null);
      onCreated();
    } catch (failure) {
      setError((failure as Error).message);
    }
  };
  return (
    <form className="alert-form" onSubmit={submit}>
      <input aria-label="SLO name" placeholder="Name" value={fields.name} onChange={set('name')} />
      <input aria-label="SLO dataset" placeholder="Dataset" value={fields.dataset} onChange={set('dataset')} />
      <input aria-label="SLO scope" placeholder="Counts: name = checkout (optional)" value={fields.scope} onChange={set('scope')} />
      <input aria-label="SLO good events" placeholder="Good: duration_ms < 300, error = false" value={fields.good} onChange={set('good')} />
      <label><input aria-label="SLO target percent" className="minutes" value={fields.target} onChange={set('target')} /> % over</label>
      <label><input aria-label="SLO window days" className="minutes" value={fields.days} onChange={set('days')} /> days</label>
      <input aria-label="SLO webhook URL" placeholder="Webhook URL (optional)" value={fields.webhook} onChange={set('webhook')} />
      <button type="submit" className="primary">Create SLO</button>
      {error && <div role="alert" className="error-text">{error}</div>}
    </form>
  );
}

// The alerts page: every trigger with its threshold and which groups are triggered, and
// every SLO with its compliance, budget left and burn rates; each made, changed and
// deleted in place.
import { useState } from 'react';
import { formatNumber } from '../results/chart-axes.ts';
import { BubbleUpPanel } from '../bubbleup/bubbleup-panel.tsx';
import type { QuerySpec } from '../api/query-spec.ts';
import { routeToHref } from '../query/url-state.ts';
import { navigate } from '../ui/navigation.tsx';
import { useAsync } from '../ui/use-async.ts';
import { deleteSlo, deleteTrigger, fetchSloStatus, fetchSlos, fetchTriggers, type Slo, type SloReport, type Trigger } from './alerts-api.ts';
import { BurnDownLine } from './burn-down-line.tsx';
import { TriggerForm } from './trigger-form.tsx';
import { SloForm } from './slo-form.tsx';
import { triggerStateText } from './trigger-state.ts';
import './alerts.css';

const shown = (v: number | null | undefined, suffix = '') => (v === null || v === undefined ? '–' : formatNumber(v) + suffix);

function calculationText(trigger: Trigger): string {
  const { calculation, breakdowns } = trigger.query;
  const calc = calculation.column ? `${calculation.op}(${calculation.column})` : calculation.op;
  return breakdowns.length > 0 ? `${calc} by ${breakdowns.join(', ')}` : calc;
}

/** Edit and Delete for one row; a failed delete says why in the row. */
function RowActions({ name, onEdit, onDelete }: { name: string; onEdit: () => void; onDelete: () => Promise<unknown> }) {
  const [error, setError] = useState<string | null>(null);
  const remove = async () => {
    if (!confirm(`Delete "${name}"?`)) return;
    try {
      await onDelete();
    } catch (failure) {
      setError((failure as Error).message);
    }
  };
  return (
    <td className="row-actions">
      <button type="button" className="small" onClick={onEdit}>
        Edit
      </button>
      <button type="button" className="small" onClick={() => void remove()}>
        Delete
      </button>
      {error && (
        <div role="alert" className="error-text">
          {error}
        </div>
      )}
    </td>
  );
}

function TriggerRow({ trigger, onEdit, onDeleted }: { trigger: Trigger; onEdit: () => void; onDeleted: () => void }) {
  const state = triggerStateText(trigger.states);
  return (
    <tr data-trigger-id={trigger.id}>
      <td>{trigger.name}</td>
      <td>{trigger.dataset}</td>
      <td>
        {calculationText(trigger)} {trigger.threshold.op} {formatNumber(trigger.threshold.value)}
      </td>
      <td>
        every {trigger.frequency_seconds / 60} min over {trigger.duration_seconds / 60} min
      </td>
      <td data-column="state" className={state !== 'ok' && !trigger.disabled ? 'alert-firing' : 'muted'}>
        {trigger.disabled ? 'disabled' : state}
      </td>
      <RowActions name={trigger.name} onEdit={onEdit} onDelete={() => deleteTrigger(trigger.id).then(onDeleted)} />
    </tr>
  );
}

function SloRow({ slo, onBadEvents, onEdit, onDeleted }: { slo: Slo; onBadEvents: (report: SloReport) => void; onEdit: () => void; onDeleted: () => void }) {
  const status = useAsync((signal) => fetchSloStatus(slo.id, signal), [slo.id]);
  const s = status.data;
  const firing = s
    ? Object.entries(s.alerts)
        .filter(([, on]) => on)
        .map(([name]) => name.replace('_', ' '))
    : [];
  return (
    <tr data-slo-id={slo.id}>
      <td>{slo.name}</td>
      <td>{slo.dataset}</td>
      <td className="num">
        {slo.target_percent}% / {slo.window_days} d
      </td>
      <td className="num">{shown(s?.compliance_percent, '%')}</td>
      <td className="num" data-column="budget">
        {s?.budget_remaining == null ? '–' : `${formatNumber(s.budget_remaining * 100)}%`}
      </td>
      <td>{s && <BurnDownLine points={s.burn_down} />}</td>
      <td className="num">
        {shown(s?.burn_rates['60m'], 'x')} / {shown(s?.burn_rates['5m'], 'x')}
      </td>
      <td className={firing.length > 0 ? 'alert-firing' : 'muted'}>
        {status.status === 'error' ? status.error.message : firing.length > 0 ? firing.join(', ') : 'ok'}
      </td>
      <td>
        {s && s.bad > 0 && (
          <button type="button" className="small" onClick={() => onBadEvents(s)}>
            What the bad events share
          </button>
        )}
      </td>
      <RowActions name={slo.name} onEdit={onEdit} onDelete={() => deleteSlo(slo.id).then(onDeleted)} />
    </tr>
  );
}

export function AlertsPage() {
  const [version, setVersion] = useState(0);
  const reload = () => setVersion((n) => n + 1);
  const triggers = useAsync((signal) => fetchTriggers(signal), [version]);
  const slos = useAsync((signal) => fetchSlos(signal), [version]);
  const [editingTrigger, setEditingTrigger] = useState<Trigger | null>(null);
  const [editingSlo, setEditingSlo] = useState<Slo | null>(null);
  const [bad, setBad] = useState<SloReport | null>(null);
  const triggerSaved = () => (setEditingTrigger(null), reload());
  const sloSaved = () => (setEditingSlo(null), reload());
  return (
    <div className="alerts-page">
      <h1>Triggers</h1>
      <TriggerForm
        key={`trigger-${editingTrigger?.id ?? `new-${version}`}`}
        editing={editingTrigger}
        onSaved={triggerSaved}
        onCancel={() => setEditingTrigger(null)}
      />
      {triggers.status === 'error' && (
        <div role="alert" className="error-banner">
          {triggers.error.message}
        </div>
      )}
      {triggers.status === 'done' && triggers.data.length === 0 && <div className="muted">No triggers yet: make one with the form above.</div>}
      {triggers.status === 'done' && triggers.data.length > 0 && (
        <table className="alerts-table">
          <thead>
            <tr>
              <th>name</th>
              <th>dataset</th>
              <th>condition</th>
              <th>checked</th>
              <th>state</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {triggers.data.map((t) => (
              <TriggerRow key={t.id} trigger={t} onEdit={() => setEditingTrigger(t)} onDeleted={reload} />
            ))}
          </tbody>
        </table>
      )}
      <h2>SLOs</h2>
      <SloForm key={`slo-${editingSlo?.id ?? `new-${version}`}`} editing={editingSlo} onSaved={sloSaved} onCancel={() => setEditingSlo(null)} />
      {slos.status === 'error' && (
        <div role="alert" className="error-banner">
          {slos.error.message}
        </div>
      )}
      {slos.status === 'done' && slos.data.length === 0 && <div className="muted">No SLOs yet: make one with the form above.</div>}
      {slos.status === 'done' && slos.data.length > 0 && (
        <table className="alerts-table">
          <thead>
            <tr>
              <th>name</th>
              <th>dataset</th>
              <th>target</th>
              <th>compliance</th>
              <th>budget left</th>
              <th>burn-down</th>
              <th>burn 1h / 5m</th>
              <th>burn alerts</th>
              <th />
              <th />
            </tr>
          </thead>
          <tbody>
            {slos.data.map((s) => (
              <SloRow key={`${s.id}-${version}`} slo={s} onBadEvents={setBad} onEdit={() => setEditingSlo(s)} onDeleted={reload} />
            ))}
          </tbody>
        </table>
      )}
      {bad && (
        <BubbleUpPanel
          key={bad.id}
          state={{ dataset: bad.bad_events.dataset, query: bad.bad_events.query as QuerySpec, columns: [] }}
          selection={bad.bad_events.selection}
          title={`the events that burned the budget of ${bad.name}, against the good ones`}
          onNavigate={(next) => navigate(routeToHref({ page: 'query', state: next }))}
          onClose={() => setBad(null)}
        />
      )}
    </div>
  );
}

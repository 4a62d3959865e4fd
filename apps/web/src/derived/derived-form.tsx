// Making or changing one derived column: its name, description and expression, checked as
// it is typed (the error under the spot it names), its type, and a live preview of its
// values once it checks. Saving sends it to the server, which checks it once more.
import { useState } from 'react';
import { FUNCTIONS } from '@flashlight/query';
import { useDebounced } from '../ui/use-debounced.ts';
import { createDerivedColumn, updateDerivedColumn, type DerivedColumn } from './derived-api.ts';
import { aliasProblem, checkDerivedColumn, type DerivedScope } from './expression-check.ts';
import { ExpressionEditor } from './expression-editor.tsx';
import { DerivedPreview } from './derived-preview.tsx';
import { previewOf } from './preview-query.ts';

interface Props {
  /** Where it is saved: a dataset, or `__all__` for every dataset. */
  dataset: string;
  editing: DerivedColumn | null;
  scope: DerivedScope;
  /** The newest event of the dataset the preview reads. */
  lastEventAt: string | null;
  onSaved: () => void;
  onCancel: () => void;
}

/** A pause in typing this long runs the preview. */
const PREVIEW_DELAY_MS = 300;

export function DerivedForm({ dataset, editing, scope, lastEventAt, onSaved, onCancel }: Props) {
  const [alias, setAlias] = useState(editing?.alias ?? '');
  const [description, setDescription] = useState(editing?.description ?? '');
  const [expression, setExpression] = useState(editing?.expression ?? '');
  const [saving, setSaving] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);

  const check = expression.trim() ? checkDerivedColumn(alias.trim(), expression, scope) : null;
  const aliasIssue = alias.trim() ? aliasProblem(alias.trim(), scope) : null;
  // Strings, so a render that changes neither does not restart the wait.
  const settledAlias = useDebounced(alias.trim(), PREVIEW_DELAY_MS);
  const settledExpression = useDebounced(expression, PREVIEW_DELAY_MS);
  const preview =
    check?.ok && settledExpression.trim() && checkDerivedColumn(settledAlias, settledExpression, scope).ok
      ? previewOf(settledAlias, settledExpression, scope.columns, lastEventAt)
      : null;
  const completions = scope.columns.filter((c) => c.name !== alias.trim());

  const save = async () => {
    setSaving(true);
    setRefusal(null);
    try {
      const input = { alias: alias.trim(), expression, description };
      await (editing ? updateDerivedColumn(dataset, editing.id, input) : createDerivedColumn(dataset, input));
      onSaved();
    } catch (error) {
      setRefusal((error as Error).message);
    } finally {
      setSaving(false);
    }
  };

  const title = editing ? `Change derived column ${editing.alias}` : 'New derived column';
  return (
    <form
      className="derived-form"
      aria-label={title}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h2>{title}</h2>
      <div className="derived-form-names">
        <label className="derived-field">
          <span>Name</span>
          <input value={alias} onChange={(e) => setAlias(e.target.value)} spellCheck={false} placeholder="is_error" aria-invalid={aliasIssue !== null} />
        </label>
        <label className="derived-field wide">
          <span>Description (optional)</span>
          <input value={description} onChange={(e) => setDescription(e.target.value)} placeholder="what it answers" />
        </label>
      </div>
      {aliasIssue && (
        <div className="error-text" role="alert">
          {aliasIssue}
        </div>
      )}
      <div className="derived-field">
        <span>Expression</span>
        <ExpressionEditor value={expression} onChange={setExpression} problem={check && !check.ok ? check : null} columns={completions} label="Expression" />
        <span className="muted derived-hint">
          <code>$</code> completes a column, letters a function ({Object.keys(FUNCTIONS).length} of them: <code>IF</code>, <code>GTE</code>,{' '}
          <code>REG_VALUE</code>…).
          {check?.ok && (
            <>
              {' '}
              Its values are <strong data-testid="derived-type">{check.type}</strong>.
            </>
          )}
        </span>
      </div>
      {preview && <DerivedPreview dataset={dataset} preview={preview} />}
      {refusal && (
        <div className="error-banner" role="alert">
          Not saved: {refusal}
        </div>
      )}
      <div className="derived-form-actions">
        <button type="submit" className="primary" disabled={saving || !check?.ok || aliasIssue !== null || !alias.trim()}>
          {saving ? 'Saving…' : editing ? 'Save derived column' : 'Create derived column'}
        </button>
        {editing && (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

// Records a marker by hand, at this moment: a deploy, flag or config change the telemetry
// cannot see for itself.
import { useState, type FormEvent } from 'react';
import { createMarker } from './markers-api.ts';

export function NewMarkerForm({ onCreated }: { onCreated: () => void }) {
  const [type, setType] = useState('deploy');
  const [message, setMessage] = useState('');
  const [dataset, setDataset] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await createMarker({ type, message, dataset: dataset.trim() || null, start_time: Math.floor(Date.now() / 1000) });
      setMessage('');
      setError(null);
      onCreated();
    } catch (failure) {
      setError((failure as Error).message);
    }
  };
  return (
    <form className="new-marker" onSubmit={submit}>
      <select aria-label="Marker type" value={type} onChange={(e) => setType(e.target.value)}>
        <option value="deploy">deploy</option>
        <option value="flag">flag</option>
        <option value="config">config</option>
        <option value="incident">incident</option>
      </select>
      <input aria-label="Marker message" placeholder="What changed" value={message} onChange={(e) => setMessage(e.target.value)} />
      <input aria-label="Marker dataset" placeholder="Dataset (empty: every dataset)" value={dataset} onChange={(e) => setDataset(e.target.value)} />
      <button type="submit" className="primary">
        Add marker now
      </button>
      {error && (
        <span role="alert" className="error-text">
          {error}
        </span>
      )}
    </form>
  );
}

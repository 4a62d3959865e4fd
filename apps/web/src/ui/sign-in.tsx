// Signing in: a server that requires API keys asks for one (a query or admin key); it is
// checked against the server before it is kept.
import { useState } from 'react';
import { ApiError, fetchIdentity } from '../api/client.ts';
import { saveApiKey } from '../api/api-key.ts';

export function SignIn({ reason, onSignedIn }: { reason: string; onSignedIn: () => void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);

  return (
    <form
      className="empty welcome sign-in"
      onSubmit={async (e) => {
        e.preventDefault();
        setChecking(true);
        saveApiKey(key.trim());
        try {
          await fetchIdentity();
          onSignedIn();
        } catch (failure) {
          saveApiKey(null);
          setError(failure instanceof ApiError ? failure.message : String(failure));
        } finally {
          setChecking(false);
        }
      }}
    >
      <h1>Sign in</h1>
      <p>{reason}</p>
      <p className="muted">
        Use a query or admin key; create one with <code>flashlight keys create --kind query</code>. It is kept in this browser only.
      </p>
      <div className="sign-in-row">
        <input type="password" aria-label="API key" placeholder="API key" value={key} onChange={(e) => setKey(e.target.value)} autoFocus />
        <button type="submit" className="primary" disabled={checking || !key.trim()}>
          Sign in
        </button>
      </div>
      {error && (
        <div className="clause-error" role="alert">
          {error}
        </div>
      )}
    </form>
  );
}

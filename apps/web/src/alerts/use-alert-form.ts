// What the trigger and SLO forms keep: their typed fields, and the message of the last
// attempt to save them (a clause that does not parse, or the server's answer).
import { useState, type FormEvent } from 'react';

export function useAlertForm<F extends Record<string, string>>(initial: F, save: (fields: F) => Promise<void>, onSaved: () => void) {
  const [fields, setFields] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const set = (name: keyof F) => (e: { target: { value: string } }) => setFields({ ...fields, [name]: e.target.value });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await save(fields);
      setError(null);
      onSaved();
    } catch (failure) {
      setError((failure as Error).message);
    }
  };
  return { fields, set, error, submit };
}

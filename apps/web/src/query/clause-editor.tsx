// One clause of the builder (VISUALIZE, WHERE, GROUP BY, ...): its parts as chips, and an
// input that adds a part from text. Clicking a chip takes it back into the input to edit.
import { useState, type ReactNode } from 'react';
import { AutocompleteInput, type Suggestion } from '../ui/autocomplete-input.tsx';

interface Props {
  label: string;
  chips: string[];
  /** Adds a part from its text; returns a message when the text does not parse. */
  onAdd: (text: string) => string | null;
  onRemove: (index: number) => void;
  suggest: (typed: string) => Suggestion[];
  placeholder: string;
  /** Told the text as it is typed, for suggestions that must be fetched. */
  onTyping?: (text: string) => void;
  children?: ReactNode;
}

export function ClauseEditor({ label, chips, onAdd, onRemove, suggest, placeholder, onTyping, children }: Props) {
  const [text, setTextState] = useState('');
  const [error, setError] = useState<string | null>(null);
  const setText = (value: string) => {
    setTextState(value);
    onTyping?.(value);
  };

  const submit = (value: string) => {
    const problem = onAdd(value);
    setError(problem);
    if (!problem) setText('');
  };

  return (
    <div className="clause" data-clause={label}>
      <span className="clause-label">{label}</span>
      <div className="clause-body">
        {chips.map((chip, i) => (
          <span className="chip" key={`${i}:${chip}`}>
            <button
              type="button"
              className="chip-text"
              title="Edit"
              onClick={() => {
                setText(chip);
                onRemove(i);
              }}
            >
              {chip}
            </button>
            <button type="button" className="chip-remove" aria-label={`Remove ${chip}`} onClick={() => onRemove(i)}>
              ×
            </button>
          </span>
        ))}
        <AutocompleteInput
          value={text}
          onChange={(value) => {
            setText(value);
            setError(null);
          }}
          onSubmit={submit}
          suggestions={suggest(text)}
          placeholder={placeholder}
          ariaLabel={`${label} input`}
          className="clause-input"
        />
        {children}
      </div>
      {error && (
        <div className="clause-error" role="alert">
          {error}
        </div>
      )}
    </div>
  );
}

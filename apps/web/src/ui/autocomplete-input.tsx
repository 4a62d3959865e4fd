// A text input with a keyboard-driven suggestion list: arrows move, Tab/Enter accept,
// Escape closes, Enter with nothing highlighted submits the text as typed.
import { useId, useState, type KeyboardEvent } from 'react';

export interface Suggestion {
  /** The text the input takes when the suggestion is accepted. */
  text: string;
  /** Shown in the list; defaults to `text`. */
  label?: string;
  /** A hint on the right: the column's type, the operator's meaning. */
  detail?: string;
  /** Accepting it submits at once (nothing more to type). */
  complete?: boolean;
}

interface Props {
  value: string;
  onChange: (value: string) => void;
  onSubmit: (value: string) => void;
  suggestions: Suggestion[];
  placeholder?: string;
  ariaLabel: string;
  className?: string;
  autoFocus?: boolean;
}

const MAX_SHOWN = 50;

export function AutocompleteInput({ value, onChange, onSubmit, suggestions, placeholder, ariaLabel, className, autoFocus }: Props) {
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const listId = useId();
  const shown = open ? suggestions.slice(0, MAX_SHOWN) : [];

  const accept = (suggestion: Suggestion) => {
    setActive(-1);
    if (suggestion.complete) {
      onSubmit(suggestion.text);
      setOpen(false);
    } else {
      onChange(suggestion.text);
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setOpen(true);
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((i) => (shown.length === 0 ? -1 : (i + step + shown.length) % shown.length));
    } else if (event.key === 'Escape' || (event.key === 'Enter' && (event.ctrlKey || event.metaKey))) {
      // Ctrl/Cmd+Enter runs the query (handled by the page); the list gets out of the way.
      setOpen(false);
      setActive(-1);
    } else if ((event.key === 'Enter' || event.key === 'Tab') && !event.ctrlKey && !event.metaKey) {
      if (active >= 0 && shown[active]) {
        event.preventDefault();
        accept(shown[active]);
      } else if (event.key === 'Enter' && value.trim()) {
        event.preventDefault();
        onSubmit(value);
        setOpen(false);
      }
    }
  };

  return (
    <div className={`autocomplete ${className ?? ''}`}>
      <input
        value={value}
        placeholder={placeholder}
        aria-label={ariaLabel}
        role="combobox"
        aria-expanded={shown.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        autoFocus={autoFocus}
        spellCheck={false}
        autoComplete="off"
        onChange={(e) => {
          onChange(e.target.value);
          setOpen(true);
          setActive(-1);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
      />
      {shown.length > 0 && (
        <ul className="suggestions" id={listId} role="listbox">
          {shown.map((s, i) => (
            <li
              key={s.text}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : undefined}
              // mousedown, not click: it must land before the input's blur closes the list.
              onMouseDown={(e) => {
                e.preventDefault();
                accept(s);
              }}
            >
              <span className="suggestion-label">{s.label ?? s.text}</span>
              {s.detail && <span className="suggestion-detail">{s.detail}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

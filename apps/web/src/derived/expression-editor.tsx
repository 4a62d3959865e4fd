// The expression editor: a textarea over its own text drawn in colour (the same tokens the
// parser reads), the spot an error points at underlined, and completion of `$columns` and
// function names at the caret (arrows move, Tab or Enter takes one, Escape closes).
import { useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { ColumnSummary } from '../api/query-spec.ts';
import { applyCompletion, completionAt, type CompletionOption } from './expression-completions.ts';
import { errorSpan, expressionSegments, markError, type Segment } from './expression-segments.ts';

interface Props {
  value: string;
  onChange: (value: string) => void;
  /** The check's complaint, with the offset it points at. */
  problem: { message: string; offset: number } | null;
  /** What `$` completes to. */
  columns: readonly ColumnSummary[];
  label: string;
}

/** The expression as coloured text; telemetry names stay text (React escapes them). */
export function HighlightedExpression({ segments }: { segments: readonly Segment[] }) {
  return (
    <>
      {segments.map((s) => (
        <span key={`${s.from}:${s.error ? 'e' : ''}`} className={`tok-${s.kind}${s.error ? ' expression-error' : ''}`}>
          {s.text}
        </span>
      ))}
    </>
  );
}

export function ExpressionEditor({ value, onChange, problem, columns, label }: Props) {
  const [caret, setCaret] = useState(value.length);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const pendingCaret = useRef<number | null>(null);
  const listId = useId();
  const problemId = useId();

  const segments = expressionSegments(value);
  const shown = problem ? markError(segments, errorSpan(segments, problem.offset)) : segments;
  const completion = open ? completionAt(value, caret, columns) : null;
  const options = completion?.options ?? [];

  // The textarea grows with its text (so the coloured copy under it never has to scroll), and
  // the caret lands after a completion once the new text is in.
  useLayoutEffect(() => {
    const area = textarea.current;
    if (!area) return;
    area.style.height = 'auto';
    area.style.height = `${area.scrollHeight}px`;
    if (pendingCaret.current !== null) {
      area.setSelectionRange(pendingCaret.current, pendingCaret.current);
      pendingCaret.current = null;
    }
  }, [value]);

  const take = (option: CompletionOption) => {
    if (!completion) return;
    const next = applyCompletion(value, completion, option);
    pendingCaret.current = next.caret;
    setCaret(next.caret);
    setActive(-1);
    // A function's arguments or the rest of the expression come next: keep offering.
    setOpen(option.insert.endsWith('('));
    onChange(next.text);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (options.length === 0) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((i) => (i + step + options.length) % options.length);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      setOpen(false);
    } else if (event.key === 'Tab' || (event.key === 'Enter' && active >= 0)) {
      event.preventDefault();
      take(options[Math.max(active, 0)]);
    }
  };

  return (
    <div className="expression-editor">
      <div className="expression-layers">
        <pre className="expression-highlight" aria-hidden="true">
          <HighlightedExpression segments={shown} />
          {'\n'}
        </pre>
        <textarea
          ref={textarea}
          value={value}
          aria-label={label}
          aria-invalid={problem !== null}
          aria-describedby={problem ? problemId : undefined}
          role="combobox"
          aria-expanded={options.length > 0}
          aria-controls={listId}
          aria-autocomplete="list"
          spellCheck={false}
          autoComplete="off"
          rows={2}
          onChange={(e) => {
            onChange(e.target.value);
            setCaret(e.target.selectionStart);
            setOpen(true);
            setActive(-1);
          }}
          onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
          onBlur={() => setOpen(false)}
          onKeyDown={onKeyDown}
        />
      </div>
      {options.length > 0 && (
        <ul className="suggestions" id={listId} role="listbox" aria-label="Completions">
          {options.map((option, i) => (
            <li
              key={option.insert}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : undefined}
              // mousedown, not click: it must land before the textarea's blur closes the list.
              onMouseDown={(e) => {
                e.preventDefault();
                take(option);
              }}
            >
              <span className="suggestion-label">{option.insert}</span>
              <span className="suggestion-detail">{option.detail}</span>
            </li>
          ))}
        </ul>
      )}
      {problem && (
        <div className="expression-problem" id={problemId} role="alert">
          {problem.message}
        </div>
      )}
    </div>
  );
}

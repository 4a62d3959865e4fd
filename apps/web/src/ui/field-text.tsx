// A telemetry value on screen: always text (React escapes it), never markup, and long
// values clipped with the whole value on hover.
const MAX_CHARS = 300;

export function FieldText({ value }: { value: unknown }) {
  const text = value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  const clipped = text.length > MAX_CHARS ? text.slice(0, MAX_CHARS) + '…' : text;
  return (
    <span className={`value value-${typeof value}`} title={text.length > 40 ? text.slice(0, 2000) : undefined}>
      {clipped}
    </span>
  );
}

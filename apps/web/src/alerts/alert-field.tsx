// A form field with its label shown above it.
import type { ReactNode } from 'react';

export function AlertField({ label, wide, children }: { label: string; wide?: boolean; children: ReactNode }) {
  return (
    <label className={`alert-field${wide ? ' wide' : ''}`}>
      <span className="alert-field-label">{label}</span>
      {children}
    </label>
  );
}

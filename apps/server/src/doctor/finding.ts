// What `flashlight doctor` reports: one line per check, in plain words, with what to do
// when something is wrong.
export interface Finding {
  check: string;
  ok: boolean;
  detail: string;
  /** What to do about it; only for problems. */
  fix?: string;
}

export const ok = (check: string, detail: string): Finding => ({ check, ok: true, detail });
export const problem = (check: string, detail: string, fix: string): Finding => ({ check, ok: false, detail, fix });

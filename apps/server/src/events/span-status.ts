// A span's status as its `status_code` field holds it: OTLP's StatusCode number, as
// Honeycomb's translator writes it (0 unset, 1 ok, 2 error).
export const STATUS_CODE_UNSET = 0;
export const STATUS_CODE_OK = 1;
export const STATUS_CODE_ERROR = 2;

/** The names Flashlight stored before the numbers (see store/status-code-migration.ts). */
export const STATUS_CODE_BY_NAME: Readonly<Record<string, number>> = { unset: STATUS_CODE_UNSET, ok: STATUS_CODE_OK, error: STATUS_CODE_ERROR };

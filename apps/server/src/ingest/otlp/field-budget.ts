// The number of fields a request may still expand to (see limits.ts); items past it are
// rejected rather than grown without bound.
import { FIELDS_PER_BODY_BYTE, MIN_FIELD_BUDGET } from './limits.ts';

/** Fields each event gets besides its attributes (ids, name, kind, status, ...), at most. */
const DERIVED_FIELDS = 12;

export class FieldBudget {
  readonly limit: number;
  private left: number;

  constructor(bodyBytes: number) {
    this.limit = MIN_FIELD_BUDGET + FIELDS_PER_BODY_BYTE * bodyBytes;
    this.left = this.limit;
  }

  /** Takes what an event of these shared and own attributes costs; false when it cannot. */
  takeEvent(sharedCount: number, attributeCount: number): boolean {
    const cost = sharedCount + attributeCount + DERIVED_FIELDS;
    if (cost > this.left) return false;
    this.left -= cost;
    return true;
  }

  get exhausted(): string {
    return `the request expands to more than ${this.limit} fields (resource attributes are copied onto every item): send fewer items per request`;
  }
}

// libhoney ships no type declarations; these cover what the tests use.
declare module 'libhoney' {
  interface LibhoneyEvent {
    add(fields: Record<string, unknown>): void;
    timestamp: Date | null;
    sampleRate: number;
    metadata: unknown;
    send(): void;
    sendPresampled(): void;
  }
  export default class Libhoney {
    constructor(options: Record<string, unknown>);
    newEvent(): LibhoneyEvent;
    flush(): Promise<void>;
  }
}

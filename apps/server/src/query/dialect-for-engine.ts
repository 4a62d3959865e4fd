// The SQL dialect that each store engine speaks.
import { clickHouseDialect, duckDbDialect, type Dialect } from '@flashlight/query';
import type { EngineName } from '../store/store.ts';

export function dialectForEngine(engine: EngineName): Dialect {
  switch (engine) {
    case 'duckdb':
      return duckDbDialect;
    case 'clickhouse':
      return clickHouseDialect;
  }
}

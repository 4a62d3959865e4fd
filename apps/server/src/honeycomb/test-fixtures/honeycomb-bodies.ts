// Request and response bodies shaped as Honeycomb's public API reference gives them, one
// per endpoint, written for these tests (ids, times and names are made up). Responses are
// compared key by key with expectSameShape; where we differ on purpose, the difference is
// written beside the fixture and in docs/honeycomb-api.md.

export const AUTH = {
  id: 'aBcD1234',
  type: 'configuration',
  api_key_access: {
    events: true,
    markers: true,
    triggers: true,
    boards: true,
    queries: true,
    columns: true,
    createDatasets: true,
    slos: true,
    recipients: true,
    privateBoards: true,
  },
  environment: { name: 'Production', slug: 'production' },
  team: { name: 'Example Co', slug: 'example-co' },
};

export const DATASET_CREATE = { name: 'checkout', description: 'the checkout service', expand_json_depth: 0 };
export const DATASET = {
  name: 'checkout',
  description: 'the checkout service',
  settings: { delete_protected: false },
  expand_json_depth: 0,
  slug: 'checkout',
  regular_columns_count: 12,
  // Null until the first event arrives.
  last_written_at: null,
  created_at: '2026-01-02T03:04:05Z',
};

export const COLUMN_CREATE = { key_name: 'app.team', type: 'string', description: 'the customer team', hidden: false };
export const COLUMN = {
  id: 'fG7hIj8kLmN',
  key_name: 'app.team',
  type: 'string',
  description: 'the customer team',
  hidden: false,
  // Null for a column declared before any event carries it.
  last_written: null,
  created_at: '2026-01-02T03:04:05Z',
  updated_at: '2026-01-02T03:04:05Z',
};

export const MARKER_CREATE = {
  message: 'backend deploy #123',
  type: 'deploy',
  start_time: 1_767_322_800,
  end_time: 1_767_323_100,
  url: 'https://ci.example/builds/123',
};
export const MARKER = {
  id: 'a1b2c3',
  created_at: '2026-01-02T03:00:00Z',
  updated_at: '2026-01-02T03:00:00Z',
  start_time: 1_767_322_800,
  end_time: 1_767_323_100,
  message: 'backend deploy #123',
  type: 'deploy',
  url: 'https://ci.example/builds/123',
  color: '#DF4661',
};

export const MARKER_SETTING_CREATE = { type: 'deploy', color: '#DF4661' };
export const MARKER_SETTING = { id: 'mS1tT2nG3', type: 'deploy', color: '#DF4661', created_at: '2026-01-02T03:00:00Z', updated_at: '2026-01-02T03:00:00Z' };

export const QUERY_CREATE = {
  calculations: [{ op: 'COUNT' }, { op: 'P95', column: 'duration_ms' }],
  filters: [{ column: 'http.status_code', op: '>=', value: 200 }],
  filter_combination: 'AND',
  breakdowns: ['service.name'],
  orders: [{ op: 'COUNT', order: 'descending' }],
  limit: 100,
  time_range: 7200,
  granularity: 300,
};
export const QUERY = { id: 'qU3rY1d', ...QUERY_CREATE };

export const QUERY_RESULT_CREATE = { query_id: 'qU3rY1d', disable_series: false, limit: 100 };
export const QUERY_RESULT = {
  id: 'rEsUlT1d',
  complete: true,
  query: QUERY,
  data: {
    series: [{ time: '2026-01-02T03:00:00Z', data: { COUNT: 12, 'P95(duration_ms)': 150.5, 'service.name': 'checkout' } }],
    results: [{ data: { COUNT: 120, 'P95(duration_ms)': 180.25, 'service.name': 'checkout' } }],
  },
  // Honeycomb also answers links.graph_image_url; there is no graph image here.
  links: { query_url: 'https://ui.example/?dataset=checkout&query=%7B%7D' },
};

export const QUERY_ANNOTATION_CREATE = { name: 'Requests by service', description: 'how busy each service is', query_id: 'qU3rY1d' };
export const QUERY_ANNOTATION = { id: 'aNn0t4t10n', ...QUERY_ANNOTATION_CREATE, created_at: '2026-01-02T03:00:00Z', updated_at: '2026-01-02T03:00:00Z' };

export const FLEXIBLE_BOARD_CREATE = {
  name: 'Checkout health',
  description: 'what on-call looks at first',
  type: 'flexible',
  panels: [
    {
      type: 'query',
      position: { x_coordinate: 0, y_coordinate: 0, height: 6, width: 6 },
      query_panel: { query_id: 'qU3rY1d', query_annotation_id: 'aNn0t4t10n', query_style: 'graph', visualization_settings: { hide_markers: true } },
    },
  ],
  tags: [{ key: 'team', value: 'checkout' }],
  layout_generation: 'manual',
};
export const FLEXIBLE_BOARD = { id: 'b0aRd1d', ...FLEXIBLE_BOARD_CREATE, links: { board_url: 'https://ui.example/boards/b0aRd1d' } };

/** Classic boards: Honeycomb's format before flexible boards, still sent by older scripts and providers. */
export const BOARD_CREATE = {
  name: 'Checkout health',
  description: 'what on-call looks at first',
  type: 'classic',
  style: 'visual',
  column_layout: 'multi',
  queries: [{ caption: 'Requests by service', query_style: 'graph', dataset: 'checkout', query_id: 'qU3rY1d', graph_settings: { hide_markers: false } }],
};
export const BOARD = {
  id: 'b0aRd1d',
  name: 'Checkout health',
  description: 'what on-call looks at first',
  type: 'classic',
  style: 'visual',
  column_layout: 'multi',
  queries: [{ caption: 'Requests by service', query_style: 'graph', dataset: 'checkout', query_id: 'qU3rY1d', graph_settings: { hide_markers: false } }],
  links: { board_url: 'https://ui.example/boards/b0aRd1d' },
};

export const TRIGGER_CREATE = {
  name: 'Checkout is slow',
  description: 'P95 of checkout over 300 ms',
  disabled: false,
  query: {
    calculations: [{ op: 'P95', column: 'duration_ms' }],
    filters: [{ column: 'service.name', op: '=', value: 'checkout' }],
    filter_combination: 'AND',
    breakdowns: [],
    time_range: 900,
  },
  threshold: { op: '>', value: 300, exceeded_limit: 1 },
  frequency: 300,
  alert_type: 'on_change',
  evaluation_schedule_type: 'frequency',
  recipients: [{ type: 'webhook', target: 'http://127.0.0.1:9/oncall' }],
  tags: [{ key: 'team', value: 'checkout' }],
};
export const TRIGGER = {
  id: 'tR1gGeR',
  name: 'Checkout is slow',
  description: 'P95 of checkout over 300 ms',
  disabled: false,
  triggered: false,
  query: TRIGGER_CREATE.query,
  query_id: 'qU3rY1d',
  threshold: { op: '>', value: 300, exceeded_limit: 1 },
  frequency: 300,
  alert_type: 'on_change',
  evaluation_schedule_type: 'frequency',
  recipients: [{ id: 'r3c1p1eNt', type: 'webhook', target: 'http://127.0.0.1:9/oncall' }],
  tags: [{ key: 'team', value: 'checkout' }],
  created_at: '2026-01-02T03:00:00Z',
  updated_at: '2026-01-02T03:00:00Z',
};

export const RECIPIENT_CREATE = { type: 'webhook', details: { webhook_name: 'on-call', webhook_url: 'http://127.0.0.1:9/oncall' } };
export const RECIPIENT = { id: 'r3c1p1eNt', ...RECIPIENT_CREATE, created_at: '2026-01-02T03:00:00Z', updated_at: '2026-01-02T03:00:00Z' };

export const SLO_CREATE = {
  name: 'Checkout succeeds',
  description: 'good checkouts',
  sli: { alias: 'sli.checkout_ok' },
  time_period_days: 30,
  target_per_million: 999_000,
  tags: [{ key: 'team', value: 'checkout' }],
};
export const SLO = { id: 's1oId', ...SLO_CREATE, created_at: '2026-01-02T03:00:00Z', updated_at: '2026-01-02T03:00:00Z' };

export const BURN_ALERT = {
  id: 'bUrN1d',
  alert_type: 'budget_rate',
  description: 'fast burn',
  triggered: false,
  slo: { id: 's1oId' },
  budget_rate_window_minutes: 60,
  budget_rate_decrease_threshold_per_million: 20_000,
  recipients: [{ id: 'r3c1p1eNt', type: 'webhook', target: 'http://127.0.0.1:9/oncall' }],
  created_at: '2026-01-02T03:00:00Z',
  updated_at: '2026-01-02T03:00:00Z',
};

export const DERIVED_COLUMN_CREATE = { alias: 'sli.checkout_ok', expression: 'LT($duration_ms, 300)', description: 'fast enough' };

export const PROBLEM = {
  status: 404,
  type: 'https://api.honeycomb.io/problems/not-found',
  title: 'The requested resource cannot be found.',
  error: 'Dataset not found',
  detail: 'Dataset not found',
};

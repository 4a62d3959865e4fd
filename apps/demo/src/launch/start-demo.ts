// Starts the shop against a running Flashlight: fake vendors, the services, the web app
// with its storefront, and traffic. A bad-deploy incident is a real redeploy of orders,
// with a deploy marker sent to Flashlight.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { ORDERS_VERSION, type IncidentName } from '../incidents.ts';
import { readDemoState, setIncident, watchDemoState, writeDemoState } from '../demo-state.ts';
import { DEFAULT_BASE_PORT, serviceUrl, topology } from '../topology.ts';
import { createProcessGroup, type ProcessSpec } from './process-group.ts';
import { prepareStorefront, type ProcessEntry } from './demo-code.ts';
import { ensureIncidentBoards } from './incident-boards.ts';

export interface DemoOptions {
  flashlightUrl: string;
  dataDir: string;
  basePort?: number;
  incidents?: IncidentName[];
  traffic?: boolean;
  shoppers?: number;
  /** Real Chromium shoppers, when Chromium is installed. */
  browsers?: number;
  /** Think-time multiplier: 1 is human pace. */
  pace?: number;
  /** How long fulfilment is slow before it fails, in the vendor outage (default 20 s). */
  outageSlowPhaseMs?: number;
  log?: (line: string) => void;
}

export interface RunningDemo {
  webUrl: string;
  controlUrl: string;
  setIncident(name: IncidentName, on: boolean): Promise<void>;
  stop(): Promise<void>;
}

export async function startDemo(options: DemoOptions): Promise<RunningDemo> {
  const log = options.log ?? ((line: string) => process.stderr.write(line + '\n'));
  const basePort = options.basePort ?? DEFAULT_BASE_PORT;
  const shop = topology(basePort);
  mkdirSync(options.dataDir, { recursive: true });
  const stateFile = path.join(options.dataDir, 'incidents.json');
  writeDemoState(stateFile, { incidents: [], since: {} });
  for (const incident of options.incidents ?? []) setIncident(stateFile, incident, true);
  await prepareStorefront(options.dataDir);
  await ensureIncidentBoards(options.flashlightUrl, log);

  const shopHosts = Object.values(shop.services)
    .map((port) => `${shop.host}:${port}`)
    .join(',');
  const common = {
    DEMO_BASE_PORT: String(basePort),
    DEMO_STATE_FILE: stateFile,
    DEMO_DATA_DIR: options.dataDir,
    OTEL_EXPORTER_OTLP_ENDPOINT: options.flashlightUrl,
    FLASHLIGHT_ENVIRONMENT: 'demo',
    // User and team fields travel as baggage between the shop's own services, never to vendors.
    FLASHLIGHT_PROPAGATE_FIELDS_TO: shopHosts,
    ...(options.outageSlowPhaseMs !== undefined && { DEMO_OUTAGE_SLOW_MS: String(options.outageSlowPhaseMs) }),
  };
  const service = (name: string, entry: ProcessEntry, version: string, port?: number): ProcessSpec => ({
    name,
    entry,
    instrumented: true,
    port,
    env: { ...common, OTEL_SERVICE_NAME: name, FLASHLIGHT_SERVICE_VERSION: version },
  });
  const ordersVersion = () => (readDemoState(stateFile).incidents.includes('bad-deploy') ? ORDERS_VERSION.bad : ORDERS_VERSION.good);

  const group = createProcessGroup(log);
  try {
    await group.start({ name: 'vendors', entry: 'vendors/fake-vendors', instrumented: false, port: shop.vendors.mail, env: common });
    await Promise.all([
      group.start(service('identity', 'shop/identity', '1.8.2', shop.services.identity)),
      group.start(service('catalog', 'shop/catalog', '3.1.0', shop.services.catalog)),
      group.start(service('reviews', 'shop/reviews', '0.9.4', shop.services.reviews)),
      group.start(service('orders', 'shop/orders', ordersVersion(), shop.services.orders)),
      group.start(service('support-ingest', 'shop/support-ingest', '1.0.3', shop.services['support-ingest'])),
      group.start(service('support-worker', 'shop/support-worker', '1.0.3')),
    ]);
    await group.start(service('web', 'shop/web-app', '12.4.0', shop.services.web));
    if (options.traffic !== false) {
      await group.start({
        name: 'traffic',
        entry: 'traffic/traffic',
        instrumented: false,
        env: { ...common, DEMO_SHOPPERS: String(options.shoppers ?? 4), DEMO_BROWSERS: String(options.browsers ?? 1), DEMO_PACE: String(options.pace ?? 1) },
      });
    }
  } catch (error) {
    await group.stopAll();
    throw error;
  }

  // Redeploy orders when bad-deploy flips, however it was flipped (CLI, control page, API).
  const state = watchDemoState(stateFile);
  let deployed = ordersVersion();
  let deploying = Promise.resolve();
  const watcher = setInterval(() => {
    const wanted = state.isOn('bad-deploy') ? ORDERS_VERSION.bad : ORDERS_VERSION.good;
    if (wanted === deployed) return;
    deployed = wanted;
    deploying = deploying.then(async () => {
      log(`deploying orders ${wanted}`);
      await group.restart('orders', { FLASHLIGHT_SERVICE_VERSION: wanted });
      await recordDeployMarker(options.flashlightUrl, wanted, log);
    });
  }, 300);

  const webUrl = serviceUrl(shop, 'web');
  log(`shop: storefront ${webUrl}/  ·  incidents ${webUrl}/_demo`);
  return {
    webUrl,
    controlUrl: `${webUrl}/_demo`,
    async setIncident(name, on) {
      setIncident(stateFile, name, on);
    },
    async stop() {
      clearInterval(watcher);
      await deploying;
      await group.stopAll();
    },
  };
}

/** A deploy marker, where this Flashlight has markers; the demo works without them. */
async function recordDeployMarker(flashlightUrl: string, version: string, log: (line: string) => void): Promise<void> {
  const response = await fetch(`${flashlightUrl}/api/v1/markers`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'deploy', message: `orders ${version}`, dataset: 'orders', start_time: Math.floor(Date.now() / 1000) }),
  }).catch(() => undefined);
  if (!response?.ok) log(`deploy marker for orders ${version} not recorded (markers API answered ${response?.status ?? 'nothing'})`);
}

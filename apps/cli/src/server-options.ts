// Options every client command shares: where the server is and which key to use.
import { Option } from 'commander';

export function serverUrlOption(): Option {
  return new Option('--url <url>', 'Flashlight server').env('FLASHLIGHT_URL').default('http://127.0.0.1:4318');
}

export function apiKeyOption(): Option {
  return new Option('--api-key <key>', 'API key, sent as X-Honeycomb-Team (default: none, which a server running open on loopback accepts)').env(
    'FLASHLIGHT_API_KEY',
  );
}

// Resource attributes: what every span of this page shares (service, SDK, browser, session).
import { SCOPE } from './http-json-exporter.ts';
import { sessionId } from './session-id.ts';
import type { Attributes } from './tracer.ts';
import type { ValidOptions } from './validate-options.ts';

interface NavigatorUAData {
  mobile?: boolean;
  platform?: string;
}

export function pageResource(options: ValidOptions): Attributes {
  const uaData = (navigator as Navigator & { userAgentData?: NavigatorUAData }).userAgentData;
  return {
    'service.name': options.serviceName,
    ...(options.serviceVersion && { 'service.version': options.serviceVersion }),
    ...(options.environment && { 'deployment.environment.name': options.environment }),
    'telemetry.sdk.name': 'flashlight-browser',
    'telemetry.sdk.language': 'webjs',
    'telemetry.sdk.version': SCOPE.version,
    'browser.user_agent': navigator.userAgent,
    'browser.language': navigator.language,
    'browser.mobile': uaData?.mobile ?? /Mobi|Android/i.test(navigator.userAgent),
    ...(uaData?.platform && { 'browser.platform': uaData.platform }),
    'session.id': sessionId(),
  };
}

// The flow view the URL names.
import { ServiceMapPage } from './service-map-page.tsx';
import { VendorsPage } from './vendors-page.tsx';
import { GapsPage } from './gaps-page.tsx';
import type { FlowRoute } from './flow-route.ts';

export function FlowPage({ route }: { route: FlowRoute }) {
  switch (route.view) {
    case 'service-map':
      return <ServiceMapPage route={route} />;
    case 'vendors':
      return <VendorsPage route={route} />;
    case 'gaps':
      return <GapsPage route={route} />;
  }
}

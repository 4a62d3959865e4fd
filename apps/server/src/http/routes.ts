// Routes that say, where they are defined, who may call them (and whether they run
// queries). Each route is registered with its declaration; the declarations travel with
// the router up to the app's root, where one middleware enforces them and the auth
// matrix test enumerates them.
import { Hono, type Handler } from 'hono';
import type { BlankEnv } from 'hono/types';
import { TrieRouter } from 'hono/router/trie-router';

/** What a key must be allowed to do: send events, read data, or change the control plane. */
export type AccessClass = 'ingest' | 'read' | 'admin';

/**
 * `public`: no key; `any`: any valid key, whatever its kind (identity checks); otherwise the
 * class a key's kind must grant. Every keyed route acts in its key's environment.
 */
export type RouteAccess = AccessClass | 'public' | 'any';

/** A route's access, and whether it runs queries (the app holds those to the query gate's limits). */
export interface RouteOptions {
  access: RouteAccess;
  runsQueries?: boolean;
}

export interface DeclaredRoute extends Readonly<RouteOptions> {
  /** An HTTP method, or `ALL` for a route that answers every method. */
  readonly method: string;
  readonly path: string;
}

type Declared = RouteAccess | RouteOptions;
const optionsOf = (declared: Declared): RouteOptions => (typeof declared === 'string' ? { access: declared } : declared);

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export class Routes {
  readonly app = new Hono();
  private readonly routes: DeclaredRoute[] = [];

  get declared(): readonly DeclaredRoute[] {
    return this.routes;
  }

  get<P extends string>(path: P, declared: Declared, handler: Handler<BlankEnv, P>): this {
    return this.on(['GET'], path, declared, handler);
  }

  post<P extends string>(path: P, declared: Declared, handler: Handler<BlankEnv, P>): this {
    return this.on(['POST'], path, declared, handler);
  }

  put<P extends string>(path: P, declared: Declared, handler: Handler<BlankEnv, P>): this {
    return this.on(['PUT'], path, declared, handler);
  }

  delete<P extends string>(path: P, declared: Declared, handler: Handler<BlankEnv, P>): this {
    return this.on(['DELETE'], path, declared, handler);
  }

  /** A route for every method, such as a 404 for the unknown paths under a prefix. */
  all<P extends string>(path: P, declared: Declared, handler: Handler<BlankEnv, P>): this {
    this.routes.push({ method: 'ALL', path, ...optionsOf(declared) });
    this.app.all(path, handler);
    return this;
  }

  on<P extends string>(methods: readonly Method[], path: P, declared: Declared, handler: Handler<BlankEnv, P>): this {
    for (const method of methods) this.routes.push({ method, path, ...optionsOf(declared) });
    this.app.on([...methods], path, handler);
    return this;
  }

  /** Adds another router's routes, with their declarations (and its error handler, if it has one). */
  mount(routes: Routes): this {
    this.routes.push(...routes.declared);
    this.app.route('/', routes.app);
    return this;
  }
}

/**
 * The declaration of the route that answers a request, found as Hono finds its handler:
 * the first declared route that matches, in the order they were declared; undefined for
 * a path nobody declared.
 */
export function routeLookup(routes: readonly DeclaredRoute[]): (method: string, path: string) => DeclaredRoute | undefined {
  const router = new TrieRouter<DeclaredRoute>();
  for (const route of routes) router.add(route.method, route.path, route);
  return (method, path) => {
    // Hono answers HEAD with the GET route.
    const [matches] = router.match(method === 'HEAD' ? 'GET' : method, path);
    return matches[0]?.[0];
  };
}

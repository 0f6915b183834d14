/** What every resolver receives: the process's services, the caller, and per-request batching loaders. */
import type { Principal } from './auth/roles.js';
import type { Loaders } from './db/loaders.js';
import type { Services } from './services.js';

export interface Context {
  services: Services;
  principal: Principal | null;
  loaders: Loaders;
}

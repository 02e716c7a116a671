// Entry point of the action (bundled to dist/index.js). All logic lives in action.ts, loaded once the
// compile cache is on (compile-cache.ts).
import { enableCompileCache } from './common/compile-cache.js';

enableCompileCache();
const { runAction } = await import('./action.js');
await runAction();

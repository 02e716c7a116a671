// Entry point of the action (bundled to dist/index.js): turns the compile cache on, then runs the
// action (main.ts), whose code is loaded only then so that the cache covers it.
import { enableCompileCache } from './common/compile-cache.js';

enableCompileCache();
const { run } = await import('./main.js');
await run();

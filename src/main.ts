// Entry point of the action (bundled to dist/index.js). All logic lives in action.ts.
import { runAction } from './action.js';

await runAction();

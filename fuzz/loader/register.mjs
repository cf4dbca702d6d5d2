/**
 * `node --import ./fuzz/loader/register.mjs file.ts`: run the repository's TypeScript sources
 * directly (Node 20 has no type stripping). Registers {@link ./hooks.mjs}.
 */
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);

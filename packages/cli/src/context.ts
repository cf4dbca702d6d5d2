/**
 * What every command gets: where to write, and the exit code to leave with.
 * @module
 */
import type { Output } from './output.js';
import { formatJson, formatTree, toJsonValue } from './output.js';

/** Shared state of one CLI run. */
export interface CliContext {
  /** stdout/stderr. */
  readonly output: Output;
  /** Exit code to end with when the action returns normally (0 unless a command sets 1). */
  exitCode: number;
}

/** Options every command that prints data accepts. */
export interface JsonFlag {
  /** Print JSON for scripts instead of text. */
  json?: boolean;
}

/** Print `value` as JSON when `json` is set, else as text (a tree, or `human` when given). */
export function print(ctx: CliContext, value: unknown, json: boolean | undefined, human?: () => string): void {
  if (json) ctx.output.out(formatJson(value));
  else ctx.output.out(human ? human() : formatTree(toJsonValue(value)));
}

/** Types of scripts/wpt/server.mjs (plain ESM run by node; the unit test type-checks against these). */
export declare const BINDINGS: { report: string; driver: string };
export declare function windowWrapper(source: string, name: string): string;
export declare function listTests(wptDir: string): Promise<string[]>;
export declare function startServer(wptDir: string): Promise<{ port: number; close(): Promise<void> }>;

/** Types of scripts/wpt/server.mjs (plain ESM run by node; the unit test type-checks against these). */
export declare const BINDINGS: { report: string; driver: string };
export declare const HOSTS: { main: string; alt: string; subdomains: string[] };
export declare const HOST_RESOLVER_RULES: string;
export declare function windowWrapper(source: string, name: string): string;
export declare function substitute(text: string, env: { ports: { http: number; https: number }; url: URL }): string;
export declare function listTests(wptDir: string): Promise<string[]>;
export declare function startServer(wptDir: string): Promise<{
  ports: { http: number; https: number };
  spkiHash: string;
  urlOf(file: string): string;
  close(): Promise<void>;
}>;

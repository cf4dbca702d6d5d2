/**
 * Output for the CLI: JSON for scripts (`--json`) and plain aligned text for people, both
 * written to stdout; notes and errors go to stderr.
 * @module
 */

/** Where a command writes; replaceable for tests. */
export interface Output {
  /** Write to stdout. */
  out(text: string): void;
  /** Write to stderr. */
  err(text: string): void;
}

/** The process's stdout/stderr. */
export const processOutput: Output = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
};

/** A JSON-safe copy: bytes as base64url, bigints as strings, Maps as objects. */
export function toJsonValue(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64url');
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(k), toJsonValue(v)]));
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (value instanceof Date) return value.toISOString();
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, toJsonValue(v)]));
  }
  return value;
}

/** Pretty JSON with a trailing newline. */
export function formatJson(value: unknown): string {
  return `${JSON.stringify(toJsonValue(value), null, 2)}\n`;
}

/**
 * A nested JSON-like value as indented `key: value` lines (YAML-like, for people).
 * @param value - plain data (run through {@link toJsonValue} first if it may hold bytes)
 * @param indent - starting indentation in spaces
 */
export function formatTree(value: unknown, indent = 0): string {
  const pad = ' '.repeat(indent);
  if (Array.isArray(value)) {
    if (value.length === 0) return `${pad}(none)\n`;
    return value
      .map((item) => {
        if (item !== null && typeof item === 'object') {
          const inner = formatTree(item, indent + 2);
          return `${pad}- ${inner.slice(indent + 2)}`;
        }
        return `${pad}- ${scalar(item)}\n`;
      })
      .join('');
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return `${pad}(empty)\n`;
    return entries
      .map(([k, v]) => {
        if (v !== null && typeof v === 'object' && (Array.isArray(v) ? v.length > 0 : Object.keys(v).length > 0)) {
          return `${pad}${k}:\n${formatTree(v, indent + 2)}`;
        }
        return `${pad}${k}: ${Array.isArray(v) ? '(none)' : v !== null && typeof v === 'object' ? '(empty)' : scalar(v)}\n`;
      })
      .join('');
  }
  return `${pad}${scalar(value)}\n`;
}

function scalar(v: unknown): string {
  if (typeof v === 'string') return v;
  return JSON.stringify(toJsonValue(v)) ?? String(v);
}

/**
 * Rows as an aligned text table with a header line.
 * @param headers - column titles
 * @param rows - cells, already strings
 */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  return `${[line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')}\n`;
}

// Result bookkeeping of the WPT runner: testharness.js statuses, counts per backend, and the subtests where
// a vfido backend differs from Chromium's own authenticator. Pure functions (test/wpt/results.test.ts).

/** testharness.js subtest statuses (Test.prototype.PASS ...), by their numeric code. */
export const SUBTEST_STATUS = ['PASS', 'FAIL', 'TIMEOUT', 'NOTRUN', 'PRECONDITION_FAILED'];

/** testharness.js harness statuses (TestsStatus.prototype.OK ...), by their numeric code. */
export const HARNESS_STATUS = ['OK', 'ERROR', 'TIMEOUT', 'PRECONDITION_FAILED'];

/**
 * One file's outcome from what testharness.js hands `add_completion_callback`, or from the subtests
 * reported so far when the runner's own time bound ended the file first.
 * @param {string} file - path under the WPT root, e.g. `webauthn/getcredential-passing.https.html`
 * @param {{ tests: { name: string, status: number, message?: string | null }[], status?: { status: number, message?: string | null } }} report
 * @param {{ timedOut?: boolean, error?: string }} [runner] - the runner's own view (file cut off, page crashed)
 */
export function fileResult(file, report, runner = {}) {
  const subtests = report.tests.map((t) => ({ name: t.name, status: SUBTEST_STATUS[t.status] ?? `STATUS_${t.status}`, message: t.message ?? null }));
  let harness = report.status ? HARNESS_STATUS[report.status.status] ?? `STATUS_${report.status.status}` : 'TIMEOUT';
  let message = report.status?.message ?? null;
  if (runner.timedOut) harness = 'TIMEOUT';
  if (runner.error) {
    harness = 'ERROR';
    message = runner.error;
  }
  return { file, harness, message, subtests };
}

/**
 * Count subtests per status over a backend's files (a file that reported none counts once, under its
 * harness status, so a crashed or cut-off file is never silently dropped).
 * @param {{ harness: string, subtests: { status: string }[] }[]} files
 */
export function countSubtests(files) {
  const counts = { files: files.length, subtests: 0, PASS: 0, FAIL: 0, TIMEOUT: 0, NOTRUN: 0, PRECONDITION_FAILED: 0, harnessErrors: 0 };
  for (const f of files) {
    if (f.harness !== 'OK') counts.harnessErrors++;
    if (f.subtests.length === 0) {
      counts.subtests++;
      counts[f.harness === 'TIMEOUT' ? 'TIMEOUT' : 'FAIL']++;
      continue;
    }
    for (const t of f.subtests) {
      counts.subtests++;
      counts[t.status] = (counts[t.status] ?? 0) + 1;
    }
  }
  return counts;
}

const key = (name, index, seen) => {
  // testharness names are unique within a file in practice; keep duplicates apart by occurrence.
  const n = (seen.get(name) ?? 0) + 1;
  seen.set(name, n);
  return n === 1 ? name : `${name} #${n}`;
};

function byName(file) {
  const seen = new Map();
  const out = new Map();
  file.subtests.forEach((t, i) => out.set(key(t.name, i, seen), t));
  if (file.subtests.length === 0) out.set('(file)', { name: '(file)', status: file.harness, message: file.message });
  return out;
}

/**
 * Subtests whose status under `other` differs from `reference` (Chromium's own authenticator), grouped by
 * file. A subtest missing on one side counts as MISSING there.
 * @param {{ file: string, harness: string, message: string | null, subtests: { name: string, status: string, message: string | null }[] }[]} reference
 * @param {typeof reference} other
 * @returns {{ file: string, subtests: { name: string, reference: string, status: string, message: string | null, referenceMessage: string | null }[] }[]}
 */
export function differences(reference, other) {
  const theirs = new Map(other.map((f) => [f.file, f]));
  const out = [];
  for (const ref of reference) {
    const mine = byName(ref);
    const them = byName(theirs.get(ref.file) ?? { subtests: [], harness: 'MISSING', message: 'file not run' });
    const diffs = [];
    for (const name of new Set([...mine.keys(), ...them.keys()])) {
      const a = mine.get(name);
      const b = them.get(name);
      if (a?.status === b?.status) continue;
      diffs.push({ name, reference: a?.status ?? 'MISSING', status: b?.status ?? 'MISSING', message: b?.message ?? null, referenceMessage: a?.message ?? null });
    }
    if (diffs.length) out.push({ file: ref.file, subtests: diffs });
  }
  return out;
}

/**
 * Subtests that PASS under the reference and do not PASS under `other`: what "passes every subtest that
 * Chromium's own authenticator passes" counts.
 * @param {ReturnType<typeof differences>} diffs
 */
export function regressions(diffs) {
  return diffs.flatMap((f) => f.subtests.filter((t) => t.reference === 'PASS').map((t) => ({ file: f.file, ...t })));
}

/**
 * The counts as a fixed-width text table, one row per backend.
 * @param {Record<string, ReturnType<typeof countSubtests>>} countsByBackend
 */
export function formatTable(countsByBackend) {
  const cols = ['backend', 'files', 'subtests', 'PASS', 'FAIL', 'TIMEOUT', 'NOTRUN', 'PRECONDITION_FAILED', 'harnessErrors'];
  const rows = Object.entries(countsByBackend).map(([backend, c]) => [backend, ...cols.slice(1).map((k) => String(c[k] ?? 0))]);
  const widths = cols.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(cols), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/**
 * The differences as text, grouped by file, with the failure message of the differing side.
 * @param {string} backend
 * @param {ReturnType<typeof differences>} diffs
 */
export function formatDifferences(backend, diffs) {
  if (diffs.length === 0) return `${backend}: no subtest differs from chromium`;
  const n = diffs.reduce((s, f) => s + f.subtests.length, 0);
  const lines = [`${backend}: ${n} subtest(s) differ from chromium`];
  for (const f of diffs) {
    lines.push(`  ${f.file}`);
    for (const t of f.subtests) {
      lines.push(`    [chromium ${t.reference} -> ${backend} ${t.status}] ${t.name}`);
      if (t.message) lines.push(`        ${String(t.message).replace(/\s+/g, ' ').slice(0, 400)}`);
    }
  }
  return lines.join('\n');
}

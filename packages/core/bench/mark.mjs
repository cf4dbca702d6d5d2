// Shared micro-benchmark helpers: `mark` runs `fn` for a time budget and prints `name x N ops/sec @ T/op`;
// `interleave` measures several cases in alternating rounds so that their ratios compare like with like
// on a machine whose load changes during the run.

/**
 * Smoke mode (`npm run bench --quick`, scripts/bench.mjs): every timed loop below makes ONE call per case (no
 * warm-up, one round), whatever time budget the bench asks for, so a smoke run checks every row end to end in
 * seconds; its numbers mean nothing.
 */
let smoke = false;

/** Turn smoke mode on or off (see {@link smoke}). */
export function setSmoke(on = true) {
  smoke = on;
}

const line = (name, opsPerSec) =>
  `${name.padEnd(52)} x ${Math.round(opsPerSec).toLocaleString('en-US').padStart(9)} ops/sec @ ${(1e6 / opsPerSec).toFixed(1)} µs/op`;

/**
 * Completed calls of `fn` per second within `ms` (checking the clock every `batch` calls). With `inFlight` > 1 that many workers call `fn`
 * at once (`fn` must then return a promise), each starting its next call when one finishes;
 * worker `w` calls `fn(w)`, so it can keep to its own authenticator.
 */
async function measure(fn, { ms, inFlight, batch = 10 }) {
  if (smoke) [ms, batch] = [0, 1];
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(Math.round(ms * 1e6));
  let n = 0;
  const worker = async (_, w) => {
    do {
      for (let i = 0; i < batch; i++) await fn(w);
      n += batch;
    } while (process.hrtime.bigint() < deadline);
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return n / (Number(process.hrtime.bigint() - start) / 1e9);
}

/**
 * Run `fn` for `ms` milliseconds after `warmup` calls and print its rate (through `log`, default console.log).
 * @returns ops/sec
 */
export async function mark(name, fn, { ms = 1000, warmup = 20, inFlight = 1, batch = 10, log = console.log } = {}) {
  if (smoke) warmup = 0;
  for (let i = 0; i < warmup; i++) await fn(0);
  const opsPerSec = await measure(fn, { ms, inFlight, batch });
  log(line(name, opsPerSec));
  return opsPerSec;
}

const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];

/**
 * Measure each case in `rounds` alternating rounds of `ms / rounds` each and print its median
 * rate (through `log`, default console.log). Cases are `{ name, fn, inFlight? }`.
 * @returns per case name: `{ opsPerSec, rounds }` (the median and every round's rate), for paired ratios
 */
export async function interleave(cases, { ms = 2000, rounds = 20, warmup = 200, log = console.log } = {}) {
  if (smoke) [rounds, warmup] = [1, 0];
  for (const c of cases) for (let i = 0; i < warmup; i++) await c.fn(0);
  const rates = new Map(cases.map((c) => [c.name, []]));
  for (let r = 0; r < rounds; r++) {
    for (const c of cases) rates.get(c.name).push(await measure(c.fn, { ms: ms / rounds, inFlight: c.inFlight ?? 1 }));
  }
  const out = {};
  for (const c of cases) {
    const all = rates.get(c.name);
    out[c.name] = { opsPerSec: median(all), rounds: all };
    log(line(c.name, out[c.name].opsPerSec));
  }
  return out;
}

/** Median over rounds of `a / b` (both from one {@link interleave} run): a ratio both sides saw under the same load. */
export function pairedRatio(a, b) {
  return median(a.rounds.map((rate, i) => rate / b.rounds[i]));
}

/** Ratio of the best rounds of `a` and `b`: each side's least disturbed round, for a loaded machine. */
export function bestRatio(a, b) {
  return Math.max(...a.rounds) / Math.max(...b.rounds);
}

/**
 * Per-call latencies of several implementations of one operation, interleaved: after `warmup` calls each,
 * iteration i calls each once in an order that rotates with i, so background load on a small machine hits all
 * alike (for operations too slow or too stateful for {@link interleave}'s timed rounds, e.g. browser ceremonies).
 * @param entries - `{ fn }` per implementation
 * @returns per entry (same order): `{ p50, mean }` in ms
 */
export async function latencies(entries, { n, warmup = 0 }) {
  if (smoke) [n, warmup] = [1, 0];
  for (let i = 0; i < warmup; i++) for (const e of entries) await e.fn();
  const times = entries.map(() => []);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < entries.length; j++) {
      const k = (i + j) % entries.length;
      const t = performance.now();
      await entries[k].fn();
      times[k].push(performance.now() - t);
    }
  }
  return times.map((xs) => ({ p50: median(xs), mean: xs.reduce((a, b) => a + b, 0) / xs.length }));
}

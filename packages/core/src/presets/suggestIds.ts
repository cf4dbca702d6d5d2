/**
 * "Did you mean" suggestions for unknown preset ids: Levenshtein edit distance on ids with
 * separators removed, so `yubikey5nfc` finds `yubikey-5-nfc`. Internal to presets/.
 * @module
 */

/**
 * Levenshtein distance between two strings (insertions, deletions, substitutions cost 1).
 * @param a - first string
 * @param b - second string
 */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

const squash = (id: string): string => id.toLowerCase().replace(/[\s_-]+/g, '');

/**
 * Known ids closest to `wanted`, best first: ids within an edit distance of about a third of the
 * length, plus ids that contain `wanted` (or are contained in it) once separators are removed.
 * @param wanted - the id that was not found
 * @param known - all known ids
 * @param limit - at most this many suggestions
 */
export function suggestIds(wanted: string, known: readonly string[], limit = 3): string[] {
  const target = squash(wanted);
  if (target === '') return [];
  const scored: { id: string; score: number }[] = [];
  for (const id of known) {
    const candidate = squash(id);
    const containment = candidate.includes(target) || target.includes(candidate);
    const distance = editDistance(target, candidate);
    const threshold = Math.max(2, Math.floor(Math.max(target.length, candidate.length) / 3));
    if (distance <= threshold || containment) scored.push({ id, score: containment ? Math.min(distance, 1) : distance });
  }
  scored.sort((x, y) => x.score - y.score || x.id.localeCompare(y.id));
  return scored.slice(0, limit).map((s) => s.id);
}

/** Types of scripts/wpt/results.mjs (plain ESM run by node; the unit test type-checks against these). */
export interface SubtestResult {
  name: string;
  status: string;
  message: string | null;
}
export interface FileResult {
  file: string;
  harness: string;
  message: string | null;
  subtests: SubtestResult[];
}
export interface Counts {
  files: number;
  subtests: number;
  PASS: number;
  FAIL: number;
  TIMEOUT: number;
  NOTRUN: number;
  PRECONDITION_FAILED: number;
  harnessErrors: number;
}
export interface Difference {
  file: string;
  subtests: { name: string; reference: string; status: string; message: string | null; referenceMessage: string | null }[];
}
export declare const SUBTEST_STATUS: string[];
export declare const HARNESS_STATUS: string[];
export declare function fileResult(
  file: string,
  report: { tests: { name: string; status: number; message?: string | null }[]; status?: { status: number; message?: string | null } },
  runner?: { timedOut?: boolean; error?: string },
): FileResult;
export declare function countSubtests(files: FileResult[]): Counts;
export declare function differences(reference: FileResult[], other: FileResult[]): Difference[];
export declare function regressions(diffs: Difference[]): (Difference['subtests'][number] & { file: string })[];
export declare function formatTable(countsByBackend: Record<string, Counts>): string;
export declare function formatDifferences(backend: string, diffs: Difference[]): string;

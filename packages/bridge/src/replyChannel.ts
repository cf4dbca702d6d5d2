/**
 * The driver-neutral half of a protocol-level channel without return values (CDP `Runtime.addBinding`,
 * WebDriver BiDi `script.message` channels): the page script sends one JSON message carrying a reply slot, the
 * driver answers by calling the page script's receiver in the calling realm (CDP `Runtime.callFunctionOn`, BiDi
 * `script.callFunction`). The driver names the calling realm and its origin from its protocol; this module
 * validates the message, runs the {@link ShimSession} and builds the receiver call. A page calling the receiver
 * itself can only answer its own requests.
 * @module
 */
import { parseRequest, type CallerFacts, type PageAnswer, type PageRequest, type RealmReport, type RequestScope, type ShimSession } from './shimSession.js';

/** A validated channel message of this attachment, with the reply slot its answer goes to. */
export type ChannelRequest = PageRequest & { reply: number };

/** How the driver judges the caller of one ceremony (origin etc. from its protocol, see contextCallerFacts.ts). */
export type ChannelFacts = (realm: RealmReport, op: 'create' | 'get') => Promise<CallerFacts | { refused: string }> | CallerFacts | { refused: string };

const UNEXPECTED: PageAnswer = { ok: false, name: 'UnknownError', message: 'vfido: unexpected failure, see the test output' };

/**
 * Validate a channel payload. Never throws.
 * @param payload - the page's message (JSON text)
 * @param key - the attachment's key (only the page script holds it)
 * @returns the request, or undefined for anything that is not one of this attachment's requests (dropped unanswered)
 */
export function channelRequest(payload: unknown, key: string): ChannelRequest | undefined {
  const request = parseRequest(payload);
  if (!request || request.key !== key || request.reply === undefined || (request.op !== 'abort' && !request.realm)) return undefined;
  return request as ChannelRequest;
}

/**
 * Answer one channel request with the session. Never throws.
 * @param session - the attachment's session
 * @param request - from {@link channelRequest}
 * @param facts - the caller as the driver's protocol describes it
 * @param scope - the frame and page the request came from
 * @returns the answer as JSON text for {@link receiverFunction}
 */
export async function answerChannelRequest(session: ShimSession, request: ChannelRequest, facts: ChannelFacts, scope: Omit<RequestScope, 'realm'>): Promise<string> {
  let answer: PageAnswer;
  try {
    const { realm, op } = request;
    answer = await session.answer(request, async () => (realm && op !== 'abort' ? facts(realm, op === 'signal' ? 'get' : op) : { refused: 'no realm report' }), { ...scope, realm: realm?.id ?? '' });
  } catch {
    answer = UNEXPECTED;
  }
  return JSON.stringify(answer);
}

/**
 * The function declaration a driver calls in the calling realm with `(reply, answerJson)` to deliver an answer.
 * @param receiver - the receiver's global name (the page script's `cdp.receiver`)
 */
export function receiverFunction(receiver: string): string {
  return `function (seq, answer) { const r = globalThis[${JSON.stringify(receiver)}]; if (typeof r === 'function') r(seq, answer); }`;
}

/**
 * Deliver an answer with a protocol command whose failure nobody reads (the calling document may be gone):
 * never rejects. CDP clients make the Error for a failure message synchronously in every command (Playwright's
 * ProtocolError, Puppeteer's Callback), with a stack trace: ~10 µs a command when the caches are cold, as they
 * are between a ceremony's steps. `send` runs with no stack trace capture (only inside the call: later Errors
 * get their stacks).
 * @param send - issues the command (synchronously up to its first await, as the CDP clients do)
 */
export function deliverAnswer(send: () => Promise<unknown>): Promise<void> {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  let sent: Promise<unknown>;
  try {
    sent = send();
  } catch {
    return Promise.resolve();
  } finally {
    Error.stackTraceLimit = limit;
  }
  return sent.then(ignore, ignore);
}

const ignore = (): void => undefined;


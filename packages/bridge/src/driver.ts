/**
 * `@vfido/bridge/driver`: what a driver is built from. The page script (the WebAuthn surface a page sees), the
 * driver-neutral session (one ceremony request in, one answer out), and the caller checks a driver feeds with
 * facts from its automation protocol (origin, ancestors, permissions policy), never from page data.
 * @module
 */
export { pageScript, preloadFunction, guardScript, type PageShimConfig } from './pageScript.js';
export { presetPageFacts, type PresetPageFacts } from './pageConfig.js';
export {
  ShimSession,
  parseRequest,
  MAX_PENDING_PER_PAGE,
  type CallerFacts,
  type PageAnswer,
  type PageRequest,
  type RealmReport,
  type RequestScope,
  type SessionEvents,
} from './shimSession.js';
export { contextCallerFacts } from './contextCallerFacts.js';
export { CHROMIUM_DIALECT, FIREFOX_DIALECT, type BrowserDialect, type Refusal } from './browserDialect.js';
export { SessionBackend } from './sessionBackend.js';
export { answerChannelRequest, channelRequest, deliverAnswer, receiverFunction, type ChannelFacts, type ChannelRequest } from './replyChannel.js';
export { featureFor, inheritedPolicy, matchesAllowlist, parseAllowAttribute, type FrameLink } from './permissionsPolicy.js';

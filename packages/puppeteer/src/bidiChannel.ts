/**
 * The WebDriver BiDi channel of the Puppeteer driver (Firefox; any browser Puppeteer drives over BiDi). One
 * `script.addPreloadScript` (scoped to the page's top-level browsing context, the context's user context, or the
 * whole browser) receives a BiDi channel argument, puts it where the page script captures (and deletes) it, and
 * runs the page script, before any page script runs, in every frame. A page message arrives as `script.message`
 * naming its source realm and browsing context: the caller's origin, ancestors and permissions policy are the
 * browser's (bidiCallerFacts.ts), never the page's word. Answers go back by `script.callFunction` in that realm.
 *
 * Why not `page.exposeFunction`: Puppeteer builds it on the same BiDi channel but hands the callback only the
 * arguments, not the calling realm, so the origin would have to be taken from the page's message.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { answerChannelRequest, channelRequest, receiverFunction, type ShimSession } from '@vfido/bridge/driver';
import { bidiCallerFacts, lineage } from './bidiCallerFacts.js';
import { bidiCommand, type BidiLink } from './bidiLink.js';
import type { ChannelNames } from './channelNames.js';

/** `script.message` parameters (WebDriver BiDi 7.6.4.2). */
interface ScriptMessage {
  channel: string;
  data: { type: string; value?: unknown };
  source: { realm: string; context?: string };
}

/** Which documents the preload script goes to: `script.addPreloadScript`'s `contexts` / `userContexts`, or all. */
export type BidiScope = { contexts: string[] } | { userContexts: string[] } | Record<string, never>;

/** One attachment's preload script and channel; answers with the shim session. */
export class BidiChannel {
  readonly #link: BidiLink;
  readonly #session: ShimSession;
  readonly #key: string;
  readonly #channel = `vfido-${randomBytes(8).toString('hex')}`;
  readonly #receiver: string;
  readonly #frames = new Map<string, object>();
  readonly #pages = new Map<string, object>();
  #script: string | undefined;

  constructor(link: BidiLink, session: ShimSession, names: ChannelNames, key: string) {
    this.#link = link;
    this.#session = session;
    this.#key = key;
    this.#receiver = receiverFunction(names.receiver);
  }

  /**
   * Add the preload script and start answering.
   * @param names - the binding name the page script captures the channel from
   * @param script - the page script source
   * @param scope - which documents get it
   */
  async attach(names: ChannelNames, script: string, scope: BidiScope): Promise<void> {
    this.#link.on('script.message', this.#onMessage as (p: never) => void);
    const functionDeclaration = `(channel) => { Object.defineProperty(globalThis, ${JSON.stringify(names.binding)}, { value: channel, configurable: true }); ${script} }`;
    const { script: id } = await bidiCommand<{ script: string }>(this.#link, 'script.addPreloadScript', {
      functionDeclaration,
      arguments: [{ type: 'channel', value: { channel: this.#channel, ownership: 'none' } }],
      ...scope,
    });
    this.#script = id;
  }

  readonly #onMessage = (e: ScriptMessage): void => {
    if (e.channel !== this.#channel) return;
    void this.#answer(e).catch(() => undefined); // a closed browser or context: nobody to answer
  };

  async #answer(e: ScriptMessage): Promise<void> {
    const request = channelRequest(e.data.type === 'string' ? e.data.value : undefined, this.#key);
    const context = e.source.context;
    if (!request || !context) return;
    const contexts = await lineage(this.#link, context);
    const frame = this.#scope(this.#frames, context);
    const page = this.#scope(this.#pages, contexts[contexts.length - 1]!);
    const answer = await answerChannelRequest(this.#session, request, (report, op) => bidiCallerFacts(this.#link, e.source.realm, contexts, report, op), { frame, page });
    await this.#link.send('script.callFunction', {
      functionDeclaration: this.#receiver,
      target: { realm: e.source.realm },
      awaitPromise: false,
      resultOwnership: 'none',
      arguments: [
        { type: 'number', value: request.reply },
        { type: 'string', value: answer },
      ],
    });
  }

  #scope(map: Map<string, object>, id: string): object {
    let scope = map.get(id);
    if (!scope) map.set(id, (scope = {}));
    return scope;
  }

  /** Remove the preload script; documents already loaded keep getting answers ("passthrough"). */
  async detach(): Promise<void> {
    if (this.#script) await this.#link.send('script.removePreloadScript', { script: this.#script }).catch(() => undefined);
    this.#script = undefined;
  }
}

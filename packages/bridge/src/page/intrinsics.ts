/**
 * Page fragment: every intrinsic the shim uses, captured when the init script runs, so a page that later
 * replaces `JSON`, `Promise`, `Array.from`, `Object.defineProperty` or prototype methods does not change
 * what the shim does. The shim's own code avoids syntax that reaches mutable intrinsics (array spread,
 * `for...of` over arrays, `push`, regular expressions): it uses the helpers here instead.
 * @module
 */

/** JavaScript source of the fragment (runs inside the init script's function scope). */
export const INTRINSICS = String.raw`
  const $apply = Reflect.apply;
  const $ownKeys = Reflect.ownKeys;
  const $defineProperty = Object.defineProperty;
  const $gOPD = Object.getOwnPropertyDescriptor;
  const $getPrototypeOf = Object.getPrototypeOf;
  const $objectCreate = Object.create;
  const $hasOwn = Object.prototype.hasOwnProperty;
  const $String = String;
  const $fromCharCode = String.fromCharCode;
  const $charCodeAt = String.prototype.charCodeAt;
  const $toWellFormed = String.prototype.toWellFormed;
  const $TypeError = TypeError;
  const $DOMException = DOMException;
  const $Promise = Promise;
  const $then = Promise.prototype.then;
  const $WeakMap = WeakMap;
  const $wmGet = WeakMap.prototype.get;
  const $wmSet = WeakMap.prototype.set;
  const $U8 = Uint8Array;
  const $ArrayBuffer = ArrayBuffer;
  const $isView = ArrayBuffer.isView;
  const $abByteLength = $gOPD(ArrayBuffer.prototype, 'byteLength').get;
  const $abSlice = ArrayBuffer.prototype.slice;
  const $TA = $getPrototypeOf(Uint8Array.prototype);
  const $taBuffer = $gOPD($TA, 'buffer').get;
  const $taOffset = $gOPD($TA, 'byteOffset').get;
  const $taLength = $gOPD($TA, 'byteLength').get;
  const $taSet = $TA.set;
  // %TypedArray%.prototype[@@toStringTag] answers undefined (never throws) for anything but a typed array.
  const $taTag = $gOPD($TA, Symbol.toStringTag).get;
  const $dvBuffer = $gOPD(DataView.prototype, 'buffer').get;
  const $dvOffset = $gOPD(DataView.prototype, 'byteOffset').get;
  const $dvLength = $gOPD(DataView.prototype, 'byteLength').get;
  const $sabByteLength = typeof SharedArrayBuffer === 'function' ? $gOPD(SharedArrayBuffer.prototype, 'byteLength').get : undefined;
  const $iterator = Symbol.iterator;
  const $isArray = Array.isArray;
  const $isFinite = Number.isFinite;
  const $trunc = Math.trunc;
  const $URL = URL;
  const $urlProtocol = $gOPD(URL.prototype, 'protocol').get;
  const $urlHostname = $gOPD(URL.prototype, 'hostname').get;
  const $addEventListener = EventTarget.prototype.addEventListener;
  const $removeEventListener = EventTarget.prototype.removeEventListener;
  const $signalAborted = $gOPD(AbortSignal.prototype, 'aborted').get;
  const $signalReason = $gOPD(AbortSignal.prototype, 'reason').get;
  const $fnToString = Function.prototype.toString;
  const $location = location;
  const $locationHostname = $gOPD(Location.prototype, 'hostname') ? $gOPD(Location.prototype, 'hostname').get : undefined;

  const $JSON = JSON;
  const $deleteProperty = Reflect.deleteProperty;
  /** A property descriptor as a null-prototype copy (what the page adds to Object.prototype cannot leak in). */
  const $descriptor = (d) => d === undefined ? undefined : $apply($hasOwn, d, ['value'])
    ? { __proto__: null, value: d.value, writable: d.writable, enumerable: d.enumerable, configurable: d.configurable }
    : { __proto__: null, get: d.get, set: d.set, enumerable: d.enumerable, configurable: d.configurable };
  const $globalJSON = $descriptor($gOPD(globalThis, 'JSON'));
  const $stringifyDesc = $descriptor($gOPD(JSON, 'stringify'));
  /**
   * Run fn with JSON as the browser shipped it: the global JSON and JSON.stringify restored, no toJSON on
   * Object.prototype or Array.prototype (Prototype.js-era code adds them), for fn's synchronous span only.
   * Serializing a message must not depend on the page: ours, and Playwright's binding code, which calls the
   * page's JSON.stringify. Members the page made non-configurable stay as they are.
   */
  const $withCleanJson = (fn) => {
    const saved = [];
    const swap = (o, k, want) => {
      const d = $descriptor($gOPD(o, k));
      const same = want === undefined ? d === undefined : d !== undefined && d.value === want.value && d.get === undefined;
      if (same || (d !== undefined && !d.configurable)) return;
      saved[saved.length] = { __proto__: null, o, k, d };
      if (want === undefined) $deleteProperty(o, k);
      else $defineProperty(o, k, want);
    };
    try {
      swap(globalThis, 'JSON', $globalJSON);
      swap($JSON, 'stringify', $stringifyDesc);
      swap(Object.prototype, 'toJSON', undefined);
      swap(Array.prototype, 'toJSON', undefined);
      return fn();
    } finally {
      for (let i = saved.length - 1; i >= 0; i--) {
        const e = saved[i];
        try { if (e.d === undefined) $deleteProperty(e.o, e.k); else $defineProperty(e.o, e.k, e.d); } catch { /* left clean */ }
      }
    }
  };

  /** f.call(self, ...args) that page changes to Function.prototype cannot reach. */
  const $call = (f, self, ...args) => $apply(f, self, args);
  /** An own member of a value that came from Node (never the prototype chain, which the page controls). */
  const own = (o, k) => (o !== null && typeof o === 'object' && $call($hasOwn, o, k) ? o[k] : undefined);
  /** Append to an array without Array.prototype.push or index setters on the prototype chain. */
  const push = (arr, v) => { $defineProperty(arr, arr.length, { __proto__: null, value: v, writable: true, enumerable: true, configurable: true }); };
  /** Define a data member on an object the page will see (no setters on the prototype chain run). */
  const put = (o, k, v) => { $defineProperty(o, k, { __proto__: null, value: v, writable: true, enumerable: true, configurable: true }); return o; };
  /** An array with no prototype: JSON.stringify sees no Array.prototype.toJSON a page may have added. */
  const $setPrototypeOf = Object.setPrototypeOf;
  const newArray = () => $setPrototypeOf([], null);
  const hostname = () => ($locationHostname ? $call($locationHostname, $location) : $location.hostname);
  const domError = (name, message) => new $DOMException(message, name);
`;

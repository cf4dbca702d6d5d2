/**
 * Page fragment: the WebIDL conversions the WebAuthn dictionaries need (WebIDL 3.2: dictionaries with
 * members read in lexicographic order after inherited ones, required members, defaults; sequences through
 * the iterator protocol; records; DOMString/USVString by ToString; long/unsigned long by ToNumber modulo
 * 2^32; boolean; BufferSource), so the page gets the same TypeErrors and the same converted values as from
 * the browser's own bindings.
 * @module
 */

/** JavaScript source of the fragment (needs INTRINSICS, BYTES). */
export const WEBIDL = String.raw`
  const typeError = (context, what) => new $TypeError("Failed to execute '" + context.op + "' on '" + context.iface + "': " + what);
  const isObject = (v) => (typeof v === 'object' && v !== null) || typeof v === 'function';
  const idl = {
    boolean: (v) => !!v,
    DOMString: (v, ctx, path) => { if (typeof v === 'symbol') throw typeError(ctx, path + ' is a Symbol, not a string.'); return $String(v); },
    USVString: (v, ctx, path) => { const s = idl.DOMString(v, ctx, path); return $toWellFormed ? $call($toWellFormed, s) : s; },
    long: (v) => { const n = +v; if (!$isFinite(n)) return 0; const m = $trunc(n) % 4294967296; const u = m < 0 ? m + 4294967296 : m; return u >= 2147483648 ? u - 4294967296 : u; },
    unsignedLong: (v) => { const n = +v; if (!$isFinite(n)) return 0; const m = $trunc(n) % 4294967296; return m < 0 ? m + 4294967296 : m + 0; },
    BufferSource: (v, ctx, path) => {
      const view = viewOf(v);
      if (!view) throw typeError(ctx, "Failed to read the '" + path + "' property: The provided value is not of type '(ArrayBuffer or ArrayBufferView)'.");
      return copyBuffer(view);
    },
    // Base64URLString members of the *JSON dictionaries: a DOMString, then decoded (EncodingError as Chromium).
    Base64URL: (v, ctx, path) => {
      const buffer = fromB64u(idl.DOMString(v, ctx, path));
      if (!buffer) throw domError('EncodingError', "Failed to execute '" + ctx.op + "': '" + path + "' contains invalid base64url data.");
      return buffer;
    },
    /** sequence<T>: an object with Symbol.iterator (WebIDL 3.2.20). */
    sequence: (convert) => (v, ctx, path) => {
      if (!isObject(v)) throw typeError(ctx, "Failed to read the '" + path + "' property: The provided value cannot be converted to a sequence.");
      // Chromium reads a JS array's elements directly, without its @@iterator (Blink's array fast path).
      if ($isArray(v)) { const out = []; for (let i = 0; i < v.length; i++) push(out, convert(v[i], ctx, path + '[' + i + ']')); return out; }
      const method = v[$iterator];
      if (typeof method !== 'function') throw typeError(ctx, "Failed to read the '" + path + "' property: The object must have a callable @@iterator property.");
      const it = $call(method, v);
      if (!isObject(it)) throw typeError(ctx, "Failed to read the '" + path + "' property: the iterator is not an object.");
      const next = it.next;
      const out = [];
      for (;;) {
        const step = $call(next, it);
        if (!isObject(step)) throw typeError(ctx, "Failed to read the '" + path + "' property: the iterator result is not an object.");
        if (step.done) return out;
        push(out, convert(step.value, ctx, path + '[' + out.length + ']'));
      }
    },
    /** record<DOMString, T> (WebIDL 3.2.21): own enumerable string keys. */
    record: (convertKey, convert) => (v, ctx, path) => {
      if (!isObject(v)) throw typeError(ctx, "Failed to read the '" + path + "' property: The provided value is not an object.");
      const out = {};
      const keys = $ownKeys(v);
      for (let i = 0; i < keys.length; i++) {
        const d = $gOPD(v, keys[i]);
        if (!d || !d.enumerable) continue;
        const key = convertKey(keys[i], ctx, path);
        put(out, key, convert(v[keys[i]], ctx, path + '.' + key));
      }
      return out;
    },
    /**
     * A dictionary type. members: [name, converter, flags] in the order the dictionary reads them
     * (inherited dictionaries first, then lexicographic); flags.required, or flags has 'default'.
     */
    dictionary: (name, members) => (v, ctx, path) => {
      if (v !== undefined && v !== null && !isObject(v)) throw typeError(ctx, "Failed to read the '" + path + "' property: The provided value is not of type '" + name + "'.");
      const out = {};
      for (let i = 0; i < members.length; i++) {
        const m = members[i];
        const key = m[0];
        const value = v === undefined || v === null ? undefined : v[key];
        if (value === undefined) {
          if (m[2] && m[2].required) throw typeError(ctx, "Failed to read the '" + key + "' property from '" + name + "': Required member is undefined.");
          if (m[2] && $call($hasOwn, m[2], 'default')) put(out, key, m[2].default());
          continue;
        }
        put(out, key, m[1](value, ctx, key));
      }
      return out;
    },
  };
`;

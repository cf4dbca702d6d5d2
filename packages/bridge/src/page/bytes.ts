/**
 * Page fragment: BufferSource brand checks, copies, and base64url both ways (WebAuthn L3 5.10 `Base64URLString`:
 * unpadded, URL alphabet; anything else is an EncodingError when parsing JSON options, as Chromium does),
 * written without `btoa`/`atob`, regular expressions or `Uint8Array.fromBase64`, which a page can replace.
 * @module
 */

/** JavaScript source of the fragment (needs INTRINSICS). */
export const BYTES = String.raw`
  const isArrayBuffer = (v) => { try { $call($abByteLength, v); return true; } catch { return false; } };
  const isSharedArrayBuffer = (v) => { if (!$sabByteLength) return false; try { $call($sabByteLength, v); return true; } catch { return false; } };
  /** A view of a BufferSource's bytes, or undefined when v is none (or is backed by a SharedArrayBuffer). */
  const viewOf = (v) => {
    // Brand checks that throw nothing on the common path (a typed array, a DataView, an ArrayBuffer): an
    // exception per check cost a measurable share of a ceremony's time in the page.
    if ($isView(v)) {
      const dv = $call($taTag, v) === undefined; // a view that is no typed array is a DataView
      const buffer = dv ? $call($dvBuffer, v) : $call($taBuffer, v);
      if (!isArrayBuffer(buffer)) return undefined;
      return new $U8(buffer, dv ? $call($dvOffset, v) : $call($taOffset, v), dv ? $call($dvLength, v) : $call($taLength, v));
    }
    if (isArrayBuffer(v)) return new $U8(v);
    return undefined;
  };
  /** A fresh ArrayBuffer holding a copy of the bytes. */
  const copyBuffer = (view) => { const out = new $U8(view.length); $call($taSet, out, view); return $call($taBuffer, out); };
  const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const B64_INDEX = (() => { const t = new $U8(128); for (let i = 0; i < 128; i++) t[i] = 255; for (let i = 0; i < 64; i++) t[$call($charCodeAt, B64, i)] = i; return t; })();
  const toB64u = (view) => {
    let s = '';
    const n = view.length;
    for (let i = 0; i < n; i += 3) {
      const a = view[i], b = i + 1 < n ? view[i + 1] : 0, c = i + 2 < n ? view[i + 2] : 0;
      s += B64[a >> 2] + B64[((a & 3) << 4) | (b >> 4)];
      if (i + 1 < n) s += B64[((b & 15) << 2) | (c >> 6)];
      if (i + 2 < n) s += B64[c & 63];
    }
    return s;
  };
  const bufferToB64u = (buffer) => toB64u(new $U8(buffer));
  /** base64url text to a fresh ArrayBuffer; undefined when the text is not unpadded base64url. */
  const fromB64u = (s) => {
    if (typeof s !== 'string' || s.length % 4 === 1) return undefined;
    const out = new $U8((s.length * 3) >> 2);
    let bits = 0, acc = 0, j = 0;
    for (let i = 0; i < s.length; i++) {
      const code = $call($charCodeAt, s, i);
      const v = code < 128 ? B64_INDEX[code] : 255;
      if (v === 255) return undefined;
      acc = (acc << 6) | v;
      bits += 6;
      if (bits >= 8) { bits -= 8; out[j++] = (acc >> bits) & 255; }
    }
    return $call($taBuffer, out);
  };
`;

import { createHash } from 'node:crypto';

/**
 * The one <style> element GraphiQL 3.8.3 inserts: react-remove-scroll-bar's scroll lock, while a dialog
 * (settings, shortcuts) is open. Its text depends only on the body's scrollbar gap and offsets, which
 * explorer.css keeps at 0 (the page never scrolls; body has no margin or padding), so it is always this
 * text, captured from chromium. Its bundle reads a nonce only from a webpack variable it never sets, so a
 * hash is the only way to allow it without 'unsafe-inline'. Upgrading GraphiQL can change it: the test
 * pins the version, and the browser console names the hash of any style it refuses.
 */
export const GRAPHIQL_SCROLL_LOCK_STYLE = `
  .with-scroll-bars-hidden {
   overflow: hidden !important;
   padding-right: 0px !important;
  }
  body {
    overflow: hidden !important;
    overscroll-behavior: contain;
    position: relative !important;
    padding-left: 0px;
    padding-top: 0px;
    padding-right: 0px;
    margin-left:0;
    margin-top:0;
    margin-right: 0px !important;
    
  }
  
  .right-scroll-bar-position {
    right: 0px !important;
  }
  
  .width-before-scroll-bar {
    margin-right: 0px !important;
  }
  
  .right-scroll-bar-position .right-scroll-bar-position {
    right: 0 !important;
  }
  
  .width-before-scroll-bar .width-before-scroll-bar {
    margin-right: 0 !important;
  }
  
  body {
    --removed-body-scroll-bar-size: 0px;
  }
`;

const scrollLockHash = `'sha256-${createHash('sha256').update(GRAPHIQL_SCROLL_LOCK_STYLE).digest('base64')}'`;

/**
 * The explorer page loads and fetches from this server only: no inline script, no eval (GraphiQL 3.8
 * needs neither), styles from its own files plus the one element above. GraphiQL's stylesheet embeds
 * its fonts and a few images as data: URLs. The inline styles GraphiQL, CodeMirror and React set on
 * elements go through the CSSOM (element.style), which CSP does not govern, so no 'unsafe-inline'.
 */
export const EXPLORER_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  `style-src 'self' ${scrollLockHash}`,
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

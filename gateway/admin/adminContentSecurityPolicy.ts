/**
 * The dashboard loads and fetches from this server only: its own script and stylesheet, no inline script
 * or style element, no eval. The lag chart is SVG the script builds with DOM calls (not markup strings),
 * so it needs nothing more.
 */
export const ADMIN_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

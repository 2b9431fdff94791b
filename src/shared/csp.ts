/**
 * The renderer's Content-Security-Policy, shared by the desktop window (meta tag injected at build
 * time) and the web host (response header). Inline scripts and eval are never allowed; React's
 * style props go through the CSSOM and need no 'unsafe-inline'.
 */
export function contentSecurityPolicy(
  options: { connect?: string[]; dev?: boolean; meta?: boolean } = {},
): string {
  const connect = ["'self'", ...(options.connect ?? [])];
  const script = ["'self'"];
  const style = ["'self'"];
  if (options.dev) {
    // Vite's dev server injects its React-refresh preamble inline and hot-reloads over a socket.
    script.push("'unsafe-inline'");
    style.push("'unsafe-inline'");
    connect.push('ws://localhost:*', 'ws://127.0.0.1:*');
  }
  return [
    "default-src 'self'",
    `script-src ${script.join(' ')}`,
    `style-src ${style.join(' ')}`,
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src ${connect.join(' ')}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    // Browsers ignore frame-ancestors in a <meta> tag (and warn), so only headers carry it.
    ...(options.meta ? [] : ["frame-ancestors 'none'"]),
  ].join('; ');
}

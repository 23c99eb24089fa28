/** `CLAMAV_SOCKET`, read at start (src/server/config.ts); the scan itself is virus-scan.ts. */

/** Where clamd listens. */
export type ClamdAddress = { path: string } | { host: string; port: number };

/**
 * Parses `CLAMAV_SOCKET`: an absolute path (unix socket), `host:port`, or `tcp://host:port`.
 * @example parseClamdAddress('/run/clamav/clamd.ctl') // { path: '/run/clamav/clamd.ctl' }
 * @example parseClamdAddress('clamav:3310') // { host: 'clamav', port: 3310 }
 */
export function parseClamdAddress(value: string): ClamdAddress {
  const v = value.trim();
  if (v.startsWith('/') || v.startsWith('unix:')) return { path: v.replace(/^unix:(\/\/)?/, '') };
  const m = /^(?:tcp:\/\/)?(\[[^\]]+\]|[^:/\s]+):(\d{1,5})$/.exec(v);
  const port = m ? Number(m[2]) : 0;
  if (!m || port < 1 || port > 65535)
    throw new Error(`CLAMAV_SOCKET must be a unix socket path or host:port (clamd), got "${value}"`);
  return { host: m[1]!.replace(/^\[|\]$/g, ''), port };
}

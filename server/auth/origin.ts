// Which origins may talk to the board. Browsers always send Origin on WebSocket handshakes
// and on cross-site writes; socket.io's cors option does not guard the upgrade, so the check
// is ours. Without PUBLIC_ORIGIN, the board's own host is the one allowed origin.
import type { IncomingMessage } from 'node:http';

export function originAllowed(req: Pick<IncomingMessage, 'headers'>, publicOrigin: string | null): boolean {
  const origin = req.headers.origin;
  // Not a browser (curl, integrations, the wall screen's own client libraries): nothing to forge.
  if (origin === undefined) return true;
  if (publicOrigin) return origin === publicOrigin;
  const host = req.headers.host;
  if (!host) return false;
  return origin === `http://${host}` || origin === `https://${host}`;
}

// Asks for the board's snapshot while the app's own scripts are still on their way: for a large
// board the server's answer is the longest wait before the board can be used. The board takes
// this answer once (client/lib/early-snapshot.ts) and otherwise asks for its own. Pages that show
// no board (a set-password link, a poster, the report) do not ask.
(function () {
  if (window.warroomEarlySnapshot !== undefined) return;
  if (/^#\/(set-password|poster|report)\b/.test(location.hash)) return;
  window.warroomEarlySnapshot = {
    at: Date.now(),
    response: fetch('/api/cases', { headers: { accept: 'application/json' }, credentials: 'same-origin' }).catch(function () {
      return null;
    }),
  };
})();

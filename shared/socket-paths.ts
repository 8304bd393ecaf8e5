// Where the board's socket and the plain feed listen. Kept apart from the socket contract, whose
// command schemas would bring the schema library into the board's bundle with them.
export const SOCKET_PATH = '/socket.io';
export const FEED_PATH = '/api/feed';

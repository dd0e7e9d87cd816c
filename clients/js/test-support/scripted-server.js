// A WebSocket server that speaks the raw transport's half of the protocol from a script, for
// the client's rules that the real server never breaks (a gap in seq, a duplicate) or that
// need a token expiring on cue. Each connection is handed to `onConnection({socket, query, sent})`.
import { WebSocketServer } from 'ws';

export async function scriptedServer(t, onConnection) {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => server.once('listening', resolve));
  const connections = [];
  server.on('connection', (socket, request) => {
    const url = new URL(request.url, 'http://127.0.0.1');
    const connection = {
      socket,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      received: [],
      send(type, data, seq) {
        socket.send(JSON.stringify({ type, timestamp: new Date().toISOString(), session_id: 's', ...(seq != null ? { seq } : {}), data }));
      },
    };
    socket.on('message', (text) => connection.received.push(JSON.parse(String(text))));
    connections.push(connection);
    onConnection(connection, connections.length);
  });
  t.after(() => {
    for (const client of server.clients) client.terminate();
    server.close();
  });
  return { url: `http://127.0.0.1:${server.address().port}`, connections };
}

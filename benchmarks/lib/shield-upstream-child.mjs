// A minimal A2A agent for the shield benchmarks: answers every JSON-RPC SendMessage with a fixed agent
// message, so that what is measured is the gateway, not an agent framework. Prints its URL, then serves.
import { createServer } from 'node:http';

const ANSWER = JSON.stringify({ jsonrpc: '2.0', id: 1, result: { message: { messageId: 'r-1', contextId: 'c-1', role: 'ROLE_AGENT', parts: [{ text: 'Noted: the meeting moves to Thursday at ten, room 4B.' }] } } });
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(ANSWER) });
    res.end(ANSWER);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`http://127.0.0.1:${server.address().port}\n`));
process.on('disconnect', () => process.exit(0));

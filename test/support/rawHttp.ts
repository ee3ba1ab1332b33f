/** A bare TCP connection for sending HTTP by hand: half a request, a stalled body. */
import { connect, type Socket } from 'node:net';

export interface RawConnection {
  socket: Socket;
  send(text: string): void;
  /** Everything the server sent so far. */
  received(): string;
  /** Resolves with everything received once the server closed the connection. */
  closed: Promise<string>;
}

export function rawConnection(port: number): Promise<RawConnection> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let data = '';
    socket.on('data', (chunk: Buffer) => {
      data += chunk.toString();
    });
    const closed = new Promise<string>((done) => socket.once('close', () => done(data)));
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.removeListener('error', reject);
      socket.on('error', () => undefined); // a reset by the server shows as `closed`
      resolve({ socket, send: (text) => void socket.write(text), received: () => data, closed });
    });
  });
}

/** The first line and headers of a request with a JSON body of `body`, announcing its full length. */
export function jsonRequestHead(path: string, body: string): string {
  return `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`;
}

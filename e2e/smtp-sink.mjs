// A tiny real SMTP server for the e2e run: accepts every message on 127.0.0.1 and writes each to
// a directory as JSON ({ from, to: [...], data }, `data` the raw message with dot-stuffing
// undone), so a script can read what Carewell really sent. Plain SMTP only (Carewell connects
// with smtp_tls = "none"); no authentication, no relaying anywhere.
//
//   node smtp-sink.mjs <directory> [port]     # port 0 or absent: any free port
//
// Prints "listening <port>" on stdout once it accepts connections.

import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node smtp-sink.mjs <directory> [port]');
  process.exit(2);
}
mkdirSync(dir, { recursive: true });
/** Largest message accepted, in bytes (a line beyond it answers 552). */
const MAX_MESSAGE = 10 * 1024 * 1024;
let saved = 0;

function save(from, to, data) {
  saved += 1;
  const name = `${Date.now()}-${process.pid}-${saved}`;
  const tmp = join(dir, `.${name}.tmp`);
  writeFileSync(tmp, JSON.stringify({ from, to, data }));
  // Renamed into place: a reader never sees half a message.
  renameSync(tmp, join(dir, `${name}.json`));
}

const server = createServer((socket) => {
  socket.setEncoding('latin1'); // bytes as they came; the reader decodes the MIME parts
  let buffer = '';
  let from = null;
  let to = [];
  let data = null; // lines of the message while in DATA
  let size = 0;
  const reply = (line) => socket.write(`${line}\r\n`);
  const reset = () => {
    from = null;
    to = [];
    data = null;
    size = 0;
  };
  reply('220 carewell-e2e-sink ESMTP ready');

  const command = (line) => {
    const verb = line.slice(0, 4).toUpperCase();
    const arg = line.slice(4).trim();
    const address = () => (arg.match(/<([^>]*)>/) || [])[1];
    switch (verb) {
      case 'EHLO':
        socket.write('250-carewell-e2e-sink\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250 SIZE 10485760\r\n');
        break;
      case 'HELO':
        reply('250 carewell-e2e-sink');
        break;
      case 'MAIL':
        if (!/^FROM:/i.test(arg) || address() === undefined) return reply('501 MAIL FROM:<address> expected');
        reset();
        from = address();
        reply('250 OK');
        break;
      case 'RCPT':
        if (from === null) return reply('503 MAIL first');
        if (!/^TO:/i.test(arg) || !address()) return reply('501 RCPT TO:<address> expected');
        to.push(address());
        reply('250 OK');
        break;
      case 'DATA':
        if (!to.length) return reply('503 RCPT first');
        data = [];
        reply('354 end with <CRLF>.<CRLF>');
        break;
      case 'RSET':
        reset();
        reply('250 OK');
        break;
      case 'NOOP':
        reply('250 OK');
        break;
      case 'QUIT':
        reply('221 bye');
        socket.end();
        break;
      default:
        reply('502 command not implemented');
    }
  };

  socket.on('data', (chunk) => {
    buffer += chunk;
    let nl;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl).replace(/\r$/, '');
      buffer = buffer.slice(nl + 1);
      if (data === null) {
        command(line);
        continue;
      }
      if (line === '.') {
        if (size > MAX_MESSAGE) {
          reply('552 message too large');
        } else {
          // The message's bytes, decoded as UTF-8 (headers are ASCII; 8-bit bodies are UTF-8).
          save(from, to, Buffer.from(data.join('\r\n'), 'latin1').toString('utf8'));
          reply('250 OK queued');
        }
        reset();
        continue;
      }
      size += line.length + 2;
      if (size <= MAX_MESSAGE) data.push(line.startsWith('.') ? line.slice(1) : line);
    }
  });
  socket.on('error', () => {});
});

server.listen(Number(process.argv[3] || 0), '127.0.0.1', () => {
  console.log(`listening ${server.address().port}`);
});

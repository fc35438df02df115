// Socket.IO clients for bench/chat.py, in Node (socket.io-client costs less per frame than Python).
//
//   node bench/chat_clients.js receivers URL SESSION SECONDS < cookies.json
//   node bench/chat_clients.js probes URL SESSION SECONDS RATE < cookies.json
//
// Reads a JSON list of Cookie headers (null for the bare server) from stdin; every client
// connects over WebSocket to the /debrief namespace and joins the room. Prints "ready" when
// all have joined, waits for "go" on stdin, then measures for SECONDS:
// - receivers only count the chat messages they get;
// - probes send open-loop at RATE messages/s in total (spread evenly over the probes, on a
//   fixed schedule whatever the answers) and time each message until their own copy arrives.
// Ends with one JSON line: deliveries, latencies (ms), and this process's CPU use.
"use strict";

const { io } = require("socket.io-client");
const readline = require("node:readline");

const [mode, url, sessionArg, secondsArg, rateArg] = process.argv.slice(2);
const session = Number(sessionArg);
const seconds = Number(secondsArg);
const rate = Number(rateArg || 0);
let joinRetries = 0;

function connect(cookie) {
  return new Promise((resolve, reject) => {
    const socket = io(`${url}/debrief`, {
      transports: ["websocket"],
      reconnection: false,
      extraHeaders: cookie ? { Cookie: cookie } : {},
      timeout: 60000,
    });
    socket.once("connect_error", reject);
    socket.once("connect", () => {
      const join = (attempt) => {
        socket.timeout(60000).emit("join", { session }, (error, reply) => {
          if (!error && reply && reply.ok) resolve(socket);
          else if (attempt < 5) {
            joinRetries += 1; // e.g. SQLite busy while many join at once
            setTimeout(() => join(attempt + 1), 500 * attempt);
          } else reject(new Error(`join refused: ${JSON.stringify(reply)}`));
        });
      };
      join(1);
    });
  });
}

async function main() {
  const lines = readline.createInterface({ input: process.stdin });
  const iterator = lines[Symbol.asyncIterator]();
  const cookies = JSON.parse((await iterator.next()).value);
  const sockets = [];
  for (let start = 0; start < cookies.length; start += 10) {
    sockets.push(...(await Promise.all(cookies.slice(start, start + 10).map(connect))));
  }
  let deliveries = 0;
  const latencies = [];
  const pending = new Map();
  sockets.forEach((socket, index) => {
    socket.on("chat", (message) => {
      deliveries += 1;
      const sentAt = pending.get(`${index}:${message.html}`);
      if (sentAt !== undefined) {
        latencies.push(performance.now() - sentAt);
        pending.delete(`${index}:${message.html}`);
      }
    });
  });
  console.log("ready");
  await iterator.next(); // "go"
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  let sent = 0;
  let refused = 0;
  if (mode === "probes") {
    const interval = (1000 * sockets.length) / rate;
    sockets.forEach((socket, index) => {
      let number = 0;
      const offset = (interval * index) / sockets.length;
      const send = () => {
        const body = `probe-${index}-${number++}`;
        pending.set(`${index}:${body}`, performance.now());
        sent += 1;
        socket.emit("send", { session, body }, (reply) => {
          if (!reply || !reply.ok) refused += 1;
        });
      };
      setTimeout(() => {
        send();
        const timer = setInterval(send, interval);
        setTimeout(() => clearInterval(timer), seconds * 1000 - offset);
      }, offset);
    });
  }
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000 + 2000)); // drain
  const cpu = process.cpuUsage(cpuBefore);
  const elapsed = (performance.now() - started) / 1000;
  console.log(JSON.stringify({
    deliveries, latencies, sent, refused, unanswered: pending.size, joinRetries,
    cpu: (cpu.user + cpu.system) / 1e6 / elapsed,
  }));
  sockets.forEach((socket) => socket.disconnect());
  process.exit(0);
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});

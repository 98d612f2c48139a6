import net from "node:net";

/**
 * One SMTP transaction over a raw socket — connect, EHLO, MAIL, RCPT, DATA,
 * the final 250 — timed from connect to that 250. Raw rather than
 * nodemailer so that the figure is the server's answer time alone.
 */
export async function timedSmtpTransaction(options: { port: number; to: string; timeoutMs?: number }): Promise<{ ms: number; reply: string }> {
  const socket = net.connect(options.port, "127.0.0.1");
  const started = performance.now();
  let buffer = "";
  let waiting: { resolve: (reply: string) => void; reject: (error: Error) => void } | undefined;
  const fail = (error: Error) => waiting?.reject(error);
  socket.on("error", fail);
  socket.on("close", () => fail(new Error(`connection closed; last data: ${JSON.stringify(buffer)}`)));
  socket.on("data", (chunk) => {
    buffer += chunk.toString();
    // A reply ends with a line "NNN text" (a space, not a dash, after the code).
    const end = buffer.match(/(^|\r\n)(\d{3}) [^\r\n]*\r\n$/);
    if (end && waiting) {
      const reply = buffer;
      buffer = "";
      waiting.resolve(reply);
    }
  });
  const timer = setTimeout(() => {
    fail(new Error(`SMTP transaction took more than ${options.timeoutMs ?? 30_000} ms`));
    socket.destroy();
  }, options.timeoutMs ?? 30_000);
  const expect = (code: string, send?: string) =>
    new Promise<string>((resolve, reject) => {
      waiting = { resolve, reject };
      if (send !== undefined) socket.write(send);
    }).then((reply) => {
      if (!reply.split("\r\n").at(-2)?.startsWith(code)) throw new Error(`expected ${code} after ${JSON.stringify(send)}, got ${JSON.stringify(reply)}`);
      return reply;
    });
  try {
    await expect("220");
    await expect("250", "EHLO test.example\r\n");
    await expect("250", "MAIL FROM:<sender@example.org>\r\n");
    await expect("250", `RCPT TO:<${options.to}>\r\n`);
    await expect("354", "DATA\r\n");
    const message = ["From: sender@example.org", `To: ${options.to}`, "Subject: timing", "", "A message sent while the web app is busy.", ".", ""].join("\r\n");
    const reply = await expect("250", message);
    const ms = performance.now() - started;
    socket.write("QUIT\r\n");
    return { ms, reply: reply.trim() };
  } finally {
    clearTimeout(timer);
    socket.removeAllListeners("close");
    socket.end();
  }
}

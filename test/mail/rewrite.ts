/**
 * Readdress a fixture to one of our reply addresses, as the MTA in front of
 * us would have delivered it: the top-level To header is replaced and the
 * placeholders Alaveteli's fixtures use are substituted. Attached messages
 * (below the first blank line) are left alone.
 */
export function readdress(raw: Buffer, address: string): Buffer {
  const text = raw.toString("latin1");
  const m = /\r?\n\r?\n/.exec(text);
  const split = m ? m.index : text.length;
  let head = text.slice(0, split);
  const body = text.slice(split);
  head = head.replace(/EMAIL_TO|FOO@EXAMPLE\.COM/gi, address).replace(/request-[a-z0-9]+-[a-z0-9]+@[a-z0-9.-]+/gi, address);
  if (/^To:/im.test(head)) head = head.replace(/^To:[^\n]*(\n[ \t][^\n]*)*/im, `To: <${address}>`);
  else head = `To: <${address}>\n${head}`;
  return Buffer.from(head + body, "latin1");
}

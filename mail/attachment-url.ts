/** Where the public downloads a stored attachment. */
export function attachmentUrl(id: number, filename: string): string {
  return `/attachments/${id}/${encodeURIComponent(filename)}`;
}

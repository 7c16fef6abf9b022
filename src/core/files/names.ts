import { newGuid } from '../util/ids.js';

/** An unguessable stored-file name like ClickSend's ("65889986-E306-4309-B229-FD9215EE1013.pdf"). */
export function newFileName(extension: string): string {
  const ext = extension.replace(/^\./, '').toLowerCase();
  return `${newGuid()}${ext ? `.${ext}` : ''}`;
}

/** The public URL of a stored file: ClickSend serves them at /files/<name>, outside /v3. */
export function fileUrl(publicUrl: string, name: string, query?: Record<string, string>): string {
  const qs = query ? `?${new URLSearchParams(query).toString()}` : '';
  return `${publicUrl}/files/${encodeURIComponent(name)}${qs}`;
}

const CONTENT_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  bmp: 'image/bmp',
  csv: 'text/csv; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  json: 'application/json',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  odt: 'application/vnd.oasis.opendocument.text',
  rtf: 'application/rtf',
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
};

export function contentTypeOf(name: string): string {
  const ext = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1).toLowerCase() : '';
  return CONTENT_TYPES[ext] ?? 'application/octet-stream';
}

import { ApiError } from '../../../core/errors/index.js';
import { FILE_NAME_PATTERN, type FileStore } from '../../../core/files/index.js';

/**
 * The stored-file name an own file URL points at: `<origin>/files/<name>` where origin is one of `origins`
 * (PUBLIC_URL, the request's own scheme://host:port) and scheme, host and port match exactly; the query and
 * fragment are ignored, credentials in the URL make it someone else's. Anything else is undefined: a URL
 * like any other, fetched through the SafeFetcher.
 */
export function ownFileName(url: string, origins: readonly string[]): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (u.username || u.password) return undefined;
  for (const origin of origins) {
    let base: URL;
    try {
      base = new URL(origin);
    } catch {
      continue;
    }
    // URL.host is lower-cased and drops the scheme's default port, so ":80" and "" compare equal.
    if (u.protocol !== base.protocol || u.host !== base.host) continue;
    // PUBLIC_URL may carry a path (a server behind a reverse proxy at /sendbox): files are under it.
    const prefix = `${base.pathname.replace(/\/+$/, '')}/files/`;
    if (!u.pathname.startsWith(prefix)) continue;
    const name = u.pathname.slice(prefix.length);
    if (FILE_NAME_PATTERN.test(name)) return name;
  }
  return undefined;
}

/**
 * Reads an own file straight from the FileStore: no HTTP round trip to ourselves, so no private-address rule
 * (a default install's PUBLIC_URL is a loopback address). The name is the capability, exactly as for
 * GET /files/{name}: an upload of another account is read as that route would serve it, and one whose
 * UPLOAD_TTL has passed and was swept is gone, a 400 naming the field.
 */
export async function readOwnFile(files: FileStore, name: string, field: string, maxBytes: number): Promise<Buffer> {
  const stat = await files.stat(name);
  if (stat && stat.size > maxBytes) {
    throw ApiError.badRequest(`${field} could not be read: the file ${name} on this server is ${mb(stat.size)}, over the limit of ${mb(maxBytes)}.`);
  }
  const bytes = stat ? await files.get(name) : undefined;
  if (!bytes) {
    throw ApiError.badRequest(`${field} points at ${name} on this server, which does not exist or has expired (uploads are deleted after UPLOAD_TTL); upload the file again and send its new _url.`);
  }
  return bytes;
}

const mb = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

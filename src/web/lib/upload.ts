import { apiErrorFromText, writeHeaders } from '../api/client.js';

/** One file's upload as it goes: bytes sent of its total. */
export interface UploadProgress {
  loaded: number;
  total: number;
}

/**
 * Sends one file as `multipart/form-data` (field `file`) with `XMLHttpRequest`, the one browser API that
 * reports upload progress, and resolves with the JSON answer. A failure rejects with the server's
 * {@link ApiError} (problem+json), a lost connection with the `network` one; `signal` aborts the upload
 * (rejects with an `AbortError`).
 *
 * @example
 * await uploadWithProgress(url, file, { csrf: false, onProgress: (p) => setPercent(p.loaded / p.total) });
 */
export async function uploadWithProgress<T>(
  url: string,
  file: File,
  options: { csrf: boolean; onProgress?: (progress: UploadProgress) => void; signal?: AbortSignal },
): Promise<T> {
  const headers = await writeHeaders({ csrf: options.csrf });
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.withCredentials = true;
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) options.onProgress?.({ loaded: event.loaded, total: event.total });
    };
    xhr.onload = () => {
      const type = xhr.getResponseHeader('content-type') ?? '';
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve((xhr.responseText ? JSON.parse(xhr.responseText) : undefined) as T);
        } catch {
          reject(apiErrorFromText(xhr.status, type, xhr.responseText));
        }
        return;
      }
      reject(apiErrorFromText(xhr.status, type, xhr.responseText));
    };
    xhr.onerror = () => reject(apiErrorFromText(0, '', ''));
    xhr.onabort = () => reject(new DOMException('Upload aborted', 'AbortError'));
    if (options.signal) {
      if (options.signal.aborted) {
        reject(new DOMException('Upload aborted', 'AbortError'));
        return;
      }
      options.signal.addEventListener('abort', () => xhr.abort(), { once: true });
    }
    const body = new FormData();
    body.append('file', file, file.name);
    xhr.send(body);
  });
}

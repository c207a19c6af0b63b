/** A REST request as the fake records it, and reading and answering HTTP the way Discord does. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Json } from './fixtures.js';

export interface RecordedFile {
  readonly field: string;
  readonly name: string;
  readonly contentType: string;
  readonly data: Buffer;
}

export interface RecordedRequest {
  readonly method: string;
  /** Path after /api/v10, percent-decoded: `/webhooks/1/tok/messages/@original`. */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** Whether the request carried the bot token ('bot'), none, or a wrong one. */
  readonly auth: 'bot' | 'none' | 'wrong';
  /** JSON body, or multipart's payload_json. */
  readonly body: unknown;
  readonly files: readonly RecordedFile[];
  readonly multipart: boolean;
  status: number;
  /** Set when this request was answered by an injected failure. */
  injected?: boolean;
  /** When the fake received it (performance.now(), in ms): for the spacing of retries. */
  readonly at: number;
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** JSON, or multipart with the JSON in payload_json beside the files; throws on a body that is neither. */
export async function parseBody(req: IncomingMessage, raw: Buffer): Promise<{ body: unknown; files: RecordedFile[]; multipart: boolean }> {
  const type = req.headers['content-type'] ?? '';
  if (raw.length === 0) return { body: undefined, files: [], multipart: false };
  if (type.startsWith('multipart/form-data')) {
    const form = await new Response(raw, { headers: { 'content-type': type } }).formData();
    let body: unknown;
    const files: RecordedFile[] = [];
    for (const [field, value] of form.entries()) {
      if (typeof value === 'string') {
        if (field === 'payload_json') body = JSON.parse(value);
      } else {
        files.push({ field, name: value.name, contentType: value.type, data: Buffer.from(await value.arrayBuffer()) });
      }
    }
    return { body, files, multipart: true };
  }
  return { body: JSON.parse(raw.toString('utf8')), files: [], multipart: false };
}

/** Answers with Discord's error shape; returns the status, which the caller records. */
export function discordError(res: ServerResponse, status: number, code: number, message: string, errors?: string[]): number {
  const body: Json = { message, code };
  if (errors?.length) {
    // Discord nests field errors; a flat `_errors` per path is enough for discord.js to print them.
    body.errors = Object.fromEntries(
      errors.map((e, i) => {
        const [path, text] = e.split(': ');
        return [path ?? `e${i}`, { _errors: [{ code: 'BASE_TYPE_INVALID', message: text ?? e }] }];
      }),
    );
  }
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  return status;
}

export function json(res: ServerResponse, status: number, body: unknown): number {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  return status;
}

export function noContent(res: ServerResponse): number {
  res.writeHead(204).end();
  return 204;
}

export const notFound = (res: ServerResponse): number => discordError(res, 404, 0, '404: Not Found');

/** A stand-in for a ServerResponse whose answer is lost: a route writes into it and nothing is sent. */
export function discardedResponse(): ServerResponse {
  const sink = {
    writeHead: () => sink,
    setHeader: () => sink,
    end: () => sink,
  };
  return sink as unknown as ServerResponse;
}

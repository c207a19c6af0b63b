/**
 * The fake's gateway, plain JSON over WebSocket (no zlib): HELLO, IDENTIFY answered with READY and
 * one GUILD_CREATE per guild of the shard, heartbeats acknowledged, RESUME replaying what was held
 * while the session had no socket.
 */
import { once } from 'node:events';
import type { Server } from 'node:http';
import { WebSocketServer, WebSocket } from 'ws';
import { guildCreateJson, shardOf, snowflake, type Json } from './fixtures.js';
import type { FakeState } from './state.js';
import { waitFor, waitForCount } from './wait.js';

interface Session {
  readonly id: string;
  /** [shard id, shard count] from IDENTIFY ([0, 1] when it sent none). */
  readonly shard: readonly [number, number];
  seq: number;
  readonly events: Json[];
  socket: WebSocket | null;
}

export interface Gateway {
  readonly identifies: number;
  readonly identifiedShards: readonly (readonly [number, number])[];
  readonly resumes: number;
  readonly heartbeats: number;
  /** Dispatches an INTERACTION_CREATE to its guild's shard (DMs: shard 0), once that shard has identified. */
  deliver(payload: Json): Promise<void>;
  /** Closes the socket of the latest session, or of `shard`'s; 4000-class codes leave the session resumable. */
  close(code: number, shard?: number): Promise<void>;
  stop(): void;
}

const send = (socket: WebSocket | null, payload: Json) => {
  if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(payload));
};

const dispatch = (session: Session, t: string, d: Json) => {
  session.seq += 1;
  const event = { op: 0, t, s: session.seq, d };
  session.events.push(event);
  // Held while the session has no socket; replayed on RESUME.
  send(session.socket, event);
};

export function startGateway(server: Server, state: FakeState, heartbeatInterval: number): Gateway {
  const { token, events } = state;
  const sessions = new Map<string, Session>();
  let current: Session | null = null;
  // The live session of each shard id (the latest to identify or resume as it), for delivery.
  const byShard = new Map<number, Session>();
  // The shard count of the latest IDENTIFY: how guilds map to shards for delivery.
  let shardCount = 1;
  const identifiedShards: [number, number][] = [];
  let identifies = 0;
  let resumes = 0;
  let heartbeats = 0;

  // null: the socket was closed for a bad IDENTIFY.
  function identify(socket: WebSocket, d: Json | undefined, already: Session | null): Session | null {
    if (d?.token !== token) {
      socket.close(4004, 'Authentication failed.');
      return null;
    }
    if (already) {
      socket.close(4005, 'Already authenticated.');
      return null;
    }
    const shard = d.shard ?? [0, 1];
    const [shardId, count] = Array.isArray(shard) ? shard : [];
    if (!Number.isInteger(shardId) || !Number.isInteger(count) || count < 1 || shardId < 0 || shardId >= count) {
      socket.close(4010, 'Invalid shard.');
      return null;
    }
    const session: Session = { id: snowflake(), shard: [shardId, count], seq: 0, events: [], socket };
    sessions.set(session.id, session);
    current = session;
    byShard.set(shardId, session);
    shardCount = count;
    identifiedShards.push([shardId, count]);
    identifies += 1;
    const own = state.guilds.filter((g) => shardOf(g.id, count) === shardId);
    dispatch(session, 'READY', {
      v: 10,
      user: state.botUser,
      guilds: own.map((g) => ({ id: g.id, unavailable: true })),
      session_id: session.id,
      resume_gateway_url: state.gatewayUrl,
      shard: [shardId, count],
      application: { id: state.applicationId, flags: 0 },
      private_channels: [],
      presences: [],
      relationships: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: [],
      session_type: 'normal',
    });
    for (const g of own) dispatch(session, 'GUILD_CREATE', guildCreateJson(g, state.botUser));
    events.emit('identify');
    return session;
  }

  // null: nothing to resume (the client was told to identify again) or a bad token.
  function resume(socket: WebSocket, d: Json | undefined): Session | null {
    const found = sessions.get(d?.session_id);
    if (d?.token !== token) {
      socket.close(4004, 'Authentication failed.');
      return null;
    }
    if (!found) {
      send(socket, { op: 9, d: false, s: null, t: null });
      return null;
    }
    found.socket?.terminate();
    found.socket = socket;
    current = found;
    byShard.set(found.shard[0], found);
    const seq = Number(d.seq ?? 0);
    for (const event of found.events) if (event.s > seq) send(socket, event);
    resumes += 1;
    dispatch(found, 'RESUMED', {});
    events.emit('resume');
    return found;
  }

  const wss = new WebSocketServer({ noServer: true });
  wss.on('connection', (socket) => {
    let session: Session | null = null;
    send(socket, { op: 10, d: { heartbeat_interval: heartbeatInterval }, s: null, t: null });
    socket.on('message', (raw) => {
      let payload: Json;
      try {
        payload = JSON.parse((Buffer.isBuffer(raw) ? raw : Array.isArray(raw) ? Buffer.concat(raw) : Buffer.from(raw)).toString('utf8'));
      } catch {
        socket.close(4002, 'Error while decoding payload.');
        return;
      }
      switch (payload.op) {
        case 1:
          heartbeats += 1;
          send(socket, { op: 11, d: null, s: null, t: null });
          events.emit('heartbeat');
          break;
        case 2:
          session = identify(socket, payload.d, session) ?? session;
          break;
        case 6:
          session = resume(socket, payload.d) ?? session;
          break;
        default:
          break;
      }
    });
    socket.on('close', () => {
      if (session && session.socket === socket) session.socket = null;
    });
  });

  server.on('upgrade', (req, socket, head) => {
    if (!(req.url ?? '').startsWith('/gateway')) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  return {
    get identifies() {
      return identifies;
    },
    identifiedShards,
    get resumes() {
      return resumes;
    },
    get heartbeats() {
      return heartbeats;
    },
    async deliver(payload) {
      if (!current) await waitForCount(events, 'identify', () => identifies, 1, 15_000);
      const guildId: unknown = payload.guild_id;
      const target = () => (typeof guildId === 'string' ? shardOf(guildId, shardCount) : 0);
      const session = await waitFor(
        events,
        'identify',
        () => byShard.get(target()),
        15_000,
        () => `shard ${target()} of ${shardCount} to identify (for guild ${typeof guildId === 'string' ? guildId : 'none: a DM'})`,
      );
      dispatch(session, 'INTERACTION_CREATE', payload);
    },
    async close(code, shard) {
      const session = shard === undefined ? current : (byShard.get(shard) ?? null);
      const socket = session?.socket;
      if (!session || !socket) return;
      session.socket = null;
      if (code === 1000 || code === 4004 || code === 4007 || code === 4009) sessions.delete(session.id);
      const closed = once(socket, 'close');
      socket.close(code, 'fake Discord closed the connection');
      await closed;
    },
    stop() {
      for (const client of wss.clients) client.terminate();
      wss.close();
    },
  };
}

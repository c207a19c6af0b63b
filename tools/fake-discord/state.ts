/**
 * What REST, the gateway and the interactions of one fake share. One object per fake, passed to
 * each part, because tests run several fakes at once in one process.
 */
import { EventEmitter } from 'node:events';
import { botUserJson, channelsById, type FakeGuild, type GuildChannel, type Json } from './fixtures.js';

export interface FakeState {
  readonly token: string;
  readonly applicationId: string;
  /** Where GET /gateway points and where READY tells the client to resume. */
  readonly gatewayUrl: string;
  readonly botUser: Json;
  readonly guilds: readonly FakeGuild[];
  /** Every channel of every guild, by id. */
  readonly channels: ReadonlyMap<string, GuildChannel>;
  /** 'request', 'identify', 'resume' and 'heartbeat', for whoever waits on them. */
  readonly events: EventEmitter;
}

export function createState(token: string, applicationId: string, guilds: readonly FakeGuild[], gatewayUrl: string): FakeState {
  const events = new EventEmitter();
  // Every waiting test adds a listener; dozens at once is normal, not a leak.
  events.setMaxListeners(0);
  return { token, applicationId, gatewayUrl, botUser: botUserJson(applicationId), guilds, channels: channelsById(guilds), events };
}

/**
 * Names for the API's shapes that the web app uses, each *derived* from the generated `schema.d.ts` (the
 * server's route schemas): none is written by hand, so a change on the server changes these and the
 * compiler points at every screen it affects. Add a name here by naming the route it comes from.
 */

import type { paths } from './schema.js';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Json<R> = R extends { content: { 'application/json': infer B } } ? B : never;

/** The JSON success answer (200 or 201) of `method path`. */
export type Answer<P extends keyof paths, M extends Method = 'get'> = paths[P][M] extends {
  responses: infer R;
}
  ? Json<R[keyof R & (200 | 201)]>
  : never;

/** The JSON body `method path` takes. */
export type Body<P extends keyof paths, M extends Method> = paths[P][M] extends { requestBody?: infer B }
  ? Json<NonNullable<B>>
  : never;

/** The query parameters of `method path`. */
export type Query<P extends keyof paths, M extends Method = 'get'> = paths[P][M] extends {
  parameters: { query?: infer Q };
}
  ? NonNullable<Q>
  : never;

/** The element of a list answer (`{ items }`). */
export type Item<T> = T extends { items: (infer I)[] } ? I : never;

export type SortOrder = NonNullable<Query<'/api/clients'>['order']>;

// Platform: users, office, session, professions, tokens, audit
export type User = Item<Answer<'/api/users'>>;
export type Role = User['role'];
export type UserCreate = Body<'/api/users', 'post'>;
export type UserPatch = Body<'/api/users/{id}', 'patch'>;
export type Office = Answer<'/api/office'>;
export type OfficePatch = Body<'/api/office', 'patch'>;
export type Me = Answer<'/api/auth/me'>;
export type Profession = Item<Answer<'/api/professions'>>;
export type ApiToken = Item<Answer<'/api/tokens'>>;

// Clients
export type Client = Item<Answer<'/api/clients'>>;
export type ClientStatus = Client['status'];
export type ClientWithContacts = Answer<'/api/clients/{id}'>;
export type Contact = ClientWithContacts['contacts'][number];
export type ContactInput = Body<'/api/clients/{id}/contacts', 'post'>;
export type ClientSortField = NonNullable<Query<'/api/clients'>['sort']>;
export type ClientInput = Body<'/api/clients', 'post'>;
export type Service = Item<Answer<'/api/services'>>;
export type ServiceInput = Body<'/api/services', 'post'>;

// Engine: runs, pools, schedules
export type Run = Item<Answer<'/api/runs'>>;
export type RunState = Run['state'];
export type RunWithLogs = Answer<'/api/runs/{id}'>;
export type RunLog = RunWithLogs['logs'][number];
export type RunLogLevel = RunLog['level'];
export type RunInput = Body<'/api/runs', 'post'>;
export type Pool = Item<Answer<'/api/pools'>>;
export type Schedule = Item<Answer<'/api/schedules'>>;
/** A recurrence as the editor writes it (the server fills the defaults; what it sends back fits too). */
export type ScheduleSpec = Body<'/api/schedules', 'post'>['spec'];
export type ScheduleType = ScheduleSpec['type'];
export type MonthDay = Extract<ScheduleSpec, { type: 'monthly' }>['day'];
export type NonBusinessDayPolicy = NonNullable<Extract<ScheduleSpec, { type: 'daily' }>['nonBusinessDay']>;
export type MisfirePolicy = Schedule['misfirePolicy'];
export type ScheduleInput = Body<'/api/schedules', 'post'>;

// Notifications
export type NotificationList = Answer<'/api/notifications'>;
export type AppNotification = NotificationList['items'][number];

// Messaging
export type Message = Item<Answer<'/api/messages'>>;
export type MessageChannel = Message['channel'];
export type MessageStatus = Message['status'];
export type EmailChannelSettings = Answer<'/api/channels/email'>;
export type SmtpSecurity = Extract<EmailChannelSettings, { mode: 'smtp' }>['security'];
export type EmailChannelInput = Body<'/api/channels/email', 'put'>;
export type MessageTemplate = Item<Answer<'/api/templates'>>;
export type TemplateChannel = MessageTemplate['channels'][number];
export type TemplateText = TemplateChannel['default'];
export type SendResult = Answer<'/api/channels/email/test', 'post'>;

/** A job kind the server registers (its catalog); values come from `GET /api/job-kinds`. */
export type JobKind = Body<'/api/runs', 'post'>['kind'];
/** A message template's key (the server's template catalog); values come from `GET /api/templates`. */
export type TemplateKey = NonNullable<
  paths['/api/templates/{key}/{channel}/preview']['post']['parameters']['path']
>['key'];

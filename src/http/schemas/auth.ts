import { Type } from 'typebox';

/** Schemas of sign-in, sessions, API tokens, users and the audit log (src/http/routes/{auth,users,audit}.ts). */

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([Type.Null(), t]);
const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });

export const RoleSchema = Type.Union([Type.Literal('admin'), Type.Literal('recruiter'), Type.Literal('viewer')], {
  description: 'admin: everything, users and settings; recruiter: jobs, candidates, campaigns, calls; viewer: read-only, phones masked',
});

export const Me = Type.Object({
  id: Type.Integer(),
  email: Type.String(),
  role: RoleSchema,
  has_password: Type.Optional(Type.Boolean({ description: 'GET /auth/me: whether the account has a password (else it came by a link)' })),
});

export const SignedIn = Type.Object({
  user: Me,
  csrf_token: Type.String({ description: 'Send it as x-csrf-token on every request that changes something' }),
});

export const WhoAmI = Type.Object({
  user: Nullable(Me),
  kind: Type.Union([Type.Literal('key'), Type.Literal('token'), Type.Literal('session')]),
  role: RoleSchema,
  csrf_token: Nullable(Type.String({ description: "The session's CSRF token (null for bearer credentials)" })),
});

export const LoginBody = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 320 }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
);

export const LinkParams = Type.Object({ token: Type.String({ minLength: 1, maxLength: 100 }) });

export const PasswordBody = Type.Object(
  {
    current_password: Type.Optional(Type.String({ maxLength: 1024, description: 'Required when a password is set' })),
    new_password: Type.String({ minLength: 12, maxLength: 1024 }),
  },
  { additionalProperties: false },
);

export const Session = Type.Object({
  id: Type.String(),
  created_at: Type.String(),
  last_seen_at: Type.String(),
  expires_at: Type.String(),
  ip: Nullable(Type.String()),
  user_agent: Nullable(Type.String()),
  current: Type.Boolean(),
});
export const SessionList = Type.Object({ items: Type.Array(Session) });
export const SessionParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 128 }) });
export const SessionQuery = Type.Object({
  user_id: Type.Optional(Type.Integer({ minimum: 1, description: "Admins: another user's sessions" })),
});

export const TokenBody = Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false });
export const ApiToken = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  created_at: Type.String(),
  last_used_at: Nullable(Type.String()),
});
export const CreatedApiToken = Type.Object({
  ...ApiToken.properties,
  token: Type.String({ description: 'Authorization: Bearer <token>; shown only in this answer' }),
});
export const ApiTokenList = Type.Object({ items: Type.Array(ApiToken) });
export const IdParams = Type.Object({ id: Id });

export const User = Type.Object({
  id: Type.Integer(),
  email: Type.String(),
  role: RoleSchema,
  created_at: Type.String(),
  disabled: Type.Boolean(),
  has_password: Type.Boolean(),
});
export const UserList = Type.Object({ items: Type.Array(User) });
export const UserCreate = Type.Object(
  { email: Type.String({ minLength: 3, maxLength: 320 }), role: RoleSchema },
  { additionalProperties: false },
);
export const UserPatch = Type.Object(
  { role: Type.Optional(RoleSchema), disabled: Type.Optional(Type.Boolean({ description: 'true revokes their sessions and tokens' })) },
  { additionalProperties: false, minProperties: 1 },
);
export const SignInLink = Type.Object({
  sign_in_link: Type.String({ description: 'One-time, valid 24 hours: opens a session; then set a password' }),
});
export const UserWithLink = Type.Object({ user: User, sign_in_link: Type.String() });

export const AuditQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  cursor: Type.Optional(Type.Integer({ minimum: 1, description: 'next_cursor of the previous page' })),
});
export const AuditEntry = Type.Object({
  id: Type.Integer(),
  at: Type.String(),
  actor: Type.String(),
  user_id: Nullable(Type.Integer()),
  action: Type.String({ description: '<METHOD> <route> or a named action (auth.login, auth.link, users.create…)' }),
  target: Type.Record(Type.String(), Type.Unknown()),
  ip: Nullable(Type.String()),
});
export const AuditList = Type.Object({ items: Type.Array(AuditEntry), next_cursor: Nullable(Type.Integer()) });

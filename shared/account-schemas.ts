// The accounts' and one-time links' HTTP contract as JSON Schema (TypeBox).
import { Type } from 'typebox';
import { LIMITS } from './case.ts';
import { MAX_NAME_LENGTH } from './accounts.ts';
import { RoleSchema } from './schemas.ts';

export const AccountSchema = Type.Object({
  id: Type.String(),
  username: Type.String(),
  name: Type.String(),
  role: RoleSchema,
  institution: Type.Union([Type.String(), Type.Null()]),
  disabled: Type.Boolean(),
  passwordSet: Type.Boolean(),
});

export const LinkSchema = Type.Object({ url: Type.String(), expiresAt: Type.String() });

export const CreateAccountBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: LIMITS.username }),
    name: Type.String({ minLength: 1, maxLength: MAX_NAME_LENGTH }),
    role: RoleSchema,
    institution: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()])),
  },
  { additionalProperties: false },
);

export const UsernameParams = Type.Object({ username: Type.String({ minLength: 1, maxLength: LIMITS.username }) });

export const ImportedAccountSchema = Type.Object({
  username: Type.String(),
  name: Type.String(),
  institution: Type.String(),
  link: Type.String(),
  expiresAt: Type.String(),
});

export const LinkTokenParams = Type.Object({ token: Type.String({ pattern: '^[A-Za-z0-9_-]{43}$' }) });
export const SetPasswordBody = Type.Object(
  { password: Type.String({ minLength: 1, maxLength: LIMITS.password }) },
  { additionalProperties: false },
);

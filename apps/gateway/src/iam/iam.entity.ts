import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from '@ekyc/internal-context';

@Entity({ name: 'tenants' })
export class TenantRecord {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('text')
  slug!: string;

  @Column('text')
  name!: string;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'disabled_at', nullable: true })
  disabledAt!: Date | null;
}

@Entity({ name: 'users' })
export class UserRecord {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'tenant_id' })
  tenantId!: string;

  @Column('text')
  email!: string;

  @Column('text', { array: true })
  roles!: Role[];

  @Column('text', { name: 'display_name', nullable: true })
  displayName!: string | null;

  @Column('uuid', { name: 'invited_by', nullable: true })
  invitedBy!: string | null;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'disabled_at', nullable: true })
  disabledAt!: Date | null;
}

/** Only a SHA-256 of each token is stored; the token itself is shown once, when issued. */
@Entity({ name: 'api_tokens' })
export class ApiTokenRecord {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'tenant_id' })
  tenantId!: string;

  @Column('uuid', { name: 'user_id' })
  userId!: string;

  @Column('text')
  name!: string;

  @Column('text', { name: 'token_hash' })
  tokenHash!: string;

  @Column('text', { name: 'token_prefix' })
  tokenPrefix!: string;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'last_used_at', nullable: true })
  lastUsedAt!: Date | null;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;

  /** Past this the key is refused; null: it lives until revoked. */
  @Column('timestamptz', { name: 'expires_at', nullable: true })
  expiresAt!: Date | null;

  @Column('uuid', { name: 'created_by', nullable: true })
  createdBy!: string | null;
}

/** One change to a user or an API key: append-only (a trigger refuses updates and deletes). */
@Entity({ name: 'iam_changes' })
export class IamChangeRecord {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  @Column('uuid', { name: 'tenant_id' })
  tenantId!: string;

  @Column('uuid', { name: 'actor_user_id' })
  actorUserId!: string;

  @Column('text')
  action!: string;

  @Column('text', { name: 'target_kind' })
  targetKind!: 'user' | 'api_key';

  @Column('uuid', { name: 'target_id' })
  targetId!: string;

  @Column('jsonb')
  detail!: Record<string, unknown>;

  @Column('timestamptz', { default: () => 'now()' })
  at!: Date;
}

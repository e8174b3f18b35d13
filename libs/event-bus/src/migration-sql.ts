import { quoteIdent } from '@ekyc/db';

/**
 * The tables every service needs for reliable messaging, created by each service's own migration:
 * the transactional outbox and the record of events already processed by its consumer groups.
 */
export function eventBusTablesUp(schema: string): string[] {
  const s = quoteIdent(schema);
  return [
    `CREATE TABLE ${s}.outbox (
      id uuid PRIMARY KEY,
      seq bigserial NOT NULL,
      tenant_id uuid NOT NULL,
      topic text NOT NULL,
      message_key text NOT NULL,
      event_type text NOT NULL,
      payload jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      published_at timestamptz NULL,
      publish_attempts integer NOT NULL DEFAULT 0,
      last_error text NULL
    )`,
    `CREATE INDEX outbox_unpublished_idx ON ${s}.outbox (seq) WHERE published_at IS NULL`,
    `CREATE TABLE ${s}.processed_events (
      consumer_group text NOT NULL,
      event_id uuid NOT NULL,
      event_type text NOT NULL,
      processed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (consumer_group, event_id)
    )`,
  ];
}

export function eventBusTablesDown(schema: string): string[] {
  const s = quoteIdent(schema);
  return [`DROP TABLE ${s}.processed_events`, `DROP TABLE ${s}.outbox`];
}

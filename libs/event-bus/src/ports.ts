export interface OutgoingMessage {
  topic: string;
  key: string;
  value: string;
  headers?: Record<string, string>;
}

export interface IncomingMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

export interface SubscribeOptions {
  groupId: string;
  topics: readonly string[];
  /** Resolving commits the offset; throwing leaves it uncommitted so the message is delivered again. */
  handle(message: IncomingMessage): Promise<void>;
}

export interface Subscription {
  readonly groupId: string;
  stop(): Promise<void>;
}

export interface BusHealth {
  producer: 'idle' | 'connected' | 'disconnected';
  consumers: Array<{ groupId: string; state: 'starting' | 'running' | 'crashed' | 'stopped' }>;
}

/** The event-bus port: services depend on this, never on a Kafka client directly. */
export interface EventBus {
  publish(messages: OutgoingMessage[]): Promise<void>;
  subscribe(options: SubscribeOptions): Promise<Subscription>;
  ensureTopics(topics: readonly string[]): Promise<void>;
  health(): BusHealth;
  close(): Promise<void>;
}

import { Field, InputType } from 'type-graphql';
import { ApplicationChannel } from './application.type';

@InputType()
export class CreateApplicationInput {
  @Field({ description: 'Bangladeshi mobile number: 01XXXXXXXXX, +8801XXXXXXXXX; Bengali digits accepted.' })
  mobileNumber!: string;

  @Field(() => ApplicationChannel, { defaultValue: ApplicationChannel.agent })
  channel!: ApplicationChannel;

  @Field(() => String, { nullable: true, description: 'Makes retries safe: the same key returns the application created first.' })
  idempotencyKey?: string | null;
}

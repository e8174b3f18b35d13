import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { UserError } from '@ekyc/subgraph-kit';

export enum LivenessChallenge {
  turn_left = 'turn_left',
  turn_right = 'turn_right',
  blink = 'blink',
  open_mouth = 'open_mouth',
}
registerEnumType(LivenessChallenge, {
  name: 'LivenessChallenge',
  description: 'turn_left / turn_right: the applicant turns their head to their own left or right (beyond 15 degrees).',
});

export enum LivenessStatus {
  pending = 'pending',
  passed = 'passed',
  failed = 'failed',
  expired = 'expired',
}
registerEnumType(LivenessStatus, { name: 'LivenessStatus' });

@ObjectType({ description: 'A started liveness session: show the challenges in order, record frames, then submitLivenessFrames with the nonce.' })
export class LivenessSession {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  applicationId!: string;

  @Field(() => [LivenessChallenge])
  challenges!: LivenessChallenge[];

  @Field({ description: 'Proves the frames answer this session; valid for one submission.' })
  nonce!: string;

  @Field()
  expiresAt!: Date;
}

@ObjectType({ description: "An application's active liveness check: its passed session if any, else the latest." })
export class Liveness {
  @Field(() => ID)
  sessionId!: string;

  @Field(() => LivenessStatus)
  status!: LivenessStatus;

  @Field(() => [LivenessChallenge])
  challenges!: LivenessChallenge[];

  @Field(() => String, { nullable: true, description: 'Why it failed, e.g. "LIVENESS_CHALLENGE_NOT_MET: blink (step 2)" or "LIVENESS_WRONG_ORDER: ...".' })
  reason!: string | null;

  @Field(() => Date, { nullable: true })
  passedAt!: Date | null;

  @Field()
  expiresAt!: Date;

  @Field(() => Date, { nullable: true })
  completedAt!: Date | null;
}

@InputType()
export class LivenessFrameInput {
  @Field({ description: 'Base64 JPEG or PNG, at most 256 KB (20 frames stay under the 8 MB request limit).' })
  image!: string;

  @Field(() => Int, { description: 'Milliseconds since the session started on the device (a monotonic clock), increasing frame by frame.' })
  capturedAtMs!: number;
}

@InputType()
export class SubmitLivenessFramesInput {
  @Field(() => ID)
  sessionId!: string;

  @Field()
  nonce!: string;

  @Field(() => [LivenessFrameInput], { description: '2 to 20 frames in capture order, the first looking straight at the camera.' })
  frames!: LivenessFrameInput[];
}

@ObjectType()
export class StartLivenessSessionPayload {
  @Field(() => LivenessSession, { nullable: true })
  session!: LivenessSession | null;

  @Field(() => [UserError])
  errors!: UserError[];
}

@ObjectType()
export class SubmitLivenessFramesPayload {
  @Field(() => Liveness, {
    nullable: true,
    description: 'The judged session: passed, or failed with a reason. Null with errors when the frames were not judged.',
  })
  liveness!: Liveness | null;

  @Field(() => [UserError], { description: 'LIVENESS_REPLAY, LIVENESS_EXPIRED, LIVENESS_NONCE_MISMATCH, LIVENESS_SESSION_NOT_FOUND, or a bad frame.' })
  errors!: UserError[];
}

import { Field, Float, Int, ObjectType } from 'type-graphql';
import { UserError } from '@ekyc/subgraph-kit';

@ObjectType({ description: "One username's line of the NID service's bill." })
export class NidBillingLine {
  @Field(() => Int)
  partnerId!: number;

  @Field()
  partnerName!: string;

  @Field()
  username!: string;

  @Field(() => Int)
  callCount!: number;

  @Field(() => Int)
  successCount!: number;

  @Field(() => Int)
  failedCount!: number;

  @Field(() => Int)
  processingCount!: number;

  @Field(() => Float)
  bill!: number;
}

@ObjectType({ description: 'The vendor billing report, exactly as the NID partner service computed it.' })
export class NidVendorBillingReport {
  @Field({ description: 'As the service formats it, e.g. "Wed Feb 01 16:46:20 BDT 2023".' })
  generatedTime!: string;

  @Field(() => Int)
  partnerId!: number;

  @Field(() => Int)
  totalCallCount!: number;

  @Field(() => Int)
  totalSuccessCount!: number;

  @Field(() => Int)
  totalFailedCount!: number;

  @Field(() => Int)
  totalProcessingCount!: number;

  @Field(() => Float)
  totalBill!: number;

  @Field(() => [NidBillingLine])
  lines!: NidBillingLine[];
}

@ObjectType()
export class NidVendorBillingReportPayload {
  @Field(() => NidVendorBillingReport, { nullable: true })
  report!: NidVendorBillingReport | null;

  @Field(() => [UserError])
  errors!: UserError[];
}

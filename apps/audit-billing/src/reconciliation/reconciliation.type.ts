import { Field, ID, Int, ObjectType } from 'type-graphql';
import { UserError } from '@ekyc/subgraph-kit';

@ObjectType({ description: "One NID username over one vendor report's period: our billable calls beside the vendor's bill." })
export class NidReconciliationRow {
  @Field(() => ID)
  tenantId!: string;

  @Field()
  username!: string;

  @Field({ description: "The report's first day (a single-day report gives a per-day row)." })
  startDate!: string;

  @Field()
  endDate!: string;

  @Field(() => ID)
  vendorReportId!: string;

  @Field(() => Int)
  ourCallCount!: number;

  @Field(() => Int)
  ourSuccessCount!: number;

  @Field(() => Int)
  ourFailedCount!: number;

  @Field(() => Int)
  ourProcessingCount!: number;

  @Field(() => Int)
  vendorCallCount!: number;

  @Field(() => Int)
  vendorSuccessCount!: number;

  @Field(() => Int)
  vendorFailedCount!: number;

  @Field(() => Int)
  vendorProcessingCount!: number;

  @Field({ description: "Our call count at the vendor's unit price, decimal BDT." })
  expectedVendorBill!: string;

  @Field({ description: "The vendor's line amount, decimal BDT." })
  vendorBill!: string;

  @Field(() => [String], {
    description:
      'Empty when the row agrees: CALL_COUNT, SUCCESS_COUNT, FAILED_COUNT, PROCESSING_COUNT, BILL, NOT_BILLED_BY_VENDOR (we called, no vendor line), NOT_RECORDED_BY_US (vendor line, no call of ours).',
  })
  problems!: string[];
}

@ObjectType({ description: 'A day of the range no fetched vendor report covers.' })
export class NidUncoveredDay {
  @Field(() => ID)
  tenantId!: string;

  @Field()
  date!: string;

  @Field(() => Int)
  ourCallCount!: number;
}

@ObjectType({ description: 'Our count of NID calls per username and day against the vendor bills fetched with nidVendorBillingReport.' })
export class NidReconciliation {
  @Field()
  startDate!: string;

  @Field()
  endDate!: string;

  @Field({ description: 'Every day covered by a vendor report and every row in agreement.' })
  matched!: boolean;

  @Field(() => [NidReconciliationRow])
  rows!: NidReconciliationRow[];

  @Field(() => [NidReconciliationRow], { description: 'The rows with problems.' })
  differences!: NidReconciliationRow[];

  @Field(() => [NidUncoveredDay])
  uncoveredDays!: NidUncoveredDay[];
}

@ObjectType()
export class NidReconciliationPayload {
  @Field(() => NidReconciliation, { nullable: true })
  reconciliation!: NidReconciliation | null;

  @Field(() => [UserError])
  errors!: UserError[];
}

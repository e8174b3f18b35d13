import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { UserError } from '@ekyc/subgraph-kit';

export enum BillableItem {
  verification = 'verification',
  nid_call = 'nid_call',
  cdp_call = 'cdp_call',
}
registerEnumType(BillableItem, {
  name: 'BillableItem',
  description:
    'verification: a submitted application; nid_call: a billable NID demographic verification; cdp_call: a CDP lookup, onboarding, subscription or master-data call.',
});

export enum UsageProvider {
  verification = 'verification',
  nid = 'nid',
  cdp = 'cdp',
}
registerEnumType(UsageProvider, { name: 'UsageProvider', description: 'Where usage comes from: our verifications, or calls to the NID service or the CDP.' });

export enum UsageGrouping {
  username = 'username',
  agent = 'agent',
  tenant = 'tenant',
}
registerEnumType(UsageGrouping, {
  name: 'UsageGrouping',
  description:
    'username: the account the provider knows (the NID username, as on the vendor bill; the CDP client id; the submitting user for verifications); agent: the user who submitted the application a call was for; tenant: one line per tenant and provider.',
});

@ObjectType({ description: "One unit price of a tenant's price list." })
export class PriceListItem {
  @Field(() => BillableItem)
  item!: BillableItem;

  @Field({ description: 'Decimal BDT, e.g. "2.00".' })
  unitPrice!: string;

  @Field(() => Int, { description: 'The same in poisha (1/100 BDT).' })
  unitPriceMinor!: number;

  @Field({ description: 'True while the platform default applies.' })
  isDefault!: boolean;

  @Field(() => Date, { nullable: true })
  updatedAt!: Date | null;
}

@ObjectType()
export class PriceList {
  @Field(() => ID)
  tenantId!: string;

  @Field()
  currency!: string;

  @Field(() => [PriceListItem])
  items!: PriceListItem[];
}

@InputType()
export class PriceInput {
  @Field(() => BillableItem)
  item!: BillableItem;

  @Field({ description: 'Decimal BDT with at most two decimals, e.g. "2.50".' })
  unitPrice!: string;
}

@InputType()
export class SetPriceListInput {
  @Field(() => ID, { nullable: true, description: 'Platform admins name the tenant; partner admins set their own.' })
  tenantId?: string | null;

  @Field(() => [PriceInput], { description: 'Items not listed keep their price.' })
  items!: PriceInput[];
}

@ObjectType()
export class SetPriceListPayload {
  @Field(() => PriceList, { nullable: true })
  priceList!: PriceList | null;

  @Field(() => [UserError])
  errors!: UserError[];
}

@ObjectType({ description: "One line of a usage bill, shaped like a line of the NID service's vendor bill." })
export class UsageReportLine {
  @Field(() => ID)
  tenantId!: string;

  @Field(() => UsageProvider)
  provider!: UsageProvider;

  @Field(() => String, { nullable: true, description: 'Per the grouping; null when grouped by tenant.' })
  username!: string | null;

  @Field(() => Int, { description: 'successCount + failedCount + processingCount: what is billed.' })
  callCount!: number;

  @Field(() => Int)
  successCount!: number;

  @Field(() => Int)
  failedCount!: number;

  @Field(() => Int)
  processingCount!: number;

  @Field(() => Int, { description: 'Calls the provider does not bill (login, 4xx before the lookup, outages); never priced.' })
  unbilledCount!: number;

  @Field({ description: 'Decimal BDT.' })
  unitPrice!: string;

  @Field({ description: 'callCount × unitPrice, decimal BDT.' })
  bill!: string;
}

@ObjectType({ description: "Usage over Asia/Dhaka days, priced by each tenant's price list." })
export class UsageReport {
  @Field()
  startDate!: string;

  @Field()
  endDate!: string;

  @Field()
  generatedAt!: Date;

  @Field()
  currency!: string;

  @Field(() => Int)
  totalCallCount!: number;

  @Field(() => Int)
  totalSuccessCount!: number;

  @Field(() => Int)
  totalFailedCount!: number;

  @Field(() => Int)
  totalProcessingCount!: number;

  @Field(() => Int)
  totalUnbilledCount!: number;

  @Field({ description: 'Decimal BDT.' })
  totalBill!: string;

  @Field(() => [UsageReportLine])
  lines!: UsageReportLine[];
}

@ObjectType()
export class UsageReportPayload {
  @Field(() => UsageReport, { nullable: true })
  report!: UsageReport | null;

  @Field(() => [UserError])
  errors!: UserError[];
}

import type { GraphQLSchema } from 'graphql';
import { buildFederatedSchema } from '@ekyc/subgraph-kit';
import { applicationReference } from './application/application.reference';
import { ApplicationResolver } from './application/application.resolver';
import { EkycRequestResolver } from './ekyc-request/ekyc-request.resolver';
import { SubmissionPolicyResolver } from './policy/submission-policy.resolver';
import { ApplicationReviewResolver, ReviewResolver } from './review/review.resolver';
import { SubmissionResolver } from './submission/submission.resolver';
import { VerificationStatusResolver } from './verification-status/verification-status.resolver';
import { ViewerResolver } from './viewer/viewer.resolver';

export const buildIdentityDocumentSchema = (): Promise<GraphQLSchema> =>
  buildFederatedSchema({
    resolvers: [
      ApplicationResolver,
      SubmissionResolver,
      SubmissionPolicyResolver,
      VerificationStatusResolver,
      EkycRequestResolver,
      ReviewResolver,
      ApplicationReviewResolver,
      ViewerResolver,
    ],
    referenceResolvers: applicationReference,
  });

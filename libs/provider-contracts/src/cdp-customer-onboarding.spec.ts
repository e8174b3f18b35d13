import {
  CDP_MASTER_DATA,
  CDP_OAUTH_ERRORS,
  CDP_RESPONSE_CODES,
  cdpErrorEnvelope,
  cdpLookupResponse,
  cdpMasterDataSchema,
  cdpOAuthError,
  cdpOnboardingRequest,
  cdpTokenRequest,
  cdpTokenResponse,
} from './cdp-customer-onboarding';

describe('CDP token endpoint shapes', () => {
  it('parses a Keycloak token response with the lifetimes echoed', () => {
    const body = {
      access_token: 'eyJhbGciOi.a.b',
      expires_in: 300,
      refresh_expires_in: 1800,
      refresh_token: 'eyJhbGciOi.c.d',
      token_type: 'Bearer',
      'not-before-policy': 0,
      session_state: '6f0c1d2e-0000-4000-8000-000000000000',
      scope: 'profile email',
    };
    expect(cdpTokenResponse.parse(body).expires_in).toBe(300);
    expect(cdpTokenResponse.safeParse({ ...body, expires_in: undefined }).success).toBe(false);
  });

  it('tells the three grants apart and requires what each needs', () => {
    expect(cdpTokenRequest.safeParse({ grant_type: 'client_credentials', client_id: 'a', client_secret: 'b' }).success).toBe(true);
    expect(cdpTokenRequest.safeParse({ grant_type: 'client_credentials', client_id: 'a' }).success).toBe(false);
    expect(cdpTokenRequest.safeParse({ grant_type: 'password', client_id: 'a', username: 'u', password: 'p' }).success).toBe(true);
    expect(cdpTokenRequest.safeParse({ grant_type: 'refresh_token', client_id: 'a', refresh_token: 'r' }).success).toBe(true);
    expect(cdpTokenRequest.safeParse({ grant_type: 'authorization_code', client_id: 'a' }).success).toBe(false);
  });

  it('keeps every OAuth error in the shape Keycloak sends', () => {
    for (const { status, body } of Object.values(CDP_OAUTH_ERRORS)) {
      expect(cdpOAuthError.parse(body)).toEqual(body);
      expect([400, 401]).toContain(status);
    }
  });
});

describe('CAAS envelope', () => {
  it('parses a found customer and a 200 that carries an error code', () => {
    const found = {
      responseCode: CDP_RESPONSE_CODES.success,
      responseMessage: 'Customer found',
      requestId: 'r-1',
      traceId: 't-1',
      timestamp: '2025-01-01T00:00:00.000Z',
      data: {
        customerId: 'CDP1000000290',
        idType: 'NID',
        idNumber: '8178233186',
        customerName: 'Mahmuda Khatun',
        customerStatus: 'ACTIVE',
        subscriptionStatus: 'SUBSCRIBED',
        onboardedAt: '2023-02-01T00:00:00.000Z',
        referenceId: null,
      },
    };
    expect(cdpLookupResponse.parse(found).data?.customerId).toBe('CDP1000000290');
    const blocked = { ...found, responseCode: CDP_RESPONSE_CODES.blocked, responseMessage: 'Customer is blocked', data: null };
    expect(cdpErrorEnvelope.parse(blocked).responseCode).toBe('CDP-4062');
  });

  it('documents master data the schema accepts', () => {
    expect(cdpMasterDataSchema.parse(structuredClone(CDP_MASTER_DATA)).bdDivisions).toHaveLength(8);
  });

  it('describes a complete onboarding request', () => {
    const request = {
      requestId: '3f0b6b1e-2f7a-4c53-9d1e-6a2b8c4d5e6f',
      channel: 'EKYC',
      customer: {
        idType: 'NID',
        idNumber: '8178233186',
        fullName: 'Mahmuda Khatun',
        dateOfBirth: '1988-03-28',
        nationality: 'BD',
        mobileNumber: '8801712345678',
        presentAddress: { upazila: 'গোলাপগঞ্জ', district: 'সিলেট', divisionCode: '60', countryCode: 'BD' },
      },
      trustedSource: { source: 'EC_NID', verifiedAt: '2025-01-01T00:00:00.000Z' },
      additionalInfo: { countryCode: 'BD', attributes: { NAME_BN: 'মাহমুদা খাতুন', FATHER_NAME: 'আবুল কালাম', MOTHER_NAME: 'রাশিদা খাতুন' } },
      documents: [{ documentType: 'FACE_IMAGE', mimeType: 'image/jpeg', content: '/9j/' }],
    };
    expect(cdpOnboardingRequest.parse(request)).toEqual(request);
  });
});

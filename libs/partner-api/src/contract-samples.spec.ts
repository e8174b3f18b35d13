import {
  AGENT_STATUS_FIELDS,
  AGENT_STEP2_FIELDS,
  agentErrorBody,
  agentStep1Response,
  agentStep2Form,
  agentStep2Response,
  agentVerificationLogQuery,
  agentVerificationLogResponse,
  agentVerificationStatusResponse,
  createEkycRequestBody,
  ekycRequestCreated,
  partnerErrorBody,
  submissionErrorStatus,
  TWO_STEP_OCR_FIELDS,
  TWO_STEP_STEP2_FIELDS,
  twoStepStep1Form,
  twoStepStep1Response,
  twoStepStep2Form,
} from './index';

// The seeds' samples with their damaged keys in underscore form (`nid no` → `nid_no`), as the seeds' README says.
describe('agent eKYC API samples', () => {
  it("parses step 1's and step 2's sample responses", () => {
    const step1 = {
      status: 'success',
      data: {
        nid_no: '5558284157487',
        dob: '1980/10/1',
        customer_name_ben: 'মো. আসাদুজামান মিয়া',
        customer_name_eng: 'Md. Asaduzzaman Miah',
        father_name: 'আবুল মুনীম',
        mother_name: 'আবু মুনী',
        address: '22/1, रेमनामभूत (ताफ, थूनना मिंकि कत्रापादायन पानाथना',
        id_front_image: 'AAYGESAAMAAAABAAEAAAEyAAIAAAAUAAAAbIdpAAQAAAABAAAAGIGlAAQAAAABAAABlAAAAnhITUQGR2xvYmFsAABOb2tpYSBYNGAAMIA',
        id_back_image: 'AAYGESAAMAAAABAAEAAAEyAAIAAAAUAAAAbIdpAAQAAAABAAAAGIGlAAQAAAABAAABlAAAAnhITUQGR2xvYmFsAABOb2tpYSBYNGAAMAA',
        id_front_name: 'idNameSomething.jpg',
        id_back_name: 'idBackNameSomething.jpg',
      },
    };
    expect(agentStep1Response.parse(step1)).toEqual(step1);
    expect(agentStep2Response.parse({ status: 'success', detail: 'Application successfully submitted, awaiting identity verification.' }).status).toBe(
      'success',
    );
  });

  it("takes step 2's example form, and names the damaged fields it refuses", () => {
    const sample = {
      nid_no: '5558274157487',
      dob: '1/10/1980',
      applicant_name_ben: 'মো. আসাদুৰামান মিয়া',
      applicant_name_eng: 'Md. Asaduzzaman Miah',
      father_name: 'আবুল মুনীম',
      mother_name: 'আবু মুনী',
      pres_address: '22/1, ইসলামপুর রোড, খুলনা সিটি করপোরেশন দোলখেলা',
      perm_address: '22/1, ইসলামপুর রোড, খুলনা সিটি করপোরেশন দোলখেলা',
      id_front_name: 'idNameSomething.jpg',
      id_back_name: 'idBackNameSomething.jpg',
      gender: 'Male',
      profession: 'Engineer',
      nominee: 'Ambia Khatun',
      nominee_relation: 'Mother',
      mobile_number: '01785478964',
    };
    expect(agentStep2Form.parse(sample)).toEqual(sample);
    const { nid_no, ...damaged } = sample;
    const refused = agentStep2Form.safeParse({ ...damaged, 'nid no': nid_no });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues.some((i) => i.code === 'unrecognized_keys' && i.keys.includes('nid no'))).toBe(true);
  });

  it("parses section C's passed sample, and pending without detail", () => {
    const passed = {
      status: 'passed',
      detail: {
        nid_no: 123122324243131,
        nid_no_score: 85,
        dob: '12/12/1980',
        dob_score: 85,
        applicant_name_eng: 'ABDUR RAHIM',
        applicant_name_eng_score: 85,
        applicant_name_ben: 'আব্র রহিম',
        applicant_name_ben_score: 85,
        father_name: 'কুদুসুর রহিম',
        father_name_score: 85,
        mother_name: 'রিইমা থাতুন',
        mother_name_score: 85,
        pres_address: 'বাডী ৩, মোহাম্মদপুর, ঢাকা',
        pres_address_score: 85,
        textual_info_match: true,
        applicant_photo_from_card: 'EPAAIAAAALAAAAVGEQAAIAAAAJAAAAYGESAAMAAAABAAEAAAEyAAIAAAAUAAAAbIdpAAQA',
        applicant_photo_card_ec_match: true,
        applicant_photo_from_app: 'PAAIAAAALAAAVgEQAAIAAAAJAAAAYgESAAMAAAABAAEAAAEyAAIAAAAUAAAAbIdpAAQA',
        applicant_photo_app_ec_match: true,
      },
    };
    expect(agentVerificationStatusResponse.parse(passed)).toEqual(passed);
    expect(agentVerificationStatusResponse.parse({ status: 'pending' })).toEqual({ status: 'pending' });
    expect(agentVerificationStatusResponse.safeParse({ status: 'approved' }).success).toBe(false);
    expect(
      Object.keys(AGENT_STATUS_FIELDS)
        .flatMap((k) => [k, `${k}_score`])
        .every((k) => k in passed.detail),
    ).toBe(true);
  });

  it("parses section D's query and sample log", () => {
    expect(agentVerificationLogQuery.parse({ status: 'passed', page: '1', per_page: '3' })).toEqual({ status: 'passed', page: 1, per_page: 3 });
    expect(agentVerificationLogQuery.safeParse({ page: '1' }).success).toBe(false);
    const log = [1, 2, 3].map((i) => ({
      mobile_number: `0171670591${i}`,
      applicant_name_eng: 'Rahim Uddin',
      nid_no: '192323311233532',
      submitted_on: '11/12/1989',
      verification_status: 'passed',
    }));
    expect(agentVerificationLogResponse.parse(log)).toHaveLength(3);
  });

  it('maps every step 2 field but the back name to a completeSubmission input path', () => {
    expect(Object.keys(AGENT_STEP2_FIELDS).sort()).toEqual(
      [...Object.keys(agentStep2Form.shape).filter((k) => k !== 'id_back_name'), 'applicant_photo'].sort(),
    );
  });
});

describe('eKYC request API samples', () => {
  it('parses the documented body and responses', () => {
    expect(createEkycRequestBody.parse({ email: 'example@example.com', phoneNumber: '+8801712345678', documentIdentificationId: 'abc' })).toBeTruthy();
    expect(ekycRequestCreated.safeParse({ message: 'Request submitted', id: 'r1' }).success).toBe(true);
    for (const error of ['invalid api key', '(email, phone) already taken', 'There is no document identification data with the provided id!']) {
      expect(partnerErrorBody.parse({ error, code: 'X', field: null }).error).toBe(error);
    }
    expect(agentErrorBody.parse({ status: 'error', code: 'REQUIRED', field: 'nid_no', detail: 'nid_no is required' }).code).toBe('REQUIRED');
  });
});

describe('two-step submission API samples', () => {
  it("takes sample request 1's form", () => {
    expect(twoStepStep1Form.parse({ issuingCountry: 'USA', email: 'sample@email.com', idType: 'drivers_license', cf1: 'test', userid: 'user1' })).toMatchObject(
      { idType: 'drivers_license' },
    );
    expect(twoStepStep1Form.safeParse({ issuingCountry: 'USA', email: 'sample@email.com', idType: 'selfie' }).success).toBe(false);
  });

  it('parses both sample responses, with the kycStatus and retryCount the output table documents', () => {
    const documented = { kycStatus: 'pending', retryCount: 1 };
    const sample1 = {
      document_fields: { gender: false, expireDate: true, nationality: false, documentNumber: true, issueDate: true, identityNumber: true },
      file_back_upload: true,
      idBackImage: 'https://sampleID_back.jpg',
      missing_fields: [],
      reviewOCRData: {
        accepted_ocr_issueDate: true,
        ocr_issueDate: 'YYYY-MM-DD',
        accepted_ocr_expireDate: true,
        ocr_expireDate: 'YYYY-MM-DD',
        ocr_gender: 'male',
        ocr_nationality: 'KOR',
        accepted_ocr_nationality: true,
        ocr_birthDate: 'YYYY-MM-DD',
        ocr_identityNumber: '9*****-1******',
        accepted_ocr_birthDate: true,
        accepted_ocr_identityNumber: true,
        accepted_ocr_gender: true,
        ocr_name: 'test',
      },
      file_upload: true,
      submissionId: '{submission_id}',
      idImage: 'https://sampleID.jpg',
    };
    const sample2 = {
      ...sample1,
      document_fields: {
        gender: true,
        expireDate: true,
        nationality: true,
        number: true,
        issueDate: true,
        name: true,
        serialNumber: false,
        birthDate: true,
        idNumber: true,
      },
    };
    for (const sample of [sample1, sample2]) expect(twoStepStep1Response.parse({ ...sample, ...documented })).toMatchObject(sample);
  });

  it("names fields as the contract's output table does", () => {
    const documented = ['birthDate', 'issueDate', 'expireDate', 'lastName', 'firstName', 'name', 'gender', 'nationality', 'identityNumber'];
    expect(Object.values(TWO_STEP_OCR_FIELDS)).toEqual(expect.arrayContaining(documented));
    expect(new Set(Object.values(TWO_STEP_OCR_FIELDS)).size).toBe(Object.values(TWO_STEP_OCR_FIELDS).length);
    expect(Object.keys(TWO_STEP_STEP2_FIELDS).sort()).toEqual([...Object.keys(twoStepStep2Form.shape), 'applicantPhoto'].sort());
  });

  it('gives submission state conflicts 409, unknown submissions 404, large images 413', () => {
    expect(submissionErrorStatus('ALREADY_SUBMITTED')).toBe(409);
    expect(submissionErrorStatus('SUBMISSION_NOT_FOUND')).toBe(404);
    expect(submissionErrorStatus('IMAGE_TOO_LARGE')).toBe(413);
    expect(submissionErrorStatus('UNSUPPORTED_ID_TYPE')).toBe(400);
  });
});

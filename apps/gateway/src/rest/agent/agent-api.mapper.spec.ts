import { agentStep1Data, agentVerificationLogEntry, agentVerificationStatusResponse, type AgentStep2Form } from '@ekyc/partner-api';
import type { SubmissionRead, VerificationDetailView, VerificationStatusView } from '../operations';
import {
  agentImageName,
  agentStatusJson,
  agentStep1FieldOf,
  agentStep2FieldOf,
  agentStep2Input,
  agentStep2Problems,
  dayFirstDate,
  dhakaDay,
  slashDate,
  submissionOfImageNames,
  toAgentLogEntry,
  toAgentStatus,
  toAgentStep1Data,
} from './agent-api.mapper';

const ID = '0b6c8f5e-8f3a-4c1e-9d2b-5a7e6f1c2d3b';

describe('dates', () => {
  it("writes step 1's dob as the sample does: 1980/10/1", () => {
    expect(slashDate('1980-10-01')).toBe('1980/10/1');
    expect(slashDate('1999-12-31')).toBe('1999/12/31');
    expect(slashDate('not a date')).toBe('not a date');
  });

  it("writes the status' dob day first: 12/12/1980", () => {
    expect(dayFirstDate('1980-12-12')).toBe('12/12/1980');
    expect(dayFirstDate('1980-10-01')).toBe('01/10/1980');
  });

  it("gives the log's submitted_on as the day in Dhaka", () => {
    expect(dhakaDay('1989-12-11T10:00:00.000Z')).toBe('11/12/1989');
    expect(dhakaDay('1989-12-10T18:30:00.000Z')).toBe('11/12/1989');
  });
});

describe('image names', () => {
  it('carry the submission id and resolve back to it', () => {
    const front = agentImageName(ID, 'front');
    expect(front).toBe(`${ID}-front.jpg`);
    expect(submissionOfImageNames(front, agentImageName(ID, 'back'))).toEqual({ ok: true, submissionId: ID });
    expect(submissionOfImageNames(front.toUpperCase().replace('.JPG', '.jpg'), ` ${agentImageName(ID, 'back')} `)).toEqual({ ok: true, submissionId: ID });
  });

  it("refuses the contract's sample names and swapped or mixed names, naming the field", () => {
    expect(submissionOfImageNames('idNameSomething.jpg', 'idBackNameSomething.jpg')).toMatchObject({
      ok: false,
      problem: { status: 400, code: 'UNKNOWN_IMAGE_NAME', field: 'id_front_name' },
    });
    expect(submissionOfImageNames(agentImageName(ID, 'front'), 'idBackNameSomething.jpg')).toMatchObject({
      ok: false,
      problem: { code: 'UNKNOWN_IMAGE_NAME', field: 'id_back_name' },
    });
    expect(submissionOfImageNames(agentImageName(ID, 'back'), agentImageName(ID, 'front'))).toMatchObject({ ok: false, problem: { field: 'id_front_name' } });
    const other = ID.replace('0b6c', 'ffff');
    expect(submissionOfImageNames(agentImageName(ID, 'front'), agentImageName(other, 'back'))).toMatchObject({
      ok: false,
      problem: { code: 'IMAGE_NAMES_MISMATCH', field: 'id_back_name' },
    });
  });
});

const submission = (over: Partial<SubmissionRead> = {}): SubmissionRead & { idImage: string | null; idBackImage: string | null } => ({
  id: ID,
  kycStatus: 'pending',
  retryCount: 1,
  retry: null,
  reviewOcrData: [
    { name: 'nidNumber', value: '5558284157', accepted: true },
    { name: 'dateOfBirth', value: '1980-10-01', accepted: true },
    { name: 'nameBn', value: 'মো. আসাদুজামান মিয়া', accepted: true },
    { name: 'nameEn', value: 'MD. ASADUZZAMAN MIAH', accepted: true },
    { name: 'fatherName', value: 'আবুল মুনীম', accepted: false },
    { name: 'address', value: 'কুমারখালী, কুষ্টিয়া, খুলনা', accepted: true },
  ],
  documentFields: [],
  missingFields: ['fatherName'],
  fileUpload: true,
  fileBackUpload: true,
  idImage: '/9j/front',
  idBackImage: '/9j/back',
  ...over,
});

describe('toAgentStep1Data', () => {
  it("answers with the contract's keys, the sample's date format and names carrying the submission", () => {
    const data = toAgentStep1Data(submission());
    expect(data).toEqual({
      nid_no: '5558284157',
      dob: '1980/10/1',
      customer_name_ben: 'মো. আসাদুজামান মিয়া',
      customer_name_eng: 'MD. ASADUZZAMAN MIAH',
      father_name: 'আবুল মুনীম',
      mother_name: null,
      address: 'কুমারখালী, কুষ্টিয়া, খুলনা',
      id_front_image: '/9j/front',
      id_back_image: '/9j/back',
      id_front_name: `${ID}-front.jpg`,
      id_back_name: `${ID}-back.jpg`,
    });
    expect(agentStep1Data.strict().parse(data)).toEqual(data);
  });
});

const form = (over: Partial<AgentStep2Form> = {}): AgentStep2Form => ({
  nid_no: '5558274157487',
  dob: '1/10/1980',
  applicant_name_ben: 'মো. আসাদুৰামান মিয়া',
  applicant_name_eng: 'Md. Asaduzzaman Miah',
  father_name: 'আবুল মুনীম',
  mother_name: 'আবু মুনী',
  pres_address: '22/1, ইসলামপুর রোড, খুলনা সিটি করপোরেশন দোলখেলা',
  perm_address: 'বাসা ৩, কুমারখালী, কুষ্টিয়া, খুলনা',
  id_front_name: `${ID}-front.jpg`,
  id_back_name: `${ID}-back.jpg`,
  gender: 'Male',
  profession: 'Engineer',
  nominee: 'Ambia Khatun',
  nominee_relation: 'Mother',
  mobile_number: '01785478964',
  ...over,
});

describe('agentStep2Input', () => {
  it("maps the contract's form to completeSubmission's input", () => {
    expect(agentStep2Input(form())).toEqual({
      ok: true,
      input: {
        submissionId: ID,
        applicant: {
          nidNumber: '5558274157487',
          dateOfBirth: '1/10/1980',
          nameBn: 'মো. আসাদুৰামান মিয়া',
          nameEn: 'Md. Asaduzzaman Miah',
          fatherName: 'আবুল মুনীম',
          motherName: 'আবু মুনী',
          presentAddress: { upazila: '22/1', district: 'ইসলামপুর রোড', division: 'খুলনা সিটি করপোরেশন দোলখেলা' },
          permanentAddress: { line: 'বাসা ৩', upazila: 'কুমারখালী', district: 'কুষ্টিয়া', division: 'খুলনা' },
        },
        gender: 'male',
        profession: 'Engineer',
        nominee: 'Ambia Khatun',
        nomineeRelation: 'Mother',
        mobileNumber: '01785478964',
      },
    });
  });

  it('reports names, gender and addresses it cannot map on their fields, all at once', () => {
    expect(agentStep2Input(form({ id_front_name: 'idNameSomething.jpg' }))).toMatchObject({
      ok: false,
      problems: [{ code: 'UNKNOWN_IMAGE_NAME', field: 'id_front_name' }],
    });
    expect(agentStep2Input(form({ gender: 'X' }))).toMatchObject({ ok: false, problems: [{ code: 'INVALID_GENDER', field: 'gender' }] });
    expect(agentStep2Input(form({ perm_address: 'ঢাকা' }))).toMatchObject({ ok: false, problems: [{ code: 'INVALID_ADDRESS', field: 'perm_address' }] });
    const all = agentStep2Input(form({ id_back_name: 'idBackNameSomething.jpg', gender: 'X', pres_address: 'ঢাকা', perm_address: 'ঢাকা' }));
    expect(all.ok ? [] : all.problems.map((p) => [p.code, p.field])).toEqual([
      ['UNKNOWN_IMAGE_NAME', 'id_back_name'],
      ['INVALID_GENDER', 'gender'],
      ['INVALID_ADDRESS', 'pres_address'],
      ['INVALID_ADDRESS', 'perm_address'],
    ]);
  });

  it('checks a partly filled form as far as it goes', () => {
    expect(agentStep2Problems({ gender: 'X', perm_address: 'ঢাকা' }).map((p) => [p.code, p.field])).toEqual([
      ['INVALID_GENDER', 'gender'],
      ['INVALID_ADDRESS', 'perm_address'],
    ]);
    expect(agentStep2Problems({ id_front_name: 'idNameSomething.jpg' })).toEqual([]);
  });

  it("names a graph error's field as the form does", () => {
    expect(agentStep2FieldOf('input.applicant.nidNumber')).toBe('nid_no');
    expect(agentStep2FieldOf('input.applicant.presentAddress.division')).toBe('pres_address');
    expect(agentStep2FieldOf('input.submissionId')).toBe('id_front_name');
    expect(agentStep2FieldOf('input.nomineeRelation')).toBe('nominee_relation');
    expect(agentStep2FieldOf('input.applicantPhoto')).toBe('applicant_photo');
    expect(agentStep2FieldOf(null)).toBeNull();
    expect(agentStep1FieldOf('input.idImage')).toBe('id_front');
    expect(agentStep1FieldOf('input.idBackImage')).toBe('id_back');
  });
});

const field = (value: string | null, score: number | null = 100) => ({ value, score });
const detail = (over: Partial<VerificationDetailView> = {}): VerificationDetailView => ({
  nidNumber: field('19805558274157487'),
  dateOfBirth: field('1980-12-12', 85),
  applicantNameEng: field('ABDUR RAHIM'),
  applicantNameBen: field('আব্দুর রহিম'),
  fatherName: field('কুদুসুর রহিম'),
  motherName: field('রহিমা খাতুন', null),
  presAddress: field('মোহাম্মদপুর, ঢাকা, ঢাকা'),
  textualInfoMatch: true,
  applicantPhotoFromCard: 'EPAA',
  applicantPhotoCardEcMatch: true,
  applicantPhotoFromApp: 'PAAI',
  applicantPhotoAppEcMatch: null,
  ...over,
});

describe('toAgentStatus', () => {
  it('gives passed and failed applications every value with its score', () => {
    const view: VerificationStatusView = { status: 'passed', reason: null, detail: detail() };
    const body = toAgentStatus(view);
    expect(body).toEqual({
      status: 'passed',
      detail: {
        nid_no: '19805558274157487',
        nid_no_score: 100,
        dob: '12/12/1980',
        dob_score: 85,
        applicant_name_eng: 'ABDUR RAHIM',
        applicant_name_eng_score: 100,
        applicant_name_ben: 'আব্দুর রহিম',
        applicant_name_ben_score: 100,
        father_name: 'কুদুসুর রহিম',
        father_name_score: 100,
        mother_name: 'রহিমা খাতুন',
        mother_name_score: null,
        pres_address: 'মোহাম্মদপুর, ঢাকা, ঢাকা',
        pres_address_score: 100,
        textual_info_match: true,
        applicant_photo_from_card: 'EPAA',
        applicant_photo_card_ec_match: true,
        applicant_photo_from_app: 'PAAI',
        // Not compared: false in the contract's boolean.
        applicant_photo_app_ec_match: false,
      },
    });
    expect(agentVerificationStatusResponse.parse(body)).toEqual(body);
    expect(toAgentStatus({ status: 'failed', reason: 'NID_MISMATCH: father', detail: detail() })).toMatchObject({
      status: 'failed',
      reason: 'NID_MISMATCH: father',
      detail: { nid_no_score: 100 },
    });
    // An NID the EC does not know: no EC photo, no comparison; the status still answers with booleans.
    const unknown = toAgentStatus({
      status: 'failed',
      reason: 'NID_NOT_FOUND',
      detail: { ...detail(), applicantPhotoCardEcMatch: null, applicantPhotoAppEcMatch: null },
    });
    expect(unknown).toMatchObject({ status: 'failed', detail: { applicant_photo_card_ec_match: false, applicant_photo_app_ec_match: false } });
    expect(agentVerificationStatusResponse.parse(unknown)).toEqual(unknown);
  });

  it('leaves values and scores out for pending and invalid applications', () => {
    expect(toAgentStatus({ status: 'pending', reason: 'AWAITING_NID_VERIFICATION', detail: null })).toEqual({
      status: 'pending',
      reason: 'AWAITING_NID_VERIFICATION',
    });
    expect(toAgentStatus({ status: 'invalid', reason: 'AGE_LIMIT: under 18', detail: detail() })).toEqual({ status: 'invalid', reason: 'AGE_LIMIT: under 18' });
  });
});

describe('agentStatusJson', () => {
  it('writes nid_no as a JSON number with every digit, even beyond a double', () => {
    const text = agentStatusJson(toAgentStatus({ status: 'passed', reason: null, detail: detail() }));
    expect(text).toContain('"nid_no":19805558274157487,');
    expect(text).not.toContain('\\u0000');
    expect(JSON.parse(text.replace('19805558274157487', '1'))).toMatchObject({ status: 'passed', detail: { nid_no: 1, dob: '12/12/1980' } });
  });

  it('keeps a value that is not a plain number a string, and bodies without detail as they are', () => {
    expect(agentStatusJson(toAgentStatus({ status: 'passed', reason: null, detail: detail({ nidNumber: field('0123') }) }))).toContain('"nid_no":"0123"');
    expect(agentStatusJson({ status: 'pending' })).toBe('{"status":"pending"}');
  });
});

describe('toAgentLogEntry', () => {
  it("answers with the contract's keys", () => {
    const entry = toAgentLogEntry({
      mobileNumber: '01716705911',
      applicantNameEn: 'Rahim Uddin',
      nidNumber: '1923233112',
      submittedOn: '1989-12-11T04:00:00.000Z',
      status: 'passed',
    });
    expect(entry).toEqual({
      mobile_number: '01716705911',
      applicant_name_eng: 'Rahim Uddin',
      nid_no: '1923233112',
      submitted_on: '11/12/1989',
      verification_status: 'passed',
    });
    expect(agentVerificationLogEntry.strict().parse(entry)).toEqual(entry);
  });
});

import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { localDigits } from '../../i18n';
import type { UserErrorView } from '../../ui/problems';
import { ADDRESS_PARTS, APPLICANT_FIELDS, readingOf, REQUIRED_FIELDS, type ReadSubmission, type ReviewForm } from '../review-form';
import type { DetailField, WizardAction } from '../wizard-state';

const REQUIRED: ReadonlySet<string> = new Set(REQUIRED_FIELDS);
export const jpegSrc = (b64: string) => `data:image/jpeg;base64,${b64}`;

/** Step 2: the fields read from the card, each with its reading, for the agent to correct and complete. */
export function ReviewStep({
  submission,
  form,
  problems,
  onConfirm,
  dispatch,
}: {
  submission: ReadSubmission;
  form: ReviewForm;
  problems: UserErrorView[];
  onConfirm: (e: FormEvent) => void;
  dispatch: (action: WizardAction) => void;
}) {
  const { t, i18n } = useTranslation();
  const digits = (text: string) => localDigits(text, i18n.language);
  const fieldProblem = (path: string) => problems.find((p) => p.field === `input.${path}`);
  const setDetailField = (name: DetailField, value: string) => dispatch({ type: 'editDetail', name, value });
  const readAddress = submission.reviewOcrData.find((f) => f.name === 'address')?.value ?? null;
  return (
    <form onSubmit={onConfirm} data-testid="review-form" noValidate>
      <div className="grid two">
        <div>
          <p>
            {t('agent.readAs', { type: submission.documentType ?? t('agent.unknownDocument') })} {t('agent.checkFields')}
          </p>
          {submission.missingFields.length > 0 && (
            <p className="warn">
              {t('agent.notReadable', { fields: submission.missingFields.map((f) => (i18n.exists(`fields.${f}`) ? t(`fields.${f}`) : f)).join(', ') })}
            </p>
          )}
        </div>
        {submission.cardPhoto && <img className="card-photo" alt={t('agent.cardPhoto')} src={jpegSrc(submission.cardPhoto)} />}
      </div>
      <fieldset>
        <legend>{t('agent.applicant')}</legend>
        {APPLICANT_FIELDS.map((name) => {
          const reading = readingOf(submission, name);
          const problem = fieldProblem(`applicant.${name}`);
          return (
            <label key={name} className={problem ? 'invalid' : ''}>
              <FieldName label={t(`fields.${name}`)} required={REQUIRED.has(`applicant.${name}`)} />
              <input
                name={`applicant.${name}`}
                value={form.applicant[name]}
                onChange={(e) => dispatch({ type: 'editApplicant', name, value: e.target.value })}
                required={REQUIRED.has(`applicant.${name}`)}
                aria-invalid={problem ? true : undefined}
              />
              <small className="reading" data-reading={name}>
                {reading === 'missing'
                  ? t('agent.readingMissing')
                  : reading
                    ? t(reading.accepted ? 'agent.reading' : 'agent.readingNotAccepted', {
                        value: reading.value ?? '—',
                        confidence: digits(String(Math.round(reading.confidence))),
                        source: reading.source,
                      })
                    : t('agent.notOnCard')}
              </small>
            </label>
          );
        })}
      </fieldset>
      {(['presentAddress', 'permanentAddress'] as const).map((kind) => (
        <fieldset key={kind}>
          <legend>{t(`fields.${kind}`)}</legend>
          {readAddress && (
            <small className="reading" data-reading="address">
              {t('agent.readOnCard', { address: readAddress })}
            </small>
          )}
          <div className="grid three">
            {ADDRESS_PARTS.map((part) => (
              <label key={part} className={fieldProblem(`applicant.${kind}.${part}`) ? 'invalid' : ''}>
                {t(`fields.${part}`)}
                <input
                  name={`applicant.${kind}.${part}`}
                  value={form[kind][part]}
                  onChange={(e) => dispatch({ type: 'editAddress', kind, part, value: e.target.value })}
                />
              </label>
            ))}
          </div>
        </fieldset>
      ))}
      <fieldset>
        <legend>{t('agent.customer')}</legend>
        <div className="grid three">
          <label className={fieldProblem('mobileNumber') ? 'invalid' : ''}>
            <FieldName label={t('fields.mobileNumber')} required />
            <input
              name="mobileNumber"
              required
              inputMode="tel"
              value={form.mobileNumber}
              placeholder="01XXXXXXXXX"
              onChange={(e) => setDetailField('mobileNumber', e.target.value)}
            />
          </label>
          <label className={fieldProblem('gender') ? 'invalid' : ''}>
            <FieldName label={t('fields.gender')} required />
            <select name="gender" required value={form.gender} onChange={(e) => setDetailField('gender', e.target.value)}>
              <option value="">{t('agent.choose')}</option>
              <option value="male">{t('agent.male')}</option>
              <option value="female">{t('agent.female')}</option>
              <option value="third_gender">{t('agent.thirdGender')}</option>
            </select>
          </label>
          <label className={fieldProblem('profession') ? 'invalid' : ''}>
            <FieldName label={t('fields.profession')} required />
            <input name="profession" required value={form.profession} onChange={(e) => setDetailField('profession', e.target.value)} />
          </label>
          <label className={fieldProblem('nominee') ? 'invalid' : ''}>
            <FieldName label={t('fields.nominee')} required />
            <input name="nominee" required value={form.nominee} onChange={(e) => setDetailField('nominee', e.target.value)} />
          </label>
          <label className={fieldProblem('nomineeRelation') ? 'invalid' : ''}>
            <FieldName label={t('fields.nomineeRelation')} required />
            <input name="nomineeRelation" required value={form.nomineeRelation} onChange={(e) => setDetailField('nomineeRelation', e.target.value)} />
          </label>
        </div>
      </fieldset>
      <button type="submit">{t('agent.confirm')}</button>
    </form>
  );
}

/** A field's label, with the mark of a field the bank cannot go without. */
function FieldName({ label, required = false }: { label: string; required?: boolean }) {
  const { t } = useTranslation();
  return (
    <span>
      {label}
      {required && (
        <span className="required" title={t('app.required')} aria-hidden="true">
          {' '}
          *
        </span>
      )}
    </span>
  );
}

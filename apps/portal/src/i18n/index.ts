import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { bn } from './bn';
import { en } from './en';

export type Language = 'en' | 'bn';
export const LANGUAGES: Array<{ id: Language; label: string }> = [
  { id: 'bn', label: 'বাংলা' },
  { id: 'en', label: 'English' },
];
const KEY = 'ekyc-portal-language';

/** The language chosen before (kept in localStorage), else the browser's if it is Bengali, else English. */
export function initialLanguage(storage: Pick<Storage, 'getItem'> | null, browserLanguages: readonly string[]): Language {
  const chosen = storage?.getItem(KEY);
  if (chosen === 'bn' || chosen === 'en') return chosen;
  return browserLanguages.some((l) => l.toLowerCase().startsWith('bn')) ? 'bn' : 'en';
}

export const saveLanguage = (storage: Pick<Storage, 'setItem'>, language: Language) => storage.setItem(KEY, language);

/** i18next with the portal's two catalogues, bundled (nothing is fetched). */
export function createI18n(language: Language) {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    resources: { en: { translation: en }, bn: { translation: bn } },
    lng: language,
    fallbackLng: 'en',
    // React escapes what it renders.
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  return instance;
}

const BENGALI_DIGITS = '০১২৩৪৫৬৭৮৯';

/** Digits as the language writes them: Bengali digits in Bengali (counts, percentages, dates), ASCII in English. */
export const localDigits = (text: string, language: string): string =>
  language === 'bn' ? text.replace(/[0-9]/g, (d) => BENGALI_DIGITS[Number(d)] ?? d) : text;

/** A date and time as the language writes it (Asia/Dhaka). */
export const localDateTime = (iso: string, language: string): string =>
  new Date(iso).toLocaleString(language === 'bn' ? 'bn-BD' : 'en-GB', { timeZone: 'Asia/Dhaka', dateStyle: 'medium', timeStyle: 'short' });

/**
 * An API error in the reader's language: the message for its stable code, naming the field by its label; the API's own
 * (English) message when the code has none.
 */
export function errorMessage(i18n: Pick<I18n, 't' | 'exists'>, code: string, field: string | null | undefined, fallback: string): string {
  const key = `errors.${code}`;
  if (!i18n.exists(key)) return fallback;
  return i18n.t(key, { field: field ? fieldLabel(i18n, field) : i18n.t('app.aField') });
}

/** `input.applicant.presentAddress.district` → the label of its last known part (District, জেলা). */
export function fieldLabel(i18n: Pick<I18n, 't' | 'exists'>, field: string): string {
  for (const part of field.split('.').reverse()) {
    if (i18n.exists(`fields.${part}`)) return i18n.t(`fields.${part}`);
  }
  return field;
}

/** A decision reason as the API writes it: its stable code, then any detail after a colon (`NID_MISMATCH: father`). */
export function splitReason(reason: string): { code: string; detail: string | null } {
  const at = reason.indexOf(':');
  if (at < 0) return { code: reason.trim(), detail: null };
  return { code: reason.slice(0, at).trim(), detail: reason.slice(at + 1).trim() || null };
}

/** Catalogues of codes the API reports (decision, review and rejection reasons; reconciliation problems). */
export type CodeCatalogue = 'reasons' | 'reconciliation';

/** The phrase for a code in the reader's language; the code itself when the portal has none for it. */
export const codePhrase = (i18n: Pick<I18n, 't' | 'exists'>, catalogue: CodeCatalogue, code: string): string =>
  i18n.exists(`${catalogue}.${code}`) ? i18n.t(`${catalogue}.${code}`) : code;

/** Seconds as the language writes them: "42 s", "3 min 5 s", "2 h 4 min" (Bengali words and digits in Bengali). */
export function localDuration(i18n: Pick<I18n, 't' | 'language'>, seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—';
  const s = Math.round(seconds);
  const text =
    s < 60
      ? i18n.t('dashboard.seconds', { s })
      : s < 3600
        ? i18n.t('dashboard.minutes', { min: Math.floor(s / 60), s: s % 60 })
        : i18n.t('dashboard.hours', { h: Math.floor(s / 3600), min: Math.floor((s % 3600) / 60) });
  return localDigits(text, i18n.language);
}

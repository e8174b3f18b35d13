import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
// Bengali names and addresses must render on any device: the font ships with the portal, never from a CDN.
import '@fontsource/noto-sans-bengali/400.css';
import '@fontsource/noto-sans-bengali/700.css';
import { App } from './app';
import { createI18n, initialLanguage } from './i18n';
import './styles.css';

// Both weights of the Bengali font are fetched at once: a weight first needed after switching to Bengali left text drawn
// before it arrived as empty boxes in Chromium.
void Promise.all(['400', '700'].map((weight) => document.fonts.load(`${weight} 16px "Noto Sans Bengali"`, 'অ'))).catch(() => undefined);

const root = document.getElementById('root');
if (!root) throw new Error('no #root element');
const i18n = createI18n(initialLanguage(localStorage, navigator.languages ?? [navigator.language]));
document.documentElement.lang = i18n.language;
createRoot(root).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <App />
    </I18nextProvider>
  </StrictMode>,
);

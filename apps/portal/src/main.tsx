import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// Bengali names and addresses must render on any device: the font ships with the portal, never from a CDN.
import '@fontsource/noto-sans-bengali/400.css';
import '@fontsource/noto-sans-bengali/700.css';
import { App } from './app';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

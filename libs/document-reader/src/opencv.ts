import type { CV } from '@techstark/opencv-js';

type Thenable = { then?: (onReady: (cv: CV) => void) => unknown };
type Loading = CV & Thenable & { onRuntimeInitialized?: () => void };

let loading: Promise<CV> | null = null;

/**
 * opencv.js is one wasm module per process. Depending on the build it exports a promise, a module that is itself
 * thenable (awaiting that directly never settles: it resolves to itself), or a module that calls
 * `onRuntimeInitialized` when ready.
 */
export function loadOpenCv(): Promise<CV> {
  loading ??= new Promise<CV>((resolve) => {
    const before = new Set<unknown>([...process.listeners('uncaughtException'), ...process.listeners('unhandledRejection')]);
    const exported = require('@techstark/opencv-js') as Loading;
    // The Emscripten build installs process handlers that abort the whole process on any unhandled rejection
    // anywhere in the service; error handling belongs to the application.
    for (const listener of process.listeners('uncaughtException')) if (!before.has(listener)) process.removeListener('uncaughtException', listener);
    for (const listener of process.listeners('unhandledRejection')) if (!before.has(listener)) process.removeListener('unhandledRejection', listener);
    const ready = (cv: Loading): void => {
      if (typeof cv.then === 'function') delete cv.then;
      resolve(cv);
    };
    if (typeof exported.Mat === 'function' && typeof exported.then !== 'function') resolve(exported);
    else if (typeof exported.then === 'function') exported.then((cv) => ready(cv as Loading));
    else exported.onRuntimeInitialized = () => ready(exported);
  });
  return loading;
}

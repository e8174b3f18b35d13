import { useCallback, useEffect, useRef, useState } from 'react';

export type CameraState = { status: 'off' } | { status: 'starting' } | { status: 'on' } | { status: 'error'; message: string };

/** Reads a file the agent chose as base64 (without the data-URL prefix). */
export function fileToBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('the file could not be read'));
    reader.readAsDataURL(file);
  });
}

/**
 * The device camera in a <video>: `start` asks for it, `capture` takes the current frame as base64 JPEG, scaled
 * down to `maxWidth` (liveness frames must stay under 256 KB; a 480-px JPEG is 20-60 KB).
 */
export function useCamera() {
  const videoRef = useRef<HTMLVideoElement | null>(null);
  const streamRef = useRef<MediaStream | null>(null);
  const [state, setState] = useState<CameraState>({ status: 'off' });

  const stop = useCallback(() => {
    streamRef.current?.getTracks().forEach((t) => t.stop());
    streamRef.current = null;
    setState({ status: 'off' });
  }, []);

  const start = useCallback(async () => {
    if (streamRef.current) return;
    setState({ status: 'starting' });
    try {
      if (!navigator.mediaDevices?.getUserMedia) throw new Error('this browser has no camera access (use HTTPS or localhost)');
      const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'user', width: { ideal: 640 }, height: { ideal: 480 } }, audio: false });
      streamRef.current = stream;
      const video = videoRef.current;
      if (video) {
        video.srcObject = stream;
        await video.play().catch(() => undefined);
      }
      setState({ status: 'on' });
    } catch (err) {
      setState({ status: 'error', message: (err as Error).message || 'the camera could not be started' });
    }
  }, []);

  const capture = useCallback(async (maxWidth = 480, quality = 0.9): Promise<string> => {
    const video = videoRef.current;
    if (!video || !streamRef.current) throw new Error('the camera is off');
    if (video.readyState < 2 || video.videoWidth === 0) {
      await new Promise<void>((resolve) => video.addEventListener('loadeddata', () => resolve(), { once: true }));
    }
    const scale = Math.min(1, maxWidth / video.videoWidth);
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(video.videoWidth * scale);
    canvas.height = Math.round(video.videoHeight * scale);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2D canvas');
    context.drawImage(video, 0, 0, canvas.width, canvas.height);
    return canvas.toDataURL('image/jpeg', quality).replace(/^data:[^,]*,/, '');
  }, []);

  useEffect(() => () => streamRef.current?.getTracks().forEach((t) => t.stop()), []);

  return { videoRef, state, start, stop, capture };
}

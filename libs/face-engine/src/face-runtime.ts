import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

/** The node-wasm bundle runs without native tfjs-node; its types are the package's main ones. */
export type FaceApi = typeof import('@vladmandic/face-api');
export type DetectorKind = 'ssd' | 'tiny';

export interface FaceRuntime {
  faceapi: FaceApi;
  /** Loads the detector's weights on first use; later calls share them. */
  detector(kind: DetectorKind): Promise<void>;
}

const MODEL_DIR = path.join(path.dirname(require.resolve('@vladmandic/face-api/package.json')), 'model');
const WASM_DIR = `${path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'))}/dist/`;

let runtime: Promise<FaceRuntime> | null = null;

async function initialise(): Promise<FaceRuntime> {
  const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js') as FaceApi;
  // tfjs keeps one backend per process and setWasmPaths throws once wasm has started (another library may have
  // started it); reading the registry, unlike tf.getBackend(), starts nothing.
  if (!('wasm' in tf.engine().registry)) setWasmPaths(WASM_DIR);
  if (!(await tf.setBackend('wasm'))) throw new Error('the tfjs wasm backend did not start');
  await tf.ready();
  await Promise.all([faceapi.nets.faceLandmark68Net.loadFromDisk(MODEL_DIR), faceapi.nets.faceRecognitionNet.loadFromDisk(MODEL_DIR)]);
  const detectors = new Map<DetectorKind, Promise<void>>();
  return {
    faceapi,
    detector(kind) {
      let loading = detectors.get(kind);
      if (!loading) {
        const net = kind === 'ssd' ? faceapi.nets.ssdMobilenetv1 : faceapi.nets.tinyFaceDetector;
        loading = net.isLoaded ? Promise.resolve() : net.loadFromDisk(MODEL_DIR);
        loading.catch(() => detectors.delete(kind));
        detectors.set(kind, loading);
      }
      return loading;
    },
  };
}

/** tfjs and the model weights, initialised once per process and shared by every engine. */
export function loadFaceRuntime(): Promise<FaceRuntime> {
  if (!runtime) {
    runtime = initialise();
    runtime.catch(() => {
      runtime = null;
    });
  }
  return runtime;
}

/** Live tensors in the shared tfjs engine: tests use it to prove analyses release what they allocate. */
export function liveTensorCount(): number {
  return tf.memory().numTensors;
}

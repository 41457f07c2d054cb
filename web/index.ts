export { buildWeb, bundleWeb, WEB_OUT_DIR, type WebBundle } from './build.js';
export { bytes, byteRate, count, duration, percent, rate } from './format.js';

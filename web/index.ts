export { buildWeb, bundleWeb, WEB_OUT_DIR, type WebBundle } from './build.js';

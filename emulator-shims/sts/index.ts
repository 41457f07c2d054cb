export { createStsService } from './service.js';

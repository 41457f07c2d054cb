export { createEdgeServer, DEFAULT_EDGE_PORT, LOCAL_CREDENTIALS, type EdgeOptions, type EdgeServer } from './edge/index.js';

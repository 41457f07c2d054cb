export { createEdgeServer, DEFAULT_EDGE_PORT, type EdgeOptions, type EdgeServer } from './server.js';
export { createLoopbackClients, LOCAL_CREDENTIALS } from './clients.js';
export { routeRequest, signingService, hasCredentials, type Route, type RouteInput } from './route.js';

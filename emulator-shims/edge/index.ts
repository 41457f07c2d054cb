export { adminEnabled, createEdgeServer, DEFAULT_EDGE_PORT, type EdgeOptions, type EdgeServer } from './server.js';
export { createLoopbackClients, LOCAL_CREDENTIALS } from './clients.js';
export { routeRequest, signingService, hasCredentials, splitTarget, type Route, type RouteInput } from './route.js';
export { createFaultRules, parseFaultRule, type FaultDecision, type FaultRule, type FaultRuleInput, type FaultRules } from './faults.js';
export { findOperation } from './operation.js';
export { createHostPolicy, hostName, isLoopbackName, LOOPBACK_HOSTS, type HostPolicy } from './hosts.js';

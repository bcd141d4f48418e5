// What other features ask of the live feature.
export { connectedAgentIds } from './store.ts';

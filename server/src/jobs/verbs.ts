// The job queue's verbs for other features: deferring a job until what it waits for is back
// (outbound's relays), and letting the waiting ones go.
export { finishWaiting, releaseWaiting, rescheduleWaiting } from './store.ts';

/** A time as the console shows it: the date and time to the second, in UTC. */
export const formatTime = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');

export const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));
